"""From the database to the phase review report (báo cáo sơ kết / tổng kết) of a campaign.

`review_figures(phase)` reads what the phase holds in a fixed number of queries (criteria and targets,
the results, the plan tasks with their reports, the awarded nominations, the initiatives, the units) and
computes every figure through rules/ (rules.review, rules.scoring, rules.tasks); the web page (Chart.js,
templates/documents/_review_figures.html) and the .docx (documents/review_report.py) both show them.

Which figures:
- per quantitative criterion with a target in the phase: the mean of the results of the units (collective
  criteria; a 'task_completion' criterion takes each unit's on-time rate) or of the people (individual
  criteria), and how many of them met the target (rules.review.aggregate_criterion);
- per unit: of the collective quantitative criteria it has a result for, how many it met;
- for a tổng kết, the previous phase's figures beside this one's;
- the plan tasks whose deadline falls in the phase, at the cut-off day (rules.tasks.cutoff_date): on
  time, late, overdue, not due; the late and overdue ones listed;
- the awards: nominations of the phase that were awarded, by award form and kind; leaders against staff
  and women among the individuals;
- initiatives recognised in the phase (decision date in it; without a decision, first applied in it), by
  level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..documents.charts import BarChart
from ..documents.layout import DocumentNumber, Issuer, Signer
from ..documents.review_report import (
    AwardLine,
    ComparisonLine,
    CountLine,
    CriterionLine,
    ReviewReport,
    TaskLine,
    UnitLine,
    build_review_report,
    task_state_text,
)
from ..extensions import db
from ..models import (
    INITIATIVE_LEVELS,
    REVIEW_KINDS,
    AwardForm,
    Campaign,
    Criterion,
    CriterionGroup,
    Initiative,
    Nomination,
    NominationStatus,
    Phase,
    PlanTask,
    Result,
    Unit,
    local_now,
)
from ..models import (
    Signer as SignerModel,
)
from ..models.award import AWARD_KINDS
from ..permissions import task_unit_ids
from ..rules.review import (
    LATE,
    TASK_OUTCOME_LABELS,
    CriterionAggregate,
    TaskTally,
    aggregate_criterion,
    in_period,
    share,
    tally_tasks,
    task_completed_on,
    task_outcome,
)
from ..rules.tasks import UnitProgress, cutoff_date
from ..vietnamese import fold, number, short_date
from . import plan as plan_service
from .org import get_agency

REVIEW_FIELDS: list[tuple[str, str, bool]] = [
    ("subject", "Trích yếu", False),
    ("assessment", "Đánh giá chung", True),
    ("directions", "Phương hướng, nhiệm vụ", True),
    ("recipients", "Nơi nhận (mỗi nơi một dòng)", True),
]
DEFAULT_RECIPIENTS = ["UBND tỉnh (b/c)", "Sở Nội vụ (b/c)", "Sở Khoa học và Công nghệ", "Lãnh đạo Ban",
                      "Các phòng, đơn vị thuộc Ban", "Lưu: VT, VP"]
NOT_RECOGNISED = "Chưa được công nhận"


# --- the figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionFigure:
    criterion_id: int
    code: str
    name: str
    unit: str
    scope: str  # 'collective' | 'individual'
    target: Decimal | None
    aggregate: CriterionAggregate


@dataclass(frozen=True)
class UnitFigure:
    unit_id: int
    name: str
    counted: int
    met: int

    @property
    def share(self) -> Decimal | None:
        return share(self.met, self.counted)


@dataclass(frozen=True)
class TaskFigure:
    task_id: int
    number: str
    name: str
    lead: str
    deadline: dt.date | None
    deadline_text: str
    completed_on: dt.date | None
    outcome: str


@dataclass(frozen=True)
class AwardFigure:
    code: str
    name: str
    kind: str
    collectives: int
    individuals: int

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


@dataclass(frozen=True)
class ReviewFigures:
    phase_id: int
    phase_name: str
    review_kind: str
    campaign_title: str
    start: dt.date
    end: dt.date
    as_of: dt.date  # the cut-off day of the tasks and criteria
    criteria: list[CriterionFigure] = field(default_factory=list)
    units: list[UnitFigure] = field(default_factory=list)
    tasks: list[TaskFigure] = field(default_factory=list)  # the tasks due in the phase
    task_tally: TaskTally = field(default_factory=TaskTally)
    awards: list[AwardFigure] = field(default_factory=list)
    individuals: int = 0
    leaders: int = 0
    women: int = 0
    dossiers: int = 0  # nominations submitted in the phase (every state but draft)
    initiatives: list[tuple[str, int]] = field(default_factory=list)  # (level label, count), lowest first
    previous: ReviewFigures | None = None  # the previous phase (for a tổng kết)

    # derived (no computing beyond the rules' shares)
    @property
    def collectives_awarded(self) -> int:
        return sum(a.collectives for a in self.awards)

    @property
    def individuals_awarded(self) -> int:
        return sum(a.individuals for a in self.awards)

    @property
    def awarded(self) -> int:
        return self.collectives_awarded + self.individuals_awarded

    @property
    def staff(self) -> int:
        return self.individuals - self.leaders

    @property
    def leaders_share(self) -> Decimal | None:
        return share(self.leaders, self.individuals)

    @property
    def staff_share(self) -> Decimal | None:
        return share(self.staff, self.individuals)

    @property
    def women_share(self) -> Decimal | None:
        return share(self.women, self.individuals)

    @property
    def initiatives_recognised(self) -> int:
        return sum(count for label, count in self.initiatives if label != NOT_RECOGNISED)

    @property
    def criteria_measured(self) -> int:
        """Criteria with at least one result."""
        return sum(1 for c in self.criteria if c.aggregate.counted)

    @property
    def criteria_attained(self) -> int:
        return sum(1 for c in self.criteria if c.aggregate.attained)

    @property
    def late_tasks(self) -> list[TaskFigure]:
        return [self.tasks[i] for i in self.task_tally.late_indices]

    @property
    def review_label(self) -> str:
        return REVIEW_KINDS.get(self.review_kind, "Sơ kết")

    def chart_data(self) -> dict:
        """Labels and values of the three charts (JSON-serialisable), as Chart.js and matplotlib draw them."""
        with_value = [c for c in self.criteria if c.aggregate.attainment is not None]
        return {
            "criteria": {
                "title": "Mức độ đạt chỉ tiêu của các tiêu chí (%)",
                "labels": [c.code for c in with_value],
                "names": [c.name for c in with_value],
                "values": [float(c.aggregate.attainment) for c in with_value],
                "unit": "%",
            },
            "units": {
                "title": "Tỷ lệ tiêu chí đạt chỉ tiêu theo đơn vị (%)",
                "labels": [u.name for u in self.units if u.share is not None],
                "values": [float(u.share) for u in self.units if u.share is not None],
                "unit": "%",
            },
            "awards": {
                "title": "Số tập thể, cá nhân được khen thưởng theo hình thức",
                "labels": [a.name for a in self.awards],
                "values": [a.total for a in self.awards],
                "collectives": [a.collectives for a in self.awards],
                "individuals": [a.individuals for a in self.awards],
                "unit": "",
            },
        }


def _previous_phase(phase: Phase) -> Phase | None:
    earlier = [p for p in phase.campaign.phases if p.end_date < phase.start_date]
    return max(earlier, key=lambda p: p.start_date) if earlier else None


def _phase_figures(phase: Phase, *, today: dt.date, criteria: list[Criterion], tasks: list[PlanTask],
                   units: dict[int, Unit]) -> ReviewFigures:
    as_of = cutoff_date(phase.end_date, today)
    results = db.session.scalars(select(Result).where(Result.phase_id == phase.id,
                                                      Result.value.is_not(None))).all()
    by_criterion: dict[int, list[Result]] = {}
    for result in results:
        by_criterion.setdefault(result.criterion_id, []).append(result)
    # The on-time rate as the results page measures it (rules.tasks.cutoff_date); nothing before the phase starts.
    started = as_of >= phase.start_date
    rates = (plan_service.completion_rates(tasks, as_of)
             if started and any(c.source == "task_completion" for c in criteria) else {})

    figures: list[CriterionFigure] = []
    per_unit: dict[int, list[bool]] = {}
    for criterion in criteria:
        if not criterion.is_quantitative:
            continue
        target = criterion.target_for(phase.id)
        if target is None:
            continue
        scope = "individual" if criterion.applies_to == "individual" else "collective"
        if criterion.source == "task_completion":
            values = {uid: rate.percent for uid, rate in rates.items() if rate.percent is not None}
        else:
            values = {}
            person_values = []
            for result in by_criterion.get(criterion.id, []):
                if result.person_id is None:
                    values[result.unit_id] = result.value
                else:
                    person_values.append(result.value)
            if scope == "individual":
                values = {i: v for i, v in enumerate(person_values)}
        aggregate = aggregate_criterion(values.values(), target.value, higher_is_better=criterion.higher_is_better)
        figures.append(CriterionFigure(criterion.id, criterion.code, criterion.name, criterion.unit_of_measure,
                                       scope, target.value, aggregate))
        if scope == "collective":
            for unit_id, value in values.items():
                one = aggregate_criterion([value], target.value, higher_is_better=criterion.higher_is_better)
                per_unit.setdefault(unit_id, []).append(bool(one.met))

    unit_figures = [UnitFigure(uid, units[uid].name if uid in units else str(uid), len(flags), sum(flags))
                    for uid, flags in per_unit.items()]
    unit_figures.sort(key=lambda u: (_unit_order(units, u.unit_id), u.name))

    # The plan tasks due in the phase (deadline inside it).
    task_figures = []
    for task in tasks:
        if not in_period(task.deadline, phase.start_date, phase.end_date):
            continue
        progress = {r.unit_id: UnitProgress(r.status, r.completed_on) for r in task.reports}
        completed = task_completed_on(task.lead_unit_id, task_unit_ids(task), progress)
        lead = task.lead_unit.name if task.lead_unit is not None else task.lead_text
        task_figures.append(TaskFigure(task.id, task.number, task.name, lead, task.deadline, task.deadline_text,
                                       completed, task_outcome(task.deadline, completed, as_of)))
    tally = tally_tasks(t.outcome for t in task_figures)

    nominations = db.session.scalars(select(Nomination).where(Nomination.phase_id == phase.id).options(
        joinedload(Nomination.award_form), joinedload(Nomination.person))).all()
    forms: dict[int, AwardForm] = {}
    counts: dict[int, list[int]] = {}
    individuals = leaders = women = dossiers = 0
    for nomination in nominations:
        if nomination.status != NominationStatus.DRAFT:
            dossiers += 1
        if nomination.status != NominationStatus.AWARDED:
            continue
        forms[nomination.award_form_id] = nomination.award_form
        pair = counts.setdefault(nomination.award_form_id, [0, 0])
        if nomination.person is None:
            pair[0] += 1
        else:
            pair[1] += 1
            individuals += 1
            leaders += bool(nomination.person.is_leader)
            women += nomination.person.gender == "nu"
    awards = [AwardFigure(form.code, form.name, AWARD_KINDS.get(form.kind, form.kind), *counts[form.id])
              for form in sorted(forms.values(), key=lambda f: (f.position, f.id))]

    initiatives = db.session.scalars(select(Initiative).where(
        ((Initiative.decision_date >= phase.start_date) & (Initiative.decision_date <= phase.end_date))
        | (Initiative.decision_date.is_(None) & (Initiative.first_applied_on >= phase.start_date)
           & (Initiative.first_applied_on <= phase.end_date)))).all()
    by_level = {key: 0 for key in INITIATIVE_LEVELS}
    unrecognised = 0
    for initiative in initiatives:
        if initiative.level in by_level and initiative.decision_date is not None:
            by_level[initiative.level] += 1
        else:
            unrecognised += 1
    levels = [(f"Cấp {label.removeprefix('cấp ')}" if label.startswith("cấp") else label.capitalize(), count)
              for key, label in INITIATIVE_LEVELS.items() if (count := by_level[key])]
    if unrecognised:
        levels.append((NOT_RECOGNISED, unrecognised))

    campaign = phase.campaign
    return ReviewFigures(phase.id, phase.name, phase.review_kind, campaign.title, phase.start_date, phase.end_date,
                         as_of, figures, unit_figures, task_figures, tally, awards, individuals, leaders, women,
                         dossiers, levels)


def _unit_order(units: dict[int, Unit], unit_id: int) -> tuple:
    unit = units.get(unit_id)
    if unit is None:
        return (9999,)
    parent = units.get(unit.parent_id) if unit.parent_id else None
    return (parent.sort_order, 1, unit.sort_order) if parent is not None else (unit.sort_order, 0, 0)


def review_figures(phase: Phase, *, today: dt.date | None = None) -> ReviewFigures:
    """Every figure of the phase's review (and, for a tổng kết, of the phase before it)."""
    today = today or local_now().date()
    phase = db.session.scalar(select(Phase).where(Phase.id == phase.id).options(
        joinedload(Phase.campaign).selectinload(Campaign.phases)))
    criteria = list(db.session.scalars(select(Criterion).join(Criterion.group).where(
        Criterion.campaign_id == phase.campaign_id, Criterion.retired.is_(False))
        .options(selectinload(Criterion.targets))
        .order_by(CriterionGroup.position, Criterion.position, Criterion.id)))
    tasks = db.session.scalars(select(PlanTask).where(PlanTask.campaign_id == phase.campaign_id).options(
        selectinload(PlanTask.partners), selectinload(PlanTask.reports), joinedload(PlanTask.lead_unit))
        .order_by(PlanTask.position, PlanTask.id)).unique().all()
    units = {u.id: u for u in db.session.scalars(select(Unit))}
    figures = _phase_figures(phase, today=today, criteria=criteria, tasks=tasks, units=units)
    previous = _previous_phase(phase) if phase.review_kind == "final" else None
    if previous is not None:
        earlier = _phase_figures(previous, today=today, criteria=criteria, tasks=tasks, units=units)
        figures = ReviewFigures(**{**figures.__dict__, "previous": earlier})
    return figures


