"""Plan tasks of a campaign (the appendices of the plans) and the units' progress reports on them.

- One task at a time (office and admin): `save_task`, `delete_task`. Importing a whole table of tasks is
  services/plan_import.py.
- Progress (`report_progress`): a unit officer reports for their own unit (or its sub-units), on the
  tasks that unit leads or takes part in; optimistic locking; an optional file (services/files.py).
- The on-time completion rate per unit (rules/tasks.completion_rate), the actual value of a criterion
  whose source is 'task_completion'.

Every write is one unit of work (`transactional`): a stale save becomes `StaleEdit` there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from ..extensions import db
from ..models import (
    TASK_STATUSES,
    Campaign,
    CampaignStatus,
    Criterion,
    Phase,
    PlanTask,
    TaskReport,
    Unit,
    User,
    local_now,
    utcnow,
)
from ..permissions import can_report, task_unit_ids
from ..rules.scoring import quantitative_points
from ..rules.tasks import (
    DONE,
    NOT_STARTED,
    CompletionRate,
    TaskOutcome,
    TaskState,
    UnitProgress,
    completion_rate,
    cutoff_date,
    parse_deadline,
    task_state,
)
from ..vietnamese import clean_text
from . import PermissionDenied, ServiceError, StaleEdit, audit, check_version, require_manager, transactional
from . import files as file_service

LIMITS = {"number": 20, "section": 300, "lead_text": 500, "partner_text": 500, "product": 500,
          "deadline_text": 100}
TASK_FIELDS = ["number", "section", "name", "legal_basis", "lead_unit_id", "lead_text", "partner_text", "product",
               "deadline_text", "deadline", "note", "source", "appendix"]
SOURCE_LIMITS = {"source": 200, "appendix": 50}  # where the task comes from: its identity across re-imports
REPORT_FIELDS = ["status", "completed_on", "product_ref", "note", "file_id"]


def require_open(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise ServiceError("Phong trào đã kết thúc: không thể thay đổi nhiệm vụ hay báo cáo tiến độ.")


def campaign_tasks(campaign: Campaign) -> list[PlanTask]:
    """The campaign's tasks in their order, with partners and reports loaded."""
    return db.session.scalars(
        select(PlanTask).where(PlanTask.campaign_id == campaign.id)
        .options(selectinload(PlanTask.partners), selectinload(PlanTask.reports))
        .order_by(PlanTask.position, PlanTask.id)
    ).all()


# --- one task -------------------------------------------------------------------------------------


def _partner_names(task: PlanTask) -> list[str]:
    return [u.name for u in task.partners]


