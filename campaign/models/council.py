"""The emulation and commendation council (Hội đồng Thi đua – Khen thưởng): its membership by decision,
its sessions, what each member scored, and the secret ballot.

The ballot is built so that nothing stored links a voter to a choice (docs/council.md, "The secret
ballot"): `BallotCast` says who has voted in a session (one row per member, no choice), `VoteTally` holds
per (session, agenda item) counters that every ballot increments in the same transaction. No row is ever
written per choice, so no id, timestamp or row order can follow a voter to what they chose.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Versioned, utcnow
from .campaign import Criterion, Phase
from .dossier import Nomination
from .org import Person, Unit
from .user import User


class CouncilRole:
    """A member's place in the council as the decision names it (Chủ tịch, Phó Chủ tịch, Ủy viên, Ủy viên
    kiêm Thư ký). Every one of them is a member: the approval ratio counts over all of them."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    SECRETARY = "secretary"

    LABELS = {
        CHAIR: "Chủ tịch Hội đồng",
        VICE_CHAIR: "Phó Chủ tịch Hội đồng",
        MEMBER: "Ủy viên",
        SECRETARY: "Ủy viên kiêm Thư ký",
    }
    ALL = tuple(LABELS)


class SessionStatus:
    """A session's states (rules/council.py holds the transitions): the office prepares, the chair opens and
    closes scoring and voting and approves; each step back needs the chair's written reason."""

    PREPARED = "prepared"
    SCORING = "scoring"
    VOTING = "voting"
    TALLIED = "tallied"
    APPROVED = "approved"

    LABELS = {
        PREPARED: "Đã chuẩn bị",
        SCORING: "Đang chấm điểm",
        VOTING: "Đang bỏ phiếu",
        TALLIED: "Đã kiểm phiếu",
        APPROVED: "Đã phê duyệt kết quả",
    }
    ALL = tuple(LABELS)


class Attendance:
    UNKNOWN = "unknown"
    PRESENT = "present"
    ABSENT = "absent"
    WRITTEN = "written"  # absent, votes in writing (phiếu bằng văn bản) entered by the secretary

    LABELS = {
        UNKNOWN: "Chưa điểm danh",
        PRESENT: "Có mặt",
        ABSENT: "Vắng mặt",
        WRITTEN: "Vắng mặt, có phiếu bằng văn bản",
    }
    ALL = tuple(LABELS)


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Council(Versioned, db.Model):
    """A council as established by one decision (Quyết định thành lập / kiện toàn Hội đồng), for a term.
    A later decision re-constitutes it: a new row, the old one keeps its members for its past sessions."""

    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="Hội đồng Thi đua – Khen thưởng")
    decision_number: Mapped[str] = mapped_column(String(60))  # 125/QĐ-BQL
    decision_date: Mapped[dt.date] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(300), default="")  # Trưởng Ban Quản lý …
    term_start: Mapped[dt.date] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    members: Mapped[list[CouncilMember]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="CouncilMember.position")


