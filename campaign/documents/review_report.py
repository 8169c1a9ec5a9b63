"""The phase review report of a campaign: Báo cáo sơ kết (end of phase 1) / tổng kết (end of phase 2).

Layout (Decree 30/2020/NĐ-CP, Phụ lục I, through layout.py): the board as issuer, "Số: …/BC-<symbol>",
place and date; "BÁO CÁO" with its trích yếu ("Sơ kết giai đoạn 1 (2026–2027) Phong trào thi đua “…”");
I. KẾT QUẢ THỰC HIỆN (results per criterion against the phase's targets, per unit, the previous phase
against this one for a tổng kết, the plan tasks, the awards, the initiatives, with charts where a table is
hard to read); II. ĐÁNH GIÁ CHUNG and III. PHƯƠNG HƯỚNG, NHIỆM VỤ (the office's editable text); the
signature with "Nơi nhận".

Every figure comes computed (services/review_report.py, rules/review.py): this module formats and lays
out, and never computes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from campaign.documents.charts import BarChart, render_bar_chart
from campaign.documents.layout import (
    Column,
    DocumentNumber,
    Issuer,
    Signer,
    TableSpec,
    add_header_block,
    add_heading,
    add_paragraph,
    add_picture,
    add_signature_block,
    add_spacer,
    add_table,
    add_title,
    new_document,
    to_bytes,
    with_end_mark,
)
from campaign.vietnamese import measure, number, short_date

DASH = "–"


@dataclass(frozen=True)
class CriterionLine:
    code: str
    name: str
    unit: str  # '%', 'tin bài/năm'
    target: Decimal | None
    value: Decimal | None  # the board-wide figure (mean of the units' / people's results)
    counted: int
    met: int
    attained: bool | None
    scope: str = "đơn vị"  # who the results are of: 'đơn vị' or 'cá nhân'


@dataclass(frozen=True)
class UnitLine:
    name: str
    counted: int  # criteria with a result
    met: int
    share: Decimal | None


@dataclass(frozen=True)
class ComparisonLine:
    label: str
    unit: str
    previous: Decimal | None
    current: Decimal | None
    previous_target: Decimal | None = None
    current_target: Decimal | None = None


@dataclass(frozen=True)
class TaskLine:
    number: str
    name: str
    lead: str
    deadline: str
    state: str  # 'Hoàn thành trễ hạn (14/11/2026)', 'Quá hạn, chưa hoàn thành'


@dataclass(frozen=True)
class AwardLine:
    form: str
    kind: str  # 'Danh hiệu thi đua' / 'Hình thức khen thưởng'
    collectives: int
    individuals: int
    total: int


@dataclass(frozen=True)
class CountLine:
    label: str
    count: int
    share: Decimal | None = None


@dataclass
class ReviewReport:
    issuer: Issuer
    number: DocumentNumber
    date: dt.date | None
    year: int
    subject: str  # 'Sơ kết giai đoạn 1 (2026–2027) Phong trào thi đua “…”'
    introduction: str
    criteria: list[CriterionLine] = field(default_factory=list)
    criteria_note: str = ""
    criteria_summary: str = ""
    units: list[UnitLine] = field(default_factory=list)
    units_summary: str = ""
    comparison: list[ComparisonLine] = field(default_factory=list)
    comparison_heads: tuple[str, str] = ("", "")  # the previous and this phase's names
    comparison_summary: str = ""
    tasks_summary: str = ""
    late_tasks: list[TaskLine] = field(default_factory=list)
    awards: list[AwardLine] = field(default_factory=list)
    award_totals: tuple[int, int, int] = (0, 0, 0)
    awards_summary: str = ""
    people: list[CountLine] = field(default_factory=list)  # leaders, staff, women among the individuals
    initiatives: list[CountLine] = field(default_factory=list)
    initiatives_summary: str = ""
    charts: dict[str, BarChart] = field(default_factory=dict)  # 'criteria', 'units', 'awards'
    assessment: str = ""
    directions: str = ""
    signer: Signer = field(default_factory=lambda: Signer(["TRƯỞNG BAN"], ""))
    recipients: list[str] = field(default_factory=list)


def _value(value: Decimal | None, unit: str) -> str:
    return measure(value, unit) if value is not None else DASH


def _percent(value: Decimal | None) -> str:
    return f"{number(value, 2)}%" if value is not None else DASH


def _verdict(attained: bool | None) -> str:
    return DASH if attained is None else ("Đạt" if attained else "Chưa đạt")


def _paragraphs(doc, text: str, *, last: bool = False) -> None:
    parts = [p.strip() for p in (text or "").split("\n") if p.strip()]
    for index, part in enumerate(parts):
        add_paragraph(doc, with_end_mark(part) if last and index == len(parts) - 1 else part)


def _chart(doc, report: ReviewReport, key: str, caption: str) -> None:
    chart = report.charts.get(key)
    if chart is not None and chart.labels:
        add_picture(doc, render_bar_chart(chart), width_cm=16, caption=caption)


def _criteria(doc, report: ReviewReport) -> int:
    add_heading(doc, "1. Kết quả thực hiện các tiêu chí, chỉ tiêu thi đua")
    if report.criteria_summary:
        add_paragraph(doc, report.criteria_summary)
    if not report.criteria:
        add_paragraph(doc, "Chưa có kết quả tiêu chí định lượng nào được ghi nhận trong giai đoạn.")
        return 0
    rows = [[str(i), f"{line.code}. {line.name}", _value(line.target, line.unit), _value(line.value, line.unit),
             f"{line.met}/{line.counted} {line.scope}", _verdict(line.attained)]
            for i, line in enumerate(report.criteria, 1)]
    add_table(doc, TableSpec([Column("STT", 1.3, "center"), Column("Tiêu chí", 6.4), Column("Chỉ tiêu", 2.1, "center"),
                              Column("Kết quả", 2.3, "center"), Column("Số đạt chỉ tiêu", 2.3, "center"),
                              Column("Đánh giá", 2.1, "center")], rows), size=12)
    if report.criteria_note:
        add_paragraph(doc, report.criteria_note, italic=True, size=12)
    else:
        add_spacer(doc)
    charts = 0
    if "criteria" in report.charts:
        charts += 1
        _chart(doc, report, "criteria", f"Biểu đồ {charts}. Mức độ đạt chỉ tiêu của các tiêu chí (%)")
    return charts


def _units(doc, report: ReviewReport) -> None:
    add_heading(doc, "2. Kết quả theo đơn vị")
    if report.units_summary:
        add_paragraph(doc, report.units_summary)
    if not report.units:
        return
    rows = [[str(i), line.name, str(line.counted), str(line.met), _percent(line.share)]
            for i, line in enumerate(report.units, 1)]
    add_table(doc, TableSpec([Column("STT", 1.3, "center"), Column("Đơn vị", 7.4),
                              Column("Số tiêu chí có kết quả", 2.6, "center"), Column("Số tiêu chí đạt", 2.6, "center"),
                              Column("Tỷ lệ đạt", 2.6, "center")], rows), size=12)
    add_spacer(doc)


def _comparison(doc, report: ReviewReport, number_: str) -> None:
    previous, current = report.comparison_heads
    add_heading(doc, f"{number_}. So sánh {current.lower()} với {previous.lower()}")
    if report.comparison_summary:
        add_paragraph(doc, report.comparison_summary)
    rows = []
    for i, line in enumerate(report.comparison, 1):
        rows.append([str(i), line.label, _value(line.previous, line.unit), _value(line.current, line.unit)])
    add_table(doc, TableSpec([Column("STT", 1.3, "center"), Column("Nội dung", 8.2),
                              Column(previous, 3.5, "center"), Column(current, 3.5, "center")], rows), size=12)
    add_spacer(doc)


def _tasks(doc, report: ReviewReport, number_: str) -> None:
    add_heading(doc, f"{number_}. Thực hiện nhiệm vụ của các kế hoạch")
    add_paragraph(doc, report.tasks_summary)
    if report.late_tasks:
        add_paragraph(doc, "Các nhiệm vụ chưa hoàn thành đúng hạn:", indent=True, keep_with_next=True)
        rows = [[str(i), f"{line.number}. {line.name}" if line.number else line.name, line.lead, line.deadline,
                 line.state] for i, line in enumerate(report.late_tasks, 1)]
        add_table(doc, TableSpec([Column("STT", 1.3, "center"), Column("Nhiệm vụ", 6.4), Column("Chủ trì", 3.2),
                                  Column("Thời hạn", 2.2, "center"), Column("Tình trạng", 3.4)], rows), size=12)
        add_spacer(doc)


def _awards(doc, report: ReviewReport, number_: str, charts: int) -> int:
    add_heading(doc, f"{number_}. Công tác khen thưởng")
    if report.awards_summary:
        add_paragraph(doc, report.awards_summary)
    if report.awards:
        rows = [[str(i), line.form, line.kind, str(line.collectives), str(line.individuals), str(line.total)]
                for i, line in enumerate(report.awards, 1)]
        c, p, t = report.award_totals
        add_table(doc, TableSpec([Column("STT", 1.3, "center"), Column("Hình thức khen thưởng", 5.8),
                                  Column("Loại", 3.4), Column("Tập thể", 2.0, "center"),
                                  Column("Cá nhân", 2.0, "center"), Column("Cộng", 2.0, "center")], rows,
                                 totals=["Tổng cộng", str(c), str(p), str(t)], totals_span=3), size=12)
        add_spacer(doc)
    if report.people:
        rows = [[str(i), line.label, str(line.count), _percent(line.share)] for i, line in enumerate(report.people, 1)]
        add_paragraph(doc, "Cơ cấu cá nhân được khen thưởng:", keep_with_next=True)
        add_table(doc, TableSpec([Column("STT", 1.3, "center"), Column("Cá nhân được khen thưởng", 8.7),
                                  Column("Số lượng", 3.25, "center"), Column("Tỷ lệ", 3.25, "center")], rows), size=12)
        add_spacer(doc)
    if "awards" in report.charts and report.awards:
        charts += 1
        _chart(doc, report, "awards", f"Biểu đồ {charts}. Số tập thể, cá nhân được khen thưởng theo hình thức")
    return charts


def _initiatives(doc, report: ReviewReport, number_: str) -> None:
    add_heading(doc, f"{number_}. Sáng kiến, giải pháp, mô hình hay")
    if report.initiatives_summary:
        add_paragraph(doc, report.initiatives_summary)
    if report.initiatives:
        rows = [[str(i), line.label, str(line.count)] for i, line in enumerate(report.initiatives, 1)]
        total = sum(line.count for line in report.initiatives)
        add_table(doc, TableSpec([Column("STT", 1.3, "center"), Column("Cấp công nhận", 11.2),
                                  Column("Số lượng", 4.0, "center")], rows, totals=["Tổng cộng", str(total)],
                                 totals_span=2), size=12)
        add_spacer(doc)


def build_review_report(report: ReviewReport) -> bytes:
    """The report as .docx bytes."""
    # the core properties hold at most 255 characters
    doc = new_document(title=f"Báo cáo {report.subject}"[:255], author=report.issuer.name[:255])
    add_header_block(doc, report.issuer, number=report.number, date=report.date, year=report.year)
    add_title(doc, "BÁO CÁO", report.subject)
    _paragraphs(doc, report.introduction)
    add_heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    charts = _criteria(doc, report)
    _units(doc, report)
    section = 3
    if report.comparison:
        _comparison(doc, report, str(section))
        section += 1
    _tasks(doc, report, str(section))
    charts = _awards(doc, report, str(section + 1), charts)
    _initiatives(doc, report, str(section + 2))
    add_heading(doc, "II. ĐÁNH GIÁ CHUNG")
    _paragraphs(doc, report.assessment)
    add_heading(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ")
    _paragraphs(doc, report.directions, last=True)
    add_signature_block(doc, report.signer, report.recipients)
    return to_bytes(doc)


def task_state_text(label: str, completed_on: dt.date | None) -> str:
    """'Hoàn thành trễ hạn (14/11/2026)'."""
    return f"{label} ({short_date(completed_on)})" if completed_on else label
