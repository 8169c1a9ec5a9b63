"""Who may see and change what. Every access decision lives here; services, views and templates ask,
they never recompute.

A `can_*` function answers with an `Answer`: true or false like a bool, and with the Vietnamese
`reason` a page can show when it is false. `Answer.require()` raises the service layer's
`PermissionDenied` with that reason; the application turns it into the 403 page everywhere.

Scope: a unit officer is bound to one unit and reaches that unit and all its sub-units (`unit_scope`);
the office and admin reach every unit; other roles reach no unit's dossiers. A dossier is read by the
scope of the unit that proposes it (Nomination.unit_id) and, read-only, by the scope of the nominee's
unit (Nomination.nominee_unit_id: the collective, or the person's unit): a sub-unit's officer sees the
dossiers its parent made for its people (`can_read_nomination`, `readable_nominations`,
`made_above`), and every write still asks for the proposing unit (`can_edit_nomination`, `can_act`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import or_, select

from .extensions import db
from .models import Nomination, Person, Phase, Role, SessionMember, Unit, UnitExtension, User, local_now
from .rules.calendar import UnitWindow, unit_window
from .rules.workflow import ACTORS, CHAIR, OFFICE, UNIT, Action, unit_may_edit

NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này."


@dataclass(frozen=True)
class Answer:
    """An access decision with the reason shown when it is a refusal.

    `forbidden`: the actor may never do this (403 page); otherwise the refusal is one of state or time
    (a closed window, a submitted dossier) that the page shows beside the action."""

    allowed: bool
    reason: str = ""
    forbidden: bool = True

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Raise PermissionDenied(reason) — or ServiceError(reason) for a refusal of state — unless allowed."""
        if not self.allowed:
            from .services import PermissionDenied, ServiceError

            raise (PermissionDenied if self.forbidden else ServiceError)(self.reason or NOT_ALLOWED)


YES = Answer(True)


def no(reason: str = NOT_ALLOWED) -> Answer:
    return Answer(False, reason)


def not_now(reason: str) -> Answer:
    """A refusal of state or time, not of the actor's rights."""
    return Answer(False, reason, forbidden=False)


def unit_subtrees(roots: set[int]) -> dict[int, set[int]]:
    """Each root unit with all its descendants (one query for any number of roots: the unit table is small)."""
    if not roots:
        return {}
    children: dict[int | None, list[int]] = {}
    for uid, parent in db.session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent, []).append(uid)
    trees = {}
    for root in roots:
        found, stack = set(), [root]
        while stack:
            uid = stack.pop()
            if uid not in found:
                found.add(uid)
                stack.extend(children.get(uid, []))
        trees[root] = found
    return trees


def unit_subtree_ids(root_id: int) -> set[int]:
    """The unit and all its descendants (one query)."""
    return unit_subtrees({root_id})[root_id]


# --- roles ------------------------------------------------------------------------------------------


def can_manage_org(user: User) -> Answer:
    """Office and admin set up the agency, units, people, accounts, campaigns and award forms."""
    if user is not None and user.is_authenticated and user.role in Role.MANAGERS:
        return YES
    return no("Chỉ Văn phòng (thường trực Hội đồng) và quản trị hệ thống được thực hiện thao tác này.")


def can_manage_user(actor: User, target_role: str) -> Answer:
    """Admin manages every account; the office every account but administrators."""
    if actor.role == Role.ADMIN or (actor.role == Role.OFFICE and target_role != Role.ADMIN):
        return YES
    return no("Chỉ quản trị hệ thống quản lý được tài khoản quản trị.")


# --- the unit scope ---------------------------------------------------------------------------------


def unit_scope(user: User) -> set[int] | None:
    """The unit ids `user` reaches: None means every unit (office, admin); a unit officer's unit and its
    sub-units; an empty set for anyone else (council, leaders)."""
    if can_manage_org(user):
        return None
    if user.is_authenticated and user.role == Role.UNIT_OFFICER and user.unit_id:
        return unit_subtree_ids(user.unit_id)
    return set()


_UNSET = object()


def in_scope(unit_id: int | None, scope: set[int] | None) -> bool:
    return scope is None or (unit_id is not None and unit_id in scope)


