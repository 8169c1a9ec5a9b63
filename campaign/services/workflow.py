"""The one way a nomination changes state: `transition`.

It checks who may act (permissions.can_act), asks the workflow table (rules.workflow) where the action
leads, writes the state, the dossier's timeline event (NominationEvent: the domain's history, which the
unit and the office read) and the audit event (AuditEvent: who changed what). It does not commit: the
calling service's unit of work does, so closing a vote can tally, move every nomination and draft the
minutes in one transaction.
"""

from __future__ import annotations

import datetime as dt

from ..models import Nomination, NominationEvent, User
from ..models.base import VIETNAM_OFFSET, local_now
from ..permissions import can_act
from ..rules.workflow import ACTION_LABELS, Action, NominationStatus, Step, step
from . import ServiceError, audit


def add_event(nomination: Nomination, actor: User | None, action: str, *, note: str = "",
              points: list | None = None, now: dt.datetime | None = None) -> NominationEvent:
    """Append one step to the dossier's timeline (`now`: Vietnam time, stored as UTC)."""
    at = (now or local_now()) - VIETNAM_OFFSET
    event = NominationEvent(actor_id=actor.id if actor else None, actor_name=actor.full_name if actor else "",
                            action=action, note=note, points=points or [], created_at=at)
    nomination.events.append(event)
    return event


def check(actor: User, nomination: Nomination, action: Action | str, *, now: dt.datetime | None = None) -> Step:
    """Refuse now, before anything is written, what `transition` would refuse; the table's step otherwise."""
    can_act(actor, nomination, action, now=now).require()
    answer = step(nomination.status, action)
    if not answer.allowed:
        raise ServiceError(answer.refusal)
    return answer


def transition(actor: User, nomination: Nomination, action: Action | str, *, note: str = "",
               points: list | None = None, now: dt.datetime | None = None,
               audit_reason: bool = False) -> NominationEvent:
    """Move `nomination` by `action` for `actor` at `now` (Vietnam time; the current time by default).

    Refused with the table's or the permission's Vietnamese reason: PermissionDenied when the actor may
    not take this action at all, ServiceError when the dossier's state or the phase's window forbids it.
    `audit_reason`: the note is the step's reason, written in the audit event too (a withdrawal).
    """
    action = Action(action)
    now = now or local_now()
    answer = check(actor, nomination, action, now=now)
    previous = NominationStatus(nomination.status)
    nomination.status = answer.transition.to
    event = add_event(nomination, actor, answer.transition.event, note=(note or "").strip(), points=points,
                      now=now)
    audit.record(f"nomination.{answer.transition.event}", nomination, actor=actor,
                 summary=f"{ACTION_LABELS[action]}: hồ sơ đề nghị «{nomination.award_form.name}» của "
                 f"{nomination.nominee_name}" + (f". Lý do: {event.note}" if audit_reason and event.note else ""),
                 changes={"status": [previous.value, answer.transition.to.value]})
    return event
