"""Statistics rules (Thông tư 02/2023/TT-BNV, biểu 0601 and 0603): durations, methods, rows and columns."""

import datetime as dt

import pytest

from campaign.rules.statistics import (
    AD_HOC,
    BANG_KHEN,
    BOARD,
    CO_THI_DUA,
    CSTD,
    DEPARTMENT,
    FIVE_PLUS,
    KY_NIEM_CHUONG,
    ONE,
    ONE_THREE,
    REGULAR,
    THEMATIC,
    THREE_FIVE,
    TTLDXS,
    UNDER_ONE,
    UNKNOWN,
    AwardFacts,
    BoardAward,
    CampaignCell,
    CampaignFacts,
    award_column,
    award_rows,
    board_summary_lines,
    campaign_cell,
    campaign_method,
    decision_year,
    duration_bucket,
    duration_months,
    leader_level,
    tally_0601,
    tally_0603,
)

D = dt.date


@pytest.mark.parametrize(("start", "end", "months", "bucket"), [
    (D(2026, 3, 1), D(2026, 5, 31), 3, UNDER_ONE),
    (D(2026, 1, 1), D(2026, 11, 30), 11, UNDER_ONE),
    (D(2026, 1, 1), D(2026, 12, 31), 12, ONE),
    (D(2026, 1, 15), D(2026, 12, 31), 12, ONE),  # a campaign "năm 2026" launched mid-January
    (D(2026, 2, 1), D(2026, 12, 31), 11, UNDER_ONE),
    (D(2026, 1, 1), D(2027, 1, 31), 13, ONE_THREE),
    (D(2026, 1, 1), D(2028, 6, 30), 30, ONE_THREE),
    (D(2026, 1, 1), D(2028, 12, 31), 36, THREE_FIVE),
    (D(2026, 6, 1), D(2030, 12, 31), 55, THREE_FIVE),  # the seed campaign
    (D(2026, 1, 1), D(2030, 12, 31), 60, FIVE_PLUS),
    (D(2025, 1, 1), D(2030, 12, 31), 72, FIVE_PLUS),
    (D(2026, 5, 15), D(2030, 12, 31), 56, THREE_FIVE),
    (D(2026, 5, 5), D(2026, 5, 5), 0, UNDER_ONE),
])
def test_duration(start, end, months, bucket):
    assert duration_months(start, end) == months
    assert duration_bucket(start, end) == bucket


@pytest.mark.parametrize(("kind", "method"), [("thematic", THEMATIC), ("regular", REGULAR), (None, UNKNOWN),
                                              ("other", UNKNOWN)])
def test_campaign_method(kind, method):
    assert campaign_method(kind) == method


@pytest.mark.parametrize(("facts", "year", "cell"), [
    (CampaignFacts("agency", "thematic", D(2026, 6, 1), D(2030, 12, 31)), 2026,
     CampaignCell("agency", THREE_FIVE, THEMATIC)),
    # launched in 2026: not counted again in 2027 while it runs
    (CampaignFacts("agency", "thematic", D(2026, 6, 1), D(2030, 12, 31)), 2027, None),
    (CampaignFacts("sector", "regular", D(2026, 1, 1), D(2026, 12, 31)), 2026, CampaignCell("sector", ONE, REGULAR)),
    (CampaignFacts("national", "regular", D(2025, 1, 1), D(2030, 12, 31)), 2025,
     CampaignCell("national", FIVE_PLUS, REGULAR)),
    # a draft is not counted
    (CampaignFacts("cluster", "thematic", D(2026, 1, 1), D(2026, 3, 31), launched=False), 2026, None),
    # an unknown scope counts as the agency's own
    (CampaignFacts("?", "thematic", D(2026, 1, 1), D(2026, 3, 31)), 2026, CampaignCell("agency", UNDER_ONE, THEMATIC)),
])
def test_campaign_cell(facts, year, cell):
    assert campaign_cell(facts, year) == cell


def test_tally_0601_groups_sum_to_the_total():
    campaigns = [
        CampaignFacts("agency", "thematic", D(2026, 6, 1), D(2030, 12, 31)),
        CampaignFacts("agency", "regular", D(2026, 1, 1), D(2026, 12, 31)),
        CampaignFacts("cluster", "thematic", D(2026, 3, 1), D(2026, 5, 31)),
        CampaignFacts("sector", "regular", D(2025, 1, 1), D(2030, 12, 31)),  # another year
        CampaignFacts("national", "thematic", D(2026, 2, 1), D(2026, 4, 30), launched=False),
    ]
    form = tally_0601(campaigns, 2026)
    assert [line.code for line in form.lines] == ["01", "02", "03", "04", "05"]
    total = form.total
    assert total.total == 3
    assert (total.get(THREE_FIVE), total.get(ONE), total.get(UNDER_ONE), total.get(FIVE_PLUS)) == (1, 1, 1, 0)
    assert (total.get(THEMATIC), total.get(REGULAR)) == (2, 1)
    by_label = {line.label: line for line in form.lines}
    assert by_label["Cơ quan, đơn vị"].total == 2
    assert by_label["Cụm, khối thi đua"].get(UNDER_ONE) == 1
    assert by_label["Toàn quốc"].total == 0 and by_label["Bộ, ngành, địa phương"].total == 0


