"""The plans' periodic progress reports (báo cáo định kỳ kết quả thực hiện kế hoạch), from the database.

A plan is not a table of its own: its tasks (PlanTask) say where they come from, in `source` (the plan an
appendix cites, "Kế hoạch số 12/KH-KKTKCN ngày 15/01/2026") or, when that is empty, in the head of their
`section` ("Kế hoạch chuyển đổi số giai đoạn 2026 – 2030, Phụ lục I – …"). `campaign_plans` groups a
campaign's tasks by that name. Nothing stores a plan's reporting calendar either: `schedule_for` takes it
from a small mapping keyed by the plan's name (SCHEDULES: seed 001 for the plan implementing Nghị quyết
57-NQ/TW, seed 003 for the digital-transformation plan), the default an annual report before 1 December.

A report lists every task of the plan with its lead and partner units, its state against its deadline on
the report's day (rules.tasks.task_state), each unit's latest report and product, overdue tasks first
(rules.reporting.progress_order), and the campaign's quantitative criteria against the targets of the
phase the period ends in (the same figures as the review report: services/review_report.review_figures).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..documents.layout import DocumentNumber, Issuer, Signer
from ..documents.progress_report import (
    IndicatorLine,
    ProgressReport,
    ProgressTask,
    build_progress_report,
)
from ..extensions import db
from ..models import TASK_STATUSES, Campaign, Phase, PlanTask, TaskReport, local_now
from ..models import Signer as SignerModel
from ..permissions import task_unit_ids
from ..rules.reporting import (
    ANNUAL,
    QUARTERLY,
    SIX_MONTHLY,
    Period,
    ReportRule,
    Schedule,
    find_period,
    progress_order,
)
from ..rules.reporting import reporting_periods as calendar_periods
from ..rules.tasks import DONE, IN_PROGRESS, UnitProgress, task_state
from ..vietnamese import fold, short_date
from .org import get_agency
from .review_report import review_figures

PROGRESS_FIELDS: list[tuple[str, str, bool]] = [
    ("subject", "Trích yếu", False),
    ("addressees", "Kính gửi (mỗi nơi một dòng)", True),
    ("assessment", "Đánh giá chung", True),
    ("difficulties", "Khó khăn, vướng mắc", True),
    ("next_steps", "Nhiệm vụ trọng tâm thời gian tới, đề xuất, kiến nghị", True),
    ("recipients", "Nơi nhận (mỗi nơi một dòng)", True),
]

SCIENCE_DEPT = "Sở Khoa học và Công nghệ"
SEED_001 = Schedule(
    rules=(ReportRule(QUARTERLY, 20), ReportRule(SIX_MONTHLY, 5, 6), ReportRule(ANNUAL, 1, 12)),
    basis="định kỳ hằng quý (trước ngày 20 hằng quý), 6 tháng (trước ngày 05 tháng 6), hằng năm (trước ngày "
          "01 tháng 12)",
    recipients=("Ban Chỉ đạo Ban Quản lý", SCIENCE_DEPT),
)
SEED_003 = Schedule(
    rules=(ReportRule(ANNUAL, 30, 11),),
    basis="định kỳ hằng năm (trước ngày 30 tháng 11)",
    recipients=("Ban Chỉ đạo chuyển đổi số tỉnh", SCIENCE_DEPT),
)
DEFAULT_SCHEDULE = Schedule(rules=(ReportRule(ANNUAL, 1, 12),), basis="định kỳ hằng năm (trước ngày 01 tháng 12)",
                            recipients=("Lãnh đạo Ban Quản lý", SCIENCE_DEPT))
# (words of the plan's folded name, its calendar): the first that matches wins.
SCHEDULES: list[tuple[tuple[str, ...], Schedule]] = [
    (("57-nq/tw",), SEED_001),
    (("nghi quyet so 57",), SEED_001),
    (("chuyen doi so",), SEED_003),
]


@dataclass(frozen=True)
class Plan:
    """A plan of a campaign: the name its tasks give, and the ids of its tasks in their order."""

    campaign_id: int
    name: str
    task_ids: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        """An ASCII key for URLs: 'ke-hoach-chuyen-doi-so-giai-doan-2026-2030'."""
        return re.sub(r"[^a-z0-9]+", "-", fold(self.name)).strip("-")[:80] or "ke-hoach"

    @property
    def schedule(self) -> Schedule:
        return schedule_for(self.name)


def schedule_for(plan_name: str) -> Schedule:
    folded = fold(plan_name)
    return next((schedule for words, schedule in SCHEDULES if all(w in folded for w in words)), DEFAULT_SCHEDULE)


_APPENDIX = re.compile(r",?\s*Phụ lục\b.*$", re.IGNORECASE)


def plan_name(task: PlanTask) -> str:
    """The plan a task belongs to: its source, else the head of its section before ', Phụ lục …'."""
    if task.source.strip():
        return " ".join(task.source.split())
    head = _APPENDIX.sub("", task.section or "").strip(" ,–-")
    return " ".join(head.split()) or "Kế hoạch thực hiện Phong trào thi đua"


def campaign_plans(campaign: Campaign) -> list[Plan]:
    """The campaign's plans, in the order of their first task (one query)."""
    rows = db.session.execute(select(PlanTask.id, PlanTask.source, PlanTask.section)
                              .where(PlanTask.campaign_id == campaign.id)
                              .order_by(PlanTask.position, PlanTask.id)).all()
    plans: dict[str, list[int]] = {}
    for task_id, source, section in rows:
        name = plan_name(PlanTask(source=source or "", section=section or ""))
        plans.setdefault(name, []).append(task_id)
    return [Plan(campaign.id, name, tuple(ids)) for name, ids in plans.items()]


