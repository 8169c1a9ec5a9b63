"""The council's writes and the session pages' read side: councils by decision and their members, sessions
(prepared from the council in force on their date, with a snapshot of its members), the agenda, attendance,
recusals, and the chair's steps through rules/council.py's table with the session's timeline.

Every write is one user action (`@transactional`), asks permissions.py, checks the state, records an audit
event and, for a step of the session, a SessionEvent (what the minutes recount). Scores, ballots and the
ranking are written by services/scoring.py, services/ballots.py and services/ranking.py; `advance` is the
one way a session changes status (the approval uses it too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    AgendaItem,
    Attendance,
    AwardForm,
    BallotCast,
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Nomination,
    Person,
    Phase,
    Recusal,
    Score,
    SessionEvent,
    SessionMember,
    SessionStatus,
    Unit,
    User,
    VoteTally,
)
from ..models.base import utcnow
from ..permissions import can_chair, can_keep_minutes, can_manage_councils
from ..rules import council as rules
from ..rules import recusal as recusal_rules
from ..rules.council import SessionAction
from ..rules.workflow import Action, NominationStatus
from ..vietnamese import clean_text
from . import PermissionDenied, ServiceError, audit, check_version, transactional
from . import facts as facts_service
from . import sheets as sheets_service
from . import workflow as workflow_service

REASON_MAX = 2000
OPEN_STATUSES = (SessionStatus.PREPARED, SessionStatus.SCORING, SessionStatus.VOTING, SessionStatus.TALLIED)
ATTENDANCE_STATUSES = (SessionStatus.PREPARED, SessionStatus.SCORING, SessionStatus.VOTING)
BEFORE_VOTING = (SessionStatus.PREPARED, SessionStatus.SCORING)


def _require(answer) -> None:
    if not answer:
        raise PermissionDenied(answer.reason or PermissionDenied().message)


def _text(value, limit: int | None = None) -> str:
    text = clean_text(value or "") if isinstance(value, str) or value is None else str(value)
    return text[:limit] if limit else text


# --- councils by decision ---------------------------------------------------------------------------

COUNCIL_FIELDS = ["name", "decision_number", "decision_date", "issuer", "term_start", "term_end", "note"]


def _council_values(data: dict) -> dict:
    values = {
        "name": _text(data.get("name")) or "Hội đồng Thi đua – Khen thưởng",
        "decision_number": _text(data.get("decision_number")),
        "decision_date": data.get("decision_date"),
        "issuer": _text(data.get("issuer")),
        "term_start": data.get("term_start") or data.get("decision_date"),
        "term_end": data.get("term_end"),
        "note": (data.get("note") or "").strip(),
    }
    problems = {}
    if not values["decision_number"]:
        problems["decision_number"] = "Hãy nhập số quyết định thành lập (kiện toàn) Hội đồng."
    elif len(values["decision_number"]) > 60:
        problems["decision_number"] = "Số quyết định không được dài quá 60 ký tự."
    if not isinstance(values["decision_date"], dt.date):
        problems["decision_date"] = "Hãy nhập ngày ký quyết định."
    if not isinstance(values["term_start"], dt.date):
        problems["term_start"] = "Hãy nhập ngày Hội đồng bắt đầu nhiệm kỳ."
    if values["term_end"] is not None and isinstance(values["term_start"], dt.date) \
            and values["term_end"] < values["term_start"]:
        problems["term_end"] = "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."
    if len(values["name"]) > 300:
        problems["name"] = "Tên Hội đồng không được dài quá 300 ký tự."
    if len(values["issuer"]) > 300:
        problems["issuer"] = "Cơ quan, người ban hành không được dài quá 300 ký tự."
    if problems:
        raise ServiceError.of(problems)
    return values


@transactional
def create_council(actor: User, data: dict) -> Council:
    """A council as established (or re-constituted) by a decision; its members follow (set_members)."""
    _require(can_manage_councils(actor))
    values = _council_values(data)
    council = Council(**values)
    db.session.add(council)
    db.session.flush()
    audit.record("council.create", council, actor=actor,
                 summary=f"Thành lập (kiện toàn) Hội đồng theo Quyết định số {council.decision_number}",
                 changes={k: [None, audit._plain(v)] for k, v in values.items() if v not in (None, "")})
    return council


@transactional
def update_council(actor: User, council: Council, data: dict, seen_version=None) -> Council:
    _require(can_manage_councils(actor))
    check_version(council, seen_version)
    values = _council_values(data)
    before = audit.snapshot(council, COUNCIL_FIELDS)
    for key, value in values.items():
        setattr(council, key, value)
    changes = audit.diff(before, audit.snapshot(council, COUNCIL_FIELDS))
    if changes:
        audit.record("council.update", council, actor=actor,
                     summary=f"Sửa Quyết định số {council.decision_number} về Hội đồng", changes=changes)
    return council


@dataclass
class MemberRow:
    """One member as the decision names them (the members editor's row)."""

    person_id: int | None
    user_id: int | None = None
    council_role: str = CouncilRole.MEMBER
    title: str = ""
    position: int | None = None


def _member_problems(council: Council, rows: list[MemberRow]) -> tuple[dict[int, Person], dict[int, User]]:
    people = {p.id: p for p in db.session.scalars(select(Person).where(
        Person.id.in_([r.person_id for r in rows if r.person_id])))}
    users = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_([r.user_id for r in rows if r.user_id])))}
    seen: set[int] = set()
    for index, row in enumerate(rows, start=1):
        where = f"Dòng {index}: "
        if row.person_id not in people:
            raise ServiceError(where + "hãy chọn cán bộ là thành viên Hội đồng.", "members")
        if row.person_id in seen:
            raise ServiceError(where + f"{people[row.person_id].full_name} đã có trong danh sách thành viên.",
                               "members")
        seen.add(row.person_id)
        if row.council_role not in CouncilRole.ALL:
            raise ServiceError(where + "vai trò trong Hội đồng không hợp lệ.", "members")
        if row.user_id is not None:
            user = users.get(row.user_id)
            if user is None or not user.active:
                raise ServiceError(where + "tài khoản không tồn tại hoặc đã khóa.", "members")
            if user.person_id is not None and user.person_id != row.person_id:
                raise ServiceError(where + f"tài khoản {user.username} là của cán bộ khác.", "members")
        if len(row.title or "") > 200:
            raise ServiceError(where + "chức vụ không được dài quá 200 ký tự.", "members")
    roles = Counter(row.council_role for row in rows)
    if roles[CouncilRole.CHAIR] > 1:
        raise ServiceError("Hội đồng chỉ có một Chủ tịch.", "members")
    if roles[CouncilRole.SECRETARY] > 1:
        raise ServiceError("Hội đồng chỉ có một Ủy viên kiêm Thư ký.", "members")
    return people, users


