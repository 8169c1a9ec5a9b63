"""The office's follow-up ("Theo dõi, đôn đốc"): per running phase whose window is open (or closed within
RECENTLY_CLOSED), the units with an officer that have not entered results, not submitted any dossier;
the dossiers waiting for appraisal past the phase's appraisal deadline; per running campaign's plan, the
units that have not reported on their tasks for the report due (services/progress_report's calendar).

The page is a list of *lines* from small *providers*: a provider is a function
`provider(context: FollowUpContext) -> Iterable[FollowUpLine]`, registered in PROVIDERS (or passed to
`follow_up(providers=…)`). Each line names its phase (or its campaign, for a plan) and links to the
filtered list by an endpoint and its arguments (no URL is built here: the template calls url_for). The
context loads once what every provider shares (the phases, the units with an officer, the dossiers counted
by phase, unit and state), so a provider adds at most a query or two, whatever the number of units.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Campaign,
    Nomination,
    NominationStatus,
    Phase,
    PlanTask,
    Result,
    Role,
    TaskReport,
    Unit,
    User,
)
from ..models.base import VIETNAM_OFFSET, local_now
from ..permissions import phase_window, task_unit_ids
from ..rules.calendar import UnitWindow
from ..rules.reporting import PAST, Period
from ..rules.reporting import reporting_periods as calendar_periods
from ..vietnamese import short_date
from .home import RECENTLY_CLOSED, _running_phases
from .progress_report import plan_name, schedule_for


@dataclass(frozen=True)
class UnitLink:
    """A unit named on a line, with the page that shows what it lacks."""

    name: str
    endpoint: str
    args: dict = field(default_factory=dict)
    note: str = ""  # "đang soạn 2 hồ sơ", "3/5 nhiệm vụ"


@dataclass(frozen=True)
class FollowUpLine:
    """One thing to follow up: its kind, the sentence, the filtered list it links to, the units it names.

    `phase_id` places it under its phase; a plan's line has `phase_id` None and its `campaign_id`."""

    kind: str  # results | dossiers | appraisal | plan_reports | registration …
    label: str  # "3 đơn vị chưa nhập kết quả"
    endpoint: str
    args: dict = field(default_factory=dict)
    units: tuple[UnitLink, ...] = ()
    detail: str = ""  # "hạn nộp 17:00 31/10/2027"
    severity: str = "warning"  # danger | warning | info (the badge's colour)
    phase_id: int | None = None
    campaign_id: int | None = None


@dataclass
class PhaseFollowUp:
    phase: Phase
    window: UnitWindow
    lines: list[FollowUpLine] = field(default_factory=list)


@dataclass
class FollowUpContext:
    """What the providers share, loaded once: `phases` (open or recently closed windows), the active units
    with an active officer account, and the dossiers counted by (phase, proposing unit, state)."""

    now: dt.datetime  # Vietnam time
    phases: list[PhaseFollowUp]
    campaigns: list[Campaign]  # the running campaigns (their plans)
    officer_units: list[Unit]
    counts: dict[tuple[int, int], Counter]  # (phase id, proposing unit id) → state → dossiers
    # (phase id, nominee's unit id) → state → dossiers proposed by another unit (a parent) for that unit
    made_above: dict[tuple[int, int], Counter] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.now.date()

    @property
    def phase_ids(self) -> list[int]:
        return [p.phase.id for p in self.phases]


Provider = Callable[[FollowUpContext], Iterable[FollowUpLine]]


@dataclass
class FollowUp:
    context: FollowUpContext
    phases: list[PhaseFollowUp]
    plan_lines: dict[int, list[FollowUpLine]]  # campaign id → its plans' lines

    @property
    def empty(self) -> bool:
        return not any(p.lines for p in self.phases) and not any(self.plan_lines.values())


def _following(phase: Phase, window: UnitWindow, now: dt.datetime) -> bool:
    return window.state == "open" or (window.state == "closed" and phase.nomination_closes_at is not None
                                      and now - phase.nomination_closes_at < RECENTLY_CLOSED)


