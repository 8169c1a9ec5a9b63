"""A campaign's calendar: phases in order, windows inside their phase, deadlines after the window.

Basis: the campaign plan fixes the phases and the review dates (seed 000 §IV: 2026–2027 with a sơ kết
in 2027, 2028–2030 with a tổng kết in 2030; seed 002 §IV: sơ kết Q4/2027, tổng kết Q3/2030).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