def can_read_unit(user: User, unit_id: int | None, scope=_UNSET) -> Answer:
    """May `user` read the dossiers, people and plan reports of `unit_id`? (`scope`: unit_scope(user),
    when the caller already has it.)"""
    scope = unit_scope(user) if scope is _UNSET else scope
    if in_scope(unit_id, scope):
        return YES
    return no("Bạn chỉ xem được hồ sơ, cán bộ và báo cáo của đơn vị mình và các đơn vị trực thuộc.")


def can_edit_unit(user: User, unit_id: int | None, scope=_UNSET) -> Answer:
    """Only the unit's own officer fills in its dossier (the office appraises, it does not fill in)."""
    if not (user.is_authenticated and user.role == Role.UNIT_OFFICER and user.unit_id):
        return no("Chỉ cán bộ thi đua của đơn vị mới được thay đổi hồ sơ của đơn vị mình.")
    scope = unit_scope(user) if scope is _UNSET else scope
    if unit_id is not None and unit_id in scope:
        return YES
    return no("Chỉ cán bộ thi đua của đơn vị mới được thay đổi hồ sơ của đơn vị mình.")


def readable_nominations(user: User, scope=_UNSET):
    """The SQL condition on Nomination that `user` may read (None: every dossier): those its scope
    proposes, and those made above it for a nominee in its scope. Always the same one condition, so every
    list and count filters alike."""
    scope = unit_scope(user) if scope is _UNSET else scope
    if scope is None:
        return None
    return or_(Nomination.unit_id.in_(scope), Nomination.nominee_unit_id.in_(scope))


def can_read_nomination(user: User, nomination: Nomination, scope=_UNSET) -> Answer:
    """May `user` read this dossier: its proposing unit is in the scope, or its nominee's unit is (a
    dossier the parent made for a sub-unit's person or for the sub-unit itself, read-only)."""
    scope = unit_scope(user) if scope is _UNSET else scope
    if in_scope(nomination.unit_id, scope) or in_scope(nomination.nominee_unit_id, scope):
        return YES
    return no("Bạn chỉ xem được hồ sơ của đơn vị mình, các đơn vị trực thuộc và hồ sơ cấp trên lập cho "
              "đơn vị mình.")


def made_above(user: User, nomination: Nomination, scope=_UNSET) -> bool:
    """The dossier is read by `user` only because its nominee is in their scope: a unit above made it
    ("do đơn vị cấp trên lập"); they read it and change nothing."""
    scope = unit_scope(user) if scope is _UNSET else scope
    return scope is not None and not in_scope(nomination.unit_id, scope) and in_scope(nomination.nominee_unit_id,
                                                                                      scope)


# --- people -----------------------------------------------------------------------------------------


def can_edit_person(user: User, person: Person) -> Answer:
    """The office edits everyone; a unit officer keeps their unit's (and sub-units') staff list."""
    scope = unit_scope(user)
    if in_scope(person.unit_id, scope):
        return YES
    return no("Bạn chỉ sửa được cán bộ của đơn vị mình và các đơn vị trực thuộc.")


# --- plan tasks -------------------------------------------------------------------------------------


def task_unit_ids(task) -> list[int]:
    """The board's units a task is given to: its lead, then its partners (co-leads among them)."""
    ids = [task.lead_unit_id] if task.lead_unit_id else []
    return ids + [u.id for u in task.partners if u.id not in ids]


def can_report(user: User, task, unit_id: int, scope=_UNSET) -> Answer:
    """Office and admin report for any unit the task is given to; a unit officer for their own unit (or a
    sub-unit) when the task is given to it."""
    if user.role not in (Role.UNIT_OFFICER, *Role.MANAGERS):
        return no("Chỉ cán bộ thi đua của đơn vị và Văn phòng báo cáo được tiến độ nhiệm vụ.")
    if unit_id not in task_unit_ids(task):
        return no("Nhiệm vụ này không giao cho đơn vị đó.")
    return can_read_unit(user, unit_id, scope)



# --- dossiers: windows, nominations, results ---------------------------------------------------------


