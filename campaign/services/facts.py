"""Read side: what the eligibility rules need to know about a nominee, the rules' verdict, the quota
used, and the records a dossier shows (prior awards, sanctions, initiatives). The ranking reuses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    AwardCondition,
    AwardForm,
    AwardQuota,
    AwardRecord,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Person,
    Phase,
    Sanction,
    Unit,
    local_now,
    subject_key,
)
from ..permissions import unit_subtree_ids, unit_subtrees
from ..rules.eligibility import (
    Condition,
    Eligibility,
    NomineeFacts,
    evaluate,
    quota_limit,
    sanction_period,
    year_considered,
)


def period_of(phase: Phase, today: dt.date | None = None) -> tuple[int, dt.date, dt.date]:
    """The year considered and the sanction period of a phase today (rules.eligibility): the eligibility
    facts and the achievement report read sanctions over this one period."""
    year = year_considered(phase.end_date, today or local_now().date())
    start, end = sanction_period(phase.start_date, phase.end_date, year)
    return year, start, end


@dataclass(frozen=True)
class Nominee:
    """A nominee to judge: a dossier, or only what is chosen on the form (`exclude_id`: the dossier itself,
    whose own title does not count as proposed in the same round)."""

    phase: Phase
    award_form: AwardForm
    person_id: int | None
    unit_id: int  # the person's unit, or the collective itself
    members_complete: bool | None = None
    exclude_id: int | None = None

    @property
    def subject(self) -> str:
        return subject_key(self.person_id, self.unit_id)


def _facts_of(nominees: list[Nominee]) -> list[tuple[NomineeFacts, dict[tuple[str, str], int]]]:
    """What the eligibility rules need about each nominee (saved or only chosen on the form), and, for a
    collective, how many members were counted for a title because they are proposed for it in the same
    round ({(code, name): count}). A fixed number of queries for any number of nominees."""
    periods = {n.phase.id: period_of(n.phase) for n in nominees}
    pending: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for nid, phase_id, subject, code in db.session.execute(
            select(Nomination.id, Nomination.phase_id, Nomination.subject, AwardForm.code).join(AwardForm)
            .where(Nomination.phase_id.in_(periods), Nomination.subject.in_({n.subject for n in nominees}))):
        pending.setdefault((phase_id, subject), []).append((nid, code))
    trees = unit_subtrees({n.unit_id for n in nominees if not n.person_id})
    member_units = set().union(*trees.values()) if trees else set()
    members: dict[int, tuple[int, bool]] = {}  # person id → (unit id, active), for the collectives
    if member_units:
        members = {pid: (uid, active) for pid, uid, active in db.session.execute(
            select(Person.id, Person.unit_id, Person.active).where(Person.unit_id.in_(member_units)))}
    individuals = {n.person_id for n in nominees if n.person_id}
    everyone = individuals | set(members)
    records: dict[int, list[tuple[int, str]]] = {}
    levels: dict[int, list[str]] = {}
    sanctions: dict[int, list[tuple[str, dt.date]]] = {}
    proposed_rows: list[tuple[int, str, str, int]] = []
    if everyone:
        for pid, year, code in db.session.execute(select(AwardRecord.person_id, AwardRecord.year, AwardForm.code)
                                                  .join(AwardForm).where(AwardRecord.person_id.in_(everyone))):
            records.setdefault(pid, []).append((year, code))
        for pid, level, day in db.session.execute(select(Sanction.person_id, Sanction.level, Sanction.decided_on)
                                                  .where(Sanction.person_id.in_(everyone))):
            sanctions.setdefault(pid, []).append((level, day))
    if individuals:
        for pid, level in db.session.execute(select(InitiativeAuthor.person_id, Initiative.level).join(Initiative)
                                             .where(InitiativeAuthor.person_id.in_(individuals),
                                                    Initiative.level.is_not(None))):
            levels.setdefault(pid, []).append(level)
    if members:
        proposed_rows = db.session.execute(
            select(Nomination.phase_id, AwardForm.code, AwardForm.name, Nomination.person_id).join(AwardForm)
            .where(Nomination.phase_id.in_(periods), Nomination.person_id.in_(members))).all()
    out = []
    for n in nominees:
        year, start, end = periods[n.phase.id]
        same_round = {code for nid, code in pending.get((n.phase.id, n.subject), []) if nid != n.exclude_id}
        if n.person_id:
            titles: dict[int, set[str]] = {}
            for record_year, code in records.get(n.person_id, []):
                titles.setdefault(record_year, set()).add(code)
            own = [(level, day) for level, day in sanctions.get(n.person_id, []) if start <= day <= end]
            out.append((NomineeFacts(kind="individual", year=year, titles_by_year=titles, pending_titles=same_round,
                                     initiative_levels=levels.get(n.person_id, []), sanctions=own), {}))
            continue
        tree = trees[n.unit_id]
        in_unit = {pid for pid, (uid, _active) in members.items() if uid in tree}
        active = {pid for pid in in_unit if members[pid][1]}
        holders: dict[str, set[int]] = {}
        for pid in active:
            for record_year, code in records.get(pid, []):
                if record_year == year:
                    holders.setdefault(code, set()).add(pid)
        proposed: dict[tuple[str, str], set[int]] = {}
        for phase_id, code, name, pid in proposed_rows:
            if phase_id == n.phase.id and pid in active and pid not in holders.get(code, set()):
                proposed.setdefault((code, name), set()).add(pid)
        for (code, _name), pids in proposed.items():
            holders.setdefault(code, set()).update(pids)
        member_sanctions = [level for pid in in_unit for level, day in sanctions.get(pid, []) if start <= day <= end]
        out.append((NomineeFacts(kind="collective", year=year, pending_titles=same_round, members=len(active),
                                 member_titles={code: len(pids) for code, pids in holders.items()},
                                 all_members_complete=n.members_complete,
                                 member_sanction_levels=member_sanctions),
                    {key: len(pids) for key, pids in proposed.items()}))
    return out


def _conditions(award_form_ids: set[int]) -> dict[int, list[Condition]]:
    rows = db.session.scalars(select(AwardCondition).where(AwardCondition.award_form_id.in_(award_form_ids))
                              .options(joinedload(AwardCondition.title))
                              .order_by(AwardCondition.alternative, AwardCondition.id)).all()
    conditions: dict[int, list[Condition]] = {ident: [] for ident in award_form_ids}
    for c in rows:
        conditions[c.award_form_id].append(Condition(
            kind=c.kind, alternative=c.alternative, title_code=c.title.code if c.title else None,
            title_name=c.title.name if c.title else "", years=c.years, count=c.count, level=c.level,
            percent=c.percent, strict=c.strict))
    return conditions


def conditions_of(award_form: AwardForm) -> list[Condition]:
    return _conditions({award_form.id})[award_form.id]


def verdicts(nominees: list[Nominee]) -> list[Eligibility]:
    """The rules' verdict on each nominee, in order: the one source of the eligibility panel, the unit's
    home page and the submit confirmation. A fixed number of queries for any number of nominees."""
    if not nominees:
        return []
    conditions = _conditions({n.award_form.id for n in nominees})
    facts_of = _facts_of(nominees)
    _registrations(nominees, [facts for facts, _proposed in facts_of])
    out = []
    for nominee, (facts, proposed) in zip(nominees, facts_of, strict=True):
        rules = conditions[nominee.award_form.id]
        verdict = evaluate(rules, facts)
        counted = {c.title_code for c in rules if c.kind in ("member_title_share", "member_with_title")}
        verdict.notes.extend(f"Tính cả {n} thành viên đang được đề nghị «{name}» cùng đợt."
                             for (code, name), n in sorted(proposed.items()) if code in counted)
        out.append(verdict)
    return out


def _registrations(nominees: list[Nominee], facts: list[NomineeFacts]) -> None:
    """For the award forms that require registration (đăng ký thi đua): whether each nominee registered
    for it in the phase's window (left None when the phase has no window). Four queries at most."""
    from .registration import RegistrationKey, registered_many, round_labels

    required = [i for i, n in enumerate(nominees) if n.award_form.requires_registration]
    if not required:
        return
    answers = registered_many([RegistrationKey(nominees[i].phase.id, nominees[i].award_form.id,
                                               nominees[i].person_id, nominees[i].unit_id) for i in required])
    labels = round_labels({nominees[i].phase.id for i in required})
    for i, answer in zip(required, answers, strict=True):
        if answer is not None:
            facts[i].registered = answer
            facts[i].registration_award = nominees[i].award_form.name
            facts[i].registration_round = labels.get(nominees[i].phase.id, "")


