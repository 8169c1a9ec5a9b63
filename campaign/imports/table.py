"""Bytes or pasted text → rows of cells, for every import.

- .xlsx: the first sheet, values as the spreadsheet shows them (real dates as dd/mm/yyyy, whole numbers
  without ".0", TRUE/FALSE as Có/Không), each cell's boldness kept (a bold row may head a section).
- .csv: UTF-8 (with or without BOM), the delimiter sniffed from the first line (tab, comma or semicolon),
  quoted cells; a cell our exports wrote as '=… (so that Excel runs no formula) is read back as =….
- .xls and .ods: read with python-calamine (real dates kept as dates, merged cells filled down).
- .txt / .tsv and pasted text: one row a line, cells separated by tabs (as Word and Excel copy a table);
  a spreadsheet's copy quotes a cell that holds several lines ("a\nb"), and such quoted cells are kept
  whole. A browser's plain text breaks a cell of several paragraphs across lines: `rejoin` puts such a
  row back together once the header says how many columns the table has.
- .html and pasted HTML (a rich paste area, the clipboard of a browser, Word or Writer): every <table>
  row is a row (colspan leaves the spanned cells empty, rowspan repeats the cell below), the paragraphs
  of a cell its lines, <b>/<strong>/bold styles bold; paragraphs outside the tables are rows of one cell.
- `markup=True` (tables pasted from a document): HTML tags are removed (list items and paragraphs on
  their own lines, <b>/<strong> read as bold), entities decoded, Markdown **bold** read as bold.

Each cell keeps whether the spreadsheet held a real date (`Cell.kind == "date"`, with `Cell.value`) or
text, so that an import can tell a date the spreadsheet converted from one typed as text.
`find_header` finds the header row anywhere in the first rows (with a second header row under merged
cells), `is_numbering` recognises the "(1) (2) …" row (−1, −2 … once a spreadsheet has read it).

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..services import ServiceError
from ..services import files as file_service
from ..vietnamese import clean_text, fold, number, short_date

MAX_ROWS = 20_000  # rows under the first (the header, in most tables)
MAX_COLUMNS = 100
HEADER_SEARCH_ROWS = 30  # the header row is looked for in the first rows (titles above it)
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


SPREADSHEETS = Formats(("xlsx", "xls", "ods", "csv"),
                       "Chỉ nhận tệp bảng tính Excel (.xlsx, .xls), LibreOffice (.ods) hoặc CSV (.csv).")
TABLES = Formats(("xlsx", "xls", "ods", "csv", "txt", "tsv", "html", "htm"),
                 "Chỉ nhận tệp bảng tính (.xlsx, .xls, .ods), CSV (.csv), văn bản (.txt), trang web (.html) "
                 "hoặc bảng dán vào ô nhập.")
_TEXT_KINDS = {"csv": "CSV", "txt": "văn bản", "tsv": "văn bản", "html": "trang web", "htm": "trang web"}


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    kind: str = "text"  # text, date (a real date of the spreadsheet), number
    value: object = None  # the date, for a date cell


@dataclass(frozen=True)
class Row:
    line: int  # in the source, from 1
    cells: list[Cell]
    loose: bool = False  # a line of plain text: a cell of several paragraphs may have broken it
    width: int = 0  # the cells the line had, empty ones at its end included

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


def norm(text: str | None) -> str:
    """For comparing headers and names: folded (no diacritics, lower case), punctuation as spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def extension(filename: str | None) -> str:
    return file_service.extension_of(filename)


def _looks_html(text: str) -> bool:
    return bool(re.search(r"<\s*table\b", text[:200_000], re.IGNORECASE))