def _member_line(member: CouncilMember) -> str:
    return f"{member.person.full_name} ({CouncilRole.LABELS[member.council_role]})"


@transactional
def set_members(actor: User, council: Council, rows: list[MemberRow], seen_version=None) -> Council:
    """The decision's list of members, replacing the council's (its past sessions keep their snapshot)."""
    _require(can_manage_councils(actor))
    check_version(council, seen_version)
    people, _users = _member_problems(council, rows)
    before = [_member_line(m) for m in council.members]
    existing = {m.person_id: m for m in council.members}
    kept = []
    for index, row in enumerate(rows, start=1):
        member = existing.get(row.person_id) or CouncilMember(person_id=row.person_id)
        member.person = people[row.person_id]
        member.user_id = row.user_id
        member.council_role = row.council_role
        member.title = _text(row.title, 200)
        member.position = row.position if row.position is not None else index
        kept.append(member)
    council.members = sorted(kept, key=lambda m: (m.position, m.person_id))
    council.updated_at = utcnow()
    db.session.flush()
    after = [_member_line(m) for m in council.members]
    audit.record("council.members", council, actor=actor,
                 summary=f"Cập nhật thành viên Hội đồng theo Quyết định số {council.decision_number}",
                 changes={"members": [before, after]} if before != after else {})
    return council


@transactional
def add_member(actor: User, council: Council, row: MemberRow) -> CouncilMember:
    _require(can_manage_councils(actor))
    rows = [MemberRow(m.person_id, m.user_id, m.council_role, m.title, m.position) for m in council.members]
    row.position = row.position if row.position is not None else max([m.position for m in council.members] or [0]) + 1
    people, _users = _member_problems(council, [*rows, row])
    member = CouncilMember(person_id=row.person_id, user_id=row.user_id, council_role=row.council_role,
                           title=_text(row.title, 200), position=row.position)
    member.person = people[row.person_id]
    council.members.append(member)
    db.session.flush()
    audit.record("council.member_add", council, actor=actor,
                 summary=f"Thêm thành viên Hội đồng: {_member_line(member)}")
    return member


@transactional
def remove_member(actor: User, member: CouncilMember) -> None:
    _require(can_manage_councils(actor))
    council = member.council
    line = _member_line(member)
    council.members.remove(member)
    db.session.flush()
    audit.record("council.member_remove", council, actor=actor, summary=f"Bỏ thành viên Hội đồng: {line}")


def council_in_force(day: dt.date) -> Council | None:
    """The council in force on `day`: its term covers the day (open-ended terms included); of several,
    the latest decision (a re-constitution replaces the earlier one)."""
    return db.session.scalar(select(Council).where(
        Council.term_start <= day, or_(Council.term_end.is_(None), Council.term_end >= day))
        .options(selectinload(Council.members).joinedload(CouncilMember.person))
        .order_by(Council.decision_date.desc(), Council.term_start.desc(), Council.id.desc()).limit(1))


def councils() -> list[Council]:
    return list(db.session.scalars(select(Council).options(
        selectinload(Council.members).joinedload(CouncilMember.person).joinedload(Person.unit),
        selectinload(Council.members).joinedload(CouncilMember.user))
        .order_by(Council.decision_date.desc(), Council.id.desc())))


# --- sessions ----------------------------------------------------------------------------------------

SESSION_FIELDS = ["title", "held_on", "starts_at", "place", "quorum_numerator", "quorum_denominator",
                  "recused_leave_ballot", "scores_attributed", "women_priority"]