# --- the texts --------------------------------------------------------------------------------------


def _pct(value: Decimal | None) -> str:
    return f"{number(value, 2)}%" if value is not None else "–"


def campaign_phrase(title: str) -> str:
    """'Phong trào thi đua “Đổi mới sáng tạo …”'; a title that already says 'Phong trào thi đua thường
    xuyên' is written as it is, not 'Phong trào thi đua “Phong trào thi đua thường xuyên”'."""
    title = " ".join(title.split())
    return title if fold(title).startswith("phong trao") else f"Phong trào thi đua “{title}”"


def review_subject(figures: ReviewFigures) -> str:
    """'Sơ kết giai đoạn 1 (2026–2027) Phong trào thi đua “Đổi mới sáng tạo …”'."""
    name = figures.phase_name
    name = name[:1].lower() + name[1:] if name[:1].isupper() and not name[:2].isupper() else name
    return f"{figures.review_label} {name} {campaign_phrase(figures.campaign_title)}"


def criteria_summary(figures: ReviewFigures) -> str:
    total = len(figures.criteria)
    if not total:
        return ""
    measured = figures.criteria_measured
    text = (f"Trong {figures.phase_name.lower()}, {figures.criteria_attained}/{measured} tiêu chí định lượng đã có "
            f"kết quả đạt chỉ tiêu đề ra ({_pct(share(figures.criteria_attained, measured))}) tính trên kết quả "
            f"chung của các đơn vị, cá nhân")
    if measured < total:
        text += f"; {total - measured}/{total} tiêu chí chưa có kết quả"
    return text + "."


