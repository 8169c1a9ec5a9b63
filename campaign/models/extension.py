"""A unit's extension of a phase's nomination window (gia hạn nộp hồ sơ): the office lets one unit keep
writing its dossiers in a phase until a date and time, after the window closed for everyone else."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Versioned, utcnow
from .campaign import Phase
from .org import Unit
from .user import User


class UnitExtension(Versioned, db.Model):
    """One unit's window in one phase, extended until `until` (naive Vietnam time, like the phase's own
    window); granting again changes it. permissions.phase_window honours it (rules.calendar.unit_window)."""

    __tablename__ = "unit_extension"
    __table_args__ = (UniqueConstraint("phase_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    until: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(500), default="")
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    phase: Mapped[Phase] = relationship()
    unit: Mapped[Unit] = relationship()
    granted_by: Mapped[User | None] = relationship()
