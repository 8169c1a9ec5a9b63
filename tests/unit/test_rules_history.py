"""The history's rules: the chain of consecutive years, what a nominee may aim for next, the duplicate guard."""

import pytest

from campaign.rules.history import (
    Chain,
    Claim,
    PriorTitleTarget,
    achievement_lines,
    achievements,
    advise,
    chains,
    cites,
    condition_phrase,
    duplicates,
    normalise,
    quote,
    year_span,
)

NAMES = {"LDTT": "Lao động tiên tiến", "CSTDCS": "Chiến sĩ thi đua cơ sở", "GK": "Giấy khen của Trưởng Ban"}
BANG_KHEN = "Bằng khen của Chủ tịch UBND tỉnh"
BK_CSTDCS = PriorTitleTarget("BKUBND", BANG_KHEN, "both", "CSTDCS", NAMES["CSTDCS"], "individual", 2,
                             alternative=1, alternatives=2)
BK_LDTT = PriorTitleTarget("BKUBND", BANG_KHEN, "both", "LDTT", NAMES["LDTT"], "individual", 2, alternative=2,
                           alternatives=2, others=("2 sáng kiến được công nhận cấp cơ sở trở lên",))
CSTD_TINH = PriorTitleTarget("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "individual", "CSTDCS", NAMES["CSTDCS"],
                             "individual", 3)
CO_THI_DUA = PriorTitleTarget("CTD", "Cờ thi đua của UBND tỉnh", "collective", "TTLDXS", "Tập thể lao động xuất sắc",
                              "collective", 2)


@pytest.mark.parametrize("years, expected", [([], ""), ([2025], "2025"), ([2025, 2023, 2024], "2023–2025")])
def test_year_span(years, expected):
    assert year_span(years) == expected


@pytest.mark.parametrize("titles, year, expected", [
    # three years running up to the year before the one considered
    ({2023: {"LDTT"}, 2024: {"LDTT"}, 2025: {"LDTT"}}, 2026, ["LĐTT 3 năm liên tục 2023–2025"]),
    # the chain counts the year considered when it is already held
    ({2025: {"LDTT", "CSTDCS"}, 2026: {"LDTT", "CSTDCS"}}, 2026,
     ["CSTĐCS 2 năm liên tục 2025–2026", "LĐTT 2 năm liên tục 2025–2026"]),
    # a gap breaks it: only the years after the gap count
    ({2022: {"LDTT"}, 2024: {"LDTT"}, 2025: {"LDTT"}}, 2026, ["LĐTT 2 năm liên tục 2024–2025"]),
    # a chain that ended before the year before is no chain
    ({2021: {"LDTT"}, 2022: {"LDTT"}}, 2026, []),
    ({2025: {"GK"}}, 2026, ["Giấy khen của Trưởng Ban năm 2025"]),
    ({}, 2026, []),
])
def test_chains(titles, year, expected):
    assert [c.describe() for c in chains(titles, NAMES, year)] == expected


def test_a_broken_chain_is_shown_after_the_current_ones_when_asked():
    titles = {2022: {"CSTDCS", "LDTT"}, 2023: {"CSTDCS", "LDTT"}, 2024: {"LDTT"}, 2025: {"LDTT"}}
    assert [c.describe() for c in chains(titles, NAMES, 2026, broken=True)] == [
        "LĐTT 4 năm liên tục 2022–2025", "CSTĐCS 2 năm liên tục 2022–2023, gián đoạn từ năm 2024"]
    assert [c.current for c in chains(titles, NAMES, 2026, broken=True)] == [True, False]
    assert [c.describe() for c in chains({2020: {"GK"}}, NAMES, 2026, broken=True)] == [
        "Giấy khen của Trưởng Ban năm 2020, gián đoạn từ năm 2021"]


def test_a_chain_knows_its_years():
    chain = chains({2024: {"CSTDCS"}, 2025: {"CSTDCS"}}, NAMES, 2026)[0]
    assert chain == Chain("CSTDCS", NAMES["CSTDCS"], "CSTĐCS", (2024, 2025)) and chain.length == 2


