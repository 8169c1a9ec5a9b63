"""Accounts. One role per account; a unit officer is bound to one unit."""

from __future__ import annotations

import datetime as dt
import hashlib

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

    def get_id(self) -> str:
        # The session id carries a fingerprint of the password hash and the role: changing either
        # logs the account out of every other browser.
        return f"{self.id}:{self.session_fingerprint}"

    @property
    def session_fingerprint(self) -> str:
        return hashlib.sha256(f"{self.password_hash}|{self.role}|{self.unit_id}".encode()).hexdigest()[:16]

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
