"""The organisation: the agency (the deployment's owner), its signers, units as a tree, people."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vietnamese import clean_text, fold, name_sort_key
from .base import Versioned, utcnow

GENDERS = {"nam": "Nam", "nu": "Nữ"}
EMPLOYMENT_TYPES = {
    "cong_chuc": "Công chức",
    "vien_chuc": "Viên chức",
    "nguoi_lao_dong": "Người lao động",
}


class Agency(Versioned, db.Model):
    """The board running the module (one row). Its names and symbol flow into every document."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))  # Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa
    short_name: Mapped[str] = mapped_column(String(100), default="")  # Ban Quản lý
    parent_body: Mapped[str] = mapped_column(String(300))  # UBND TỈNH KHÁNH HÒA
    symbol: Mapped[str] = mapped_column(String(30))  # KKTKCN, as in 05/QĐ-KKTKCN
    place_name: Mapped[str] = mapped_column(String(100))  # Khánh Hòa, as in "Khánh Hòa, ngày …"
    head_title: Mapped[str] = mapped_column(String(100), default="Trưởng Ban")
    office_head_title: Mapped[str] = mapped_column(String(100), default="Chánh Văn phòng")
    # The decision that set up the board's functions, the first căn cứ of its decisions:
    # "Quyết định số 27/2025/QĐ-UBND ngày 25/7/2025 của Ủy ban nhân dân tỉnh Khánh Hòa"
    establishing_decision: Mapped[str] = mapped_column(String(300), default="", server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    signers: Mapped[list[Signer]] = relationship(
        back_populates="agency", order_by="Signer.sort_order", cascade="all, delete-orphan"
    )


class Signer(db.Model):
    """Who signs documents: the head (TRƯỞNG BAN) or a deputy (KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN)."""

    __tablename__ = "signer"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(100))  # Trưởng Ban, Phó Trưởng Ban
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The leader as a staff member (unit "Lãnh đạo Ban"): the council's chair and the signers are one person
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    agency: Mapped[Agency] = relationship(back_populates="signers")
    person: Mapped[Person | None] = relationship()

    def signature_lines(self, head_title: str) -> list[str]:
        """The upper-case lines above the name (Decree 30/2020: 'KT.' when a deputy signs)."""
        if self.is_head:
            return [self.title.upper()]
        return [f"KT. {head_title.upper()}", self.title.upper()]


class Unit(Versioned, db.Model):
    """An organisational unit: Văn phòng, a phòng, a centre, the Ban QLDA, and their sub-units."""

    __tablename__ = "unit"
    __table_args__ = (CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whether the unit has a seal of its own (con dấu): a centre or a Ban QLDA may; a phòng has none and
    # signs with its name only. The board itself always has one. Used by the documents' signature blocks.
    has_seal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.sort_order")

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class Person(Versioned, db.Model):
    """A staff member (công chức, viên chức, người lao động) of one unit."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("gender IN ('nam', 'nu')", name="gender"),
        CheckConstraint(
            "employment_type IN ('cong_chuc', 'vien_chuc', 'nguoi_lao_dong')", name="employment_type"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str] = mapped_column(String(3))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[str] = mapped_column(String(150), default="")  # chức vụ: Trưởng phòng, Chuyên viên …
    employment_type: Mapped[str] = mapped_column(String(20), default="cong_chuc")
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The personal details of the decree's individual achievement report (I. Sơ lược lý lịch), all optional:
    # printed when present.
    ethnicity: Mapped[str] = mapped_column(String(50), default="", server_default="")  # dân tộc
    hometown: Mapped[str] = mapped_column(String(200), default="", server_default="")  # quê quán
    residence: Mapped[str] = mapped_column(String(300), default="", server_default="")  # nơi thường trú
    qualification: Mapped[str] = mapped_column(String(200), default="", server_default="")  # trình độ chuyên môn
    political_theory: Mapped[str] = mapped_column(String(100), default="", server_default="")  # lý luận chính trị
    academic_title: Mapped[str] = mapped_column(String(150), default="", server_default="")  # học hàm, học vị
    # Derived from full_name on every write (see set_name): Vietnamese order, and a folded form for search.
    sort_key: Mapped[str] = mapped_column(String(1200), index=True, default="")
    search_name: Mapped[str] = mapped_column(String(120), index=True, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()

    def set_name(self, full_name: str) -> None:
        self.full_name = clean_text(full_name)
        self.sort_key = name_sort_key(self.full_name)
        self.search_name = fold(self.full_name)

    @property
    def gender_label(self) -> str:
        return GENDERS.get(self.gender, "")

    @property
    def employment_label(self) -> str:
        return EMPLOYMENT_TYPES.get(self.employment_type, "")

    def __repr__(self) -> str:
        return f"<Person {self.full_name}>"
