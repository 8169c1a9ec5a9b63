"""Emulation registration (đăng ký thi đua): the office opens one window per phase (an annual round is the
year of its annual titles); while it is open each unit registers the title its collective aims for, the
titles each of its people aim for (several per person: LĐTT and CSTĐCS) and its commitments, a target
value per quantitative criterion of the campaign that applies to collectives. The form is prefilled
from the unit's registration, or else from last year: a person who received LĐTT last year is proposed
LĐTT again, the unit's last collective target likewise. Read-only once the window closes.

Writes (audited): `save_window` (`registration_window.open`, `registration_window.update`) and
`save_registration` (`registration.save`). Reads: `open_windows`, `summary`, `unregistered_units` (the
office's follow-up), `registered` / `registered_by_nomination` / `registered_many` (the nomination page
and the eligibility rules, rules/eligibility.py `NomineeFacts.registered`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    AwardForm,
    AwardRecord,
    Criterion,
    Nomination,
    Person,
    Phase,
    RegistrationCommitment,
    RegistrationLine,
    RegistrationWindow,
    Unit,
    UnitRegistration,
    User,
    local_now,
    utcnow,
)
from ..models.base import VIETNAM_OFFSET
from ..models.registration import REGISTRATION_NOTE_MAX
from ..permissions import can_manage_org, can_register, unit_subtree_ids
from ..rules.calendar import window_state
from ..vietnamese import clean_text, measure, number, parse_number, short_datetime
from . import ServiceError, StaleEdit, audit, check_version, transactional

STATE_LABELS = {"upcoming": "Chưa mở", "open": "Đang mở", "closed": "Đã hết hạn", "not_set": "Chưa đặt"}


# --- windows ---------------------------------------------------------------------------------------


def window_of(phase: Phase) -> RegistrationWindow | None:
    return db.session.scalar(select(RegistrationWindow).where(RegistrationWindow.phase_id == phase.id))


def windows() -> list[RegistrationWindow]:
    """Every window, the latest first, with its phase and campaign (one query)."""
    return list(db.session.scalars(select(RegistrationWindow).join(Phase).options(
        joinedload(RegistrationWindow.phase).joinedload(Phase.campaign))
        .order_by(RegistrationWindow.opens_at.desc(), RegistrationWindow.id.desc())))


def state_of(window: RegistrationWindow, now: dt.datetime | None = None) -> str:
    """'upcoming', 'open' or 'closed' (Vietnam time)."""
    return window_state(window.opens_at, window.closes_at, now or local_now())


def open_windows(today: dt.date | dt.datetime | None = None) -> list[RegistrationWindow]:
    """The windows open at `today` (a moment in Vietnam time; a date: open at some time of that day)."""
    if today is None:
        today = local_now()
    if isinstance(today, dt.datetime):
        day_starts = day_ends = today
    else:
        day_starts, day_ends = dt.datetime.combine(today, dt.time.min), dt.datetime.combine(today, dt.time.max)
    return [w for w in windows() if w.opens_at <= day_ends and w.closes_at >= day_starts]


@transactional
def save_window(actor: User, phase: Phase, opens_at: dt.datetime | None, closes_at: dt.datetime | None,
                note: str = "", seen_version: int | None = None) -> RegistrationWindow:
    """Open (or change) `phase`'s registration window: from `opens_at` to `closes_at`, Vietnam time."""
    can_manage_org(actor).require()
    problems = {}
    if opens_at is None:
        problems["opens_at"] = "Hãy nhập ngày giờ mở đăng ký (ví dụ 05/01/2027 08:00)."
    if closes_at is None:
        problems["closes_at"] = "Hãy nhập ngày giờ hết hạn đăng ký (ví dụ 31/01/2027 17:00)."
    if opens_at and closes_at and closes_at <= opens_at:
        problems["closes_at"] = f"Hạn đăng ký phải sau thời điểm mở ({short_datetime(opens_at)})."
    if closes_at and closes_at.date() > phase.end_date:
        problems["closes_at"] = f"Hạn đăng ký phải trong thời gian của {phase.name} (đến {phase.end_date:%d/%m/%Y})."
    note = clean_text(note)
    if len(note) > REGISTRATION_NOTE_MAX:
        problems["note"] = f"Ghi chú không quá {REGISTRATION_NOTE_MAX} ký tự (đang có {len(note)})."
    if problems:
        raise ServiceError.of(problems)
    window = window_of(phase)
    fields = ["opens_at", "closes_at", "note"]
    if window is None:
        window = RegistrationWindow(phase_id=phase.id, created_by_id=actor.id)
        db.session.add(window)
        before = dict.fromkeys(fields)
    else:
        check_version(window, seen_version)
        before = audit.snapshot(window, fields)
    window.opens_at, window.closes_at, window.note = opens_at, closes_at, note
    db.session.flush()
    audit.record("registration_window.open" if before["opens_at"] is None else "registration_window.update",
                 window, actor=actor,
                 summary=f"Đăng ký thi đua {phase.name} ({phase.campaign.title}): từ {short_datetime(opens_at)} "
                         f"đến {short_datetime(closes_at)}",
                 changes=audit.diff(before, audit.snapshot(window, fields)))
    return window


