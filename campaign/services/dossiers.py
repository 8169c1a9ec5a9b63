"""Read side of the units' dossiers: the phases' windows, the lists (nominations, the appraisal queue,
initiatives), counts, the unit officer's home page, and the people a unit may nominate. Each loads what
its page shows in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..extensions import db
from ..models import (
    Campaign,
    CampaignStatus,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationEvent,
    NominationStatus,
    Person,
    Phase,
    Unit,
    User,
)
from ..permissions import can_read_unit, phase_window, readable_nominations, unit_scope, unit_subtree_ids
from ..rules.calendar import UnitWindow, returned_advice
from ..rules.eligibility import Eligibility
from .facts import eligibility_by_nomination
from .sheets import NOMINATION_LOAD, gaps_by_nomination

NOMINEE_KINDS = {"individual": "Cá nhân", "collective": "Tập thể"}


@dataclass
class PhaseWindow:
    """A phase of a running campaign with its window as units see it (permissions.phase_window)."""

    phase: Phase
    window: UnitWindow

    @property
    def is_open(self) -> bool:
        return self.window.is_open

    @property
    def state(self) -> str:
        return self.window.state

    @property
    def message(self) -> str | None:
        return self.window.message

    @property
    def time_left(self) -> str:
        return self.window.time_left

    @property
    def closes_at(self) -> dt.datetime | None:
        """The deadline that holds (the unit's extension when it has one)."""
        return self.window.closes_at

    @property
    def extended(self) -> bool:
        return self.window.extended

    @property
    def returned_advice(self) -> str | None:
        """What the unit can do with a returned dossier while it cannot write (rules.calendar)."""
        return returned_advice(self.window)


def with_window(phase: Phase, now: dt.datetime | None = None, unit_id: int | None = None) -> PhaseWindow:
    """`phase` with its window; with `unit_id`, that unit's (its extension counts)."""
    return PhaseWindow(phase, phase_window(phase, now, unit_id))


def phase_windows(now: dt.datetime | None = None, unit_id: int | None = None) -> list[PhaseWindow]:
    """The phases of every launched campaign, with their windows (for `unit_id`: that unit's, its
    extensions counted) in two queries."""
    phases = db.session.scalars(
        select(Phase).join(Phase.campaign).options(contains_eager(Phase.campaign))
        .where(Campaign.status.not_in((CampaignStatus.DRAFT, CampaignStatus.CLOSED)))
        .order_by(Campaign.start_date, Campaign.id, Phase.start_date)).all()
    return [with_window(p, now, unit_id) for p in phases]


def subject_of(actor: User, subject: str) -> tuple[Unit, Person | None]:
    """The unit and person a subject key ('P12', 'U3') names, if `actor` may read it; PermissionDenied
    otherwise, LookupError when it names nothing."""
    if len(subject) < 2 or subject[0] not in "PU" or not subject[1:].isdigit() or len(subject) > 12:
        raise LookupError(subject)
    ident = int(subject[1:])
    if subject[0] == "P":
        person = db.session.get(Person, ident)
        if person is None:
            raise LookupError(subject)
        unit = person.unit
    else:
        person, unit = None, db.session.get(Unit, ident)
        if unit is None:
            raise LookupError(subject)
    can_read_unit(actor, unit.id).require()
    return unit, person


def _scoped(query: Select, actor: User, column) -> Select:
    scope = unit_scope(actor)
    return query if scope is None else query.where(column.in_(scope))


def _readable(query: Select, actor: User) -> Select:
    """`query` kept to the dossiers `actor` may read (permissions.readable_nominations)."""
    condition = readable_nominations(actor)
    return query if condition is None else query.where(condition)


def _of_unit(query: Select, unit_id: int | None) -> Select:
    """The dossiers `unit_id` (and its sub-units) proposes, or made above for a nominee of theirs."""
    if not unit_id:
        return query
    units = unit_subtree_ids(unit_id)
    return query.where(or_(Nomination.unit_id.in_(units), Nomination.nominee_unit_id.in_(units)))


def nominations_query(actor: User, *, phase_id: int | None = None, status: str | None = None,
                      unit_id: int | None = None, own: bool = False) -> Select:
    """The nominations `actor` may read, with what a list shows loaded in the same query (`own`: only
    those its scope proposes, not those made above it)."""
    query = select(Nomination).options(*NOMINATION_LOAD)
    query = _scoped(query, actor, Nomination.unit_id) if own else _readable(query, actor)
    if phase_id:
        query = query.where(Nomination.phase_id == phase_id)
    if status:
        query = query.where(Nomination.status == status)
    query = _of_unit(query, unit_id)
    return query.order_by(Nomination.phase_id.desc(), Nomination.updated_at.desc(), Nomination.id.desc())


def appraisal_query(actor: User, *, phase_id: int | None = None, unit_id: int | None = None) -> Select:
    """The office's queue: dossiers waiting for appraisal, the earliest submitted first."""
    query = select(Nomination).options(*NOMINATION_LOAD).where(Nomination.status == NominationStatus.SUBMITTED)
    query = _readable(query, actor)
    if phase_id:
        query = query.where(Nomination.phase_id == phase_id)
    return _of_unit(query, unit_id).order_by(Nomination.submitted_at, Nomination.id)


def status_counts(actor: User, phase_id: int | None = None) -> dict[str, int]:
    query = _readable(select(Nomination.status, func.count(Nomination.id)), actor)
    if phase_id:
        query = query.where(Nomination.phase_id == phase_id)
    return dict(db.session.execute(query.group_by(Nomination.status)).all())


def initiatives_query(actor: User, *, unit_id: int | None = None) -> Select:
    query = _scoped(select(Initiative), actor, Initiative.unit_id).options(
        joinedload(Initiative.unit), selectinload(Initiative.authors).joinedload(InitiativeAuthor.person),
        selectinload(Initiative.files))
    if unit_id:
        query = query.where(Initiative.unit_id.in_(unit_subtree_ids(unit_id)))
    return query.order_by(Initiative.id.desc())


def last_returns(nominations: list[Nomination]) -> dict[int, NominationEvent]:
    """The office's latest 'returned' step of each returned dossier (one query)."""
    ids = [n.id for n in nominations if n.status == NominationStatus.RETURNED]
    if not ids:
        return {}
    latest = (select(func.max(NominationEvent.id)).where(NominationEvent.nomination_id.in_(ids),
                                                         NominationEvent.action == "returned")
              .group_by(NominationEvent.nomination_id))
    return {e.nomination_id: e for e in db.session.scalars(select(NominationEvent).where(
        NominationEvent.id.in_(latest)))}


@dataclass
class UnitOverview:
    """The unit officer's home page: windows (the unit's, its extensions counted), dossiers with what they
    lack and the eligibility verdict of the dossier's own panel (services.facts), the office's requests."""

    windows: list[PhaseWindow]
    nominations: list[Nomination]
    gaps: dict[int, list[str]]
    returns: dict[int, NominationEvent]
    verdicts: dict[int, Eligibility] = field(default_factory=dict)

    @property
    def returned(self) -> list[Nomination]:
        return [n for n in self.nominations if n.id in self.returns]

    @property
    def open_windows(self) -> list[PhaseWindow]:
        return [w for w in self.windows if w.is_open]

    def window_of(self, nomination: Nomination) -> PhaseWindow | None:
        return next((w for w in self.windows if w.phase.id == nomination.phase_id), None)


def unit_overview(actor: User, now: dt.datetime | None = None) -> UnitOverview:
    """Everything the unit officer's home page shows, in a fixed number of queries."""
    windows = phase_windows(now, unit_id=actor.unit_id)
    running = [w.phase.id for w in windows]
    nominations = db.session.scalars(nominations_query(actor, own=True).where(
        Nomination.phase_id.in_(running))).unique().all()
    editable = [n for n in nominations if n.unit_may_edit]
    return UnitOverview(windows, nominations, gaps_by_nomination(editable), last_returns(nominations),
                        eligibility_by_nomination(editable))


def people_choices(actor: User) -> list[Person]:
    """The active people a unit officer may nominate or name as authors (their unit and sub-units)."""
    return list(db.session.scalars(select(Person).where(Person.unit_id.in_(unit_subtree_ids(actor.unit_id)),
                                                        Person.active.is_(True))
                                   .options(joinedload(Person.unit)).order_by(Person.sort_key, Person.id)))
