"""Quản lý thi đua – khen thưởng: the Flask application factory."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from . import vietnamese
from .config import PROJECT_ROOT, from_environment
from .extensions import csrf, db, limiter, login_manager, migrate

VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def _resource_dir(name: str) -> str:
    """The top-level templates/ or static/ folder, wherever the app is started from."""
    for base in (Path(os.environ.get("CAMPAIGN_ROOT", PROJECT_ROOT)), PROJECT_ROOT, Path.cwd()):
        if (base / name).is_dir():
            return str(base / name)
    return str(PROJECT_ROOT / name)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """SQLite: foreign keys enforced, WAL so readers never block the writer, a busy timeout."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("CAMPAIGN_INSTANCE") or str(PROJECT_ROOT / "instance"),
        template_folder=_resource_dir("templates"),
        static_folder=_resource_dir("static"),
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(from_environment(instance))
    if config:
        app.config.update(config)
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"],
                                x_proto=app.config["TRUSTED_PROXIES"])

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    _init_login(app)
    _init_templates(app)
    _init_errors(app)
    _register_blueprints(app)

    from . import cli

    cli.register(app)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        return response

    return app


def _init_login(app: Flask) -> None:
    """Server-side log-in sessions (services/auth.py): the cookie names an account and a session
    token; the request is someone's only while that session row is open (checked on every request)."""
    from flask import flash, session
    from flask_login import current_user

    from .models import SessionEnd
    from .services import auth as auth_service
    from .web.auth.views import SESSION_KEY

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str):
        user, ended = auth_service.resume_session(session.get(SESSION_KEY), user_id)
        if user is None:
            session.pop(SESSION_KEY, None)
            session.pop("_user_id", None)
            if ended in SessionEnd.MESSAGES:
                flash(SessionEnd.MESSAGES[ended], "warning")
        return user

    @app.before_request
    def _check_session():
        # Check the session before the view starts its unit of work (never midway through a write).
        if request.endpoint != "static" and "_user_id" in session:
            current_user._get_current_object()


def _init_templates(app: Flask) -> None:
    from .models.base import local_now
    from .navigation import menu_for
    from .permissions import record_tabs

    def local(value: dt.datetime | None) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC).astimezone(VIETNAM_TZ)

    app.jinja_env.filters.update(
        long_date=vietnamese.long_date,
        short_date=vietnamese.short_date,
        datetime=lambda v: vietnamese.short_datetime(local(v)),
        number=vietnamese.number,
        money=vietnamese.money,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals():
        from flask_login import current_user

        return {
            "menu": menu_for(current_user, request.endpoint or ""),
            "today": local_now().date(),  # Vietnam's day: the server's clock runs in UTC
            "has_endpoint": lambda name: name in app.view_functions,
            "record_tabs": record_tabs(current_user),
        }


ERROR_TEXT = {
    400: ("Yêu cầu không hợp lệ", "Dữ liệu gửi lên không đúng định dạng."),
    403: ("Không có quyền truy cập", "Bạn không có quyền xem hoặc thay đổi nội dung này."),
    404: ("Không tìm thấy", "Trang hoặc bản ghi bạn tìm không tồn tại, hoặc đã bị xóa."),
    405: ("Thao tác không được phép", "Phương thức này không được hỗ trợ cho địa chỉ này."),
    413: ("Tệp quá lớn", "Tệp hoặc dữ liệu gửi lên vượt quá dung lượng cho phép."),
    429: ("Quá nhiều yêu cầu", "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."),
    500: ("Lỗi hệ thống", "Đã có lỗi ngoài dự kiến. Thao tác chưa được lưu; vui lòng thử lại hoặc báo Văn phòng."),
}


def _init_errors(app: Flask) -> None:
    from .services import PermissionDenied

    def render(code: int, detail: str | None = None):
        title, text = ERROR_TEXT.get(code, (f"Lỗi {code}", ""))
        return render_template("errors/error.html", code=code, title=title, text=detail or text), code

    @app.errorhandler(CSRFError)
    def _csrf(err):
        return render(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang rồi gửi lại.")

    @app.errorhandler(PermissionDenied)
    def _denied(err: PermissionDenied):
        db.session.rollback()
        return render(403, err.message)

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException):
        return render(err.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        app.logger.exception("Unhandled error")
        db.session.rollback()
        return render(500)


def _register_blueprints(app: Flask) -> None:
    from .web.admin.views import bp as admin_bp
    from .web.auth.views import bp as auth_bp
    from .web.council.views import bp as council_bp
    from .web.dashboard.views import bp as dashboard_bp
    from .web.documents import bp as documents_bp
    from .web.dossiers.views import bp as dossiers_bp
    from .web.org.views import bp as org_bp
    from .web.plan.views import bp as plan_bp
    from .web.records import bp as records_bp
    from .web.registration.views import bp as registration_bp
    from .web.setup.views import bp as setup_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(org_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(setup_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(dossiers_bp)
    app.register_blueprint(council_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(records_bp)