def tasks_summary(figures: ReviewFigures) -> str:
    tally = figures.task_tally
    if not figures.tasks:
        return "Không có nhiệm vụ kế hoạch nào có thời hạn trong giai đoạn."
    text = (f"Các kế hoạch có {len(figures.tasks)} nhiệm vụ có thời hạn trong giai đoạn; tính đến ngày "
            f"{short_date(figures.as_of)}, {tally.due} nhiệm vụ đã đến hạn hoặc đã hoàn thành, trong đó {tally.on_time} nhiệm vụ "
            f"hoàn thành đúng hạn (đạt {_pct(tally.on_time_share)}), {tally.late} nhiệm vụ hoàn thành trễ hạn, "
            f"{tally.not_done} nhiệm vụ quá hạn chưa hoàn thành")
    if tally.not_due:
        text += f"; {tally.not_due} nhiệm vụ chưa đến hạn, chưa hoàn thành"
    return text + "."


def awards_summary(figures: ReviewFigures) -> str:
    if not figures.awarded:
        return (f"Trong giai đoạn, các đơn vị đã gửi {figures.dossiers} hồ sơ đề nghị khen thưởng; "
                "chưa có tập thể, cá nhân nào được khen thưởng.")
    text = (f"Trong giai đoạn, {figures.collectives_awarded} tập thể và {figures.individuals_awarded} cá nhân "
            f"được khen thưởng (trên {figures.dossiers} hồ sơ đề nghị).")
    if figures.individuals:
        text += (f" Trong số cá nhân được khen thưởng, lãnh đạo chiếm {_pct(figures.leaders_share)}, công chức, "
                 f"viên chức, người lao động không giữ chức vụ lãnh đạo chiếm {_pct(figures.staff_share)}; nữ "
                 f"chiếm {_pct(figures.women_share)}.")
    return text


