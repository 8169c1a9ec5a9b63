"""Read side of the statutory statistics (Thông tư 02/2023/TT-BNV): biểu 0601 (the campaigns launched in a
year) and biểu 0603 (the ministry / province awards decided in a year) filled from the data, as figures for
the page and as .xlsx files in the form's layout; and the board's own summary of a year's awards.

Which campaign and award counts where is campaign/rules/statistics.py; here are the queries (a fixed number
whatever the data: one per form, one for the signers, one for the years offered) and the spreadsheets.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import and_, extract, or_, select

from ..extensions import db
from ..models import (
    Agency,
    AwardForm,
    AwardRecord,
    Campaign,
    CampaignStatus,
    Nomination,
    Person,
    Phase,
    Signer,
)
from ..models.base import local_now
from ..rules import statistics as rules
from ..vietnamese import fold, long_date
from .org import get_agency
from .org_export import MIMETYPES, print_setup

XLSX_MIMETYPE = MIMETYPES["xlsx"]
BASIS = "Ban hành theo Thông tư số 02/2023/TT-BNV của Bộ Nội vụ"


# --- the figures ----------------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def form_0601(year: int) -> rules.Form0601:
    """Biểu 0601 for `year`: one query (the campaigns whose start date is in the year)."""
    first, last = _year_bounds(year)
    rows = db.session.execute(select(Campaign.scope, Campaign.kind, Campaign.start_date, Campaign.end_date,
                                     Campaign.status)
                              .where(Campaign.start_date.between(first, last))).all()
    return rules.tally_0601((rules.CampaignFacts(scope or "agency", kind, start, end,
                                                 launched=status != CampaignStatus.DRAFT)
                             for scope, kind, start, end, status in rows), year)


def _decided_in(year: int):
    """The awards whose decision is dated in `year` (or, without a date, whose own year is `year`)."""
    first, last = _year_bounds(year)
    return or_(AwardRecord.decision_date.between(first, last),
               and_(AwardRecord.decision_date.is_(None), AwardRecord.year == year))


def _board_leaders() -> set[int]:
    """The people who sign for the board (Trưởng Ban, Phó Trưởng Ban): its leaders at the board's level."""
    return set(db.session.scalars(select(Signer.person_id).where(Signer.person_id.is_not(None))))


def _award_rows(year: int, *, province_only: bool):
    """One query: the awards decided in `year` with what the statistics need of their form, holder and
    campaign."""
    query = (select(AwardRecord.id, AwardRecord.person_id, AwardRecord.title, AwardForm.code, AwardForm.name,
                    AwardForm.level, AwardForm.position, Person.is_leader, Person.gender, Campaign.kind)
             .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
             .outerjoin(Person, Person.id == AwardRecord.person_id)
             .outerjoin(Nomination, Nomination.id == AwardRecord.nomination_id)
             .outerjoin(Phase, Phase.id == Nomination.phase_id)
             .outerjoin(Campaign, Campaign.id == Phase.campaign_id)
             .where(_decided_in(year)))
    if province_only:
        query = query.where(AwardForm.level == rules.PROVINCE)
    return db.session.execute(query.order_by(AwardRecord.id)).all()


def form_0603(year: int) -> rules.Form0603:
    """Biểu 0603 for `year`: two queries (the board's signers, the province awards decided in the year)."""
    leaders = _board_leaders()
    facts = []
    for row in _award_rows(year, province_only=True):
        collective = row.person_id is None
        leader = None if collective else rules.leader_level(is_leader=bool(row.is_leader),
                                                            board_leader=row.person_id in leaders)
        facts.append(rules.AwardFacts(row.name or row.title, row.level, collective, leader, row.kind))
    return rules.tally_0603(facts, year)


