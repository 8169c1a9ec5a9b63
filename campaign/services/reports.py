"""From the database to the documents: the achievement report of a nomination as .docx.

Reads what the dossier holds (results, initiatives, prior awards, sanctions, the heads of the nominee's
chain of units and the board's head, whom rules.signatures chooses among) in a fixed number of queries and hands plain dataclasses to campaign.documents, which knows nothing of the database.
"""

from __future__ import annotations

import datetime as dt
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
    Signatory,
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
    Agency,
    AwardRecord,
    Campaign,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Person,
    Signer,
    Unit,
)
from ..models.base import VIETNAM_OFFSET
from ..permissions import unit_subtree_ids
from ..rules.levels import INITIATIVE_LEVELS, SANCTION_LEVELS
from ..rules.signatures import Holder, Level, Signature, report_signatures
from ..vietnamese import fold
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


def unit_chain(unit: Unit) -> list[Unit]:
    """The unit and its parents, the unit first: [Phòng Kế hoạch – Tổng hợp, Ban Quản lý dự án hạ tầng]."""
    chain, seen = [unit], {unit.id}
    while chain[-1].parent is not None and chain[-1].parent.id not in seen:
        chain.append(chain[-1].parent)
        seen.add(chain[-1].id)
    return chain


def unit_chain_text(unit: Unit, agency: Agency | None) -> str:
    """'Phòng Kế hoạch – Tổng hợp, Ban Quản lý dự án hạ tầng, Ban Quản lý Khu kinh tế …': the full chain."""
    return ", ".join([u.name for u in unit_chain(unit)] + ([agency.name] if agency else []))


def _title_of(position: str, unit: Unit) -> str:
    """A head of another unit than the nominee's, named with that unit: 'Giám đốc Ban Quản lý dự án hạ
    tầng', 'Trưởng phòng Kế hoạch – Đầu tư' (not 'Trưởng phòng Phòng …'); 'Chánh Văn phòng' as it is."""
    if not position or fold(unit.name) in fold(position):
        return position
    first, _, rest = unit.name.partition(" ")
    if rest and fold(position.split()[-1]) == fold(first):
        return f"{position} {rest}"
    return f"{position} {unit.name}"


def _signing_chain(nomination: Nomination, agency: Agency | None) -> tuple[list[Level], list[str]]:
    """The nominee's levels for rules.signatures (their unit, its parents, the board) and, beside them,
    the title each head signs with."""
    person = nomination.person
    levels, titles = [], []
    for index, unit in enumerate(unit_chain(nomination.nominee_unit)):
        head = _unit_head(unit.id)
        levels.append(Level(unit.name, Holder(f"P{head.id}", head.full_name, head.position) if head else None,
                            has_seal=unit.has_seal))
        titles.append("" if head is None else head.position if index == 0 else _title_of(head.position, unit))
    signer = db.session.scalars(select(Signer).where(Signer.is_head.is_(True), Signer.active.is_(True))
                                .order_by(Signer.sort_order, Signer.id)).first()
    board_head = None
    if signer is not None:
        # The board's head is a signer, not a staff member; a leader nominated under that same name is
        # taken to be them, so that they never confirm their own report.
        same = person is not None and person.is_leader and fold(person.full_name) == fold(signer.full_name)
        board_head = Holder(f"P{person.id}" if same else f"S{signer.id}", signer.full_name, signer.title)
    levels.append(Level(agency.name if agency else "", board_head, has_seal=True, is_board=True))
    titles.append(signer.title if signer is not None else "")
    return levels, titles


def _signatory(signature: Signature | None, levels: list[Level], titles: list[str]) -> Signatory | None:
    if signature is None:
        return None
    holder = signature.holder
    return Signatory(full_name=holder.full_name if holder else "",
                     title=titles[signature.level] if holder else "", note=signature.note)


def report_date(nomination: Nomination) -> dt.date:
    """The day the dossier was submitted (its latest submission), in Vietnam time; a dossier never
    submitted is dated the day its draft was last saved. Never the day of the download."""
    moment = nomination.submitted_at or nomination.updated_at or nomination.created_at
    return (moment + VIETNAM_OFFSET).date()


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
        # A qualitative result is the unit's own words, printed in the result columns.
        criteria.append(CriterionResult(
            criterion=criterion.name, target=line.target, actual=line.value, unit=criterion.unit_of_measure,
            attainment=line.attainment, note="" if criterion.is_quantitative else explanation,
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
    levels, titles = _signing_chain(nomination, agency)
    signatures = report_signatures(levels, collective=person is None,
                                   nominee_key=f"P{person.id}" if person is not None else "",
                                   decided_by_board=nomination.award_form.decided_by_board)
    # The header names the whole chain: the board, the parent units, then the reporting unit in bold.
    chain = unit_chain(nomination.nominee_unit)
    parents = ([agency.name] if agency else []) + [unit.name for unit in reversed(chain[1:])]
    issuer = Issuer(parent_body="\n".join(parents).upper(), name=nomination.nominee_unit.name.upper(),
                    symbol=agency.symbol if agency else "", place_name=agency.place_name if agency else "")
    award = nomination.award_form
    report = AchievementReport(
        issuer=issuer, award_form=award.name, award_is_title=award.kind == "title", campaign_name=campaign.title,
        duties=nomination.duties, achievement_summary=nomination.summary, criteria=criteria,
        initiatives=initiatives, prior_awards=prior, sanctions=sanction_lines, date=report_date(nomination),
        year=phase.end_date.year,
        unit_head=_signatory(signatures.certifier if person is not None else signatures.reporter, levels, titles),
        proposer=_signatory(signatures.proposer, levels, titles),
    )
    if person is not None:
        report.individual = IndividualProfile(
            full_name=person.full_name, gender=person.gender_label, birth_date=person.date_of_birth,
            unit=unit_chain_text(person.unit, agency), position=person.position, ethnicity=person.ethnicity,
            hometown=person.hometown, residence=person.residence, qualification=person.qualification,
            political_theory=person.political_theory, academic_titles=person.academic_title)
    else:
        staff = db.session.scalar(select(func.count(Person.id)).where(
            Person.unit_id.in_(unit_subtree_ids(nomination.nominee_unit_id)), Person.active.is_(True)))
        report.collective = CollectiveProfile(name=nomination.nominee_unit.name, functions=nomination.duties,
                                              staff_count=staff)
        report.duties = ""
    return report


def ascii_slug(text: str) -> str:
    """'Nguyễn Văn Ân' → 'nguyen-van-an': file names in ASCII, so every browser and mail client keeps them."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in text if not unicodedata.combining(c))).strip("-")


def report_filename(nomination: Nomination) -> str:
    """'bao-cao-thanh-tich-nguyen-van-an.docx'."""
    return f"bao-cao-thanh-tich-{ascii_slug(nomination.nominee_name) or nomination.id}.docx"


def achievement_report_docx(nomination: Nomination) -> bytes:
    return build_achievement_report(achievement_report(nomination))
