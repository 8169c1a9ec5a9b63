"""From the database to the documents: the achievement report of a nomination as .docx.

Reads what the dossier holds (results, initiatives, prior awards, sanctions, the unit's head) in a fixed
number of queries and hands plain dataclasses to campaign.documents, which knows nothing of the database.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..documents import (
    AchievementReport,
    CollectiveProfile,
    CriterionResult,
    IndividualProfile,
    Issuer,
    PriorAward,
    build_achievement_report,
)
from ..documents import (
    Initiative as InitiativeLine,
)
from ..documents import (
    Sanction as SanctionLine,
)
from ..extensions import db
from ..models import (
    INITIATIVE_LEVELS,
    SANCTION_LEVELS,
    AwardRecord,
    Campaign,
    Criterion,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Person,
    Result,
    Sanction,
    Signer,
    local_now,
)
from ..permissions import unit_subtree_ids
from .org import get_agency


def _unit_head(unit_id: int) -> Person | None:
    """The unit's head: its leader listed first (Trưởng phòng, Chánh Văn phòng, Giám đốc before deputies)."""
    leaders = db.session.scalars(select(Person).where(Person.unit_id == unit_id, Person.is_leader.is_(True),
                                                      Person.active.is_(True))).all()
    if not leaders:
        return None
    return min(leaders, key=lambda p: (p.position.lower().startswith("phó"), p.sort_key))


def achievement_report(nomination: Nomination) -> AchievementReport:
    agency = get_agency()
    phase = nomination.phase
    campaign = db.session.get(Campaign, phase.campaign_id)
    person = nomination.person
    results = db.session.execute(
        select(Result, Criterion).join(Criterion).options(selectinload(Criterion.targets))
        .where(Result.phase_id == phase.id, Result.subject == nomination.subject).order_by(Criterion.position)
    ).all()
    criteria = []
    for result, criterion in results:
        target = criterion.target_for(phase.id)
        # A qualitative result is explained in words: under the criterion's name (the wide column); the
        # narrow result column says only that the council scores it.
        name = f"{criterion.name}: {result.explanation}" if (result.explanation and not criterion.is_quantitative) \
            else criterion.name
        criteria.append(CriterionResult(
            criterion=name, target=target.value if target else None, actual=result.value,
            unit=criterion.unit_of_measure, lower_is_better=not criterion.higher_is_better,
            note="" if criterion.is_quantitative else "Hội đồng chấm",
        ))
    if person is not None:
        initiative_query = select(Initiative).join(InitiativeAuthor).where(InitiativeAuthor.person_id == person.id)
        records = select(AwardRecord).where(AwardRecord.person_id == person.id)
        sanctions = db.session.scalars(select(Sanction).where(
            Sanction.person_id == person.id, Sanction.decided_on.between(phase.start_date, phase.end_date))).all()
    else:
        initiative_query = select(Initiative).where(Initiative.unit_id.in_(unit_subtree_ids(nomination.nominee_unit_id)))
        records = select(AwardRecord).where(AwardRecord.nominee_unit_id == nomination.nominee_unit_id)
        sanctions = []
    initiatives = [
        InitiativeLine(title=i.title, level=INITIATIVE_LEVELS.get(i.level or "", "chưa được công nhận"),
                       decision_number=i.decision_number, decision_date=i.decision_date, decided_by=i.decision_body,
                       benefit=i.benefits)
        for i in db.session.scalars(initiative_query.order_by(Initiative.first_applied_on, Initiative.id)).unique()
    ]
    prior = [PriorAward(year=r.year, form=r.title, decision_number=r.decision_number, decision_date=r.decision_date,
                        decided_by=r.issuer, emulation_title=bool(r.award_form and r.award_form.kind == "title"))
             for r in db.session.scalars(records.order_by(AwardRecord.year))]
    sanction_lines = [SanctionLine(level=SANCTION_LEVELS.get(s.level, s.level), decision_number=s.decision_number,
                                   decision_date=s.decided_on, reason=s.note) for s in sanctions]
    head = _unit_head(nomination.nominee_unit_id)
    board_head = db.session.scalar(select(Signer).where(Signer.is_head.is_(True), Signer.active.is_(True)))
    issuer = Issuer(parent_body=(agency.name if agency else "").upper(), name=nomination.nominee_unit.name.upper(),
                    symbol=agency.symbol if agency else "", place_name=agency.place_name if agency else "")
    report = AchievementReport(
        issuer=issuer, award_form=nomination.award_form.name, campaign_name=campaign.title,
        duties=nomination.duties, achievement_summary=nomination.summary, criteria=criteria,
        initiatives=initiatives, prior_awards=prior, sanctions=sanction_lines, date=local_now().date(),
        year=phase.end_date.year, unit_head_name=head.full_name if head else "",
        unit_head_title=head.position if head else "",
    )
    if person is not None:
        report.individual = IndividualProfile(
            full_name=person.full_name, gender=person.gender_label, birth_date=person.date_of_birth,
            unit=f"{person.unit.name}, {agency.name}" if agency else person.unit.name, position=person.position)
    else:
        staff = db.session.scalar(select(func.count(Person.id)).where(
            Person.unit_id.in_(unit_subtree_ids(nomination.nominee_unit_id)), Person.active.is_(True)))
        report.collective = CollectiveProfile(name=nomination.nominee_unit.name, functions=nomination.duties,
                                              staff_count=staff)
        report.duties = ""
        if board_head is not None:
            report.endorser_name, report.endorser_title = board_head.full_name, board_head.title
    return report


def report_filename(nomination: Nomination) -> str:
    """'bao-cao-thanh-tich-nguyen-van-an.docx': ASCII, so every browser and mail client keeps it."""
    text = unicodedata.normalize("NFD", nomination.nominee_name.lower()).replace("đ", "d")
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(c for c in text if not unicodedata.combining(c))).strip("-")
    return f"bao-cao-thanh-tich-{slug or nomination.id}.docx"


def achievement_report_docx(nomination: Nomination) -> bytes:
    return build_achievement_report(achievement_report(nomination))