@dataclass
class BoardSummary:
    year: int
    lines: list[rules.SummaryLine]
    total: rules.SummaryLine

    def chart_data(self) -> dict:
        """For static/review_charts.js: by award form, collectives and individuals stacked; and the
        individuals by leaders / staff / women."""
        labels = [line.form_name for line in self.lines]
        return {
            "forms": {"title": f"Số khen thưởng năm {self.year} theo hình thức", "labels": labels,
                      "values": [line.total for line in self.lines],
                      "collectives": [line.collectives for line in self.lines],
                      "individuals": [line.individuals for line in self.lines], "unit": ""},
            "women": {"title": f"Số cá nhân nữ được khen thưởng năm {self.year}", "labels": labels,
                      "values": [line.women for line in self.lines], "unit": ""},
        }


def board_summary(year: int) -> BoardSummary:
    """The board's own awards decided in `year`, every level, by award form × collective / individual ×
    leader / staff × women: two queries."""
    leaders = _board_leaders()
    awards = []
    for row in _award_rows(year, province_only=False):
        collective = row.person_id is None
        awards.append(rules.BoardAward(
            form_key=row.code or fold(row.title), form_name=row.name or row.title,
            order=row.position if row.position is not None else 10_000, collective=collective,
            leader=not collective and (bool(row.is_leader) or row.person_id in leaders),
            woman=not collective and row.gender == "nu"))
    lines, total = rules.board_summary_lines(awards)
    return BoardSummary(year, lines, total)


def years_offered(today: dt.date | None = None) -> list[int]:
    """The years with awards (decision year) or campaigns (launch year), and the current year, newest first:
    two queries."""
    today = today or local_now().date()
    years = {today.year}
    years.update(y for y in db.session.scalars(select(extract("year", AwardRecord.decision_date)).distinct()
                                               .where(AwardRecord.decision_date.is_not(None))) if y)
    years.update(db.session.scalars(select(AwardRecord.year).distinct()
                                    .where(AwardRecord.decision_date.is_(None))))
    years.update(y for y in db.session.scalars(select(extract("year", Campaign.start_date)).distinct()) if y)
    return sorted((int(y) for y in years), reverse=True)


# --- the header of the forms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormHeader:
    code: str  # "0601.N/BNV-TĐKT"
    title: str
    year: int
    reporter: str
    receiver: str
    place: str
    head_title: str
    head_name: str

    @property
    def form_label(self) -> str:
        return f"Biểu số {self.code}"

    @property
    def due_label(self) -> str:
        day, month = rules.DUE_DAY
        return f"Ngày nhận báo cáo: {day:02d}/{month:02d} năm {self.year}"

    @property
    def year_label(self) -> str:
        return f"Năm {self.year}"

    def place_date(self, today: dt.date) -> str:
        return f"{self.place}, {long_date(today)}" if self.place else long_date(today).capitalize()


def receiver_of(agency: Agency | None) -> str:
    """The body the report goes to: the Sở Nội vụ of the province (or city) the board belongs to."""
    if agency is None:
        return "Sở Nội vụ"
    parent = fold(agency.parent_body)
    for prefix, word in (("ubnd tinh", "tỉnh"), ("uy ban nhan dan tinh", "tỉnh"),
                         ("ubnd thanh pho", "thành phố"), ("uy ban nhan dan thanh pho", "thành phố")):
        if parent.startswith(prefix) and agency.place_name:
            return f"Sở Nội vụ {word} {agency.place_name}"
    return f"Sở Nội vụ ({agency.parent_body})" if agency.parent_body else "Sở Nội vụ"


def form_header(code: str, title: str, year: int) -> FormHeader:
    """The header and the signature block of a form: two queries (the agency, its head signer)."""
    agency = get_agency()
    head = db.session.scalar(select(Signer).where(Signer.is_head.is_(True), Signer.active.is_(True))
                             .order_by(Signer.sort_order).limit(1))
    return FormHeader(code=code, title=title, year=year, reporter=agency.name if agency else "",
                      receiver=receiver_of(agency), place=agency.place_name if agency else "",
                      head_title="Thủ trưởng đơn vị", head_name=head.full_name if head else "")


# --- the forms as tables (the page and the file share them) -----------------------------------------------


