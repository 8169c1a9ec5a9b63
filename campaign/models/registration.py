"""Emulation registration (đăng ký thi đua): the office opens a window per phase (an annual round is the
year of the annual titles); each unit registers in it the title its collective aims for, the titles each
of its people aims for (LĐTT, CSTĐCS …; several per person), and what it commits to against the campaign's
quantitative criteria. Edited by the unit until the window closes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Numeric, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .award import AwardForm
from .base import Versioned, utcnow
from .campaign import Criterion, Phase
from .org import Person, Unit
from .user import User


class RegistrationWindow(Versioned, db.Model):
    """One phase's registration window, opened by the office: `opens_at`, `closes_at` in naive Vietnam
    time (like the phase's nomination window)."""

    __tablename__ = "registration_window"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="window_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closes_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    phase: Mapped[Phase] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def round_label(self) -> str:
        """'năm 2026' for an annual round (a phase within one calendar year), else the phase's name."""
        phase = self.phase
        if phase.start_date.year == phase.end_date.year:
            return f"năm {phase.start_date.year}"
        return phase.name

    @property
    def year(self) -> int:
        """The year in the document's title (DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM …)."""
        return self.phase.start_date.year


class UnitRegistration(Versioned, db.Model):
    """A unit's registration in a window: its collective's target (or none), its people's lines and its
    commitments."""

    __tablename__ = "unit_registration"
    __table_args__ = (UniqueConstraint("window_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("registration_window.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    collective_award_form_id: Mapped[int | None] = mapped_column(
        ForeignKey("award_form.id", ondelete="RESTRICT"), index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # naive UTC, the latest save
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    window: Mapped[RegistrationWindow] = relationship()
    unit: Mapped[Unit] = relationship()
    collective_award_form: Mapped[AwardForm | None] = relationship()
    updated_by: Mapped[User | None] = relationship()
    lines: Mapped[list[RegistrationLine]] = relationship(back_populates="registration",
                                                         cascade="all, delete-orphan")
    commitments: Mapped[list[RegistrationCommitment]] = relationship(back_populates="registration",
                                                                     cascade="all, delete-orphan")


class RegistrationLine(db.Model):
    """One person registered for one title (a person may register for several: LĐTT and CSTĐCS)."""

    __tablename__ = "registration_line"
    __table_args__ = (UniqueConstraint("registration_id", "person_id", "award_form_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("unit_registration.id", ondelete="CASCADE"),
                                                 index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_form.id", ondelete="RESTRICT"), index=True)

    registration: Mapped[UnitRegistration] = relationship(back_populates="lines")
    person: Mapped[Person] = relationship()
    award_form: Mapped[AwardForm] = relationship()


class RegistrationCommitment(db.Model):
    """What the unit commits to against one quantitative criterion (95 %, 12 tin bài …)."""

    __tablename__ = "registration_commitment"
    __table_args__ = (UniqueConstraint("registration_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("unit_registration.id", ondelete="CASCADE"),
                                                 index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 4))

    registration: Mapped[UnitRegistration] = relationship(back_populates="commitments")
    criterion: Mapped[Criterion] = relationship()


REGISTRATION_NOTE_MAX = 1000  # characters of a window's note