# --- what a unit registers for ------------------------------------------------------------------------


def _forms(kinds: tuple[str, ...]) -> list[AwardForm]:
    """The active award forms for `kinds`: the titles (danh hiệu thi đua) first, then the other forms."""
    forms = db.session.scalars(select(AwardForm).where(AwardForm.active.is_(True), AwardForm.applies_to.in_(kinds))
                               .order_by(AwardForm.position, AwardForm.id)).all()
    return sorted(forms, key=lambda f: f.kind != "title")


def individual_forms() -> list[AwardForm]:
    """The award forms a person may register for (active, for individuals), in the catalogue's order."""
    return _forms(("individual", "both"))


def collective_forms() -> list[AwardForm]:
    return _forms(("collective", "both"))


def commitment_criteria(window: RegistrationWindow) -> list[Criterion]:
    """The quantitative criteria of the window's campaign that apply to collectives, with their targets."""
    return list(db.session.scalars(select(Criterion).where(
        Criterion.campaign_id == window.phase.campaign_id, Criterion.measure == "quantitative",
        Criterion.retired.is_(False), Criterion.applies_to.in_(("collective", "both")))
        .options(selectinload(Criterion.targets)).order_by(Criterion.position, Criterion.id)))


def people_of(unit: Unit) -> list[Person]:
    """The unit's own active staff, in Vietnamese name order (a sub-unit registers its own)."""
    return list(db.session.scalars(select(Person).where(Person.unit_id == unit.id, Person.active.is_(True))
                                   .order_by(Person.sort_key, Person.id)))


def registration_of(window: RegistrationWindow, unit: Unit) -> UnitRegistration | None:
    return db.session.scalar(select(UnitRegistration).where(
        UnitRegistration.window_id == window.id, UnitRegistration.unit_id == unit.id)
        .options(selectinload(UnitRegistration.lines), selectinload(UnitRegistration.commitments)))


@dataclass
class RegistrationData:
    """What the form holds: the collective's target (None: none), {person id: award form ids}, and
    {criterion id: the value as typed} ("95", "95%", "1,5"). `prefilled` says where a new form's values
    came from ("" when they are the unit's saved registration)."""

    collective_award_form_id: int | None = None
    lines: dict[int, set[int]] = field(default_factory=dict)
    commitments: dict[int, str] = field(default_factory=dict)
    prefilled: str = ""


