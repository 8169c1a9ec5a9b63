"""Plan tasks: the deadline a table cell allows, a task's state, and a unit's on-time completion rate.

Basis: the appendices of the board's plans (seeds 001 and 003, "Phụ lục I/II"): each task has a lead
unit (đơn vị chủ trì), partner units (đơn vị phối hợp), a product (sản phẩm / kết quả) and a deadline
written in words: "30/6/2026", "12/2026", "Quý II/2026", "Năm 2026 – 2030". Seed 003 §IV has every unit
report its results to the Văn phòng (before 30/11 each year); the campaign criterion "Tỷ lệ hoàn thành
nhiệm vụ đúng hạn" (Criterion.source = 'task_completion') takes its actual value from these reports, and
the points follow the quantitative rule of DOMAIN.md "Scoring" (rules/scoring.quantitative_points).

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..vietnamese import number

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE)

# --- deadlines -----------------------------------------------------------------------------------

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
         "xix": 19, "xx": 20}
MIN_YEAR, MAX_YEAR = 1990, 2100

# Words that say the task has no fixed end: "Thường xuyên", "Hằng năm", "Liên tục" …
_ONGOING = ("thuong xuyen", "hang nam", "hang thang", "hang quy", "lien tuc", "dinh ky", "theo yeu cau",
            "khi co yeu cau", "theo chi dao", "theo ke hoach", "khi co van ban")

_YEAR = r"((?:19|20|21)\d\d)"
_SEP = r"\s*(?:/|-|\.|nam)\s*"
_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR + r"(?!\d)")
_WORD_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+" + _YEAR + r"(?!\d)")
# "Quý II/2026", "Quý III, IV/2026", "quý 2 năm 2026"; "Quý V/2026" is read (and refused) as a quarter.
_QUARTER = re.compile(r"quy\s+((?:[ivx]+|\d)(?:\s*(?:,|-|va|den)\s*(?:quy\s+)?(?:[ivx]+|\d))*)"
                      + _SEP + _YEAR + r"(?!\d)")
_MONTH_RANGE = re.compile(r"thang\s+(\d{1,2})\s*(?:-|den)\s*(?:thang\s+)?(\d{1,2})" + _SEP + _YEAR + r"(?!\d)")
_HALF = re.compile(r"(6|sau)\s+thang\s+(dau|cuoi)\s+nam\s*[/-]?\s*" + _YEAR + r"(?!\d)")
# "12/2026", "tháng 12/2026", "tháng 12 năm 2026", "tháng 12-2026" (a bare "1 - 2030" is not a month).
_MONTH = re.compile(r"(?<![\d/.])(?:thang\s+(\d{1,2})" + _SEP + r"|(\d{1,2})\s*(?:/|\.|nam)\s*)" + _YEAR
                    + r"(?!\d)")
_LONE_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)")


def fold(text: str | None) -> str:
    """Lower case without diacritics ('Quý II/2026' → 'quy ii/2026'); đ → d."""
    decomposed = unicodedata.normalize("NFD", " ".join((text or "").split()).lower()).replace("đ", "d")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_number(token: str) -> int | None:
    token = token.strip()
    value = int(token) if token.isdigit() else ROMAN.get(token)
    return value if value and 1 <= value <= 4 else None


def is_ongoing(text: str | None) -> bool:
    """'Thường xuyên', 'Hằng năm' …: a task with no fixed end (no deadline, and no warning about it)."""
    folded = fold(text)
    return bool(folded) and any(word in folded for word in _ONGOING) and not _LONE_YEAR.search(folded)


def parse_deadline(text: str | None) -> dt.date | None:
    """The last day a deadline written in words allows; None when it names none.

    '30/6/2026' → 30/06/2026; '12/2026', 'Tháng 12/2026' → 31/12/2026; 'Quý II/2026' → 30/06/2026;
    '6 tháng đầu năm 2026' → 30/06/2026; 'Năm 2026' → 31/12/2026; '2026 - 2030', 'Năm 2026 – 2030'
    → 31/12/2030; 'Thường xuyên', 'trước ngày 30/11 hằng năm' (no year) or anything unreadable → None.
    When the text names several moments ('01/3/2026 – 30/6/2026', 'Quý III, IV/2026') the latest counts.
    """
    folded = fold(text).replace("–", "-").replace("—", "-").replace("−", "-")
    if not folded:
        return None
    found: list[dt.date] = []

    def take(pattern: re.Pattern, convert) -> None:
        nonlocal folded
        for match in list(pattern.finditer(folded)):
            value = convert(match)
            if value is not None:
                found.append(value)
            # Mask what was read so that its parts are not read again as a month or a year.
            folded = folded[:match.start()] + " " * (match.end() - match.start()) + folded[match.end():]

    def full_date(match) -> dt.date | None:
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        try:
            return dt.date(year, month, day) if MIN_YEAR <= year <= MAX_YEAR else None
        except ValueError:
            return None

    def quarter(match) -> dt.date | None:
        numbers = [_quarter_number(t) for t in re.split(r"\s*(?:,|-|va|den)\s*(?:quy\s+)?", match.group(1))]
        year = int(match.group(2))
        if not numbers or None in numbers or not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return _month_end(year, 3 * max(numbers))

    def month_range(match) -> dt.date | None:
        first, last, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        valid = 1 <= first <= 12 and 1 <= last <= 12 and MIN_YEAR <= year <= MAX_YEAR
        return _month_end(year, max(first, last)) if valid else None

    def half(match) -> dt.date | None:
        year = int(match.group(3))
        return _month_end(year, 6 if match.group(2) == "dau" else 12) if MIN_YEAR <= year <= MAX_YEAR else None

    def month(match) -> dt.date | None:
        number, year = int(match.group(1) or match.group(2)), int(match.group(3))
        return _month_end(year, number) if 1 <= number <= 12 and MIN_YEAR <= year <= MAX_YEAR else None

    def year_end(match) -> dt.date | None:
        year = int(match.group(1))
        return dt.date(year, 12, 31) if MIN_YEAR <= year <= MAX_YEAR else None

    take(_WORD_DATE, full_date)
    take(_MONTH_RANGE, month_range)
    take(_DATE, full_date)
    take(_QUARTER, quarter)
    take(_HALF, half)
    take(_MONTH, month)
    take(_LONE_YEAR, year_end)
    return max(found) if found else None


# --- a task's state --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProgress:
    """One unit's report on one task (a unit that has not reported: status not_started)."""

    status: str = NOT_STARTED
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class TaskState:
    status: str  # not_started | in_progress | done
    overdue: bool


