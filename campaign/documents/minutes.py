"""The council's minutes (Biên bản họp Hội đồng Thi đua – Khen thưởng) and the result of its secret ballot
(Biên bản kiểm phiếu), as .docx.

There is no national form for either; the usual one (DOMAIN.md, "Forms"): time, place, chair, secretary,
members present and absent, the proceedings, "Hội đồng đã bỏ phiếu kín, kết quả …", the table of
nominees with their votes, the closing time, the signatures of the secretary (left) and the chair (right).
Higher awards require the minutes and the result of the secret ballot in the dossier sent up.

Pure python-docx from layout.py's pieces: the input is frozen dataclasses of strings and counts that the
adapter (campaign/services/minutes.py) filled from the services (the tallies, the thresholds as the rules
write them, the ranking); nothing here computes a figure, a ratio or a rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from campaign.documents.layout import (
    Column,
    DocumentNumber,
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
    with_end_mark,
)
from campaign.vietnamese import long_date

BLANK_CLOCK = "……"


# --- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberLine:
    """A council member as the minutes name them: 'Lê Văn Tuấn, Trưởng Ban, Chủ tịch Hội đồng'.

    `note` follows in brackets ('vắng mặt, có phiếu bầu bằng văn bản')."""

    full_name: str
    title: str = ""
    role: str = ""
    note: str = ""

    def text(self) -> str:
        parts = self.full_name
        if self.title:
            parts += f", {self.title}"
        if self.role:
            parts += f", {self.role}"
        if self.note:
            parts += f" ({self.note})"
        return parts


@dataclass(frozen=True)
class ScoreLine:
    """One nominee's aggregated score as the scoring service computed it, already written ('85,5')."""

    name: str
    unit: str
    score: str


@dataclass(frozen=True)
class VoteLine:
    """One nominee's count: agreements and disagreements out of all `members`, the ratio ('66,67%'), the
    threshold as the rules write it ('từ 2/3 trở lên') and whether it passed, all from the services."""

    name: str
    unit: str
    agree: int
    disagree: int
    members: int
    ratio: str
    threshold: str
    passed: bool
    not_voting: int = 0

    @property
    def agree_text(self) -> str:
        return f"{self.agree}/{self.members}"

    @property
    def result(self) -> str:
        return "Đạt" if self.passed else "Không đạt"


@dataclass(frozen=True)
class AwardSection:
    """One list of the session (an award form for collectives or individuals), in the ranking's order."""

    title: str
    scores: tuple[ScoreLine, ...] = ()
    votes: tuple[VoteLine, ...] = ()


@dataclass(frozen=True)
class OverrideLine:
    """A move of the chair across the cut: 'Hoàng Thị Yến (Lao động tiên tiến): đưa vào danh sách đề nghị'."""

    nominee: str
    award: str
    move: str
    reason: str


@dataclass(frozen=True)
class RecusalLine:
    member: str
    nominee: str
    reason: str


@dataclass(frozen=True)
class Signatures:
    """The secretary signs on the left, the chair on the right."""

    secretary: str = ""
    chair: str = ""
    secretary_title: str = "THƯ KÝ"
    chair_title: str = "CHỦ TỊCH HỘI ĐỒNG"


@dataclass(frozen=True)
class Minutes:
    """Everything the minutes print. Texts are final (Vietnamese, with their figures); `proceedings` and
    `conclusions` are the office's editable texts, one paragraph per line; `started_at` and `closing_time`
    are 'hh:mm' or '' (left blank for the hand); `closing_date` is None when the meeting ended the day it
    was held ('cùng ngày')."""

    issuer: Issuer
    number: DocumentNumber
    date: dt.date | None
    year: int
    subject: str
    held_on: dt.date
    started_at: str
    place: str
    chair: MemberLine
    secretary: MemberLine | None
    present: tuple[MemberLine, ...]
    absent: tuple[MemberLine, ...]
    quorum: str
    proceedings: str
    score_note: str
    score_heading: str
    sections: tuple[AwardSection, ...]
    ballot: str
    overrides: tuple[OverrideLine, ...]
    recusals: tuple[RecusalLine, ...]
    conclusions: str
    closing_time: str
    signatures: Signatures
    closing_date: dt.date | None = None