def read_rows(filename: str, data: bytes, formats: Formats = SPREADSHEETS, markup: bool = False,
              header_field: Callable[[str], str | None] | None = None) -> list[Row]:
    """The non-empty rows of an uploaded file or a pasted table (its kind from `filename`'s extension).
    `header_field` (a header's text → its field, or None) lets plain text with one cell a line (a Writer
    table copied as text) be read back into rows."""
    ext = extension(filename)
    if ext not in formats.extensions:
        raise ImportFileError(formats.refusal)
    if not data or not data.strip():
        raise ImportFileError("Tệp trống: không có dữ liệu.")
    loose = False
    if ext == "xlsx":
        raw = _xlsx_cells(data)
    elif ext in ("xls", "ods"):
        raw = _calamine_cells(data, ext)
    elif ext == "csv":
        raw = _csv_cells(_decode(data, ext))
    else:
        text = _decode(data, ext)
        if ext in ("html", "htm") or _looks_html(text):
            raw, markup = _html_cells(text), False
        elif _QUOTED_CELL.search(text):
            raw = _csv_cells(text, "\t")
        elif header_field is not None and "\t" not in text and (unfolded := cell_per_line(text, header_field)):
            raw = unfolded
        else:
            raw, loose = _text_cells(text), True
    rows: list[Row] = []
    for line, values in raw:
        width = len(values)
        cells = [value if isinstance(value, Cell) else _cell(value, bold, markup) for value, bold in
                 ((v if isinstance(v, tuple) else (v, False)) for v in values[:MAX_COLUMNS])]
        while cells and not cells[-1].text:
            cells.pop()
        if not cells:
            continue
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"Tệp có hơn {number(MAX_ROWS)} dòng dữ liệu: hãy chia thành nhiều tệp "
                                  "nhỏ hơn.")
        rows.append(Row(line, cells, loose, width))
    return rows