class CouncilMember(db.Model):
    """One person named by the council's decision, with the account they score and vote with."""

    __tablename__ = "council_member"
    __table_args__ = (
        UniqueConstraint("council_id", "person_id"),
        CheckConstraint(f"council_role IN ({_in(CouncilRole.ALL)})", name="council_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    council_role: Mapped[str] = mapped_column(String(12), default=CouncilRole.MEMBER)
    title: Mapped[str] = mapped_column(String(200), default="")  # Phó Trưởng Ban; Trưởng phòng KHĐT
    position: Mapped[int] = mapped_column(Integer, default=0)

    council: Mapped[Council] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
    user: Mapped[User | None] = relationship()


class CouncilSession(Versioned, db.Model):
    """One meeting of the council for one review round (a phase: a sơ kết, a tổng kết or a year's annual
    titles). It keeps a snapshot of the members of the council in force on its date (`SessionMember`),
    because every threshold counts over all of them."""

    __tablename__ = "council_session"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(SessionStatus.ALL)})", name="status"),
        CheckConstraint("quorum_numerator > 0 AND quorum_denominator >= quorum_numerator", name="quorum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="RESTRICT"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(300))  # Phiên họp xét khen thưởng năm 2025
    held_on: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[str] = mapped_column(String(5), default="")  # "08:00"
    place: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(12), default=SessionStatus.PREPARED, index=True)
    # Settings (the office sets them while the session is prepared)
    quorum_numerator: Mapped[int] = mapped_column(Integer, default=2)
    quorum_denominator: Mapped[int] = mapped_column(Integer, default=3)
    recused_leave_ballot: Mapped[bool] = mapped_column(Boolean, default=False)
    scores_attributed: Mapped[bool] = mapped_column(Boolean, default=False)  # the export names each scorer
    # The ranking's tie-break at equal merit: priority to women (Decree 98/2023 art. 4); on unless the session
    # says otherwise
    women_priority: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Moments of its life (UTC) and the chair's reasons for going back
    scoring_opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voting_opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voting_closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    phase: Mapped[Phase] = relationship()
    council: Mapped[Council] = relationship()
    members: Mapped[list[SessionMember]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionMember.position")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="AgendaItem.position")
    events: Mapped[list[SessionEvent]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionEvent.id")


class SessionMember(db.Model):
    """The council's member as the session saw them (name, title, unit at the time) and their attendance."""

    __tablename__ = "session_member"
    __table_args__ = (
        UniqueConstraint("session_id", "person_id"),
        CheckConstraint(f"council_role IN ({_in(CouncilRole.ALL)})", name="council_role"),
        CheckConstraint(f"attendance IN ({_in(Attendance.ALL)})", name="attendance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    full_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200), default="")
    council_role: Mapped[str] = mapped_column(String(12), default=CouncilRole.MEMBER)
    position: Mapped[int] = mapped_column(Integer, default=0)
    attendance: Mapped[str] = mapped_column(String(10), default=Attendance.UNKNOWN)
    scores_submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # the whole sheet, once

    session: Mapped[CouncilSession] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
    user: Mapped[User | None] = relationship()
    unit: Mapped[Unit | None] = relationship()


class AgendaItem(db.Model):
    """A nomination on the session's agenda: what the council judged (frozen when scoring opens), and the
    outcome the chair approved with its reason and any move across the cut."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("session_id", "nomination_id"),
        CheckConstraint("outcome IS NULL OR outcome IN ('recommended', 'reserve', 'out')", name="outcome"),
        CheckConstraint("override IS NULL OR override IN ('up', 'down')", name="override"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The dossier as the council saw it: JSON (results, summary, initiatives, files with their SHA-256)
    frozen: Mapped[str | None] = mapped_column(Text)
    frozen_sha256: Mapped[str | None] = mapped_column(String(64))
    frozen_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The chair's move across the quota's cut, with the written reason (before approval)
    override: Mapped[str | None] = mapped_column(String(4))
    override_reason: Mapped[str] = mapped_column(Text, default="")
    # Written on approval, from rules.ranking: the place, the outcome and why
    outcome: Mapped[str | None] = mapped_column(String(12))
    outcome_order: Mapped[int | None] = mapped_column(Integer)
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[int | None] = mapped_column(Integer)  # copied from the tally on approval
    total_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))

    session: Mapped[CouncilSession] = relationship(back_populates="items")
    nomination: Mapped[Nomination] = relationship()
    recusals: Mapped[list[Recusal]] = relationship(back_populates="item", cascade="all, delete-orphan",
                                                   order_by="Recusal.id")


class Recusal(db.Model):
    """A member who does not score one agenda item: found by rules.recusal when scoring opens
    (`source` = auto) or added by the chair with a reason (manual). Kept for the minutes."""

    __tablename__ = "recusal"
    __table_args__ = (
        UniqueConstraint("item_id", "person_id", "source"),
        CheckConstraint("source IN ('auto', 'manual')", name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    source: Mapped[str] = mapped_column(String(6), default="auto")
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="recusals")
    person: Mapped[Person] = relationship()


class Score(Versioned, db.Model):
    """One member's points for one agenda item on one criterion. Quantitative criteria start from the
    attainment points (`prefilled`); a change from them needs a comment. Drafts until the member submits
    their sheet (SessionMember.scores_submitted_at)."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("item_id", "person_id", "criterion_id"),
        CheckConstraint("points >= 0", name="points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="RESTRICT"), index=True)
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    prefilled: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    item: Mapped[AgendaItem] = relationship()
    criterion: Mapped[Criterion] = relationship()


class BallotCast(db.Model):
    """That a member has voted in a session, never how: one row per (session, member). `written` marks a
    written ballot the secretary entered for an absent member. No time is stored; the primary key is
    random, so neither the key nor a timestamp orders the voters."""

    __tablename__ = "ballot_cast"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # secrets.token_hex(16)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    written: Mapped[bool] = mapped_column(Boolean, default=False)


class VoteTally(db.Model):
    """The running count of one agenda item's ballot: every ballot adds to `agree` or `disagree` (or to
    `not_voting` for a recused member who leaves the item off, by the session's setting) in the same
    transaction as its BallotCast. Rows exist from voting's opening and are only ever updated."""

    __tablename__ = "vote_tally"
    __table_args__ = (
        UniqueConstraint("session_id", "item_id"),
        CheckConstraint("agree >= 0 AND disagree >= 0 AND not_voting >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    agree: Mapped[int] = mapped_column(Integer, default=0)
    disagree: Mapped[int] = mapped_column(Integer, default=0)
    not_voting: Mapped[int] = mapped_column(Integer, default=0)


class SessionEvent(db.Model):
    """The session's timeline (opened scoring, reopened voting with the chair's reason, approved …), kept
    apart from the audit log like NominationEvent: it is what the minutes recount."""

    __tablename__ = "session_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))  # open_scoring, close_scoring, reopen_scoring, …
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[CouncilSession] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
