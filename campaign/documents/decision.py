"""Quyết định khen thưởng and Tờ trình đề nghị khen thưởng, each with its attached list (Decree 30/2020/NĐ-CP,
Phụ lục I; the Tờ trình after Mẫu 01 of the forms of Decree 98/2023/NĐ-CP, kept by Decree 152/2025/NĐ-CP).

The decision: header, 'QUYẾT ĐỊNH', its trích yếu, the deciding authority ('TRƯỞNG BAN QUẢN LÝ …'), the căn cứ
in italic, the proposer ('Xét đề nghị của …'), 'QUYẾT ĐỊNH:', the articles ('Điều 1.' in bold; the last ends
with './.'), the signature block with 'Nơi nhận', and on a page of its own the list: 'DANH SÁCH …' above
'(Kèm theo Quyết định số … ngày … của …)', collectives then individuals, the bonus of each, the total and
the total in words.

The submission: header with 'Số: …/TTr-…', 'TỜ TRÌNH' and its trích yếu, 'Kính gửi: …', the bases and the
body as given, the proposal, the signature block, and the same list headed '(Kèm theo Tờ trình số …)'.

Every figure (counts, amounts, total, words) arrives computed: the builder lays out, it never counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .layout import (
    Column,
    DocumentNumber,
    Issuer,
    Signer,
    TableSpec,
    add_addressees,
    add_appendix_heading,
    add_article,
    add_centered,
    add_header_block,
    add_legal_bases,
    add_paragraph,
    add_signature_block,
    add_spacer,
    add_table,
    add_title,
    new_document,
    to_bytes,
    with_end_mark,
)


@dataclass(frozen=True)
class ListEntry:
    """One line of the list: the nominee's name, their position and unit, the bonus as written ('702.000')."""

    name: str
    position_unit: str
    amount: str = ""


@dataclass(frozen=True)
class AwardList:
    """The attached list: its heading, the collectives and the individuals, the total and its words.

    `amounts` False leaves out the bonus column (an award without a bonus); `total` is the written sum
    ('2.340.000') and `total_words` its reading ('Hai triệu ba trăm bốn mươi nghìn đồng').
    """

    title: str
    collectives: list[ListEntry] = field(default_factory=list)
    individuals: list[ListEntry] = field(default_factory=list)
    amounts: bool = True
    total: str = ""
    total_words: str = ""
    # several award forms in one list (a submission): (heading, collectives, individuals) per form
    sections: list[tuple[str, list[ListEntry], list[ListEntry]]] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    issuer: Issuer
    number: DocumentNumber
    date: dt.date | None
    year: int
    subject: str  # 'Về việc công nhận danh hiệu Lao động tiên tiến năm 2025'
    authority: str  # 'TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ …', above the căn cứ
    legal_bases: list[str]
    proposer: str  # 'Xét đề nghị của Chánh Văn phòng – Thường trực Hội đồng Thi đua – Khen thưởng'
    articles: list[str]  # the text of Điều 1, Điều 2, …; the last gets './.'
    signer: Signer
    recipients: list[str]
    award_list: AwardList
    list_note: str  # '(Kèm theo Quyết định số … ngày … của Trưởng Ban Quản lý …)'


@dataclass(frozen=True)
class Submission:
    issuer: Issuer
    number: DocumentNumber
    date: dt.date | None
    year: int
    subject: str  # 'Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh …'
    addressees: list[str]
    legal_bases: list[str]  # 'Căn cứ …' lines, in the body (a Tờ trình has no italic căn cứ block)
    body: list[str]  # what was done: the council, the session, the ballot
    proposal: str  # '… kính trình … xem xét, quyết định.'
    signer: Signer
    recipients: list[str]
    award_list: AwardList
    list_note: str


LIST_COLUMNS = [Column("STT", 1.2, "center"), Column("Họ và tên / Tên tập thể", 5.3),
                Column("Chức vụ – Đơn vị", 6.5), Column("Tiền thưởng (đồng)", 3.0, "right")]
