"""A campaign (phong trào thi đua), its phases, legal bases, and criteria with per-phase targets."""

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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rules.statistics import SCOPES
from .base import Versioned, utcnow


class CampaignStatus:
    DRAFT = "draft"
    LAUNCHED = "launched"
    INTERIM_REVIEWED = "interim_reviewed"
    FINAL_REVIEWED = "final_reviewed"
    CLOSED = "closed"

    LABELS = {
        DRAFT: "Dự thảo",
        LAUNCHED: "Đã phát động",
        INTERIM_REVIEWED: "Đã sơ kết",
        FINAL_REVIEWED: "Đã tổng kết",
        CLOSED: "Đã kết thúc",
    }
    # Each step forward, with the Vietnamese name of the action that takes it.
    NEXT = {
        DRAFT: (LAUNCHED, "Phát động phong trào"),
        LAUNCHED: (INTERIM_REVIEWED, "Ghi nhận đã sơ kết"),
        INTERIM_REVIEWED: (FINAL_REVIEWED, "Ghi nhận đã tổng kết"),
        FINAL_REVIEWED: (CLOSED, "Kết thúc phong trào"),
    }


CAMPAIGN_KINDS = {"thematic": "Theo chuyên đề", "regular": "Thường xuyên"}
# Who the campaign is launched for (Thông tư 02/2023/TT-BNV, biểu 0601: phạm vi): the statistics' own list
CAMPAIGN_SCOPES = dict(SCOPES)
REVIEW_KINDS = {"interim": "Sơ kết", "final": "Tổng kết"}
AGGREGATIONS = {"mean": "Trung bình cộng", "median": "Trung vị", "trimmed_mean": "Trung bình bỏ cao nhất và thấp nhất"}
APPLIES_TO = {"collective": "Tập thể", "individual": "Cá nhân", "both": "Tập thể và cá nhân"}
MEASURES = {"quantitative": "Định lượng (có chỉ tiêu)", "qualitative": "Định tính (Hội đồng chấm)"}
CRITERION_SOURCES = {"manual": "Đơn vị tự nhập", "task_completion": "Tỷ lệ hoàn thành nhiệm vụ đúng hạn"}

_STATUS_LIST = ", ".join(f"'{s}'" for s in CampaignStatus.LABELS)


class Campaign(Versioned, db.Model):
    __tablename__ = "campaign"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUS_LIST})", name="status"),
        CheckConstraint("kind IN ('thematic', 'regular')", name="kind"),
        CheckConstraint("scope IN ('national', 'sector', 'cluster', 'agency')", name="scope"),
        CheckConstraint("end_date >= start_date", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(20), default="thematic")
    scope: Mapped[str] = mapped_column(String(10), default="agency", server_default="agency")
    # The plan that launches it: "Kế hoạch số 123/KH-KKTKCN ngày 18/6/2026 của Ban Quản lý …"
    plan_number: Mapped[str] = mapped_column(String(60), default="")
    plan_date: Mapped[dt.date | None] = mapped_column(Date)
    plan_issuer: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    score_step: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("0.5"), server_default="0.5")
    status: Mapped[str] = mapped_column(String(20), default=CampaignStatus.DRAFT, index=True)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    legal_bases: Mapped[list[LegalBasis]] = relationship(
        back_populates="campaign", order_by="LegalBasis.position", cascade="all, delete-orphan"
    )
    phases: Mapped[list[Phase]] = relationship(
        back_populates="campaign", order_by="Phase.start_date", cascade="all, delete-orphan"
    )
    groups: Mapped[list[CriterionGroup]] = relationship(
        back_populates="campaign", order_by="CriterionGroup.position", cascade="all, delete-orphan"
    )

    @property
    def status_label(self) -> str:
        return CampaignStatus.LABELS.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return CAMPAIGN_KINDS.get(self.kind, self.kind)

    @property
    def scope_label(self) -> str:
        return CAMPAIGN_SCOPES.get(self.scope, self.scope)

    @property
    def period_label(self) -> str:
        return f"{self.start_date.year}–{self.end_date.year}"