def _previous_window(window: RegistrationWindow) -> RegistrationWindow | None:
    """The same campaign's window before this one (last year's round)."""
    return db.session.scalars(select(RegistrationWindow).join(Phase).where(
        Phase.campaign_id == window.phase.campaign_id, RegistrationWindow.opens_at < window.opens_at)
        .order_by(RegistrationWindow.opens_at.desc())).first()


_READ = object()


def prefill(window: RegistrationWindow, unit: Unit, *, saved=_READ, people: list[Person] | None = None,
            individual: list[AwardForm] | None = None, collective: list[AwardForm] | None = None,
            criteria: list[Criterion] | None = None) -> RegistrationData:
    """The unit's saved registration; else last year's: each person's titles received last year (AwardRecord)
    among those one registers for, the unit's last collective target (or the title it received last
    year), and the phase's targets as commitments. (The page passes what it has already read.)"""
    saved = registration_of(window, unit) if saved is _READ else saved
    if saved is not None:
        lines: dict[int, set[int]] = {}
        for line in saved.lines:
            lines.setdefault(line.person_id, set()).add(line.award_form_id)
        return RegistrationData(saved.collective_award_form_id, lines,
                                {c.criterion_id: number(c.value, 4) for c in saved.commitments})
    last_year = window.year - 1
    individual = {f.id for f in (individual if individual is not None else individual_forms())}
    people = [p.id for p in (people if people is not None else people_of(unit))]
    lines = {}
    if people:
        for pid, form_id in db.session.execute(select(AwardRecord.person_id, AwardRecord.award_form_id).where(
                AwardRecord.person_id.in_(people), AwardRecord.year == last_year)):
            if form_id in individual:
                lines.setdefault(pid, set()).add(form_id)
    collective = {f.id for f in (collective if collective is not None else collective_forms())}
    target = None
    previous = _previous_window(window)
    if previous is not None:
        target = db.session.scalar(select(UnitRegistration.collective_award_form_id).where(
            UnitRegistration.window_id == previous.id, UnitRegistration.unit_id == unit.id))
    if target is None:
        target = next((form_id for form_id in db.session.scalars(select(AwardRecord.award_form_id).where(
            AwardRecord.nominee_unit_id == unit.id, AwardRecord.year == last_year)) if form_id in collective), None)
    commitments = {}
    for criterion in criteria if criteria is not None else commitment_criteria(window):
        goal = criterion.target_for(window.phase_id)
        if goal is not None:
            commitments[criterion.id] = number(goal.value, 4)
    return RegistrationData(target if target in collective else None, lines, commitments,
                            prefilled=f"Đề xuất theo kết quả năm {last_year}: hãy xem lại trước khi lưu.")


def parse_commitment(text: str | None) -> Decimal | None:
    """'95', '95%', '95 %', '1,5', '2.340' → the value; None when it is not a number."""
    value = (text or "").strip()
    if value.endswith("%"):
        value = value[:-1].strip()
    return parse_number(value)


