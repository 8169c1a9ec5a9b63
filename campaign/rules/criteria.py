"""The criteria of a campaign: each nominee kind's points add up to 100.

Basis: DOMAIN.md "Scoring" (*default* rubric): "Criteria carry points that add up to 100 per nominee
kind." A criterion that applies to both collectives and individuals counts in both sums.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

COLLECTIVE = "collective"
INDIVIDUAL = "individual"
BOTH = "both"
KIND_LABELS = {COLLECTIVE: "tập thể", INDIVIDUAL: "cá nhân"}
TOTAL_POINTS = Decimal(100)


@dataclass(frozen=True)
class CriterionPoints:
    code: str
    applies_to: str  # collective | individual | both
    max_points: Decimal
    retired: bool = False


def applies(applies_to: str, kind: str) -> bool:
    return applies_to in (BOTH, kind)


def points_by_kind(criteria: Iterable[CriterionPoints]) -> dict[str, Decimal]:
    """{'collective': sum, 'individual': sum} over the criteria still in use."""
    totals = {COLLECTIVE: Decimal(0), INDIVIDUAL: Decimal(0)}
    for criterion in criteria:
        if criterion.retired:
            continue
        for kind in totals:
            if applies(criterion.applies_to, kind):
                totals[kind] += Decimal(criterion.max_points)
    return totals


def points_problems(criteria: Iterable[CriterionPoints]) -> list[str]:
    """Why the points do not add up, in Vietnamese; empty when every kind sums to exactly 100."""
    problems = []
    for kind, total in points_by_kind(criteria).items():
        if total != TOTAL_POINTS:
            problems.append(
                f"Tổng điểm tối đa các tiêu chí cho {KIND_LABELS[kind]} là {_fmt(total)}, phải đúng bằng 100."
            )
    return problems


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
