"""E-mail of the notifications, with Python's smtplib (no new dependency). Off by default.

Backends (config MAIL_BACKEND): "smtp" (MAIL_SERVER, MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS,
MAIL_FROM), "console" (each message written to the application log: development), "off". Empty: smtp when
MAIL_SERVER is set, console under debug, off otherwise. Nothing depends on the mail: the notifications page
computes the same list from the data.

`send_notifications(now)` sends each active user, in one message, their notifications that came after the
last run (kept in instance/notifications-last-run.txt; the first run looks back one day), and records the
run only when the mail is on: with the mail off nothing is marked sent.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import User, local_now
from ..vietnamese import short_datetime
from .notifications import Notification, notifications_for

LAST_RUN_FILE = "notifications-last-run.txt"
FIRST_LOOKBACK = dt.timedelta(days=1)


def backend() -> str:
    """The mail backend in force: 'smtp', 'console' or 'off'."""
    config = current_app.config
    chosen = (config.get("MAIL_BACKEND") or "").strip().lower()
    if chosen in ("smtp", "console", "off"):
        return chosen if chosen != "smtp" or config.get("MAIL_SERVER") else "off"
    if config.get("MAIL_SERVER"):
        return "smtp"
    return "console" if current_app.debug else "off"


def address_of(user: User) -> str:
    """The user's address: the username when it is one, else username@MAIL_DOMAIN, else ''."""
    if "@" in user.username:
        return user.username
    domain = current_app.config.get("MAIL_DOMAIN", "").strip().lstrip("@")
    return f"{user.username}@{domain}" if domain else ""


def compose(user: User, address: str, notifications: list[Notification]) -> EmailMessage:
    config = current_app.config
    base = config.get("PUBLIC_URL", "").rstrip("/")
    message = EmailMessage()
    message["Subject"] = f"[Thi đua – Khen thưởng] {len(notifications)} thông báo mới"
    message["From"] = config.get("MAIL_FROM") or config.get("MAIL_USERNAME") or "thidua@localhost"
    message["To"] = formataddr((user.full_name, address))
    lines = [f"Kính gửi {user.full_name},", "", "Phần mềm quản lý thi đua – khen thưởng có thông báo mới:", ""]
    for n in notifications:
        lines += [f"- {n.title} ({short_datetime(n.when)})", f"  {n.body}", f"  {base}{n.url}", ""]
    lines += [f"Xem tất cả thông báo: {base}/thong-bao", "", "Thư gửi tự động, xin đừng trả lời thư này."]
    message.set_content("\n".join(lines))
    return message


def deliver(messages: list[EmailMessage]) -> None:
    """Send through the backend in force: one SMTP connection for the whole batch."""
    kind = backend()
    if kind == "console":
        for message in messages:
            current_app.logger.info("Thư (không gửi, MAIL_BACKEND=console):\n%s", message.as_string())
        return
    if kind != "smtp" or not messages:
        return
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 587), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        for message in messages:
            smtp.send_message(message)


def _last_run_path() -> Path:
    return Path(current_app.instance_path) / LAST_RUN_FILE


def last_run() -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(_last_run_path().read_text().strip())
    except (OSError, ValueError):
        return None


@dataclass
class SendReport:
    backend: str
    since: dt.datetime
    sent: list[str] = field(default_factory=list)  # usernames
    without_address: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.backend == "off":
            return ("Chưa cấu hình máy chủ thư (MAIL_SERVER): không gửi thư. Thông báo vẫn hiện trên trang "
                    "«Thông báo» của từng người.")
        text = (f"Đã gửi {len(self.sent)} thư thông báo (từ {short_datetime(self.since)}, cách gửi: "
                f"{self.backend}).")
        if self.without_address:
            text += (f" {len(self.without_address)} tài khoản có thông báo mới nhưng chưa có địa chỉ thư: "
                     + ", ".join(self.without_address) + " (đặt MAIL_DOMAIN hoặc dùng địa chỉ thư làm tên đăng nhập).")
        return text


def send_notifications(now: dt.datetime | None = None) -> SendReport:
    """E-mail every active user their notifications since the last run (needs a request context for the
    links: the CLI command opens one)."""
    now = now or local_now()
    kind = backend()
    since = last_run() or now - FIRST_LOOKBACK
    report = SendReport(kind, since)
    if kind == "off":
        return report
    messages = []
    for user in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)):
        fresh = [n for n in notifications_for(user, now) if since < n.when <= now]
        if not fresh:
            continue
        address = address_of(user)
        if not address:
            report.without_address.append(user.username)
            continue
        messages.append(compose(user, address, fresh))
        report.sent.append(user.username)
    deliver(messages)
    path = _last_run_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(now.isoformat())
    return report
