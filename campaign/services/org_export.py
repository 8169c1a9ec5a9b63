"""Units and people out to spreadsheets (.xlsx and .csv), and the empty templates of the import.

The headers are the import's own (services/org_import.py), so an exported file imports unchanged. A text
that Excel would run as a formula (=…, +…, -…, @…) is written as text; the import reads it back as is.

.xlsx files are laid out for printing: A4 landscape, fitted to the page's width, the header row repeated
on every page and frozen on screen, column widths, page numbers in the footer; dates are real dates shown
dd/mm/yyyy (so a spreadsheet in any language keeps them). A .csv is UTF-8 with a BOM, comma separated, or
semicolon separated on request (`delimiter=";"`: what Excel expects where the decimal mark is a comma).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from ..extensions import db
from ..imports.table import FORMULA_START
from ..models import Person, Unit
from ..vietnamese import short_date
from .org_import import KIND_COLUMNS, PERSON_COLUMNS, PROFILE_COLUMNS, UNIT_COLUMNS

FORMATS = ("xlsx", "csv")
DELIMITERS = {"phay": ",", "cham-phay": ";"}  # the export's ?phan-cach= choices
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def _unit_tree_order(units: list[Unit]) -> list[Unit]:
    """Parents before their children, siblings by order then code."""
    ids = {u.id for u in units}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id if unit.parent_id in ids else None].append(unit)
    ordered: list[Unit] = []
    stack = sorted(children[None], key=lambda u: (u.sort_order, u.code), reverse=True)
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(sorted(children[unit.id], key=lambda u: (u.sort_order, u.code), reverse=True))
    return ordered


def export_units(fmt: str, delimiter: str = ",") -> bytes:
    units = db.session.scalars(select(Unit)).all()
    code_of = {u.id: u.code for u in units}
    rows = ([u.code, u.name, code_of.get(u.parent_id, ""), u.sort_order, _yes_no(u.active)]
            for u in _unit_tree_order(units))
    return write_table(fmt, "Đơn vị", [(c.header, c.width) for c in UNIT_COLUMNS], rows, delimiter=delimiter)


def _people_headers() -> list[tuple[str, int]]:
    return [(column.header, column.width) for column in PERSON_COLUMNS]


def export_people(people: Iterable[Person], fmt: str, delimiter: str = ",") -> bytes:
    """The people given (with their units loaded), in the import's columns and their order."""
    rows = ([p.id, p.full_name, p.gender_label, p.date_of_birth, p.position, p.employment_label,
             _yes_no(p.is_leader), p.unit.code, p.unit.name, _yes_no(p.active),
             *(getattr(p, c.field) for c in PROFILE_COLUMNS)] for p in people)
    return write_table(fmt, "Cán bộ", _people_headers(), rows, delimiter=delimiter)


def template_file(kind: str, fmt: str) -> bytes:
    """An empty file with the headers the import reads (and, in .xlsx, a sheet explaining them)."""
    columns = KIND_COLUMNS[kind]
    headers = [(c.header, c.width) for c in columns]
    notes = [[c.header, "Bắt buộc" if c.required else "Không bắt buộc", c.hint] for c in columns]
    return write_table(fmt, "Đơn vị" if kind == "units" else "Cán bộ", headers, [], notes=notes)


def write_table(fmt: str, title: str, headers: list[tuple[str, int]], rows: Iterable[list],
                notes: list[list[str]] | None = None, delimiter: str = ",") -> bytes:
    """A table as .csv (dates as dd/mm/yyyy text) or as .xlsx laid out for printing (dates as dates)."""
    if fmt == "csv":
        return _write_csv([h for h, _w in headers], rows, delimiter)
    if fmt == "xlsx":
        return _write_xlsx(title, headers, rows, notes)
    raise ValueError(fmt)


def _csv_safe(value) -> object:
    if isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # Excel would run =…, +…, -…, @… as a formula
    return value


def _write_csv(headers: list[str], rows: Iterable[list], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8


_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")


DATE_FORMAT = "dd/mm/yyyy"


def _text_cell(sheet, value):
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # text, never a formula
            return cell
    return value


def _write_xlsx(title: str, headers: list[tuple[str, int]], rows: Iterable[list],
                notes: list[list[str]] | None) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    print_setup(sheet, title)
    header_cells = []
    for header, _width in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_text_cell(sheet, v) for v in row])
    if notes:
        guide = workbook.create_sheet("Hướng dẫn")
        for letter, width in zip("ABC", (22, 16, 90), strict=True):
            guide.column_dimensions[letter].width = width
        heading = [WriteOnlyCell(guide, text) for text in ("Cột", "Bắt buộc", "Cách ghi")]
        for cell in heading:
            cell.font = _BOLD
        guide.append(heading)
        wrap = Alignment(wrap_text=True, vertical="top")
        for note in notes:
            cells = [WriteOnlyCell(guide, text) for text in note]
            for cell in cells:
                cell.alignment = wrap
            guide.append(cells)
        guide.append([])
        guide.append(["Nhập dữ liệu ở trang tính đầu tiên; dòng đầu tiên là dòng tiêu đề. Thứ tự các cột "
                      "không quan trọng; cột không có tên trong bảng trên sẽ được bỏ qua."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def print_setup(sheet, title: str, *, title_rows: str = "1:1", side_margin: float = 0.5) -> None:
    """A4 landscape, one page wide (as many pages down as it takes), `title_rows` repeated on every page,
    `title` in the header and "Trang k/n" in the footer: every sheet the application exports prints so."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = side_margin
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "Trang &P/&N"