def _extensions() -> dict[tuple[int, int], dt.datetime]:
    """{(phase id, unit id): until} of every window extension, read once per request (the table holds a
    few rows: the units the office let write after a deadline); outside a request, read every time."""
    cached = g.get("_unit_extensions") if has_request_context() else None
    if cached is None:
        cached = {(phase_id, unit_id): until for phase_id, unit_id, until in db.session.execute(
            select(UnitExtension.phase_id, UnitExtension.unit_id, UnitExtension.until))}
        if has_request_context():
            g._unit_extensions = cached
    return cached


def forget_extensions() -> None:
    """After granting or withdrawing an extension: the next question reads them again."""
    if has_request_context():
        g.pop("_unit_extensions", None)


def extension_until(phase: Phase, unit_id: int | None) -> dt.datetime | None:
    """The latest extension of `phase`'s window granted to `unit_id` or to a unit above it (an extension
    for a unit covers the dossiers of its sub-units), or None."""
    extensions = _extensions()
    if unit_id is None or not any(key[0] == phase.id for key in extensions):
        return None
    parents = g.get("_unit_parents") if has_request_context() else None
    if parents is None:
        parents = dict(db.session.execute(select(Unit.id, Unit.parent_id)).all())
        if has_request_context():
            g._unit_parents = parents
    found, seen = [], set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        if (phase.id, unit_id) in extensions:
            found.append(extensions[(phase.id, unit_id)])
        unit_id = parents.get(unit_id)
    return max(found) if found else None


def phase_window(phase: Phase, now: dt.datetime | None = None, unit_id: int | None = None) -> UnitWindow:
    """Whether units may write in `phase` now (Vietnam time), with the reason and the time left; with
    `unit_id`, for that unit, counting the extension the office granted it (`extension_until`)."""
    return unit_window(phase_name=phase.name, campaign_status=phase.campaign.status,
                       units_may_edit=phase.units_may_edit, opens_at=phase.nomination_opens_at,
                       closes_at=phase.nomination_closes_at, now=now or local_now(),
                       extended_until=extension_until(phase, unit_id))


def can_write_phase(user: User, phase: Phase, unit_id: int | None, now: dt.datetime | None = None,
                    scope=_UNSET) -> Answer:
    """May `user` create or change dossiers of `unit_id` in `phase` now: their unit, and the window open
    (for that unit: its extension counts)."""
    answer = can_edit_unit(user, unit_id, scope)
    if not answer:
        return answer
    window = phase_window(phase, now, unit_id)
    return YES if window.is_open else not_now(window.message)


LOCKED_DOSSIER = "Hồ sơ đã nộp nên đã khóa. Chờ Văn phòng thẩm định hoặc trả lại để bổ sung."


def can_edit_nomination(user: User, nomination: Nomination, now: dt.datetime | None = None) -> Answer:
    """May `user` change this dossier now (its fields, files, prior awards and sanctions)? The unit's
    officer, while the phase's window is open, in a state where the unit may (re)submit it."""
    answer = can_write_phase(user, nomination.phase, nomination.unit_id, now)
    if not answer:
        return answer
    return YES if unit_may_edit(nomination.status) else not_now(LOCKED_DOSSIER)


def locked_results_message(nomination: Nomination) -> str:
    return (f"Hồ sơ đề nghị «{nomination.award_form.name}» của {nomination.nominee_name} đã nộp nên kết quả, "
            "minh chứng đã khóa. Chờ Văn phòng trả lại nếu cần sửa.")


def made_above_message(nomination: Nomination) -> str:
    return (f"Kết quả của {nomination.nominee_name} thuộc hồ sơ đề nghị «{nomination.award_form.name}» do "
            f"{nomination.unit.name} lập: chỉ cán bộ thi đua của {nomination.unit.name} nhập, sửa.")


def made_above_among(user: User, nominations, scope=_UNSET) -> Nomination | None:
    """Of a nominee's dossiers in a phase, one a unit above `user`'s scope made (`made_above`), or None."""
    scope = unit_scope(user) if scope is _UNSET else scope
    return next((n for n in nominations if made_above(user, n, scope)), None)