@dataclass(frozen=True)
class ColumnGroup:
    label: str | None  # None: a single column spanning both header rows
    columns: tuple[tuple[str, str], ...]  # (key, label)


@dataclass
class FormTable:
    header: FormHeader
    groups: list[ColumnGroup]
    lines: list[rules.Line]
    notes: list[str]

    @property
    def keys(self) -> list[str]:
        return [key for group in self.groups for key, _ in group.columns]

    def value(self, line: rules.Line, key: str) -> int:
        return line.total if key == "total" else line.get(key)

    @property
    def column_count(self) -> int:
        return 2 + len(self.keys)


def table_0601(year: int) -> FormTable:
    form = form_0601(year)
    groups = [ColumnGroup(None, (("total", "Tổng số"),)),
              ColumnGroup("Chia theo thời gian", rules.DURATIONS),
              ColumnGroup("Chia theo hình thức", rules.CAMPAIGN_METHODS)]
    notes = [f"Số phong trào thi đua phát động trong năm {year} (ngày bắt đầu trong năm), không tính phong trào "
             "còn dự thảo; thời gian tính từ ngày bắt đầu đến ngày kết thúc của phong trào.",
             "Các dòng 02 – 05 chia theo phạm vi phát động; mỗi nhóm cột (thời gian, hình thức) có tổng bằng cột "
             "Tổng số."]
    return FormTable(form_header(rules.FORM_0601, rules.TITLE_0601, year), groups, form.lines, notes)


def table_0603(year: int) -> FormTable:
    form = form_0603(year)
    groups = [ColumnGroup(None, (("total", "Tổng số"),)),
              ColumnGroup("Chia theo hình thức khen thưởng", rules.AWARD_COLUMNS)]
    notes = [f"Khen thưởng cấp tỉnh (cấp Bộ, ban, ngành, tỉnh) có quyết định ký trong năm {year} cho tập thể, cá "
             "nhân của đơn vị. Phương thức theo phong trào của hồ sơ đề nghị: phong trào thường xuyên – thường "
             "xuyên; phong trào theo chuyên đề – chuyên đề."]
    notes += [f"Dòng {form.line(key).code}: {form.line(key).note}" for key in
              (rules.ROW_ENTERPRISE, rules.AD_HOC, rules.UNKNOWN)]
    return FormTable(form_header(rules.FORM_0603, rules.TITLE_0603, year), groups, form.lines, notes)


# --- the spreadsheets ------------------------------------------------------------------------------------

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_ITALIC = Font(italic=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
HEADER_FIRST_ROW = 6  # the first row of the column headings (the figures' header)


def _merge(sheet, row: int, first: int, last: int, value, *, font=None, alignment=_CENTER, row_end=None):
    row_end = row_end or row
    if last > first or row_end > row:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row_end, end_column=last)
    cell = sheet.cell(row=row, column=first, value=value)
    cell.alignment = alignment
    if font is not None:
        cell.font = font
    return cell


