"""Plan tasks of a campaign: the task table with its progress, importing the plan's table, one task, the
units' progress reports and their files.

Office and admin see and change everything; a unit officer sees the tasks given to their unit (as lead or
partner) and reports progress on them; the board's leaders and the council read the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import FileStorage

from ... import permissions
from ...extensions import db
from ...imports import TABLES
from ...models import (
    TASK_STATUSES,
    Campaign,
    CampaignStatus,
    PlanTask,
    Role,
    TaskReport,
    Unit,
    local_now,
)
from ...permissions import can_manage_org
from ...rules.tasks import TaskState, is_ongoing, parse_deadline
from ...services import ServiceError, plan_import
from ...services import files as file_service
from ...services import plan as plan_service
from ...vietnamese import fold
from .. import get_or_404, refuse, roles_required
from ..importing import ImportFlow, Source, pasted, pasted_html, uploaded
from .forms import ImportForm, ReportForm, TaskForm

bp = Blueprint("plan", __name__)
MANAGERS = Role.MANAGERS
STATUS_FILTERS = {**TASK_STATUSES, "qua-han": "Quá hạn"}


def _campaign_or_404(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or (campaign.status == CampaignStatus.DRAFT and not can_manage_org(current_user)):
        abort(404)
    return campaign


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


# --- the task table -----------------------------------------------------------------------------------


@dataclass
class TaskLine:
    """One task as the table shows it to the current user."""

    task: PlanTask
    state: TaskState
    unit_ids: list[int]
    reports: dict[int, TaskReport]
    reportable: list[int] = field(default_factory=list)  # units the user may report for

    @property
    def lead_label(self) -> str:
        return self.task.lead_unit.name if self.task.lead_unit else self.task.lead_text

    @property
    def lead_written(self) -> str:
        """The plan's own words for the lead when they say more than the matched unit's name."""
        text, unit = self.task.lead_text, self.task.lead_unit
        return text if text and unit is not None and fold(text) != fold(unit.name) else ""


def _load_tasks(campaign: Campaign) -> list[PlanTask]:
    """The campaign's tasks with lead, partners and reports: a fixed number of queries, however many tasks."""
    return db.session.scalars(
        select(PlanTask).where(PlanTask.campaign_id == campaign.id)
        .options(joinedload(PlanTask.lead_unit), selectinload(PlanTask.partners), selectinload(PlanTask.reports))
        .order_by(PlanTask.position, PlanTask.id)
    ).unique().all()


def _line(task: PlanTask, today: dt.date, scope) -> TaskLine:
    unit_ids = permissions.task_unit_ids(task)
    return TaskLine(task=task, state=plan_service.state_of(task, today), unit_ids=unit_ids,
                    reports={r.unit_id: r for r in task.reports},
                    reportable=[u for u in unit_ids if permissions.can_report(current_user, task, u, scope)])


def _sections(lines: list[TaskLine]) -> list[tuple[str, list[TaskLine]]]:
    """The tasks under their sections; when they come from several plans, a section names its plan too
    (two plans' "Phụ lục II" are two sections)."""
    several = len({line.task.source for line in lines}) > 1
    grouped: list[tuple[tuple[str, str], str, list[TaskLine]]] = []
    for line in lines:
        key = (line.task.source if several else "", line.task.section)
        if not grouped or grouped[-1][0] != key:
            label = " · ".join(filter(None, [line.task.section, key[0]]))
            grouped.append((key, label, []))
        grouped[-1][2].append(line)
    return [(label, items) for _key, label, items in grouped]


