"""Aggregation of the members' scores: mean, median, trimmed mean, spread, disagreement, too few scorers."""

from decimal import Decimal

import pytest

from campaign.models import AGGREGATIONS
from campaign.rules.aggregation import (
    METHODS,
    AggregationSettings,
    aggregate,
    aggregate_total,
    member_totals,
)

D = Decimal


def keyed(*scores):
    """Scores keyed by member m1, m2, …"""
    return {f"m{i}": score for i, score in enumerate(scores, 1)}


def settings(method="mean", **kw):
    return AggregationSettings(method=method, **kw)


def test_method_codes_are_the_phase_vocabulary():
    assert set(METHODS) == set(AGGREGATIONS)


# --- the same data, three methods ----------------------------------------------------------------------

SAME_DATA = keyed(10, 12, 12, 15, 20)  # max 20


@pytest.mark.parametrize(
    "method, value, trimmed",
    [
        ("mean", D("13.80"), False),  # 69 / 5
        ("median", D("12.00"), False),
        ("trimmed_mean", D("13.00"), True),  # 10 and 20 dropped: 39 / 3
    ],
)
def test_mean_median_trimmed_on_the_same_data(method, value, trimmed):
    result = aggregate(SAME_DATA, 20, settings(method))
    assert result.method == method
    assert result.value == value
    assert result.trimmed is trimmed
    # the figures beside the value do not depend on the method
    assert (result.mean, result.median) == (D("13.80"), D("12.00"))
    assert result.stdev == D("3.49")  # √12,16 = 3,487…
    assert (result.low, result.high, result.spread) == (D(10), D(20), D(10))
    assert result.count == 5 and not result.insufficient and result.reason == ""


@pytest.mark.parametrize(
    "method, scores, value, trimmed",
    [
        # ties at both ends: only ONE highest and ONE lowest are dropped
        ("trimmed_mean", keyed(10, 10, 14, 18, 18), D("14.00"), True),
        ("trimmed_mean", keyed(15, 15, 15, 15, 15), D("15.00"), True),
        # even count with ties: the mean of the two middle scores
        ("median", keyed(12, 14, 12, 14), D("13.00"), False),
        ("median", keyed(9, 12, 12, 20), D("12.00"), False),
        # below the minimum count (5) the trimmed mean is the plain mean, and says so
        ("trimmed_mean", keyed(10, 12, 20, 2), D("11.00"), False),
        ("trimmed_mean", keyed(2, 10, 12, 20, 20), D("14.00"), True),
        ("mean", keyed(10, 10, 14, 18, 18), D("14.00"), False),
    ],
)
def test_ties_and_the_trimming_minimum(method, scores, value, trimmed):
    result = aggregate(scores, 20, settings(method))
    assert (result.value, result.trimmed) == (value, trimmed)


def test_trim_minimum_is_a_setting():
    scores = keyed(2, 10, 12, 20)
    assert aggregate(scores, 20, settings("trimmed_mean")).value == D("11.00")
    result = aggregate(scores, 20, settings("trimmed_mean", trim_min_count=4))
    assert (result.value, result.trimmed) == (D("11.00"), True)  # (10 + 12) / 2
    assert aggregate(keyed(0, 10, 11, 20), 20, settings("trimmed_mean", trim_min_count=4)).value == D("10.50")


@pytest.mark.parametrize("method", METHODS)
def test_one_scorer(method):
    result = aggregate({"m1": D("7.5")}, 10, settings(method))
    assert (result.value, result.mean, result.median) == (D("7.50"),) * 3
    assert (result.stdev, result.spread, result.disagreement, result.count) == (D("0.00"), D(0), False, 1)


# --- too few scorers -----------------------------------------------------------------------------------

NONE_FIGURES = ("value", "mean", "median", "stdev", "low", "high", "spread")


@pytest.mark.parametrize("method", METHODS)
def test_zero_scorers_is_flagged_not_averaged(method):
    result = aggregate({}, 20, settings(method))
    assert result.insufficient and not result.disagreement
    assert all(getattr(result, name) is None for name in NONE_FIGURES)
    assert result.reason == "Chưa có thành viên nào chấm điểm: chưa tổng hợp điểm."


def test_fewer_than_the_minimum_is_flagged_not_averaged():
    result = aggregate(keyed(10, 14), 20, settings(min_scorers=3))
    assert result.insufficient and result.value is None and result.count == 2
    assert result.reason == "Chỉ có 2 thành viên chấm điểm, cần ít nhất 3 thành viên: chưa đủ để tổng hợp điểm."
    assert aggregate(keyed(10, 14, 12), 20, settings(min_scorers=3)).value == D("12.00")


def test_every_member_recused():
    members = ["m1", "m2", "m3"]
    # even a score passed by mistake for a recused member is not counted
    result = aggregate({"m1": 18}, 20, recused=members, members=members)
    assert result.insufficient and result.value is None
    assert (result.count, result.recused) == (0, 3)
    assert result.reason == ("Tất cả 3 thành viên Hội đồng đều thuộc diện tránh chấm điểm hồ sơ này: "
                             "không có điểm để tổng hợp.")