@pytest.mark.parametrize("titles, year, target, met_now, met_next, text", [
    ({2025: {"CSTDCS"}}, 2026, BK_CSTDCS, False, True,
     f"Nếu đạt CSTĐCS năm 2026: đủ 2 năm liên tục để đề nghị {BANG_KHEN} (phương án 1)."),
    ({2024: {"CSTDCS"}, 2025: {"CSTDCS"}}, 2026, BK_CSTDCS, True, True,
     f"Đã đạt CSTĐCS 2 năm liên tục 2024–2025: đủ 2 năm liên tục để đề nghị {BANG_KHEN} (phương án 1)."),
    ({2025: {"LDTT"}, 2026: {"LDTT"}}, 2026, BK_LDTT, True, True,
     f"Đã đạt LĐTT 2 năm liên tục 2025–2026: đủ 2 năm liên tục để đề nghị {BANG_KHEN} (phương án 2, cùng với: "
     "2 sáng kiến được công nhận cấp cơ sở trở lên)."),
    ({2026: {"CSTDCS"}}, 2026, BK_CSTDCS, False, True,
     f"Nếu đạt CSTĐCS năm 2027: đủ 2 năm liên tục để đề nghị {BANG_KHEN} (phương án 1)."),
    ({2025: {"CSTDCS"}}, 2026, CSTD_TINH, False, False,
     "Chiến sĩ thi đua cấp tỉnh cần 3 năm liên tục đạt CSTĐCS; hiện có: năm 2025. Cần đạt CSTĐCS 2 năm liên tục "
     "nữa (2026–2027)."),
    ({}, 2026, CSTD_TINH, False, False,
     "Chiến sĩ thi đua cấp tỉnh cần 3 năm liên tục đạt CSTĐCS; hiện có: chưa năm nào. Cần đạt CSTĐCS 3 năm liên "
     "tục nữa (2026–2028)."),
    ({2023: {"CSTDCS"}, 2025: {"CSTDCS"}}, 2026, CSTD_TINH, False, False,
     "Chiến sĩ thi đua cấp tỉnh cần 3 năm liên tục đạt CSTĐCS; hiện có: năm 2025. Cần đạt CSTĐCS 2 năm liên tục "
     "nữa (2026–2027)."),
])
def test_advice(titles, year, target, met_now, met_next, text):
    [advice] = advise([target], titles, year, "individual")
    assert (advice.met_now, advice.met_next, advice.text) == (met_now, met_next, text)


def test_advice_keeps_to_the_nominee_kind_and_orders_the_closest_first():
    titles = {2024: {"LDTT"}, 2025: {"LDTT", "CSTDCS"}}
    person = advise([CSTD_TINH, BK_CSTDCS, BK_LDTT, CO_THI_DUA], titles, 2026, "individual")
    assert [(a.award_name, a.title_short) for a in person] == [
        (BANG_KHEN, "LĐTT"), ("Chiến sĩ thi đua cấp tỉnh", "CSTĐCS")]  # Bằng khen met: its other way is left out
    person = advise([CSTD_TINH, BK_CSTDCS, BK_LDTT], {2025: {"LDTT", "CSTDCS"}}, 2026, "individual")
    assert [(a.award_name, a.title_short, a.met_next) for a in person] == [
        (BANG_KHEN, "CSTĐCS", True), (BANG_KHEN, "LĐTT", True), ("Chiến sĩ thi đua cấp tỉnh", "CSTĐCS", False)]
    unit = advise([CSTD_TINH, BK_CSTDCS, CO_THI_DUA], {2025: {"TTLDXS"}}, 2026, "collective")
    assert [a.text for a in unit] == ["Nếu đạt TTLĐXS năm 2026: đủ 2 năm liên tục để đề nghị Cờ thi đua của UBND "
                                      "tỉnh."]


@pytest.mark.parametrize("kind, fields, expected", [
    ("initiative", dict(count=2, level="cấp cơ sở"), "2 sáng kiến được công nhận cấp cơ sở trở lên"),
    ("same_year_title", dict(title="LĐTT"), "đạt LĐTT cùng năm"),
    ("member_title_share", dict(title="LĐTT", percent=70), "tỷ lệ thành viên đạt LĐTT từ 70%"),
    ("all_members_complete", dict(fallback="Mọi thành viên hoàn thành nhiệm vụ"), "Mọi thành viên hoàn thành nhiệm vụ"),
])
def test_condition_phrase(kind, fields, expected):
    assert condition_phrase(kind, **fields) == expected


# --- the duplicate guard ---------------------------------------------------------------------------

LINE = "Chủ trì số hóa 100% hồ sơ đầu tư năm 2026, rút ngắn thời gian thẩm định còn 10 ngày"


