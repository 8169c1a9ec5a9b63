"""Bytes or pasted text → rows of cells, for every import.

- .xlsx: the first sheet, values as the spreadsheet shows them (real dates as dd/mm/yyyy, whole numbers
  without ".0", TRUE/FALSE as Có/Không), each cell's boldness kept (a bold row may head a section).
- .csv: UTF-8 (with or without BOM), the delimiter sniffed from the first line (tab, comma or semicolon),
  quoted cells; a cell our exports wrote as '=… (so that Excel runs no formula) is read back as =….
- .txt / .tsv and pasted text: one row a line, cells separated by tabs (as Word and Excel copy a table).
- `markup=True` (tables pasted from a document): HTML tags are removed (list items and paragraphs on
  their own lines, <b>/<strong> read as bold), entities decoded, Markdown **bold** read as bold.

Every cell's text is composed (NFC), each of its lines trimmed with white space folded, blank lines
dropped. Empty rows are left out and trailing empty cells cut; every row keeps its line in the source.
A source that cannot be used at all raises `ImportFileError`, shown beside the file field.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..services import ServiceError
from ..services import files as file_service
from ..vietnamese import clean_text, fold, number, short_date

MAX_ROWS = 20_000  # rows under the first (the header, in most tables)
MAX_COLUMNS = 100
NOT_XLSX = "Tệp không phải là tệp Excel (.xlsx) hợp lệ."


class ImportFileError(ServiceError):
    """The source as a whole cannot be used (not a table, wrong type, empty, wrong columns)."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


@dataclass(frozen=True)
class Formats:
    """The kinds of source a page accepts, and what it says of any other file."""

    extensions: tuple[str, ...]
    refusal: str


SPREADSHEETS = Formats(("xlsx", "csv"), "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
TABLES = Formats(("xlsx", "csv", "txt", "tsv"),
                 "Chỉ nhận tệp Excel (.xlsx), CSV (.csv), văn bản (.txt) hoặc bảng dán vào ô nhập.")
_TEXT_KINDS = {"csv": "CSV", "txt": "văn bản", "tsv": "văn bản"}


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Row:
    line: int  # in the source, from 1
    cells: list[Cell]

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


def norm(text: str | None) -> str:
    """For comparing headers and names: folded (no diacritics, lower case), punctuation as spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def extension(filename: str | None) -> str:
    return file_service.extension_of(filename)


def read_rows(filename: str, data: bytes, formats: Formats = SPREADSHEETS, markup: bool = False) -> list[Row]:
    """The non-empty rows of an uploaded file or a pasted table (its kind from `filename`'s extension)."""
    ext = extension(filename)
    if ext == "xls":
        raise ImportFileError("Tệp .xls (Excel 97–2003) không được hỗ trợ: hãy mở tệp bằng Excel và lưu lại "
                              "dưới dạng .xlsx (Sổ làm việc Excel).")
    if ext not in formats.extensions:
        raise ImportFileError(formats.refusal)
    if not data or not data.strip():
        raise ImportFileError("Tệp trống: không có dữ liệu.")
    if ext == "xlsx":
        raw = _xlsx_cells(data)
    elif ext == "csv":
        raw = _csv_cells(_decode(data, ext))
    else:
        raw = _text_cells(_decode(data, ext))
    rows: list[Row] = []
    for line, values in raw:
        cells = [_cell(value, bold, markup) for value, bold in values[:MAX_COLUMNS]]
        while cells and not cells[-1].text:
            cells.pop()
        if not cells:
            continue
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"Tệp có hơn {number(MAX_ROWS)} dòng dữ liệu: hãy chia thành nhiều tệp "
                                  "nhỏ hơn.")
        rows.append(Row(line, cells))
    return rows


@dataclass
class Table:
    """A table whose first row is its header: the headers, and the rows under it as text."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, cells as text)


def read_table(filename: str, data: bytes, formats: Formats = SPREADSHEETS) -> Table:
    """The header row and the rows under it of a file whose first non-empty row is the header."""
    rows = read_rows(filename, data, formats)
    if not rows:
        raise ImportFileError("Tệp trống: không có dữ liệu.")
    if len(rows) == 1:
        raise ImportFileError("Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.")
    return Table(headers=rows[0].texts, rows=[(row.line, row.texts) for row in rows[1:]])


# --- cells -----------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"</li\s*>|<br\s*/?>|</p\s*>|</div\s*>", re.IGNORECASE)
_BOLD_TAG = re.compile(r"<\s*(b|strong)\b", re.IGNORECASE)


def _cell(value, bold: bool = False, markup: bool = False) -> Cell:
    if value is None:
        return Cell("", bold)
    if isinstance(value, bool):
        text = "Có" if value else "Không"
    elif isinstance(value, dt.datetime | dt.date):
        text = short_date(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if markup:
        if _BOLD_TAG.search(text):
            bold = True
        text = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
        stripped = text.strip()
        if len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**"):
            bold, text = True, stripped[2:-2]
    lines = [clean_text(line) for line in text.replace("\r", "\n").split("\n")]
    return Cell("\n".join(line for line in lines if line), bold)


# --- sources: each yields (line, [(value, bold), …]) ------------------------------------------------

def _xlsx_cells(data: bytes) -> Iterator[tuple[int, list[tuple[object, bool]]]]:
    if file_service.sniff(data) != "xlsx":
        raise ImportFileError(f"{NOT_XLSX} Nội dung tệp không khớp với phần mở rộng .xlsx: nếu là bảng CSV "
                              "hay văn bản, hãy đổi đuôi tệp cho đúng.")
    unreadable = "Không đọc được tệp Excel này: hãy mở bằng Excel, lưu lại rồi tải lên lại."
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(unreadable) from err
    try:
        if not workbook.worksheets:
            return
        for line, cells in enumerate(workbook.worksheets[0].iter_rows(), start=1):
            yield line, [(c.value, bool(c.value is not None and c.font is not None and c.font.b))
                         for c in cells[:MAX_COLUMNS]]
    except ImportFileError:
        raise
    except Exception as err:
        raise ImportFileError(unreadable) from err
    finally:
        workbook.close()


def _decode(data: bytes, ext: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(f"Tệp này là tệp Excel chứ không phải {_TEXT_KINDS[ext]}: hãy đổi đuôi tệp "
                              "thành .xlsx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ImportFileError("Tệp phải được lưu với bảng mã UTF-8 (trong Excel: Lưu thành → «CSV UTF-8 "
                              "(Comma delimited)»), hoặc hãy dùng tệp .xlsx.") from err
    if "\x00" in text:
        raise ImportFileError("Tệp không đọc được: tệp chứa ký tự không phải văn bản.")
    return text


# What Excel runs as a formula: the exports (services/org_export.py) write such a text as '=…
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(text: str) -> Iterator[tuple[int, list[tuple[object, bool]]]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, [
                (c[1:] if c.startswith("'") and c[1:2] and c[1] in FORMULA_START else c, False) for c in cells
            ]
    except csv.Error as err:
        raise ImportFileError(f"Tệp CSV không đọc được ở dòng {reader.line_num}: hãy kiểm tra dấu ngoặc "
                              "kép.") from err


def _text_cells(text: str) -> Iterator[tuple[int, list[tuple[object, bool]]]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line, raw in enumerate(lines, start=1):
        yield line, [(cell, False) for cell in raw.split("\t")]
