"""A plan's periodic progress report (báo cáo định kỳ kết quả thực hiện kế hoạch: quý, 6 tháng, năm).

Seeds 001 and 003 ask the Văn phòng to report the plan's results to the steering committee and the Sở Khoa
học và Công nghệ on the plan's calendar (rules/reporting.py). Layout (Decree 30/2020/NĐ-CP through
layout.py): the board as issuer, "Số: …/BC-<symbol>", place and date; "BÁO CÁO" with its trích yếu
("Kết quả thực hiện Kế hoạch … năm 2026"); "Kính gửi: …"; I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ (the counts and the
table of tasks, overdue first: lead and partners, deadline, state, the units' latest reports and products);
II. KẾT QUẢ CÁC CHỈ TIÊU (against the phase's targets); III. ĐÁNH GIÁ, KHÓ KHĂN, VƯỚNG MẮC; IV. NHIỆM VỤ
TRỌNG TÂM THỜI GIAN TỚI, ĐỀ XUẤT, KIẾN NGHỊ; the signature and "Nơi nhận".

The values come computed (services/progress_report.py): this module lays them out and never computes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from campaign.documents.layout import (
    Column,
    DocumentNumber,
    Issuer,
    Signer,
    TableSpec,
    add_addressees,
    add_header_block,
    add_heading,
    add_paragraph,
    add_signature_block,
    add_spacer,
    add_table,
    add_title,
    new_document,
    to_bytes,
    with_end_mark,
)
from campaign.vietnamese import measure

DASH = "–"


@dataclass(frozen=True)
class ProgressTask:
    number: str
    name: str
    lead: str
    partners: str
    deadline: str
    state: str  # 'Đang thực hiện (quá hạn)'
    overdue: bool
    reports: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    unit: str
    target: Decimal | None
    value: Decimal | None
    attained: bool | None


@dataclass
class ProgressReport:
    issuer: Issuer
    number: DocumentNumber
    date: dt.date | None
    year: int
    subject: str
    addressees: list[str]
    introduction: str
    tasks: list[ProgressTask] = field(default_factory=list)
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    not_started: int = 0
    indicators: list[IndicatorLine] = field(default_factory=list)
    indicators_phase: str = ""
    assessment: str = ""
    difficulties: str = ""
    next_steps: str = ""
    signer: Signer = field(default_factory=lambda: Signer(["TRƯỞNG BAN"], ""))
    recipients: list[str] = field(default_factory=list)


def _paragraphs(doc, text: str, *, last: bool = False) -> None:
    parts = [p.strip() for p in (text or "").split("\n") if p.strip()]
    for index, part in enumerate(parts):
        add_paragraph(doc, with_end_mark(part) if last and index == len(parts) - 1 else part)


def _tasks(doc, report: ProgressReport) -> None:
    add_heading(doc, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    total = len(report.tasks)
    add_paragraph(doc, f"Kế hoạch có {total} nhiệm vụ: {report.done} nhiệm vụ đã hoàn thành; {report.in_progress} "
                       f"nhiệm vụ đang thực hiện trong thời hạn; {report.not_started} nhiệm vụ chưa triển khai, chưa "
                       f"đến hạn; {report.overdue} nhiệm vụ quá hạn chưa hoàn thành (nêu trước trong bảng).")
    if not report.tasks:
        return
    rows, bold = [], set()
    for index, task in enumerate(report.tasks):
        name = f"{task.number}. {task.name}" if task.number else task.name
        units = task.lead + (f"\nPhối hợp: {task.partners}" if task.partners else "")
        rows.append([str(index + 1), name, units, task.deadline, task.state,
                     "\n".join(task.reports) if task.reports else "Chưa có báo cáo"])
        if task.overdue:
            bold.add(index)
    add_table(doc, TableSpec([Column("STT", 1.2, "center"), Column("Nhiệm vụ", 4.3), Column("Chủ trì, phối hợp", 3.0),
                              Column("Thời hạn", 2.2, "center"), Column("Tình trạng", 2.1),
                              Column("Báo cáo, sản phẩm của đơn vị", 3.7)], rows, bold_rows=bold), size=11)
    add_paragraph(doc, "Nhiệm vụ in đậm: quá hạn chưa hoàn thành.", italic=True, size=12)


def _indicators(doc, report: ProgressReport) -> None:
    heading = "II. KẾT QUẢ CÁC CHỈ TIÊU"
    add_heading(doc, heading)
    if not report.indicators:
        add_paragraph(doc, "Chưa có chỉ tiêu định lượng nào có kết quả trong kỳ báo cáo.")
        return
    add_paragraph(doc, f"Kết quả chung của các đơn vị so với chỉ tiêu {report.indicators_phase.lower()} "
                       "(trung bình cộng kết quả các đơn vị, cá nhân đã có kết quả):")
    rows = [[str(i), line.name, measure(line.target, line.unit) or DASH, measure(line.value, line.unit) or DASH,
             DASH if line.attained is None else ("Đạt" if line.attained else "Chưa đạt")]
            for i, line in enumerate(report.indicators, 1)]
    add_table(doc, TableSpec([Column("STT", 1.2, "center"), Column("Chỉ tiêu", 8.3), Column("Chỉ tiêu giai đoạn", 2.4, "center"),
                              Column("Kết quả", 2.4, "center"), Column("Đánh giá", 2.2, "center")], rows), size=12)
    add_spacer(doc)


def build_progress_report(report: ProgressReport) -> bytes:
    doc = new_document(title=f"Báo cáo {report.subject}"[:255], author=report.issuer.name[:255])
    add_header_block(doc, report.issuer, number=report.number, date=report.date, year=report.year)
    add_title(doc, "BÁO CÁO", report.subject)
    if report.addressees:
        add_addressees(doc, report.addressees)
    _paragraphs(doc, report.introduction)
    _tasks(doc, report)
    _indicators(doc, report)
    add_heading(doc, "III. ĐÁNH GIÁ CHUNG, KHÓ KHĂN, VƯỚNG MẮC")
    _paragraphs(doc, report.assessment)
    _paragraphs(doc, report.difficulties)
    add_heading(doc, "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI, ĐỀ XUẤT, KIẾN NGHỊ")
    _paragraphs(doc, report.next_steps, last=True)
    add_signature_block(doc, report.signer, report.recipients)
    return to_bytes(doc)