def load_context(now: dt.datetime | None = None) -> FollowUpContext:
    """The shared data of the page, in four queries for any number of units and dossiers."""
    now = now or local_now()
    running = _running_phases()
    phases = [PhaseFollowUp(p, w) for p in running if _following(p, w := phase_window(p, now), now)]
    campaigns = list({p.campaign.id: p.campaign for p in running}.values())
    officer_units = list(db.session.scalars(
        select(Unit).join(User, User.unit_id == Unit.id)
        .where(User.role == Role.UNIT_OFFICER, User.active.is_(True), Unit.active.is_(True))
        .distinct().order_by(Unit.sort_order, Unit.code)))
    counts: dict[tuple[int, int], Counter] = {}
    made_above: dict[tuple[int, int], Counter] = {}
    if phases:
        for phase_id, unit_id, nominee_unit_id, status, count in db.session.execute(
                select(Nomination.phase_id, Nomination.unit_id, Nomination.nominee_unit_id, Nomination.status,
                       func.count(Nomination.id))
                .where(Nomination.phase_id.in_([p.phase.id for p in phases]))
                .group_by(Nomination.phase_id, Nomination.unit_id, Nomination.nominee_unit_id, Nomination.status)):
            counts.setdefault((phase_id, unit_id), Counter())[status] += count
            if nominee_unit_id != unit_id:
                made_above.setdefault((phase_id, nominee_unit_id), Counter())[status] += count
    return FollowUpContext(now, phases, campaigns, officer_units, counts, made_above)


# --- the providers --------------------------------------------------------------------------------


def results_lines(context: FollowUpContext) -> Iterable[FollowUpLine]:
    """Units with an officer that have entered no result in the phase (one query)."""
    if not context.phases:
        return
    entered = set(db.session.execute(select(Result.phase_id, Result.unit_id).where(
        Result.phase_id.in_(context.phase_ids)).distinct()).all())
    for work in context.phases:
        missing = [u for u in context.officer_units if (work.phase.id, u.id) not in entered]
        if missing:
            yield FollowUpLine(
                "results", f"{len(missing)} đơn vị chưa nhập kết quả tiêu chí", "dossiers.results",
                {"phase_id": work.phase.id},
                tuple(UnitLink(u.name, "dossiers.results", {"phase_id": work.phase.id, "don-vi": u.id})
                      for u in missing),
                severity="danger" if work.window.state == "closed" else "warning", phase_id=work.phase.id)


def dossier_lines(context: FollowUpContext) -> Iterable[FollowUpLine]:
    """Units with an officer that have submitted no dossier in the phase, nor had one submitted for them
    by a unit above (drafts named)."""
    for work in context.phases:
        phase = work.phase
        silent = []
        for unit in context.officer_units:
            counts = context.counts.get((phase.id, unit.id), Counter())
            # a sub-unit whose parent submitted a dossier for it (or its people) is not silent
            counts = counts + context.made_above.get((phase.id, unit.id), Counter())
            if not sum(n for status, n in counts.items() if status != NominationStatus.DRAFT):
                drafts = counts[NominationStatus.DRAFT]
                silent.append(UnitLink(unit.name, "dossiers.nominations", {"giai-doan": phase.id, "don-vi": unit.id},
                                       f"đang soạn {drafts} hồ sơ" if drafts else ""))
        if silent:
            closes = phase.nomination_closes_at
            detail = ""
            if closes is not None:
                detail = (f"hạn nộp {closes:%H:%M} ngày {short_date(closes.date())} ({work.window.time_left})"
                          if work.window.state == "open" else
                          f"đã hết hạn nộp lúc {closes:%H:%M} ngày {short_date(closes.date())}")
            yield FollowUpLine("dossiers", f"{len(silent)} đơn vị chưa nộp hồ sơ đề nghị nào", "dossiers.nominations",
                               {"giai-doan": phase.id}, tuple(silent), detail,
                               "danger" if work.window.state == "closed" else "warning", phase_id=phase.id)


def appraisal_lines(context: FollowUpContext) -> Iterable[FollowUpLine]:
    """Dossiers still waiting for appraisal after the phase's appraisal deadline (from the shared counts)."""
    for work in context.phases:
        deadline = work.phase.appraisal_deadline
        if deadline is None or deadline >= context.today:
            continue
        waiting = sum(c[NominationStatus.SUBMITTED] for (phase_id, _), c in context.counts.items()
                      if phase_id == work.phase.id)
        if waiting:
            yield FollowUpLine("appraisal", f"{waiting} hồ sơ chờ thẩm định đã quá hạn thẩm định", "dossiers.appraisal",
                               {"giai-doan": work.phase.id},
                               detail=f"hạn thẩm định {short_date(deadline)}, đã qua {(context.today - deadline).days} ngày",
                               severity="danger", phase_id=work.phase.id)


def _due_period(periods: list[Period], today: dt.date) -> Period | None:
    """The report the units are asked for now: the last one past its deadline within RECENTLY_CLOSED (they
    are late), else the next one ahead."""
    past = [p for p in periods if p.status == PAST and (today - p.deadline) <= RECENTLY_CLOSED]
    if past:
        return max(past, key=lambda p: p.deadline)
    ahead = [p for p in periods if p.status != PAST]
    return min(ahead, key=lambda p: p.deadline) if ahead else None


