from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ...models import UserSession
from ...services import ServiceError
from ...services import auth as auth_service
from .. import refuse
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)

# The key of the browser's server-side session token in Flask's (signed) session cookie.
SESSION_KEY = "_sid"


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an absolute URL (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _client() -> tuple[str, str]:
    return request.remote_addr or "", request.headers.get("User-Agent", "")


def _enter(user_session: UserSession) -> None:
    """Bind this browser to a freshly opened server-side session (a new cookie: never the old one)."""
    session.clear()
    login_user(user_session.user)
    session[SESSION_KEY] = user_session.id


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user_session = auth_service.log_in(form.username.data, form.password.data, *_client())
        except auth_service.LoginThrottled as err:
            refuse(err, form)
            status = 429
        except ServiceError as err:
            refuse(err, form)
            status = 401
        else:
            _enter(user_session)
            return redirect(_safe_next(request.args.get("next")) or url_for("dashboard.home"))
    elif form.is_submitted():
        status = 400
    form.password.data = ""
    return render_template("auth/login.html", form=form), status


@bp.route("/dang-xuat", methods=["POST"])
@login_required
def logout():
    auth_service.log_out(current_user, session.get(SESSION_KEY))
    logout_user()
    session.pop(SESSION_KEY, None)
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        ip, agent = _client()
        try:
            user_session = auth_service.change_password(current_user, form.current_password.data,
                                                        form.new_password.data, ip=ip, user_agent=agent)
        except ServiceError as err:
            refuse(err, form)
        else:
            _enter(user_session)  # every other session of the account has ended
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã bị đăng xuất.", "success")
            return redirect(url_for("dashboard.home"))
    return render_template("auth/change_password.html", form=form)
