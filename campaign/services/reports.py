"""From the database to the documents: the achievement report of a nomination as .docx.

Reads what the dossier holds (results, initiatives, prior awards, sanctions, the unit's head) in a fixed
number of queries and hands plain dataclasses to campaign.documents, which knows nothing of the database.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select

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
    AwardRecord,
    Campaign,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Person,
    Signer,
    local_now,
)
from ..permissions import unit_subtree_ids
from ..rules.levels import INITIATIVE_LEVELS, SANCTION_LEVELS
from .facts import sanctions_of
from .org import get_agency
from .sheets import nomination_sheet


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
    # The same lines as the dossier's page (services/sheets.py): the same results, targets and the one
    # attainment figure (rules.scoring.attainment_percent), including a computed task-completion rate.
    criteria = []
    for line in nomination_sheet(nomination).lines:
        if not line.entered:
            continue
        criterion, explanation = line.criterion, line.result.explanation if line.result else ""
        # A qualitative result is explained in words: under the criterion's name (the wide column); the
        # narrow result column says only that the council scores it.
        name = f"{criterion.name}: {explanation}" if (explanation and not criterion.is_quantitative) \
            else criterion.name
        criteria.append(CriterionResult(
            criterion=name, target=line.target, actual=line.value, unit=criterion.unit_of_measure,
            attainment=line.attainment, note="" if criterion.is_quantitative else "Hội đồng chấm",
        ))
    if person is not None:
        initiative_query = select(Initiative).join(InitiativeAuthor).where(InitiativeAuthor.person_id == person.id)
        records = select(AwardRecord).where(AwardRecord.person_id == person.id)
        # The period the eligibility rules count sanctions in (rules.eligibility.sanction_period).
        sanctions = sanctions_of(nomination, in_period=True)
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
