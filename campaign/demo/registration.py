"""Demo registrations (đăng ký thi đua), as they stand on the load day (ctx.now):

- phase 1 of the seed campaign (Giai đoạn 1 (2026–2027)): its window, open around the load day while the
  phase runs (closed on its own dates once the phase is over, not yet open before it starts);
- the current annual round (the load day's year): its window in January of that year, open on the load day
  only when the load day falls in it;

and, in each window open or closed, the registration of every unit but one (the late one, Phòng Doanh nghiệp –
Giám sát đầu tư, or the unit another board maps it to), through the real service: each person's titles
prefilled from the previous year's awards (the previous annual round, which the council's replay has
awarded), Lao động tiên tiến for everyone, each unit's collective target from its title of last year (else
Tập thể lao động tiên tiến), the phase's targets as commitments. Found again by phase and unit: a second
run adds nothing; windows are dated when created and never moved.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..extensions import db
from ..models import AwardRecord, Role, UnitRegistration, User
from ..rules.calendar import window_state
from ..services import registration as service

LATE_UNIT = "DNGS"  # Khánh Hòa's code (DemoSpec.dossier_units maps it to another board's)
AIMS_HIGHER = "KHDT"  # registers Tập thể lao động xuất sắc (it was proposed for it last year)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def phase_window_dates(phase, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """A phase's registration window: open around `now` while the phase runs, else at its start."""
    start, end = _at(phase.start_date, 8), _at(phase.end_date, 17)
    today = now.date()
    if phase.start_date <= today <= phase.end_date:
        opens = min(max(start, _at((now - dt.timedelta(days=12)).date(), 8)), now - dt.timedelta(hours=1))
        closes = min(_at((now + dt.timedelta(days=14)).date(), 17), end)
        if closes <= now:  # the phase's last day, after 17:00
            closes = dt.datetime.combine(today, dt.time(23, 59))
        return opens, closes
    opens = start + dt.timedelta(days=7) if today > phase.end_date else start
    return opens, opens + dt.timedelta(days=30)


def round_window_dates(phase, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The annual round's window: 5–31 January of its year (stretched around `now` when loaded in January)."""
    year = phase.start_date.year
    opens, closes = _at(dt.date(year, 1, 5), 8), _at(dt.date(year, 1, 31), 17)
    if opens <= now + dt.timedelta(days=1) and closes >= now:
        opens = min(opens, _at((now - dt.timedelta(days=2)).date(), 8))
        closes = max(closes, _at((now + dt.timedelta(days=10)).date(), 17))
    return opens, closes


def _working_moment(opens: dt.datetime, last: dt.datetime, number: int, count: int) -> dt.datetime:
    """The `number`-th of `count` registrations, spread over the window's days, in office hours."""
    day = opens.date() + dt.timedelta(days=max((last - opens).days, 0) * number // (count + 1))
    moment = dt.datetime.combine(day, dt.time(8 + number % 8, (number * 17) % 60))
    return min(max(moment, opens + dt.timedelta(minutes=5 * number)), last)


def registration_step(ctx) -> None:
    if ctx.campaign is None or not ctx.rounds or not ctx.phases:
        return
    db.session.flush()
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)).all()
    office = next((u for u in users if u.role == Role.OFFICE), None)
    if office is None:
        return
    officers = {u.unit_id: u for u in users if u.role == Role.UNIT_OFFICER}
    first_phase = min(ctx.phases.values(), key=lambda p: p.start_date)
    plans = [(first_phase, phase_window_dates), (ctx.rounds["current"], round_window_dates)]
    late = ctx.units.get((ctx.spec.dossier_units or {}).get(LATE_UNIT, LATE_UNIT))
    units_by_id = {u.id: u for u in ctx.units.values()}
    ldtt, ttldtt, ttldxs = ctx.awards.get("LDTT"), ctx.awards.get("TTLDTT"), ctx.awards.get("TTLDXS")
    cstdcs = ctx.awards.get("CSTDCS")
    mapping = ctx.spec.dossier_units or {}
    higher = ctx.units.get(mapping.get(AIMS_HIGHER, AIMS_HIGHER))
    leaders = ctx.units.get(ctx.spec.leaders_unit) if ctx.spec.leaders_unit else None
    # Who held Chiến sĩ thi đua cơ sở in the last years registers for it again.
    emulators = set(db.session.scalars(select(AwardRecord.person_id).where(
        AwardRecord.award_form_id == cstdcs.id, AwardRecord.person_id.is_not(None)))) if cstdcs else set()
    for phase, dates in plans:
        window = service.window_of(phase)
        if window is None:
            opens, closes = dates(phase, ctx.now)
            window = service.save_window(office, phase, opens, closes,
                                         "Các đơn vị đăng ký danh hiệu thi đua cho tập thể và từng cá nhân, kèm chỉ "
                                         "tiêu thi đua của đơn vị; sửa được đến hạn đăng ký.")
            db.session.flush()
            # dated the day it opened (the service writes the moment of the load)
            window.created_at = opens - dt.timedelta(hours=7)
            ctx.count("registration_window")
        if window_state(window.opens_at, window.closes_at, ctx.now) == "upcoming":
            continue
        done = set(db.session.scalars(select(UnitRegistration.unit_id).where(UnitRegistration.window_id == window.id)))
        units = [u for u in service.registering_units() if u.id in units_by_id and (late is None or u.id != late.id)]
        last = min(window.closes_at, ctx.now - dt.timedelta(minutes=30))
        for number, unit in enumerate(units, start=1):
            if unit.id in done:
                continue
            moment = _working_moment(window.opens_at, last, number, len(units))
            actor, parent = None, unit
            while parent is not None and actor is None:
                actor, parent = officers.get(parent.id), units_by_id.get(parent.parent_id)
            data = service.prefill(window, unit)
            for person in service.people_of(unit):
                if ldtt is not None:
                    data.lines.setdefault(person.id, set()).add(ldtt.id)
                if person.id in emulators:
                    data.lines[person.id].add(cstdcs.id)
            if leaders is not None and unit.id == leaders.id:
                data.collective_award_form_id = None  # the board's leaders register as people only
            elif higher is not None and unit.id == higher.id and ttldxs is not None:
                data.collective_award_form_id = ttldxs.id
            elif data.collective_award_form_id is None and ttldtt is not None:
                data.collective_award_form_id = ttldtt.id
            service.save_registration(actor or office, unit, window, data, now=moment)
            ctx.count("registration")
