from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ...extensions import db
from ...models import AuditEvent, Person, Role, Unit, User
from ...permissions import can_manage_org, people_scope
from ...services.org import get_agency

bp = Blueprint("dashboard", __name__)


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


@bp.route("/")
@login_required
def home():
    context = {"agency": get_agency()}
    if can_manage_org(current_user):
        context.update(
            units=_people_by_unit(),
            people_count=db.session.scalar(select(func.count(Person.id)).where(Person.active.is_(True))),
            account_count=db.session.scalar(select(func.count(User.id)).where(User.active.is_(True))),
            recent=db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(8)).all(),
        )
        template = "dashboard/office.html"
    elif current_user.role == Role.UNIT_OFFICER:
        scope = people_scope(current_user)
        context.update(units=_people_by_unit(scope))
        template = "dashboard/unit.html"
    else:
        template = "dashboard/council.html"
    return render_template(template, **context)
