"""The register's older years (steps.history_step, the last step): what the board's lookup (tra cứu khen
thưởng) shows beyond the awards the software gave.

The dossier step records the people's LĐTT of the two years before the previous annual round (and one
person's CSTĐCS two years running); the council's replay awards the previous round's titles through decisions
issued in the software. What a believable history still lacks is added here, by hand as the office records an
earlier decision (AwardRecord without `document_id`):

- the collectives' titles of those two years: Tập thể lao động tiên tiến for the units with staff (most of them
  both years), and Tập thể lao động xuất sắc of the year before the round for the unit that aims higher
  (the Chủ tịch UBND tỉnh decides it);
- Chiến sĩ thi đua cơ sở of the year before the previous round for the people the previous round proposes for
  it again, when they held LĐTT that year: once the office issues that round's CSTĐCS decision, their chain
  reads "CSTĐCS 2 năm liên tục" and the lookup advises the Bằng khen.

Decision numbers follow the dossier step's (LĐTT 10–11, CSTĐCS 12–13 of each year), collectives 14–15. Every
record is looked up by its natural key (holder, year, title) and added only when missing; nothing is
committed here (load_demo commits once).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ..extensions import db
from ..models import AwardRecord, Nomination, Person

BOARD = "Trưởng Ban Quản lý"
AIMS_HIGHER = "KHDT"  # the unit that aims for TTLĐXS (DemoSpec.dossier_units maps it to another board's)


def _known() -> set[tuple[str, int, str]]:
    return {(f"P{p}" if p else f"U{u}", year, title) for p, u, year, title in db.session.execute(
        select(AwardRecord.person_id, AwardRecord.nominee_unit_id, AwardRecord.year, AwardRecord.title))}


def history_step(ctx) -> None:
    if ctx.agency is None or "previous" not in ctx.rounds:
        return
    db.session.flush()
    previous = ctx.rounds["previous"].start_date.year
    years = (previous - 2, previous - 1)
    symbol = ctx.agency.symbol
    known = _known()
    awards = ctx.awards

    def add(key: str, holder: dict, year: int, award, number: str, day: dt.date, issuer: str = BOARD) -> None:
        if award is None or (key, year, award.name) in known:
            return
        db.session.add(AwardRecord(**holder, year=year, award_form_id=award.id, title=award.name,
                                   decision_number=number, decision_date=day, issuer=issuer))
        known.add((key, year, award.name))
        ctx.count("award_record")

    # The collectives: every unit with staff but the board's leaders.
    staffed = dict(db.session.execute(select(Person.unit_id, func.count(Person.id)).where(Person.active.is_(True))
                                      .group_by(Person.unit_id)).all())
    leaders = ctx.units.get(ctx.spec.leaders_unit) if ctx.spec.leaders_unit else None
    units = [u for code, u in sorted(ctx.units.items()) if staffed.get(u.id, 0) >= 2
             and (leaders is None or u.id != leaders.id)]
    for index, unit in enumerate(units):
        for number, year in enumerate(years):
            if number == 0 and index % 3 == 2:
                continue  # not every unit made it two years ago
            add(f"U{unit.id}", {"nominee_unit_id": unit.id}, year, awards.get("TTLDTT"),
                f"{14 + number:02d}/QĐ-{symbol}", dt.date(year, 12, 20))
    higher = ctx.units.get((ctx.spec.dossier_units or {}).get(AIMS_HIGHER, AIMS_HIGHER))
    if higher is not None:
        year = years[1]
        add(f"U{higher.id}", {"nominee_unit_id": higher.id}, year, awards.get("TTLDXS"),
            f"{3500 + year % 100}/QĐ-UBND", dt.date(year + 1, 1, 15),
            f"Chủ tịch UBND tỉnh {ctx.agency.place_name}")

    # The people proposed again for CSTĐCS in the previous round, who held LĐTT the year before it.
    cstdcs, ldtt = awards.get("CSTDCS"), awards.get("LDTT")
    if cstdcs is None or ldtt is None:
        return
    proposed = db.session.scalars(select(Nomination.person_id).where(
        Nomination.phase_id == ctx.rounds["previous"].id, Nomination.award_form_id == cstdcs.id,
        Nomination.person_id.is_not(None)).order_by(Nomination.id)).all()
    year = years[1]
    for person_id in proposed:
        if (f"P{person_id}", year, ldtt.name) in known:
            add(f"P{person_id}", {"person_id": person_id}, year, cstdcs, f"13/QĐ-{symbol}", dt.date(year, 12, 22))