def _quorum(value) -> tuple[int, int]:
    if value is None or value == "":
        return 2, 3
    if isinstance(value, tuple | list):
        numerator, denominator = int(value[0]), int(value[1])
    else:
        share = Fraction(str(value))
        numerator, denominator = share.numerator, share.denominator
    if numerator <= 0 or denominator < numerator:
        raise ServiceError("Tỷ lệ thành viên có mặt tối thiểu phải lớn hơn 0 và không quá toàn bộ.", "quorum")
    return numerator, denominator


def _session_values(*, title, held_on, starts_at, place, quorum, recused_leave_ballot, scores_attributed,
                    women_priority=True) -> dict:
    problems = {}
    title = _text(title)
    if not title:
        problems["title"] = "Hãy nhập tên phiên họp."
    elif len(title) > 300:
        problems["title"] = "Tên phiên họp không được dài quá 300 ký tự."
    if not isinstance(held_on, dt.date):
        problems["held_on"] = "Hãy nhập ngày họp."
    starts_at = _text(starts_at)
    if starts_at and (len(starts_at) != 5 or starts_at[2] != ":" or not (starts_at[:2] + starts_at[3:]).isdigit()
                      or int(starts_at[:2]) > 23 or int(starts_at[3:]) > 59):
        problems["starts_at"] = "Giờ họp dạng giờ:phút, ví dụ 08:00."
    place = _text(place)
    if len(place) > 300:
        problems["place"] = "Địa điểm không được dài quá 300 ký tự."
    try:
        numerator, denominator = _quorum(quorum)
    except (ValueError, ZeroDivisionError, TypeError):
        problems["quorum"] = "Tỷ lệ thành viên có mặt tối thiểu không hợp lệ (ví dụ 2/3)."
        numerator, denominator = 2, 3
    except ServiceError as err:
        problems["quorum"] = err.message
        numerator, denominator = 2, 3
    if problems:
        raise ServiceError.of(problems)
    return {"title": title, "held_on": held_on, "starts_at": starts_at, "place": place,
            "quorum_numerator": numerator, "quorum_denominator": denominator,
            "recused_leave_ballot": bool(recused_leave_ballot), "scores_attributed": bool(scores_attributed),
            "women_priority": bool(women_priority)}


def _snapshot(session: CouncilSession, council: Council) -> None:
    session.council = council
    if session.members:  # the earlier council's snapshot leaves first (one row per person and session)
        session.members = []
        db.session.flush()
    session.members = [SessionMember(person_id=m.person_id, user_id=m.user_id, unit_id=m.person.unit_id,
                                     full_name=m.person.full_name, title=m.title or m.person.position or "",
                                     council_role=m.council_role, position=m.position)
                       for m in council.members]


def _no_council(day: dt.date) -> ServiceError:
    from ..vietnamese import long_date

    return ServiceError(f"Không có Hội đồng nào có hiệu lực vào {long_date(day)}: hãy nhập quyết định thành lập "
                        "(kiện toàn) Hội đồng có nhiệm kỳ bao gồm ngày họp trước.", "held_on")


def add_event(session: CouncilSession, actor: User | None, action: str, from_status: str, to_status: str,
              reason: str = "") -> SessionEvent:
    """Append one step to the session's timeline (the minutes recount it)."""
    event = SessionEvent(actor_id=actor.id if actor else None, action=action, from_status=from_status,
                         to_status=to_status, reason=reason or "")
    session.events.append(event)
    return event


@transactional
def prepare_session(actor: User, *, phase: Phase, title: str, held_on: dt.date, starts_at: str = "",
                    place: str = "", quorum=(2, 3), recused_leave_ballot: bool = False,
                    scores_attributed: bool = False, women_priority: bool = True) -> CouncilSession:
    """A new session of the council in force on `held_on`, with the snapshot of its members."""
    _require(can_manage_councils(actor))
    if phase is None:
        raise ServiceError("Hãy chọn đợt xét (giai đoạn) của phiên họp.", "phase_id")
    values = _session_values(title=title, held_on=held_on, starts_at=starts_at, place=place, quorum=quorum,
                             recused_leave_ballot=recused_leave_ballot, scores_attributed=scores_attributed,
                             women_priority=women_priority)
    council = council_in_force(values["held_on"])
    if council is None:
        raise _no_council(values["held_on"])
    if not council.members:
        raise ServiceError(f"Hội đồng theo Quyết định số {council.decision_number} chưa có thành viên.", "held_on")
    session = CouncilSession(phase_id=phase.id, created_by_id=actor.id, status=SessionStatus.PREPARED, **values)
    _snapshot(session, council)
    db.session.add(session)
    add_event(session, actor, "prepared", "", SessionStatus.PREPARED)
    db.session.flush()
    audit.record("council_session.create", session, actor=actor,
                 summary=f"Chuẩn bị phiên họp «{session.title}» ({len(session.members)} thành viên, Quyết định số "
                 f"{council.decision_number})",
                 changes={k: [None, audit._plain(v)] for k, v in values.items()})
    return session


