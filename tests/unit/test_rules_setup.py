"""Rules used by the campaign set-up: attainment and points, point sums, bonus, thresholds, calendar."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from campaign.rules.bonus import base_salary_on, bonus_amount
from campaign.rules.calendar import PhaseDates, overlap_problem, phase_problems, window_state
from campaign.rules.criteria import CriterionPoints, points_by_kind, points_problems
from campaign.rules.scoring import attainment, quantitative_points
from campaign.rules.voting import Threshold, quorate

# --- scoring ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("actual", "target", "higher", "expected"), [
    (95, 95, True, Decimal(1)),
    (99, 95, True, Decimal(1)),  # capped
    (0, 95, True, Decimal(0)),
    (-5, 95, True, Decimal(0)),
    (50, 100, True, Decimal("0.5")),
    (2, 4, False, Decimal(1)),  # lower is better, under the target
    (0, 4, False, Decimal(1)),
    (8, 4, False, Decimal("0.5")),
    (4, 4, False, Decimal(1)),
])
def test_attainment(actual, target, higher, expected):
    assert attainment(actual, target, higher_is_better=higher) == expected


@pytest.mark.parametrize("target", [0, -1, Decimal("0.00")])
def test_attainment_needs_a_positive_target(target):
    with pytest.raises(ValueError):
        attainment(5, target)


@pytest.mark.parametrize(("max_points", "actual", "target", "expected"), [
    (20, 90, 95, Decimal("18.95")),
    (20, 95, 95, Decimal("20.00")),
    (10, 40, 50, Decimal("8.00")),
    (15, "99.5", 99, Decimal("15.00")),
    (Decimal("12.5"), 1, 3, Decimal("4.17")),
])
def test_quantitative_points(max_points, actual, target, expected):
    assert quantitative_points(max_points, actual, target) == expected


def test_quantitative_points_lower_is_better():
    assert quantitative_points(10, 5, 2, higher_is_better=False) == Decimal("4.00")


# --- point sums -------------------------------------------------------------------------------------


def crit(code, applies_to, points, retired=False):
    return CriterionPoints(code, applies_to, Decimal(str(points)), retired)


def test_points_by_kind_counts_both_in_each_sum():
    criteria = [crit("A", "both", 40), crit("B", "collective", 60), crit("C", "individual", 60)]
    assert points_by_kind(criteria) == {"collective": Decimal(100), "individual": Decimal(100)}
    assert points_problems(criteria) == []


def test_retired_criteria_do_not_count():
    criteria = [crit("A", "both", 100), crit("B", "both", 20, retired=True)]
    assert points_problems(criteria) == []


def test_points_problems_name_the_kind_and_the_sum():
    problems = points_problems([crit("A", "collective", 90), crit("B", "individual", "100.5")])
    assert problems == [
        "Tổng điểm tối đa các tiêu chí cho tập thể là 90, phải đúng bằng 100.",
        "Tổng điểm tối đa các tiêu chí cho cá nhân là 100,5, phải đúng bằng 100.",
    ]


def test_no_criteria_at_all_is_a_problem_for_both_kinds():
    assert len(points_problems([])) == 2


# --- bonus ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("coefficient", "expected"), [
    ("0.3", 702_000), ("1.0", 2_340_000), ("1.5", 3_510_000), ("0.8", 1_872_000), ("4.5", 10_530_000),
    ("0.6", 1_404_000), ("8", 18_720_000), ("12", 28_080_000), ("0", 0),
])
def test_bonus_amount_with_the_default_base_salary(coefficient, expected):
    assert bonus_amount(coefficient, 2_340_000) == expected


def test_bonus_rounds_to_the_nearest_thousand():
    assert bonus_amount("0.3", 1_490_000) == 447_000  # 447.000 exactly
    assert bonus_amount("0.35", 1_490_000) == 522_000  # 521.500 → 522.000


def test_base_salary_is_the_one_in_force_on_the_day():
    rates = [(dt.date(2023, 7, 1), 1_800_000), (dt.date(2024, 7, 1), 2_340_000)]
    assert base_salary_on(dt.date(2024, 6, 30), rates) == 1_800_000
    assert base_salary_on(dt.date(2024, 7, 1), rates) == 2_340_000
    assert base_salary_on(dt.date(2027, 12, 5), rates) == 2_340_000
    assert base_salary_on(dt.date(2020, 1, 1), rates) is None


# --- thresholds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("threshold", "approvals", "members", "passes"), [
    (Threshold(Fraction(1, 2), strict=True), 5, 9, True),
    (Threshold(Fraction(1, 2), strict=True), 5, 10, False),  # exactly half is not more than half
    (Threshold(Fraction(1, 2), strict=True), 6, 10, True),
    (Threshold(Fraction(2, 3)), 6, 9, True),  # exactly 2/3
    (Threshold(Fraction(2, 3)), 5, 9, False),
    (Threshold(Fraction(2, 3)), 7, 10, True),
    (Threshold(Fraction(9, 10)), 9, 10, True),
    (Threshold(Fraction(9, 10)), 8, 9, False),  # 88.9 %
    (Threshold(Fraction(1, 2), strict=True), 0, 0, False),
])
def test_threshold_over_all_members(threshold, approvals, members, passes):
    assert threshold.passes(approvals, members) is passes


def test_threshold_descriptions():
    assert Threshold(Fraction(1, 2), strict=True).describe() == "trên 50%"
    assert Threshold(Fraction(2, 3)).describe() == "từ 2/3 trở lên"
    assert Threshold.parse("0.9").describe() == "từ 90% trở lên"


def test_quorum():
    assert quorate(6, 9, Threshold(Fraction(2, 3)))
    assert not quorate(5, 9, Threshold(Fraction(2, 3)))


# --- calendar -----------------------------------------------------------------------------------------

START, END = dt.date(2026, 1, 1), dt.date(2030, 12, 31)


def phase(**kw):
    values = {"name": "Giai đoạn 1", "start": dt.date(2026, 1, 1), "end": dt.date(2027, 12, 31),
              "opens_at": dt.datetime(2027, 10, 1, 8), "closes_at": dt.datetime(2027, 10, 31, 17),
              "appraisal_deadline": dt.date(2027, 11, 15), "council_date": dt.date(2027, 11, 25)}
    values.update(kw)
    return PhaseDates(**values)


def test_a_well_ordered_phase_has_no_problems():
    assert phase_problems(phase(), START, END) == {}


@pytest.mark.parametrize(("changes", "field"), [
    ({"end": dt.date(2025, 12, 31)}, "end"),
    ({"start": dt.date(2025, 6, 1)}, "start"),
    ({"end": dt.date(2031, 1, 1)}, "start"),
    ({"closes_at": dt.datetime(2027, 9, 1)}, "closes_at"),
    ({"opens_at": dt.datetime(2025, 12, 1)}, "opens_at"),
    ({"closes_at": dt.datetime(2031, 1, 5), "appraisal_deadline": None, "council_date": None}, "closes_at"),
    ({"appraisal_deadline": dt.date(2027, 10, 20)}, "appraisal_deadline"),
    ({"council_date": dt.date(2027, 11, 10)}, "council_date"),
    ({"appraisal_deadline": None, "council_date": dt.date(2027, 10, 20)}, "council_date"),
])
def test_phase_problems(changes, field):
    assert field in phase_problems(phase(**changes), START, END)


def test_a_window_may_open_before_its_phase_starts_inside_the_campaign():
    second = phase(name="Giai đoạn 2", start=dt.date(2028, 1, 1), end=dt.date(2030, 12, 31),
                   opens_at=dt.datetime(2026, 11, 20, 8), closes_at=dt.datetime(2026, 12, 20, 17),
                   appraisal_deadline=None, council_date=None)
    assert phase_problems(second, START, END) == {}


def test_overlapping_phases():
    first = phase()
    second = phase(name="Giai đoạn 2", start=dt.date(2027, 12, 1), end=dt.date(2030, 12, 31))
    assert "chồng lấn" in overlap_problem([second, first])
    assert overlap_problem([first, phase(name="Giai đoạn 2", start=dt.date(2028, 1, 1),
                                         end=dt.date(2030, 12, 31))]) is None


def test_window_state():
    opens, closes = dt.datetime(2027, 10, 1, 8), dt.datetime(2027, 10, 31, 17)
    assert window_state(None, closes, opens) == "not_set"
    assert window_state(opens, closes, dt.datetime(2027, 9, 30)) == "upcoming"
    assert window_state(opens, closes, opens) == "open"
    assert window_state(opens, closes, closes) == "open"
    assert window_state(opens, closes, dt.datetime(2027, 10, 31, 17, 1)) == "closed"


# --- the set-up freeze ------------------------------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

from campaign.models import CampaignStatus  # noqa: E402
from campaign.rules.setup import (  # noqa: E402
    AWARD_FORM,
    CAMPAIGN,
    CONDITION,
    CRITERION,
    EXISTS,
    FIELDS,
    PHASE,
    QUOTA,
    TARGET,
    Lock,
    SetupState,
    Stage,
    change_problem,
    correction_problem,
    lock_note,
    reason_problem,
)
from campaign.services.setup import stage_of  # noqa: E402

D, L, C = Stage.DRAFT, Stage.LAUNCHED, Stage.CLOSED
# May an ordinary edit change a field of this lock, by (stage, session opened)? Stage None is the
# award-form catalogue, which belongs to no campaign. (A draft has no session; the rule still answers.)
MAY_CHANGE = {
    Lock.OPEN: {(D, False): True, (D, True): True, (L, False): True, (L, True): True,
                (C, False): False, (C, True): False, (None, False): True, (None, True): True},
    Lock.SESSION: {(D, False): True, (D, True): False, (L, False): True, (L, True): False,
                   (C, False): False, (C, True): False, (None, False): True, (None, True): False},
    Lock.LAUNCH: {(D, False): True, (D, True): False, (L, False): False, (L, True): False,
                  (C, False): False, (C, True): False, (None, False): True, (None, True): False},
    Lock.CORRECTABLE: {(D, False): True, (D, True): False, (L, False): False, (L, True): False,
                       (C, False): False, (C, True): False, (None, False): True, (None, True): False},
}
# May «Sửa thiết lập sau phát động» change it? Only a correctable field, launched, before a session.
MAY_CORRECT = {lock: {state: lock == Lock.CORRECTABLE and state == (L, False) for state in MAY_CHANGE[lock]}
               for lock in Lock}
EVERY_FIELD = [(entity, field) for entity, fields in FIELDS.items() for field in fields]
EVERY_STATE = list(MAY_CHANGE[Lock.OPEN])


@pytest.mark.parametrize(("entity", "field"), EVERY_FIELD)
@pytest.mark.parametrize(("stage", "session_opened"), EVERY_STATE)
def test_the_freeze_table(entity, field, stage, session_opened):
    lock = FIELDS[entity][field][0]
    state = SetupState(stage, session_opened)
    problem = change_problem(entity, field, state)
    assert (problem is None) == MAY_CHANGE[lock][(stage, session_opened)]
    assert (lock_note(entity, field, state) is None) == (problem is None)
    assert (correction_problem(entity, field, state) is None) == MAY_CORRECT[lock][(stage, session_opened)]
    for message in (problem, correction_problem(entity, field, state)):
        assert message is None or (message.endswith(".") and message.lstrip("«")[0].isupper())


@pytest.mark.parametrize(("entity", "fields", "lock"), [
    # issue 7: after launch points, kinds, measure, direction and source are refused …
    (CRITERION, ["max_points", "applies_to", "measure", "higher_is_better", "source", "code", "retired", EXISTS],
     Lock.LAUNCH),
    # … a target or the wording only through the audited correction …
    (CRITERION, ["name", "description", "unit_of_measure"], Lock.CORRECTABLE),
    (TARGET, ["value"], Lock.CORRECTABLE),
    # … scoring and visibility settings freeze when a session of the phase opens
    (PHASE, ["aggregation", "members_see_scores", "start_date", "end_date", "review_kind"], Lock.SESSION),
    (PHASE, [EXISTS], Lock.LAUNCH),
    (PHASE, ["nomination_opens_at", "nomination_closes_at", "units_may_edit", "council_date"], Lock.OPEN),
    (AWARD_FORM, ["threshold_share", "threshold_strict", "bonus_individual", "bonus_collective", "applies_to",
                  "decided_by_board", "kind", "level", "active"], Lock.SESSION),
    (AWARD_FORM, ["code", "name", "authority", "legal_basis", EXISTS], Lock.OPEN),
    (CONDITION, [EXISTS], Lock.SESSION),
    (QUOTA, [EXISTS, "kind", "value", "leaders_cap"], Lock.SESSION),
    (CAMPAIGN, ["kind"], Lock.LAUNCH),
    (CAMPAIGN, ["title", "plan_number", "plan_date", "start_date", "end_date", "legal_bases"], Lock.OPEN),
])
def test_what_each_field_is_locked_by(entity, fields, lock):
    assert {field: FIELDS[entity][field][0] for field in fields} == dict.fromkeys(fields, lock)


def test_the_messages_say_why_and_what_to_do():
    launched = SetupState(Stage.LAUNCHED)
    assert change_problem(CRITERION, "max_points", launched) == (
        "Phong trào đã phát động: không thay đổi điểm tối đa được nữa (đơn vị đã thực hiện theo thiết lập đã công bố).")
    assert change_problem(CRITERION, EXISTS, launched).startswith("Phong trào đã phát động: không thêm hoặc xóa tiêu chí")
    assert change_problem(TARGET, "value", launched) == (
        "Phong trào đã phát động: chỉ tiêu chỉ sửa được bằng thao tác «Sửa thiết lập sau phát động», có ghi lý do.")
    assert change_problem(PHASE, "aggregation", launched) is None
    assert change_problem(PHASE, "aggregation", SetupState(Stage.LAUNCHED, True)) == (
        "Hội đồng đã mở phiên họp xét: không thay đổi cách tổng hợp điểm được nữa.")
    assert change_problem(PHASE, "name", SetupState(Stage.CLOSED)) == (
        "Phong trào đã kết thúc: không thay đổi thiết lập được nữa.")
    assert change_problem(AWARD_FORM, "threshold_share", SetupState(None, True)) == (
        "Hội đồng đã mở phiên họp xét: không thay đổi tỷ lệ phiếu đồng ý tối thiểu được nữa.")


def test_a_correction_is_refused_once_a_session_of_the_phase_opened():
    assert correction_problem(TARGET, "value", SetupState(Stage.LAUNCHED, session_opened=False)) is None
    assert correction_problem(TARGET, "value", SetupState(Stage.LAUNCHED, session_opened=True)) == (
        "Hội đồng đã mở phiên họp xét: không sửa chỉ tiêu được nữa.")
    assert correction_problem(CRITERION, "name", SetupState(Stage.LAUNCHED, session_opened=True)) == (
        "Hội đồng đã mở phiên họp xét: không sửa tên tiêu chí được nữa.")


def test_a_correction_is_for_targets_and_wording_of_a_launched_campaign_only():
    assert correction_problem(CRITERION, "max_points", SetupState(Stage.LAUNCHED)) == (
        "«Sửa thiết lập sau phát động» chỉ sửa chỉ tiêu và tên, mô tả, đơn vị tính; không sửa điểm tối đa.")
    assert correction_problem(TARGET, "value", SetupState(Stage.DRAFT)) == (
        "Phong trào chưa phát động: hãy sửa chỉ tiêu trực tiếp.")


@pytest.mark.parametrize(("reason", "ok"), [
    (None, False), ("", False), ("   ", False), ("nhầm", False),
    ("Nhập nhầm chỉ tiêu của giai đoạn 2", True),
])
def test_a_correction_needs_a_reason(reason, ok):
    assert (reason_problem(reason) is None) == ok


@pytest.mark.parametrize("status", list(CampaignStatus.LABELS))
def test_every_campaign_status_has_a_setup_stage(status):
    expected = {CampaignStatus.DRAFT: Stage.DRAFT, CampaignStatus.CLOSED: Stage.CLOSED}.get(status, Stage.LAUNCHED)
    assert stage_of(SimpleNamespace(status=status)) == expected
