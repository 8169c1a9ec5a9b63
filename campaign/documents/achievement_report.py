"""The achievement report (báo cáo thành tích) that goes with a nomination.

The forms are those annexed to Decree 152/2025/NĐ-CP (which kept the forms of Decree 98/2023/NĐ-CP):

- an individual: I. SƠ LƯỢC LÝ LỊCH; II. THÀNH TÍCH ĐẠT ĐƯỢC (1. quyền hạn, nhiệm vụ được giao;
  2. thành tích đạt được); III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG; signed by the reporting person on the
  right, confirmed by the head of the unit on the left (never the reporter: rules.signatures chooses who)
  and, when the award is decided above the unit, by the level that proposes it, centred beneath;
- a collective: I. ĐẶC ĐIỂM, CHỨC NĂNG, NHIỆM VỤ; II. THÀNH TÍCH ĐẠT ĐƯỢC; III. CÁC HÌNH THỨC KHEN
  THƯỞNG ĐÃ ĐẠT; signed by the head of the unit on the right and confirmed by the level that proposes the
  award on the left.

The heading names the award as the decree writes it: "ĐỀ NGHỊ TẶNG DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" for
a title (danh hiệu thi đua), "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH" for a commendation.

The page, header and signature blocks follow Decree 30/2020/NĐ-CP, Phụ lục I (see layout.py). The
input is plain data (dates as datetime.date, figures as Decimal), so the web layer fills it from the
database and this module never sees a model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from campaign.documents.layout import (
    Column,
    Issuer,
    Signer,
    Span,
    TableSpec,
    add_header_block,
    add_heading,
    add_paragraph,
    add_spacer,
    add_table,
    add_title,
    add_two_signatures,
    new_document,
    to_bytes,
)
from campaign.vietnamese import measure, number, short_date

NONE = "Không"


@dataclass(frozen=True)
class CriterionResult:
    """A criterion's result in the phase: target and actual in `unit` ('%', 'tin bài', '').

    `attainment` is the percentage attained as rules.scoring.attainment_percent computed it (the figure
    the screens show); the document prints it and never computes. `note` is a qualitative result in the
    unit's words ('Hoàn thành tốt nội dung được giao'), printed across the three figure columns when there
    is no figure.
    """

    criterion: str
    target: Decimal | None = None
    actual: Decimal | None = None
    unit: str = ""
    attainment: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Initiative:
    """A sáng kiến, giải pháp, mô hình: its title, recognition level ('cấp cơ sở') and decision."""

    title: str
    level: str
    decision_number: str = ""
    decision_date: dt.date | None = None
    decided_by: str = ""
    benefit: str = ""


@dataclass(frozen=True)
class PriorAward:
    """An award already received. `emulation_title` for a danh hiệu thi đua (LĐTT, CSTĐCS, TTLĐXS…)."""

    year: int
    form: str
    decision_number: str = ""
    decision_date: dt.date | None = None
    decided_by: str = ""
    emulation_title: bool = False


@dataclass(frozen=True)
class Sanction:
    """A disciplinary sanction ('khiển trách', 'cảnh cáo' …) with its decision and reason."""

    level: str
    decision_number: str = ""
    decision_date: dt.date | None = None
    decided_by: str = ""
    reason: str = ""


@dataclass(frozen=True)
class IndividualProfile:
    """I. Sơ lược lý lịch. Empty optional fields are left out of the report."""

    full_name: str
    gender: str = ""
    birth_date: dt.date | None = None
    unit: str = ""  # the full chain: 'Phòng Kế hoạch – Tổng hợp, Ban Quản lý dự án hạ tầng, Ban Quản lý …'
    position: str = ""
    hometown: str = ""
    residence: str = ""
    qualification: str = ""
    academic_titles: str = ""
    ethnicity: str = ""
    political_theory: str = ""


@dataclass(frozen=True)
class Signatory:
    """Who signs one block: the name (blank: left for the hand), the title line under the block's heading
    ('Trưởng phòng', 'Trưởng Ban') and the note ('(Ký, đóng dấu)' for a body with a seal, else
    '(Ký, ghi rõ họ và tên)'), all as rules.signatures decided them."""

    full_name: str = ""
    title: str = ""
    note: str = "(Ký, đóng dấu)"


@dataclass(frozen=True)
class CollectiveProfile:
    """I. Đặc điểm, chức năng, nhiệm vụ of a collective."""

    name: str
    characteristics: str = ""
    functions: str = ""
    staff_count: int | None = None
    address: str = ""


@dataclass
class AchievementReport:
    """Everything the report prints. Exactly one of `individual` and `collective` is given.

    `issuer` is the header's left column: parent_body is the agency ('BAN QUẢN LÝ KHU KINH TẾ VÂN
    PHONG'), name the reporting unit ('VĂN PHÒNG'), place_name the place in the date line.
    `award_form` is the form's name in normal case ('Giấy khen của Trưởng Ban Quản lý …', 'Lao động
    tiên tiến'); `award_is_title` for a danh hiệu thi đua, which the heading names as one; `proposal` the
    verb of the heading ('tặng').
    Signatures: an individual's report is confirmed on the left by `unit_head` (the head who confirms:
    never the reporter) and, when given, by `proposer` (XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG) centred
    beneath; a collective's report is signed on the right by `unit_head` (its own head) and confirmed on
    the left by `proposer`.
    """

    issuer: Issuer
    award_form: str
    campaign_name: str
    individual: IndividualProfile | None = None
    collective: CollectiveProfile | None = None
    duties: str = ""
    achievement_summary: str = ""
    criteria: list[CriterionResult] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    prior_awards: list[PriorAward] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    date: dt.date | None = None
    year: int | None = None
    unit_head: Signatory | None = None
    proposer: Signatory | None = None
    award_is_title: bool = False
    proposal: str = "tặng"

    @property
    def kind(self) -> str:
        """'individual' or 'collective'."""
        if (self.individual is None) == (self.collective is None):
            raise ValueError("An achievement report is for one individual or one collective.")
        return "individual" if self.individual is not None else "collective"

    @property
    def nominee_name(self) -> str:
        return self.individual.full_name if self.individual else self.collective.name  # type: ignore[union-attr]


# --- texts ----------------------------------------------------------------------------------------


def _figure(value: Decimal | None, unit: str) -> str:
    return measure(value, unit)


def decision_text(number_: str, date: dt.date | None, decided_by: str) -> str:
    """'Số 12/QĐ-KKTKCN ngày 05/11/2027 của Trưởng Ban Quản lý …' (the parts that are known)."""
    parts = []
    if number_:
        parts.append(f"Số {number_}")
    if date:
        parts.append(f"ngày {short_date(date)}")
    if decided_by:
        parts.append(f"của {decided_by}")
    return " ".join(parts)


def award_heading(name: str, *, title: bool) -> str:
    """The award as the heading names it: 'danh hiệu “Lao động tiên tiến”' for a title (a name already
    written 'Danh hiệu …' is not doubled), the name itself for a commendation ('Bằng khen của …')."""
    name = " ".join(name.split())
    if not title:
        return name
    if name.lower().startswith("danh hiệu"):
        name = name[len("danh hiệu"):].strip()
    name = name.strip("“”\"«» ")
    return f"danh hiệu “{name}”"


def heading_lines(report: AchievementReport) -> tuple[str, str, str]:
    """('BÁO CÁO THÀNH TÍCH', 'ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA …', '(Phong trào thi đua …)')."""
    campaign = report.campaign_name.strip()
    if campaign and not campaign.startswith("("):
        campaign = f"({campaign})"
    award = award_heading(report.award_form, title=report.award_is_title)
    return "BÁO CÁO THÀNH TÍCH", f"ĐỀ NGHỊ {report.proposal} {award}".upper(), campaign


def capitalised(text: str) -> str:
    """A text that starts a cell or a line starts with a capital, as a document writes it ('Cấp cơ sở')."""
    return text[:1].upper() + text[1:]


def _paragraphs(doc, text: str) -> None:
    for chunk in (text or "").splitlines():
        if chunk.strip():
            add_paragraph(doc, chunk.strip())


def _item(doc, label: str, value: str) -> None:
    add_paragraph(doc, f"- {label}: {value}".rstrip())


# --- sections -------------------------------------------------------------------------------------


def _individual_profile(doc, person: IndividualProfile) -> None:
    """The decree's order: name, birth, gender, ethnicity, hometown, residence, unit, position,
    qualification, political theory, academic titles; the optional details only when recorded."""
    add_heading(doc, "I. SƠ LƯỢC LÝ LỊCH")
    _item(doc, "Họ và tên", person.full_name)
    _item(doc, "Sinh ngày, tháng, năm", short_date(person.birth_date))
    _item(doc, "Giới tính", person.gender)
    for label, value in (("Dân tộc", person.ethnicity), ("Quê quán", person.hometown),
                         ("Nơi thường trú", person.residence)):
        if value:
            _item(doc, label, value)
    _item(doc, "Đơn vị công tác", person.unit)
    _item(doc, "Chức vụ (Đảng, chính quyền, đoàn thể)", person.position)
    for label, value in (("Trình độ chuyên môn, nghiệp vụ", person.qualification),
                         ("Trình độ lý luận chính trị", person.political_theory),
                         ("Học hàm, học vị", person.academic_titles)):
        if value:
            _item(doc, label, value)


def _collective_profile(doc, group: CollectiveProfile) -> None:
    add_heading(doc, "I. ĐẶC ĐIỂM, CHỨC NĂNG, NHIỆM VỤ")
    add_heading(doc, "1. Đặc điểm, tình hình")
    if group.address:
        _item(doc, "Địa chỉ", group.address)
    if group.staff_count is not None:
        _item(doc, "Tổng số cán bộ, công chức, viên chức, người lao động", f"{number(group.staff_count)} người")
    _paragraphs(doc, group.characteristics)
    add_heading(doc, "2. Chức năng, nhiệm vụ")
    _paragraphs(doc, group.functions or NONE)


def criteria_table(criteria: list[CriterionResult]) -> TableSpec:
    """One row per criterion. A result in words (no target, figure or attainment) is printed across the
    three figure columns, capitalised, so it reads as the unit wrote it."""
    rows = []
    merged: dict[int, tuple[int, int]] = {}
    for i, item in enumerate(criteria, 1):
        attained = item.attainment
        if item.target is None and item.actual is None and attained is None:
            merged[i - 1] = (2, 4)
            rows.append([str(i), item.criterion, capitalised(item.note.strip()) or "—", "", ""])
            continue
        rows.append([
            str(i),
            item.criterion,
            _figure(item.target, item.unit),
            _figure(item.actual, item.unit) or capitalised(item.note),
            number(attained, 1) if attained is not None else "",
        ])
    return TableSpec(
        columns=[
            Column("STT", 1.2, "center"),
            Column("Tiêu chí, chỉ tiêu thi đua", 7.0),
            Column("Chỉ tiêu", 2.6, "center"),
            Column("Kết quả", 2.6, "center"),
            Column("Tỷ lệ đạt (%)", 2.6, "center"),
        ],
        rows=rows,
        merged=merged,
    )


def initiatives_table(initiatives: list[Initiative]) -> TableSpec:
    rows = [
        [str(i), item.title + (f" ({item.benefit})" if item.benefit else ""), capitalised(item.level),
         decision_text(item.decision_number, item.decision_date, item.decided_by)]
        for i, item in enumerate(initiatives, 1)
    ]
    return TableSpec(
        columns=[
            Column("STT", 1.2, "center"),
            Column("Tên sáng kiến, giải pháp, mô hình", 6.8),
            Column("Cấp công nhận", 2.6, "center"),
            Column("Quyết định công nhận", 5.4),
        ],
        rows=rows,
    )


def awards_table(awards: list[PriorAward], *, titles: bool) -> TableSpec:
    rows = [
        [str(item.year), item.form, decision_text(item.decision_number, item.decision_date, item.decided_by)]
        for item in sorted(awards, key=lambda award: award.year)
    ]
    heading = "Danh hiệu thi đua" if titles else "Hình thức khen thưởng"
    what = "công nhận danh hiệu thi đua" if titles else "khen thưởng"
    return TableSpec(
        columns=[
            Column("Năm", 1.8, "center"),
            Column(heading, 6.2),
            Column(f"Số, ngày, tháng, năm của quyết định {what}; cơ quan ban hành quyết định", 8.0),
        ],
        rows=rows,
    )


def sanction_text(item: Sanction) -> str:
    decision = decision_text(item.decision_number, item.decision_date, item.decided_by)
    text = capitalised(item.level)
    if decision:
        text += f" (Quyết định {decision[0].lower()}{decision[1:]})"
    if item.reason:
        text += f": {item.reason.rstrip('.')}"
    return text


def _table_or_none(doc, label: str, spec: TableSpec) -> None:
    if spec.rows:
        add_heading(doc, label)
        add_table(doc, spec)
        add_spacer(doc, 6)
    else:
        _none(doc, label)


def _none(doc, label: str) -> None:
    """'b) Sáng kiến, …: Không.' with the label in bold, as the heading it stands for."""
    add_paragraph(doc, [Span(f"{label}: ", bold=True), Span(f"{NONE}.")])


def _achievements(doc, report: AchievementReport) -> None:
    add_heading(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    if report.kind == "individual":
        add_heading(doc, "1. Quyền hạn, nhiệm vụ được giao")
        _paragraphs(doc, report.duties or NONE)
        add_heading(doc, "2. Thành tích đạt được")
        _paragraphs(doc, report.achievement_summary)
        labels = ("a) Kết quả thực hiện các tiêu chí, chỉ tiêu thi đua",
                  "b) Sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả")
    else:
        add_heading(doc, "1. Kết quả thực hiện nhiệm vụ được giao")
        _paragraphs(doc, report.duties)
        _paragraphs(doc, report.achievement_summary or NONE)
        labels = ("2. Kết quả thực hiện các tiêu chí, chỉ tiêu thi đua",
                  "3. Sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả")
    _table_or_none(doc, labels[0], criteria_table(report.criteria))
    _table_or_none(doc, labels[1], initiatives_table(report.initiatives))


def _awards(doc, report: AchievementReport) -> None:
    heading = (
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"
        if report.kind == "individual"
        else "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐẠT"
    )
    add_heading(doc, heading)
    titles = [award for award in report.prior_awards if award.emulation_title]
    others = [award for award in report.prior_awards if not award.emulation_title]
    _table_or_none(doc, "1. Danh hiệu thi đua", awards_table(titles, titles=True))
    _table_or_none(doc, "2. Hình thức khen thưởng", awards_table(others, titles=False))
    if report.sanctions:
        add_heading(doc, "3. Kỷ luật")
        for item in report.sanctions:
            add_paragraph(doc, f"- {sanction_text(item)}.")
    else:
        _none(doc, "3. Kỷ luật")


def _signers(report: AchievementReport) -> tuple[Signer | None, Signer, Signer | None]:
    """(left, right, below) for layout.add_two_signatures."""

    def block(heading: str, who: Signatory | None) -> Signer | None:
        if who is None:
            return None
        return Signer([heading] + ([who.title] if who.title else []), who.full_name, note=who.note)

    proposer = block("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", report.proposer)
    if report.kind == "individual":
        reporter = Signer(["NGƯỜI BÁO CÁO THÀNH TÍCH"], report.nominee_name, note="(Ký, ghi rõ họ và tên)")
        return block("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", report.unit_head), reporter, proposer
    head = block("THỦ TRƯỞNG ĐƠN VỊ", report.unit_head or Signatory())
    return proposer, head, None  # type: ignore[return-value]


# --- the builder ----------------------------------------------------------------------------------


def build_achievement_report(report: AchievementReport) -> bytes:
    """The report as .docx bytes."""
    kind = report.kind
    title, subject, note = heading_lines(report)
    doc = new_document(title=f"{title} {subject}", author=report.issuer.name)
    add_header_block(doc, report.issuer, date=report.date, year=report.year)
    add_title(doc, title, subject, note=note)
    if kind == "collective":
        add_paragraph(doc, f"Tên tập thể: {report.nominee_name}", bold=True, align="center", indent=False)
        _collective_profile(doc, report.collective)  # type: ignore[arg-type]
    else:
        _individual_profile(doc, report.individual)  # type: ignore[arg-type]
    _achievements(doc, report)
    _awards(doc, report)
    left, right, below = _signers(report)
    add_two_signatures(doc, left, right, below=below)
    return to_bytes(doc)
