"""Turning results into points.

Basis: the agency's Quy chế thi đua, khen thưởng and the campaign plan (seed 000 §III refers to the
criteria of the provincial plan); the rubric below is the module's *default* (DOMAIN.md, "Scoring").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def to_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def attainment(actual, target, *, higher_is_better: bool = True) -> Decimal:
    """How far a result reaches its target, capped at 1 (100 %).

    Higher is better: actual / target (95 of a 95 % target → 1; 90 → 0.947…).
    Lower is better (e.g. days of delay, complaints): target / actual, and 1 when actual ≤ target
    (an actual of 0 reaches any target). A target must be positive: the set-up refuses anything else.
    """
    actual, target = to_decimal(actual), to_decimal(target)
    if target <= 0:
        raise ValueError("target must be positive")
    if actual < 0:
        return Decimal(0)
    ratio = actual / target if higher_is_better else (Decimal(1) if actual <= target else target / actual)
    return min(ratio, Decimal(1))


ONE_PLACE = Decimal("0.1")


def attainment_percent(actual, target, *, higher_is_better: bool = True) -> Decimal | None:
    """The one attainment figure every screen and document shows: `attainment` × 100, to 0.1 %.

    Capped at 100 %, like the points it gives (DOMAIN.md: points = max × min(actual / target, 1)): 99
    against a target of 95 is 100 %, not 104,2 %; lower-is-better 3 against 5 is 100 %. A result of 0
    is a result (0 % when higher is better, 100 % when lower is better). None when there is no result or
    no (positive) target: nothing can be said."""
    if actual is None or target is None or to_decimal(target) <= 0:
        return None
    ratio = attainment(actual, target, higher_is_better=higher_is_better)
    return (ratio * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def quantitative_points(max_points, actual, target, *, higher_is_better: bool = True) -> Decimal:
    """points = max_points × min(actual / target, 1) (or the inverse where lower is better), to 0.01."""
    points = to_decimal(max_points) * attainment(actual, target, higher_is_better=higher_is_better)
    return points.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
