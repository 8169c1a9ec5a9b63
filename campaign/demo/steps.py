"""The loader: one step per kind of record, each turning part of a DemoSpec into rows.

Every step looks its records up by their natural key (agency symbol, signer name, unit code, person
name + date of birth, username) and adds only what is missing; nothing existing is changed. Steps add
to the session and never commit: load_demo commits once, after the last step. A later issue adds its
own step (campaigns, criteria, nominations …) to STEPS, using what the earlier ones left in the
context (ctx.agency, ctx.units, ctx.people).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..extensions import db
from ..models import Agency, Person, Role, Signer, Unit, User
from ..services import ServiceError
from ..services.org import get_agency
from .names import NamePicker
from .spec import REFERENCE_DATE, AccountSpec, DemoSpec


@dataclass(frozen=True)
class PlannedPerson:
    full_name: str
    gender: str
    date_of_birth: dt.date
    position: str
    employment_type: str
    is_leader: bool
    unit: str  # unit code
    key: str | None = None


@dataclass(frozen=True)
class DemoAccount:
    """One line of the account list that `flask campaign demo` prints."""

    username: str
    role_label: str
    unit_name: str = ""  # the unit, or "Lãnh đạo Ban"
    holder: str = ""  # "Nguyễn Thị Hoa, Chuyên viên"
    created: bool = True
    demo_password: bool = True  # False: the account existed with a password of its own


@dataclass
class DemoContext:
    spec: DemoSpec
    password: str  # of every account the loader creates
    created: dict[str, int] = field(default_factory=dict)
    agency: Agency | None = None
    units: dict[str, Unit] = field(default_factory=dict)  # by code, as written in the spec
    people: dict[str, Person] = field(default_factory=dict)  # by StaffSpec key
    accounts: list[DemoAccount] = field(default_factory=list)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n


# --- the people, planned without the database ---------------------------------------------------


def plan_people(spec: DemoSpec) -> list[PlannedPerson]:
    """The staff of the spec with their names and dates of birth: the same list on every call.

    Each place (unit, position, n-th holder) draws from its own generator, seeded by the spec's seed
    and the place: adding a row to the spec adds people without renaming those already there (a
    renamed person would be a new person to the next run, whose natural key is name + date of birth).
    """
    reserved = {s.full_name for s in spec.signers} | {a.full_name for a in spec.accounts if a.full_name}
    picker = NamePicker(spec.family_names, reserved)
    holders: dict[tuple[str, str], int] = {}
    planned = []
    for row in spec.staff:
        unit = spec.unit(row.unit)
        for _ in range(row.count):
            n = holders[row.unit, row.position] = holders.get((row.unit, row.position), 0) + 1
            rng = random.Random(f"{spec.seed}|{row.unit}|{row.position}|{n}")
            gender = row.gender or ("nu" if rng.random() < spec.female_share else "nam")
            full_name = picker.pick(rng, gender)
            low, high = row.ages
            age = low + int(rng.random() * (high - low + 1))
            # Born in the year that makes them `age` on REFERENCE_DATE (1 January), on any day of it.
            born = dt.date(REFERENCE_DATE.year - age - 1, 1, 1) + dt.timedelta(days=int(rng.random() * 365))
            planned.append(PlannedPerson(
                full_name=full_name,
                gender=gender,
                date_of_birth=born,
                position=row.position,
                employment_type=row.employment_type or unit.employment_type,
                is_leader=row.leader,
                unit=row.unit,
                key=row.key,
            ))
    return planned


# --- the steps ----------------------------------------------------------------------------------


def agency_step(ctx: DemoContext) -> None:
    """The agency, unless the database already belongs to another one (then nothing is written)."""
    spec = ctx.spec
    agency = get_agency()
    if agency is not None and (agency.symbol or "").strip().upper() != spec.symbol:
        raise ServiceError(
            f"Cơ sở dữ liệu đang chứa dữ liệu của «{agency.name}» (ký hiệu {agency.symbol}), "
            f"nên không thể nạp dữ liệu mẫu của «{spec.name}» ({spec.symbol}). "
            "Hãy dùng một cơ sở dữ liệu trống cho dữ liệu mẫu này. Không có dữ liệu nào bị thay đổi."
        )
    if agency is None:
        agency = Agency(name=spec.name, short_name=spec.short_name, parent_body=spec.parent_body,
                        symbol=spec.symbol, place_name=spec.place_name)
        db.session.add(agency)
        ctx.count("agency")
    ctx.agency = agency


def signers_step(ctx: DemoContext) -> None:
    existing = {s.full_name for s in ctx.agency.signers}
    for order, signer in enumerate(ctx.spec.signers, start=1):
        if signer.full_name in existing:
            continue
        ctx.agency.signers.append(Signer(full_name=signer.full_name, title=signer.title,
                                         is_head=signer.is_head, sort_order=order, active=True))
        ctx.count("signer")


def units_step(ctx: DemoContext) -> None:
    codes = [u.code.upper() for u in ctx.spec.units]
    existing = {u.code.upper(): u for u in db.session.scalars(select(Unit).where(func.upper(Unit.code).in_(codes)))}
    for order, spec in enumerate(ctx.spec.units, start=1):
        unit = existing.get(spec.code.upper())
        if unit is None:
            if spec.parent is not None and spec.parent not in ctx.units:
                raise ValueError(f"demo spec: unit {spec.code} comes before its parent {spec.parent}")
            unit = Unit(code=spec.code, name=spec.name, sort_order=order * 10, active=True,
                        parent=ctx.units[spec.parent] if spec.parent else None)
            db.session.add(unit)
            ctx.count("unit")
        ctx.units[spec.code] = unit


def people_step(ctx: DemoContext) -> None:
    planned = plan_people(ctx.spec)
    names = {p.full_name for p in planned}
    existing = {
        (p.full_name, p.date_of_birth): p
        for p in db.session.scalars(select(Person).where(Person.full_name.in_(names)))
    }
    for plan in planned:
        person = existing.get((plan.full_name, plan.date_of_birth))
        if person is None:
            person = Person(gender=plan.gender, date_of_birth=plan.date_of_birth, position=plan.position,
                            employment_type=plan.employment_type, is_leader=plan.is_leader,
                            unit=ctx.units[plan.unit], active=True)
            person.set_name(plan.full_name)
            db.session.add(person)
            ctx.count("person")
        if plan.key:
            ctx.people[plan.key] = person


def _account_line(ctx: DemoContext, user: User, spec: AccountSpec, created: bool) -> DemoAccount:
    person = user.person
    if person is not None:
        holder = f"{person.full_name}, {person.position}" if person.position else person.full_name
    elif spec.title:
        holder = f"{user.full_name}, {spec.title}"
    else:
        holder = ""
    if user.unit is not None:
        unit_name = user.unit.name
    elif person is not None:
        unit_name = person.unit.name
    elif user.role in (Role.LEADER, Role.COUNCIL_CHAIR) or spec.title:
        unit_name = "Lãnh đạo Ban"
    else:
        unit_name = ""
    return DemoAccount(
        username=user.username,
        role_label=user.role_label,
        unit_name=unit_name,
        holder=holder if holder != unit_name else "",
        created=created,
        demo_password=created or user.check_password(ctx.password),
    )


def accounts_step(ctx: DemoContext) -> None:
    usernames = [a.username.lower() for a in ctx.spec.accounts]
    existing = {
        u.username.lower(): u
        for u in db.session.scalars(select(User).where(func.lower(User.username).in_(usernames)))
    }
    for spec in ctx.spec.accounts:
        user = existing.get(spec.username.lower())
        created = user is None
        if created:
            person = ctx.people[spec.person] if spec.person else None
            user = User(
                username=spec.username,
                full_name=person.full_name if person is not None else (spec.full_name or spec.username),
                role=spec.role,
                unit=ctx.units[spec.unit] if spec.unit else None,
                person=person,
                active=True,
            )
            # Deliberately below the password policy (services.auth.validate_new_password): demo only.
            user.set_password(ctx.password)
            db.session.add(user)
            ctx.count("user")
        ctx.accounts.append(_account_line(ctx, user, spec, created))


# What each step creates, in the words of the summary ("Đã tạo mới: 7 đơn vị, …").
KIND_LABELS: dict[str, str] = {
    "agency": "cơ quan",
    "signer": "người ký",
    "unit": "đơn vị",
    "person": "cá nhân",
    "user": "tài khoản",
}

Step = Callable[[DemoContext], None]
STEPS: list[Step] = [agency_step, signers_step, units_step, people_step, accounts_step]