@transactional
def save_task(actor: User, campaign: Campaign, data: dict, partner_ids: Iterable[int],
              task: PlanTask | None = None, seen_version: int | None = None) -> PlanTask:
    """Create or edit one task. `data` holds TASK_FIELDS (deadline optional: read from deadline_text)."""
    require_manager(actor)
    require_open(campaign)
    if task is not None:
        check_version(task, seen_version)
    values = {k: (clean_text(v) if isinstance(v, str) and k != "legal_basis" else v) for k, v in data.items()
              if k in TASK_FIELDS}
    values["legal_basis"] = (data.get("legal_basis") or "").strip()
    values["note"] = (data.get("note") or "").strip()
    if not values.get("name"):
        raise ServiceError("Hãy nhập tên nhiệm vụ.", field="name")
    for key, limit in {**LIMITS, **SOURCE_LIMITS}.items():
        if len(values.get(key) or "") > limit:
            raise ServiceError(f"Không được dài quá {limit} ký tự.", field=key)
    lead = None
    if values.get("lead_unit_id"):
        lead = db.session.get(Unit, values["lead_unit_id"])
        if lead is None:
            raise ServiceError("Đơn vị chủ trì không tồn tại.", field="lead_unit_id")
    partner_ids = [i for i in dict.fromkeys(int(i) for i in partner_ids) if i != values.get("lead_unit_id")]
    partners = db.session.scalars(select(Unit).where(Unit.id.in_(partner_ids))).all() if partner_ids else []
    if len(partners) != len(partner_ids):
        raise ServiceError("Có đơn vị phối hợp không tồn tại.", field="partner_ids")
    if not lead and not values.get("lead_text") and not partners:
        raise ServiceError("Hãy chọn đơn vị chủ trì, hoặc ghi tên cơ quan chủ trì.", field="lead_unit_id")
    if not values.get("deadline"):
        values["deadline"] = parse_deadline(values.get("deadline_text"))
    created = task is None
    if created:
        position = db.session.scalar(select(func.max(PlanTask.position))
                                     .where(PlanTask.campaign_id == campaign.id)) or 0
        task = PlanTask(campaign_id=campaign.id, position=position + 1)
        db.session.add(task)
        before, before_partners = {}, []
    else:
        before, before_partners = audit.snapshot(task, TASK_FIELDS), _partner_names(task)
    for key in TASK_FIELDS:
        value = values.get(key)
        setattr(task, key, value if value is not None else (None if key in ("lead_unit_id", "deadline") else ""))
    order = {u.id: u for u in partners}
    task.partners = [order[i] for i in partner_ids]
    changes = audit.diff(before, audit.snapshot(task, TASK_FIELDS))
    if _partner_names(task) != before_partners:
        changes["partners"] = [before_partners, _partner_names(task)]
        if not created:
            flag_modified(task, "position")  # the partners live in another table: bump the version all the same
    if changes or created:
        audit.record("plan_task.create" if created else "plan_task.update", task, actor=actor,
                     summary=f"{'Thêm' if created else 'Sửa'} nhiệm vụ «{task.name[:120]}» của «{campaign.title}»",
                     changes=changes)
    return task


@transactional
def delete_task(actor: User, task: PlanTask) -> None:
    require_manager(actor)
    require_open(task_campaign(task))
    if task.reports:
        raise ServiceError("Nhiệm vụ đã có báo cáo tiến độ của đơn vị: không thể xóa. Hãy sửa nội dung nếu cần.")
    audit.record("plan_task.delete", task, actor=actor, summary=f"Xóa nhiệm vụ «{task.name[:120]}»")
    db.session.delete(task)


def task_campaign(task: PlanTask) -> Campaign:
    return db.session.get(Campaign, task.campaign_id)


# --- progress ----------------------------------------------------------------------------------------


def find_report(task: PlanTask, unit_id: int) -> TaskReport | None:
    return db.session.scalar(select(TaskReport).where(TaskReport.task_id == task.id, TaskReport.unit_id == unit_id))


