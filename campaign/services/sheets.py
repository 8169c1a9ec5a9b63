"""Read side: a nominee's results in a phase as the pages, the documents and the council see them
(criteria, targets, the one attainment figure, the task-completion rate), what a dossier still lacks, and
the first draft of its achievement summary. A fixed number of queries whatever the number of nominees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..extensions import db
from ..models import (
    Criterion,
    CriterionGroup,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Person,
    Phase,
    PlanTask,
    Result,
    Unit,
    local_now,
    subject_key,
)
from ..permissions import unit_subtree_ids
from ..rules.levels import INITIATIVE_LEVELS
from ..rules.scoring import attainment_percent
from ..rules.tasks import completion_rate, cutoff_date
from ..rules.workflow import LOCKED
from ..vietnamese import clean_text, measure

NOMINATION_LOAD = (
    joinedload(Nomination.phase).joinedload(Phase.campaign),
    joinedload(Nomination.award_form),
    joinedload(Nomination.unit),
    joinedload(Nomination.nominee_unit),
    joinedload(Nomination.person).joinedload(Person.unit),
)

MIN_SUMMARY_CHARS = 50


@dataclass
class ResultLine:
    """One criterion for one nominee: the result recorded (or computed), its target and attainment."""

    criterion: Criterion
    result: Result | None
    target: Decimal | None
    attainment: Decimal | None
    computed: object | None = None  # rules.tasks.CompletionRate for a 'task_completion' criterion

    @property
    def automatic(self) -> bool:
        return self.criterion.source == "task_completion"

    @property
    def value(self) -> Decimal | None:
        if self.automatic:
            return getattr(self.computed, "percent", None)
        return self.result.value if self.result is not None else None

    @property
    def missing(self) -> bool:
        return not self.automatic and self.criterion.is_quantitative and self.value is None

    @property
    def no_evidence(self) -> bool:
        return (not self.automatic and self.criterion.evidence_required
                and (self.result is None or not self.result.files))

    @property
    def entered(self) -> bool:
        return self.automatic or (self.result is not None and (self.result.value is not None
                                                               or bool(self.result.explanation)))


@dataclass
class SubjectSheet:
    """A nominee's results in a phase: the unit itself (collective criteria) or a nominated person."""

    subject: str
    unit: Unit
    person: Person | None
    nominations: list[Nomination] = field(default_factory=list)
    lines: list[ResultLine] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "individual" if self.person is not None else "collective"

    @property
    def label(self) -> str:
        return self.person.full_name if self.person is not None else self.unit.name

    @property
    def locked_by(self) -> Nomination | None:
        return next((n for n in self.nominations if n.status in LOCKED), None)

    @property
    def missing_count(self) -> int:
        return sum(1 for line in self.lines if line.missing)

    @property
    def no_evidence_count(self) -> int:
        return sum(1 for line in self.lines if line.no_evidence)


def _completion_rates(phase: Phase) -> dict:
    """Each unit's on-time completion rate of the plan tasks, measured at the one cut-off day
    (rules.tasks.cutoff_date: the end of the phase, or today while it runs)."""
    from . import plan as plan_service

    as_of = cutoff_date(phase.end_date, local_now().date())
    tasks = db.session.scalars(select(PlanTask).where(PlanTask.campaign_id == phase.campaign_id).options(
        selectinload(PlanTask.partners), selectinload(PlanTask.reports))).all()
    rates = plan_service.completion_rates(tasks, as_of)
    return {"rates": rates, "empty": completion_rate([], as_of)}


def _campaign_criteria(campaign_id: int) -> list[Criterion]:
    return list(db.session.scalars(select(Criterion).join(Criterion.group).where(
        Criterion.campaign_id == campaign_id, Criterion.retired.is_(False))
        .options(selectinload(Criterion.targets), contains_eager(Criterion.group))
        .order_by(CriterionGroup.position, Criterion.position, Criterion.id)))


def build_sheets(phase: Phase, subjects: list[SubjectSheet]) -> list[SubjectSheet]:
    """Fill each nominee's lines: criteria, results with files, targets, attainment (fixed queries)."""
    if not subjects:
        return subjects
    criteria = _campaign_criteria(phase.campaign_id)
    results = {(r.subject, r.criterion_id): r for r in db.session.scalars(
        select(Result).where(Result.phase_id == phase.id, Result.subject.in_([s.subject for s in subjects]))
        .options(selectinload(Result.files)))}
    rates = None
    if any(c.source == "task_completion" and c.applies_to in ("collective", "both") for c in criteria) and any(
            s.kind == "collective" for s in subjects):
        rates = _completion_rates(phase)
    for sheet in subjects:
        sheet.lines = []
        for criterion in criteria:
            if criterion.applies_to not in (sheet.kind, "both"):
                continue
            target = criterion.target_for(phase.id)
            result = results.get((sheet.subject, criterion.id))
            computed = None
            if criterion.source == "task_completion" and rates is not None and sheet.kind == "collective":
                computed = rates["rates"].get(sheet.unit.id) or rates["empty"]
            line = ResultLine(criterion, result, target.value if target else None, None, computed)
            if criterion.is_quantitative:
                line.attainment = attainment_percent(line.value, line.target,
                                                     higher_is_better=criterion.higher_is_better)
            sheet.lines.append(line)
    return subjects


