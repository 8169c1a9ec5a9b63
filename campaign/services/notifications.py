"""Each user's notifications, computed from the data (no table: nothing to keep in step, nothing lost):

- a unit officer: a dossier of theirs the office returned; their window closing within three days; a
  ranking approved with their dossiers in it; a decision issued that awards their nominees;
- the office (and admin): an appraisal deadline within three days; a ranking approved; a dossier a unit
  withdrew, with its reason;
- a council session's member (by the session's snapshot, whatever the account's role): the session opened
  for scoring or for voting; the session's date within three days.

The list covers the last LOOKBACK (30 days). "New" is what came after the user last opened the
notifications page (`seen_at`, kept in the browser's signed session cookie by the view, not in the
database). A fixed number of queries per user, whatever the number of dossiers: the menu's badge asks once
per request (`count_for_request`, cached in flask.g).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import g, has_request_context, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from ..models import (
    AgendaItem,
    CouncilSession,
    DocumentEntry,
    Nomination,
    NominationEvent,
    NominationStatus,
    OfficialDocument,
    Role,
    SessionMember,
    User,
    local_now,
)
from ..models.base import VIETNAM_OFFSET
from ..models.council import SessionStatus
from ..models.document import DocumentStatus
from ..permissions import can_manage_org, phase_window, unit_scope
from ..vietnamese import short_date, short_datetime
from .home import _running_phases, recent_withdrawals

LOOKBACK = dt.timedelta(days=30)
SOON = dt.timedelta(days=3)

KIND_LABELS = {
    "returned": "Hồ sơ bị trả lại",
    "deadline": "Sắp đến hạn",
    "session_opened": "Phiên họp đang mở",
    "ranking_approved": "Kết quả xét đã phê duyệt",
    "document_issued": "Văn bản đã ban hành",
    "withdrawn": "Đơn vị rút hồ sơ",
}


@dataclass(frozen=True)
class Notification:
    """One thing a user should know: `when` in Vietnam time (naive), `url` a path of this application."""

    title: str
    body: str
    url: str
    when: dt.datetime
    kind: str  # KIND_LABELS

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "")


def _local(value: dt.datetime | None) -> dt.datetime | None:
    """A stored UTC moment in Vietnam time."""
    return None if value is None else value + VIETNAM_OFFSET


def _url(endpoint: str, **args) -> str:
    return url_for(endpoint, **args)


# --- the sources ----------------------------------------------------------------------------------


def _returned(scope: set[int], since: dt.datetime) -> list[Notification]:
    if not scope:
        return []
    rows = db.session.scalars(
        select(NominationEvent).join(NominationEvent.nomination)
        .where(NominationEvent.action == "returned", NominationEvent.created_at >= since - VIETNAM_OFFSET,
               Nomination.unit_id.in_(scope))
        .options(contains_eager(NominationEvent.nomination).options(
            joinedload(Nomination.person), joinedload(Nomination.nominee_unit), joinedload(Nomination.award_form))))
    return [Notification(f"Văn phòng trả lại hồ sơ của {e.nomination.nominee_name}",
                         f"Hồ sơ đề nghị «{e.nomination.award_form.name}» cần bổ sung, sửa chữa "
                         f"{len(e.points or [])} điểm." + (" Hồ sơ đã được nộp lại."
                                                           if e.nomination.status != NominationStatus.RETURNED else ""),
                         _url("dossiers.nomination", nomination_id=e.nomination_id), _local(e.created_at), "returned")
            for e in rows]


def _unit_deadlines(user: User, now: dt.datetime) -> list[Notification]:
    found = []
    for phase in _running_phases():
        window = phase_window(phase, now, user.unit_id)
        closes = window.closes_at
        if window.is_open and closes is not None and closes - now <= SOON:
            found.append(Notification(
                f"Hạn nộp hồ sơ {phase.name}: {short_datetime(closes)}",
                f"Còn {window.time_left.removeprefix('còn ')} để nộp hồ sơ đề nghị khen thưởng của "
                f"{phase.campaign.title}.", _url("dossiers.nominations", **{"giai-doan": phase.id}),
                closes - SOON, "deadline"))
    return found


def _office_deadlines(now: dt.datetime) -> list[Notification]:
    today = now.date()
    found = []
    for phase in _running_phases():
        deadline = phase.appraisal_deadline
        if deadline is not None and today <= deadline <= today + SOON:
            days = (deadline - today).days
            found.append(Notification(
                f"Hạn thẩm định {phase.name}: {short_date(deadline)}",
                ("Hôm nay là hạn thẩm định" if days == 0 else f"Còn {days} ngày đến hạn thẩm định")
                + f" hồ sơ của {phase.campaign.title}.", _url("dossiers.appraisal", **{"giai-doan": phase.id}),
                dt.datetime.combine(deadline - SOON, dt.time()), "deadline"))
    return found


def _approved_sessions(scope: set[int] | None, since: dt.datetime) -> list[Notification]:
    """Sessions approved since `since`: every one for the office (scope None), else those with a dossier
    the scope proposed on their agenda."""
    query = select(CouncilSession).where(CouncilSession.status == SessionStatus.APPROVED,
                                         CouncilSession.approved_at >= since - VIETNAM_OFFSET)
    if scope is not None:
        if not scope:
            return []
        query = query.where(CouncilSession.id.in_(select(AgendaItem.session_id).join(
            Nomination, Nomination.id == AgendaItem.nomination_id).where(Nomination.unit_id.in_(scope))))
    found = []
    for session in db.session.scalars(query.options(joinedload(CouncilSession.phase))):
        if scope is None:
            url = _url("council.ranking", session_id=session.id)
            body = "Chủ tịch Hội đồng đã phê duyệt kết quả xét: chuẩn bị dự thảo quyết định, tờ trình."
        else:
            url = _url("dossiers.nominations", **{"giai-doan": session.phase_id})
            body = "Hội đồng đã phê duyệt kết quả xét các hồ sơ của đơn vị: xem kết quả trên từng hồ sơ."
        found.append(Notification(f"Đã phê duyệt kết quả xét: {session.title}", body, url,
                                  _local(session.approved_at), "ranking_approved"))
    return found


def _issued_documents(scope: set[int], since: dt.datetime) -> list[Notification]:
    """Documents issued since `since` that award a nominee the scope proposed."""
    if not scope:
        return []
    awarding = (select(DocumentEntry.document_id, func.min(Nomination.phase_id).label("phase_id"))
                .join(Nomination, Nomination.id == DocumentEntry.nomination_id)
                .where(Nomination.unit_id.in_(scope), Nomination.status == NominationStatus.AWARDED)
                .group_by(DocumentEntry.document_id).subquery())
    rows = db.session.execute(
        select(OfficialDocument, awarding.c.phase_id).join(awarding, awarding.c.document_id == OfficialDocument.id)
        .where(OfficialDocument.status == DocumentStatus.ISSUED, OfficialDocument.issued_at >= since - VIETNAM_OFFSET)
        .order_by(OfficialDocument.issued_at.desc())).all()
    return [Notification(f"Đã ban hành {document.kind_label.lower()} số {document.number_text}",
                         f"{document.title} ({short_date(document.issued_on)}): có cá nhân, tập thể của đơn vị được "
                         "khen thưởng.", _url("dossiers.nominations", **{"giai-doan": phase_id, "trang-thai": "awarded"}),
                         _local(document.issued_at), "document_issued") for document, phase_id in rows]


def _member_sessions(user: User, now: dt.datetime, since: dt.datetime) -> list[Notification]:
    """The sessions `user` sits in (the session's snapshot): opened for scoring or voting, or held soon."""
    sessions = db.session.scalars(select(CouncilSession).join(
        SessionMember, SessionMember.session_id == CouncilSession.id).where(
        SessionMember.user_id == user.id, CouncilSession.status != SessionStatus.APPROVED)).unique().all()
    today, found = now.date(), []
    for session in sessions:
        if session.status == SessionStatus.SCORING and session.scoring_opened_at:
            found.append(Notification(f"Mở chấm điểm: {session.title}",
                                      "Chủ tịch Hội đồng đã mở chấm điểm: hãy chấm và nộp phiếu chấm điểm.",
                                      _url("council.scoring_sheet", session_id=session.id),
                                      _local(session.scoring_opened_at), "session_opened"))
        elif session.status == SessionStatus.VOTING and session.voting_opened_at:
            found.append(Notification(f"Mở bỏ phiếu: {session.title}",
                                      "Chủ tịch Hội đồng đã mở bỏ phiếu kín: hãy bỏ phiếu.",
                                      _url("council.ballot", session_id=session.id),
                                      _local(session.voting_opened_at), "session_opened"))
        if today <= session.held_on <= today + SOON:
            days = (session.held_on - today).days
            found.append(Notification(
                f"Họp Hội đồng {'hôm nay' if days == 0 else 'ngày ' + short_date(session.held_on)}: {session.title}",
                ("Phiên họp diễn ra hôm nay" if days == 0 else f"Còn {days} ngày đến phiên họp")
                + (f", {session.starts_at}" if session.starts_at else "") + (f", tại {session.place}" if session.place else "")
                + ".", _url("council.session", session_id=session.id),
                dt.datetime.combine(session.held_on - SOON, dt.time()), "deadline"))
    return [n for n in found if n.when >= since or n.kind == "deadline"]


def _withdrawals(since: dt.datetime, now: dt.datetime) -> list[Notification]:
    return [Notification(f"{e.nomination.unit.name} rút hồ sơ của {e.nomination.nominee_name}",
                         f"Lý do: {e.note}", _url("dossiers.nomination", nomination_id=e.nomination_id),
                         _local(e.created_at), "withdrawn")
            for e in recent_withdrawals([p.id for p in _running_phases()], now) if _local(e.created_at) >= since]


def notifications_for(user: User, now: dt.datetime | None = None) -> list[Notification]:
    """The user's notifications of the last LOOKBACK, the latest first (`now`: Vietnam time). Needs a
    request context (the links are built with url_for; the CLI opens one)."""
    if user is None or not user.is_authenticated or not user.active:
        return []
    now = now or local_now()
    since = now - LOOKBACK
    found: list[Notification] = []
    if can_manage_org(user):
        found += _office_deadlines(now) + _approved_sessions(None, since) + _withdrawals(since, now)
    elif user.role == Role.UNIT_OFFICER and user.unit_id:
        scope = unit_scope(user)
        found += (_returned(scope, since) + _unit_deadlines(user, now) + _approved_sessions(scope, since)
                  + _issued_documents(scope, since))
    found += _member_sessions(user, now, since)
    return sorted((n for n in found if n.when <= now or n.kind == "deadline"), key=lambda n: n.when, reverse=True)


def new_since(notifications: list[Notification], seen_at: dt.datetime | None) -> list[Notification]:
    """Those that came after `seen_at` (all of them when the page was never opened)."""
    return list(notifications) if seen_at is None else [n for n in notifications if n.when > seen_at]


def for_request(user: User) -> list[Notification]:
    """notifications_for(user), once per request (the menu's badge and the page share it)."""
    if not has_request_context():
        return notifications_for(user)
    if "_notifications" not in g:
        g._notifications = notifications_for(user)
    return g._notifications