@transactional
def update_session(actor: User, session: CouncilSession, data: dict, seen_version=None) -> CouncilSession:
    """The session's settings, while it is prepared. A new date may fall under another council: the
    members' snapshot then follows the council in force on it (attendance is taken again)."""
    _require(can_manage_councils(actor))
    check_version(session, seen_version)
    if session.status != SessionStatus.PREPARED:
        raise ServiceError("Chỉ sửa thiết lập của phiên họp khi phiên họp còn ở bước chuẩn bị.")
    values = _session_values(
        title=data.get("title", session.title), held_on=data.get("held_on", session.held_on),
        starts_at=data.get("starts_at", session.starts_at), place=data.get("place", session.place),
        quorum=data.get("quorum", (session.quorum_numerator, session.quorum_denominator)),
        recused_leave_ballot=data.get("recused_leave_ballot", session.recused_leave_ballot),
        scores_attributed=data.get("scores_attributed", session.scores_attributed),
        women_priority=data.get("women_priority", session.women_priority))
    council = council_in_force(values["held_on"])
    if council is None:
        raise _no_council(values["held_on"])
    before = audit.snapshot(session, SESSION_FIELDS)
    for key, value in values.items():
        setattr(session, key, value)
    changes = audit.diff(before, audit.snapshot(session, SESSION_FIELDS))
    if council.id != session.council_id:
        changes["council_id"] = [session.council_id, council.id]
        _snapshot(session, council)
    if changes:
        session.updated_at = utcnow()
        audit.record("council_session.update", session, actor=actor,
                     summary=f"Sửa thiết lập phiên họp «{session.title}»", changes=changes)
    return session


def _on_open_agendas(nomination_ids: list[int], except_session_id: int) -> set[int]:
    if not nomination_ids:
        return set()
    return set(db.session.scalars(select(AgendaItem.nomination_id).join(CouncilSession).where(
        AgendaItem.nomination_id.in_(nomination_ids), CouncilSession.id != except_session_id,
        CouncilSession.status.in_(OPEN_STATUSES))))


@transactional
def add_items_by_award(actor: User, session: CouncilSession, award_form: AwardForm) -> list[AgendaItem]:
    """Put on the agenda every nomination of the session's phase for `award_form` that the office accepted
    and that is not yet on this agenda or on the agenda of another open session."""
    _require(can_manage_councils(actor))
    if session.status != SessionStatus.PREPARED:
        raise ServiceError("Chỉ thêm hồ sơ vào chương trình khi phiên họp còn ở bước chuẩn bị.", "award_form_id")
    if award_form is None:
        raise ServiceError("Hãy chọn danh hiệu, hình thức khen thưởng.", "award_form_id")
    candidates = list(db.session.scalars(select(Nomination).where(
        Nomination.phase_id == session.phase_id, Nomination.award_form_id == award_form.id,
        Nomination.status == NominationStatus.ACCEPTED).order_by(Nomination.submitted_at, Nomination.id)))
    present = {item.nomination_id for item in session.items}
    elsewhere = _on_open_agendas([n.id for n in candidates], session.id)
    new = [n for n in candidates if n.id not in present and n.id not in elsewhere]
    if not new:
        message = f"Không còn hồ sơ «{award_form.name}» nào đã thẩm định đạt để thêm vào chương trình"
        if elsewhere:
            message += f" ({len(elsewhere)} hồ sơ đang thuộc phiên họp khác chưa phê duyệt)"
        raise ServiceError(message + ".", "award_form_id")
    position = max([item.position for item in session.items] or [0])
    added = []
    for offset, nomination in enumerate(new, start=1):
        item = AgendaItem(nomination_id=nomination.id, position=position + offset)
        session.items.append(item)
        added.append(item)
    db.session.flush()
    audit.record("council_session.items_add", session, actor=actor,
                 summary=f"Thêm {len(added)} hồ sơ «{award_form.name}» vào chương trình phiên họp «{session.title}»",
                 changes={"items": [len(session.items) - len(added), len(session.items)]})
    return added


@transactional
def remove_item(actor: User, item: AgendaItem) -> None:
    _require(can_manage_councils(actor))
    session = item.session
    if session.status != SessionStatus.PREPARED:
        raise ServiceError("Chỉ bỏ hồ sơ khỏi chương trình khi phiên họp còn ở bước chuẩn bị.")
    nomination = item.nomination
    session.items.remove(item)
    db.session.flush()
    audit.record("council_session.item_remove", session, actor=actor,
                 summary=f"Bỏ hồ sơ «{nomination.award_form.name}» của {nomination.nominee_name} khỏi chương trình "
                 f"phiên họp «{session.title}»")