def can_edit_results(user: User, phase: Phase, unit_id: int | None, locked_by: Nomination | None,
                     now: dt.datetime | None = None, scope=_UNSET, made_above_by: Nomination | None = None) -> Answer:
    """May `user` record results for a nominee of `unit_id` in `phase` now? Not while a dossier of that
    nominee in the phase is locked (`locked_by`: it, from sheets.SubjectSheet.locked_by), nor when a unit
    above made a dossier of the nominee in the phase (`made_above_by`: the results are part of it, and the
    sub-unit reads it only)."""
    answer = can_write_phase(user, phase, unit_id, now, scope)
    if not answer:
        return answer
    if made_above_by is not None:
        return no(made_above_message(made_above_by))
    return YES if locked_by is None else not_now(locked_results_message(locked_by))


def can_act(user: User, nomination: Nomination, action: Action | str, now: dt.datetime | None = None) -> Answer:
    """May `user` take a workflow `action` on this dossier (rules.workflow.ACTORS says whose it is)?

    The unit's actions need the unit's officer and the phase's window; the office's the office or admin;
    the chair's the council's chair. Whether the dossier's state allows it is the table's answer."""
    actor = ACTORS[Action(action)]
    if actor == UNIT:
        return can_write_phase(user, nomination.phase, nomination.unit_id, now)
    if actor == OFFICE:
        return can_manage_org(user)
    if actor == CHAIR:
        if user.is_authenticated and (user.role == Role.COUNCIL_CHAIR or chairs_session_of(user, nomination)):
            return YES
        return no("Chỉ Chủ tịch Hội đồng Thi đua – Khen thưởng thực hiện được thao tác này.")
    return no()  # pragma: no cover - every action has an actor (tests/unit/test_rules_workflow.py)


# --- the council ---------------------------------------------------------------------------------
#
# Who a user is in a session comes from the session's own snapshot of members (SessionMember.user_id):
# the account role says which menu a user has, the snapshot says what they may do in this session. So a
# member replaced by a later decision keeps no power over the sessions of the council they left.


def session_member(user: User, session) -> SessionMember | None:
    """The user's row in the session's members (loaded with the session: no extra query), or None."""
    if not user.is_authenticated:
        return None
    return next((m for m in session.members if m.user_id == user.id), None)


def can_manage_councils(user: User) -> Answer:
    """Councils by decision, preparing sessions, the agenda and the settings: the office (and admin)."""
    return can_manage_org(user)


def can_view_session(user: User, session) -> Answer:
    """The session's page: its members, the office and the admin. Units see only their dossiers' outcome."""
    if can_manage_org(user) or session_member(user, session) is not None:
        return YES
    return no("Chỉ thành viên Hội đồng của phiên họp và Văn phòng xem được phiên họp này.")


def can_chair(user: User, session) -> Answer:
    """Opening and closing scoring and voting, recusals by hand, moves across the cut, approving,
    reopening: the session's chair (the member the decision names Chủ tịch Hội đồng)."""
    member = session_member(user, session)
    if member is not None and member.council_role == "chair":
        return YES
    return no("Chỉ Chủ tịch Hội đồng của phiên họp thực hiện được thao tác này.")


def can_keep_minutes(user: User, session) -> Answer:
    """Attendance and the written ballots of absent members: the session's secretary."""
    member = session_member(user, session)
    if member is not None and member.council_role == "secretary":
        return YES
    return no("Chỉ Thư ký Hội đồng của phiên họp thực hiện được thao tác này.")


def can_take_part(user: User, session) -> Answer:
    """Scoring and voting: any member of the session (the status says when: the services check it)."""
    if session_member(user, session) is not None:
        return YES
    return no("Chỉ thành viên Hội đồng của phiên họp chấm điểm và bỏ phiếu được.")


def chairs_session_of(user: User, nomination: Nomination) -> bool:
    """Is `user` the chair (by the session's snapshot) of a session with `nomination` on its agenda? The
    council's decision, not the account's role, names the chair: a member the decision makes chair takes
    the chair's workflow actions on that session's dossiers (permissions.can_act)."""
    from .models import AgendaItem

    if not user.is_authenticated:
        return False
    return db.session.scalar(select(SessionMember.id).join(
        AgendaItem, AgendaItem.session_id == SessionMember.session_id).where(
        AgendaItem.nomination_id == nomination.id, SessionMember.user_id == user.id,
        SessionMember.council_role == "chair").limit(1)) is not None


