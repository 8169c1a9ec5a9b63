"""The loader: one step per kind of record, each turning part of a DemoSpec into rows.

Every step looks its records up by their natural key (agency symbol, signer name, unit code, person
name + date of birth, username, campaign title, phase name, group and criterion code, award code, plan
task section + name …) and adds only what is missing; nothing existing is changed. Steps add to the
session and never commit: load_demo commits once, after the last step. A later issue adds its own step
(nominations …) to STEPS, using what the earlier ones left in the context (ctx.agency, ctx.units,
ctx.people, ctx.campaign, ctx.phases, ctx.awards).

The story holds at any load day (the day the first run reads, `ctx.now`): the seed campaign's phases keep
the windows its plan sets (FixedWindowSpec), so on 1 December 2026 phase 1 (2026–2027) runs and phase 2
(2028–2030) has not opened; the board's regular campaign has the previous year's annual round completed
(window on its own dates) and the current year's round open around the load day (WindowSpec, the only
dates counted from the load day). The years of the annual rounds are taken from the load day when the
campaign is created and read back from its phases afterwards, so a later run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    Agency,
    AwardCondition,
    AwardForm,
    AwardQuota,
    BaseSalaryRate,
    Campaign,
    Council,
    CouncilMember,
    Criterion,
    CriterionGroup,
    CriterionTarget,
    LegalBasis,
    Person,
    Phase,
    PlanTask,
    Role,
    Signer,
    TaskReport,
    Unit,
    User,
    local_now,
)
from ..models.base import VIETNAM_OFFSET, utcnow
from ..rules.calendar import window_state
from ..rules.criteria import CriterionPoints, points_by_kind
from ..services import ServiceError
from ..services.org import get_agency
from ..services.setup import launch_problems
from ..vietnamese import number, short_date, short_datetime
from . import catalogue
from .names import NamePicker
from .spec import REFERENCE_DATE, AccountSpec, CampaignSpec, DemoSpec, FixedWindowSpec, WindowSpec


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
    campaign: Campaign | None = None
    phases: dict[str, Phase] = field(default_factory=dict)  # by PhaseSpec name
    awards: dict[str, AwardForm] = field(default_factory=dict)  # by AwardSpec code
    annual: Campaign | None = None  # the regular campaign: one phase per year
    rounds: dict[str, Phase] = field(default_factory=dict)  # "previous", "current": its two annual rounds
    council: Council | None = None
    # Vietnam time: the day the nomination windows count from, read when the load starts (through the
    # module's name, so that a test can move "today").
    now: dt.datetime = field(default_factory=lambda: local_now())

    password_checks: dict = field(default_factory=dict)  # the demo hash and checks already made

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
                        symbol=spec.symbol, place_name=spec.place_name,
                        establishing_decision=spec.establishing_decision)
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


def leaders_step(ctx: DemoContext) -> None:
    """The signers as people of the leaders' unit ("Lãnh đạo Ban"), and each Signer row pointing at its
    person (a signer created before without one gets it; nothing else of theirs is changed)."""
    code = ctx.spec.leaders_unit
    if code is None:
        return
    unit = ctx.units[code]
    names = [s.full_name for s in ctx.spec.signers]
    existing = {(p.full_name, p.date_of_birth): p
                for p in db.session.scalars(select(Person).where(Person.full_name.in_(names)))}
    signers = {s.full_name: s for s in ctx.agency.signers}
    for spec in ctx.spec.signers:
        person = existing.get((spec.full_name, spec.born))
        if person is None:
            person = Person(gender=spec.gender, date_of_birth=spec.born, position=spec.title,
                            employment_type="cong_chuc", is_leader=True, unit=unit, active=True)
            person.set_name(spec.full_name)
            db.session.add(person)
            ctx.count("person")
        if spec.key:
            ctx.people[spec.key] = person
        signer = signers.get(spec.full_name)
        if signer is not None and signer.person_id is None:
            db.session.flush()
            signer.person_id = person.id


def units_step(ctx: DemoContext) -> None:
    codes = [u.code.upper() for u in ctx.spec.units]
    existing = {u.code.upper(): u for u in db.session.scalars(select(Unit).where(func.upper(Unit.code).in_(codes)))}
    for order, spec in enumerate(ctx.spec.units, start=1):
        unit = existing.get(spec.code.upper())
        if unit is None:
            if spec.parent is not None and spec.parent not in ctx.units:
                raise ValueError(f"demo spec: unit {spec.code} comes before its parent {spec.parent}")
            unit = Unit(code=spec.code, name=spec.name, sort_order=order * 10, active=True, has_seal=spec.has_seal,
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
        demo_password=created or _has_demo_password(ctx, user),
    )


def _demo_hash(ctx: DemoContext) -> str:
    """The demo password hashed once per load: every demo account shares the password, so one scrypt
    run (~0,1 s) serves them all."""
    if "hash" not in ctx.password_checks:
        probe = User(username="", full_name="", role="")
        probe.set_password(ctx.password)
        ctx.password_checks["hash"] = probe.password_hash
    return ctx.password_checks["hash"]


def _has_demo_password(ctx: DemoContext, user: User) -> bool:
    """Checked once per distinct stored hash (accounts made by one load share theirs)."""
    known = ctx.password_checks.setdefault("checked", {})
    if user.password_hash not in known:
        known[user.password_hash] = user.check_password(ctx.password)
    return known[user.password_hash]


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
            user.password_hash = _demo_hash(ctx)
            user.password_changed_at = utcnow()
            db.session.add(user)
            ctx.count("user")
        elif user.person_id is None and spec.person and spec.role == user.role:
            # An account of an earlier demo without its person (the leaders were not people then): bound
            # now, as the council's members must be; nothing else of it changes.
            user.person = ctx.people[spec.person]
        ctx.accounts.append(_account_line(ctx, user, spec, created))


# --- the campaign -------------------------------------------------------------------------------


def phase_calendar(window: WindowSpec | FixedWindowSpec, today: dt.date, campaign_start: dt.date,
                   campaign_end: dt.date) -> dict:
    """The Phase fields of a window: a FixedWindowSpec's own dates, or a WindowSpec counted from `today`,
    moved as a whole into the campaign when the demo is loaded so early or so late that it would fall
    outside (rules.calendar.phase_problems: a window may open before its phase starts, never outside the
    campaign)."""
    if isinstance(window, FixedWindowSpec):
        return {
            "nomination_opens_at": dt.datetime.combine(window.opens, window.opens_time),
            "nomination_closes_at": dt.datetime.combine(window.closes, window.closes_time),
            "appraisal_deadline": window.appraisal,
            "council_date": window.council,
        }
    opens = dt.datetime.combine(today + dt.timedelta(days=window.opens), window.opens_time)
    closes = dt.datetime.combine(today + dt.timedelta(days=window.closes), window.closes_time)
    shift = dt.timedelta(0)
    if opens.date() < campaign_start:
        shift = campaign_start - opens.date()
    elif closes.date() > campaign_end:
        shift = campaign_end - closes.date()
    return {
        "nomination_opens_at": opens + shift,
        "nomination_closes_at": closes + shift,
        "appraisal_deadline": today + dt.timedelta(days=window.appraisal) + shift,
        "council_date": today + dt.timedelta(days=window.council) + shift,
    }


def _new_campaign(ctx: DemoContext, spec: CampaignSpec) -> Campaign:
    campaign = Campaign(title=spec.title, kind=spec.kind, plan_number=spec.plan_number, plan_date=spec.plan_date,
                        plan_issuer=spec.plan_issuer, start_date=spec.start, end_date=spec.end,
                        content=spec.content, goals=spec.goals, status=spec.status)
    for position, text in enumerate(spec.legal_bases, start=1):
        campaign.legal_bases.append(LegalBasis(position=position, text=text))
    db.session.add(campaign)
    ctx.count("campaign")
    ctx.count("legal_basis", len(spec.legal_bases))
    return campaign


def _build_campaign(ctx: DemoContext, spec: CampaignSpec) -> tuple[Campaign, dict[str, Phase]]:
    """The campaign with its legal bases, phases, criterion groups, criteria and per-phase targets.

    A campaign created here is launched at once: its set-up must pass services.setup.launch_problems."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.title == spec.title).order_by(Campaign.id))
    created = campaign is None
    if created:
        campaign = _new_campaign(ctx, spec)

    phases: dict[str, Phase] = {}
    existing_phases = {p.name: p for p in campaign.phases}
    today = ctx.now.date()
    for phase_spec in spec.phases:
        phase = existing_phases.get(phase_spec.name)
        if phase is None:
            phase = Phase(name=phase_spec.name, start_date=phase_spec.start, end_date=phase_spec.end,
                          review_kind=phase_spec.review_kind, review_period=phase_spec.review_period,
                          units_may_edit=phase_spec.units_may_edit, members_see_scores=phase_spec.members_see_scores,
                          aggregation=phase_spec.aggregation,
                          **phase_calendar(phase_spec.window, today, campaign.start_date, campaign.end_date))
            campaign.phases.append(phase)
            ctx.count("phase")
        phases[phase_spec.name] = phase
    db.session.flush()  # ids: criteria, targets, quotas and tasks point at the campaign and its phases

    groups = {g.code.upper(): g for g in campaign.groups}
    criteria = {c.code.upper(): c for c in
                db.session.scalars(select(Criterion).where(Criterion.campaign_id == campaign.id))}
    position = max((c.position for c in criteria.values()), default=0)
    for group_position, group_spec in enumerate(spec.groups, start=1):
        group = groups.get(group_spec.code.upper())
        if group is None:
            group = CriterionGroup(code=group_spec.code, name=group_spec.name, position=group_position)
            campaign.groups.append(group)
            ctx.count("criterion_group")
        for criterion_spec in group_spec.criteria:
            criterion = criteria.get(criterion_spec.code.upper())
            if criterion is None:
                position += 1
                criterion = Criterion(
                    campaign_id=campaign.id, code=criterion_spec.code, name=criterion_spec.name,
                    description=criterion_spec.description, applies_to=criterion_spec.applies_to,
                    measure=criterion_spec.measure, unit_of_measure=criterion_spec.unit_of_measure,
                    higher_is_better=criterion_spec.higher_is_better, max_points=Decimal(criterion_spec.points),
                    evidence_required=criterion_spec.evidence_required, source=criterion_spec.source,
                    position=position,
                )
                group.criteria.append(criterion)
                ctx.count("criterion")
            if not criterion.is_quantitative:
                continue
            for phase_spec, value in zip(spec.phases, criterion_spec.targets, strict=False):
                phase = phases[phase_spec.name]
                if criterion.target_for(phase.id) is None:
                    criterion.targets.append(CriterionTarget(phase_id=phase.id, value=Decimal(value)))
                    ctx.count("criterion_target")
    db.session.flush()
    if created:
        problems = launch_problems(campaign)
        if problems:
            raise ValueError(f"demo campaign {spec.title!r} cannot be launched: {problems}")
    return campaign, phases


