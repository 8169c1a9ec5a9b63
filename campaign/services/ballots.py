"""The secret ballot: casting it, entering a written one, who has voted, and the tallies once voting closed.

By construction (docs/council.md, "The secret ballot"): a ballot writes, in one transaction, a
`BallotCast` row (a random key, the session, the member, written or not: no time, no choice) and an
SQL-level increment of EVERY agenda item's `VoteTally` row, in agenda order, by 0 or 1. No row is written
per choice, every ballot updates the same rows in the same order with the same statements, so nothing
stored — not a column, an id, a timestamp, a row version or the order of rows — follows a voter to what
they chose. The audit log says that X voted, never how. Nobody votes twice (the unique constraint on
(session, member) decides between two tabs submitting at once); nobody votes before voting opens or after
it closes (the session row is read under a share lock, and every increment is conditional on the
session still voting).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import permissions
from ..extensions import db
from ..models import (
    AgendaItem,
    Attendance,
    BallotCast,
    CouncilSession,
    Nomination,
    SessionMember,
    SessionStatus,
    VoteTally,
)
from ..rules.legal_figures import AppliedThreshold, applied_threshold
from ..rules.tally import TallyLine, check_ballot
from ..rules.voting import Threshold
from . import PermissionDenied, ServiceError, audit, transactional

# What a ballot page needs of a session, in a fixed number of queries whatever the agenda's size.
SESSION_LOAD = (
    selectinload(CouncilSession.members),
    selectinload(CouncilSession.items).options(
        joinedload(AgendaItem.nomination).options(joinedload(Nomination.award_form), joinedload(Nomination.person),
                                                  joinedload(Nomination.nominee_unit), joinedload(Nomination.unit)),
        selectinload(AgendaItem.recusals)),
)

ALREADY_VOTED = "Bạn đã bỏ phiếu trong phiên họp này."
NOT_OPEN = "Phiên họp chưa mở bỏ phiếu: Chủ tịch Hội đồng mở bỏ phiếu sau khi kết thúc chấm điểm."
CLOSED = "Phiên họp đã kết thúc bỏ phiếu: không nhận thêm phiếu."
FINAL = "Phiếu đã bỏ không sửa được."


def load_session(session_id: int) -> CouncilSession | None:
    """The session with its members, agenda (nominations, award forms, nominees) and recusals."""
    return db.session.scalar(select(CouncilSession).where(CouncilSession.id == session_id).options(*SESSION_LOAD))


def agenda(session: CouncilSession) -> list[AgendaItem]:
    """The agenda in its order (position, then id: a fixed order every ballot follows)."""
    return sorted(session.items, key=lambda item: (item.position, item.id))


def item_label(item: AgendaItem) -> str:
    return f"{item.nomination.nominee_name} ({item.nomination.award_form.name})"


def recused_items(session: CouncilSession, person_id: int) -> set[int]:
    """The agenda items `person_id` is recused on (any source), from the loaded recusals."""
    return {item.id for item in session.items for r in item.recusals if r.person_id == person_id}


def off_ballot(session: CouncilSession, person_id: int) -> set[int]:
    """The items left off this member's ballot: their recusals, when the session's setting says so."""
    return recused_items(session, person_id) if session.recused_leave_ballot else set()


def has_voted(session: CouncilSession, person_id: int) -> bool:
    return db.session.scalar(select(exists().where(BallotCast.session_id == session.id,
                                                   BallotCast.person_id == person_id))) or False


def _require_voting(status: str) -> None:
    if status in (SessionStatus.PREPARED, SessionStatus.SCORING):
        raise ServiceError(NOT_OPEN)
    if status != SessionStatus.VOTING:
        raise ServiceError(CLOSED)


def check_choices(session: CouncilSession, member: SessionMember, choices: dict) -> list:
    """The ballot read against the agenda (rules.tally.check_ballot): its increments in agenda order, or a
    ServiceError listing every item left unanswered or wrongly answered (each beside its field
    `item_<id>`, the whole list at the form's top). Writes nothing: the confirmation page uses it too."""
    items = agenda(session)
    check = check_ballot([item.id for item in items], choices, recused_items(session, member.person_id),
                         session.recused_leave_ballot)
    if check.ok:
        return check.increments
    labels = {item.id: item_label(item) for item in items}
    problems: dict = {}
    parts = []
    if check.missing:
        parts.append("hãy chọn «Đồng ý» hoặc «Không đồng ý» cho: "
                     + "; ".join(labels[i] for i in check.missing))
        problems.update({f"item_{i}": "Chưa chọn «Đồng ý» hoặc «Không đồng ý»." for i in check.missing})
    if check.invalid:
        parts.append("lựa chọn không hợp lệ cho: " + "; ".join(labels[i] for i in check.invalid))
        problems.update({f"item_{i}": "Chỉ chọn «Đồng ý» hoặc «Không đồng ý»." for i in check.invalid})
    if check.off_ballot:
        parts.append("không bỏ phiếu cho hồ sơ thuộc trường hợp tránh xét (không tham gia): "
                     + "; ".join(labels[i] for i in check.off_ballot))
    if check.unknown:
        parts.append("có lựa chọn cho hồ sơ không thuộc chương trình phiên họp")
    message = "Phiếu chưa hợp lệ: " + "; ".join(parts) + "."
    error = ServiceError(message)
    error.problems = {None: message, **problems}
    raise error


def _cast(session: CouncilSession, member: SessionMember, choices: dict, *, written: bool,
          already: str) -> None:
    """The one write of a ballot (inside the caller's unit of work)."""
    _require_voting(session.status)
    increments = check_choices(session, member, choices)
    # Read the status again under a share lock (PostgreSQL): closing voting updates this row, so it waits
    # for the ballots under way, and a ballot that waited sees the closed status. SQLite serialises writers;
    # there every increment below is conditional on the session still voting.
    _require_voting(db.session.scalar(select(CouncilSession.status).where(CouncilSession.id == session.id)
                                      .with_for_update(read=True)))
    if has_voted(session, member.person_id):
        raise ServiceError(already)
    present = set(db.session.scalars(select(VoteTally.item_id).where(VoteTally.session_id == session.id)))
    lacking = [item for item in agenda(session) if item.id not in present]
    if lacking:
        raise ServiceError("Phiên họp chưa được mở bỏ phiếu đúng cách: thiếu bảng kiểm phiếu của "
                           + "; ".join(item_label(item) for item in lacking)
                           + ". Không ghi nhận phiếu nào; hãy báo Văn phòng kiểm tra.")
    db.session.add(BallotCast(id=secrets.token_hex(16), session_id=session.id, person_id=member.person_id,
                              written=written))
    try:
        db.session.flush()
    except IntegrityError as err:  # two tabs at once: the constraint lets one through
        raise ServiceError(already) from err
    table = VoteTally.__table__
    still_voting = exists().where(CouncilSession.id == session.id, CouncilSession.status == SessionStatus.VOTING)
    for step in increments:  # every item, in agenda order, by 0 or 1: the same statements for every ballot
        result = db.session.execute(
            table.update()
            .where(table.c.session_id == session.id, table.c.item_id == step.item_id, still_voting)
            .values(agree=table.c.agree + step.agree, disagree=table.c.disagree + step.disagree,
                    not_voting=table.c.not_voting + step.not_voting))
        if result.rowcount != 1:
            raise ServiceError(CLOSED)


@transactional
def cast_ballot(user, session: CouncilSession, choices: dict) -> None:
    """`user` casts their one ballot in `session`: {agenda item id: "agree" | "disagree"} for every item
    on it (an item they are recused on left off when the session says so). Final: a ballot is never
    changed. The audit log records that they voted, never how."""
    permissions.can_take_part(user, session).require()
    member = permissions.session_member(user, session)
    if member.attendance == Attendance.WRITTEN:
        raise ServiceError("Bạn được điểm danh vắng mặt, có phiếu bằng văn bản: Thư ký Hội đồng nhập phiếu "
                           "của bạn.")
    if member.attendance == Attendance.ABSENT:
        raise ServiceError("Bạn được điểm danh vắng mặt nên không bỏ phiếu trực tiếp. Nếu bạn có mặt, hãy "
                           "báo Thư ký Hội đồng sửa điểm danh.")
    _cast(session, member, choices, written=False, already=ALREADY_VOTED)
    audit.record("ballot.cast", actor=user, object_type="council_session", object_id=session.id,
                 summary=f"{member.full_name} đã bỏ phiếu trong phiên họp «{session.title}».")


@transactional
def record_written_ballot(user, session: CouncilSession, session_member: SessionMember, choices: dict) -> None:
    """The session's secretary enters the written ballot (phiếu bằng văn bản) of `session_member`, a member
    marked absent with a written ballot; it counts like any other and is marked as written."""
    permissions.can_keep_minutes(user, session).require()
    if session_member.session_id != session.id:
        raise PermissionDenied("Người này không phải thành viên Hội đồng của phiên họp.")
    if session_member.attendance != Attendance.WRITTEN:
        raise ServiceError(f"{session_member.full_name} không được điểm danh «{Attendance.LABELS[Attendance.WRITTEN]}»: "
                           "chỉ nhập phiếu bằng văn bản cho thành viên vắng mặt có phiếu bằng văn bản.")
    _cast(session, session_member, choices, written=True,
          already=f"{session_member.full_name} đã có phiếu trong phiên họp này.")
    secretary = permissions.session_member(user, session)
    audit.record("ballot.written", actor=user, object_type="council_session", object_id=session.id,
                 summary=f"{secretary.full_name} đã nhập phiếu bằng văn bản của {session_member.full_name} "
                         f"trong phiên họp «{session.title}».")


# --- reading -------------------------------------------------------------------------------------


@dataclass
class Participation:
    member: SessionMember
    voted: bool
    written: bool


@dataclass
class VotingStatus:
    """Who has voted (and whether in writing), never how: the members in the decision's order."""

    rows: list[Participation]

    @property
    def voted(self) -> int:
        return sum(row.voted for row in self.rows)

    @property
    def members(self) -> int:
        return len(self.rows)


def voting_status(session: CouncilSession) -> VotingStatus:
    """One query: the session's BallotCast rows (person and written), matched to its loaded members."""
    cast = {person_id: written for person_id, written in db.session.execute(
        select(BallotCast.person_id, BallotCast.written).where(BallotCast.session_id == session.id))}
    members = sorted(session.members, key=lambda m: (m.position, m.id))
    return VotingStatus([Participation(m, m.person_id in cast, bool(cast.get(m.person_id))) for m in members])


def award_threshold(award_form, day) -> AppliedThreshold:
    """The approval threshold a session held on `day` applies to `award_form`: its stored setting (read as the
    exact fraction it rounds, rules.voting.Threshold.stored) floored by the legal figure in force that day
    (rules.legal_figures.applied_threshold). The one reading of it: the tally page and the ranking use it."""
    setting = Threshold.stored(award_form.threshold_share, award_form.threshold_strict)
    return applied_threshold(award_form.code, setting, day, award_form.legal_basis)


@dataclass
class TallyRow:
    item: AgendaItem
    line: TallyLine
    form_threshold: Threshold  # the award form's own setting
    applied: AppliedThreshold  # what applies (line.threshold) and where it comes from
    missing: bool  # no counters for this item: voting was not opened properly

    @property
    def award_form(self):
        return self.item.nomination.award_form

    @property
    def by_law(self) -> bool:
        """The legal figure in force applies (the form's setting asks less, or the same)."""
        return self.applied.source == "law"


def tallies(session: CouncilSession) -> list[TallyRow] | None:
    """Per agenda item, in agenda order: agree / disagree / not voting out of ALL the session's members, the
    ratio and whether it passes the threshold applied (`award_threshold`). None while the session is not
    tallied or approved: nobody sees counts before the chair closes voting (permissions.can_see_tally)."""
    if session.status not in permissions.TALLY_VISIBLE:
        return None
    counts = {row.item_id: row for row in db.session.scalars(
        select(VoteTally).where(VoteTally.session_id == session.id))}
    members = len(session.members)
    rows = []
    for item in agenda(session):
        award = item.nomination.award_form
        applied = award_threshold(award, session.held_on)
        count = counts.get(item.id)
        line = TallyLine(count.agree if count else 0, count.disagree if count else 0,
                         count.not_voting if count else 0, members, applied.threshold)
        rows.append(TallyRow(item, line, Threshold.stored(award.threshold_share, award.threshold_strict), applied,
                             count is None))
    return rows