# --- scoring: who sees what (services/scoring.py) -------------------------------------------------

SCORES_PUBLIC = ("voting", "tallied", "approved")  # from voting on, the sheets are closed


def can_see_progress(user: User, session) -> Answer:
    """How far each member has scored (k of N items, submitted or not), never the points: the session's
    chair and the office (and admin)."""
    if can_manage_org(user) or can_chair(user, session):
        return YES
    return no("Chỉ Chủ tịch Hội đồng và Văn phòng xem được tiến độ chấm điểm.")


def can_see_scores(user: User, session) -> Answer:
    """Other members' scores and their aggregation (issue 9, items 3 and 5).

    From voting on (voting, tallied, approved) the session's members and the office see them. While the
    sheets are open a member sees them only once their own sheet is submitted AND the phase lets members
    see scores (`Phase.members_see_scores`); the chair, as chair, sees only the progress until voting opens,
    and the office nothing but the progress. Units (and anyone else) never see members' scores."""
    member = session_member(user, session)
    office = bool(can_manage_org(user))
    if member is None and not office:
        return no("Chỉ thành viên Hội đồng của phiên họp và Văn phòng xem được điểm chấm.")
    if session.status in SCORES_PUBLIC:
        return YES
    if member is None:
        return not_now("Văn phòng xem được tổng hợp điểm từ khi Hội đồng bắt đầu bỏ phiếu; trong lúc chấm điểm "
                       "chỉ xem được tiến độ chấm.")
    if member.scores_submitted_at is None:
        return not_now("Điểm của các thành viên khác chỉ hiện sau khi bạn nộp phiếu chấm của mình.")
    if not session.phase.members_see_scores:
        return not_now("Theo thiết lập của giai đoạn, điểm của các thành viên chỉ được công bố khi Hội đồng "
                       "bắt đầu bỏ phiếu.")
    return YES


TALLY_VISIBLE = ("tallied", "approved")


def can_see_tally(user: User, session) -> Answer:
    """The ballot's counts: hidden from everyone — members, the chair, the office — until the chair closes
    voting (the session tallied or approved); then whoever may view the session sees them."""
    answer = can_view_session(user, session)
    if not answer:
        return answer
    if session.status not in TALLY_VISIBLE:
        return not_now("Kết quả kiểm phiếu chỉ hiện sau khi Chủ tịch Hội đồng kết thúc bỏ phiếu.")
    return YES


def can_see_ranking(user: User, session) -> Answer:
    """The ranking and its export: the session's members and the office, once the chair has closed voting
    (tallied) and after approval. Before that a refusal of time (the page explains it); units never."""
    seen = can_view_session(user, session)
    if not seen:
        return seen
    if session.status not in ("tallied", "approved"):
        return not_now("Bảng xếp hạng chỉ có sau khi Chủ tịch Hội đồng kết thúc bỏ phiếu và kiểm phiếu: "
                       "trước đó không ai xem được số phiếu đồng ý.")
    return YES


# --- documents (services/decisions.py, services/documents.py) ----------------------------------------


def can_draft_documents(user: User) -> Answer:
    """Drafting, editing and issuing the office's documents (decisions, submissions, minutes, reports): the
    office alone, the council's standing body (DOMAIN.md, "Who does what"); the admin keeps the system."""
    if user is not None and user.is_authenticated and user.role == Role.OFFICE:
        return YES
    return no("Chỉ Văn phòng (thường trực Hội đồng) được soạn thảo và ban hành văn bản.")


def can_read_documents(user: User) -> Answer:
    """The register and the documents themselves: the office, the board's leaders who sign them, the admin."""
    if user is not None and user.is_authenticated and user.role in (Role.OFFICE, Role.LEADER, Role.ADMIN):
        return YES
    return no("Chỉ Văn phòng, lãnh đạo Ban và quản trị hệ thống được xem sổ văn bản.")


# --- records: lookup, certificates, the reward fund, statistics (web/records) ----------------------------