def annual_years(ctx: DemoContext) -> tuple[int, int]:
    """(previous, current) years of the annual rounds: those of the regular campaign's last two phases when
    it exists (a later run keeps the story of the first), else the year before the load day's and its own."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.title == catalogue.ANNUAL_TITLE)
                                 .order_by(Campaign.id))
    years = sorted(p.start_date.year for p in campaign.phases) if campaign is not None else []
    if len(years) >= 2:
        return years[-2], years[-1]
    current = ctx.now.date().year
    return current - 1, current


def campaign_step(ctx: DemoContext) -> None:
    """The seed campaign (ctx.campaign, ctx.phases) and the board's regular campaign with its two annual
    rounds (ctx.annual, ctx.rounds)."""
    spec = ctx.spec.campaign
    if spec is None:
        return
    ctx.campaign, ctx.phases = _build_campaign(ctx, spec)
    previous, current = annual_years(ctx)
    annual = catalogue.annual_campaign(ctx.spec.name, previous, current)
    ctx.annual, phases = _build_campaign(ctx, annual)
    ctx.rounds = {"previous": phases[catalogue.round_name(previous)],
                  "current": phases[catalogue.round_name(current)]}


# --- the council --------------------------------------------------------------------------------


def council_decision_step(ctx: DemoContext) -> None:
    """The council by the board head's decision, dated in January of the previous annual round's year,
    with its members (chair, vice-chair, members, secretary), each a person with an account.

    Found again by its decision number; a council found is left as it is."""
    spec = ctx.spec.council
    if spec is None or ctx.agency is None or not ctx.rounds:
        return
    number = f"{spec.number}/QĐ-{ctx.agency.symbol}"
    council = db.session.scalar(select(Council).where(Council.decision_number == number))
    if council is None:
        year = ctx.rounds["previous"].start_date.year
        decided = dt.date(year, 1, 12)
        council = Council(name="Hội đồng Thi đua – Khen thưởng", decision_number=number, decision_date=decided,
                          issuer=spec.issuer, term_start=decided, term_end=dt.date(max(year + 4, 2030), 12, 31),
                          note=f"Kiện toàn Hội đồng Thi đua – Khen thưởng {ctx.spec.name}.")
        db.session.add(council)
        ctx.count("council")
        users = {u.username.lower(): u for u in db.session.scalars(select(User))}
        for position, member in enumerate(spec.members, start=1):
            user = users.get(member.username.lower())
            if user is None or user.person_id is None:
                raise ValueError(f"demo council: {member.username} has no account bound to a person")
            council.members.append(CouncilMember(person_id=user.person_id, user_id=user.id,
                                                 council_role=member.role, title=member.title, position=position))
            ctx.count("council_member")
    ctx.council = council


# --- the award forms ---------------------------------------------------------------------------


def _condition_key(alternative, kind, title_code, level) -> tuple:
    return alternative, kind, (title_code or "").upper(), level or ""


def awards_step(ctx: DemoContext) -> None:
    """The award-form catalogue with its conditions, the campaign's quotas and the base salary."""
    existing = {a.code.upper(): a for a in db.session.scalars(select(AwardForm))}
    position = max((a.position for a in existing.values()), default=0)
    for spec in ctx.spec.awards:
        award = existing.get(spec.code.upper())
        if award is None:
            position += 1
            award = AwardForm(code=spec.code, name=spec.name, kind=spec.kind, level=spec.level,
                              authority=spec.authority, applies_to=spec.applies_to,
                              decided_by_board=spec.decided_by_board, threshold_share=spec.threshold_share,
                              threshold_strict=spec.threshold_strict, bonus_individual=spec.bonus_individual,
                              bonus_collective=spec.bonus_collective, legal_basis=spec.legal_basis,
                              position=position, active=True)
            db.session.add(award)
            ctx.count("award_form")
        ctx.awards[spec.code] = award
        existing[spec.code.upper()] = award

    for spec in ctx.spec.awards:
        award = ctx.awards[spec.code]
        have = {_condition_key(c.alternative, c.kind, c.title.code if c.title else None, c.level)
                for c in award.conditions}
        for cond in spec.conditions:
            if _condition_key(cond.alternative, cond.kind, cond.title, cond.level) in have:
                continue
            title = None
            if cond.title is not None:
                title = existing.get(cond.title.upper())
                if title is None:
                    raise ValueError(f"demo award {spec.code}: condition names an unknown award {cond.title}")
            award.conditions.append(AwardCondition(
                alternative=cond.alternative, kind=cond.kind, title=title, years=cond.years, count=cond.count,
                level=cond.level, percent=Decimal(cond.percent) if cond.percent is not None else None,
                strict=cond.strict, note=cond.note))
            ctx.count("award_condition")

    campaign_spec = ctx.spec.campaign
    if campaign_spec is not None and campaign_spec.quotas:
        db.session.flush()
        quotas = {(q.award_form_id, q.phase_id) for q in db.session.scalars(select(AwardQuota))}
        for quota in campaign_spec.quotas:
            award = existing.get(quota.award.upper())
            if award is None:
                raise ValueError(f"demo quota: unknown award {quota.award}")
            phase = ctx.phases[quota.phase]
            if (award.id, phase.id) in quotas:
                continue
            db.session.add(AwardQuota(award_form=award, phase_id=phase.id, kind=quota.kind,
                                      value=Decimal(quota.value), leaders_cap=quota.leaders_cap))
            ctx.count("award_quota")

    dates = {r.effective_from for r in db.session.scalars(select(BaseSalaryRate))}
    for salary in ctx.spec.base_salaries:
        if salary.effective_from not in dates:
            db.session.add(BaseSalaryRate(effective_from=salary.effective_from, amount=salary.amount,
                                          basis=salary.basis))
            ctx.count("base_salary")