@transactional
def report_progress(actor: User, task: PlanTask, unit: Unit, data: dict, file=None,
                    seen_version: int | None = None, remove_file: bool = False) -> TaskReport:
    """Record a unit's progress on a task: status, completion date, product reference, note, a file.

    `seen_version` is the version of the report the form was opened on (0 when there was none): a save
    built on an older version is refused (StaleEdit) and nothing is written."""
    require_open(task_campaign(task))
    if not can_report(actor, task, unit.id):
        raise PermissionDenied("Bạn chỉ được báo cáo tiến độ cho đơn vị mình, với nhiệm vụ đơn vị mình chủ trì "
                               "hoặc phối hợp.")
    report = find_report(task, unit.id)
    if report is None:
        if seen_version not in (None, 0):
            raise StaleEdit()
    else:
        check_version(report, 0 if seen_version is None else seen_version)
    status = data.get("status") or NOT_STARTED
    if status not in TASK_STATUSES:
        raise ServiceError("Tình trạng không hợp lệ.", field="status")
    completed_on = data.get("completed_on")
    if status == DONE:
        if completed_on is None:
            raise ServiceError("Hãy nhập ngày hoàn thành.", field="completed_on")
        if completed_on > local_now().date():
            raise ServiceError("Ngày hoàn thành không được ở tương lai.", field="completed_on")
    else:
        completed_on = None
    product_ref = clean_text(data.get("product_ref"))
    if len(product_ref) > 500:
        raise ServiceError("Không được dài quá 500 ký tự.", field="product_ref")
    note = (data.get("note") or "").strip()
    created = report is None
    new_file = file_service.store_upload(actor, file, unit.id) if getattr(file, "filename", "") else None
    if created:
        report = TaskReport(task_id=task.id, unit_id=unit.id)
        db.session.add(report)
        before = {}
    else:
        before = audit.snapshot(report, REPORT_FIELDS)
    old_file = report.file if not created else None
    report.status, report.completed_on, report.product_ref, report.note = status, completed_on, product_ref, note
    if new_file is not None:
        report.file = new_file
    elif remove_file:
        report.file = None
    report.reported_by_id = actor.id
    report.reported_at = utcnow()
    if old_file is not None and report.file is not old_file:
        file_service.delete_file(actor, old_file)
    changes = audit.diff(before, audit.snapshot(report, REPORT_FIELDS))
    audit.record("task_report.create" if created else "task_report.update", report, actor=actor,
                 summary=f"{unit.name} báo cáo tiến độ nhiệm vụ «{task.name[:120]}»: "
                         f"{TASK_STATUSES[status].lower()}", changes=changes)
    try:
        db.session.flush()
    except IntegrityError as err:  # another report of this unit on this task was saved meanwhile
        raise StaleEdit() from err
    return report


# --- state and completion rates -------------------------------------------------------------------------


def progress_by_unit(task: PlanTask) -> dict[int, UnitProgress]:
    return {r.unit_id: UnitProgress(r.status, r.completed_on) for r in task.reports}


def state_of(task: PlanTask, today: dt.date) -> TaskState:
    return task_state(task.lead_unit_id, task_unit_ids(task), progress_by_unit(task), task.deadline, today)


def completion_rates(tasks: Iterable[PlanTask], as_of: dt.date | None = None) -> dict[int, CompletionRate]:
    """Each unit's on-time completion rate over the tasks given to it (tasks with partners and reports loaded)."""
    outcomes: dict[int, list[TaskOutcome]] = {}
    for task in tasks:
        progress = progress_by_unit(task)
        for unit_id in task_unit_ids(task):
            mine = progress.get(unit_id, UnitProgress())
            outcomes.setdefault(unit_id, []).append(TaskOutcome(task.deadline, mine.status, mine.completed_on))
    return {unit_id: completion_rate(items, as_of) for unit_id, items in outcomes.items()}


def task_completion_result(criterion: Criterion, unit_id: int, phase: Phase | None = None) -> CompletionRate:
    """The actual value of a criterion whose source is 'task_completion' for one unit: its on-time completion
    rate over the campaign's tasks, as of the end of `phase` (every task when no phase is given)."""
    if criterion.source != "task_completion":
        raise ServiceError(f"Tiêu chí {criterion.code} không lấy số liệu từ nhiệm vụ kế hoạch.")
    campaign = db.session.get(Campaign, criterion.campaign_id)
    as_of = cutoff_date(phase.end_date, local_now().date()) if phase is not None else None
    rates = completion_rates(campaign_tasks(campaign), as_of)
    return rates.get(unit_id) or completion_rate([], as_of)


def task_completion_points(criterion: Criterion, unit_id: int, phase: Phase) -> tuple[Decimal | None, CompletionRate]:
    """(points, the rate they come from): max_points × min(rate / target, 1); None when nothing is counted
    yet or the phase has no target."""
    rate = task_completion_result(criterion, unit_id, phase)
    target = criterion.target_for(phase.id)
    if rate.percent is None or target is None:
        return None, rate
    return quantitative_points(criterion.max_points, rate.percent, target.value,
                               higher_is_better=criterion.higher_is_better), rate
