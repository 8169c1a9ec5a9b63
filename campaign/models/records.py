"""The office's records after the decision: the pre-printed certificate blanks (phôi Giấy khen) the
certificates are printed on, and the reward fund's ledger (Quỹ thi đua, khen thưởng).

A certificate profile describes one blank: its paper and orientation, where each field is printed (mm from
the top-left corner of the sheet, as measured with a ruler on the blank), the font size of each, and a
global printer offset (what the office's printer shifts every sheet by, found with the calibration page).

The fund keeps one ledger per year (Decree 152/2025/NĐ-CP, the chapter on the fund): income (the year's
allocation and other sources, each with the decision that gives it) and spending (the bonuses of each issued
decision, posted when it is issued; other spending entered by hand). A decision replaced by another has its
posting reversed (`source = 'reversal'`) when the replacement is posted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Versioned, utcnow

PAPERS = {"A4": "A4 (210 × 297 mm)", "A3": "A3 (297 × 420 mm)"}
ORIENTATIONS = {"landscape": "Khổ ngang", "portrait": "Khổ dọc"}

FUND_KINDS = {"income": "Thu", "spending": "Chi"}
FUND_SOURCES = {
    "manual": "Nhập tay",
    "decision": "Tiền thưởng theo quyết định",
    "reversal": "Hoàn lại (quyết định bị thay thế)",
}


class CertificateProfile(Versioned, db.Model):
    """One pre-printed blank (phôi) and where its fields go. `fields` maps a field key (services/certificates.py
    lists them: name, position_unit, reason, decision, place_date, signer_title, signer_name …) to
    {"x": mm, "y": mm, "width": mm, "size": pt, "align": "L"|"C"|"R", "bold": bool, "italic": bool}: x, y are
    the top-left of the field's box on the sheet before the printer offset."""

    __tablename__ = "certificate_profile"
    __table_args__ = (
        CheckConstraint("paper IN ('A4', 'A3')", name="paper"),
        CheckConstraint("orientation IN ('landscape', 'portrait')", name="orientation"),
        CheckConstraint("offset_x_mm BETWEEN -50 AND 50 AND offset_y_mm BETWEEN -50 AND 50", name="offset"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)  # Phôi Giấy khen Trưởng Ban (A4 ngang)
    paper: Mapped[str] = mapped_column(String(2), default="A4")
    orientation: Mapped[str] = mapped_column(String(10), default="landscape")
    offset_x_mm: Mapped[float] = mapped_column(Numeric(5, 1), default=0)
    offset_y_mm: Mapped[float] = mapped_column(Numeric(5, 1), default=0)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    # The award form this blank is used for by default (None: any)
    award_form_id: Mapped[int | None] = mapped_column(ForeignKey("award_form.id", ondelete="SET NULL"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    award_form = relationship("AwardForm")

    @property
    def paper_label(self) -> str:
        return PAPERS.get(self.paper, self.paper)

    @property
    def orientation_label(self) -> str:
        return ORIENTATIONS.get(self.orientation, self.orientation)


class FundEntry(Versioned, db.Model):
    """One line of the reward fund's ledger: income or spending, in đồng, in a year."""

    __tablename__ = "fund_entry"
    __table_args__ = (
        CheckConstraint("kind IN ('income', 'spending')", name="kind"),
        CheckConstraint("source IN ('manual', 'decision', 'reversal')", name="source"),
        CheckConstraint("amount > 0", name="positive"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
        # A posting from a decision (or its reversal) names the decision; a manual entry may not.
        CheckConstraint("(source = 'manual') OR (document_id IS NOT NULL)", name="posting_document"),
        UniqueConstraint("document_id", "source", name="one_posting"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(10), default="manual")
    entry_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(String(500))
    # The decision that gives an allocation or authorises a spending: "Quyết định số 15/QĐ-UBND ngày …"
    basis: Mapped[str] = mapped_column(String(300), default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("official_document.id", ondelete="RESTRICT"),
                                                    index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    document = relationship("OfficialDocument")

    @property
    def kind_label(self) -> str:
        return FUND_KINDS.get(self.kind, self.kind)

    @property
    def source_label(self) -> str:
        return FUND_SOURCES.get(self.source, self.source)

    @property
    def signed_amount(self) -> int:
        return self.amount if self.kind == "income" else -self.amount