@transactional
def save_registration(actor: User, unit: Unit, window: RegistrationWindow, data: RegistrationData,
                      seen_version: int | None = None, *, now: dt.datetime | None = None) -> UnitRegistration:
    """Write `unit`'s registration in `window` (replacing what it held): by the unit's officer (or the
    office) while the window is open; only the unit's people (and its sub-units'), the award forms that
    apply to them, the campaign's quantitative criteria. Every problem is said beside its field at once.
    `seen_version`: the version the form showed ("" when it showed no registration yet; None: unchecked)."""
    can_register(actor, unit.id, window, now).require()
    problems: dict[str, str] = {}
    collective = {f.id: f for f in collective_forms()}
    individual = {f.id: f for f in individual_forms()}
    if data.collective_award_form_id is not None and data.collective_award_form_id not in collective:
        problems["collective_award_form_id"] = "Danh hiệu tập thể này không đăng ký được (không áp dụng cho tập thể)."
    members = unit_subtree_ids(unit.id)
    person_ids = {pid for pid, forms in data.lines.items() if forms}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))} if person_ids else {}
    for pid in sorted(person_ids):
        person = people.get(pid)
        if person is None or person.unit_id not in members or not person.active:
            problems[f"person_{pid}"] = "Người này không thuộc đơn vị (hoặc đã nghỉ): không đăng ký được."
            continue
        wrong = [fid for fid in data.lines[pid] if fid not in individual]
        if wrong:
            problems[f"person_{pid}"] = "Có danh hiệu không áp dụng cho cá nhân."
    criteria = {c.id: c for c in commitment_criteria(window)}
    values: dict[int, Decimal] = {}
    for cid, text in data.commitments.items():
        if not (text or "").strip():
            continue
        if cid not in criteria:
            problems[f"commitment_{cid}"] = "Tiêu chí này không có chỉ tiêu đăng ký."
            continue
        value = parse_commitment(text)
        criterion = criteria[cid]
        if value is None:
            problems[f"commitment_{cid}"] = "Chỉ tiêu phải là một số (ví dụ 95 hoặc 1,5)."
        elif value <= 0:
            problems[f"commitment_{cid}"] = "Chỉ tiêu phải lớn hơn 0."
        elif criterion.unit_of_measure.strip() == "%" and value > 100 and not criterion.allows_over_100:
            problems[f"commitment_{cid}"] = "Tỷ lệ không quá 100%."
        elif value >= Decimal("1e10"):
            problems[f"commitment_{cid}"] = "Chỉ tiêu quá lớn."
        else:
            values[cid] = value
    if problems:
        raise ServiceError.of(problems)

    registration = registration_of(window, unit)
    if registration is not None and seen_version == "":
        raise StaleEdit()  # the form was shown before anyone registered the unit; someone has since
    before = _snapshot(registration)
    if registration is None:
        registration = UnitRegistration(window_id=window.id, unit_id=unit.id)
        db.session.add(registration)
    else:
        check_version(registration, seen_version)
    registration.collective_award_form_id = data.collective_award_form_id
    wanted = {(pid, fid) for pid in person_ids for fid in data.lines[pid]}
    for line in list(registration.lines):
        if (line.person_id, line.award_form_id) not in wanted:
            registration.lines.remove(line)
    have = {(line.person_id, line.award_form_id) for line in registration.lines}
    for pid, fid in sorted(wanted - have):
        registration.lines.append(RegistrationLine(person_id=pid, award_form_id=fid))
    by_criterion = {c.criterion_id: c for c in registration.commitments}
    for cid, commitment in by_criterion.items():
        if cid not in values:
            registration.commitments.remove(commitment)
    for cid, value in values.items():
        if cid in by_criterion:
            by_criterion[cid].value = value
        else:
            registration.commitments.append(RegistrationCommitment(criterion_id=cid, value=value))
    registration.submitted_at = (now - VIETNAM_OFFSET) if now else utcnow()
    registration.updated_by_id = actor.id
    db.session.flush()
    after = _snapshot(registration, collective | individual)
    audit.record("registration.save", registration, actor=actor,
                 summary=f"Đăng ký thi đua {window.round_label} của {unit.name}: "
                         f"{len(person_ids)} cá nhân, {len(wanted)} danh hiệu"
                         + (f"; tập thể «{collective[data.collective_award_form_id].name}»"
                            if data.collective_award_form_id else "; tập thể không đăng ký"),
                 changes=audit.diff(before, after))
    return registration


def _snapshot(registration: UnitRegistration | None, forms: dict | None = None) -> dict:
    if registration is None:
        return {"collective": None, "lines": None, "commitments": None}
    forms = forms or {}

    def name(fid):
        return forms[fid].name if fid in forms else fid

    return {"collective": name(registration.collective_award_form_id) if registration.collective_award_form_id
            else None,
            "lines": len(registration.lines),
            "commitments": ", ".join(f"{c.criterion_id}: {number(c.value, 4)}" for c in registration.commitments)}