@transactional
def set_attendance(actor: User, session: CouncilSession, attendance: dict[int, str]) -> CouncilSession:
    """The secretary's roll call: {session member id: Attendance}."""
    _require(can_keep_minutes(actor, session))
    if session.status not in ATTENDANCE_STATUSES:
        raise ServiceError("Chỉ điểm danh khi phiên họp chưa kết thúc bỏ phiếu.")
    members = {m.id: m for m in session.members}
    changes = {}
    for member_id, value in attendance.items():
        member = members.get(int(member_id)) if str(member_id).isdigit() else None
        if member is None:
            raise ServiceError("Thành viên không thuộc phiên họp này.")
        if value not in Attendance.ALL:
            raise ServiceError(f"Tình trạng có mặt của {member.full_name} không hợp lệ.")
        if member.attendance != value:
            changes[member.full_name] = [Attendance.LABELS[member.attendance], Attendance.LABELS[value]]
            member.attendance = value
    if changes:
        session.updated_at = utcnow()
        audit.record("council_session.attendance", session, actor=actor,
                     summary=f"Điểm danh phiên họp «{session.title}»", changes=changes)
    return session


# --- the freeze and the automatic recusals ----------------------------------------------------------


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _file(stored) -> dict:
    return {"id": stored.id, "name": stored.original_name, "sha256": stored.sha256, "size": stored.size}


def dossier_snapshot(nomination: Nomination, sheet, initiatives) -> dict:
    """What the council sees of a dossier, as plain data (JSON-ready, stable order)."""
    results = []
    for line in sheet.lines:
        result = line.result
        results.append({
            "criterion_id": line.criterion.id, "code": line.criterion.code, "name": line.criterion.name,
            "measure": line.criterion.measure, "unit_of_measure": line.criterion.unit_of_measure,
            "max_points": _plain(line.criterion.max_points), "value": _plain(line.value),
            "target": _plain(line.target), "attainment": _plain(line.attainment),
            "explanation": result.explanation if result is not None else "",
            "files": sorted((_file(f) for f in (result.files if result is not None else [])), key=lambda f: f["id"]),
        })
    return {
        "nomination_id": nomination.id,
        "nominee": {"kind": nomination.nominee_kind, "name": nomination.nominee_name,
                    "person_id": nomination.person_id, "unit_id": nomination.nominee_unit_id,
                    "unit": nomination.nominee_unit.name if nomination.nominee_unit else ""},
        "award_form": {"id": nomination.award_form_id, "code": nomination.award_form.code,
                       "name": nomination.award_form.name},
        "nominating_unit": {"id": nomination.unit_id, "name": nomination.unit.name},
        "submitted_at": _plain(nomination.submitted_at),
        "duties": nomination.duties or "",
        "summary": nomination.summary or "",
        "results": results,
        "initiatives": [{"id": i.id, "title": i.title, "level": i.level, "decision_number": i.decision_number,
                         "decision_date": _plain(i.decision_date),
                         "authors": sorted(a.person.full_name for a in i.authors),
                         "files": sorted((_file(f) for f in i.files), key=lambda f: f["id"])}
                        for i in sorted(initiatives, key=lambda i: i.id)],
        "files": sorted((_file(f) for f in nomination.files), key=lambda f: f["id"]),
    }


def canonical_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def freeze(nomination: Nomination, sheet, initiatives) -> tuple[str, str]:
    """(the canonical JSON of the dossier as the council sees it, its SHA-256)."""
    text = canonical_json(dossier_snapshot(nomination, sheet, initiatives))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sheets_by_item(session: CouncilSession) -> dict[int, object]:
    subjects = [sheets_service.SubjectSheet(item.nomination.subject, item.nomination.nominee_unit,
                                            item.nomination.person, [item.nomination]) for item in session.items]
    sheets_service.build_sheets(session.phase, subjects)
    return {item.id: sheet for item, sheet in zip(session.items, subjects, strict=True)}


def preview_sha256(session: CouncilSession) -> dict[int, str]:
    """{item id: the SHA-256 its dossier would be frozen with now} (before scoring opens)."""
    sheets = _sheets_by_item(session)
    return {item.id: freeze(item.nomination, sheets[item.id], facts_service.nominee_initiatives(item.nomination))[1]
            for item in session.items}


def _recusal_facts(nomination: Nomination, initiatives) -> recusal_rules.NominationFacts:
    collective = nomination.person_id is None
    return recusal_rules.NominationFacts(
        nominating_unit_id=nomination.unit_id,
        nominee_person_id=nomination.person_id,
        nominee_unit_id=nomination.nominee_unit_id if collective else None,
        initiatives=tuple(recusal_rules.InitiativeFacts(i.title, frozenset(a.person_id for a in i.authors))
                          for i in initiatives))


# --- the chair's steps ---------------------------------------------------------------------------------


def advance(actor: User, session: CouncilSession, action: SessionAction | str, reason: str = "", *,
            summary: str = "") -> SessionEvent:
    """Move `session` by `action` (rules.council's table) for its chair, with the reason a reopen needs;
    write the timeline event and the audit event (its summary `summary` when the caller has a fuller one).
    The one way a session changes status. It does not commit (the calling service does)."""
    action = SessionAction(action)
    _require(can_chair(actor, session))
    answer = rules.step(session.status, action)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    reason = (reason or "").strip()
    refusal = rules.reason_refusal(action, reason)
    if refusal:
        raise ServiceError(refusal, "reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Lý do không được dài quá {REASON_MAX} ký tự.", "reason")
    previous = session.status
    session.status = answer.to
    session.updated_at = utcnow()
    event = add_event(session, actor, action.value, previous, answer.to, reason)
    audit.record(f"council_session.{action.value}", session, actor=actor,
                 summary=summary or f"{action.label}: phiên họp «{session.title}»" + (f". Lý do: {reason}" if reason else ""),
                 changes={"status": [previous, answer.to]})
    return event


