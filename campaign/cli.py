"""`flask campaign …` commands: set-up on first start, demo data, the first administrator."""

from __future__ import annotations

import os

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, inspect, select

from .extensions import db
from .models import Role, User
from .services import ServiceError
from .services.auth import validate_new_password

group = AppGroup("campaign", help="Quản lý thi đua – khen thưởng: lệnh quản trị.")


def _database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


@group.command("setup")
@click.option("--no-demo", is_flag=True, help="Không nạp dữ liệu mẫu kể cả khi cơ sở dữ liệu còn trống.")
def setup_command(no_demo: bool) -> None:
    """Apply the migrations; on the very first start load the demo data and print the accounts."""
    from flask_migrate import upgrade

    upgrade()
    click.echo(f"Cơ sở dữ liệu: {db.engine.url.render_as_string(hide_password=True)} (đã cập nhật cấu trúc)")
    if not no_demo and _database_is_empty():
        from .demo import DEMO_PASSWORD, load_demo

        click.echo(load_demo("khanhhoa").describe())
        click.echo(f"Mật khẩu của mọi tài khoản mẫu: {DEMO_PASSWORD}  (chỉ có trong dữ liệu mẫu)")
    click.echo(f"Địa chỉ: http://127.0.0.1:{os.environ.get('PORT', '5000')}/")


@group.command("demo")
@click.option("--agency", type=click.Choice(["khanhhoa", "langson"]), default="khanhhoa", show_default=True,
              help="Ban Quản lý nào: Khánh Hòa (seed 000, 001, 003) hoặc Lạng Sơn (seed 002).")
def demo_command(agency: str) -> None:
    """Build the demo board from the seed plans (running it twice changes nothing)."""
    from .demo import DEMO_PASSWORD, load_demo

    if not inspect(db.engine).has_table("user_account"):
        raise click.ClickException("Cơ sở dữ liệu chưa có cấu trúc: hãy chạy «flask db upgrade» trước.")
    try:
        result = load_demo(agency)
    except ServiceError as err:
        raise click.ClickException(err.message) from err
    click.echo(result.describe())
    click.echo(f"Mật khẩu của mọi tài khoản mẫu: {DEMO_PASSWORD}  (chỉ có trong dữ liệu mẫu)")


@group.command("create-admin")
@click.option("--username", prompt="Tên đăng nhập", default="admin", show_default=True)
@click.option("--full-name", prompt="Họ và tên", default="Quản trị hệ thống", show_default=True)
@click.password_option("--password", prompt="Mật khẩu", confirmation_prompt="Nhập lại mật khẩu")
def create_admin_command(username: str, full_name: str, password: str) -> None:
    """Create an administrator account; the password is asked for, never defaulted."""
    username = username.strip().lower()
    problem = validate_new_password(password, username)
    if problem:
        raise click.ClickException(problem)
    if db.session.scalar(select(User).where(func.lower(User.username) == username)):
        raise click.ClickException(f"Tên đăng nhập «{username}» đã có.")
    from .services import audit

    user = User(username=username, full_name=full_name.strip() or username, role=Role.ADMIN, active=True)
    user.set_password(password)
    db.session.add(user)
    audit.record("user.create", user, summary=f"Tạo tài khoản quản trị {username} bằng dòng lệnh")
    db.session.commit()
    click.echo(f"Đã tạo tài khoản quản trị «{username}».")


@group.command("send-notifications")
def send_notifications_command() -> None:
    """E-mail each user their notifications since the last run (only when a mail server is configured)."""
    from flask import current_app

    from .services.mail import send_notifications

    with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_URL") or None):
        report = send_notifications()
    click.echo(report.describe())


def register(app: Flask) -> None:
    app.cli.add_command(group)
