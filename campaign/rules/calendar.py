"""A campaign's calendar: phases in order, windows inside their phase, deadlines after the window.

Basis: the campaign plan fixes the phases and the review dates (seed 000 §IV: 2026–2027 with a sơ kết
in 2027, 2028–2030 with a tổng kết in 2030; seed 002 §IV: sơ kết Q4/2027, tổng kết Q3/2030).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..vietnamese import short_datetime


@dataclass(frozen=True)
class PhaseDates:
    name: str
    start: dt.date
    end: dt.date
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    appraisal_deadline: dt.date | None = None
    council_date: dt.date | None = None


def phase_problems(phase: PhaseDates, campaign_start: dt.date, campaign_end: dt.date) -> dict[str, str]:
    """{field: Vietnamese problem} for one phase's dates."""
    problems: dict[str, str] = {}
    if phase.end < phase.start:
        problems["end"] = "Ngày kết thúc giai đoạn phải sau ngày bắt đầu."
    if phase.start < campaign_start or phase.end > campaign_end:
        problems["start"] = "Giai đoạn phải nằm trong thời gian của phong trào."
    if phase.opens_at and phase.closes_at and phase.closes_at <= phase.opens_at:
        problems["closes_at"] = "Hạn nộp hồ sơ phải sau thời điểm mở nhận hồ sơ."
    # The window may open before the phase starts (early registration, or a phase whose dossiers are
    # taken ahead of the review), but never outside the campaign.
    if phase.opens_at and phase.opens_at.date() < campaign_start:
        problems["opens_at"] = "Chỉ mở nhận hồ sơ trong thời gian của phong trào."
    if phase.closes_at and phase.closes_at.date() > campaign_end:
        problems["closes_at"] = "Hạn nộp hồ sơ phải trong thời gian của phong trào."
    if phase.appraisal_deadline and phase.closes_at and phase.appraisal_deadline < phase.closes_at.date():
        problems["appraisal_deadline"] = "Hạn thẩm định phải sau hạn nộp hồ sơ."
    if phase.council_date:
        if phase.appraisal_deadline and phase.council_date < phase.appraisal_deadline:
            problems["council_date"] = "Ngày họp Hội đồng phải sau hạn thẩm định."
        elif phase.closes_at and phase.council_date < phase.closes_at.date():
            problems["council_date"] = "Ngày họp Hội đồng phải sau hạn nộp hồ sơ."
    return problems


