"""The council's work on the demo's annual rounds (steps.council_step): the previous round's session held and
approved, the current round's session prepared.

Only service calls, as the office, the chair, the secretary and each member would make them on the pages:
prepare the session, put the round's accepted dossiers on its agenda by award form, record attendance (8
present, 1 absent with a written ballot), open scoring (the freeze and the automatic recusals: the Phòng
KHĐT member on KHĐT's dossiers), score by the spec's shares (ReplaySpec), open voting, cast every ballot (the
absent member's entered by the secretary), close voting, the chair's move across the cut with its reason,
approve; then the office includes the recommended in the year's decision and awards them, which writes the
titles into everyone's history (AwardRecord) for the eligibility of later rounds.

The council's services take no clock: the rows of the session's own timeline written here (session and
dossier events, the session's moments, scores) are dated afterwards to the session's day, so the timeline
reads as the meeting happened. The audit log keeps the load's real time: it is the record of who wrote what
when. Found again by (phase, title): a second load adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select, update

from ..extensions import db
from ..models import (
    AgendaItem,
    Attendance,
    AwardForm,
    AwardRecord,
    CouncilSession,
    DocumentKind,
    Nomination,
    NominationEvent,
    OfficialDocument,
    Phase,
    Role,
    Score,
    SessionEvent,
    SessionMember,
    SessionStatus,
    User,
    utcnow,
)
from ..models.base import VIETNAM_OFFSET
from ..rules.workflow import NominationStatus
from ..services import ballots, decisions, ranking, scoring
from ..services import council as council_service
from .dossiers import nomination_for


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _office() -> User | None:
    return db.session.scalar(select(User).where(User.role == Role.OFFICE, User.active.is_(True)).order_by(User.id))


def _session(phase: Phase, title: str) -> CouncilSession | None:
    return db.session.scalar(select(CouncilSession).where(CouncilSession.phase_id == phase.id,
                                                          CouncilSession.title == title))


def _round_awards(phase: Phase) -> list[AwardForm]:
    """The award forms with accepted dossiers in the round, in the catalogue's order."""
    return list(db.session.scalars(
        select(AwardForm).where(AwardForm.id.in_(select(Nomination.award_form_id).where(
            Nomination.phase_id == phase.id, Nomination.status == NominationStatus.ACCEPTED)))
        .order_by(AwardForm.position, AwardForm.id)))


def _prepare(ctx, phase: Phase, title: str, office: User, replay) -> CouncilSession | None:
    session = _session(phase, title)
    if session is not None:
        return session
    awards = _round_awards(phase)
    if not awards:
        return None  # nothing accepted waits for the council: no empty session
    held_on = phase.council_date or (phase.nomination_closes_at.date() + dt.timedelta(days=14))
    session = council_service.prepare_session(office, phase=phase, title=title, held_on=held_on,
                                              starts_at=replay.starts_at, place=replay.place)
    for award in awards:
        council_service.add_items_by_award(office, session, award)
    ctx.count("council_session")
    return session


