"""Plan tasks (the appendices of the plans: task, legal basis, lead unit, partners, product, deadline)
and the units' progress reports on them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Versioned, utcnow
from .files import StoredFile
from .org import Unit

TASK_STATUSES = {"not_started": "Chưa thực hiện", "in_progress": "Đang thực hiện", "done": "Đã hoàn thành"}

plan_task_partner = Table(
    "plan_task_partner",
    db.metadata,
    Column("task_id", ForeignKey("plan_task.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class PlanTask(Versioned, db.Model):
    __tablename__ = "plan_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    # Where the task comes from, which is its identity across re-imports with its number: the plan (its
    # number and date as its appendix cites it, "Kế hoạch số 12/KH-KKTKCN ngày 15/01/2026", or a name the
    # office gives) and the appendix ("Phụ lục II"); "" for a task typed in by hand.
    source: Mapped[str] = mapped_column(String(200), default="")
    appendix: Mapped[str] = mapped_column(String(50), default="")
    number: Mapped[str] = mapped_column(String(20), default="")  # "1", "II.2"
    section: Mapped[str] = mapped_column(String(300), default="")  # Phụ lục I, or a heading of the table
    name: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    # What the table said, kept when it names bodies outside the board (Sở Khoa học và Công nghệ …).
    lead_text: Mapped[str] = mapped_column(String(500), default="")
    partner_text: Mapped[str] = mapped_column(String(500), default="")
    product: Mapped[str] = mapped_column(String(500), default="")
    deadline_text: Mapped[str] = mapped_column(String(100), default="")  # "30/6/2026", "Quý II/2026"
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)  # the last day it allows
    note: Mapped[str] = mapped_column(Text, default="")  # the table's "Ghi chú"
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    lead_unit: Mapped[Unit | None] = relationship(foreign_keys=[lead_unit_id])
    partners: Mapped[list[Unit]] = relationship(secondary=plan_task_partner, order_by="Unit.sort_order")
    reports: Mapped[list[TaskReport]] = relationship(back_populates="task", cascade="all, delete-orphan")


class TaskReport(Versioned, db.Model):
    """A unit's progress on a task: one row per task and unit, updated as the work goes."""

    __tablename__ = "task_report"
    __table_args__ = (
        UniqueConstraint("task_id", "unit_id"),
        CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name="status"),
        CheckConstraint("status <> 'done' OR completed_on IS NOT NULL", name="done_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(15), default="not_started")
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    product_ref: Mapped[str] = mapped_column(String(500), default="")  # số văn bản, đường dẫn
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reported_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    task: Mapped[PlanTask] = relationship(back_populates="reports")
    unit: Mapped[Unit] = relationship()
    file: Mapped[StoredFile | None] = relationship()

    @property
    def status_label(self) -> str:
        return TASK_STATUSES.get(self.status, self.status)

    @property
    def on_time(self) -> bool:
        deadline = self.task.deadline
        return self.status == "done" and (deadline is None or (self.completed_on and self.completed_on <= deadline))