def overlap_problem(phases: list[PhaseDates]) -> str | None:
    """The first pair of phases whose periods overlap, in Vietnamese, or None."""
    ordered = sorted(phases, key=lambda p: p.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start <= before.end:
            return f"{before.name} và {after.name} chồng lấn thời gian: hai giai đoạn không được trùng nhau."
    return None


def window_state(opens_at: dt.datetime | None, closes_at: dt.datetime | None, now: dt.datetime) -> str:
    """'not_set', 'upcoming', 'open' or 'closed' for a nomination window."""
    if not opens_at or not closes_at:
        return "not_set"
    if now < opens_at:
        return "upcoming"
    if now <= closes_at:
        return "open"
    return "closed"


def duration_words(delta: dt.timedelta) -> str:
    """'24 ngày 6 giờ', '5 giờ 20 phút', '3 phút' (never less than a minute)."""
    minutes = max(int(delta.total_seconds() // 60), 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    return f"{minutes} phút"


@dataclass(frozen=True)
class UnitWindow:
    """Whether units may write in a phase now, and why not: the one answer the pages, the services and
    the permissions share. `time_left`: "còn 24 ngày 6 giờ" while open, "mở sau 3 ngày" before.
    `closes_at`: the deadline that holds for this unit (its extension when it has one that ends after the
    phase's own deadline, `extended` then True). `extendable`: what an extension for the unit would open
    (the window has opened, the campaign runs, and the deadline passed or the office locked the phase)."""

    state: str  # not_set | upcoming | open | closed
    message: str | None  # why units cannot write (None: they can)
    time_left: str = ""
    closes_at: dt.datetime | None = None
    extended: bool = False
    extendable: bool = False  # closed to units by the deadline or the lock, in a running campaign


    @property
    def is_open(self) -> bool:
        return self.message is None


def unit_window(*, phase_name: str, campaign_status: str, units_may_edit: bool,
                opens_at: dt.datetime | None, closes_at: dt.datetime | None, now: dt.datetime,
                extended_until: dt.datetime | None = None) -> UnitWindow:
    """May a unit create and change dossiers in a phase now (Vietnam time)? Only in a running campaign
    (launched, not closed), while the office lets units edit, inside the nomination window, or until the
    extension the office granted this unit (`extended_until`, Vietnam time) when it ends later than the
    window. While it runs, an extension is the office's decision for this one unit and so also lifts the
    phase's lock ("units may edit") for it; it never opens a campaign not running, nor a window before it
    opens.

    Basis: the campaign plan sets the deadline for dossiers and the office (the council's standing body,
    DOMAIN.md "thẩm định") receives and appraises them; a later date for one unit is the office's decision,
    recorded with its reason and who granted it (services.extensions)."""
    extended = bool(extended_until and closes_at and extended_until > closes_at)
    deadline = extended_until if extended else closes_at
    state = window_state(opens_at, deadline, now)
    running_extension = extended and state == "open"
    if campaign_status == "draft":
        message = f"{phase_name}: phong trào chưa được phát động, chưa nhận hồ sơ."
    elif campaign_status == "closed":
        message = f"{phase_name}: phong trào đã kết thúc, không nhận thêm hồ sơ."
    elif not units_may_edit and not running_extension:
        message = f"{phase_name}: Văn phòng đã khóa, đơn vị không được sửa hồ sơ."
    elif state == "not_set":
        message = f"{phase_name}: Văn phòng chưa đặt thời gian nhận hồ sơ."
    elif state == "upcoming":
        message = (f"{phase_name}: chưa đến thời gian nhận hồ sơ (từ {short_datetime(opens_at)} "
                   f"đến {short_datetime(closes_at)}).")
    elif state == "closed" and extended:
        message = (f"{phase_name}: đã hết thời gian gia hạn cho đơn vị lúc {short_datetime(deadline)} "
                   f"(hạn chung {short_datetime(closes_at)}). Liên hệ Văn phòng nếu cần gia hạn thêm.")
    elif state == "closed":
        message = (f"{phase_name}: đã hết hạn nộp hồ sơ lúc {short_datetime(closes_at)}. "
                   "Liên hệ Văn phòng nếu cần gia hạn.")
    else:
        message = None
    left = ""
    if message is None:
        left = f"còn {duration_words(deadline - now)}"
    elif state == "upcoming" and units_may_edit and campaign_status not in ("draft", "closed"):
        left = f"mở sau {duration_words(opens_at - now)}"
    extendable = (message is not None and campaign_status not in ("draft", "closed")
                  and state in ("open", "closed"))
    return UnitWindow(state, message, left, deadline, extended, extendable)


def window_open_for_unit(*, opens_at: dt.datetime | None, closes_at: dt.datetime | None,
                         extended_until: dt.datetime | None, now: dt.datetime) -> bool:
    """Is the nomination window open for a unit at `now` (Vietnam time), counting its extension? The dates
    alone; `unit_window` adds the campaign's state and the office's lock."""
    return unit_window(phase_name="", campaign_status="launched", units_may_edit=True, opens_at=opens_at,
                       closes_at=closes_at, now=now, extended_until=extended_until).is_open


def returned_advice(window: UnitWindow) -> str | None:
    """What a unit can do with a dossier the office returned while the window is closed to it (None while
    it can correct and resubmit)."""
    if window.is_open:
        return None
    if window.extendable:  # past the deadline, or the phase locked by the office
        return ("Hồ sơ được trả lại khi đơn vị không còn được sửa hồ sơ của giai đoạn nên chưa sửa và nộp lại "
                "được. Hãy liên hệ Văn phòng để được gia hạn cho đơn vị: khi được gia hạn, hồ sơ mở lại để bổ "
                "sung và nộp lại đến hết thời gian gia hạn.")
    return ("Đơn vị chưa sửa được hồ sơ lúc này (" + (window.message or "").rstrip(".") + "). "
            "Hãy liên hệ Văn phòng để biết khi nào được bổ sung, nộp lại.")