def _move_nominations(actor: User, session: CouncilSession, action: Action, from_status: str) -> int:
    moved = 0
    for item in session.items:
        if item.nomination.status == from_status:
            workflow_service.transition(actor, item.nomination, action)
            moved += 1
    return moved


@transactional
def open_scoring(actor: User, session: CouncilSession) -> CouncilSession:
    """The chair opens scoring: each agenda dossier is frozen as the council sees it (with its SHA-256)
    and the automatic recusals are found and kept (rules/recusal.py)."""
    _require(can_chair(actor, session))
    answer = rules.step(session.status, SessionAction.OPEN_SCORING)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    if not session.items:
        raise ServiceError("Chương trình phiên họp chưa có hồ sơ nào: hãy thêm hồ sơ trước khi mở chấm điểm.")
    not_ready = [item.nomination for item in session.items if item.nomination.status != NominationStatus.ACCEPTED]
    if not_ready:
        raise ServiceError(f"Hồ sơ của {not_ready[0].nominee_name} không còn ở bước «đã thẩm định, chờ Hội đồng».")
    now = utcnow()
    sheets = _sheets_by_item(session)
    parents = dict(db.session.execute(select(Unit.id, Unit.parent_id)).all())
    names = dict(db.session.execute(select(Unit.id, Unit.name)).all())
    members = [recusal_rules.Member(m.person_id, m.unit_id) for m in session.members]
    recused = 0
    for item in session.items:
        nomination = item.nomination
        initiatives = facts_service.nominee_initiatives(nomination)
        item.frozen, item.frozen_sha256 = freeze(nomination, sheets[item.id], initiatives)
        item.frozen_at = now
        reasons = recusal_rules.recusal_reasons(members, _recusal_facts(nomination, initiatives), parents,
                                                unit_names=names)
        have = {r.person_id for r in item.recusals if r.source == "auto"}
        for person_id, why in reasons.items():
            if why and person_id not in have:
                item.recusals.append(Recusal(person_id=person_id, source="auto", reason=" ".join(why),
                                             created_by_id=actor.id))
                recused += 1
    session.scoring_opened_at = now
    advance(actor, session, SessionAction.OPEN_SCORING)
    audit.record("council_session.freeze", session, actor=actor,
                 summary=f"Niêm phong {len(session.items)} hồ sơ khi mở chấm điểm phiên họp «{session.title}»; "
                 f"{recused} trường hợp tránh chấm điểm tự động")
    return session


def _manual_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Hãy ghi lý do xung đột lợi ích.", "reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Lý do không được dài quá {REASON_MAX} ký tự.", "reason")
    return reason


@transactional
def add_conflict(actor: User, item: AgendaItem, member: SessionMember, reason: str) -> Recusal:
    """The chair records a conflict of interest by hand: `member` does not score `item`."""
    session = item.session
    _require(can_chair(actor, session))
    if session.status not in BEFORE_VOTING:
        raise ServiceError("Chỉ ghi nhận xung đột lợi ích trước khi mở bỏ phiếu.", "reason")
    if member is None or member.session_id != session.id:
        raise ServiceError("Hãy chọn thành viên của phiên họp.", "session_member_id")
    reason = _manual_reason(reason)
    if any(r.person_id == member.person_id and r.source == "manual" for r in item.recusals):
        raise ServiceError(f"Đã ghi nhận xung đột lợi ích của {member.full_name} với hồ sơ này.", "session_member_id")
    text = recusal_rules.recusal_reasons([recusal_rules.Member(member.person_id, member.unit_id)],
                                         recusal_rules.NominationFacts(None), {},
                                         manual=[recusal_rules.ManualConflict(member.person_id, reason)])
    recusal = Recusal(person_id=member.person_id, source="manual", reason=text[member.person_id][0],
                      created_by_id=actor.id)
    item.recusals.append(recusal)
    db.session.flush()
    audit.record("council_session.conflict_add", session, actor=actor,
                 summary=f"Ghi nhận xung đột lợi ích: {member.full_name} không chấm hồ sơ của "
                 f"{item.nomination.nominee_name}. Lý do: {reason}")
    return recusal


@transactional
def remove_conflict(actor: User, recusal: Recusal) -> None:
    item = recusal.item
    session = item.session
    _require(can_chair(actor, session))
    if recusal.source != "manual":
        raise ServiceError("Trường hợp tránh chấm điểm tự động theo quy định không bỏ được.")
    if session.status not in BEFORE_VOTING:
        raise ServiceError("Chỉ bỏ xung đột lợi ích trước khi mở bỏ phiếu.")
    name = next((m.full_name for m in session.members if m.person_id == recusal.person_id), "")
    item.recusals.remove(recusal)
    db.session.flush()
    audit.record("council_session.conflict_remove", session, actor=actor,
                 summary=f"Bỏ xung đột lợi ích của {name} với hồ sơ của {item.nomination.nominee_name}")


