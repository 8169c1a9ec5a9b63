"""Who may see and change what. Services and views ask here; nothing else decides access."""

from __future__ import annotations

from sqlalchemy import select

from .extensions import db
from .models import Person, Role, Unit, User


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


def can_manage_org(user: User) -> bool:
    """Office and admin set up the agency, units, people and accounts."""
    return user.is_authenticated and user.role in Role.MANAGERS


def people_scope(user: User) -> set[int] | None:
    """Unit ids whose people `user` may see and edit; None means every unit; empty means none.

    A unit officer keeps their own unit's staff list (and its sub-units') current."""
    if can_manage_org(user):
        return None
    if user.role == Role.UNIT_OFFICER and user.unit_id:
        return unit_subtree_ids(user.unit_id)
    return set()


def can_edit_person(user: User, person: Person) -> bool:
    scope = people_scope(user)
    return scope is None or person.unit_id in scope


def can_manage_user(actor: User, target_role: str) -> bool:
    """Admin manages every account; the office every account but administrators."""
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.OFFICE and target_role != Role.ADMIN