@dataclass
class Table:
    """A table: its header (found in the first rows), and the rows under it as text."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, cells as text)
    records: list[Row] = field(default_factory=list)  # the same rows with their cells (kind, date value)
    header_lines: list[int] = field(default_factory=list)  # the line(s) of the header in the source
    skipped: list[int] = field(default_factory=list)  # lines above the header, and numbering rows

    def cell(self, line: int, index: int) -> Cell | None:
        """The cell of the row read from `line` (its kind, its date), or None."""
        if len(getattr(self, "_by_line", ())) != len(self.records):
            self._by_line = {row.line: row for row in self.records}
        row = self._by_line.get(line)
        return row.cells[index] if row is not None and index < len(row.cells) else None


def read_table(filename: str, data: bytes, formats: Formats = SPREADSHEETS,
               header_field: Callable[[str], str | None] | None = None) -> Table:
    """The header and the rows under it. With `header_field` (a header's text → the field it stands for,
    or None), the header is the row of the first ones that names most fields (titles above it are
    skipped, a second header row under merged cells is read with it); without, the first row."""
    rows = read_rows(filename, data, formats)
    if not rows:
        raise ImportFileError("Tệp trống: không có dữ liệu.")
    found = find_header(rows, header_field) if header_field else None
    if found is None:
        start, headers, lines = 1, rows[0].texts, [rows[0].line]
    else:
        start, headers, lines = found.end, found.titles, found.lines
    body = rows[start:]
    if body and body[0].loose:
        body = rejoin(body, len(headers))
    skipped = [r.line for r in rows[:start] if r.line not in lines]
    kept: list[Row] = []
    for row in body:
        if is_numbering(row.texts):
            skipped.append(row.line)
            continue
        kept.append(row)
    if not kept:
        raise ImportFileError("Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.")
    return Table(headers=headers, rows=[(row.line, row.texts) for row in kept], records=kept,
                 header_lines=lines, skipped=skipped)


# --- headers, numbering rows, broken lines --------------------------------------------------------


@dataclass
class HeaderMatch:
    index: int  # of the (first) header row in the rows
    end: int  # the first row under the header
    titles: list[str]  # each column's header, the two rows of a merged header read together
    fields: dict[str, int]  # field → column
    lines: list[int]


def _fields(titles: list[str], header_field: Callable[[str], str | None]) -> dict[str, int]:
    fields: dict[str, int] = {}
    for index, title in enumerate(titles):
        name = header_field(title) if title else None
        if name is not None and name not in fields:
            fields[name] = index
    return fields


def combine_header(top: list[str], bottom: list[str]) -> list[str]:
    """Two header rows read as one: a column's lower title where it has one (the columns under a merged
    cell: "Thông tin công tác" over "Chức vụ", "Loại cán bộ"), else its upper title."""
    width = max(len(top), len(bottom))
    top, bottom = top + [""] * (width - len(top)), bottom + [""] * (width - len(bottom))
    return [b or t for t, b in zip(top, bottom, strict=True)]


def find_header(rows: list[Row], header_field: Callable[[str], str | None], start: int = 0,
                limit: int = HEADER_SEARCH_ROWS, least: int = 2) -> HeaderMatch | None:
    """The row among `rows[start:start + limit]` whose cells name the most fields (at least `least`), read
    together with the row under it when that row names more fields under merged cells."""
    best: HeaderMatch | None = None
    for index in range(start, min(len(rows), start + limit)):
        titles = rows[index].texts
        fields = _fields(titles, header_field)
        match = HeaderMatch(index, index + 1, titles, fields, [rows[index].line])
        if index + 1 < len(rows):
            below = rows[index + 1].texts
            combined = combine_header(titles, below)
            more = _fields(combined, header_field)
            own = _fields(below, header_field)
            if len(more) > len(fields) and own and len(own) >= len([t for t in below if t]) - 1:
                match = HeaderMatch(index, index + 2, combined, more, [rows[index].line, rows[index + 1].line])
        if len(match.fields) >= least and (best is None or len(match.fields) > len(best.fields)):
            best = match
    return best


_NUMBERING = re.compile(r"^\(?[-−–]?\(?\d{1,3}\)?\)?$")


def is_numbering(texts: list[str]) -> bool:
    """The row under a header that numbers the columns: (1) (2) (3) … or 1 2 3 …, in any order once the
    columns have been moved about, and −1 −2 −3 … as a spreadsheet reads "(1)" (a negative number)."""
    values = [t.strip() for t in texts if t.strip()]
    if len(values) < 3 or not all(_NUMBERING.match(v) for v in values):
        return False
    numbers = sorted(abs(int(re.sub(r"\D", "", v))) for v in values)
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


_ROW_START = re.compile(r"^(\d{1,3}(\.\d{1,2})*|[IVXLC]{1,6}|[A-Z])[.)]?$")
_LIST_ITEM = re.compile(r"^\s*([-–—+•*]|\d{1,2}[.)]|[a-zđ][.)])\s")


def _boundary_score(before: str, after: str) -> int:
    """How likely the line break between two paragraphs is the border of two cells (higher: more)."""
    last = before.split("\n")[-1] if before else ""
    listed_before, listed_after = bool(_LIST_ITEM.match(last)), bool(_LIST_ITEM.match(after))
    if listed_before and listed_after:
        return -2  # two items of one list
    if after[:1].islower():
        return -1  # the sentence goes on
    if listed_before:
        return 2  # a list ends, another cell begins
    return 0


def _header_run(lines: list[str], start: int, header_field) -> int:
    """The number of lines from `start` that are a header written one cell a line (0 when they are not):
    it starts with a known title and goes on to the first row number or numbering line."""
    if start >= len(lines) or header_field(lines[start].strip()) is None:
        return 0
    known, end = 0, start
    while end < len(lines):
        text = lines[end].strip()
        if not text or len(text) > 60 or _NUMBERING.match(text) or _ROW_START.match(text) and \
                header_field(text) is None:
            break
        known += header_field(text) is not None
        end += 1
    return end - start if known >= 3 else 0


_TITLE_WORDS = ("phu luc", "danh muc", "kem theo", "don vi tinh", "bieu mau", "bang ")


def _looks_title(text: str) -> bool:
    """A title line between two tables: "Phụ lục II", "DANH MỤC …", "(kèm theo …)", "Đơn vị tính: …"."""
    text = text.strip()
    letters = [c for c in text if c.isalpha()]
    return (norm(text).startswith(_TITLE_WORDS) or (text.startswith("(") and text.endswith(")") and len(text) > 20)
            or (len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8))


def _next_start(text: str, previous: str | None) -> bool:
    """Whether a line opens the next row: a row number that follows the one before (1 after 3 opens a new
    section), a section's code (I, II, A …)."""
    text = text.strip()
    if not _ROW_START.match(text):
        return False
    if text.rstrip(".)").isdigit():
        value = int(text.rstrip(".)"))
        last = previous.rstrip(".)") if previous else ""
        return value == 1 or not last.isdigit() or value == int(last) + 1
    return True


