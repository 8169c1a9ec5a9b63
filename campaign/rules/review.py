"""The figures of a phase's review report (báo cáo sơ kết / tổng kết): how the units' results make one
board-wide figure per criterion, the on-time completion of the plan tasks, and shares.

Basis: the campaign plan (seed 000 §IV, seed 002 §IV: sơ kết at the end of phase 1, tổng kết at the end of
phase 2) asks the review to report the results against the phase's targets, the plan tasks done, the
awards and the initiatives; DOMAIN.md "Scoring" fixes the one attainment figure
(rules.scoring.attainment_percent), which is reused here.

How a criterion's board-wide figure is made (the report says so beneath its table): the **mean of the
results** of the units (collective criteria) or of the people (individual criteria) that have one, and the
**count of those that met the target** (attainment 100 %). The board "đạt" when the mean reaches the target.

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .scoring import attainment_percent
from .tasks import DONE, UnitProgress

TWO_PLACES = Decimal("0.01")
FULL = Decimal(100)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole × 100 to 0.01 (2 of 3 → 66.67); None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    items = [Decimal(v) for v in values]
    if not items:
        return None
    return (sum(items, Decimal(0)) / len(items)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionAggregate:
    """A criterion's figures over the nominees that have a result."""

    counted: int  # how many units / people have a result
    met: int  # how many of them reached the target
    value: Decimal | None  # the mean of their results
    attainment: Decimal | None  # attainment_percent of the mean against the target
    attained: bool | None  # the mean reaches the target; None when it cannot be said

    @property
    def met_share(self) -> Decimal | None:
        return share(self.met, self.counted)


def aggregate_criterion(values: Iterable[Decimal | None], target: Decimal | None, *,
                        higher_is_better: bool = True) -> CriterionAggregate:
    """The board-wide figure of one criterion: the mean of the results given (None are left out), the
    number that reached the target, and whether the mean reaches it."""
    present = [Decimal(v) for v in values if v is not None]
    met = sum(1 for v in present
              if (p := attainment_percent(v, target, higher_is_better=higher_is_better)) is not None and p >= FULL)
    value = mean(present)
    attained_pct = attainment_percent(value, target, higher_is_better=higher_is_better)
    return CriterionAggregate(len(present), met, value, attained_pct,
                              None if attained_pct is None else attained_pct >= FULL)


# --- the plan tasks of a phase ---------------------------------------------------------------------


def task_completed_on(lead_unit_id: int | None, unit_ids: Iterable[int],
                      progress: Mapping[int, UnitProgress]) -> dt.date | None:
    """The day a task was completed, as rules.tasks.task_state reads who completes it: the lead unit's
    completion day; without a lead, the last of the units' days once every unit taking part reported it
    done. None while it is not done."""
    if lead_unit_id is not None:
        mine = progress.get(lead_unit_id, UnitProgress())
        return mine.completed_on if mine.status == DONE else None
    reports = [progress.get(uid, UnitProgress()) for uid in unit_ids]
    if not reports or any(r.status != DONE or r.completed_on is None for r in reports):
        return None
    return max(r.completed_on for r in reports)  # type: ignore[type-var]


ON_TIME, LATE, NOT_DONE, NOT_DUE = "on_time", "late", "not_done", "not_due"
TASK_OUTCOME_LABELS = {ON_TIME: "Hoàn thành đúng hạn", LATE: "Hoàn thành trễ hạn",
                       NOT_DONE: "Quá hạn, chưa hoàn thành", NOT_DUE: "Chưa đến hạn"}


def task_outcome(deadline: dt.date | None, completed_on: dt.date | None, as_of: dt.date) -> str:
    """One task at the review's cut-off day: on time, late, overdue and not done, or not yet due.

    Work completed after `as_of` does not count yet; a task without a deadline is on time once done and
    not yet due while it is not."""
    done = completed_on is not None and completed_on <= as_of
    if done:
        return ON_TIME if deadline is None or completed_on <= deadline else LATE  # type: ignore[operator]
    if deadline is None or deadline >= as_of:
        return NOT_DUE
    return NOT_DONE


@dataclass(frozen=True)
class TaskTally:
    on_time: int = 0
    late: int = 0
    not_done: int = 0
    not_due: int = 0
    late_indices: list[int] = field(default_factory=list)  # the late and overdue ones, in the given order

    @property
    def due(self) -> int:
        """Counted: past the deadline, or done (a task done early counts, as done on time)."""
        return self.on_time + self.late + self.not_done

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.due)


def tally_tasks(outcomes: Iterable[str]) -> TaskTally:
    """Counts of task_outcome values, and which ones were late or overdue (their positions)."""
    counts = {ON_TIME: 0, LATE: 0, NOT_DONE: 0, NOT_DUE: 0}
    late: list[int] = []
    for index, outcome in enumerate(outcomes):
        counts[outcome] += 1
        if outcome in (LATE, NOT_DONE):
            late.append(index)
    return TaskTally(counts[ON_TIME], counts[LATE], counts[NOT_DONE], counts[NOT_DUE], late)


def in_period(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end
