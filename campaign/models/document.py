"""The office's documents (văn bản): decisions with their lists, submissions, the council's minutes and
ballot result, the phase reviews and the plans' progress reports.

A document is a draft until the office records the number and date it was signed with; then it is issued:
its .docx is stored once (`file_id`, `sha256`) and every later download is that file, byte for byte. The
variable texts the office edited (summary line, căn cứ, proposer, funding, recipients, signer) are kept in
`texts`, with who edited them last and when; what a document lists (`DocumentEntry`: the nominations of a
decision or a submission, with the bonus) is fixed when it is issued. A correction is a new document that
refers to the one it corrects (`corrects_id`), never an edit of the issued one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Versioned, utcnow


class DocumentKind:
    DECISION = "decision"  # Quyết định khen thưởng (+ danh sách kèm theo)
    SUBMISSION = "submission"  # Tờ trình đề nghị khen thưởng (+ danh sách)
    MINUTES = "minutes"  # Biên bản họp Hội đồng
    BALLOT = "ballot"  # Biên bản kiểm phiếu
    REVIEW = "review"  # Báo cáo sơ kết / tổng kết
    PROGRESS = "progress"  # Báo cáo định kỳ tiến độ kế hoạch

    LABELS = {
        DECISION: "Quyết định khen thưởng",
        SUBMISSION: "Tờ trình đề nghị khen thưởng",
        MINUTES: "Biên bản họp Hội đồng",
        BALLOT: "Biên bản kiểm phiếu",
        REVIEW: "Báo cáo sơ kết, tổng kết",
        PROGRESS: "Báo cáo tiến độ kế hoạch",
    }
    # The abbreviation in the number (Decree 30/2020/NĐ-CP, Phụ lục III): 05/QĐ-KKTKCN, 12/TTr-VP
    ABBREVIATIONS = {DECISION: "QĐ", SUBMISSION: "TTr", MINUTES: "BB", BALLOT: "BB", REVIEW: "BC", PROGRESS: "BC"}
    ALL = tuple(LABELS)


class DocumentStatus:
    DRAFT = "draft"
    ISSUED = "issued"
    LABELS = {DRAFT: "Dự thảo", ISSUED: "Đã ban hành"}


def _kinds_check() -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in DocumentKind.ALL) + ")"


class OfficialDocument(Versioned, db.Model):
    __tablename__ = "official_document"
    __table_args__ = (
        CheckConstraint(_kinds_check(), name="kind"),
        CheckConstraint("status IN ('draft', 'issued')", name="status"),
        # An issued document has its number, its date and its frozen file; a draft has none of them.
        CheckConstraint("(status = 'issued') = (number IS NOT NULL AND issued_on IS NOT NULL AND file_id IS NOT NULL "
                        "AND sha256 IS NOT NULL)", name="issued_whole"),
        CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
        # One number per symbol and year: "05/QĐ-KKTKCN" is given once in 2027 (minutes and ballot results
        # share BB-HĐTĐKT).
        UniqueConstraint("symbol", "issued_year", "number", name="number_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    status: Mapped[str] = mapped_column(String(8), default=DocumentStatus.DRAFT, index=True)
    title: Mapped[str] = mapped_column(String(500))  # the trích yếu as the register lists it
    # What the document is about: a council session (decisions, submissions, minutes), a phase (reviews),
    # a plan (its tasks' source) and a reporting period (progress reports).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("council_session.id", ondelete="RESTRICT"), index=True)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phase.id", ondelete="RESTRICT"), index=True)
    award_form_id: Mapped[int | None] = mapped_column(ForeignKey("award_form.id", ondelete="RESTRICT"))
    plan_key: Mapped[str] = mapped_column(String(100), default="")  # a progress report's plan (plan_task.source)
    period: Mapped[str] = mapped_column(String(20), default="")  # a progress report's period: 2026-Q1, 2026-H1, 2026
    authority: Mapped[str] = mapped_column(String(200), default="")  # a submission's deciding authority
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("official_document.id", ondelete="RESTRICT"))
    # The office's edits of the variable texts: {"subject": "…", "legal_bases": "…", …}
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    edited_at: Mapped[dt.datetime | None] = mapped_column()
    # Issuing
    symbol: Mapped[str] = mapped_column(String(40), default="")  # QĐ-KKTKCN, fixed on issue
    number: Mapped[int | None] = mapped_column(Integer)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    issued_year: Mapped[int | None] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime | None] = mapped_column()
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="RESTRICT"))
    sha256: Mapped[str | None] = mapped_column(String(64))
    scan_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="RESTRICT"))
    note: Mapped[str] = mapped_column(Text, default="")
    # A submission's answer: the deciding authority's decision ('125/QĐ-UBND'), which awards its nominees
    outcome_number: Mapped[str] = mapped_column(String(60), default="")
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    session = relationship("CouncilSession")
    phase = relationship("Phase")
    award_form = relationship("AwardForm")
    corrects: Mapped[OfficialDocument | None] = relationship(remote_side="OfficialDocument.id")
    file = relationship("StoredFile", foreign_keys=[file_id])
    scan_file = relationship("StoredFile", foreign_keys=[scan_file_id])
    edited_by = relationship("User", foreign_keys=[edited_by_id])
    issued_by = relationship("User", foreign_keys=[issued_by_id])
    entries: Mapped[list[DocumentEntry]] = relationship(back_populates="document", order_by="DocumentEntry.position",
                                                        cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return DocumentKind.LABELS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return DocumentStatus.LABELS.get(self.status, self.status)

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def number_text(self) -> str:
        """'05/QĐ-KKTKCN' once issued, '' before."""
        return f"{self.number:02d}/{self.symbol}" if self.number is not None else ""


class DocumentEntry(db.Model):
    """One nominee listed by a decision or a submission, in the list's order, with the bonus (fixed on issue)."""

    __tablename__ = "document_entry"
    __table_args__ = (
        UniqueConstraint("document_id", "nomination_id"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("official_document.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int | None] = mapped_column(Integer)  # đồng; None: the award carries no bonus

    document: Mapped[OfficialDocument] = relationship(back_populates="entries")
    nomination = relationship("Nomination")
