"""Công khai: before the office issues the decisions and submissions of an approved session, it may publish
the session's recommended list to every account for a set number of days (`Publication`); anyone logged in
may file an objection (ý kiến phản ánh) about one recommended nominee or about the list in general
(`Objection`); the office records how each was handled (accepted, with what it changes, or rejected, with
the reasoning; who and when). The minutes and the submissions cite the result (services/publication.py).

A session has at most one current publication (not withdrawn): the service enforces it. A withdrawn
publication keeps its rows and its objections as the record of what happened.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Versioned, utcnow


class Handling:
    ACCEPTED = "accepted"  # tiếp thu: the note says what it changes
    REJECTED = "rejected"  # không chấp nhận: the note gives the reasoning
    LABELS = {ACCEPTED: "Tiếp thu", REJECTED: "Không chấp nhận"}
    ALL = tuple(LABELS)


class Publication(Versioned, db.Model):
    __tablename__ = "publication"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)  # the last day objections are received (starts_on + days − 1)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column()
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")

    session = relationship("CouncilSession")
    created_by = relationship("User", foreign_keys=[created_by_id])
    withdrawn_by = relationship("User", foreign_keys=[withdrawn_by_id])
    objections: Mapped[list[Objection]] = relationship(back_populates="publication", order_by="Objection.id")

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def is_open_on(self, day: dt.date) -> bool:
        return self.withdrawn_at is None and self.starts_on <= day <= self.ends_on


class Objection(Versioned, db.Model):
    __tablename__ = "objection"
    __table_args__ = (
        CheckConstraint("handling IS NULL OR handling IN ('accepted', 'rejected')", name="handling"),
        # Handled means handled whole: how, when and by whom (the note may not be empty: the service checks it).
        CheckConstraint("(handling IS NULL) = (handled_at IS NULL)", name="handled_whole"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id", ondelete="RESTRICT"), index=True)
    # The nominee it is about; None: about the list in general
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    author_name: Mapped[str] = mapped_column(String(120), default="")  # as it was when filed
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    handling: Mapped[str | None] = mapped_column(String(10))
    handling_note: Mapped[str] = mapped_column(Text, default="")
    handled_at: Mapped[dt.datetime | None] = mapped_column()
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    publication: Mapped[Publication] = relationship(back_populates="objections")
    nomination = relationship("Nomination")
    author = relationship("User", foreign_keys=[author_id])
    handled_by = relationship("User", foreign_keys=[handled_by_id])

    @property
    def handling_label(self) -> str:
        return Handling.LABELS.get(self.handling or "", "Chưa xử lý")