class LegalBasis(db.Model):
    """One "Căn cứ …" line, in order; they flow into every document of the campaign."""

    __tablename__ = "legal_basis"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="legal_bases")


class Phase(Versioned, db.Model):
    """A phase (giai đoạn) and its review (sơ kết / tổng kết). Its settings drive what units and
    council members may do: the nomination window, whether units may edit, what members see."""

    __tablename__ = "phase"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="period_order"),
        CheckConstraint("review_kind IN ('interim', 'final')", name="review_kind"),
        CheckConstraint("aggregation IN ('mean', 'median', 'trimmed_mean')", name="aggregation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # Giai đoạn 1 (2026–2027)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    review_kind: Mapped[str] = mapped_column(String(10), default="interim")
    review_period: Mapped[str] = mapped_column(String(60), default="")  # Quý IV/2027
    nomination_opens_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    nomination_closes_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    appraisal_deadline: Mapped[dt.date | None] = mapped_column(Date)
    council_date: Mapped[dt.date | None] = mapped_column(Date)
    units_may_edit: Mapped[bool] = mapped_column(Boolean, default=True)
    members_see_scores: Mapped[bool] = mapped_column(Boolean, default=False)
    aggregation: Mapped[str] = mapped_column(String(20), default="mean")
    # The council's aggregation settings (rules/aggregation.py): fewer counted scores than `min_scorers`
    # are flagged, not averaged; max − min above `disagreement_percent` % of a criterion's points is flagged.
    min_scorers: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    disagreement_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(30), server_default="30")

    campaign: Mapped[Campaign] = relationship(back_populates="phases")

    @property
    def review_label(self) -> str:
        label = REVIEW_KINDS.get(self.review_kind, "")
        return f"{label} {self.review_period}".strip()


class CriterionGroup(db.Model):
    """A content group (nội dung thi đua), e.g. "Thi đua chuyển đổi xanh …"."""

    __tablename__ = "criterion_group"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(400))
    position: Mapped[int] = mapped_column(Integer, default=0)

    campaign: Mapped[Campaign] = relationship(back_populates="groups")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="group", order_by="Criterion.position", cascade="all, delete-orphan"
    )


class Criterion(Versioned, db.Model):
    """A criterion (tiêu chí, chỉ tiêu): what is measured, for whom, and how many points it carries."""

    __tablename__ = "criterion"
    __table_args__ = (
        UniqueConstraint("campaign_id", "code"),
        CheckConstraint("applies_to IN ('collective', 'individual', 'both')", name="applies_to"),
        CheckConstraint("measure IN ('quantitative', 'qualitative')", name="measure"),
        CheckConstraint("source IN ('manual', 'task_completion')", name="source"),
        CheckConstraint("max_points > 0 AND max_points <= 100", name="max_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("criterion_group.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    applies_to: Mapped[str] = mapped_column(String(12), default="both")
    measure: Mapped[str] = mapped_column(String(15), default="qualitative")
    unit_of_measure: Mapped[str] = mapped_column(String(40), default="")  # %, tin bài/năm, sáng kiến
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    # A "%" result may exceed 100 (a plan that can be overrun, "vượt kế hoạch"); otherwise it is a rate ≤ 100.
    allows_over_100: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    max_points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    evidence_required: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    group: Mapped[CriterionGroup] = relationship(back_populates="criteria")
    targets: Mapped[list[CriterionTarget]] = relationship(
        back_populates="criterion", cascade="all, delete-orphan"
    )

    @property
    def is_quantitative(self) -> bool:
        return self.measure == "quantitative"

    def target_for(self, phase_id: int) -> CriterionTarget | None:
        return next((t for t in self.targets if t.phase_id == phase_id), None)


class CriterionTarget(db.Model):
    """A quantitative criterion's target in one phase (95 % in 2026–2027, 99 % in 2028–2030)."""

    __tablename__ = "criterion_target"
    __table_args__ = (
        UniqueConstraint("criterion_id", "phase_id"),
        CheckConstraint("value > 0", name="positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 4))

    criterion: Mapped[Criterion] = relationship(back_populates="targets")
    phase: Mapped[Phase] = relationship()