@bp.route("/phong-trao/<int:campaign_id>/nhiem-vu")
@login_required
def tasks(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    today = local_now().date()
    scope = permissions.unit_scope(current_user)
    list_scope = scope if current_user.role == Role.UNIT_OFFICER else None
    units = {u.id: u for u in db.session.scalars(select(Unit).order_by(Unit.sort_order, Unit.code))}
    all_tasks = _load_tasks(campaign)
    lines = [_line(t, today, scope) for t in all_tasks]
    if list_scope is not None:
        lines = [line for line in lines if set(line.unit_ids) & list_scope]
    involved = {uid for line in lines for uid in line.unit_ids}
    unit_choices = [u for uid, u in units.items() if uid in involved and (list_scope is None or uid in list_scope)]

    unit_filter = _int(request.args.get("don-vi"))
    status_filter = request.args.get("trang-thai", "")
    if unit_filter is not None:
        lines = [line for line in lines if unit_filter in line.unit_ids]
    if status_filter == "qua-han":
        lines = [line for line in lines if line.state.overdue]
    elif status_filter in TASK_STATUSES:
        lines = [line for line in lines if line.state.status == status_filter]

    rates = plan_service.completion_rates(all_tasks, as_of=today)
    rate_rows = [(units[uid], rates[uid]) for uid in units if uid in rates
                 and (list_scope is None or uid in list_scope)]
    overdue_count = sum(1 for line in lines if line.state.overdue)
    return render_template(
        "plan/tasks.html", campaign=campaign, sections=_sections(lines), shown=len(lines), total=len(all_tasks),
        units=units, unit_choices=unit_choices, unit_filter=unit_filter, status_filter=status_filter,
        status_filters=STATUS_FILTERS, rate_rows=rate_rows, overdue_count=overdue_count,
        can_manage=can_manage_org(current_user), is_officer=current_user.role == Role.UNIT_OFFICER,
        statuses=TASK_STATUSES, today=today,
        may_import=can_manage_org(current_user) and campaign.status != CampaignStatus.CLOSED,
    )


@bp.route("/nhiem-vu/<int:task_id>")
@login_required
def task(task_id: int):
    task = db.session.scalar(select(PlanTask).where(PlanTask.id == task_id).options(
        joinedload(PlanTask.lead_unit), selectinload(PlanTask.partners),
        selectinload(PlanTask.reports).joinedload(TaskReport.file)))
    if task is None:
        abort(404)
    campaign = _campaign_or_404(task.campaign_id)
    scope = permissions.unit_scope(current_user)
    line = _line(task, local_now().date(), scope)
    if current_user.role == Role.UNIT_OFFICER and not (set(line.unit_ids) & (scope or set())):
        abort(403)
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(line.unit_ids)))}
    visible = {uid for uid in line.unit_ids if permissions.can_read_unit(current_user, uid, scope)}
    return render_template("plan/task.html", campaign=campaign, line=line, task=task, units=units, visible=visible,
                           statuses=TASK_STATUSES, can_manage=can_manage_org(current_user))


# --- one task (office) --------------------------------------------------------------------------------


def _task_form_page(campaign: Campaign, task: PlanTask | None):
    form = TaskForm(obj=task)
    units = db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.sort_order, Unit.code)).all()
    if task is not None:  # keep a unit no longer active when the task names it
        extra = [u for u in [task.lead_unit, *task.partners] if u is not None and u not in units]
        units = [*units, *extra]
    form.lead_unit_id.choices = [("", "(Không chọn: cơ quan ngoài Ban, hoặc nhiều đơn vị cùng chủ trì)")] + [
        (u.id, u.name) for u in units]
    form.partner_ids.choices = [(u.id, u.name) for u in units]
    if request.method == "GET" and task is not None:
        form.version.data = task.version
        form.partner_ids.data = [u.id for u in task.partners]
        if task.deadline == parse_deadline(task.deadline_text):
            form.deadline.data = None  # read from the text: leave the override empty
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in plan_service.TASK_FIELDS}
        try:
            task = plan_service.save_task(current_user, campaign, data, form.partner_ids.data or [], task,
                                          _int(form.version.data))
        except ServiceError as err:
            refuse(err, form)
        else:
            flash("Đã lưu nhiệm vụ.", "success")
            if task.deadline_text and task.deadline is None and not is_ongoing(task.deadline_text):
                flash(f"Không đọc được thời hạn «{task.deadline_text}»: nhiệm vụ chưa có hạn cuối. Hãy nhập "
                      "ô «Hạn cuối» nếu cần theo dõi quá hạn.", "warning")
            return redirect(url_for("plan.tasks", campaign_id=campaign.id))
    return render_template("plan/task_form.html", form=form, campaign=campaign, task=task, units=units)