def results_sheets(phase: Phase, unit: Unit) -> list[SubjectSheet]:
    """The results page of `unit` (and its sub-units) in `phase`: the unit's collective criteria, those of
    every sub-unit it nominates, and the individual criteria of every person it nominates, or a unit above
    nominated (read-only for the sub-unit: permissions.can_edit_results, `made_above_by`)."""
    scope = unit_subtree_ids(unit.id)
    nominations = db.session.scalars(select(Nomination).where(
        Nomination.phase_id == phase.id, or_(Nomination.unit_id.in_(scope), Nomination.nominee_unit_id.in_(scope)))
        .options(*NOMINATION_LOAD).order_by(Nomination.id)).all()
    sheets: dict[str, SubjectSheet] = {f"U{unit.id}": SubjectSheet(f"U{unit.id}", unit, None)}
    for nomination in nominations:
        sheet = sheets.get(nomination.subject)
        if sheet is None:
            sheet = sheets[nomination.subject] = SubjectSheet(nomination.subject, nomination.nominee_unit,
                                                              nomination.person)
        sheet.nominations.append(nomination)
    ordered = sorted(sheets.values(), key=lambda s: (s.kind == "individual", s.unit.sort_order if s.person is None
                                                     else 0, s.person.sort_key if s.person else "", s.subject))
    return build_sheets(phase, ordered)


def nomination_sheet(nomination: Nomination) -> SubjectSheet:
    sheet = SubjectSheet(nomination.subject, nomination.nominee_unit, nomination.person, [nomination])
    return build_sheets(nomination.phase, [sheet])[0]


def _gaps(criteria: list[Criterion], results: dict[int, Result], summary: str) -> list[str]:
    manual = [c for c in criteria if c.source != "task_completion"]
    gaps = []
    missing = [c.code for c in manual if c.is_quantitative and (c.id not in results or results[c.id].value is None)]
    if missing:
        gaps.append(f"Chưa nhập kết quả các tiêu chí: {', '.join(missing)}.")
    no_evidence = [c.code for c in manual if c.evidence_required and (c.id not in results or not results[c.id].files)]
    if no_evidence:
        gaps.append(f"Thiếu minh chứng cho các tiêu chí: {', '.join(no_evidence)}.")
    if len(clean_text(summary)) < MIN_SUMMARY_CHARS:
        gaps.append(f"Báo cáo thành tích còn trống hoặc quá ngắn (cần ít nhất {MIN_SUMMARY_CHARS} ký tự).")
    return gaps


def gaps_by_nomination(nominations: list[Nomination]) -> dict[int, list[str]]:
    """What each dossier still lacks before it can be submitted (three queries for any number)."""
    if not nominations:
        return {}
    campaign_ids = {n.phase.campaign_id for n in nominations}
    criteria = db.session.scalars(select(Criterion).join(Criterion.group).where(
        Criterion.campaign_id.in_(campaign_ids), Criterion.retired.is_(False))
        .order_by(CriterionGroup.position, Criterion.position, Criterion.id)).all()
    results = db.session.scalars(select(Result).where(
        Result.phase_id.in_({n.phase_id for n in nominations}), Result.subject.in_({n.subject for n in nominations}))
        .options(selectinload(Result.files))).all()
    by_subject: dict[tuple[int, str], dict[int, Result]] = {}
    for result in results:
        by_subject.setdefault((result.phase_id, result.subject), {})[result.criterion_id] = result
    gaps = {}
    for nomination in nominations:
        applicable = [c for c in criteria if c.campaign_id == nomination.phase.campaign_id
                      and c.applies_to in (nomination.nominee_kind, "both")]
        gaps[nomination.id] = _gaps(applicable, by_subject.get((nomination.phase_id, nomination.subject), {}),
                                    nomination.summary)
    return gaps


def dossier_gaps(nomination: Nomination) -> list[str]:
    """What is still missing before the dossier can be submitted (Vietnamese, one sentence each)."""
    return gaps_by_nomination([nomination])[nomination.id]


def draft_summary(phase: Phase, person: Person | None, unit: Unit) -> str:
    """A first draft of the achievement summary, from the results and initiatives already recorded."""
    key = subject_key(person.id if person else None, unit.id)
    rows = db.session.execute(select(Result, Criterion).join(Criterion).where(
        Result.phase_id == phase.id, Result.subject == key).order_by(Criterion.position)).all()
    lines = []
    for result, criterion in rows:
        if criterion.is_quantitative and result.value is not None:
            target = criterion.target_for(phase.id)
            unit = criterion.unit_of_measure
            goal = f" (chỉ tiêu {measure(target.value, unit)})" if target else ""
            lines.append(f"- {criterion.name}: đạt {measure(result.value, unit)}{goal}.")
        elif result.explanation:
            lines.append(f"- {criterion.name}: {result.explanation}")
    if person is not None:
        query = select(Initiative).join(InitiativeAuthor).where(InitiativeAuthor.person_id == person.id)
    else:
        query = select(Initiative).where(Initiative.unit_id.in_(unit_subtree_ids(unit.id)))
    for initiative in db.session.scalars(query.order_by(Initiative.id)):
        level = INITIATIVE_LEVELS.get(initiative.level or "", "")
        recognised = f", được công nhận {level}" if level else ""
        decision = f" (Quyết định số {initiative.decision_number})" if level and initiative.decision_number else ""
        lines.append(f"- Sáng kiến «{initiative.title}»{recognised}{decision}.")
    return "\n".join(lines)