@dataclass(frozen=True)
class BallotResult:
    """The Biên bản kiểm phiếu: the counts of ballots (given, as the services counted them) and per list
    each nominee's agreements, disagreements, ratio, threshold and result."""

    issuer: Issuer
    number: DocumentNumber
    date: dt.date | None
    year: int
    subject: str
    held_on: dt.date
    place: str
    members: int
    issued: int
    issued_note: str
    received: int
    valid: int
    invalid: int
    basis: str  # how the ratio is counted: 'Tỷ lệ phiếu đồng ý tính trên tổng số 9 thành viên Hội đồng.'
    sections: tuple[AwardSection, ...]
    closing_time: str
    signatures: Signatures
    note: str = ""
    lines: tuple[str, ...] = field(default=())  # extra lines after the counts (recused members not voting)


# --- texts ----------------------------------------------------------------------------------------


def clock_text(value: str) -> str:
    """'08:05' → '08 giờ 05 phút'; '' → '…… giờ …… phút' (to be written by hand)."""
    if not value:
        return f"{BLANK_CLOCK} giờ {BLANK_CLOCK} phút"
    hours, _, minutes = value.partition(":")
    return f"{hours} giờ {minutes} phút"


def time_line(started_at: str, held_on: dt.date) -> str:
    """'Thời gian: 08 giờ 00 phút, ngày 20 tháng 12 năm 2026.'"""
    return f"{clock_text(started_at)}, {long_date(held_on)}."


def closing_line(closing_time: str, closing_date: dt.date | None) -> str:
    """'Cuộc họp kết thúc vào lúc 10 giờ 30 phút cùng ngày.' ('…, ngày 21 tháng 12 năm 2026' when later)."""
    when = "cùng ngày" if closing_date is None else long_date(closing_date)
    sep = " " if closing_date is None else ", "
    return f"Cuộc họp kết thúc vào lúc {clock_text(closing_time)}{sep}{when}"


def paragraphs_of(text: str) -> list[str]:
    """An editable text as paragraphs: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- tables ---------------------------------------------------------------------------------------


def score_table(section: AwardSection, heading: str = "Điểm bình quân") -> TableSpec:
    return TableSpec(
        columns=[Column("STT", 1.2, "center"), Column("Họ và tên / Tên tập thể", 6.0),
                 Column("Đơn vị", 6.0), Column(heading, 3.3, "center")],
        rows=[[str(i), line.name, line.unit, line.score] for i, line in enumerate(section.scores, start=1)],
    )


def nominee_cell(line: VoteLine) -> str:
    """The nominee and, on a second line, their unit (a collective has none)."""
    return f"{line.name}\n{line.unit}" if line.unit else line.name


def vote_table(section: AwardSection) -> TableSpec:
    """The minutes' table: 'Số phiếu đồng ý' as '6/9', the ratio, the threshold, Đạt / Không đạt."""
    return TableSpec(
        columns=[Column("STT", 1.2, "center"), Column("Họ và tên / Tên tập thể, đơn vị", 6.0),
                 Column("Số phiếu đồng ý", 2.1, "center"), Column("Tỷ lệ", 2.0, "center"),
                 Column("Tỷ lệ quy định", 3.0, "center"), Column("Kết quả", 2.2, "center")],
        rows=[[str(i), nominee_cell(line), line.agree_text, line.ratio, line.threshold, line.result]
              for i, line in enumerate(section.votes, start=1)],
    )


