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
from ..permissions import unit_subtree_ids
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


def _facts(phase: Phase, *, subject: str, person_id: int | None, nominee_unit_id: int,
           members_complete: bool | None, exclude_id: int | None = None
           ) -> tuple[NomineeFacts, dict[tuple[str, str], int]]:
    """What the eligibility rules need about a nominee (saved or only chosen on the form), and, for a
    collective, how many members were counted for a title because they are proposed for it in the same
    round ({(code, name): count}). A handful of queries, whatever the nominee."""
    year, start, end = period_of(phase)
    pending_query = select(AwardForm.code).join(Nomination).where(Nomination.phase_id == phase.id,
                                                                  Nomination.subject == subject)
    if exclude_id:
        pending_query = pending_query.where(Nomination.id != exclude_id)
    pending = set(db.session.scalars(pending_query))
    if person_id:
        records = db.session.execute(select(AwardRecord.year, AwardForm.code).join(AwardForm).where(
            AwardRecord.person_id == person_id)).all()
        titles: dict[int, set[str]] = {}
        for record_year, code in records:
            titles.setdefault(record_year, set()).add(code)
        levels = list(db.session.scalars(select(Initiative.level).join(InitiativeAuthor).where(
            InitiativeAuthor.person_id == person_id, Initiative.level.is_not(None))))
        sanctions = [(s.level, s.decided_on) for s in db.session.scalars(select(Sanction).where(
            Sanction.person_id == person_id, Sanction.decided_on.between(start, end)))]
        return NomineeFacts(kind="individual", year=year, titles_by_year=titles, pending_titles=pending,
                            initiative_levels=levels, sanctions=sanctions), {}
    members = unit_subtree_ids(nominee_unit_id)
    member_count = db.session.scalar(select(func.count(Person.id)).where(Person.unit_id.in_(members),
                                                                         Person.active.is_(True))) or 0
    holders: dict[str, set[int]] = {}
    for code, pid in db.session.execute(select(AwardForm.code, AwardRecord.person_id).join(AwardForm)
                                        .join(Person, Person.id == AwardRecord.person_id)
                                        .where(Person.unit_id.in_(members), Person.active.is_(True),
                                               AwardRecord.year == year)):
        holders.setdefault(code, set()).add(pid)
    proposed: dict[tuple[str, str], set[int]] = {}
    for code, name, pid in db.session.execute(select(AwardForm.code, AwardForm.name, Nomination.person_id)
                                              .join(AwardForm).join(Person, Person.id == Nomination.person_id)
                                              .where(Nomination.phase_id == phase.id, Person.active.is_(True),
                                                     Person.unit_id.in_(members))):
        if pid not in holders.get(code, set()):
            proposed.setdefault((code, name), set()).add(pid)
    for (code, _name), pids in proposed.items():
        holders.setdefault(code, set()).update(pids)
    sanction_levels = list(db.session.scalars(select(Sanction.level).join(Person).where(
        Person.unit_id.in_(members), Sanction.decided_on.between(start, end))))
    return NomineeFacts(kind="collective", year=year, pending_titles=pending, members=member_count,
                        member_titles={code: len(pids) for code, pids in holders.items()},
                        all_members_complete=members_complete, member_sanction_levels=sanction_levels), {
        key: len(pids) for key, pids in proposed.items()}


def conditions_of(award_form: AwardForm) -> list[Condition]:
    rows = db.session.scalars(select(AwardCondition).where(AwardCondition.award_form_id == award_form.id)
                              .options(joinedload(AwardCondition.title))
                              .order_by(AwardCondition.alternative, AwardCondition.id)).all()
    return [Condition(kind=c.kind, alternative=c.alternative, title_code=c.title.code if c.title else None,
                      title_name=c.title.name if c.title else "", years=c.years, count=c.count, level=c.level,
                      percent=c.percent, strict=c.strict) for c in rows]


_UNCHANGED = object()


def eligibility(nomination: Nomination, members_complete=_UNCHANGED) -> Eligibility:
    """The rules' verdict on a dossier; `members_complete` as the officer has just chosen it on the form."""
    complete = nomination.members_complete if members_complete is _UNCHANGED else members_complete
    return eligibility_for(nomination.phase, nomination.award_form, person=nomination.person,
                           unit=nomination.nominee_unit, members_complete=complete, exclude_id=nomination.id)


def eligibility_for(phase: Phase, award_form: AwardForm, *, person: Person | None, unit: Unit | None,
                    members_complete: bool | None = None, exclude_id: int | None = None) -> Eligibility:
    """The rules' verdict on a nominee chosen on the form, before (or after) the dossier exists."""
    unit_id = person.unit_id if person is not None else unit.id
    facts, proposed = _facts(phase, subject=subject_key(person.id if person else None, unit_id),
                             person_id=person.id if person else None, nominee_unit_id=unit_id,
                             members_complete=members_complete, exclude_id=exclude_id)
    conditions = conditions_of(award_form)
    verdict = evaluate(conditions, facts)
    counted = {c.title_code for c in conditions if c.kind in ("member_title_share", "member_with_title")}
    verdict.notes.extend(f"Tính cả {n} thành viên đang được đề nghị «{name}» cùng đợt."
                         for (code, name), n in sorted(proposed.items()) if code in counted)
    return verdict


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