def _split_record(lines: list[str], width: int) -> list[list[str]]:
    """The lines of one or more rows (a row, then rows whose first cell is empty) as rows of `width` cells:
    the extra lines are the paragraphs of cells, joined where a break is least likely a border."""
    count = max(1, len(lines) // width)
    joins = len(lines) - count * width
    if joins < 0:
        return [lines]
    candidates = [(_boundary_score(lines[k], lines[k + 1]), k) for k in range(1, len(lines) - 1)
                  if lines[k].strip() and lines[k + 1].strip()]
    likely = sum(1 for score, _k in candidates if score < 0)  # list items, a sentence going on
    while joins > likely and len(lines) > count * width and not lines[-1].strip():
        lines, joins = lines[:-1], joins - 1  # an empty line after the row's cells, not a cell
    for chosen in (sorted(candidates)[:joins], sorted(candidates, key=lambda sk: (sk[0], -sk[1]))[:joins]):
        if len(chosen) < joins:
            continue
        merged: list[str] = []
        for k, line in enumerate(lines):
            if k - 1 in {c for _s, c in chosen}:
                merged[-1] = merged[-1] + "\n" + line
            else:
                merged.append(line)
        rows = [merged[r * width:(r + 1) * width] for r in range(count)]
        if all(not row[0].strip() for row in rows[1:]):
            return rows
    return [lines[r * width:(r + 1) * width] for r in range(count - 1)] + [lines[(count - 1) * width:]]


def cell_per_line(text: str, header_field) -> list[tuple[int, list[tuple[object, bool]]]] | None:
    """Plain text that has one cell a line (how LibreOffice Writer writes a table as text): a header of
    known titles one a line gives the width; a row starts at its row number; an empty line is an empty
    cell; a cell of several paragraphs has several lines. None when the text has no such header."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and not lines[-1]:
        lines.pop()  # the text's last line break
    out: list[tuple[int, list[tuple[object, bool]]]] = []
    index, found = 0, False
    while index < len(lines):
        width = _header_run(lines, index, header_field)
        if width and _looks_title(lines[index]) and _header_run(lines, index + 1, header_field):
            width = 0  # "DANH MỤC NHIỆM VỤ" above the header "STT", "Tên nhiệm vụ" …
        if not width:
            if lines[index].strip():
                out.append((index + 1, [(lines[index], False)]))
            index += 1
            continue
        found = True
        out.append((index + 1, [(line, False) for line in lines[index:index + width]]))
        index += width
        numbering = [t.strip() for t in lines[index:index + width]]
        if len(numbering) == width and is_numbering(numbering):
            index += width
        previous: str | None = None
        while index < len(lines):
            text_line = lines[index]
            if _header_run(lines, index, header_field):
                break
            if text_line.strip() and not _next_start(text_line, previous):
                break  # the tables' end: titles of what follows
            if not text_line.strip():
                index += 1  # an empty first cell: the row goes on from the row above
                continue
            start, previous = index, text_line.strip()
            index += 1
            while index < len(lines) and not _next_start(lines[index], previous) \
                    and not _header_run(lines, index, header_field):
                if index - start >= width and _looks_title(lines[index]) \
                        and _header_ahead(lines, index, header_field):
                    break  # the titles of the next table
                index += 1
            record = lines[start:index]
            for row in _split_record(record, width):
                out.append((start + 1, [(cell, False) for cell in row]))
    return out if found else None


def _header_ahead(lines: list[str], index: int, header_field) -> bool:
    """Whether only non-empty title lines stand between `index` and the next header written a cell a line."""
    for k in range(index, min(len(lines), index + 8)):
        if not lines[k].strip():
            return False
        if _header_run(lines, k, header_field):
            return True
    return False


def rejoin(rows: list[Row], width: int) -> list[Row]:
    """Lines of plain text put back into rows of `width` cells. A browser copies a cell of several
    paragraphs as several lines (and drops the tab after it): a line that does not start a row (with a
    row number, or the header's first column) continues the row above until that row has its cells; the
    breaks that must be borders of cells are the likeliest ones (a list ending, not a sentence going on)."""
    result: list[Row] = []
    index = 0
    while index < len(rows):
        first = rows[index]
        if not first.loose or width < 2:
            result.append(first)
            index += 1
            continue
        pieces = [first]
        total = max(first.width, len(first.cells))
        index += 1
        starts = len(first.cells) > 1 or bool(_ROW_START.match(first.cells[0].text))
        while starts and total < width and index < len(rows):
            following = rows[index]
            if not following.loose or (len(following.cells) > 1 and _ROW_START.match(following.cells[0].text)):
                break
            pieces.append(following)
            total += max(following.width, len(following.cells))
            index += 1
        if len(pieces) == 1:
            cells = list(first.cells)
        else:
            joins = len(pieces) - 1
            borders = max(0, min(joins, width - (total - joins)))
            chunks = [list(p.cells) + [Cell("")] * (max(p.width, len(p.cells)) - len(p.cells)) for p in pieces]
            scores = [(_boundary_score(chunks[j][-1].text, chunks[j + 1][0].text), j) for j in range(joins)]
            chosen = {j for _s, j in sorted(scores, key=lambda sj: (-sj[0], -sj[1]))[:borders]}
            cells = list(chunks[0])
            for j, chunk in enumerate(chunks[1:]):
                if j in chosen:
                    cells.extend(chunk)
                else:
                    last = cells[-1]
                    text = "\n".join(t for t in (last.text, chunk[0].text) if t)
                    cells[-1] = Cell(text, last.bold or chunk[0].bold)
                    cells.extend(chunk[1:])
            while cells and not cells[-1].text:
                cells.pop()
        if (len(pieces) == 1 and cells and not _ROW_START.match(cells[0].text)
                and max(first.width, len(first.cells)) == width - 1):
            cells = [Cell(""), *cells]  # the empty first cell a browser drops from a line
        result.append(Row(first.line, cells, True, max(len(cells), width)))
    return result


# --- cells -----------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"</li\s*>|<br\s*/?>|</p\s*>|</div\s*>", re.IGNORECASE)
_BOLD_TAG = re.compile(r"<\s*(b|strong)\b", re.IGNORECASE)


def _cell(value, bold: bool = False, markup: bool = False) -> Cell:
    if value is None:
        return Cell("", bold)
    kind, date = "text", None
    if isinstance(value, bool):
        text = "Có" if value else "Không"
    elif isinstance(value, dt.datetime | dt.date):
        date = value.date() if isinstance(value, dt.datetime) else value
        text, kind = short_date(date), "date"
    elif isinstance(value, float) and value.is_integer():
        text, kind = str(int(value)), "number"
    elif isinstance(value, int | float):
        text, kind = str(value), "number"
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
    return Cell("\n".join(line for line in lines if line), bold, kind, date)


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


_QUOTED_CELL = re.compile(r'(^|\t)"[^"\t]*(""[^"\t]*)*\n', re.MULTILINE)  # a quoted cell of several lines


def _csv_cells(text: str, delimiter: str | None = None) -> Iterator[tuple[int, list[tuple[object, bool]]]]:
    if delimiter is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        start = 1
        for cells in reader:
            yield start, [
                (c[1:] if c.startswith("'") and c[1:2] and c[1] in FORMULA_START else c, False) for c in cells
            ]
            start = reader.line_num + 1
    except csv.Error as err:
        raise ImportFileError(f"Tệp CSV không đọc được ở dòng {reader.line_num}: hãy kiểm tra dấu ngoặc "
                              "kép.") from err


def _text_cells(text: str) -> Iterator[tuple[int, list[tuple[object, bool]]]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line, raw in enumerate(lines, start=1):
        yield line, [(cell, False) for cell in raw.split("\t")]


# --- HTML: a web page, or the clipboard of a browser, Word or Writer ------------------------------

_BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)


class _TableParser(HTMLParser):
    """Rows of the tables of an HTML text (paragraphs outside them: rows of one cell)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[Cell]] = []
        self.depth = 0  # tables open
        self.row: list[Cell] | None = None
        self.cell: list[str] | None = None
        self.cell_bold = False
        self.span = (1, 1)
        self.spans: dict[int, tuple[int, Cell]] = {}  # column → (rows left, the cell) for rowspan
        self.outside: list[str] = []
        self.outside_bold = False
        self.bold = 0
        self.bold_stack: list[bool] = []
        self.skip = 0  # <style>, <script>, <head> …

    # bold: <b>, <strong>, a bold style, <th>
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "script", "title", "head"):
            self.skip += 1
            return
        is_bold = tag in ("b", "strong", "th") or bool(_BOLD_STYLE.search(attrs.get("style") or ""))
        if tag not in ("br", "img", "meta", "col", "hr", "input"):
            self.bold_stack.append(is_bold)
            self.bold += is_bold
        if tag == "table":
            self._flush_outside()
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.row = []
        elif self.depth == 1 and tag in ("td", "th"):
            if self.row is None:
                self.row = []
            self._fill_spans()
            self.cell, self.cell_bold = [], self.bold > 0
            self.span = (_int(attrs.get("colspan")), _int(attrs.get("rowspan")))
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title", "head"):
            self.skip = max(0, self.skip - 1)
            return
        if tag not in ("br", "img", "meta", "col", "hr", "input") and self.bold_stack:
            self.bold -= self.bold_stack.pop()
        if tag == "table" and self.depth:
            self._end_cell()
            self._end_row()
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.depth == 1 and tag == "tr":
            self._end_cell()
            self._end_row()
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._break()

    def handle_data(self, data):
        if self.skip:
            return
        data = re.sub(r"\s+", " ", data)  # white space in HTML is one space; breaks come from the tags
        if self.cell is not None:
            self.cell.append(data)
            if data.strip() and self.bold:
                self.cell_bold = True
        elif self.depth == 0:
            self.outside.append(data)
            if data.strip() and self.bold:
                self.outside_bold = True

    def _break(self):
        if self.cell is not None:
            self.cell.append("\n")
        elif self.depth == 0:
            self._flush_outside()

    def _flush_outside(self):
        text = clean_text(" ".join("".join(self.outside).split()))
        if text:
            self.rows.append([Cell(text, self.outside_bold)])
        self.outside, self.outside_bold = [], False

    def _fill_spans(self):
        while self.row is not None and len(self.row) in self.spans:
            column = len(self.row)
            left, cell = self.spans[column]
            self.row.append(cell)
            if left <= 1:
                del self.spans[column]
            else:
                self.spans[column] = (left - 1, cell)

    def _end_cell(self):
        if self.cell is None or self.row is None:
            return
        lines = [clean_text(line) for line in "".join(self.cell).split("\n")]
        cell = Cell("\n".join(line for line in lines if line), self.cell_bold)
        colspan, rowspan = self.span
        column = len(self.row)
        self.row.append(cell)
        self.row.extend(Cell("") for _ in range(colspan - 1))
        if rowspan > 1:
            self.spans[column] = (rowspan - 1, cell)
        self.cell = None

    def _end_row(self):
        if self.row is not None:
            self._fill_spans()
            self.rows.append(self.row)
        self.row = None

    def close(self):
        super().close()
        self._end_cell()
        self._end_row()
        self._flush_outside()


