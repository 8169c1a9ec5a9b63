"""The initiative register (sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả) of a unit: register,
correct, delete, with authors and their contributions, recognition and files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..models import Initiative, InitiativeAuthor, Nomination, Person, Unit, User
from ..models.base import VIETNAM_OFFSET, local_now
from ..permissions import can_edit_unit, unit_scope
from ..rules.levels import INITIATIVE_LEVELS
from ..rules.ranges import initiative_date_problems
from ..rules.workflow import LOCKED
from ..vietnamese import clean_text, number
from . import ServiceError, audit, check_version, transactional
from . import files as file_service
from .results import attach_files

INITIATIVE_FIELDS = ["title", "description", "first_applied_on", "benefits", "level", "decision_number",
                     "decision_date", "decision_body"]


@transactional
def save_initiative(actor: User, data: dict, authors: list[tuple[int, Decimal]], *, unit: Unit,
                    initiative: Initiative | None = None, uploads=None, seen_version: int | None = None,
                    now: dt.datetime | None = None) -> Initiative:
    """Register or correct an initiative. Authors are people of the unit's scope; contributions add to 100 %.

    An author who has since moved to another unit stays an author when the initiative is corrected."""
    can_edit_unit(actor, unit.id).require()
    if initiative is not None:
        can_edit_unit(actor, initiative.unit_id).require()
        check_version(initiative, seen_version)
    if not clean_text(data.get("title")):
        raise ServiceError("Hãy nhập tên sáng kiến.", field="title")
    if not authors:
        raise ServiceError("Hãy chọn ít nhất một tác giả.", field="authors")
    person_ids = [pid for pid, _ in authors]
    if len(set(person_ids)) != len(person_ids):
        raise ServiceError("Mỗi tác giả chỉ được chọn một lần.", field="authors")
    if any(share is None or share <= 0 or share > 100 for _, share in authors):
        raise ServiceError("Tỷ lệ đóng góp của mỗi tác giả phải lớn hơn 0% và không quá 100%.", field="authors")
    scope = unit_scope(actor)
    kept = {a.person_id for a in initiative.authors} if initiative is not None else set()
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    if set(people) != set(person_ids) or any(p.unit_id not in scope and p.id not in kept for p in people.values()):
        raise ServiceError("Tác giả phải là cán bộ của đơn vị.", field="authors")
    total = sum((share for _, share in authors), Decimal(0))
    if total != 100:
        raise ServiceError(f"Tổng tỷ lệ đóng góp của các tác giả là {number(total, 2)}%, phải bằng 100%.",
                           field="authors")
    now = now or local_now()
    today = now.date()
    problems = initiative_date_problems(data.get("first_applied_on"), data.get("decision_date"), today)
    if problems:
        raise ServiceError.of(problems)
    if data.get("level") and data["level"] not in INITIATIVE_LEVELS:
        raise ServiceError("Cấp công nhận không hợp lệ.", field="level")
    if data.get("level") and not (clean_text(data.get("decision_number")) and data.get("decision_date")):
        raise ServiceError("Sáng kiến đã được công nhận cần số và ngày của quyết định công nhận.",
                           field="decision_number")
    created = initiative is None
    if created:
        initiative = Initiative(unit_id=unit.id, created_by_id=actor.id)
        db.session.add(initiative)
    before = audit.snapshot(initiative, [*INITIATIVE_FIELDS, "unit_id"])
    for name in INITIATIVE_FIELDS:
        value = data.get(name)
        setattr(initiative, name, value.strip() if isinstance(value, str) else value)
    for name in ("description", "benefits", "decision_number", "decision_body"):
        if getattr(initiative, name) is None:
            setattr(initiative, name, "")
    initiative.level = data.get("level") or None
    initiative.unit_id = unit.id
    shares = dict(authors)
    current = {a.person_id: a for a in initiative.authors}
    for person_id, author in current.items():  # keep the rows that stay: no delete + insert of the same key
        if person_id not in shares:
            initiative.authors.remove(author)
        elif author.contribution != shares[person_id]:
            author.contribution = shares[person_id]
    for person_id, share in authors:
        if person_id not in current:
            initiative.authors.append(InitiativeAuthor(person_id=person_id, contribution=share))
    initiative.updated_at = now - VIETNAM_OFFSET
    attach_files(actor, initiative.files, uploads, unit.id)
    audit.record("initiative.create" if created else "initiative.update", initiative,
                 summary=f"{'Đăng ký' if created else 'Sửa'} sáng kiến «{initiative.title}»",
                 changes=audit.diff(before, audit.snapshot(initiative, [*INITIATIVE_FIELDS, "unit_id"])), actor=actor)
    return initiative


def _initiative_in_use(initiative: Initiative) -> Nomination | None:
    """A locked dossier of one of the authors (submitted or further on): the initiative is part of what the
    office appraises and the council judges."""
    person_ids = [a.person_id for a in initiative.authors]
    if not person_ids:
        return None
    return db.session.scalar(select(Nomination).where(Nomination.person_id.in_(person_ids),
                                                      Nomination.status.in_(LOCKED)).limit(1))


@transactional
def delete_initiative(actor: User, initiative: Initiative, seen_version: int | None = None) -> None:
    """Remove an initiative registered by mistake, with its files (not while an author's dossier is submitted)."""
    can_edit_unit(actor, initiative.unit_id).require()
    check_version(initiative, seen_version)
    in_use = _initiative_in_use(initiative)
    if in_use is not None:
        raise ServiceError(f"Không xóa được: sáng kiến thuộc hồ sơ đề nghị đã nộp của {in_use.nominee_name}.")
    for stored in list(initiative.files):
        initiative.files.remove(stored)
        file_service.delete_file(actor, stored)
    audit.record("initiative.delete", initiative, summary=f"Xóa sáng kiến «{initiative.title}»", actor=actor)
    db.session.delete(initiative)