def initiatives_summary(figures: ReviewFigures) -> str:
    total = sum(count for _, count in figures.initiatives)
    if not total:
        return "Chưa có sáng kiến, giải pháp, mô hình nào được ghi nhận trong giai đoạn."
    parts = ", ".join(f"{count} {label.lower()}" for label, count in figures.initiatives)
    return (f"Các đơn vị đã có {total} sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả trong giai đoạn "
            f"({parts}).")


def default_review_texts(phase: Phase) -> dict[str, str]:
    """The editable texts with their defaults, written from the figures."""
    figures = review_figures(phase)
    return _default_texts(figures)


def _default_texts(figures: ReviewFigures) -> dict[str, str]:
    total = len(figures.criteria)
    unmet = [c for c in figures.criteria if c.aggregate.attained is False]
    assessment = [
        f"{campaign_phrase(figures.campaign_title)} được các đơn vị thuộc Ban Quản lý triển khai nghiêm túc, "
        f"gắn với thực hiện nhiệm vụ chính trị của từng đơn vị."
    ]
    if total:
        line = (f"Kết quả chung có {figures.criteria_attained}/{figures.criteria_measured} tiêu chí định lượng đã có "
                "kết quả đạt chỉ tiêu giai đoạn")
        if unmet:
            line += "; các tiêu chí chưa đạt: " + "; ".join(f"{c.code} ({c.name})" for c in unmet)
        assessment.append(line + ".")
    tally = figures.task_tally
    if tally.due:
        line = (f"Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn đạt {_pct(tally.on_time_share)} "
                f"({tally.on_time}/{tally.due} nhiệm vụ đến hạn)")
        if tally.late + tally.not_done:
            line += f"; còn {tally.late + tally.not_done} nhiệm vụ chậm so với thời hạn, cần được đôn đốc, khắc phục"
        assessment.append(line + ".")
    if figures.awarded:
        assessment.append(f"Công tác khen thưởng kịp thời: {figures.collectives_awarded} tập thể và "
                          f"{figures.individuals_awarded} cá nhân được khen thưởng; tỷ lệ cá nhân không giữ chức vụ "
                          f"lãnh đạo đạt {_pct(figures.staff_share)}.")
    if figures.initiatives_recognised:
        assessment.append(f"Có {figures.initiatives_recognised} sáng kiến, giải pháp được công nhận, góp phần nâng "
                          "cao hiệu quả công tác.")
    next_phase = "giai đoạn tiếp theo" if figures.review_kind == "interim" else "thời gian tới"
    catch_up = "Tập trung hoàn thành các nhiệm vụ còn chậm so với thời hạn của các kế hoạch"
    if unmet:
        catch_up += "; phấn đấu đạt và vượt các chỉ tiêu chưa đạt (" + ", ".join(c.code for c in unmet) + ")"
    directions = [
        f"Trong {next_phase}, các đơn vị tiếp tục quán triệt, triển khai sâu rộng "
        f"{campaign_phrase(figures.campaign_title)}, gắn với thực hiện nhiệm vụ chính trị được giao; đăng ký thi đua và "
        "cụ thể hóa các tiêu chí, chỉ tiêu của giai đoạn thành nhiệm vụ của từng phòng, đơn vị.",
        catch_up + "; nâng cao chất lượng, hiệu quả công tác, lấy kết quả thực hiện nhiệm vụ làm thước đo thi đua.",
        "Chú trọng phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến, sáng kiến, mô hình hay; quan tâm khen "
        "thưởng công chức, viên chức, người lao động trực tiếp thực hiện nhiệm vụ.",
        "Văn phòng (Thường trực Hội đồng Thi đua – Khen thưởng) theo dõi, đôn đốc, tổng hợp kết quả và tham mưu "
        "Lãnh đạo Ban sơ kết, tổng kết, khen thưởng theo quy định.",
    ]
    return {"subject": review_subject(figures), "assessment": "\n".join(assessment),
            "directions": "\n".join(directions), "recipients": "\n".join(DEFAULT_RECIPIENTS)}