def _int(value) -> int:
    try:
        return max(1, min(int(value), MAX_COLUMNS))
    except (TypeError, ValueError):
        return 1


def _html_cells(text: str) -> Iterator[tuple[int, list[Cell]]]:
    parser = _TableParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception as err:  # html.parser is lenient; anything else is not a table we can read
        raise ImportFileError("Không đọc được bảng trong nội dung đã dán: hãy dán lại, hoặc dán dạng chữ.") from err
    yield from enumerate(parser.rows, start=1)


# --- .xls and .ods (python-calamine) -------------------------------------------------------------

_SPREADSHEET_NAMES = {"xls": "Excel 97–2003 (.xls)", "ods": "LibreOffice (.ods)"}


def _calamine_cells(data: bytes, ext: str) -> Iterator[tuple[int, list[tuple[object, bool]]]]:
    from python_calamine import CalamineWorkbook

    unreadable = (f"Không đọc được tệp {_SPREADSHEET_NAMES[ext]} này: hãy mở bằng chương trình bảng tính, "
                  "lưu lại rồi tải lên lại.")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            return
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except Exception as err:  # calamine raises its own kinds on a damaged or foreign file
        raise ImportFileError(unreadable) from err
    rows = [list(r[:MAX_COLUMNS]) for r in rows]
    for (top, left), (bottom, _right) in merged:  # a cell merged down: each row below has its value
        if top < len(rows) and left < len(rows[top]):
            for below in range(top + 1, min(bottom, len(rows) - 1) + 1):
                if left < len(rows[below]) and rows[below][left] in ("", None):
                    rows[below][left] = rows[top][left]
    for line, cells in enumerate(rows, start=1):
        yield line, [(None if value == "" else value, False) for value in cells]