_UNCHANGED = object()


def nominee_of(nomination: Nomination, members_complete=_UNCHANGED) -> Nominee:
    complete = nomination.members_complete if members_complete is _UNCHANGED else members_complete
    return Nominee(nomination.phase, nomination.award_form, nomination.person_id,
                   nomination.person.unit_id if nomination.person_id else nomination.nominee_unit_id,
                   complete, nomination.id)


def eligibility(nomination: Nomination, members_complete=_UNCHANGED) -> Eligibility:
    """The rules' verdict on a dossier; `members_complete` as the officer has just chosen it on the form."""
    return verdicts([nominee_of(nomination, members_complete)])[0]


def eligibility_by_nomination(nominations: list[Nomination]) -> dict[int, Eligibility]:
    """{nomination id: verdict} for a list of dossiers (the unit's home page), in a fixed number of queries."""
    return {n.id: v for n, v in zip(nominations, verdicts([nominee_of(n) for n in nominations]), strict=True)}


def eligibility_for(phase: Phase, award_form: AwardForm, *, person: Person | None, unit: Unit | None,
                    members_complete: bool | None = None, exclude_id: int | None = None) -> Eligibility:
    """The rules' verdict on a nominee chosen on the form, before (or after) the dossier exists."""
    unit_id = person.unit_id if person is not None else unit.id
    return verdicts([Nominee(phase, award_form, person.id if person else None, unit_id, members_complete,
                             exclude_id)])[0]