def count_table(section: AwardSection) -> TableSpec:
    """The ballot result's table: agreements, disagreements, (members not voting on it, when a recused member
    left it off their ballot), ratio, threshold, result."""
    abstained = any(line.not_voting for line in section.votes)
    if abstained:
        columns = [Column("STT", 1.2, "center"), Column("Họ và tên / Tên tập thể, đơn vị", 3.8),
                   Column("Đồng ý", 1.6, "center"), Column("Không đồng ý", 1.8, "center"),
                   Column("Không tham gia", 1.8, "center"), Column("Tỷ lệ đồng ý", 1.9, "center"),
                   Column("Tỷ lệ quy định", 2.3, "center"), Column("Kết quả", 2.1, "center")]
    else:
        columns = [Column("STT", 1.2, "center"), Column("Họ và tên / Tên tập thể, đơn vị", 4.9),
                   Column("Đồng ý", 1.7, "center"), Column("Không đồng ý", 1.9, "center"),
                   Column("Tỷ lệ đồng ý", 2.0, "center"), Column("Tỷ lệ quy định", 2.6, "center"),
                   Column("Kết quả", 2.2, "center")]
    rows = []
    for i, line in enumerate(section.votes, start=1):
        counts = [str(line.agree), str(line.disagree)] + ([str(line.not_voting)] if abstained else [])
        rows.append([str(i), nominee_cell(line), *counts, line.ratio, line.threshold, line.result])
    return TableSpec(columns=columns, rows=rows)


def recusal_table(recusals: tuple[RecusalLine, ...]) -> TableSpec:
    return TableSpec(
        columns=[Column("STT", 1.2, "center"), Column("Thành viên", 4.3), Column("Hồ sơ", 5.0),
                 Column("Lý do", 6.0)],
        rows=[[str(i), r.member, r.nominee, r.reason] for i, r in enumerate(recusals, start=1)],
    )


# --- pieces ---------------------------------------------------------------------------------------


def _labelled(doc, label: str, text: str) -> None:
    add_paragraph(doc, [Span(label, bold=True), Span(f" {text}")])


def _member_list(doc, members: tuple[MemberLine, ...]) -> None:
    for index, member in enumerate(members, start=1):
        end = "." if index == len(members) else ";"
        add_paragraph(doc, f"{index}. {member.text()}{end}")


def _table(doc, spec: TableSpec, *, size: float = 12) -> None:
    if spec.rows:
        add_table(doc, spec, size=size)
        add_spacer(doc)


def _signatures(doc, signatures: Signatures) -> None:
    add_two_signatures(doc, Signer([signatures.secretary_title], signatures.secretary),
                       Signer([signatures.chair_title], signatures.chair), size=14)


def _header(doc, issuer: Issuer, number: DocumentNumber, date: dt.date | None, year: int) -> None:
    add_header_block(doc, issuer, number=number, date=date, year=year)


# --- the documents --------------------------------------------------------------------------------


