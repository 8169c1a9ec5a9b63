"""Units' dossiers: criteria results, initiatives, prior awards and sanctions, nominations and their
timeline. Every row carries the unit that owns it (`unit_id`): access follows that unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rules.levels import INITIATIVE_LEVELS, SANCTION_LEVELS, check_in
from ..rules.workflow import NominationStatus, check_constraint, unit_may_edit
from .award import AwardForm
from .base import Versioned, utcnow
from .campaign import Criterion, Phase
from .files import StoredFile
from .org import Person, Unit


def subject_key(person_id: int | None, unit_id: int | None) -> str:
    """'P12' for a person, 'U3' for a unit: one column to make "one result / one nomination per
    nominee" unique on every database (NULLs are never equal in a unique index)."""
    return f"P{person_id}" if person_id else f"U{unit_id}"


RETURN_TOPICS = {
    "summary": "Báo cáo thành tích",
    "results": "Kết quả tiêu chí",
    "evidence": "Minh chứng",
    "initiatives": "Sáng kiến",
    "awards": "Khen thưởng đã đạt, kỷ luật",
    "eligibility": "Điều kiện, tiêu chuẩn",
    "other": "Khác",
}

result_file = Table(
    "result_file", db.metadata,
    Column("result_id", ForeignKey("result.id", ondelete="CASCADE"), primary_key=True),
    Column("file_id", ForeignKey("stored_file.id", ondelete="RESTRICT"), primary_key=True, index=True),
)
initiative_file = Table(
    "initiative_file", db.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("file_id", ForeignKey("stored_file.id", ondelete="RESTRICT"), primary_key=True, index=True),
)
nomination_file = Table(
    "nomination_file", db.metadata,
    Column("nomination_id", ForeignKey("nomination.id", ondelete="CASCADE"), primary_key=True),
    Column("file_id", ForeignKey("stored_file.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Sanction(db.Model):
    """A disciplinary sanction (kỷ luật): from khiển trách upward it makes a person ineligible in the
    period it falls in (Law 06/2022/QH15; Decree 152/2025/NĐ-CP)."""

    __tablename__ = "sanction"
    __table_args__ = (CheckConstraint(check_in("level", SANCTION_LEVELS), name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()


class AwardRecord(db.Model):
    """An award a person or a unit already received (khen thưởng đã đạt): year, title, decision."""

    __tablename__ = "award_record"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (nominee_unit_id IS NULL)", name="one_holder"),
        CheckConstraint("year BETWEEN 1945 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    nominee_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    award_form_id: Mapped[int | None] = mapped_column(ForeignKey("award_form.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))  # as written on the decision
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(200), default="")
    # The issued decision that gave it (None: recorded by hand, from an earlier decision)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("official_document.id", ondelete="RESTRICT"),
                                                    index=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id", ondelete="SET NULL"))

    award_form: Mapped[AwardForm | None] = relationship()


class Initiative(Versioned, db.Model):
    """An initiative (sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả) and its recognition."""

    __tablename__ = "initiative"
    __table_args__ = (CheckConstraint(check_in("level", INITIATIVE_LEVELS, nullable=True), name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    first_applied_on: Mapped[dt.date | None] = mapped_column(Date)
    benefits: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str | None] = mapped_column(String(10))  # None: not (yet) recognised
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    decision_body: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    authors: Mapped[list[InitiativeAuthor]] = relationship(back_populates="initiative",
                                                           cascade="all, delete-orphan")
    files: Mapped[list[StoredFile]] = relationship(secondary=initiative_file)


class InitiativeAuthor(db.Model):
    __tablename__ = "initiative_author"
    __table_args__ = (CheckConstraint("contribution > 0 AND contribution <= 100", name="contribution"),)

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True,
                                           index=True)
    contribution: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    initiative: Mapped[Initiative] = relationship(back_populates="authors")
    person: Mapped[Person] = relationship()


class Result(Versioned, db.Model):
    """A nominee's result for one criterion in one phase: the value (quantitative), an explanation,
    evidence. The unit's own result has no person."""

    __tablename__ = "result"
    __table_args__ = (UniqueConstraint("phase_id", "criterion_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(20))  # subject_key(person_id, unit_id)
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    explanation: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    criterion: Mapped[Criterion] = relationship()
    files: Mapped[list[StoredFile]] = relationship(secondary=result_file)


class Nomination(Versioned, db.Model):
    """One nominee (a unit or a person) for one award form in one phase: the dossier."""

    __tablename__ = "nomination"
    __table_args__ = (
        UniqueConstraint("phase_id", "award_form_id", "subject"),
        CheckConstraint("nominee_kind IN ('collective', 'individual')", name="nominee_kind"),
        CheckConstraint("(nominee_kind = 'individual') = (person_id IS NOT NULL)", name="nominee_person"),
        CheckConstraint(check_constraint("status"), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="RESTRICT"), index=True)
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_form.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)  # proposing unit
    nominee_kind: Mapped[str] = mapped_column(String(12))
    nominee_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    subject: Mapped[str] = mapped_column(String(20))
    duties: Mapped[str] = mapped_column(Text, default="")  # quyền hạn, nhiệm vụ / đặc điểm, chức năng
    summary: Mapped[str] = mapped_column(Text, default="")  # thành tích đạt được
    # Collectives: the unit declares that every member completed their tasks (TTLĐXS); None: not said.
    members_complete: Mapped[bool | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default=NominationStatus.DRAFT, index=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    phase: Mapped[Phase] = relationship()
    award_form: Mapped[AwardForm] = relationship()
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    nominee_unit: Mapped[Unit] = relationship(foreign_keys=[nominee_unit_id])
    person: Mapped[Person | None] = relationship()
    files: Mapped[list[StoredFile]] = relationship(secondary=nomination_file)
    events: Mapped[list[NominationEvent]] = relationship(back_populates="nomination", order_by="NominationEvent.id",
                                                         cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        return NominationStatus(self.status).label

    @property
    def nominee_name(self) -> str:
        return self.person.full_name if self.person is not None else self.nominee_unit.name

    @property
    def unit_may_edit(self) -> bool:
        """The workflow state lets the unit change the dossier (the window and the officer are checked by
        permissions.can_edit_nomination)."""
        return unit_may_edit(self.status)


class NominationEvent(db.Model):
    """One step of a dossier's timeline: who did what when, with the office's points when returned."""

    __tablename__ = "nomination_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(20))  # rules.workflow.EVENT_LABELS
    note: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[list] = mapped_column(JSON, default=list)  # [{"topic": "evidence", "reason": "…"}]

    nomination: Mapped[Nomination] = relationship(back_populates="events")