def can_read_records(user: User) -> Answer:
    """The board-wide records (every person's and unit's awards, the fund's ledger, the statistics): the office,
    the board's leaders, the admin. A unit officer looks up only the people and units of its scope."""
    if user is not None and user.is_authenticated and user.role in (Role.OFFICE, Role.LEADER, Role.ADMIN):
        return YES
    return no("Chỉ Văn phòng, lãnh đạo Ban và quản trị hệ thống được xem sổ khen thưởng của cả Ban.")


def can_keep_records(user: User) -> Answer:
    """Writing the records (fund entries, certificate blanks and printing, awards recorded by hand for the
    board): the office alone, as with the documents (can_draft_documents)."""
    if user is not None and user.is_authenticated and user.role == Role.OFFICE:
        return YES
    return no("Chỉ Văn phòng (thường trực Hội đồng) được ghi sổ quỹ, khai báo phôi và in giấy khen.")


def record_tabs(user: User) -> tuple[str, ...]:
    """The records' tabs `user` may open (templates/records/_tabs.html)."""
    if not (user is not None and user.is_authenticated):
        return ()
    if user.role == Role.OFFICE:
        return ("lookup", "certificates", "fund", "statistics")
    if user.role in (Role.LEADER, Role.ADMIN):
        return ("lookup", "fund", "statistics")
    if user.role == Role.UNIT_OFFICER:
        return ("lookup",)
    return ()


# --- công khai (services/publication.py) ------------------------------------------------------------


def can_publish(user: User) -> Answer:
    """Publishing a session's recommended list, withdrawing it and handling the objections: the office alone,
    like the documents it prepares (can_draft_documents)."""
    if user is not None and user.is_authenticated and user.role == Role.OFFICE:
        return YES
    return no("Chỉ Văn phòng (thường trực Hội đồng) được công khai danh sách và xử lý ý kiến phản ánh.")


def can_object(user: User, publication, today: dt.date | None = None) -> Answer:
    """Filing an objection: any active account, every role (units included), while the publication is open
    (from its first to its last day in Vietnam time, not withdrawn)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return no("Hãy đăng nhập để gửi ý kiến phản ánh.")
    today = today or local_now().date()
    if publication.withdrawn_at is not None:
        return not_now("Danh sách này đã được thu hồi, không nhận ý kiến phản ánh.")
    if today < publication.starts_on:
        return not_now(f"Danh sách được công khai từ ngày {publication.starts_on:%d/%m/%Y}: "
                       "ý kiến phản ánh được nhận từ ngày đó.")
    if today > publication.ends_on:
        return not_now(f"Thời hạn công khai đã kết thúc ngày {publication.ends_on:%d/%m/%Y}: "
                       "không nhận thêm ý kiến phản ánh.")
    return YES


# --- registration

REGISTRATION_CLOSED = "Đợt đăng ký thi đua {round} {state}: bản đăng ký chỉ còn xem được."


def can_register(user: User, unit_id: int | None, window, now: dt.datetime | None = None, scope=_UNSET) -> Answer:
    """May `user` write the registration (đăng ký thi đua) of `unit_id` in `window` now: the unit's officer
    (its unit and sub-units) — or the office, for a unit without an officer (Lãnh đạo Ban) — while the
    window is open (Vietnam time)."""
    from .rules.calendar import window_state

    if not (user.is_authenticated and user.role == Role.OFFICE):  # the admin keeps the system, fills in nothing
        answer = can_edit_unit(user, unit_id, scope)
        if not answer:
            return no("Chỉ cán bộ thi đua của đơn vị (hoặc Văn phòng) đăng ký thi đua cho đơn vị.")
    state = window_state(window.opens_at, window.closes_at, now or local_now())
    if state == "open":
        return YES
    said = {"upcoming": "chưa mở", "closed": "đã hết hạn"}.get(state, "chưa đặt thời gian")
    return not_now(REGISTRATION_CLOSED.format(round=window.round_label, state=said))


def can_read_registration(user: User, unit_id: int | None, scope=_UNSET) -> Answer:
    """The unit's officer (unit and sub-units), the office and admin read a unit's registration."""
    return can_read_unit(user, unit_id, scope)