def present_count(session: CouncilSession) -> int:
    """Members present in person (a written ballot is not presence)."""
    return sum(1 for m in session.members if m.attendance == Attendance.PRESENT)


def quorum_of(session: CouncilSession) -> rules.QuorumCheck:
    return rules.check_quorum(present_count(session), len(session.members),
                              rules.quorum_share(session.quorum_numerator, session.quorum_denominator))


@transactional
def open_voting(actor: User, session: CouncilSession) -> CouncilSession:
    """The chair closes scoring and opens the secret ballot: the quorum first; a tally per agenda item;
    every nomination accepted → scored."""
    _require(can_chair(actor, session))
    answer = rules.step(session.status, SessionAction.OPEN_VOTING)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    quorum = quorum_of(session)
    if not quorum.quorate:
        raise ServiceError(quorum.message)
    have = set(db.session.scalars(select(VoteTally.item_id).where(VoteTally.session_id == session.id)))
    db.session.add_all(VoteTally(session_id=session.id, item_id=item.id, agree=0, disagree=0, not_voting=0)
                       for item in session.items if item.id not in have)
    _move_nominations(actor, session, Action.CLOSE_SCORING, NominationStatus.ACCEPTED)
    session.voting_opened_at = utcnow()
    advance(actor, session, SessionAction.OPEN_VOTING)
    return session


@transactional
def close_voting(actor: User, session: CouncilSession) -> CouncilSession:
    """The chair closes the ballot: tallied; every nomination scored → voted."""
    _require(can_chair(actor, session))
    answer = rules.step(session.status, SessionAction.CLOSE_VOTING)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    _move_nominations(actor, session, Action.CLOSE_VOTING, NominationStatus.SCORED)
    session.voting_closed_at = utcnow()
    advance(actor, session, SessionAction.CLOSE_VOTING)
    return session


def ballots_cast(session: CouncilSession) -> int:
    return db.session.scalar(select(func.count()).select_from(BallotCast).where(
        BallotCast.session_id == session.id)) or 0


@transactional
def reopen_scoring(actor: User, session: CouncilSession, reason: str) -> CouncilSession:
    """Back from voting to scoring, with the chair's reason, only while nobody has voted."""
    _require(can_chair(actor, session))
    answer = rules.step(session.status, SessionAction.REOPEN_SCORING)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    refusal = rules.reason_refusal(SessionAction.REOPEN_SCORING, reason) or rules.reopen_scoring_refusal(
        ballots_cast(session))
    if refusal:
        raise ServiceError(refusal, "reason")
    advance(actor, session, SessionAction.REOPEN_SCORING, reason)
    _move_nominations(actor, session, Action.REOPEN_SCORING, NominationStatus.SCORED)
    session.voting_opened_at = None
    return session


@transactional
def reopen_voting(actor: User, session: CouncilSession, reason: str) -> CouncilSession:
    """Back from tallied to voting, with the chair's reason: every nomination voted → scored."""
    _require(can_chair(actor, session))
    answer = rules.step(session.status, SessionAction.REOPEN_VOTING)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    advance(actor, session, SessionAction.REOPEN_VOTING, reason)
    _move_nominations(actor, session, Action.REOPEN_VOTING, NominationStatus.VOTED)
    session.voting_closed_at = None
    return session


@transactional
def reopen_approval(actor: User, session: CouncilSession, reason: str) -> CouncilSession:
    """Back from approved to tallied, with the chair's reason, while no nomination has gone into a draft
    decision: every nomination recommended / not recommended goes back to voted (rules.workflow's
    REOPEN_APPROVAL) and the agenda items lose the approved outcome, so the chair can approve again
    (services/ranking.approve)."""
    _require(can_chair(actor, session))
    answer = rules.step(session.status, SessionAction.REOPEN_APPROVAL)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    later = [i.nomination for i in session.items
             if i.nomination.status in (NominationStatus.IN_DECISION, NominationStatus.AWARDED)]
    if later:
        raise ServiceError(f"Hồ sơ của {later[0].nominee_name} đã được đưa vào dự thảo quyết định: không hủy phê "
                           "duyệt được.", "reason")
    advance(actor, session, SessionAction.REOPEN_APPROVAL, reason)
    _move_nominations(actor, session, Action.REOPEN_APPROVAL, NominationStatus.RECOMMENDED)
    _move_nominations(actor, session, Action.REOPEN_APPROVAL, NominationStatus.NOT_RECOMMENDED)
    for item in session.items:
        item.outcome = item.outcome_order = item.agreements = item.total_score = None
        item.outcome_reason = ""
    session.approved_at = None
    session.approved_by_id = None
    return session


# --- the read side ---------------------------------------------------------------------------------------


SESSION_LOAD = (
    joinedload(CouncilSession.phase).joinedload(Phase.campaign),
    joinedload(CouncilSession.council),
    selectinload(CouncilSession.members),
    selectinload(CouncilSession.items).joinedload(AgendaItem.nomination).options(
        joinedload(Nomination.award_form), joinedload(Nomination.unit), joinedload(Nomination.nominee_unit),
        joinedload(Nomination.person)),
    selectinload(CouncilSession.items).selectinload(AgendaItem.recusals),
    selectinload(CouncilSession.events).joinedload(SessionEvent.actor),
)