@pytest.mark.parametrize("text, expected", [
    ("- Chủ trì “Số hóa” hồ sơ!", "chu tri so hoa ho so"),
    ("  1. Đạt 100% chỉ tiêu  ", "dat 100% chi tieu"),
    ("ĐỔI MỚI", "doi moi"),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_achievements_are_the_long_lines_normalised():
    summary = f"Hoàn thành tốt nhiệm vụ.\n- {LINE}.\n– {LINE.upper()}; kết quả cụ thể theo bảng tiêu chí kèm theo."
    assert achievements(summary) == {normalise(LINE)}
    assert achievements(summary, besides=["Số hóa 100% hồ sơ đầu tư"]) == set()


@pytest.mark.parametrize("summary, title, expected", [
    ("- Sáng kiến «Số hóa hồ sơ đầu tư», được công nhận cấp cơ sở.", "Số hóa hồ sơ đầu tư", True),
    ("Áp dụng giải pháp so hoa ho so dau tu tại phòng.", "Số hóa hồ sơ đầu tư", True),
    ("Không nêu sáng kiến nào.", "Số hóa hồ sơ đầu tư", False),
    ("Bất kỳ", "", False),
])
def test_cites(summary, title, expected):
    assert cites(summary, title) is expected


def claim(key, award="GK", holder="P1", period=2026, initiatives=None, texts=(), awarded=False, label=None):
    return Claim(key, holder, period, award, label or f"hồ sơ đề nghị «{award}» số {key}", initiatives or {},
                 frozenset(normalise(t) for t in texts), awarded)


def test_the_shared_achievement_is_quoted():
    lines = achievement_lines(f"- {LINE}.\nHoàn thành tốt nhiệm vụ.")
    assert lines == {normalise(LINE): LINE}
    one = Claim(1, "P1", 2026, "GK", "hồ sơ 1", {}, frozenset(lines), False, lines)
    [flag] = duplicates([one, claim(2, "BKUBND", texts=[LINE])], [1])
    assert flag.text.startswith("Cùng một thành tích («Chủ trì số hóa 100% hồ sơ đầu tư năm 2026, rút ngắn thời "
                                "gian thẩm định còn 10 ngày») cũng được nêu trong hồ sơ đề nghị «BKUBND» số 2: ")
    assert quote("từ " * 40).endswith(" …»") and len(quote("từ " * 40)) <= 94


@pytest.mark.parametrize("claims, flagged, expected", [
    # one initiative in two nominations of the same person and period
    ([claim(1, "GK", initiatives={7: "Số hóa hồ sơ"}), claim(2, "CSTDCS", initiatives={7: "Số hóa hồ sơ"})], [1],
     [(1, 2, "Sáng kiến «Số hóa hồ sơ» cũng được nêu trong hồ sơ đề nghị «CSTDCS» số 2")]),
    # already used by an award given
    ([claim(1, "BKUBND", initiatives={7: "A", 8: "B"}), claim(2, "GK", initiatives={7: "A", 8: "B"}, awarded=True)],
     [1], [(1, 2, "Các sáng kiến «A», «B» đã được dùng cho hồ sơ đề nghị «GK» số 2")]),
    # the same achievement text
    ([claim(1, "GK", texts=[LINE]), claim(2, "BKUBND", texts=[LINE.lower()])], [1],
     [(1, 2, "Cùng một thành tích cũng được nêu trong hồ sơ đề nghị «BKUBND» số 2")]),
    # another holder, another period: nothing
    ([claim(1, initiatives={7: "A"}), claim(2, "LDTT", holder="P2", initiatives={7: "A"}),
      claim(3, "LDTT", period=2025, initiatives={7: "A"})], [1], []),
    # CSTĐCS requires LĐTT of the same year: their achievements back both, their initiatives do not
    ([claim(1, "CSTDCS", texts=[LINE]), claim(2, "LDTT", texts=[LINE])], [1], []),
    ([claim(1, "CSTDCS", texts=[LINE], initiatives={7: "A"}), claim(2, "LDTT", texts=[LINE], initiatives={7: "A"})],
     [1], [(1, 2, "Sáng kiến «A» cũng được nêu trong hồ sơ đề nghị «LDTT» số 2")]),
    # only the flagged ones are told
    ([claim(1, initiatives={7: "A"}), claim(2, "LDTT", initiatives={7: "A"})], [], []),
])
def test_duplicates(claims, flagged, expected):
    found = duplicates(claims, flagged, same_year_pairs=frozenset({("CSTDCS", "LDTT")}))
    assert [(f.key, f.other, f.text.split(":")[0]) for f in found] == expected
    for flag in found:
        assert flag.text.endswith("không khen thưởng nhiều lần, nhiều hình thức cho một thành tích, Văn phòng cần "
                                  "xem lại trước khi thẩm định.")
