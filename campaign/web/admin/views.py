"""Accounts and the audit log (office and admin)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models import AuditEvent, Role, User
from ...permissions import can_manage_user
from ...services import ServiceError, audit
from ...services import auth as auth_service
from .. import get_or_404, page_number, refuse, roles_required
from ..org.views import unit_choices
from .forms import EndSessionsForm, NewUserForm, ResetPasswordForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

FIELDS = ["username", "full_name", "role", "unit_id", "active"]


def _role_choices():
    return [(r, label) for r, label in Role.LABELS.items() if can_manage_user(current_user, r)]


@bp.route("/tai-khoan")
@roles_required(*Role.MANAGERS)
def users():
    role = request.args.get("vai-tro", "")
    query = select(User).options(joinedload(User.unit)).order_by(User.role, User.username)
    if role in Role.LABELS:
        query = query.where(User.role == role)
    pagination = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"] * 2,
                             error_out=False)
    manageable = {r for r, _label in _role_choices()}
    return render_template("admin/users.html", pagination=pagination, role=role, roles=Role.LABELS,
                           manageable=manageable)


def _user_form_page(user: User | None):
    if user is not None and not can_manage_user(current_user, user.role):
        abort(403)
    form = (UserForm if user else NewUserForm)(obj=user)
    form.role.choices = _role_choices()
    form.unit_id.choices = unit_choices(None, include_id=user.unit_id if user else None, blank="(Không gắn đơn vị)")
    if request.method == "GET" and user is not None:
        form.version.data = user.version
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in FIELDS}
        try:
            if user is None:
                user = auth_service.create_user(current_user, data, form.password.data)
            else:
                auth_service.update_user(current_user, user, data, form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu tài khoản {user.username}.", "success")
            return redirect(url_for("admin.users"))
    extra = {}
    if user is not None:
        extra = {"reset_form": ResetPasswordForm(), "end_form": EndSessionsForm(),
                 "sessions": auth_service.open_sessions(user)}
    return render_template("admin/user_form.html", form=form, user=user, **extra)


@bp.route("/tai-khoan/moi", methods=["GET", "POST"])
@roles_required(*Role.MANAGERS)
def user_new():
    return _user_form_page(None)


@bp.route("/tai-khoan/<int:user_id>", methods=["GET", "POST"])
@roles_required(*Role.MANAGERS)
def user_edit(user_id: int):
    return _user_form_page(get_or_404(User, user_id))


@bp.route("/tai-khoan/<int:user_id>/dat-lai-mat-khau", methods=["POST"])
@roles_required(*Role.MANAGERS)
def user_reset_password(user_id: int):
    user = get_or_404(User, user_id)
    if not can_manage_user(current_user, user.role):
        abort(403)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            auth_service.reset_password(current_user, user, form.password.data)
        except ServiceError as err:
            refuse(err)
        else:
            flash(f"Đã đặt lại mật khẩu cho {user.username}. Hãy báo mật khẩu mới cho người dùng.", "success")
    else:
        flash("Hãy nhập mật khẩu mới.", "error")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/tai-khoan/<int:user_id>/dang-xuat-moi-noi", methods=["POST"])
@roles_required(*Role.MANAGERS)
def user_end_sessions(user_id: int):
    """The admin's "log out everywhere": every session of the account ends (audited)."""
    user = get_or_404(User, user_id)
    if not can_manage_user(current_user, user.role):
        abort(403)
    if EndSessionsForm().validate_on_submit():
        try:
            ended = auth_service.log_out_everywhere(current_user, user)
        except ServiceError as err:
            refuse(err)
        else:
            flash(f"Đã đăng xuất {user.username} khỏi mọi thiết bị ({ended} phiên đăng nhập).", "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/nhat-ky")
@roles_required(*Role.MANAGERS)
def audit_log():
    actor = (request.args.get("nguoi") or "").strip()[:60]
    action = (request.args.get("thao-tac") or "").strip()[:60]
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if actor:
        query = query.where(AuditEvent.actor_name == actor.lower())
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    pagination = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    return render_template("admin/audit_log.html", pagination=pagination, events=audit.labelled(pagination.items),
                           actor=actor, action=action, groups=audit.ACTION_GROUPS)