def find_plan(campaign: Campaign, key: str) -> Plan | None:
    return next((plan for plan in campaign_plans(campaign) if plan.key == key), None)


def reporting_periods(plan: Plan, today: dt.date | None = None) -> list[Period]:
    """The plan's reports due around `today` (the last one past its deadline and the next one of each kind),
    within the campaign's years."""
    campaign = db.session.get(Campaign, plan.campaign_id)
    today = today or local_now().date()
    return calendar_periods(plan.schedule, today, start=campaign.start_date, end=campaign.end_date)


def period_of(plan: Plan, key: str) -> Period | None:
    return find_period(plan.schedule, key)


# --- the figures ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskProgress:
    task_id: int
    number: str
    name: str
    lead: str
    partners: str
    deadline_text: str
    deadline: dt.date | None
    status: str
    overdue: bool
    reports: list[str] = field(default_factory=list)  # each unit's latest report, in words

    @property
    def status_label(self) -> str:
        label = TASK_STATUSES.get(self.status, self.status)
        return f"{label} (quá hạn)" if self.overdue else label


@dataclass(frozen=True)
class ProgressFigures:
    plan: Plan
    period: Period
    as_of: dt.date
    tasks: list[TaskProgress]
    phase: Phase | None
    indicators: list = field(default_factory=list)  # review_report.CriterionFigure

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.status == DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)

    @property
    def in_progress(self) -> int:
        return sum(1 for t in self.tasks if t.status == IN_PROGRESS and not t.overdue)


def _report_words(report: TaskReport, as_of: dt.date) -> str:
    """'Văn phòng: Đã hoàn thành ngày 10/11/2026 – Chuyên mục KHCN … (ghi chú)'."""
    status = report.status
    if status == DONE and report.completed_on and report.completed_on > as_of:
        status = IN_PROGRESS
    text = f"{report.unit.name}: {TASK_STATUSES.get(status, status)}"
    if status == DONE and report.completed_on:
        text += f" ngày {short_date(report.completed_on)}"
    if report.product_ref:
        text += f" – {report.product_ref}"
    if report.note:
        text += f" ({report.note})"
    return text