def _workbook(table: FormTable, today: dt.date) -> bytes:
    """The form as one A4 landscape sheet: the header block (form number, basis and due date at the left,
    title and year in the middle, reporting and receiving units at the right), the column headings with
    their merged groups and codes (A, B, 1, 2 …), the lines, the notes, the place and date, the signatures."""
    header = table.header
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = header.code.split(".")[0]
    width = table.column_count
    left_end = 2
    right_start = max(width - 2, left_end + 2)
    # the header block
    _merge(sheet, 1, 1, left_end, header.form_label, font=_BOLD, alignment=_LEFT)
    _merge(sheet, 2, 1, left_end, BASIS, font=_ITALIC, alignment=_LEFT)
    _merge(sheet, 3, 1, left_end, header.due_label, alignment=_LEFT)
    _merge(sheet, 1, left_end + 1, right_start - 1, header.title, font=Font(bold=True, size=13), row_end=2)
    _merge(sheet, 3, left_end + 1, right_start - 1, header.year_label, font=_BOLD)
    _merge(sheet, 1, right_start, width, f"Đơn vị báo cáo: {header.reporter}", alignment=_LEFT, row_end=2)
    _merge(sheet, 3, right_start, width, f"Đơn vị nhận báo cáo: {header.receiver}", alignment=_LEFT, row_end=4)
    sheet.row_dimensions[1].height = sheet.row_dimensions[2].height = 21
    sheet.row_dimensions[3].height = 30
    # the column headings: two rows, then the codes row
    top, sub, codes = HEADER_FIRST_ROW, HEADER_FIRST_ROW + 1, HEADER_FIRST_ROW + 2
    _merge(sheet, top, 1, 1, "Chỉ tiêu", font=_BOLD, row_end=sub)
    _merge(sheet, top, 2, 2, "Mã số", font=_BOLD, row_end=sub)
    column = 3
    for group in table.groups:
        if group.label is None:
            for _key, label in group.columns:
                _merge(sheet, top, column, column, label, font=_BOLD, row_end=sub)
                column += 1
        else:
            _merge(sheet, top, column, column + len(group.columns) - 1, group.label, font=_BOLD)
            for _key, label in group.columns:
                _merge(sheet, sub, column, column, label, font=_BOLD)
                column += 1
    for index in range(1, width + 1):
        sheet.cell(row=codes, column=index, value="A" if index == 1 else "B" if index == 2 else str(index - 2))
        sheet.cell(row=codes, column=index).alignment = _CENTER
        sheet.cell(row=codes, column=index).font = _ITALIC
    sheet.row_dimensions[sub].height = 45
    # the lines
    row = codes + 1
    for line in table.lines:
        label = sheet.cell(row=row, column=1, value=line.label)
        label.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=line.level * 2)
        if line.level == 0:
            label.font = _BOLD
        sheet.cell(row=row, column=2, value=line.code).alignment = _CENTER
        for offset, key in enumerate(table.keys):
            cell = sheet.cell(row=row, column=3 + offset, value=table.value(line, key))
            cell.alignment = Alignment(horizontal="right", vertical="center")
            if line.level == 0:
                cell.font = _BOLD
        row += 1
    for r in range(top, row):
        for c in range(1, width + 1):
            sheet.cell(row=r, column=c).border = _BOX
    last_figure_row = row - 1
    # the notes
    row += 1
    for note in table.notes:
        _merge(sheet, row, 1, width, f"Ghi chú: {note}" if row == last_figure_row + 2 else note,
               font=_ITALIC, alignment=_LEFT)
        sheet.row_dimensions[row].height = 30
        row += 1
    # place and date, signatures
    row += 1
    sign_left_end = 2
    _merge(sheet, row, right_start, width, header.place_date(today), font=_ITALIC)
    row += 1
    _merge(sheet, row, 1, sign_left_end, "Người lập biểu", font=_BOLD)
    _merge(sheet, row, right_start, width, header.head_title, font=_BOLD)
    row += 1
    _merge(sheet, row, 1, sign_left_end, "(Ký, họ tên)", font=_ITALIC)
    _merge(sheet, row, right_start, width, "(Ký, họ tên, đóng dấu)", font=_ITALIC)
    if header.head_name:
        row += 4
        _merge(sheet, row, right_start, width, header.head_name, font=_BOLD)
    # widths and printing
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 8
    for index in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    print_setup(sheet, f"{header.form_label} – {header.title.capitalize()} năm {header.year}",
                title_rows=f"{top}:{codes}")
    sheet.print_options.gridLines = False
    sheet.oddHeader.center.text = None  # the form carries its own header block
    sheet.print_options.horizontalCentered = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_0601(year: int, today: dt.date | None = None) -> bytes:
    return _workbook(table_0601(year), today or local_now().date())


def xlsx_0603(year: int, today: dt.date | None = None) -> bytes:
    return _workbook(table_0603(year), today or local_now().date())


def filename(code: str, year: int) -> str:
    return f"bieu-{code.split('.')[0]}-nam-{year}.xlsx"
