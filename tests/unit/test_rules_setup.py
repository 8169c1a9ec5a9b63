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