def _phase_at(campaign: Campaign, day: dt.date) -> Phase | None:
    containing = [p for p in campaign.phases if p.start_date <= day <= p.end_date]
    if containing:
        return containing[0]
    earlier = [p for p in campaign.phases if p.start_date <= day]
    return max(earlier, key=lambda p: p.start_date) if earlier else None


def progress_figures(plan: Plan, period: Period, *, today: dt.date | None = None) -> ProgressFigures:
    """Every task of the plan with its state on the report's day (today, or the deadline of a period
    already past), each unit's latest report, overdue first; the indicators against their targets."""
    today = today or local_now().date()
    as_of = min(today, period.deadline)
    tasks = db.session.scalars(select(PlanTask).where(PlanTask.id.in_(plan.task_ids)).options(
        selectinload(PlanTask.partners), selectinload(PlanTask.reports).joinedload(TaskReport.unit),
        joinedload(PlanTask.lead_unit)).order_by(PlanTask.position, PlanTask.id)).unique().all()
    lines = []
    for position, task in enumerate(tasks):
        progress = {}
        for report in task.reports:
            done_later = report.status == DONE and report.completed_on and report.completed_on > as_of
            progress[report.unit_id] = UnitProgress(IN_PROGRESS if done_later else report.status,
                                                    None if done_later else report.completed_on)
        state = task_state(task.lead_unit_id, task_unit_ids(task), progress, task.deadline, as_of)
        lead = task.lead_text or (task.lead_unit.name if task.lead_unit else "")
        partners = task.partner_text or ", ".join(u.name for u in task.partners)
        order = sorted(task.reports, key=lambda r: (r.unit_id != task.lead_unit_id, r.unit.sort_order, r.unit_id))
        lines.append((progress_order(state.status, state.overdue, task.deadline, position), TaskProgress(
            task.id, task.number, task.name, lead, partners, task.deadline_text or short_date(task.deadline),
            task.deadline, state.status, state.overdue, [_report_words(r, as_of) for r in order])))
    campaign = db.session.scalar(select(Campaign).where(Campaign.id == plan.campaign_id)
                                 .options(selectinload(Campaign.phases)))
    phase = _phase_at(campaign, min(period.end, as_of) if as_of >= period.start else period.end)
    indicators = review_figures(phase, today=as_of).criteria if phase is not None else []
    return ProgressFigures(plan, period, as_of, [line for _, line in sorted(lines, key=lambda x: x[0])], phase,
                           indicators)


# --- the texts and the document ---------------------------------------------------------------------------


def progress_subject(plan: Plan, period: Period) -> str:
    """'Kết quả thực hiện Kế hoạch chuyển đổi số giai đoạn 2026 – 2030 năm 2026'; a plan named with the
    period's year ('… 57-NQ/TW năm 2026') is not followed by it twice, and a quarter of a plan named with a
    year reads '… năm 2026 trong quý I năm 2027'."""
    name = plan.name
    if name.endswith(period.label):
        return f"Kết quả thực hiện {name}"
    joint = " trong " if re.search(r"(?:19|20)\d\d$", name) else " "
    return f"Kết quả thực hiện {name}{joint}{period.label}"