def plan_report_lines(context: FollowUpContext) -> Iterable[FollowUpLine]:
    """Per running campaign's plan, the units given tasks (with an officer) that have not reported on
    every one of them since the start of the period whose report is due (three queries)."""
    if not context.campaigns:
        return
    officers = {u.id: u for u in context.officer_units}
    tasks = list(db.session.scalars(select(PlanTask).where(PlanTask.campaign_id.in_([c.id for c in context.campaigns]))
                                    .options(selectinload(PlanTask.partners))
                                    .order_by(PlanTask.position, PlanTask.id)))
    reported: dict[tuple[int, int], dt.datetime] = {}
    if tasks:
        reported = {(task_id, unit_id): at for task_id, unit_id, at in db.session.execute(
            select(TaskReport.task_id, TaskReport.unit_id, TaskReport.reported_at)
            .where(TaskReport.task_id.in_([t.id for t in tasks])))}
    by_plan: dict[tuple[int, str], list[PlanTask]] = {}
    for task in tasks:
        by_plan.setdefault((task.campaign_id, plan_name(task)), []).append(task)
    campaigns = {c.id: c for c in context.campaigns}
    for (campaign_id, name), plan_tasks in by_plan.items():
        campaign = campaigns[campaign_id]
        period = _due_period(calendar_periods(schedule_for(name), context.today, start=campaign.start_date,
                                              end=campaign.end_date), context.today)
        if period is None:
            continue
        since = dt.datetime.combine(period.start, dt.time()) - VIETNAM_OFFSET  # reported_at is UTC
        given: dict[int, list[int]] = {}
        for task in plan_tasks:
            if task.deadline is not None and task.deadline < period.start:
                continue  # a task due before the period: not asked for in this report
            for unit_id in task_unit_ids(task):
                if unit_id in officers:
                    given.setdefault(unit_id, []).append(task.id)
        late = []
        for unit_id, ids in given.items():
            missing = [t for t in ids if reported.get((t, unit_id)) is None or reported[(t, unit_id)] < since]
            if missing:
                late.append(UnitLink(officers[unit_id].name, "plan.tasks", {"campaign_id": campaign_id,
                                                                           "don-vi": unit_id},
                                     f"{len(missing)}/{len(ids)} nhiệm vụ"))
        if late:
            overdue = period.status == PAST
            order = {u.id: i for i, u in enumerate(context.officer_units)}
            late.sort(key=lambda link: order[link.args["don-vi"]])
            yield FollowUpLine(
                "plan_reports", f"{len(late)} đơn vị chưa báo cáo tiến độ nhiệm vụ cho báo cáo {period.label}",
                "plan.tasks", {"campaign_id": campaign_id}, tuple(late),
                f"{name}: hạn báo cáo trước ngày {short_date(period.deadline)}"
                + (" (đã quá hạn)" if overdue else ""), "danger" if overdue else "warning", campaign_id=campaign_id)


# The providers of the page, in the order of their lines. The registration (issue 11, item 1) adds its own.
def registration_lines(context: FollowUpContext) -> Iterable[FollowUpLine]:
    """Units that have not registered in an open registration window (services/registration.py), each linked
    to its registration form; under the window's phase, else under its campaign."""
    from . import registration

    phases = {p.phase.id for p in context.phases}
    for window in registration.open_windows(context.now):
        missing = registration.unregistered_units(window)
        if not missing:
            continue
        closes = window.closes_at
        yield FollowUpLine(
            "registration", f"{len(missing)} đơn vị chưa đăng ký thi đua", "registration.summary",
            {"window_id": window.id},
            tuple(UnitLink(u.name, "registration.unit_form", {"window_id": window.id, "unit_id": u.id})
                  for u in missing),
            f"hạn đăng ký {closes:%H:%M} ngày {short_date(closes.date())}" if closes else "", "warning",
            phase_id=window.phase_id if window.phase_id in phases else None,
            campaign_id=None if window.phase_id in phases else window.phase.campaign_id)


PROVIDERS: list[Provider] = [registration_lines, results_lines, dossier_lines, appraisal_lines, plan_report_lines]


def follow_up(now: dt.datetime | None = None, providers: Iterable[Provider] | None = None) -> FollowUp:
    """The page: every provider's lines placed under their phase or their campaign."""
    context = load_context(now)
    by_phase = {p.phase.id: p for p in context.phases}
    plan_lines: dict[int, list[FollowUpLine]] = {}
    for provider in PROVIDERS if providers is None else providers:
        for line in provider(context):
            if line.phase_id is not None and line.phase_id in by_phase:
                by_phase[line.phase_id].lines.append(line)
            elif line.campaign_id is not None:
                plan_lines.setdefault(line.campaign_id, []).append(line)
    return FollowUp(context, context.phases, plan_lines)