# --- the document -------------------------------------------------------------------------------------


def _charts(figures: ReviewFigures) -> dict[str, BarChart]:
    data = figures.chart_data()
    charts = {}
    if data["criteria"]["labels"]:
        labels = [f"{code}. {name}" for code, name in zip(data["criteria"]["labels"], data["criteria"]["names"],
                                                          strict=True)]
        charts["criteria"] = BarChart(data["criteria"]["title"], labels, [("Mức độ đạt", data["criteria"]["values"])],
                                      unit="%", reference=100.0, reference_label="Chỉ tiêu (100%)", wrap=45)
    if data["awards"]["labels"]:
        charts["awards"] = BarChart(data["awards"]["title"], data["awards"]["labels"],
                                    [("Tập thể", data["awards"]["collectives"]),
                                     ("Cá nhân", data["awards"]["individuals"])], stacked=True, wrap=40)
    return charts


def _comparison(figures: ReviewFigures) -> list[ComparisonLine]:
    previous = figures.previous
    if previous is None:
        return []
    before = {c.criterion_id: c for c in previous.criteria}
    lines = []
    for c in figures.criteria:
        p = before.get(c.criterion_id)
        lines.append(ComparisonLine(f"{c.code}. {c.name}", c.unit, p.aggregate.value if p else None,
                                    c.aggregate.value, p.target if p else None, c.target))
    lines.append(ComparisonLine("Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn", "%", previous.task_tally.on_time_share,
                                figures.task_tally.on_time_share))
    lines.append(ComparisonLine("Số tập thể được khen thưởng", "", Decimal(previous.collectives_awarded),
                                Decimal(figures.collectives_awarded)))
    lines.append(ComparisonLine("Số cá nhân được khen thưởng", "", Decimal(previous.individuals_awarded),
                                Decimal(figures.individuals_awarded)))
    lines.append(ComparisonLine("Số sáng kiến, giải pháp được công nhận", "", Decimal(previous.initiatives_recognised),
                                Decimal(figures.initiatives_recognised)))
    return lines


