"""The province's answer to the previous annual round's Tờ trình (campaign/demo/council.py left it
unanswered): recorded as the office would (services/decisions.record_outcome), so that its awards enter the
history and biểu 0603 of the statistics has the year's province awards.

The decision is dated three weeks after the Tờ trình (mid-January after a December round), counted from the
round's own dates, never from the load day, so any later load tells the same story; a load day before that
date records nothing yet. Idempotent: a Tờ trình that already has its answer is left as it is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from ..extensions import db
from ..models import DocumentKind, DocumentStatus, NominationEvent, OfficialDocument, local_now
from ..models.base import VIETNAM_OFFSET, utcnow
from ..services import decisions
from .council import _office

ANSWER_AFTER = dt.timedelta(days=21)
ANSWER_NUMBER = "{number}/QĐ-UBND"
ANSWER_BASE = 80  # "85/QĐ-UBND" for the 2025 round: the province's numbers of early January


def statistics_step(ctx) -> None:
    """The previous round's Tờ trình to the province answered by the Chủ tịch UBND tỉnh's decision."""
    previous = ctx.rounds.get("previous") if ctx.rounds else None
    office = _office()
    if previous is None or office is None:
        return
    documents = db.session.scalars(
        select(OfficialDocument).where(OfficialDocument.kind == DocumentKind.SUBMISSION,
                                       OfficialDocument.status == DocumentStatus.ISSUED,
                                       OfficialDocument.authority != "board",
                                       OfficialDocument.outcome_number == "")
        .order_by(OfficialDocument.id)).all()
    today = min(ctx.now.date(), local_now().date())
    for document in documents:
        if document.session is None or document.session.phase_id != previous.id or document.issued_on is None:
            continue
        day = document.issued_on + ANSWER_AFTER
        if day > today:
            continue
        number = ANSWER_NUMBER.format(number=ANSWER_BASE + previous.end_date.year % 10)
        since = utcnow()
        decisions.record_outcome(office, document, number_text=number,
                                 date_text=f"{day.day:02d}/{day.month:02d}/{day.year}",
                                 seen_version=document.version)
        # The office recorded it on the decision's day (the timelines read so), not on the load day.
        moment = dt.datetime.combine(day, dt.time(15, 0)) - VIETNAM_OFFSET  # stored in UTC
        db.session.execute(update(NominationEvent).where(
            NominationEvent.nomination_id.in_([entry.nomination_id for entry in document.entries]),
            NominationEvent.action == "awarded", NominationEvent.created_at >= since).values(created_at=moment))
        ctx.count("award_record", len(document.entries))