# --- the office's summary ------------------------------------------------------------------------------


def registering_units() -> list[Unit]:
    """The units expected to register: every active unit, in the tree's order (parents before children)."""
    units = list(db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.sort_order, Unit.id)))
    children: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for u in units:
        children.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    ordered: list[Unit] = []

    def walk(parent):
        for u in children.get(parent, []):
            ordered.append(u)
            walk(u.id)

    walk(None)
    return ordered


@dataclass
class PersonRow:
    person: Person
    titles: list[AwardForm]


@dataclass
class UnitRow:
    unit: Unit
    registration: UnitRegistration | None
    collective: AwardForm | None
    people: list[PersonRow]
    counts: dict[int, int]  # award form id → people registered for it
    commitments: list[tuple[Criterion, Decimal]]

    @property
    def registered(self) -> bool:
        return self.registration is not None


@dataclass
class Summary:
    window: RegistrationWindow
    rows: list[UnitRow]
    forms: list[AwardForm]  # the individual titles registered, the columns of the counts
    collective_counts: dict[int, int]  # award form id → collectives registered for it
    totals: dict[int, int]  # award form id → people, board-wide
    collective_forms: list[AwardForm]

    @property
    def unregistered(self) -> list[Unit]:
        return [row.unit for row in self.rows if not row.registered]

    @property
    def registered_count(self) -> int:
        return sum(1 for row in self.rows if row.registered)


def summary(window: RegistrationWindow) -> Summary:
    """Units × titles: who registered what (each unit's collective target, its people's titles and counts,
    its commitments) and the units that have not registered. A fixed number of queries."""
    units = registering_units()
    registrations = {r.unit_id: r for r in db.session.scalars(
        select(UnitRegistration).where(UnitRegistration.window_id == window.id).options(
            selectinload(UnitRegistration.lines).joinedload(RegistrationLine.person),
            selectinload(UnitRegistration.commitments).joinedload(RegistrationCommitment.criterion),
            joinedload(UnitRegistration.updated_by)))}
    forms = {f.id: f for f in db.session.scalars(select(AwardForm).order_by(AwardForm.position, AwardForm.id))}
    rows = []
    totals: dict[int, int] = {}
    collective_counts: dict[int, int] = {}
    for unit in units:
        registration = registrations.get(unit.id)
        people: dict[int, PersonRow] = {}
        counts: dict[int, int] = {}
        commitments = []
        collective = None
        if registration is not None:
            collective = forms.get(registration.collective_award_form_id)
            if collective is not None:
                collective_counts[collective.id] = collective_counts.get(collective.id, 0) + 1
            for line in registration.lines:
                row = people.setdefault(line.person_id, PersonRow(line.person, []))
                row.titles.append(forms[line.award_form_id])
                counts[line.award_form_id] = counts.get(line.award_form_id, 0) + 1
                totals[line.award_form_id] = totals.get(line.award_form_id, 0) + 1
            commitments = sorted(((c.criterion, c.value) for c in registration.commitments),
                                 key=lambda item: (item[0].position, item[0].id))
        for row in people.values():
            row.titles.sort(key=lambda f: (f.position, f.id))
        rows.append(UnitRow(unit, registration, collective,
                            sorted(people.values(), key=lambda r: (r.person.sort_key, r.person.id)), counts,
                            commitments))
    ordered = [f for f in forms.values() if f.id in totals]
    return Summary(window, rows, ordered, collective_counts, totals,
                   [f for f in forms.values() if f.id in collective_counts])


def unregistered_units(window: RegistrationWindow) -> list[Unit]:
    """The active units with no registration in `window`, in the tree's order (two queries)."""
    done = set(db.session.scalars(select(UnitRegistration.unit_id).where(UnitRegistration.window_id == window.id)))
    return [u for u in registering_units() if u.id not in done]