def _default_texts(figures: ProgressFigures) -> dict[str, str]:
    plan, period = figures.plan, figures.period
    total = len(figures.tasks)
    overdue = [t for t in figures.tasks if t.overdue]
    assessment = [f"Tính đến ngày {short_date(figures.as_of)}, trong {total} nhiệm vụ của Kế hoạch, "
                  f"{figures.done} nhiệm vụ đã hoàn thành, {figures.in_progress} nhiệm vụ đang thực hiện trong thời "
                  f"hạn, {figures.overdue} nhiệm vụ quá hạn chưa hoàn thành."]
    if figures.indicators:
        met = sum(1 for c in figures.indicators if c.aggregate.attained)
        assessment.append(f"Về các chỉ tiêu, {met}/{len(figures.indicators)} chỉ tiêu đạt mức đề ra cho "
                          f"{figures.phase.name.lower() if figures.phase else 'giai đoạn'}.")
    difficulties = ("Một số nhiệm vụ còn chậm so với thời hạn: " + "; ".join(
        f"{t.number + '. ' if t.number else ''}{t.name} ({t.lead})" for t in overdue) + "."
                    ) if overdue else "Chưa phát sinh khó khăn, vướng mắc lớn trong quá trình triển khai."
    next_steps = ("Các phòng, đơn vị tiếp tục triển khai các nhiệm vụ được giao theo Kế hoạch, tập trung hoàn thành "
                  "các nhiệm vụ quá hạn; báo cáo kết quả về Văn phòng đúng thời hạn để tổng hợp. Văn phòng tiếp tục "
                  "theo dõi, đôn đốc và tổng hợp, tham mưu Lãnh đạo Ban báo cáo theo quy định.")
    addressees = list(plan.schedule.recipients)
    recipients = ["Như trên", "Lãnh đạo Ban", "Các phòng, đơn vị thuộc Ban", "Lưu: VT, VP"]
    return {"subject": progress_subject(plan, period), "addressees": "\n".join(addressees),
            "assessment": "\n".join(assessment), "difficulties": difficulties, "next_steps": next_steps,
            "recipients": "\n".join(recipients)}


def default_progress_texts(plan: Plan, period: Period) -> dict[str, str]:
    return _default_texts(progress_figures(plan, period))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def progress_report(plan: Plan, period: Period, *, texts: dict[str, str] | None = None, number: int | None = None,
                    issued_on: dt.date | None = None, today: dt.date | None = None) -> ProgressReport:
    figures = progress_figures(plan, period, today=today or issued_on)
    values = _default_texts(figures) | {k: v for k, v in (texts or {}).items() if v is not None and v.strip()}
    agency = get_agency()
    head = db.session.scalars(select(SignerModel).where(SignerModel.active.is_(True))
                              .order_by(SignerModel.is_head.desc(), SignerModel.sort_order, SignerModel.id)).first()
    head_title = agency.head_title if agency else "Trưởng Ban"
    signer = Signer(head.signature_lines(head_title) if head else [head_title.upper()], head.full_name if head else "")
    issuer = Issuer(parent_body=agency.parent_body if agency else "", name=agency.name if agency else "",
                    symbol=agency.symbol if agency else "", place_name=agency.place_name if agency else "")
    introduction = (f"Thực hiện {plan.name}, theo chế độ báo cáo {plan.schedule.basis}, Ban Quản lý báo cáo kết "
                    f"quả thực hiện {period.label} (từ ngày {short_date(period.start)} đến ngày "
                    f"{short_date(figures.as_of if figures.as_of < period.end else period.end)}) như sau:")
    tasks = [ProgressTask(t.number, t.name, t.lead, t.partners, t.deadline_text, t.status_label, t.overdue, t.reports)
             for t in figures.tasks]
    indicators = [IndicatorLine(f"{c.code}. {c.name}", c.unit, c.target, c.aggregate.value, c.aggregate.attained)
                  for c in figures.indicators]
    return ProgressReport(
        issuer=issuer, number=DocumentNumber(number, "BC"), date=issued_on, year=period.deadline.year,
        subject=values["subject"], addressees=_lines(values["addressees"]), introduction=introduction,
        tasks=tasks, done=figures.done, in_progress=figures.in_progress, overdue=figures.overdue,
        not_started=len(figures.tasks) - figures.done - figures.in_progress - figures.overdue,
        indicators=indicators, indicators_phase=figures.phase.name if figures.phase else "",
        assessment=values["assessment"], difficulties=values["difficulties"], next_steps=values["next_steps"],
        signer=signer, recipients=_lines(values["recipients"]),
    )


def progress_report_docx(plan: Plan, period: Period, *, texts: dict[str, str] | None = None,
                         number: int | None = None, issued_on: dt.date | None = None) -> bytes:
    return build_progress_report(progress_report(plan, period, texts=texts, number=number, issued_on=issued_on))
