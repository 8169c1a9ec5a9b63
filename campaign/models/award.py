"""The award-form catalogue (danh hiệu thi đua, hình thức khen thưởng), its conditions and quotas,
and the dated base salary the bonuses are computed from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
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
from ..rules.levels import INITIATIVE_LEVELS, SANCTION_LEVELS  # noqa: F401 (re-exported by models)
from .base import Versioned

AWARD_LEVELS = {"agency": "Cấp cơ sở (Ban Quản lý)", "province": "Cấp tỉnh", "national": "Cấp Nhà nước"}
AWARD_KINDS = {"title": "Danh hiệu thi đua", "commendation": "Hình thức khen thưởng"}
QUOTA_KINDS = {"count": "Số lượng", "share_staff": "% số cán bộ", "share_units": "% số đơn vị"}

# The kinds of condition an award form can carry. Conditions with the same `alternative` number must
# all hold; the award's conditions are met when every condition of at least one alternative holds
# (Bằng khen: "two years CSTĐCS" OR "two years excellent + two initiatives").
CONDITION_KINDS = {
    "prior_title": "Đã đạt danh hiệu (số năm liên tục)",
    "same_year_title": "Đạt danh hiệu trong cùng năm",
    "initiative": "Có sáng kiến được công nhận (cấp tối thiểu, số lượng)",
    "member_title_share": "Tỷ lệ thành viên đạt danh hiệu",
    "member_with_title": "Có thành viên đạt danh hiệu",
    "all_members_complete": "Mọi thành viên hoàn thành nhiệm vụ",
    "no_sanction": "Không ai bị kỷ luật từ mức",
    "cap_share": "Số lượng không vượt quá tỷ lệ của danh hiệu khác",
}


class AwardForm(Versioned, db.Model):
    __tablename__ = "award_form"
    __table_args__ = (
        CheckConstraint("level IN ('agency', 'province', 'national')", name="level"),
        CheckConstraint("kind IN ('title', 'commendation')", name="kind"),
        CheckConstraint("applies_to IN ('collective', 'individual', 'both')", name="applies_to"),
        CheckConstraint("threshold_share > 0 AND threshold_share <= 1", name="threshold_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # GK, BKUBND, LDTT, CSTDCS, TTLDTT, TTLDXS
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(15), default="commendation")
    level: Mapped[str] = mapped_column(String(10), default="agency")
    authority: Mapped[str] = mapped_column(String(200), default="")  # Trưởng Ban Quản lý, Chủ tịch UBND tỉnh
    applies_to: Mapped[str] = mapped_column(String(12), default="both")
    # True: the board decides (the module drafts the Quyết định); False: proposed upward (the Tờ trình).
    decided_by_board: Mapped[bool] = mapped_column(Boolean, default=True)
    threshold_share: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0.5"))
    threshold_strict: Mapped[bool] = mapped_column(Boolean, default=True)  # True: "trên", False: "từ … trở lên"
    bonus_individual: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    bonus_collective: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Only a nominee who registered for it in the phase's registration window (đăng ký thi đua) is eligible.
    requires_registration: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    conditions: Mapped[list[AwardCondition]] = relationship(
        back_populates="award_form", foreign_keys="AwardCondition.award_form_id",
        order_by="(AwardCondition.alternative, AwardCondition.id)", cascade="all, delete-orphan",
    )
    quotas: Mapped[list[AwardQuota]] = relationship(back_populates="award_form", cascade="all, delete-orphan")

    @property
    def level_label(self) -> str:
        return AWARD_LEVELS.get(self.level, self.level)

    @property
    def kind_label(self) -> str:
        return AWARD_KINDS.get(self.kind, self.kind)


class AwardCondition(db.Model):
    """One condition of an award form; parameters are used according to `kind` (see CONDITION_KINDS)."""

    __tablename__ = "award_condition"
    __table_args__ = (CheckConstraint("percent IS NULL OR (percent > 0 AND percent <= 100)", name="percent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_form.id", ondelete="CASCADE"), index=True)
    alternative: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(30))
    title_id: Mapped[int | None] = mapped_column(ForeignKey("award_form.id", ondelete="RESTRICT"), index=True)
    years: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[str | None] = mapped_column(String(20))  # initiative level or sanction level
    percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    strict: Mapped[bool] = mapped_column(Boolean, default=False)  # "trên" rather than "từ … trở lên"
    note: Mapped[str] = mapped_column(String(300), default="")

    award_form: Mapped[AwardForm] = relationship(back_populates="conditions", foreign_keys=[award_form_id])
    title: Mapped[AwardForm | None] = relationship(foreign_keys=[title_id])


class AwardQuota(db.Model):
    """How many of an award one phase may give: a count, or a share of the staff or of the units."""

    __tablename__ = "award_quota"
    __table_args__ = (
        UniqueConstraint("award_form_id", "phase_id"),
        CheckConstraint("kind IN ('count', 'share_staff', 'share_units')", name="kind"),
        CheckConstraint("value > 0", name="positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_form.id", ondelete="CASCADE"), index=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(15), default="count")
    value: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    leaders_cap: Mapped[int | None] = mapped_column(Integer)  # at most this many leaders among awardees

    award_form: Mapped[AwardForm] = relationship(back_populates="quotas")


class BaseSalaryRate(db.Model):
    """Mức lương cơ sở from a date (it changes by decree)."""

    __tablename__ = "base_salary_rate"
    __table_args__ = (CheckConstraint("amount > 0", name="positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[dt.date] = mapped_column(Date, unique=True)
    amount: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(300), default="")  # Nghị định số 73/2024/NĐ-CP
