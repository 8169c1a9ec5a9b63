"""Record who changed what, when, from where: before → after."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{"field": [before, after]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    action: str,
    obj=None,
    *,
    summary: str = "",
    changes: dict | None = None,
    actor=None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits with its own write)."""
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    ip = (request.remote_addr or "") if has_request_context() else "cli"
    if obj is not None:
        db.session.flush()  # give a new object its id
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", "") or ("cli" if not has_request_context() else ""),
        ip_address=ip,
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else ""),
        object_id=object_id if object_id is not None else getattr(obj, "id", None),
        summary=summary,
        changes=changes or {},
    )
    db.session.add(event)
    return event
