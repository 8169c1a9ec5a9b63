"""Read side of the home pages: the work waiting for the office (appraisals due, deadlines passed,
dossiers returned that a unit cannot act on, units that have not submitted as the window closes,
dossiers ready for the council), and what concerns the board's leader and the council (dossiers
waiting for the council, the phases' calendar, the deadlines to come). A fixed number of queries for any
number of phases, units and dossiers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from ..models import (
    AwardForm,
    Campaign,
    CampaignStatus,
    Nomination,
    NominationEvent,
    NominationStatus,
    Phase,
    Role,
    Unit,
    User,
    local_now,
)
from ..models.base import VIETNAM_OFFSET
from ..permissions import phase_window
from ..rules.calendar import UnitWindow

# How long after a window closed the office is still shown the units that sent nothing.
RECENTLY_CLOSED = dt.timedelta(days=30)
# How long the office is shown the dossiers a unit withdrew, with the unit's reason.
RECENTLY_WITHDRAWN = dt.timedelta(days=14)


@dataclass
class Deadline:
    """A dated step of a phase: when, its label, and how far it is from today."""

    phase: Phase
    label: str
    when: dt.date | dt.datetime
    today: dt.date

    @property
    def day(self) -> dt.date:
        return self.when.date() if isinstance(self.when, dt.datetime) else self.when

    @property
    def passed(self) -> bool:
        return self.day < self.today

    @property
    def distance(self) -> str:
        """'còn 5 ngày', 'hôm nay', 'đã qua 3 ngày'."""
        days = (self.day - self.today).days
        if days == 0:
            return "hôm nay"
        return f"còn {days} ngày" if days > 0 else f"đã qua {-days} ngày"


@dataclass
class PhaseWork:
    """One running phase and what waits in it."""

    phase: Phase
    window: UnitWindow  # the phase's own window (no unit's extension)
    now: dt.datetime  # Vietnam time
    counts: Counter = field(default_factory=Counter)  # status → dossiers
    oldest_submitted: dt.datetime | None = None
    returned_blocked: int = 0  # returned dossiers whose unit cannot write now
    silent_units: list[Unit] = field(default_factory=list)  # units with an officer and no dossier submitted
    drafting_units: set[int] = field(default_factory=set)  # of those, the ones with a dossier being written
    withdrawn: list[NominationEvent] = field(default_factory=list)  # the units' withdrawals, latest first

    @property
    def today(self) -> dt.date:
        return self.now.date()

    @property
    def submitted(self) -> int:
        return self.counts[NominationStatus.SUBMITTED]

    @property
    def returned(self) -> int:
        return self.counts[NominationStatus.RETURNED]

    @property
    def accepted(self) -> int:
        return self.counts[NominationStatus.ACCEPTED]

    @property
    def appraisal(self) -> Deadline | None:
        if self.phase.appraisal_deadline is None:
            return None
        return Deadline(self.phase, "Hạn thẩm định", self.phase.appraisal_deadline, self.today)

    @property
    def appraisal_overdue(self) -> bool:
        return bool(self.submitted and self.appraisal and self.appraisal.passed)

    @property
    def council(self) -> Deadline | None:
        if self.phase.council_date is None:
            return None
        return Deadline(self.phase, "Họp Hội đồng", self.phase.council_date, self.today)

    @property
    def show_silent_units(self) -> bool:
        """The window is open, or closed within the last RECENTLY_CLOSED: the office may still remind or
        extend."""
        return self.window.state == "open" or (
            self.window.state == "closed" and self.phase.nomination_closes_at is not None
            and self.now - self.phase.nomination_closes_at < RECENTLY_CLOSED)

    @property
    def has_work(self) -> bool:
        return bool(self.submitted or self.returned or self.accepted or self.withdrawn
                    or (self.show_silent_units and self.silent_units))

    def deadlines(self) -> list[Deadline]:
        steps = [("Mở nhận hồ sơ", self.phase.nomination_opens_at), ("Hạn nộp hồ sơ", self.phase.nomination_closes_at),
                 ("Hạn thẩm định", self.phase.appraisal_deadline), ("Họp Hội đồng", self.phase.council_date)]
        return [Deadline(self.phase, label, when, self.today) for label, when in steps if when]


def _running_phases() -> list[Phase]:
    return list(db.session.scalars(
        select(Phase).join(Phase.campaign).options(contains_eager(Phase.campaign))
        .where(Campaign.status.not_in((CampaignStatus.DRAFT, CampaignStatus.CLOSED)))
        .order_by(Campaign.start_date, Campaign.id, Phase.start_date, Phase.id)))


@dataclass
class Home:
    """The work of every running phase, the deadlines to come (soonest first), and, for the council and
    the leader, the dossiers waiting for the council by award form."""

    phases: list[PhaseWork]
    upcoming: list[Deadline]
    waiting_by_award: dict[int, list[tuple[AwardForm, int]]] = field(default_factory=dict)  # phase id → rows

    @property
    def work(self) -> list[PhaseWork]:
        return [p for p in self.phases if p.has_work]

    @property
    def waiting_for_council(self) -> int:
        return sum(p.accepted for p in self.phases)


def home(now: dt.datetime | None = None, *, for_office: bool = True) -> Home:
    """What the home pages of the office (`for_office`), the leader and the council show, in a fixed number
    of queries: the phases, the dossiers counted by phase, unit and state, and for the office the units
    with an officer and the window of each unit whose dossier was returned (extensions counted)."""
    now = now or local_now()
    phases = _running_phases()
    works = {p.id: PhaseWork(p, phase_window(p, now), now) for p in phases}
    by_unit: dict[tuple[int, int], Counter] = {}
    if works:
        rows = db.session.execute(
            select(Nomination.phase_id, Nomination.unit_id, Nomination.status, func.count(Nomination.id),
                   func.min(Nomination.submitted_at))
            .where(Nomination.phase_id.in_(works))
            .group_by(Nomination.phase_id, Nomination.unit_id, Nomination.status)).all()
        for phase_id, unit_id, status, count, first in rows:
            work = works[phase_id]
            work.counts[status] += count
            by_unit.setdefault((phase_id, unit_id), Counter())[status] += count
            if status == NominationStatus.SUBMITTED and first and (
                    work.oldest_submitted is None or first < work.oldest_submitted):
                work.oldest_submitted = first
    if for_office and works:
        officer_units = db.session.scalars(
            select(Unit).join(User, User.unit_id == Unit.id)
            .where(User.role == Role.UNIT_OFFICER, User.active.is_(True), Unit.active.is_(True))
            .distinct().order_by(Unit.sort_order, Unit.code)).all()
        for work in works.values():
            for (phase_id, unit_id), counts in by_unit.items():
                if phase_id == work.phase.id and counts[NominationStatus.RETURNED] and not phase_window(
                        work.phase, now, unit_id).is_open:
                    work.returned_blocked += counts[NominationStatus.RETURNED]
            for unit in officer_units:
                counts = by_unit.get((work.phase.id, unit.id), Counter())
                if not sum(n for status, n in counts.items() if status != NominationStatus.DRAFT):
                    work.silent_units.append(unit)
                    if counts[NominationStatus.DRAFT]:
                        work.drafting_units.add(unit.id)
    if for_office and works:
        for event in recent_withdrawals(list(works), now):
            works[event.nomination.phase_id].withdrawn.append(event)
    waiting: dict[int, list[tuple[AwardForm, int]]] = {}
    if not for_office and works:
        for phase_id, award, count in db.session.execute(
                select(Nomination.phase_id, AwardForm, func.count(Nomination.id)).join(AwardForm)
                .where(Nomination.phase_id.in_(works), Nomination.status == NominationStatus.ACCEPTED)
                .group_by(Nomination.phase_id, AwardForm.id).order_by(AwardForm.position, AwardForm.id)):
            waiting.setdefault(phase_id, []).append((award, count))
    upcoming = sorted((d for w in works.values() for d in w.deadlines() if not d.passed), key=lambda d: d.day)
    return Home(list(works.values()), upcoming[:8], waiting)


def recent_withdrawals(phase_ids: list[int], now: dt.datetime | None = None) -> list[NominationEvent]:
    """The dossiers units withdrew in `phase_ids` in the last RECENTLY_WITHDRAWN, latest first, with the
    dossier and its nominee loaded (one query). The event's note is the unit's reason."""
    now = now or local_now()
    since = now - RECENTLY_WITHDRAWN - VIETNAM_OFFSET  # events are stored in UTC
    return list(db.session.scalars(
        select(NominationEvent).join(NominationEvent.nomination)
        .where(NominationEvent.action == "withdrawn", NominationEvent.created_at >= since,
               Nomination.phase_id.in_(phase_ids))
        .options(contains_eager(NominationEvent.nomination).options(
            joinedload(Nomination.unit), joinedload(Nomination.award_form), joinedload(Nomination.person),
            joinedload(Nomination.nominee_unit)))
        .order_by(NominationEvent.created_at.desc(), NominationEvent.id.desc())))
