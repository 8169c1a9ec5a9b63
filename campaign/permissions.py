"""Who may see and change what. Every access decision lives here; services, views and templates ask,
they never recompute.

A `can_*` function answers with an `Answer`: true or false like a bool, and with the Vietnamese
`reason` a page can show when it is false. `Answer.require()` raises the service layer's
`PermissionDenied` with that reason; the application turns it into the 403 page everywhere.

Scope: a unit officer is bound to one unit and reaches that unit and all its sub-units (`unit_scope`);
the office and admin reach every unit; other roles reach no unit's dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .extensions import db
from .models import Person, Role, Unit, User

NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này."


@dataclass(frozen=True)
class Answer:
    """An access decision with the reason shown when it is a refusal."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Raise PermissionDenied(reason) unless allowed."""
        if not self.allowed:
            from .services import PermissionDenied

            raise PermissionDenied(self.reason or NOT_ALLOWED)


YES = Answer(True)


def no(reason: str = NOT_ALLOWED) -> Answer:
    return Answer(False, reason)


def unit_subtree_ids(root_id: int) -> set[int]:
    """The unit and all its descendants (one query: the unit table is small)."""
    rows = db.session.execute(select(Unit.id, Unit.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for uid, parent in rows:
        children.setdefault(parent, []).append(uid)
    found, stack = set(), [root_id]
    while stack:
        uid = stack.pop()
        if uid in found:
            continue
        found.add(uid)
        stack.extend(children.get(uid, []))
    return found


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