def _on_step(points: Decimal, step: Decimal, maximum: Decimal) -> Decimal:
    steps = (points / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(max(steps * step, Decimal(0)), maximum)


def _score(session: CouncilSession, member: SessionMember, user: User, replay, shares: dict, offset: Decimal,
           outlier) -> None:
    """One member's sheet: qualitative criteria at the item's share of their maximum plus the member's offset;
    quantitative ones keep the attainment points the sheet prefills (submitting saves them)."""
    sheet = scoring.scoring_sheet(user, session)
    for item_sheet in sheet.items:
        if item_sheet.recused:
            continue
        # The item's share, varied a little from item to item (−0,02 … +0,02) so that totals differ as they do
        share = shares.get(item_sheet.item.id, replay.default_share) + Decimal((item_sheet.item.position * 7) % 5 - 2) / 100
        if outlier and outlier[0] == user.username and outlier[1] == item_sheet.item.id:
            share = outlier[2]
        for cell in item_sheet.cells:
            if cell.quantitative and cell.prefilled is not None:
                continue
            maximum = cell.criterion.max_points
            points = _on_step(maximum * share + offset, sheet.step, maximum)
            comment = "" if not cell.quantitative else "Đơn vị chưa có kết quả định lượng; Hội đồng chấm theo hồ sơ."
            scoring.save_score(user, session, item_sheet.item, cell.criterion, points, comment)
    scoring.submit_scores(user, session)


def _items_by_ref(ctx, phase: Phase, session: CouncilSession, refs) -> dict:
    """{spec NomineeRef: agenda item id} for the refs found on the agenda."""
    by_nomination = {item.nomination_id: item.id for item in session.items}
    found = {}
    for ref in refs:
        nomination = nomination_for(ctx, phase, ref)
        if nomination is not None and nomination.id in by_nomination:
            found[ref] = by_nomination[nomination.id]
    return found


def _hold(ctx, session: CouncilSession, replay) -> None:
    """The meeting itself, from attendance to approval."""
    phase = session.phase
    members = {m.user.username: m for m in session.members if m.user is not None}
    chair = next(m.user for m in session.members if m.council_role == "chair")
    secretary = next(m.user for m in session.members if m.council_role == "secretary")
    written = members.get(replay.written_ballot)
    council_service.set_attendance(secretary, session, {
        m.id: Attendance.WRITTEN if m is written else Attendance.PRESENT for m in session.members})
    council_service.open_scoring(chair, session)

    refs = [ref for ref, _ in replay.shares] + [ref for ref, _ in replay.disagree]
    refs += [replay.outlier[1]] if replay.outlier else []
    refs += [replay.override.nominee] if replay.override else []
    items = _items_by_ref(ctx, phase, session, refs)
    shares = {items[ref]: share for ref, share in replay.shares if ref in items}
    outlier = None
    if replay.outlier and replay.outlier[1] in items:
        outlier = (replay.outlier[0], items[replay.outlier[1]], replay.outlier[2])
    offsets = dict(zip([m.user.username for m in session.members if m.user], replay.member_offsets, strict=False))
    for member in session.members:
        if member is written or member.user is None:
            continue  # absent: votes in writing, does not score
        _score(session, member, member.user, replay, shares, offsets.get(member.user.username, Decimal(0)),
               outlier)

    council_service.open_voting(chair, session)
    against = {items[ref]: set(names) for ref, names in replay.disagree if ref in items}
    for member in session.members:
        if member.user is None:
            continue
        choices = {item.id: "disagree" if member.user.username in against.get(item.id, ()) else "agree"
                   for item in session.items}
        if member is written:
            ballots.record_written_ballot(secretary, session, member, choices)
        else:
            ballots.cast_ballot(member.user, session, choices)
    council_service.close_voting(chair, session)
    if replay.override and replay.override.nominee in items:
        item = db.session.get(AgendaItem, items[replay.override.nominee])
        ranking.set_override(chair, session, item, replay.override.direction, replay.override.reason)
    ranking.approve(chair, session, seen_version=session.version)


# The documents of the year's round as the office left them: the decisions numbered after the year's earlier
# ones, all issued but the CSTĐCS (a newcomer issues it), the submissions to the head and to the province, the
# minutes, the ballot result and the year's tổng kết report issued; the province has not answered yet.
DEMO_NUMBERS = {DocumentKind.MINUTES: 1, DocumentKind.BALLOT: 2}


def _award(ctx, session: CouncilSession, office: User) -> None:
    """The round's documents a few days after the meeting (services/decisions.py): drafted, numbered and
    issued through the office's own actions; the issued decisions' titles enter the history that later
    rounds' eligibility reads."""
    decided = session.held_on + dt.timedelta(days=4)
    if decided > ctx.now.date():
        return
    since = utcnow()
    drafts = decisions.draft_session_documents(office, session)
    number = 20 + session.held_on.year % 100
    submissions = 10
    day = f"{decided.day:02d}/{decided.month:02d}/{decided.year}"
    held = f"{session.held_on.day:02d}/{session.held_on.month:02d}/{session.held_on.year}"
    to_issue: list[tuple[OfficialDocument, int, str]] = []
    for document in drafts:
        if document.kind in DEMO_NUMBERS:
            to_issue.append((document, DEMO_NUMBERS[document.kind], held))
        elif document.kind == DocumentKind.SUBMISSION:
            submissions += 1
            to_issue.append((document, submissions, held))
    for document in [d for d in drafts if d.kind == DocumentKind.DECISION]:
        if document.award_form.code == "CSTDCS":
            continue  # left as a draft: the newcomer's first issue
        number += 1
        to_issue.append((document, number, day))
    for document, value, when in to_issue:
        decisions.issue(office, document, number_text=str(value), date_text=when, today=ctx.now.date())
        ctx.count("official_document")
    # The year's tổng kết report, two weeks after the decisions.
    reported = decided + dt.timedelta(days=14)
    if reported <= ctx.now.date():
        review = decisions.draft_review(office, session.phase)
        decisions.issue(office, review, number_text="3",
                        date_text=f"{reported.day:02d}/{reported.month:02d}/{reported.year}", today=ctx.now.date())
        ctx.count("official_document")
    moment = dt.datetime.combine(decided, dt.time(15, 0)) - VIETNAM_OFFSET
    # The office's steps on the round's dossiers (put into a document, awarded) happened on the decision's day.
    nominations = [item.nomination_id for item in session.items]
    db.session.execute(update(NominationEvent).where(NominationEvent.nomination_id.in_(nominations),
                                                     NominationEvent.action.in_(("included", "awarded")),
                                                     NominationEvent.created_at >= since)
                       .values(created_at=moment))
    for document in drafts:
        document.created_at = moment
        if document.is_issued:
            document.issued_at = moment
    ctx.count("award_record", db.session.scalar(select(func.count(AwardRecord.id))
                                                .where(AwardRecord.document_id.is_not(None))) or 0)


def _date_timeline(session: CouncilSession, since: dt.datetime) -> None:
    """Date the rows this replay wrote to the session's day: from 08:00 (Vietnam time), 20 minutes a step."""
    start = dt.datetime.combine(session.held_on, dt.time(8, 0)) - VIETNAM_OFFSET  # stored in UTC
    events = db.session.scalars(select(SessionEvent).where(SessionEvent.session_id == session.id,
                                                           SessionEvent.created_at >= since)
                                .order_by(SessionEvent.id)).all()
    for minutes, event in enumerate(events):
        event.created_at = start + dt.timedelta(minutes=20 * minutes)
        if event.to_status == SessionStatus.SCORING:
            session.scoring_opened_at = event.created_at
        elif event.to_status == SessionStatus.VOTING:
            session.voting_opened_at = event.created_at
        elif event.to_status == SessionStatus.TALLIED:
            session.voting_closed_at = event.created_at
        elif event.to_status == SessionStatus.APPROVED:
            session.approved_at = event.created_at
    scored = session.scoring_opened_at or start
    for item in session.items:
        if item.frozen_at is not None:
            item.frozen_at = scored
    db.session.execute(update(Score).where(Score.session_id == session.id).values(updated_at=scored))
    for member in session.members:
        if member.scores_submitted_at is not None:
            member.scores_submitted_at = scored + dt.timedelta(minutes=30)
    nominations = [item.nomination_id for item in session.items]
    db.session.execute(update(NominationEvent).where(NominationEvent.nomination_id.in_(nominations),
                                                     NominationEvent.created_at >= since)
                       .values(created_at=session.approved_at or start))


def council_step(ctx) -> None:
    """The previous annual round's session held and approved, the current round's prepared (see the module)."""
    spec = ctx.spec.council
    replay = spec.replay if spec else None
    office = _office()
    if replay is None or ctx.council is None or office is None:
        return
    previous, current = ctx.rounds.get("previous"), ctx.rounds.get("current")
    if previous is not None:
        title = replay.title.format(year=previous.start_date.year)
        session = _prepare(ctx, previous, title, office, replay)
        if session is not None and session.status == SessionStatus.PREPARED and session.items \
                and session.held_on <= ctx.now.date():
            since = utcnow()
            _hold(ctx, session, replay)
            _date_timeline(session, since)
            _award(ctx, session, office)
    if current is not None and replay.current_title:
        _prepare(ctx, current, replay.current_title.format(year=current.start_date.year), office, replay)