def load_session(session_id: int) -> CouncilSession | None:
    """A session with what its pages show, in a fixed number of queries."""
    return db.session.scalar(select(CouncilSession).where(CouncilSession.id == session_id)
                             .options(*SESSION_LOAD).execution_options(populate_existing=True))


@dataclass
class ItemProgress:
    item: AgendaItem
    recused: list[tuple[Recusal, str]]  # (recusal, the member's name)
    scorers: int  # members expected to score it (not recused, not recorded absent)
    scored: int  # of them, those who submitted their sheet with scores on it

    @property
    def nomination(self) -> Nomination:
        return self.item.nomination

    @property
    def done(self) -> bool:
        return self.scorers > 0 and self.scored >= self.scorers


@dataclass
class AwardGroup:
    award_form: AwardForm
    items: list[ItemProgress] = field(default_factory=list)


@dataclass
class SessionOverview:
    session: CouncilSession
    quorum: rules.QuorumCheck
    attendance: dict[str, int]
    groups: list[AwardGroup]
    voted: int
    voters: list[SessionMember]  # who has voted (names only, never how)
    not_voted: list[SessionMember]
    submitted: int  # members who submitted their scoring sheet

    @property
    def items(self) -> list[ItemProgress]:
        return [p for g in self.groups for p in g.items]

    @property
    def items_done(self) -> int:
        return sum(1 for p in self.items if p.done)

    @property
    def items_left(self) -> list[ItemProgress]:
        return [p for p in self.items if not p.done]


def session_overview(session: CouncilSession) -> SessionOverview:
    """What the session page and the session-day page show: the quorum, attendance, per item how many
    members scored it (k of N), how many have voted and who (never what). Three queries past the session."""
    scored = dict(db.session.execute(
        select(Score.item_id, func.count(distinct(Score.person_id)))
        .join(SessionMember, (SessionMember.session_id == Score.session_id)
              & (SessionMember.person_id == Score.person_id))
        .where(Score.session_id == session.id, SessionMember.scores_submitted_at.is_not(None))
        .group_by(Score.item_id)).all())
    cast = set(db.session.scalars(select(BallotCast.person_id).where(BallotCast.session_id == session.id)))
    names = {m.person_id: m.full_name for m in session.members}
    groups: dict[int, AwardGroup] = {}
    for item in session.items:
        award = item.nomination.award_form
        group = groups.setdefault(award.id, AwardGroup(award))
        recused = [(r, names.get(r.person_id, "")) for r in item.recusals]
        recused_people = {r.person_id for r, _name in recused}
        # Expected to score it: every member not recused, but those recorded absent (a written ballot is a
        # vote, not a score sheet); before attendance is taken everyone is expected.
        scorers = sum(1 for m in session.members if m.person_id not in recused_people
                      and m.attendance not in (Attendance.ABSENT, Attendance.WRITTEN))
        group.items.append(ItemProgress(item, recused, scorers, scored.get(item.id, 0)))
    ordered = sorted(groups.values(), key=lambda g: (g.award_form.position, g.award_form.id))
    attendance = defaultdict(int)
    for member in session.members:
        attendance[member.attendance] += 1
    return SessionOverview(
        session=session, quorum=quorum_of(session), attendance=dict(attendance), groups=ordered,
        voted=len(cast), voters=[m for m in session.members if m.person_id in cast],
        not_voted=[m for m in session.members if m.person_id not in cast],
        submitted=sum(1 for m in session.members if m.scores_submitted_at is not None))


def sessions_for(user: User) -> list[CouncilSession]:
    """The sessions a user sees: every one for the office and admin, else those they are a member of."""
    from ..permissions import can_manage_org

    query = select(CouncilSession).options(joinedload(CouncilSession.phase), joinedload(CouncilSession.council))
    if not can_manage_org(user):
        query = query.where(CouncilSession.id.in_(select(SessionMember.session_id).where(
            SessionMember.user_id == user.id)))
    return list(db.session.scalars(query.order_by(CouncilSession.held_on.desc(), CouncilSession.id.desc())))


def available_by_award(session: CouncilSession) -> list[tuple[AwardForm, int]]:
    """Per award form, how many accepted nominations of the phase could still be added to the agenda."""
    if session.status != SessionStatus.PREPARED:
        return []
    busy = select(AgendaItem.nomination_id).join(CouncilSession).where(CouncilSession.status.in_(OPEN_STATUSES))
    rows = db.session.execute(
        select(AwardForm, func.count(Nomination.id)).join(Nomination, Nomination.award_form_id == AwardForm.id)
        .where(Nomination.phase_id == session.phase_id, Nomination.status == NominationStatus.ACCEPTED,
               Nomination.id.not_in(busy))
        .group_by(AwardForm.id).order_by(AwardForm.position, AwardForm.id)).all()
    return [(award, count) for award, count in rows]