# --- the plan tasks ----------------------------------------------------------------------------


def _utc(day: dt.date) -> dt.datetime:
    """Half past four in the afternoon of `day`, Vietnam time, as the naive UTC the database keeps."""
    return dt.datetime.combine(day, dt.time(16, 30)) - VIETNAM_OFFSET


def tasks_step(ctx: DemoContext) -> None:
    """The plan tasks of the campaign and the units' progress reports on some of them.

    A report dated after the day the demo is loaded is written as still in progress: nothing is done
    in the future."""
    if not ctx.spec.tasks or ctx.campaign is None:
        return
    db.session.flush()
    existing = {(t.section, t.name): t for t in
                db.session.scalars(select(PlanTask).where(PlanTask.campaign_id == ctx.campaign.id))}
    officers = {u.unit_id: u for u in db.session.scalars(
        select(User).where(User.role == Role.UNIT_OFFICER, User.active.is_(True)).order_by(User.id))}
    today = ctx.now.date()
    for position, spec in enumerate(ctx.spec.tasks, start=1):
        task = existing.get((spec.section, spec.name))
        if task is None:
            task = PlanTask(campaign_id=ctx.campaign.id, number=spec.number, section=spec.section, name=spec.name,
                            legal_basis=spec.legal_basis, lead_unit=ctx.units[spec.lead] if spec.lead else None,
                            lead_text=spec.lead_text, partner_text=spec.partner_text, product=spec.product,
                            deadline_text=spec.deadline_text, deadline=spec.deadline, position=position,
                            partners=[ctx.units[code] for code in spec.partners])
            db.session.add(task)
            ctx.count("plan_task")
        reported = {r.unit_id for r in task.reports if r.unit_id is not None}
        for report in spec.reports:
            unit = ctx.units[report.unit]
            if unit.id in reported:
                continue
            done = report.status == "done" and report.on <= today
            officer = officers.get(unit.id)
            task.reports.append(TaskReport(
                unit=unit, status="done" if done else "in_progress", completed_on=report.on if done else None,
                product_ref=report.product_ref if done else "", note=report.note,
                reported_by_id=officer.id if officer else None,
                reported_at=min(_utc(report.on), ctx.now - VIETNAM_OFFSET),
            ))
            ctx.count("task_report")