LIST_COLUMNS_NO_AMOUNT = [Column("STT", 1.2, "center"), Column("Họ và tên / Tên tập thể", 6.3),
                          Column("Chức vụ – Đơn vị", 8.5)]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _group_rows(spec: TableSpec, label: str, entries: list[ListEntry], *, amounts: bool, width: int) -> None:
    spec.bold_rows.add(len(spec.rows))
    spec.merged[len(spec.rows)] = (1, width - 1)
    spec.rows.append(["", label] + [""] * (width - 2))
    for number, entry in enumerate(entries, start=1):
        row = [str(number), entry.name, entry.position_unit]
        if amounts:
            row.append(entry.amount)
        spec.rows.append(row)


def list_table(award_list: AwardList) -> TableSpec:
    """The list as a table: a bold row per group ('I. TẬP THỂ', 'II. CÁ NHÂN'), numbered lines, the total."""
    columns = LIST_COLUMNS if award_list.amounts else LIST_COLUMNS_NO_AMOUNT
    spec = TableSpec(columns=list(columns))
    width = len(columns)
    sections = award_list.sections or [("", award_list.collectives, award_list.individuals)]
    roman = iter(ROMAN)
    for heading, collectives, individuals in sections:
        if heading:
            spec.bold_rows.add(len(spec.rows))
            spec.merged[len(spec.rows)] = (0, width - 1)
            spec.rows.append([heading.upper()] + [""] * (width - 1))
        if collectives:
            _group_rows(spec, f"{next(roman)}. TẬP THỂ", collectives, amounts=award_list.amounts, width=width)
        if individuals:
            _group_rows(spec, f"{next(roman)}. CÁ NHÂN", individuals, amounts=award_list.amounts, width=width)
    if award_list.amounts and award_list.total:
        spec.totals = ["Tổng cộng", award_list.total]
        spec.totals_span = width - 1
    return spec


def add_award_list(doc, award_list: AwardList, note: str) -> None:
    """The attached list on a page of its own, with the total in words beneath the table."""
    add_appendix_heading(doc, award_list.title, note)
    add_table(doc, list_table(award_list))
    if award_list.amounts and award_list.total_words:
        add_spacer(doc, 6)
        add_paragraph(doc, f"Bằng chữ: {award_list.total_words}.", italic=True, indent=False)


def build_decision(decision: Decision) -> bytes:
    """The decision and its list as .docx bytes."""
    doc = new_document(title=f"Quyết định {decision.subject}", author=decision.issuer.name)
    add_header_block(doc, decision.issuer, number=decision.number, date=decision.date, year=decision.year)
    add_title(doc, "QUYẾT ĐỊNH", decision.subject)
    add_centered(doc, decision.authority.upper(), before=0, after=12)
    add_legal_bases(doc, [*decision.legal_bases, decision.proposer])
    add_centered(doc, "QUYẾT ĐỊNH:", before=6, after=6)
    for index, text in enumerate(decision.articles, start=1):
        last = index == len(decision.articles)
        add_article(doc, index, with_end_mark(text) if last else text)
    add_signature_block(doc, decision.signer, decision.recipients)
    add_award_list(doc, decision.award_list, decision.list_note)
    return to_bytes(doc)


def build_submission(submission: Submission) -> bytes:
    """The submission and its list as .docx bytes."""
    doc = new_document(title=f"Tờ trình {submission.subject}", author=submission.issuer.name)
    add_header_block(doc, submission.issuer, number=submission.number, date=submission.date, year=submission.year)
    add_title(doc, "TỜ TRÌNH", submission.subject, before=18)
    add_addressees(doc, submission.addressees)
    for line in submission.legal_bases:
        add_paragraph(doc, line)
    for text in submission.body:
        add_paragraph(doc, text)
    add_paragraph(doc, with_end_mark(submission.proposal))
    add_signature_block(doc, submission.signer, submission.recipients)
    add_award_list(doc, submission.award_list, submission.list_note)
    return to_bytes(doc)