def test_recused_scores_never_count():
    result = aggregate(keyed(20, 10, 10), 20, recused={"m1"}, members=["m1", "m2", "m3", "m4"])
    assert (result.value, result.count, result.recused, result.spread) == (D("10.00"), 2, 1, D(0))
    # m4 did not score and is not recused: not all recused, so the reason is the plain one
    nobody = aggregate({}, 20, recused={"m1"}, members=["m1", "m2"])
    assert nobody.reason == "Chưa có thành viên nào chấm điểm: chưa tổng hợp điểm."


# --- disagreement --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "max_points, scores, percent, flagged",
    [
        (20, keyed(10, 16), None, False),  # spread 6 = 30 % of 20: at the boundary, not flagged
        (20, keyed(10, "16.01"), None, True),  # just above
        (100, keyed(50, 80, 65), None, False),  # a total out of 100: limit 30
        (100, keyed(50, "80.01", 65), None, True),
        (10, keyed(5, 7), D(20), False),  # a setting of 20 %: limit 2
        (10, keyed(5, "7.01"), D(20), True),
        (15, keyed(0, "4.5"), None, False),  # 30 % of 15 = 4,5 exactly
        (15, keyed(0, "4.51"), None, True),
    ],
)
def test_disagreement_boundary(max_points, scores, percent, flagged):
    kw = {} if percent is None else {"disagreement_percent": percent}
    result = aggregate(scores, max_points, settings(**kw))
    assert result.disagreement is flagged
    assert bool(result.disagreement_note) is flagged


def test_disagreement_note_in_vietnamese():
    result = aggregate(keyed(10, "16.5"), 20)
    assert result.disagreement_note == ("Chênh lệch giữa điểm cao nhất và thấp nhất là 6,5 điểm, vượt 30% "
                                        "số điểm tối đa (6 điểm).")


# --- exactness and rounding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scores, method, value",
    [
        (keyed("2.34", "2.35"), "mean", D("2.35")),  # 2,345 half-up (half-even would give 2,34)
        (keyed("2.345"), "mean", D("2.35")),  # as a float 2.345 is 2.34499… and would round down
        (keyed(1, 1, 2), "mean", D("1.33")),
        (keyed(1, 2, 2), "mean", D("1.67")),
        (keyed("0.1", "0.2"), "median", D("0.15")),
        (keyed("0.1", "0.2", "0.3"), "mean", D("0.20")),
        (keyed("1,5", "2,5"), "mean", D("2.00")),  # Vietnamese decimal comma
        (keyed(D("3.333"), D("3.337")), "median", D("3.34")),
    ],
)
def test_decimal_exactness_and_half_up_rounding(scores, method, value):
    result = aggregate(scores, 10, settings(method))
    assert result.value == value
    assert isinstance(result.value, Decimal) and result.value.as_tuple().exponent == -2


def test_standard_deviation_is_exact_and_half_up():
    # 0 and 2,01: the population standard deviation is 1,005 exactly → 1,01
    assert aggregate(keyed(0, "2.01"), 10).stdev == D("1.01")
    assert aggregate(keyed(0, 3), 10).stdev == D("1.50")
    assert aggregate(keyed(1, 2, 3, 4), 10).stdev == D("1.12")  # √1,25 = 1,118…
    assert aggregate(keyed(7, 7, 7), 10).stdev == D("0.00")


def test_floats_and_out_of_range_scores_are_refused():
    with pytest.raises(TypeError):
        aggregate({"m1": 7.5}, 10)
    with pytest.raises(ValueError):
        aggregate({"m1": 11}, 10)
    with pytest.raises(ValueError):
        aggregate({"m1": -1}, 10)
    with pytest.raises(ValueError):
        aggregate({"stranger": 5}, 10, members=["m1"])
    with pytest.raises(ValueError):
        AggregationSettings(method="mode")


# --- the total -----------------------------------------------------------------------------------------


def test_total_aggregates_each_members_sheet():
    sheets = {"m1": [10, "20.5", D("5.25")], "m2": [8, 18, 4], "m3": [12, 20, 6], "m4": [2, 2, 2],
              "m5": [10, 19, 5]}
    assert member_totals(sheets) == {"m1": D("35.75"), "m2": D(30), "m3": D(38), "m4": D(6), "m5": D(34)}
    trimmed = aggregate_total(sheets, 100, settings("trimmed_mean"))
    assert (trimmed.value, trimmed.trimmed) == (D("33.25"), True)  # m4 (6) and m3 (38) dropped
    assert (trimmed.spread, trimmed.disagreement) == (D(32), True)  # above 30 of 100
    mean = aggregate_total(sheets, 100, recused={"m4"})
    assert (mean.value, mean.count, mean.disagreement) == (D("34.44"), 4, False)  # 137,75 / 4
