"""Aggregating the council members' scores of one nomination: per criterion, and in total.

Basis: no statute fixes how a council's scores are combined. Law on Emulation and Commendation
06/2022/QH15 and Decree 152/2025/NĐ-CP leave the council's working method to the agency's Quy chế thi
đua, khen thưởng; the module's *default* is DOMAIN.md, "Scoring": a nomination's score per criterion is
the mean of the members who scored it, median and trimmed mean selectable per phase (`Phase.aggregation`,
the codes of `models.AGGREGATIONS`), the spread shown beside it. Issue 9, item 5: a disagreement flag
when max − min exceeds a setting (*default* 30 % of the criterion's points), and too few scorers (every
member recused, or fewer than a minimum) is flagged, not averaged.

The methods:
- ``mean``: the arithmetic mean of the counted scores;
- ``median``: the middle score, or the mean of the two middle ones for an even count;
- ``trimmed_mean``: drop ONE highest and ONE lowest score (one of each even when several are equal),
  then the mean of the rest, but only when at least ``trim_min_count`` scores are counted (*default* 5);
  with fewer scores it is the plain mean, and ``Aggregate.trimmed`` is False to say so.

Exactness: everything is computed with exact fractions from the Decimal (or int / str) scores, never
float, and each figure shown is rounded once to 0,01 half-up (the standard deviation too: it is the
population standard deviation, rounded exactly from its square with integer square roots).

A recused member's score is never counted (DOMAIN.md: recusal is shown and recorded): scores of members
in ``recused`` are dropped here even if a caller passes them.

The total: ``aggregate_total`` adds each member's criterion scores into that member's total and
aggregates the totals by the same method, so a trimmed mean drops a member's whole sheet together and
the spread of totals is the members' real disagreement. With the median or the trimmed mean the total
is therefore not the sum of the criteria's figures (with the mean and complete sheets it is).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..vietnamese import number

# The same codes as models.AGGREGATIONS (rules import no SQLAlchemy; a unit test checks they agree).
METHODS = ("mean", "median", "trimmed_mean")


@dataclass(frozen=True)
class AggregationSettings:
    """The phase's method and the session's settings, all *default* and editable."""

    method: str = "mean"
    min_scorers: int = 1  # fewer counted scores than this: flagged, not averaged
    trim_min_count: int = 5  # trimmed mean drops the extremes only from this many scores on
    disagreement_percent: Decimal = Decimal(30)  # max − min above this % of the max points: flagged

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown aggregation method {self.method!r}")
        if self.min_scorers < 1:
            raise ValueError("min_scorers must be at least 1")
        if self.trim_min_count < 3:
            raise ValueError("trim_min_count must be at least 3 (two scores are dropped)")
        if _exact(self.disagreement_percent) < 0:
            raise ValueError("disagreement_percent must not be negative")


@dataclass(frozen=True)
class Aggregate:
    """One criterion's (or the total's) aggregated score. When ``insufficient`` every figure is None
    and ``reason`` says why in Vietnamese; ``disagreement_note`` explains a raised ``disagreement``."""

    method: str
    max_points: Decimal
    count: int  # scores counted
    recused: int  # members recused (their scores, if any, not counted)
    value: Decimal | None  # by the method, to 0,01
    mean: Decimal | None
    median: Decimal | None
    trimmed: bool  # the trimmed mean actually dropped the highest and the lowest score
    stdev: Decimal | None  # population standard deviation, to 0,01
    low: Decimal | None
    high: Decimal | None
    spread: Decimal | None  # high − low, exact
    disagreement: bool
    insufficient: bool
    reason: str = ""
    disagreement_note: str = ""


def _exact(value) -> Fraction:
    """A score or setting as an exact fraction; floats are refused (they are not exact)."""
    if isinstance(value, (bool, float)):
        raise TypeError(f"scores must be Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, str):
        value = Decimal(value.strip().replace(",", "."))
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"score {value} is not a number")
    return Fraction(value)


def round2(value: Fraction) -> Decimal:
    """A non-negative exact value rounded to 0,01 half-up (2,345 → 2,35)."""
    if value < 0:
        raise ValueError("aggregated scores are never negative")
    cents = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2)


def sqrt_round2(square: Fraction) -> Decimal:
    """√square rounded to 0,01 half-up, exactly: k = floor(√w + ½) with w = square × 10⁴ is the largest k
    with (2k − 1)² ≤ 4w, i.e. k = ⌊(isqrt(⌊4w⌋) + 1) / 2⌋."""
    if square < 0:
        raise ValueError("a variance is never negative")
    root = math.isqrt(math.floor(square * 40000))
    return Decimal((root + 1) // 2).scaleb(-2)


def _mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _median(ordered: list[Fraction]) -> Fraction:
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _decimal(value: Fraction) -> Decimal:
    """An input score back as Decimal (inputs are finite decimals, so this is exact)."""
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
        if digits > 28:
            raise ValueError(f"{value} is not a finite decimal")
    return Decimal((value * 10**digits).numerator).scaleb(-digits)


def _insufficient_reason(count: int, recused: int, members: int | None, minimum: int) -> str:
    if members is not None and members > 0 and recused >= members:
        return (f"Tất cả {members} thành viên Hội đồng đều thuộc diện tránh chấm điểm hồ sơ này: "
                "không có điểm để tổng hợp.")
    if count == 0:
        return "Chưa có thành viên nào chấm điểm: chưa tổng hợp điểm."
    return (f"Chỉ có {count} thành viên chấm điểm, cần ít nhất {minimum} thành viên: "
            "chưa đủ để tổng hợp điểm.")


def aggregate(scores: Mapping[Hashable, object], max_points, settings: AggregationSettings | None = None,
              *, recused: Collection[Hashable] = (), members: Collection[Hashable] | None = None
              ) -> Aggregate:
    """Aggregate the members' scores of one criterion (or their totals), keyed by member.

    ``scores`` maps a member to their score (Decimal, int or str, 0 … ``max_points``); scores of members
    in ``recused`` are never counted. ``members`` (the session's member snapshot), when given, lets the
    reason say that every member was recused, and refuses a score from someone who is not a member.
    Fewer counted scores than ``settings.min_scorers`` (or none): ``insufficient``, value None.
    """
    settings = settings or AggregationSettings()
    top = _exact(max_points)
    if top <= 0:
        raise ValueError("max_points must be positive")
    recused_set = set(recused)
    if members is not None:
        member_set = set(members)
        strangers = set(scores) - member_set
        if strangers:
            raise ValueError(f"scores from non-members: {sorted(map(str, strangers))}")
        recused_count = len(recused_set & member_set)
        member_count = len(member_set)
    else:
        recused_count, member_count = len(recused_set), None
    counted = []
    for member, score in scores.items():
        if member in recused_set:
            continue
        exact = _exact(score)
        if exact < 0 or exact > top:
            raise ValueError(f"score {score} of {member!r} is outside 0 … {max_points}")
        counted.append(exact)
    counted.sort()
    max_decimal = _decimal(top)
    if len(counted) < settings.min_scorers:
        return Aggregate(settings.method, max_decimal, len(counted), recused_count, None, None, None, False,
                         None, None, None, None, False, True,
                         _insufficient_reason(len(counted), recused_count, member_count, settings.min_scorers))
    mean, median = _mean(counted), _median(counted)
    trimmed = settings.method == "trimmed_mean" and len(counted) >= settings.trim_min_count
    if settings.method == "median":
        value = median
    elif trimmed:
        value = _mean(counted[1:-1])
    else:
        value = mean
    variance = sum(((score - mean) ** 2 for score in counted), Fraction(0)) / len(counted)
    low, high = counted[0], counted[-1]
    spread = high - low
    limit = top * _exact(settings.disagreement_percent) / 100
    disagreement = spread > limit
    note = ""
    if disagreement:
        note = (f"Chênh lệch giữa điểm cao nhất và thấp nhất là {number(_decimal(spread), 2)} điểm, vượt "
                f"{number(_decimal(_exact(settings.disagreement_percent)), 2)}% số điểm tối đa "
                f"({number(round2(limit), 2)} điểm).")
    return Aggregate(settings.method, max_decimal, len(counted), recused_count, round2(value), round2(mean),
                     round2(median), trimmed, sqrt_round2(variance), _decimal(low), _decimal(high),
                     _decimal(spread), disagreement, False, "", note)


def member_totals(sheets: Mapping[Hashable, Iterable[object]]) -> dict[Hashable, Decimal]:
    """Each member's total: the exact sum of their criterion scores (Decimal, int or str)."""
    return {member: _decimal(sum((_exact(score) for score in sheet), Fraction(0)))
            for member, sheet in sheets.items()}


def aggregate_total(sheets: Mapping[Hashable, Iterable[object]], max_points,
                    settings: AggregationSettings | None = None, *, recused: Collection[Hashable] = (),
                    members: Collection[Hashable] | None = None) -> Aggregate:
    """The total: every member's sheet summed (``member_totals``), then aggregated like a criterion whose
    max is ``max_points`` (the criteria's points, 100 by default), so the disagreement limit is a share
    of the total's points."""
    return aggregate(member_totals(sheets), max_points, settings, recused=recused, members=members)
