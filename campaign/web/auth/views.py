from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ...services import ServiceError
from ...services import auth as auth_service
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an absolute URL (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = auth_service.authenticate(form.username.data, form.password.data, request.remote_addr or "")
        except auth_service.LoginThrottled as err:
            form.form_errors.append(err.message)
            status = 429
        except ServiceError as err:
            form.form_errors.append(err.message)
            status = 401
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("dashboard.home"))
    elif form.is_submitted():
        status = 400
    form.password.data = ""
    return render_template("auth/login.html", form=form), status


@bp.route("/dang-xuat", methods=["POST"])
@login_required
def logout():
    auth_service.record_logout(current_user)
    logout_user()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            auth_service.change_password(current_user, form.current_password.data, form.new_password.data)
        except ServiceError as err:
            form.apply_service_error(err)
        else:
            login_user(current_user)  # the session id changes with the password
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã bị đăng xuất.", "success")
            return redirect(url_for("dashboard.home"))
    return render_template("auth/change_password.html", form=form)