def task_state(lead_unit_id: int | None, unit_ids: Iterable[int], progress: Mapping[int, UnitProgress],
               deadline: dt.date | None, today: dt.date) -> TaskState:
    """Where a task stands, as the plan's table reads it.

    With a lead unit (đơn vị chủ trì) the task is the lead's: done when the lead reports it done.
    Without one (several units lead it together, or a body outside the board leads and the board's units
    take part) it is done when every unit of the board taking part has reported it done. Overdue: the
    deadline has passed (deadline < today) and the task is not done."""
    if lead_unit_id is not None:
        status = progress.get(lead_unit_id, UnitProgress()).status
    else:
        statuses = [progress.get(uid, UnitProgress()).status for uid in unit_ids]
        if statuses and all(s == DONE for s in statuses):
            status = DONE
        elif any(s in (IN_PROGRESS, DONE) for s in statuses):
            status = IN_PROGRESS
        else:
            status = NOT_STARTED
    return TaskState(status, bool(deadline and deadline < today and status != DONE))


# --- on-time completion rate ----------------------------------------------------------------------


@dataclass(frozen=True)
class TaskOutcome:
    """A task assigned to a unit (as lead or partner) and that unit's report on it."""

    deadline: dt.date | None
    status: str = NOT_STARTED
    completed_on: dt.date | None = None

    def done_by(self, as_of: dt.date | None) -> bool:
        if self.status != DONE:
            return False
        return as_of is None or self.completed_on is None or self.completed_on <= as_of

    def on_time(self) -> bool:
        """Done, on or before the deadline; a task without a deadline is on time when done."""
        if self.status != DONE:
            return False
        return self.deadline is None or (self.completed_on is not None and self.completed_on <= self.deadline)


@dataclass(frozen=True)
class CompletionRate:
    on_time: int  # done on or before the deadline
    late: int  # done after the deadline
    not_done: int  # counted, not (yet) done
    not_due: int  # left out: not done, deadline after the reference date
    percent: Decimal | None  # on_time / counted × 100, to 0.01; None when nothing is counted
    explanation: str

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.not_done


TWO_PLACES = Decimal("0.01")


def cutoff_date(phase_end: dt.date, today: dt.date) -> dt.date:
    """The day a phase's on-time completion rate is measured at: the end of the phase, or today while the
    phase still runs (a task due later, or work reported later, is not counted yet). The results page,
    the plan module, the council and the review report all measure at this one day."""
    return min(phase_end, today)


def completion_rate(outcomes: Iterable[TaskOutcome], as_of: dt.date | None = None) -> CompletionRate:
    """The share of a unit's tasks done on time, as a percentage, with the reason in Vietnamese.

    Every task the unit leads or takes part in counts once: done on or before its deadline (or done, for
    a task without a deadline) counts as on time; done late and not done count against it. With `as_of`
    (the end of a phase, for its review) a task not done by that day whose deadline is still ahead is
    left out (chưa đến hạn), and work completed after that day does not count yet."""
    on_time = late = not_done = not_due = 0
    for outcome in outcomes:
        if outcome.done_by(as_of):
            if outcome.on_time():
                on_time += 1
            else:
                late += 1
        elif as_of is not None and outcome.deadline is not None and outcome.deadline > as_of:
            not_due += 1
        else:
            not_done += 1
    counted = on_time + late + not_done
    if counted == 0:
        percent = None
        explanation = ("Chưa có nhiệm vụ nào đến hạn." if not_due else "Đơn vị chưa được giao nhiệm vụ nào.")
    else:
        percent = (Decimal(on_time) * 100 / Decimal(counted)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        explanation = f"{on_time}/{counted} nhiệm vụ hoàn thành đúng hạn ({number(percent, 2)}%)"
        details = []
        if late:
            details.append(f"{late} nhiệm vụ hoàn thành trễ hạn")
        if not_done:
            details.append(f"{not_done} nhiệm vụ chưa hoàn thành")
        explanation += ("; " + "; ".join(details) if details else "") + "."
    if not_due and counted:
        explanation += f" {not_due} nhiệm vụ chưa đến hạn không tính."
    return CompletionRate(on_time, late, not_done, not_due, percent, explanation)