# --- did a nominee register? ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationKey:
    """A nominee for an award form in a phase: a person (person_id) or a collective (unit_id only)."""

    phase_id: int
    award_form_id: int
    person_id: int | None
    unit_id: int


def registered_many(keys: list[RegistrationKey]) -> list[bool | None]:
    """For each key: True / False whether the nominee registered for that award form in the phase's window;
    None when the phase has no window. Three queries for any number of keys."""
    if not keys:
        return []
    window_of_phase = dict(db.session.execute(select(RegistrationWindow.phase_id, RegistrationWindow.id).where(
        RegistrationWindow.phase_id.in_({k.phase_id for k in keys}))).all())
    if not window_of_phase:
        return [None] * len(keys)
    window_ids = set(window_of_phase.values())
    people = {k.person_id for k in keys if k.person_id}
    lines = set()
    if people:
        lines = set(db.session.execute(
            select(UnitRegistration.window_id, RegistrationLine.person_id, RegistrationLine.award_form_id)
            .join(UnitRegistration).where(UnitRegistration.window_id.in_(window_ids),
                                          RegistrationLine.person_id.in_(people))).all())
    collectives = set()
    if any(k.person_id is None for k in keys):
        collectives = set(db.session.execute(
            select(UnitRegistration.window_id, UnitRegistration.unit_id, UnitRegistration.collective_award_form_id)
            .where(UnitRegistration.window_id.in_(window_ids),
                   UnitRegistration.unit_id.in_({k.unit_id for k in keys if k.person_id is None}))).all())
    out: list[bool | None] = []
    for k in keys:
        window_id = window_of_phase.get(k.phase_id)
        if window_id is None:
            out.append(None)
        elif k.person_id:
            out.append((window_id, k.person_id, k.award_form_id) in lines)
        else:
            out.append((window_id, k.unit_id, k.award_form_id) in collectives)
    return out


def key_of(nomination: Nomination) -> RegistrationKey:
    return RegistrationKey(nomination.phase_id, nomination.award_form_id, nomination.person_id,
                           nomination.nominee_unit_id)


def registered(nomination: Nomination) -> bool | None:
    """Whether the nominee registered for the nomination's award form in its phase (None: no window)."""
    return registered_many([key_of(nomination)])[0]


def registered_by_nomination(nominations: list[Nomination]) -> dict[int, bool | None]:
    """{nomination id: registered(…)} for a list of dossiers, in three queries."""
    return {n.id: r for n, r in zip(nominations, registered_many([key_of(n) for n in nominations]), strict=True)}


def round_labels(phase_ids: set[int]) -> dict[int, str]:
    """{phase id: the round's label} of the phases that have a window ("năm 2026", "Giai đoạn 1 …")."""
    if not phase_ids:
        return {}
    return {w.phase_id: w.round_label for w in db.session.scalars(
        select(RegistrationWindow).where(RegistrationWindow.phase_id.in_(phase_ids))
        .options(joinedload(RegistrationWindow.phase)))}


# --- the documents: the list (.docx) and the summary (.xlsx) --------------------------------------------


def _title(window: RegistrationWindow) -> str:
    """'DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2026', or '… GIAI ĐOẠN 1 (2026–2027)' for a longer phase."""
    label = window.round_label
    return f"DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA {label.upper()}"


def _split(forms: list[AwardForm]) -> tuple[str, str]:
    """(the titles, the other award forms), each joined for print."""
    return ("; ".join(f.name for f in forms if f.kind == "title"),
            "; ".join(f.name for f in forms if f.kind != "title"))


def _position_unit(person: Person, chain_names: list[str]) -> str:
    return ", ".join(([person.position] if person.position else []) + chain_names)


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return (moment + VIETNAM_OFFSET).date() if moment else None