@bp.route("/phong-trao/<int:campaign_id>/nhiem-vu/moi", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def task_new(campaign_id: int):
    return _task_form_page(get_or_404(Campaign, campaign_id), None)


@bp.route("/nhiem-vu/<int:task_id>/sua", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def task_edit(task_id: int):
    task = get_or_404(PlanTask, task_id)
    return _task_form_page(get_or_404(Campaign, task.campaign_id), task)


@bp.route("/nhiem-vu/<int:task_id>/xoa", methods=["POST"])
@roles_required(*MANAGERS)
def task_delete(task_id: int):
    task = get_or_404(PlanTask, task_id)
    campaign_id = task.campaign_id
    try:
        plan_service.delete_task(current_user, task)
    except ServiceError as err:
        refuse(err)
        return redirect(url_for("plan.task", task_id=task_id))
    flash("Đã xóa nhiệm vụ.", "success")
    return redirect(url_for("plan.tasks", campaign_id=campaign_id))


# --- progress reports ---------------------------------------------------------------------------------


@bp.route("/nhiem-vu/<int:task_id>/bao-cao/<int:unit_id>", methods=["GET", "POST"])
@login_required
def report(task_id: int, unit_id: int):
    task = get_or_404(PlanTask, task_id)
    unit = get_or_404(Unit, unit_id)
    campaign = _campaign_or_404(task.campaign_id)
    if not permissions.can_report(current_user, task, unit.id):
        abort(403)
    existing = plan_service.find_report(task, unit.id)
    form = ReportForm(obj=existing)
    if request.method == "GET":
        form.version.data = existing.version if existing else 0
    if form.validate_on_submit():
        data = {"status": form.status.data, "completed_on": form.completed_on.data,
                "product_ref": form.product_ref.data, "note": form.note.data}
        try:
            # Without a new upload the field still holds the report's stored file (from `obj`): not an upload.
            upload = form.file.data if isinstance(form.file.data, FileStorage) else None
            plan_service.report_progress(current_user, task, unit, data, file=upload,
                                         seen_version=_int(form.version.data), remove_file=form.remove_file.data)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu báo cáo tiến độ của {unit.name}.", "success")
            return redirect(url_for("plan.task", task_id=task.id))
    return render_template("plan/report_form.html", form=form, task=task, unit=unit, campaign=campaign,
                           report=existing, max_mb=current_app.config.get("MAX_UPLOAD_MB", 10))


@bp.route("/bao-cao-tien-do/<int:report_id>/tep")
@login_required
def report_file(report_id: int):
    report = get_or_404(TaskReport, report_id)
    if not permissions.can_read_unit(current_user, report.unit_id):
        abort(403)
    if report.file is None:
        abort(404)
    return file_service.send_stored_file(report.file)


# --- import: upload or paste → preview → confirm ---------------------------------------------------


@bp.url_defaults
def _same_campaign(endpoint: str, values: dict) -> None:
    """Links from a campaign's page to the same page (the preview's pager) keep the campaign."""
    args = request.view_args or {}
    if "campaign_id" in args and "campaign_id" not in values and endpoint == request.endpoint:
        values["campaign_id"] = args["campaign_id"]


def _plan_named(source: Source) -> str:
    return str(source.options.get("plan", ""))[:200]


def _flow(campaign: Campaign) -> ImportFlow:
    return ImportFlow(
        key="plan",
        check=lambda source: plan_import.preview_task_import(campaign, source.data, source.filename, source.name,
                                                             _plan_named(source)),
        apply=lambda source: plan_import.apply_task_import(current_user, campaign, source.data, source.filename,
                                                           source.name, _plan_named(source)),
        template="plan/import_preview.html",
        endpoints={"start": "plan.import_start", "preview": "plan.import_preview", "confirm": "plan.import_confirm",
                   "cancel": "plan.import_cancel", "done": "plan.tasks"},
        formats=TABLES.extensions, source="bảng nhiệm vụ", again="tải lên hoặc dán lại", done="bảng nhiệm vụ",
        noun="nhiệm vụ", url_args={"campaign_id": campaign.id}, scope=campaign.id,
        context={"campaign": campaign},
    )


@bp.route("/phong-trao/<int:campaign_id>/nhiem-vu/nhap", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def import_start(campaign_id: int):
    campaign = get_or_404(Campaign, campaign_id)
    flow = _flow(campaign)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        from_file = upload is not None and bool(upload.filename)
        options = {"plan": form.source.data or ""}
        rich = not from_file and bool((form.html.data or "").strip())
        try:
            if from_file:
                source = uploaded(upload)
                source = Source(source.data, source.filename, source.name, options)
            else:
                source = pasted_html(form.html.data, options) if rich else pasted(form.text.data, options)
            flow.accept(source)
        except ServiceError as err:
            field = "file" if from_file else ("html" if rich else "text")
            refuse(err if from_file or err.field != "file" else ServiceError(err.message, field), form)
        else:
            return redirect(url_for("plan.import_preview", campaign_id=campaign.id))
    return render_template("plan/import_start.html", form=form, campaign=campaign, flow=flow)


@bp.route("/phong-trao/<int:campaign_id>/nhiem-vu/nhap/xem-truoc")
@roles_required(*MANAGERS)
def import_preview(campaign_id: int):
    return _flow(get_or_404(Campaign, campaign_id)).preview_page()


@bp.route("/phong-trao/<int:campaign_id>/nhiem-vu/nhap/xac-nhan", methods=["POST"])
@roles_required(*MANAGERS)
def import_confirm(campaign_id: int):
    return _flow(get_or_404(Campaign, campaign_id)).confirm()


@bp.route("/phong-trao/<int:campaign_id>/nhiem-vu/nhap/huy", methods=["POST"])
@roles_required(*MANAGERS)
def import_cancel(campaign_id: int):
    return _flow(get_or_404(Campaign, campaign_id)).cancel()