@pytest.mark.parametrize(("name", "level", "column"), [
    ("Bằng khen của Chủ tịch UBND tỉnh", "province", BANG_KHEN),
    ("Chiến sĩ thi đua cấp tỉnh", "province", CSTD),
    ("Cờ thi đua của UBND tỉnh", "province", CO_THI_DUA),
    ("Tập thể lao động xuất sắc", "province", TTLDXS),
    ("Kỷ niệm chương vì sự nghiệp …", "province", KY_NIEM_CHUONG),
    ("BẰNG KHEN", "province", BANG_KHEN),
    ("Danh hiệu khác", "province", None),  # counted in the total only
    ("Giấy khen của Trưởng Ban Quản lý", "agency", None),
    ("Chiến sĩ thi đua cơ sở", "agency", None),
    ("Bằng khen của Thủ tướng Chính phủ", "national", None),  # biểu 0602's
])
def test_award_column(name, level, column):
    assert award_column(name, level) == column


@pytest.mark.parametrize(("is_leader", "board_leader", "level"), [
    (False, False, None), (True, False, DEPARTMENT), (True, True, BOARD), (False, True, BOARD),
])
def test_leader_level(is_leader, board_leader, level):
    assert leader_level(is_leader=is_leader, board_leader=board_leader) == level


@pytest.mark.parametrize(("facts", "rows"), [
    (AwardFacts("Tập thể lao động xuất sắc", "province", True, campaign_kind="regular"),
     ["total", "collective", REGULAR]),
    (AwardFacts("Bằng khen", "province", False, leader=BOARD, campaign_kind="thematic"),
     ["total", "individual", "leaders", BOARD, THEMATIC]),
    (AwardFacts("Bằng khen", "province", False, leader=DEPARTMENT, campaign_kind="regular"),
     ["total", "individual", "leaders", DEPARTMENT, REGULAR]),
    (AwardFacts("Bằng khen", "province", False), ["total", "individual", "direct", UNKNOWN]),
])
def test_award_rows(facts, rows):
    assert award_rows(facts) == rows


def test_tally_0603():
    awards = [
        AwardFacts("Tập thể lao động xuất sắc", "province", True, campaign_kind="regular"),
        AwardFacts("Bằng khen của Chủ tịch UBND tỉnh", "province", True, campaign_kind="thematic"),
        AwardFacts("Bằng khen của Chủ tịch UBND tỉnh", "province", False, leader=BOARD, campaign_kind="thematic"),
        AwardFacts("Chiến sĩ thi đua cấp tỉnh", "province", False, leader=None, campaign_kind="regular"),
        AwardFacts("Bằng khen của Chủ tịch UBND tỉnh", "province", False),  # by hand
        AwardFacts("Danh hiệu khác", "province", False, campaign_kind="regular"),
        AwardFacts("Giấy khen của Trưởng Ban Quản lý", "agency", False, campaign_kind="regular"),  # not counted
    ]
    form = tally_0603(awards, 2026)
    total = form.total
    assert total.total == 6
    assert (total.get(BANG_KHEN), total.get(CSTD), total.get(TTLDXS), total.get(CO_THI_DUA)) == (3, 1, 1, 0)
    assert form.line("collective").total == 2 and form.line("collective").get(BANG_KHEN) == 1
    assert form.line("enterprise").total == 0 and form.line("enterprise").note
    assert form.line("individual").total == 4
    assert form.line("leaders").total == 1 and form.line(BOARD).get(BANG_KHEN) == 1
    assert form.line(DEPARTMENT).total == 0
    assert form.line("direct").total == 3
    assert form.line(REGULAR).total == 3 and form.line(THEMATIC).total == 2
    assert form.line(AD_HOC).total == 0
    assert form.line(UNKNOWN).total == 1 and form.line(UNKNOWN).get(BANG_KHEN) == 1
    # the method rows and the kind rows each sum to the total
    assert sum(form.line(key).total for key in (REGULAR, THEMATIC, AD_HOC, UNKNOWN)) == total.total
    assert form.line("collective").total + form.line("individual").total == total.total


@pytest.mark.parametrize(("day", "year", "expected"), [(D(2026, 1, 15), 2025, 2026), (None, 2024, 2024)])
def test_decision_year(day, year, expected):
    assert decision_year(day, year) == expected


def test_board_summary_lines():
    awards = [
        BoardAward("LDTT", "Lao động tiên tiến", 3, False, leader=False, woman=True),
        BoardAward("LDTT", "Lao động tiên tiến", 3, False, leader=True, woman=False),
        BoardAward("GK", "Giấy khen", 1, True),
        BoardAward("GK", "Giấy khen", 1, False, leader=False, woman=True),
    ]
    lines, total = board_summary_lines(awards)
    assert [line.form_key for line in lines] == ["GK", "LDTT"]
    gk, ldtt = lines
    assert (gk.collectives, gk.individuals, gk.women, gk.total) == (1, 1, 1, 2)
    assert (ldtt.leaders, ldtt.staff, ldtt.women) == (1, 1, 1)
    assert (total.collectives, total.individuals, total.leaders, total.staff, total.women) == (1, 3, 1, 2, 2)