# --- what the demo holds, for `flask campaign demo` ----------------------------------------------

WINDOW_WORDS = {
    "open": "đang nhận hồ sơ đến {closes}",
    "upcoming": "sắp mở nhận hồ sơ từ {opens}",
    "closed": "đã hết hạn nhận hồ sơ ({closes})",
    "not_set": "chưa đặt thời hạn nhận hồ sơ",
}


def _phase_lines(ctx: DemoContext, campaign: Campaign) -> list[str]:
    lines = [f"Phong trào: «{campaign.title}» — {campaign.status_label}, "
             f"{short_date(campaign.start_date)} – {short_date(campaign.end_date)}"]
    for phase in campaign.phases:
        state = window_state(phase.nomination_opens_at, phase.nomination_closes_at, ctx.now)
        words = WINDOW_WORDS[state].format(opens=short_datetime(phase.nomination_opens_at),
                                           closes=short_datetime(phase.nomination_closes_at))
        review = f" — {phase.review_label[:1].lower()}{phase.review_label[1:]}" if phase.review_label else ""
        lines.append(f"  {phase.name}{review}: {words}")
    return lines


def campaign_summary(ctx: DemoContext) -> list[str]:
    """A few lines on the demo campaigns as they now stand: their status, each phase's window, the seed
    campaign's criteria, the award forms and the plan tasks; the council."""
    campaign = ctx.campaign
    if campaign is None:
        return []
    lines = _phase_lines(ctx, campaign)
    criteria = [c for g in campaign.groups for c in g.criteria]
    sums = points_by_kind(CriterionPoints(c.code, c.applies_to, c.max_points, c.retired) for c in criteria)
    awards = db.session.scalar(select(func.count(AwardForm.id)).where(AwardForm.active.is_(True)))
    tasks = db.session.scalar(select(func.count(PlanTask.id)).where(PlanTask.campaign_id == campaign.id))
    line = (f"  {len(criteria)} tiêu chí trong {len(campaign.groups)} nhóm (tập thể {number(sums['collective'], 2)} "
            f"điểm, cá nhân {number(sums['individual'], 2)} điểm); {awards} hình thức khen thưởng")
    lines.append(line + (f"; {tasks} nhiệm vụ kế hoạch" if tasks else ""))
    if ctx.annual is not None:
        lines.extend(_phase_lines(ctx, ctx.annual))
    if ctx.council is not None:
        lines.append(f"Hội đồng Thi đua – Khen thưởng: Quyết định số {ctx.council.decision_number} ngày "
                     f"{short_date(ctx.council.decision_date)}, {len(ctx.council.members)} thành viên")
    return lines