def review_report(phase: Phase, *, texts: dict[str, str] | None = None, number: int | None = None,
                  issued_on: dt.date | None = None, figures: ReviewFigures | None = None) -> ReviewReport:
    figures = figures or review_figures(phase)
    values = _default_texts(figures) | {k: v for k, v in (texts or {}).items() if v is not None and v.strip()}
    agency = get_agency()
    head = db.session.scalars(select(SignerModel).where(SignerModel.active.is_(True))
                              .order_by(SignerModel.is_head.desc(), SignerModel.sort_order, SignerModel.id)).first()
    head_title = agency.head_title if agency else "Trưởng Ban"
    signer = Signer(head.signature_lines(head_title) if head else [head_title.upper()], head.full_name if head else "")
    issuer = Issuer(parent_body=agency.parent_body if agency else "", name=agency.name if agency else "",
                    symbol=agency.symbol if agency else "", place_name=agency.place_name if agency else "")
    review = figures.review_label.lower()
    introduction = (f"Thực hiện {campaign_phrase(figures.campaign_title)} giai đoạn "
                    f"{phase.campaign.period_label}, Ban Quản lý báo cáo {review} {figures.phase_name.lower()} "
                    f"(từ ngày {short_date(figures.start)} đến ngày {short_date(figures.end)}) như sau:")
    if phase.campaign.plan_number:
        introduction = (f"Thực hiện Kế hoạch số {phase.campaign.plan_number}"
                        + (f" ngày {short_date(phase.campaign.plan_date)}" if phase.campaign.plan_date else "")
                        + f" về {campaign_phrase(figures.campaign_title)}, Ban Quản lý báo cáo {review} "
                        f"{figures.phase_name.lower()} (từ ngày {short_date(figures.start)} đến ngày "
                        f"{short_date(figures.end)}) như sau:")
    scope_word = {"collective": "đơn vị", "individual": "cá nhân"}
    criteria = [CriterionLine(c.code, c.name, c.unit, c.target, c.aggregate.value, c.aggregate.counted,
                              c.aggregate.met, c.aggregate.attained, scope_word[c.scope]) for c in figures.criteria]
    note = ("Kết quả: trung bình cộng kết quả của các đơn vị (tiêu chí tập thể) hoặc các cá nhân (tiêu chí cá "
            "nhân) đã có kết quả; số đạt chỉ tiêu: số đơn vị, cá nhân có kết quả đạt chỉ tiêu trên số có kết quả; "
            "đánh giá “Đạt” khi kết quả trung bình đạt chỉ tiêu giai đoạn.") if criteria else ""
    unit_lines = [UnitLine(u.name, u.counted, u.met, u.share) for u in figures.units]
    late = [TaskLine(t.number, t.name, t.lead, t.deadline_text or short_date(t.deadline),
                     task_state_text(TASK_OUTCOME_LABELS[t.outcome], t.completed_on if t.outcome == LATE else None))
            for t in figures.late_tasks]
    awards = [AwardLine(a.name, a.kind, a.collectives, a.individuals, a.total) for a in figures.awards]
    people = []
    if figures.individuals:
        people = [CountLine("Lãnh đạo", figures.leaders, figures.leaders_share),
                  CountLine("Công chức, viên chức, người lao động (không giữ chức vụ lãnh đạo)", figures.staff,
                            figures.staff_share),
                  CountLine("Trong đó: nữ (trên tổng số cá nhân)", figures.women, figures.women_share)]
    recipients = [line for line in values["recipients"].split("\n") if line.strip()]
    return ReviewReport(
        issuer=issuer, number=DocumentNumber(number, "BC"), date=issued_on, year=figures.end.year,
        subject=values["subject"], introduction=introduction, criteria=criteria, criteria_note=note,
        criteria_summary=criteria_summary(figures), units=unit_lines,
        units_summary=("Tỷ lệ tiêu chí định lượng đạt chỉ tiêu của từng đơn vị (trên số tiêu chí đơn vị có kết quả):"
                       if unit_lines else "Chưa có đơn vị nào có kết quả tiêu chí định lượng."),
        comparison=_comparison(figures),
        comparison_heads=(figures.previous.phase_name, figures.phase_name) if figures.previous else ("", ""),
        tasks_summary=tasks_summary(figures), late_tasks=late, awards=awards,
        award_totals=(figures.collectives_awarded, figures.individuals_awarded, figures.awarded),
        awards_summary=awards_summary(figures), people=people,
        initiatives=[CountLine(label, count) for label, count in figures.initiatives],
        initiatives_summary=initiatives_summary(figures), charts=_charts(figures),
        assessment=values["assessment"], directions=values["directions"], signer=signer, recipients=recipients,
    )


def review_report_docx(phase: Phase, *, texts: dict[str, str] | None = None, number: int | None = None,
                       issued_on: dt.date | None = None) -> bytes:
    return build_review_report(review_report(phase, texts=texts, number=number, issued_on=issued_on))


__all__ = ["REVIEW_FIELDS", "ReviewFigures", "default_review_texts", "review_figures", "review_report",
           "review_report_docx"]
