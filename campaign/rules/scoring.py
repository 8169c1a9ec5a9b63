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


def quantitative_points(max_points, actual, target, *, higher_is_better: bool = True) -> Decimal:
    """points = max_points × min(actual / target, 1) (or the inverse where lower is better), to 0.01."""
    points = to_decimal(max_points) * attainment(actual, target, higher_is_better=higher_is_better)
    return points.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
