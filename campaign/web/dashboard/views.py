import datetime as dt

from flask import Blueprint, g, render_template, session
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ...extensions import db
from ...models import (
    AuditEvent,
    Campaign,
    CampaignStatus,
    DocumentKind,
    Person,
    Phase,
    PlanTask,
    Role,
    TaskReport,
    Unit,
    User,
    local_now,
    plan_task_partner,
)
from ...permissions import can_manage_org, unit_scope
from ...rules.calendar import window_state
from ...services import audit as audit_service
from ...services import decisions
from ...services import dossiers as dossier_service
from ...services import follow_up as follow_up_service
from ...services import home as home_service
from ...services import nominations as nomination_service
from ...services import notifications as notification_service
from ...services.org import get_agency
from .. import roles_required

bp = Blueprint("dashboard", __name__)


@bp.app_context_processor
def _dossier_helpers():
    """For the dossier pages: the submit confirmation naming unmet conditions, the extension grant form."""
    from .extensions import extension_form_for

    def submit_confirmation(panel, resubmit=False):
        verdict = panel.get("verdict") if panel else None
        return nomination_service.submit_confirmation(verdict, panel.get("nominee", "") if panel else "", resubmit)

    return {"submit_confirmation": submit_confirmation, "extension_form_for": extension_form_for}


def _people_by_unit(unit_ids=None):
    """[(unit, active people)] in one grouped query."""
    query = (
        select(Unit, func.count(Person.id))
        .outerjoin(Person, (Person.unit_id == Unit.id) & Person.active.is_(True))
        .where(Unit.active.is_(True))
        .group_by(Unit.id)
        .order_by(Unit.sort_order, Unit.code)
    )
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    return db.session.execute(query).all()


def _calendar(drafts: bool = True):
    """[(campaign, phase, [(date, label, state)])] for the campaigns still running (and, with `drafts`, those
    being prepared: the office's alone), soonest first."""
    now = local_now()
    hidden = (CampaignStatus.CLOSED,) if drafts else (CampaignStatus.CLOSED, CampaignStatus.DRAFT)
    rows = db.session.execute(
        select(Campaign, Phase).join(Phase, Phase.campaign_id == Campaign.id)
        .where(Campaign.status.not_in(hidden)).order_by(Campaign.start_date, Phase.start_date)
    ).all()
    calendar = []
    for campaign, phase in rows:
        events = [
            (phase.nomination_opens_at, "Mở nhận hồ sơ"),
            (phase.nomination_closes_at, "Hạn nộp hồ sơ"),
            (phase.appraisal_deadline, "Hạn thẩm định"),
            (phase.council_date, "Họp Hội đồng"),
        ]
        dated = [(when, label, "past" if _as_datetime(when) < now else "future") for when, label in events if when]
        calendar.append((campaign, phase, dated,
                         window_state(phase.nomination_opens_at, phase.nomination_closes_at, now)))
    return calendar


def _as_datetime(value):
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time(23, 59))


def overdue_tasks_by_unit(today):
    """[(unit name, overdue count)]: tasks past their deadline that a leading unit has not reported done.

    A task's leading units are its lead unit, or, for a task led jointly ("Các phòng, Ban QLDAHT": no
    single lead, the units stored as partners), each of those units. One grouped query."""
    lead = select(PlanTask.id.label("task_id"), PlanTask.lead_unit_id.label("unit_id")).where(
        PlanTask.lead_unit_id.is_not(None))
    joint = select(PlanTask.id.label("task_id"), plan_task_partner.c.unit_id.label("unit_id")).join(
        plan_task_partner, plan_task_partner.c.task_id == PlanTask.id).where(PlanTask.lead_unit_id.is_(None))
    leading = lead.union_all(joint).subquery()
    done = select(TaskReport.id).where(TaskReport.task_id == leading.c.task_id,
                                       TaskReport.unit_id == leading.c.unit_id,
                                       TaskReport.status == "done").exists()
    query = (
        select(Unit.name, func.count(leading.c.task_id))
        .join(leading, leading.c.unit_id == Unit.id)
        .join(PlanTask, PlanTask.id == leading.c.task_id)
        .join(Campaign, Campaign.id == PlanTask.campaign_id)
        .where(PlanTask.deadline < today, ~done, Campaign.status != CampaignStatus.CLOSED)
        .group_by(Unit.id, Unit.name, Unit.sort_order)
        .order_by(Unit.sort_order)
    )
    return db.session.execute(query).all()


@bp.route("/")
@login_required
def home():
    context = {"agency": get_agency()}
    if can_manage_org(current_user):
        context.update(
            units=_people_by_unit(),
            people_count=db.session.scalar(select(func.count(Person.id)).where(Person.active.is_(True))),
            account_count=db.session.scalar(select(func.count(User.id)).where(User.active.is_(True))),
            recent=audit_service.labelled(db.session.scalars(
                select(AuditEvent).order_by(AuditEvent.id.desc()).limit(8)).all()),
            calendar=_calendar(),
            overdue=overdue_tasks_by_unit(local_now().date()),
            home=home_service.home(),
            office_documents=decisions.office_documents(), kinds=DocumentKind.LABELS,
        )
        template = "dashboard/office.html"
    elif current_user.role == Role.UNIT_OFFICER:
        scope = unit_scope(current_user)
        context.update(units=_people_by_unit(scope), overview=dossier_service.unit_overview(current_user))
        template = "dashboard/unit.html"
    else:
        from ...services import council as council_service

        context.update(calendar=_calendar(drafts=False), home=home_service.home(for_office=False),
                       sessions=council_service.sessions_for(current_user))
        template = "dashboard/council.html"
    return render_template(template, **context)


from . import extensions as _extensions  # noqa: E402,F401  (its routes join this blueprint)


@bp.route("/theo-doi")
@roles_required(*Role.MANAGERS)
def follow_up():
    """Theo dõi, đôn đốc: who has not entered results, submitted, reported; appraisals past the deadline."""
    return render_template("dashboard/follow_up.html", follow=follow_up_service.follow_up())


SEEN_KEY = "notifications_seen_at"  # in the signed session cookie: when the user last opened the page


def notifications_seen_at() -> dt.datetime | None:
    """When the user last opened the notifications page (Vietnam time), from the session cookie."""
    try:
        return dt.datetime.fromisoformat(session[SEEN_KEY]) if session.get(SEEN_KEY) else None
    except (TypeError, ValueError):
        return None


def notification_count() -> int:
    """The menu's badge: the notifications that came after the user last opened the page (one computation
    per request, shared with the page)."""
    if not current_user.is_authenticated or g.get("_notifications_seen"):
        return 0
    try:
        return len(notification_service.new_since(notification_service.for_request(current_user),
                                                  notifications_seen_at()))
    except SQLAlchemyError:  # the error page of a failed request still renders, without the badge
        db.session.rollback()
        return 0


@bp.app_context_processor
def _notification_badge():
    return {"notification_count": notification_count}


@bp.route("/thong-bao")
@login_required
def notifications():
    """The user's notifications of the last 30 days, the new ones marked; opening the page marks them seen."""
    items = notification_service.for_request(current_user)
    seen_at = notifications_seen_at()
    new = set(notification_service.new_since(items, seen_at))
    session[SEEN_KEY] = local_now().isoformat()
    g._notifications_seen = True  # the badge of this very page already counts nothing new
    return render_template("dashboard/notifications.html", notifications=items, new=new,
                           lookback=notification_service.LOOKBACK.days)