def build_minutes(minutes: Minutes) -> bytes:
    """The Biên bản họp Hội đồng as .docx bytes."""
    doc = new_document(title=f"Biên bản {minutes.subject}", author=minutes.issuer.name)
    _header(doc, minutes.issuer, minutes.number, minutes.date, minutes.year)
    add_title(doc, "Biên bản", minutes.subject)

    _labelled(doc, "Thời gian:", time_line(minutes.started_at, minutes.held_on))
    _labelled(doc, "Địa điểm:", (minutes.place or "……………………………………") + ".")
    _labelled(doc, "Chủ trì:", (minutes.chair.text() if minutes.chair.full_name else "……………………………") + ".")
    if minutes.secretary is not None:
        _labelled(doc, "Thư ký:", minutes.secretary.text() + ".")
    add_paragraph(doc, [Span("Thành viên có mặt:", bold=True), Span(f" {len(minutes.present)} người")],
                  keep_with_next=True)
    _member_list(doc, minutes.present)
    if minutes.absent:
        add_paragraph(doc, [Span("Thành viên vắng mặt:", bold=True), Span(f" {len(minutes.absent)} người")],
                      keep_with_next=True)
        _member_list(doc, minutes.absent)
    else:
        add_paragraph(doc, [Span("Thành viên vắng mặt:", bold=True), Span(" không.")])
    add_paragraph(doc, minutes.quorum)

    add_heading(doc, "I. NỘI DUNG CUỘC HỌP")
    for text in paragraphs_of(minutes.proceedings):
        add_paragraph(doc, text)

    add_heading(doc, "II. KẾT QUẢ CHẤM ĐIỂM")
    if minutes.score_note:
        add_paragraph(doc, minutes.score_note)
    for index, section in enumerate(minutes.sections, start=1):
        if not section.scores:
            continue
        add_paragraph(doc, f"{index}. {section.title}", bold=True, keep_with_next=True)
        _table(doc, score_table(section, minutes.score_heading))

    add_heading(doc, "III. KẾT QUẢ BỎ PHIẾU KÍN")
    add_paragraph(doc, minutes.ballot)
    for index, section in enumerate(minutes.sections, start=1):
        if not section.votes:
            continue
        add_paragraph(doc, f"{index}. {section.title}", bold=True, keep_with_next=True)
        _table(doc, vote_table(section))

    add_heading(doc, "IV. ĐIỀU CHỈNH CỦA CHỦ TỊCH HỘI ĐỒNG")
    if minutes.overrides:
        for line in minutes.overrides:
            add_paragraph(doc, [Span(f"- {line.nominee} ({line.award}): ", bold=True),
                                Span(f"{line.move[:1].lower()}{line.move[1:]}. Lý do: {line.reason.strip().rstrip('.')}.")])
    else:
        add_paragraph(doc, "Chủ tịch Hội đồng không điều chỉnh kết quả xét theo ngưỡng cắt.")

    add_heading(doc, "V. CÁC TRƯỜNG HỢP TRÁNH CHẤM ĐIỂM")
    if minutes.recusals:
        add_paragraph(doc, "Các thành viên sau không chấm điểm hồ sơ có liên quan:", keep_with_next=True)
        _table(doc, recusal_table(minutes.recusals))
    else:
        add_paragraph(doc, "Không có thành viên nào thuộc trường hợp tránh chấm điểm.")

    add_heading(doc, "VI. KẾT LUẬN")
    for text in paragraphs_of(minutes.conclusions):
        add_paragraph(doc, text)
    add_paragraph(doc, with_end_mark(
        f"{closing_line(minutes.closing_time, minutes.closing_date)}. Biên bản đã được đọc lại trước Hội đồng "
        "và các thành viên dự họp nhất trí thông qua"))
    _signatures(doc, minutes.signatures)
    return to_bytes(doc)


def build_ballot_result(result: BallotResult) -> bytes:
    """The Biên bản kiểm phiếu as .docx bytes."""
    doc = new_document(title=f"Biên bản kiểm phiếu {result.subject}", author=result.issuer.name)
    _header(doc, result.issuer, result.number, result.date, result.year)
    add_title(doc, "Biên bản kiểm phiếu", result.subject)
    place = f", tại {result.place}" if result.place else ""
    add_paragraph(doc, f"Hôm nay, {long_date(result.held_on)}{place}, Hội đồng Thi đua – Khen thưởng tiến hành "
                       "kiểm phiếu bỏ phiếu kín xét khen thưởng, kết quả như sau:")
    add_paragraph(doc, f"1. Tổng số thành viên Hội đồng: {result.members}.")
    issued = f" ({result.issued_note})" if result.issued_note else ""
    add_paragraph(doc, f"2. Số phiếu phát ra: {result.issued}{issued}.")
    add_paragraph(doc, f"3. Số phiếu thu vào: {result.received}.")
    add_paragraph(doc, f"4. Số phiếu hợp lệ: {result.valid}; số phiếu không hợp lệ: {result.invalid}.")
    for line in result.lines:
        add_paragraph(doc, line)
    add_paragraph(doc, "5. Kết quả bỏ phiếu đối với từng hồ sơ:", keep_with_next=True)
    if result.basis:
        add_paragraph(doc, result.basis, italic=True, keep_with_next=True)
    for index, section in enumerate(result.sections, start=1):
        if not section.votes:
            continue
        add_paragraph(doc, f"5.{index}. {section.title}", bold=True, keep_with_next=True)
        _table(doc, count_table(section), size=12)
    for text in paragraphs_of(result.note):
        add_paragraph(doc, text)
    add_paragraph(doc, with_end_mark(f"Việc kiểm phiếu kết thúc vào lúc {clock_text(result.closing_time)} "
                                     "cùng ngày"))
    _signatures(doc, result.signatures)
    return to_bytes(doc)
