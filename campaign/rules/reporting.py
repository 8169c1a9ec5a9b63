"""A plan's reporting calendar: which periodic progress reports are due, for which period, by when.

Basis, the board's plans (the user's seeds):
- seed 001 (Kế hoạch thực hiện Nghị quyết số 57-NQ/TW, §IV, Văn phòng): "báo cáo Ban Chỉ đạo Ban Quản lý
  định kỳ hàng quý (trước ngày 20 hàng quý), 6 tháng (trước ngày 05 tháng 6), báo cáo năm (trước ngày 01
  tháng 12 hàng năm) … và đồng thời gửi về Sở Khoa học và Công nghệ tổng hợp";
- seed 003 (Kế hoạch chuyển đổi số giai đoạn 2026 – 2030, §IV): "báo cáo định kỳ hằng năm trước ngày 30/11",
  the phòng reporting to the Văn phòng "trước ngày 30/11 hằng năm để tổng hợp gửi Sở Khoa học và Công nghệ".

Readings the seeds leave open (each a parameter of the rule, not a constant of the code):
- "trước ngày 20 hàng quý" is read as before the 20th of the **last month** of the quarter (20 March,
  20 June, 20 September, 20 December);
- a quarter whose report would fall with a six-monthly or an annual report of the same schedule (quarter II
  with the six-monthly report, quarter IV with the annual one) is not reported separately
  (`merge_with_longer`), as the usual calendar "quý I, 6 tháng, quý III, năm" has it;
- the deadline is the day the text names: the report is due **before** it ("trước ngày 20/3/2026").

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

QUARTERLY, SIX_MONTHLY, ANNUAL = "quarterly", "six_monthly", "annual"
KIND_LABELS = {QUARTERLY: "Báo cáo quý", SIX_MONTHLY: "Báo cáo 6 tháng", ANNUAL: "Báo cáo năm"}
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}

UPCOMING, PAST = "upcoming", "past"


@dataclass(frozen=True)
class ReportRule:
    """One kind of periodic report and its deadline: quarterly on `day` of the quarter's last month
    (or of its month `month_in_quarter`, 1–3), six-monthly and annual on `day`/`month` of the year."""

    kind: str
    day: int
    month: int | None = None  # six-monthly, annual: the month of the deadline
    month_in_quarter: int = 3  # quarterly: which month of the quarter the deadline falls in
    merge_with_longer: bool = True  # quarterly: no separate report for a quarter a longer report covers


@dataclass(frozen=True)
class Schedule:
    """A plan's reporting calendar, where it comes from, and whom the reports go to."""

    rules: tuple[ReportRule, ...]
    basis: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    """A report due: what it covers (start–end), its deadline (due before that day) and where it stands
    on the day asked (upcoming: still ahead; past: the deadline has gone)."""

    kind: str
    year: int
    number: int  # quarter 1–4, half 1, or 0 for the year
    start: dt.date
    end: dt.date
    deadline: dt.date
    status: str = UPCOMING

    @property
    def key(self) -> str:
        """'2026-Q1', '2026-H1', '2026': stable, for URLs and stored edits."""
        return {QUARTERLY: f"{self.year}-Q{self.number}", SIX_MONTHLY: f"{self.year}-H1"}.get(self.kind, str(self.year))

    @property
    def label(self) -> str:
        """'quý I năm 2026', '6 tháng đầu năm 2026', 'năm 2026'."""
        if self.kind == QUARTERLY:
            return f"quý {ROMAN_QUARTERS[self.number]} năm {self.year}"
        if self.kind == SIX_MONTHLY:
            return f"6 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _clamped(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def periods_of_year(schedule: Schedule, year: int) -> list[Period]:
    """Every report of the schedule in `year`, by deadline."""
    kinds = {rule.kind for rule in schedule.rules}
    periods: list[Period] = []
    for rule in schedule.rules:
        if rule.kind == QUARTERLY:
            for quarter in range(1, 5):
                covered = (quarter == 2 and SIX_MONTHLY in kinds) or (quarter == 4 and ANNUAL in kinds)
                if rule.merge_with_longer and covered:
                    continue
                first = 3 * quarter - 2
                end = _clamped(year, first + 2, 31)
                deadline = _clamped(year, first + rule.month_in_quarter - 1, rule.day)
                periods.append(Period(QUARTERLY, year, quarter, dt.date(year, first, 1), end, deadline))
        elif rule.kind == SIX_MONTHLY:
            periods.append(Period(SIX_MONTHLY, year, 1, dt.date(year, 1, 1), dt.date(year, 6, 30),
                                  _clamped(year, rule.month or 6, rule.day)))
        elif rule.kind == ANNUAL:
            periods.append(Period(ANNUAL, year, 0, dt.date(year, 1, 1), dt.date(year, 12, 31),
                                  _clamped(year, rule.month or 12, rule.day)))
        else:
            raise ValueError(f"unknown report kind {rule.kind!r}")
    return sorted(periods, key=lambda p: (p.deadline, p.kind))


def reporting_periods(schedule: Schedule, today: dt.date, *, start: dt.date | None = None,
                      end: dt.date | None = None) -> list[Period]:
    """The reports to make around `today`: for each kind, the last one whose deadline has gone (status
    'past': due before a day already reached) and the next one ahead (status 'upcoming', deadline
    after today: due before a day not yet reached), by deadline. `start`–`end` (the plan's years) leave out periods outside them."""
    found: list[Period] = []
    candidates = [p for year in (today.year - 1, today.year, today.year + 1) for p in periods_of_year(schedule, year)]
    if start is not None:
        candidates = [p for p in candidates if p.end >= start]
    if end is not None:
        candidates = [p for p in candidates if p.start <= end]
    for kind in dict.fromkeys(rule.kind for rule in schedule.rules):
        mine = [p for p in candidates if p.kind == kind]
        past = [p for p in mine if p.deadline <= today]
        ahead = [p for p in mine if p.deadline > today]
        if past:
            found.append(_with_status(past[-1], PAST))
        if ahead:
            found.append(_with_status(ahead[0], UPCOMING))
    return sorted(found, key=lambda p: (p.deadline, p.kind))


def _with_status(period: Period, status: str) -> Period:
    return Period(period.kind, period.year, period.number, period.start, period.end, period.deadline, status)


def find_period(schedule: Schedule, key: str) -> Period | None:
    """The period of a key ('2026-Q1', '2026-H1', '2026'), or None when the schedule has no such report."""
    try:
        year = int(key.split("-")[0])
    except ValueError:
        return None
    return next((p for p in periods_of_year(schedule, year) if p.key == key), None)


# --- the tasks in a progress report -------------------------------------------------------------------


def progress_order(status: str, overdue: bool, deadline: dt.date | None, position: int = 0) -> tuple:
    """The order of the tasks in a progress report: overdue ones first, then those not done by their
    deadline (the nearest first, those without a deadline after), then the done ones; the plan's order
    within each."""
    group = 0 if overdue else (2 if status == "done" else 1)
    return (group, deadline or dt.date.max, position)