def registration_list(window: RegistrationWindow, unit: Unit | None = None):
    """The data of the DANH SÁCH ĐĂNG KÝ: one unit's (signed by its head, THỦ TRƯỞNG ĐƠN VỊ), or the
    board's (every registered unit, its people under its name; signed by the board's head)."""
    from ..documents.layout import Issuer
    from ..documents.layout import Signer as SignerBlock
    from ..documents.registration_list import (
        CollectiveEntry,
        CommitmentEntry,
        PersonEntry,
        PersonGroup,
        RegistrationList,
    )
    from ..models import Signer
    from .decisions import signing_block
    from .org import get_agency
    from .reports import _unit_head, unit_chain

    agency = get_agency()
    data = summary(window)
    rows = [row for row in data.rows if row.registered and (unit is None or row.unit.id == unit.id)]
    chains = {row.unit.id: [u.name for u in unit_chain(row.unit)] for row in rows}
    groups, collectives = [], []
    for row in rows:
        people = []
        for person_row in row.people:
            titles, others = _split(person_row.titles)
            person = person_row.person
            if unit is None:  # under the unit's name: the position, and the sub-unit when it is another
                where = [] if person.unit_id == row.unit.id else [person.unit.name]
            else:
                where = chains[row.unit.id] if person.unit_id == row.unit.id else [
                    u.name for u in unit_chain(person.unit)]
            people.append(PersonEntry(person.full_name, _position_unit(person, where), titles, others))
        groups.append(PersonGroup("" if unit is not None else row.unit.name, people))
        if row.collective is not None:
            titles, others = _split([row.collective])
            collectives.append(CollectiveEntry(row.unit.name if unit is not None else ", ".join(chains[row.unit.id]),
                                               titles, others))
    campaign = window.phase.campaign.title
    if unit is not None:
        chain = unit_chain(unit)
        parents = ([agency.name] if agency else []) + [u.name for u in reversed(chain[1:])]
        issuer = Issuer("\n".join(parents).upper(), unit.name.upper(), agency.symbol if agency else "",
                        agency.place_name if agency else "")
        head = _unit_head(unit.id)
        signer = SignerBlock(lines=["THỦ TRƯỞNG ĐƠN VỊ"], full_name=head.full_name if head else "",
                             note="(Ký, ghi rõ họ tên" + (", đóng dấu)" if unit.has_seal else ")"))
        registration = rows[0].registration if rows else None
        commitments = []
        if registration is not None:
            for criterion, value in rows[0].commitments:
                target = criterion.target_for(window.phase_id)
                commitments.append(CommitmentEntry(
                    f"{criterion.code}. {criterion.name}", measure(target.value, criterion.unit_of_measure)
                    if target else "", measure(value, criterion.unit_of_measure)))
        return RegistrationList(issuer=issuer, title=_title(window), campaign=campaign,
                                date=_local_day(registration.submitted_at) if registration else None,
                                year=window.year, signer=signer, groups=groups, collectives=collectives,
                                commitments=commitments)
    issuer = Issuer(agency.parent_body if agency else "", agency.name if agency else "",
                    agency.symbol if agency else "", agency.place_name if agency else "")
    head = db.session.scalars(select(Signer).where(Signer.is_head.is_(True), Signer.active.is_(True))
                              .order_by(Signer.sort_order, Signer.id)).first()
    signer = signing_block(agency, head) if agency else SignerBlock(lines=["THỦ TRƯỞNG CƠ QUAN"], full_name="")
    latest = max((row.registration.submitted_at for row in rows), default=None)
    missing = data.unregistered
    note = ("Đơn vị chưa đăng ký: " + ", ".join(u.name for u in missing) + ".") if missing else ""
    return RegistrationList(issuer=issuer, title=_title(window), campaign=campaign,
                            date=_local_day(latest),
                            year=window.year, signer=signer, groups=groups, collectives=collectives, note=note)


def registration_list_docx(window: RegistrationWindow, unit: Unit | None = None) -> bytes:
    from ..documents.registration_list import build_registration_list

    return build_registration_list(registration_list(window, unit))


