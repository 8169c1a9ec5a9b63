"""Criteria results of a unit's nominees, and the files of every dossier record.

A unit officer records results for their own unit (and its sub-units) while the phase's window is open;
while a dossier of the same nominee in the phase is submitted (or further on) its results and evidence are
locked (permissions.can_edit_results). Files follow their owner: a file removed leaves the disk once the
change commits (services/files.py), and a refused save stores nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Criterion, Nomination, Person, Phase, Result, StoredFile, Unit, User, subject_key
from ..models.base import VIETNAM_OFFSET, local_now
from ..permissions import can_edit_nomination, can_edit_results, can_edit_unit, made_above_among
from ..rules.ranges import result_problem
from ..rules.workflow import LOCKED
from . import PermissionDenied, ServiceError, StaleEdit, audit, check_version, transactional
from . import files as file_service


def attach_files(actor: User, owner_files: list, uploads, unit_id: int) -> list[StoredFile]:
    """Store each upload (checked from its bytes) and attach it to a dossier record of `unit_id`."""
    stored = [file_service.store_upload(actor, upload, unit_id) for upload in uploads or []
              if upload is not None and getattr(upload, "filename", "")]
    owner_files.extend(stored)
    return stored


def subject_locked(phase_id: int, subject: str) -> Nomination | None:
    """A dossier of this nominee in this phase that the unit can no longer change (submitted or further
    on: rules.workflow.LOCKED): while it exists, the nominee's results are locked."""
    return db.session.scalar(select(Nomination).where(
        Nomination.phase_id == phase_id, Nomination.subject == subject,
        Nomination.status.in_(LOCKED)).limit(1))


def subject_made_above(actor: User, phase_id: int, subject: str) -> Nomination | None:
    """A dossier of this nominee in this phase that a unit above the actor's scope made (the actor's
    sub-unit reads it, and so its nominee's results, only): permissions.made_above_among."""
    return made_above_among(actor, db.session.scalars(select(Nomination).where(
        Nomination.phase_id == phase_id, Nomination.subject == subject)).all())


def owner_unit_id(owner) -> int:
    """The unit a result, initiative or nomination belongs to: access to it and to its files follows it."""
    return owner.unit_id


@transactional
def remove_file(actor: User, owner, stored: StoredFile, *, now: dt.datetime | None = None) -> None:
    """Detach and delete a file from a result, initiative or nomination the actor may change (the unit,
    the window and the dossier's state are those of the owner)."""
    can_edit_unit(actor, owner_unit_id(owner)).require()
    if stored not in owner.files:
        raise PermissionDenied()
    if isinstance(owner, Nomination):
        can_edit_nomination(actor, owner, now).require()
    elif isinstance(owner, Result):
        phase = db.session.get(Phase, owner.phase_id)
        can_edit_results(actor, phase, owner.unit_id, subject_locked(owner.phase_id, owner.subject), now,
                         made_above_by=subject_made_above(actor, owner.phase_id, owner.subject)).require()
    owner.files.remove(stored)
    file_service.delete_file(actor, stored)


@transactional
def save_result(actor: User, *, phase: Phase, criterion: Criterion, unit: Unit, person: Person | None,
                value: Decimal | None, explanation: str, uploads=None, seen_version: int | None = None,
                now: dt.datetime | None = None) -> Result:
    """Record (or correct) one nominee's result for one criterion in one phase.

    Evidence may follow later: a criterion that requires it shows as "thiếu minh chứng" until it has a
    file, and the dossier cannot be submitted before (dossier_gaps)."""
    if person is not None:
        unit = person.unit
    key = subject_key(person.id if person else None, unit.id)
    can_edit_results(actor, phase, unit.id, subject_locked(phase.id, key), now,
                     made_above_by=subject_made_above(actor, phase.id, key)).require()
    if criterion.campaign_id != phase.campaign_id or criterion.retired:
        raise ServiceError("Tiêu chí không thuộc phong trào của giai đoạn này.")
    if criterion.source == "task_completion":
        raise ServiceError(f"Tiêu chí {criterion.code} lấy số liệu tự động từ báo cáo tiến độ nhiệm vụ kế hoạch, "
                           "không nhập tay.")
    kind = "individual" if person is not None else "collective"
    if criterion.applies_to not in (kind, "both"):
        raise ServiceError("Tiêu chí này không áp dụng cho đối tượng này.")
    if criterion.is_quantitative:
        if value is None:
            raise ServiceError("Hãy nhập kết quả đạt được.", field="value")
        problem = result_problem(value, criterion.unit_of_measure, allows_over_100=criterion.allows_over_100)
        if problem:
            raise ServiceError(problem, field="value")
    result = db.session.scalar(select(Result).where(Result.phase_id == phase.id, Result.criterion_id == criterion.id,
                                                    Result.subject == key))
    created = result is None
    if created:
        if seen_version:  # the form was shown a result that no longer exists
            raise StaleEdit()
        result = Result(phase_id=phase.id, criterion_id=criterion.id, unit_id=unit.id,
                        person_id=person.id if person else None, subject=key)
        db.session.add(result)
    else:
        check_version(result, seen_version)
    before = audit.snapshot(result, ["value", "explanation"])
    result.value = value if criterion.is_quantitative else None
    result.explanation = (explanation or "").strip()
    result.recorded_by_id = actor.id
    result.unit_id = unit.id
    result.updated_at = (now or local_now()) - VIETNAM_OFFSET
    attach_files(actor, result.files, uploads, unit.id)
    try:  # the insert: another user may have recorded the same result at the same moment
        db.session.flush()
    except IntegrityError as err:
        raise StaleEdit() from err
    audit.record("result.save", result, summary=f"Ghi kết quả tiêu chí {criterion.code} cho "
                 f"{person.full_name if person else unit.name}", changes=audit.diff(before, audit.snapshot(
                     result, ["value", "explanation"])), actor=actor)
    return result