@dataclass
class QuotaUse:
    unit_count: int  # this unit's nominations for the award in the phase
    total: int  # every unit's
    limit: int | None  # the phase's quota, None when unlimited

    def describe(self) -> str:
        mine = f"Đơn vị đã đề nghị {self.unit_count}"
        if self.limit is None:
            return f"{mine}; hình thức này không giới hạn số lượng."
        return f"{mine}; toàn Ban {self.total}/{self.limit} theo chỉ tiêu của giai đoạn."

    @property
    def over(self) -> bool:
        return self.limit is not None and self.total > self.limit


def quota_use(phase: Phase, award_form: AwardForm, unit_id: int) -> QuotaUse:
    counts = dict(db.session.execute(select(Nomination.unit_id, func.count(Nomination.id)).where(
        Nomination.phase_id == phase.id, Nomination.award_form_id == award_form.id).group_by(Nomination.unit_id)).all())
    quota = db.session.scalar(select(AwardQuota).where(AwardQuota.phase_id == phase.id,
                                                       AwardQuota.award_form_id == award_form.id))
    limit = None
    if quota is not None:
        staff = db.session.scalar(select(func.count(Person.id)).where(Person.active.is_(True))) or 0
        units = db.session.scalar(select(func.count(Unit.id)).where(Unit.active.is_(True))) or 0
        limit = quota_limit(quota.kind, quota.value, staff=staff, units=units)
    return QuotaUse(counts.get(unit_id, 0), sum(counts.values()), limit)


def prior_awards(nomination: Nomination) -> list[AwardRecord]:
    """What the nominee already received (khen thưởng đã đạt), newest first."""
    holder = (AwardRecord.person_id == nomination.person_id if nomination.person_id
              else AwardRecord.nominee_unit_id == nomination.nominee_unit_id)
    return list(db.session.scalars(select(AwardRecord).where(holder).options(joinedload(AwardRecord.award_form))
                                   .order_by(AwardRecord.year.desc(), AwardRecord.id.desc())))


def sanctions_of(nomination: Nomination, *, in_period: bool = False) -> list[Sanction]:
    """The nominee's sanctions (a person's own; for a collective, those of its members); with
    `in_period`, only those of the period the eligibility rules count (`period_of`)."""
    if nomination.person_id:
        query = select(Sanction).where(Sanction.person_id == nomination.person_id)
    else:
        members = unit_subtree_ids(nomination.nominee_unit_id)
        query = select(Sanction).join(Person).where(Person.unit_id.in_(members))
    if in_period:
        _year, start, end = period_of(nomination.phase)
        query = query.where(Sanction.decided_on.between(start, end))
    return list(db.session.scalars(query.options(joinedload(Sanction.person))
                                   .order_by(Sanction.decided_on.desc(), Sanction.id.desc())))


def nominee_initiatives(nomination: Nomination) -> list[Initiative]:
    """A person's initiatives (as an author), or those of a collective's units."""
    if nomination.person_id:
        query = select(Initiative).join(InitiativeAuthor).where(InitiativeAuthor.person_id == nomination.person_id)
    else:
        query = select(Initiative).where(Initiative.unit_id.in_(unit_subtree_ids(nomination.nominee_unit_id)))
    return list(db.session.scalars(query.options(
        selectinload(Initiative.authors).joinedload(InitiativeAuthor.person), selectinload(Initiative.files))
        .order_by(Initiative.id.desc())).unique())