# What each step creates, in the words of the summary ("Đã tạo mới: 7 đơn vị, …").
KIND_LABELS: dict[str, str] = {
    "agency": "cơ quan",
    "signer": "người ký",
    "unit": "đơn vị",
    "person": "cá nhân",
    "user": "tài khoản",
    "campaign": "phong trào",
    "legal_basis": "căn cứ",
    "phase": "giai đoạn",
    "criterion_group": "nhóm tiêu chí",
    "criterion": "tiêu chí",
    "criterion_target": "chỉ tiêu theo giai đoạn",
    "award_form": "hình thức khen thưởng",
    "award_condition": "điều kiện khen thưởng",
    "award_quota": "chỉ tiêu khen thưởng",
    "base_salary": "mức lương cơ sở",
    "plan_task": "nhiệm vụ kế hoạch",
    "task_report": "báo cáo tiến độ",
    "initiative": "sáng kiến",
    "award_record": "khen thưởng đã đạt",
    "sanction": "kỷ luật",
    "result": "kết quả tiêu chí",
    "nomination": "hồ sơ đề nghị khen thưởng",
    "council": "hội đồng thi đua – khen thưởng",
    "council_member": "thành viên hội đồng",
    "council_session": "phiên họp Hội đồng",
    "registration_window": "đợt đăng ký thi đua",
    "registration": "bản đăng ký thi đua của đơn vị",
    "certificate_profile": "phôi giấy khen",
    "fund_entry": "dòng sổ quỹ thi đua, khen thưởng",
}

from .certificates import certificates_step  # noqa: E402  (the office's certificate blanks)
from .council import council_step  # noqa: E402  (the council's replay: campaign/demo/council.py)
from .dossiers import dossiers_step  # noqa: E402  (a step of its own module: it needs the context above)
from .fund import fund_step  # noqa: E402  (quỹ thi đua, khen thưởng: the allocations; the council posts its bonuses)
from .history import history_step  # noqa: E402  (the register's older years: campaign/demo/history.py)
from .registration import registration_step  # noqa: E402  (đăng ký thi đua: after the council awarded last year)
from .statistics import statistics_step  # noqa: E402  (the province's answer to last year's Tờ trình)

Step = Callable[[DemoContext], None]
STEPS: list[Step] = [agency_step, signers_step, units_step, people_step, leaders_step, accounts_step,
                     campaign_step, awards_step, tasks_step, council_decision_step, dossiers_step, council_step,
                     registration_step, statistics_step, history_step, certificates_step, fund_step]
