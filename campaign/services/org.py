"""Writes to the organisation: the agency and its signers, units, people."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from ..extensions import db
from ..models import Agency, Person, Signer, Unit, User, local_now
from ..permissions import can_edit_person, unit_scope
from ..vietnamese import clean_text
from . import PermissionDenied, ServiceError, audit, check_version, require_manager, transactional

AGENCY_FIELDS = ["name", "short_name", "parent_body", "symbol", "place_name", "head_title", "office_head_title",
                 "establishing_decision"]
SIGNER_FIELDS = ["full_name", "title", "is_head", "sort_order", "active"]
UNIT_FIELDS = ["code", "name", "parent_id", "sort_order", "active"]
PERSON_FIELDS = [
    "full_name", "gender", "date_of_birth", "position", "employment_type", "is_leader", "unit_id", "active",
]
# The achievement report's seal (set on the unit form) and personal details (the person form, and the
# people import's optional columns, which keep them as they are when the file has no such column).
UNIT_FORM_FIELDS = [*UNIT_FIELDS, "has_seal"]
PERSON_PROFILE_FIELDS = ["ethnicity", "hometown", "residence", "qualification", "political_theory", "academic_title"]
PERSON_FORM_FIELDS = [*PERSON_FIELDS, *PERSON_PROFILE_FIELDS]


def _apply(obj, data: dict, fields: list[str]) -> dict:
    before = audit.snapshot(obj, fields)
    for key in fields:
        if key in data:
            value = data[key]
            if isinstance(value, str):
                value = clean_text(value)
            if key == "full_name" and isinstance(obj, Person):
                obj.set_name(value)
            else:
                setattr(obj, key, value)
    return audit.diff(before, audit.snapshot(obj, fields))


# --- agency -------------------------------------------------------------------------------------


def get_agency() -> Agency | None:
    return db.session.scalar(select(Agency).order_by(Agency.id).limit(1))


@transactional
def save_agency(actor: User, data: dict, seen_version: int | None = None) -> Agency:
    require_manager(actor)
    agency = get_agency()
    created = agency is None
    if created:
        agency = Agency()
        db.session.add(agency)
    else:
        check_version(agency, seen_version)
    data = dict(data, symbol=clean_text(data.get("symbol", "")).upper(),
                parent_body=clean_text(data.get("parent_body", "")).upper())
    changes = _apply(agency, data, AGENCY_FIELDS)
    if changes:
        audit.record("agency.create" if created else "agency.update", agency,
                     summary="Cập nhật thông tin cơ quan", changes=changes)
    return agency


@transactional
def save_signer(actor: User, data: dict, signer: Signer | None = None) -> Signer:
    require_manager(actor)
    agency = get_agency()
    if agency is None:
        raise ServiceError("Hãy nhập thông tin cơ quan trước khi thêm người ký.")
    created = signer is None
    if created:
        signer = Signer(agency=agency)
        db.session.add(signer)
    changes = _apply(signer, data, SIGNER_FIELDS)
    if changes:
        audit.record("signer.create" if created else "signer.update", signer,
                     summary=f"{'Thêm' if created else 'Sửa'} người ký {signer.full_name}", changes=changes)
    return signer


# --- units --------------------------------------------------------------------------------------


def ancestors(unit_id: int | None) -> list[int]:
    """The ids above a unit, nearest first (one query)."""
    parents = dict(db.session.execute(select(Unit.id, Unit.parent_id)).all())
    chain, seen = [], set()
    current = parents.get(unit_id) if unit_id else None
    while current is not None and current not in seen:
        seen.add(current)
        chain.append(current)
        current = parents.get(current)
    return chain


def unit_code(value) -> str:
    """A unit code as stored and compared: trimmed, upper case."""
    return clean_text(value if isinstance(value, str) else str(value or "")).upper()


# The characters a unit code may use (codes go into account names such as donvi.<mã>); the unit form
# in web/org/forms.py checks the same rule.
UNIT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")


def date_of_birth_problem(value: dt.date | None, today: dt.date | None = None) -> str | None:
    """Why a date of birth is not plausible (the rules of the person form), or None."""
    if value is None:
        return None
    today = today or local_now().date()
    if value > today:
        return "Ngày sinh không được ở tương lai."
    if value.year < 1940:
        return "Năm sinh không hợp lý (trước 1940)."
    if (today - value).days < 18 * 365:
        return "Cán bộ phải đủ 18 tuổi."
    return None


def _check_unit(data: dict, unit: Unit | None) -> None:
    code = clean_text(data.get("code", "")).upper()
    data["code"] = code
    if not code:
        raise ServiceError("Hãy nhập mã đơn vị.", field="code")
    clash = db.session.scalar(select(Unit.id).where(func.upper(Unit.code) == code))
    if clash and (unit is None or clash != unit.id):
        raise ServiceError(f"Mã đơn vị «{code}» đã được dùng cho đơn vị khác.", field="code")
    parent_id = data.get("parent_id") or None
    data["parent_id"] = parent_id
    if parent_id is not None:
        parent = db.session.get(Unit, parent_id)
        if parent is None:
            raise ServiceError("Đơn vị cấp trên không tồn tại.", field="parent_id")
        if unit is not None and (parent_id == unit.id or unit.id in ancestors(parent_id)):
            raise ServiceError(
                "Không thể chọn chính đơn vị này hoặc một đơn vị cấp dưới của nó làm đơn vị cấp trên.",
                field="parent_id",
            )


@transactional
def create_unit(actor: User, data: dict) -> Unit:
    require_manager(actor)
    data = dict(data)
    _check_unit(data, None)
    unit = Unit()
    db.session.add(unit)
    changes = _apply(unit, data, UNIT_FORM_FIELDS)
    audit.record("unit.create", unit, summary=f"Thêm đơn vị {unit.code} – {unit.name}", changes=changes)
    return unit


@transactional
def update_unit(actor: User, unit: Unit, data: dict, seen_version: int | None) -> Unit:
    require_manager(actor)
    check_version(unit, seen_version)
    data = dict(data)
    _check_unit(data, unit)
    if unit.active and data.get("active") is False:
        _check_can_deactivate(unit)
    changes = _apply(unit, data, UNIT_FORM_FIELDS)
    if changes:
        audit.record("unit.update", unit, summary=f"Sửa đơn vị {unit.code}", changes=changes)
    return unit


def _check_can_deactivate(unit: Unit) -> None:
    children = db.session.scalar(select(func.count()).where(Unit.parent_id == unit.id, Unit.active.is_(True)))
    if children:
        raise ServiceError(f"Đơn vị còn {children} đơn vị trực thuộc đang hoạt động: hãy ngừng hoạt động "
                           "hoặc chuyển các đơn vị đó trước.", field="active")
    people = db.session.scalar(select(func.count()).where(Person.unit_id == unit.id, Person.active.is_(True)))
    if people:
        raise ServiceError(f"Đơn vị còn {people} người đang công tác: hãy chuyển họ sang đơn vị khác trước.",
                           field="active")


# --- people -------------------------------------------------------------------------------------


def _check_person(actor: User, data: dict) -> None:
    if not clean_text(data.get("full_name")):
        raise ServiceError("Hãy nhập họ và tên.", field="full_name")
    unit = db.session.get(Unit, data.get("unit_id") or 0)
    if unit is None:
        raise ServiceError("Hãy chọn đơn vị.", field="unit_id")
    scope = unit_scope(actor)
    if scope is not None and unit.id not in scope:
        raise ServiceError("Bạn chỉ được chọn đơn vị của mình.", field="unit_id")


@transactional
def create_person(actor: User, data: dict) -> Person:
    scope = unit_scope(actor)
    if scope is not None and not scope:
        raise PermissionDenied()
    _check_person(actor, data)
    person = Person()
    db.session.add(person)
    changes = _apply(person, data, PERSON_FORM_FIELDS)
    audit.record("person.create", person, summary=f"Thêm {person.full_name}", changes=changes)
    return person


@transactional
def update_person(actor: User, person: Person, data: dict, seen_version: int | None) -> Person:
    can_edit_person(actor, person).require()
    check_version(person, seen_version)
    _check_person(actor, data)
    changes = _apply(person, data, PERSON_FORM_FIELDS)
    if changes:
        audit.record("person.update", person, summary=f"Sửa thông tin {person.full_name}", changes=changes)
    return person
