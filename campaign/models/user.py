"""Accounts. One role per account; a unit officer is bound to one unit."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import Versioned, utcnow
from .org import Person, Unit


class Role:
    ADMIN = "admin"
    OFFICE = "office"
    LEADER = "leader"
    COUNCIL_CHAIR = "council_chair"
    COUNCIL_SECRETARY = "council_secretary"
    COUNCIL_MEMBER = "council_member"
    UNIT_OFFICER = "unit_officer"

    LABELS = {
        ADMIN: "Quản trị hệ thống",
        OFFICE: "Văn phòng (thường trực Hội đồng)",
        LEADER: "Lãnh đạo Ban (người ký)",
        COUNCIL_CHAIR: "Chủ tịch Hội đồng",
        COUNCIL_SECRETARY: "Thư ký Hội đồng",
        COUNCIL_MEMBER: "Ủy viên Hội đồng",
        UNIT_OFFICER: "Cán bộ thi đua đơn vị",
    }
    ALL = tuple(LABELS)
    COUNCIL = (COUNCIL_CHAIR, COUNCIL_SECRETARY, COUNCIL_MEMBER)
    # Who configures the organisation and, later, campaigns and documents.
    MANAGERS = (ADMIN, OFFICE)


_ROLE_LIST = ", ".join(f"'{r}'" for r in Role.ALL)

# scrypt, Werkzeug's default since 3.0; named so a later change of default cannot weaken stored hashes.
PASSWORD_METHOD = "scrypt"
MIN_PASSWORD_LENGTH = 10


class User(UserMixin, Versioned, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLE_LIST})", name="role"),
        CheckConstraint("role <> 'unit_officer' OR unit_id IS NOT NULL", name="unit_officer_has_unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(30))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column()
    password_changed_at: Mapped[dt.datetime | None] = mapped_column()

    unit: Mapped[Unit | None] = relationship()
    person: Mapped[Person | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return bool(self.active)

    @property
    def role_label(self) -> str:
        return Role.LABELS.get(self.role, self.role)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_manager(self) -> bool:
        return self.role in Role.MANAGERS

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class SessionEnd:
    """Why a log-in session ended (`UserSession.ended_reason`)."""

    LOGOUT = "logout"
    IDLE = "idle"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    ROLE_CHANGED = "role_changed"
    ACCOUNT_LOCKED = "account_locked"
    LOGOUT_EVERYWHERE = "logout_everywhere"

    # What the log-in page says to a browser whose session ended this way.
    MESSAGES = {
        LOGOUT: "Phiên đăng nhập này đã đăng xuất. Vui lòng đăng nhập lại.",
        IDLE: "Phiên làm việc đã kết thúc vì quá lâu không thao tác. Vui lòng đăng nhập lại.",
        PASSWORD_CHANGED: "Mật khẩu của tài khoản đã được đổi. Vui lòng đăng nhập lại.",
        PASSWORD_RESET: "Mật khẩu của tài khoản đã được đặt lại. Vui lòng đăng nhập lại.",
        ROLE_CHANGED: "Vai trò hoặc đơn vị của tài khoản đã thay đổi. Vui lòng đăng nhập lại.",
        ACCOUNT_LOCKED: "Tài khoản đã bị khóa. Vui lòng liên hệ Văn phòng.",
        LOGOUT_EVERYWHERE: "Quản trị đã đăng xuất tài khoản này khỏi mọi thiết bị. Vui lòng đăng nhập lại.",
    }
    ALL = tuple(MESSAGES)


_END_LIST = ", ".join(f"'{r}'" for r in SessionEnd.ALL)


class UserSession(db.Model):
    """One log-in in one browser. The browser's cookie carries only `id` (a random token); the request
    is served only while this row is open: log-out, inactivity, a password or role change and the
    admin's "log out everywhere" end it. Not versioned: touching `last_seen_at` never conflicts with an
    edit of the account."""

    __tablename__ = "user_session"
    __table_args__ = (
        CheckConstraint(f"ended_reason IS NULL OR ended_reason IN ({_END_LIST})", name="ended_reason"),
        CheckConstraint("(ended_at IS NULL) = (ended_reason IS NULL)", name="ended_with_reason"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ended_at: Mapped[dt.datetime | None] = mapped_column()
    ended_reason: Mapped[str | None] = mapped_column(String(30))

    user: Mapped[User] = relationship()

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def __repr__(self) -> str:
        return f"<UserSession {self.user_id} {self.created_at:%Y-%m-%d %H:%M}>"