def list_filename(window: RegistrationWindow, unit: Unit | None = None, ext: str = "docx") -> str:
    from .reports import ascii_slug

    who = ascii_slug(unit.name) if unit is not None else "toan-ban"
    return f"dang-ky-thi-dua-{ascii_slug(window.round_label)}-{who}.{ext}"


def summary_xlsx(window: RegistrationWindow) -> bytes:
    """The summary as a sheet: one line per unit (registered or not, its collective target, the count of
    each title), then one line per person registered; prints like every exported sheet (print_setup)."""
    import io

    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .org_export import print_setup

    data = summary(window)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    sheet.cell(1, 1, f"TỔNG HỢP ĐĂNG KÝ THI ĐUA {window.round_label.upper()}").font = Font(bold=True, size=13)
    sheet.cell(2, 1, f"{window.phase.campaign.title}: {data.registered_count}/{len(data.rows)} đơn vị đã đăng ký")
    headers = [("STT", 6), ("Đơn vị", 36), ("Đã đăng ký", 12), ("Danh hiệu tập thể", 28)]
    headers += [(f.name, 16) for f in data.forms] + [("Lưu lúc", 18)]
    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(4, column, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    row_number = 5
    for index, row in enumerate(data.rows, start=1):
        saved = short_datetime(row.registration.submitted_at + VIETNAM_OFFSET) if row.registration else ""
        values = [index, row.unit.name, "Đã đăng ký" if row.registered else "Chưa đăng ký",
                  row.collective.name if row.collective else ""]
        values += [row.counts.get(f.id, 0) if row.registered else None for f in data.forms] + [saved]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row_number, column, value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        row_number += 1
    sheet.cell(row_number, 2, "Tổng cộng").font = Font(bold=True)
    for offset, form in enumerate(data.forms):
        sheet.cell(row_number, 5 + offset, data.totals.get(form.id, 0)).font = Font(bold=True)
    sheet.freeze_panes = "A5"
    print_setup(sheet, f"Tổng hợp đăng ký thi đua {window.round_label}", title_rows="1:4")

    people = workbook.create_sheet("Cá nhân")
    for column, (title, width) in enumerate([("STT", 6), ("Họ và tên", 28), ("Chức vụ", 24), ("Đơn vị", 36),
                                             ("Danh hiệu, hình thức đăng ký", 44)], start=1):
        cell = people.cell(1, column, title)
        cell.font = Font(bold=True)
        people.column_dimensions[get_column_letter(column)].width = width
    line = 2
    for row in data.rows:
        for person_row in row.people:
            for column, value in enumerate([line - 1, person_row.person.full_name, person_row.person.position,
                                            row.unit.name, "; ".join(f.name for f in person_row.titles)], start=1):
                people.cell(line, column, value).alignment = Alignment(vertical="top", wrap_text=True)
            line += 1
    people.freeze_panes = "A2"
    print_setup(people, f"Cá nhân đăng ký thi đua {window.round_label}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def registered_units(window_ids: set[int], unit_ids: set[int]) -> dict[tuple[int, int], bool]:
    """{(window id, unit id): True} for the units among `unit_ids` registered in the windows (one query)."""
    if not window_ids or not unit_ids:
        return {}
    return {(w, u): True for w, u in db.session.execute(
        select(UnitRegistration.window_id, UnitRegistration.unit_id).where(
            UnitRegistration.window_id.in_(window_ids), UnitRegistration.unit_id.in_(unit_ids)))}


def registration_counts(window_ids: set[int]) -> dict[int, int]:
    """{window id: units registered} (one query)."""
    if not window_ids:
        return {}
    from sqlalchemy import func

    return dict(db.session.execute(select(UnitRegistration.window_id, func.count(UnitRegistration.id))
                                   .where(UnitRegistration.window_id.in_(window_ids))
                                   .group_by(UnitRegistration.window_id)).all())
