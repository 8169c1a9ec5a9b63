"""Plan tasks of a campaign (the appendices of the plans) and the units' progress reports on them.

- Import: a task table from .xlsx, .csv, or tab-separated text pasted from the plan (the seed plans'
  "Phụ lục" tables are exactly that). Columns are found by their headers in any order and spelling;
  the "(1) (2) …" numbering row is skipped; a bold (or Roman-numbered) row is a section heading for the
  tasks under it; a line without a number continues the task above; unit names are matched to the
  board's units (full name, code, abbreviation such as "Phòng KHĐT", groups such as "Các phòng").
  `preview_task_import` writes nothing; `apply_task_import` writes every row in one transaction.
- One task at a time (office and admin): `save_task`, `delete_task`.
- Progress (`report_progress`): a unit officer reports for their own unit (or its sub-units), on the
  tasks that unit leads or takes part in; optimistic locking; an optional file (services/files.py).
- The on-time completion rate per unit (rules/tasks.completion_rate), the actual value of a criterion
  whose source is 'task_completion'.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..models import (
    TASK_STATUSES,
    Campaign,
    CampaignStatus,
    Criterion,
    Phase,
    PlanTask,
    TaskReport,
    Unit,
    User,
    local_now,
    utcnow,
)
from ..permissions import can_report, task_unit_ids
from ..rules.scoring import quantitative_points
from ..rules.tasks import (
    DONE,
    NOT_STARTED,
    CompletionRate,
    TaskOutcome,
    TaskState,
    UnitProgress,
    completion_rate,
    cutoff_date,
    is_ongoing,
    parse_deadline,
    task_state,
)
from ..vietnamese import clean_text, fold, short_date
from . import PermissionDenied, ServiceError, StaleEdit, audit, check_version, require_manager
from . import files as file_service

IMPORT_FORMATS = ("xlsx", "csv", "txt", "tsv")
MAX_IMPORT_ROWS = 2000
MAX_COLUMNS = 40
LIMITS = {"number": 20, "section": 300, "lead_text": 500, "partner_text": 500, "product": 500,
          "deadline_text": 100}
FIELD_LABELS = {"number": "Số thứ tự", "name": "Tên nhiệm vụ", "legal_basis": "Căn cứ", "lead": "Đơn vị chủ trì",
                "partners": "Đơn vị phối hợp", "product": "Sản phẩm", "deadline": "Thời gian hoàn thành"}
TASK_FIELDS = ["number", "section", "name", "legal_basis", "lead_unit_id", "lead_text", "partner_text", "product",
               "deadline_text", "deadline"]
REPORT_FIELDS = ["status", "completed_on", "product_ref", "note", "file_id"]


class ImportFileError(ServiceError):
    """The source as a whole cannot be used (not a table, wrong type, unreadable)."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


def _norm(text: str | None) -> str:
    """For comparing headers and names: folded (no diacritics, lower case), punctuation as spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())



def _require_open(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise ServiceError("Phong trào đã kết thúc: không thể thay đổi nhiệm vụ hay báo cáo tiến độ.")


# --- reading the source ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class RawRow:
    line: int
    cells: list[Cell]


_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"</li\s*>|<br\s*/?>|</p\s*>|</div\s*>", re.IGNORECASE)
_BOLD_TAG = re.compile(r"<\s*(b|strong)\b", re.IGNORECASE)


def _cell(value, bold: bool = False) -> Cell:
    """A cell's text: HTML tags from a pasted document removed (list items on their own lines), Markdown
    bold markers read as bold, white space folded, NFC."""
    if value is None:
        return Cell("", bold)
    if isinstance(value, dt.datetime | dt.date):
        return Cell(short_date(value), bold)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if _BOLD_TAG.search(text):
        bold = True
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
    stripped = text.strip()
    if len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**"):
        bold, text = True, stripped[2:-2]
    lines = [clean_text(line) for line in text.replace("\r", "\n").split("\n")]
    return Cell("\n".join(line for line in lines if line), bold)


def _xlsx_rows(data: bytes) -> list[RawRow]:
    if file_service.sniff(data) != "xlsx":
        raise ImportFileError("Nội dung tệp không khớp với phần mở rộng .xlsx: tệp không phải là tệp Excel "
                              "(.xlsx) hợp lệ.")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError("Không đọc được tệp Excel này: hãy mở bằng Excel, lưu lại rồi tải lên lại.") from err
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for line, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            if line > MAX_IMPORT_ROWS * 3:
                raise ImportFileError(f"Bảng có quá nhiều dòng (tối đa {MAX_IMPORT_ROWS} nhiệm vụ).")
            rows.append(RawRow(line, [_cell(c.value, bool(c.value is not None and c.font and c.font.b))
                                      for c in cells]))
        return rows
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("Tệp này là tệp Excel chứ không phải văn bản: hãy đổi đuôi tệp thành .xlsx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ImportFileError("Tệp phải được lưu với bảng mã UTF-8 (trong Excel: Lưu thành → «CSV UTF-8»), "
                              "hoặc hãy dùng tệp .xlsx.") from err
    if "\x00" in text:
        raise ImportFileError("Tệp không đọc được: tệp chứa ký tự không phải văn bản.")
    return text


def _csv_rows(data: bytes) -> list[RawRow]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(("\t", ",", ";"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [RawRow(reader.line_num, [_cell(c) for c in cells[:MAX_COLUMNS]]) for cells in reader]
    except csv.Error as err:
        raise ImportFileError(f"Tệp CSV không đọc được ở dòng {reader.line_num}: hãy kiểm tra dấu ngoặc kép.") from err


def _text_rows(text: str) -> list[RawRow]:
    """Text pasted from a document or a spreadsheet: one row a line, cells separated by tabs."""
    return [RawRow(line, [_cell(c) for c in raw.split("\t")[:MAX_COLUMNS]])
            for line, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)]


def read_source(filename: str, data: bytes) -> list[RawRow]:
    """The rows of an uploaded or pasted task table, every cell as text (with its boldness)."""
    ext = file_service.extension_of(filename)
    if ext == "xls":
        raise ImportFileError("Tệp .xls (Excel 97–2003) không được hỗ trợ: hãy lưu lại dưới dạng .xlsx.")
    if ext not in IMPORT_FORMATS:
        raise ImportFileError("Chỉ nhận tệp Excel (.xlsx), CSV (.csv), văn bản (.txt) hoặc bảng dán vào ô nhập.")
    if not data or not data.strip():
        raise ImportFileError("Tệp trống: không có dữ liệu.")
    if ext == "xlsx":
        return _xlsx_rows(data)
    if ext == "csv":
        return _csv_rows(data)
    return _text_rows(_decode(data))


# --- headers ------------------------------------------------------------------------------------

HEADER_SYNONYMS = {
    "number": {"tt", "stt", "so tt", "so thu tu", "thu tu"},
    "name": {"ten nhiem vu", "nhiem vu", "ten nhiem vu giai phap", "nhiem vu giai phap", "noi dung nhiem vu",
             "noi dung", "ten cong viec", "cong viec", "noi dung cong viec", "ten du an nhiem vu"},
    "legal_basis": {"co so can cu thuc hien", "can cu phap ly", "can cu", "co so phap ly", "co so thuc hien",
                    "can cu thuc hien", "co so can cu", "co so"},
    "lead": {"don vi chu tri", "chu tri", "co quan chu tri", "don vi chu tri thuc hien", "co quan don vi chu tri"},
    "partners": {"don vi phoi hop", "phoi hop", "co quan phoi hop", "don vi phoi hop thuc hien",
                 "co quan don vi phoi hop"},
    "product": {"san pham", "ket qua", "san pham dau ra", "ket qua dau ra", "ket qua san pham",
                "san pham ket qua", "hinh thuc san pham"},
    "deadline": {"thoi gian hoan thanh", "thoi han hoan thanh", "thoi han", "han hoan thanh", "thoi gian thuc hien",
                 "thoi gian trien khai", "tien do", "tien do hoan thanh", "moc thoi gian"},
}
_HEADER_KEYWORDS = (  # when a header is none of the above: the first keyword it contains
    ("lead", "chu tri"), ("partners", "phoi hop"), ("legal_basis", "can cu"), ("legal_basis", "phap ly"),
    ("product", "san pham"), ("product", "ket qua"), ("deadline", "thoi gian"), ("deadline", "thoi han"),
    ("deadline", "tien do"), ("name", "nhiem vu"),
)


def header_field(text: str) -> str | None:
    key = _norm(text)
    if not key:
        return None
    for name, synonyms in HEADER_SYNONYMS.items():
        if key in synonyms:
            return name
    if len(key.split()) > 8:  # a sentence in a data row, not a header
        return None
    return next((name for name, word in _HEADER_KEYWORDS if f" {word} " in f" {key} "), None)


@dataclass
class Header:
    positions: dict[str, int]
    titles: dict[str, str]
    ignored: list[str]


def _header(row: RawRow) -> Header | None:
    """The column of each field when `row` is a header row (a task name column and two more), else None."""
    positions: dict[str, int] = {}
    titles: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(row.cells):
        if not cell.text:
            continue
        name = header_field(cell.text)
        if name is None or name in positions:
            ignored.append(cell.text)
            continue
        positions[name], titles[name] = index, cell.text
    if "name" not in positions or len(positions) < 3:
        return None
    return Header(positions, titles, ignored)


def _is_numbering(texts: list[str]) -> bool:
    """The row under the header that numbers the columns: (1) (2) (3) … or 1 2 3 … (in any order once the
    columns have been moved about)."""
    values = [t.strip("() ") for t in texts if t]
    if len(values) < 3 or not all(v.isdigit() and len(v) < 4 for v in values):
        return False
    numbers = sorted(int(v) for v in values)
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


# --- matching unit names ------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str


@dataclass
class Resolution:
    units: list[UnitRef] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    suggestions: dict[str, str] = field(default_factory=dict)  # unmatched name → the unit it resembles
    ambiguous: list[str] = field(default_factory=list)

    def internal_unmatched(self) -> list[str]:
        """Unmatched names that look like one of the board's units (a misspelling, most likely)."""
        return [n for n in self.unmatched if n in self.suggestions or n in self.ambiguous or _looks_internal(n)]

    def outside(self) -> list[str]:
        internal = set(self.internal_unmatched())
        return [n for n in self.unmatched if n not in internal]


TYPE_WORDS = ("van phong", "phong", "ban", "trung tam", "to", "chi cuc", "doi", "bo phan")
GROUP_PHONG = {"cac phong", "cac phong chuyen mon", "phong chuyen mon", "tat ca cac phong"}
GROUP_ALL = {"cac phong ban", "cac don vi", "cac don vi thuoc ban", "cac don vi truc thuoc", "tat ca cac don vi",
             "cac phong ban don vi", "cac phong don vi", "toan co quan", "cac don vi trong co quan"}
_INTERNAL_PREFIXES = ("phong ", "van phong", "trung tam ", "ban quan ly du an", "ban qlda", "to ")


def _looks_internal(name: str) -> bool:
    key = _norm(name)
    return key.startswith(_INTERNAL_PREFIXES) or key in ("van phong", "phong")


def _split_type(words: list[str]) -> tuple[str, list[str]]:
    for type_word in sorted(TYPE_WORDS, key=len, reverse=True):
        parts = type_word.split()
        if words[:len(parts)] == parts:
            return type_word, words[len(parts):]
    return "", words


def _initials(words: list[str], keep_va: bool = False) -> str:
    return "".join(w[0] for w in words if w and (keep_va or w != "va"))


class UnitMatcher:
    """Finds the board's units in the words of a plan: "Văn phòng", "Phòng KHĐT", "Ban QLDAHT", a code,
    "Các phòng" (every phòng of the board), "Các đơn vị" (every unit of the board)."""

    def __init__(self, units: Iterable[Unit]):
        units = [u for u in units if u.active]
        parents = {u.id: u.parent_id for u in units}
        depth = {}
        for unit in units:
            d, seen, current = 0, set(), unit.parent_id
            while current is not None and current in parents and current not in seen:
                seen.add(current)
                d += 1
                current = parents[current]
            depth[unit.id] = d
        order = sorted(units, key=lambda u: (depth[u.id], u.sort_order, u.code))
        self.refs = {u.id: UnitRef(u.id, u.code, u.name) for u in order}
        self.depth = depth
        roots = [u for u in order if depth[u.id] == 0]
        # The board itself may be the root of the tree: its units are then one level down.
        board_level = 1 if len(roots) == 1 and any(depth[u.id] == 1 for u in order) \
            and not _norm(roots[0].name).startswith(("phong", "van phong")) else 0
        self.board_units = [self.refs[u.id] for u in order if depth[u.id] == board_level]
        self.phong = [r for r in self.board_units if _norm(r.name).startswith("phong ")]
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        self.acronyms: list[tuple[str, str, int]] = []  # (type word, initials, unit id)
        for unit in order:
            words = _norm(unit.name).split()
            type_word, rest = _split_type(words)
            for key in {_norm(unit.name), _norm(unit.code)}:
                self._add(self.exact, key, unit.id)
            loose = {_initials(words), _initials(words, True)}
            if type_word and rest:
                for initials in {_initials(rest), _initials(rest, True)}:
                    loose |= {f"{type_word} {initials}", initials}
                    self.acronyms.append((type_word, initials, unit.id))
                loose.add(" ".join(rest))
            for key in loose:
                if len(key.replace(" ", "")) >= 2:
                    self._add(self.loose, key, unit.id)
        self._names = {_norm(r.name): r for r in self.refs.values()}

    @staticmethod
    def _add(index: dict[str, list[int]], key: str, unit_id: int) -> None:
        if key and unit_id not in index.setdefault(key, []):
            index[key].append(unit_id)

    def _pick(self, ids: list[int]) -> UnitRef | None | bool:
        """One unit, or the shallowest when names repeat; False when still ambiguous; None when empty."""
        if not ids:
            return None
        if len(ids) == 1:
            return self.refs[ids[0]]
        shallowest = min(self.depth[i] for i in ids)
        top = [i for i in ids if self.depth[i] == shallowest]
        return self.refs[top[0]] if len(top) == 1 else False

    def match(self, text: str) -> list[UnitRef] | None | bool:
        """The units one name stands for; None when none; False when it fits several units equally."""
        key = _norm(text)
        if not key:
            return None
        if key in GROUP_PHONG:
            return list(self.phong) or None
        if key in GROUP_ALL:
            return list(self.board_units) or None
        for index in (self.exact, self.loose):
            picked = self._pick(index.get(key, []))
            if picked is not None:
                return [picked] if picked else False
        # An abbreviation of the first words: "Phòng KHĐT" for "Phòng Kế hoạch – Đầu tư và Xúc tiến".
        type_word, rest = _split_type(key.split())
        if rest and len(rest) <= 4 and all(len(w) <= 6 for w in rest):
            abbreviation = "".join(rest)
            if len(abbreviation) >= 3:
                ids = sorted({uid for t, initials, uid in self.acronyms
                              if (not type_word or t == type_word) and initials.startswith(abbreviation)})
                picked = self._pick(ids)
                if picked is not None:
                    return [picked] if picked else False
        return None

    def suggest(self, text: str) -> str | None:
        close = difflib.get_close_matches(_norm(text), list(self._names), n=1, cutoff=0.75)
        return self._names[close[0]].name if close else None

    def resolve(self, text: str) -> Resolution:
        """Every unit a cell names ("Các phòng, Ban QLDAHT"; "Sở Nội vụ; Công an tỉnh" …) and the names it
        could not match (bodies outside the board, or misspellings), in the order written."""
        result = Resolution()

        def add_units(units: list[UnitRef]) -> None:
            for unit in units:
                if unit not in result.units:
                    result.units.append(unit)

        def add_unmatched(name: str, ambiguous: bool = False) -> None:
            if _norm(name) in {_norm(n) for n in result.unmatched}:
                return
            result.unmatched.append(name)
            if ambiguous:
                result.ambiguous.append(name)
            elif (suggestion := self.suggest(name)) is not None:
                result.suggestions[name] = suggestion

        def try_all(pieces: list[str]) -> list[list[UnitRef]] | None:
            found = [self.match(p) for p in pieces]
            return found if all(found) else None

        for part in re.split(r"[;\n]+", text or ""):
            part = part.strip(" .;:-–—+")
            if not part:
                continue
            found = self.match(part)
            if found:
                add_units(found)
                continue
            if found is False:
                add_unmatched(part, ambiguous=True)
                continue
            pieces = [p.strip(" .-–—") for p in part.split(",") if p.strip(" .-–—")]
            matched = [(p, self.match(p)) for p in pieces] if len(pieces) > 1 else []
            if not any(m for _, m in matched):
                halves = [p.strip() for p in re.split(r"\s+(?:và|va)\s+", part, flags=re.IGNORECASE) if p.strip()]
                both = try_all(halves) if len(halves) > 1 else None
                if both:
                    for units in both:
                        add_units(units)
                else:
                    add_unmatched(part)
                continue
            for piece, units in matched:
                if units:
                    add_units(units)
                else:
                    add_unmatched(piece, ambiguous=units is False)
        return result


def unit_matcher() -> UnitMatcher:
    return UnitMatcher(db.session.scalars(select(Unit).order_by(Unit.sort_order, Unit.code)).all())


# --- the preview --------------------------------------------------------------------------------

ACTION_LABELS = {"new": "Thêm mới", "update": "Cập nhật", "same": "Không đổi"}


@dataclass
class TaskRow:
    line: int
    number: str = ""
    section: str = ""
    name: str = ""
    legal_basis: str = ""
    lead_text: str = ""
    partner_text: str = ""
    product: str = ""
    deadline_text: str = ""
    lines: list[int] = field(default_factory=list)
    deadline: dt.date | None = None
    lead: UnitRef | None = None
    co_leads: list[UnitRef] = field(default_factory=list)
    partners: list[UnitRef] = field(default_factory=list)
    lead_resolution: Resolution = field(default_factory=Resolution)
    partner_resolution: Resolution = field(default_factory=Resolution)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    action: str = "new"
    existing_id: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return _norm(self.section), _norm(self.name)

    @property
    def unit_ids(self) -> list[int]:
        """The units the task is given to besides the lead (co-leads first): its partners in the database."""
        ids = [u.id for u in self.co_leads]
        return ids + [u.id for u in self.partners if u.id not in ids]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def deadline_label(self) -> str:
        if self.deadline:
            return short_date(self.deadline)
        if not self.deadline_text:
            return ""
        return "không có hạn cố định" if is_ongoing(self.deadline_text) else "không đọc được"

    @property
    def line_label(self) -> str:
        return str(self.lines[0]) if len(self.lines) == 1 else f"{self.lines[0]}–{self.lines[-1]}"


@dataclass
class TaskImportPreview:
    source_name: str
    rows: list[TaskRow]
    headers: dict[str, str]
    ignored_headers: list[str]
    problems: list[str] = field(default_factory=list)  # about the table as a whole

    @property
    def total(self) -> int:
        return len(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def updated_count(self) -> int:
        return self.count("update")

    @property
    def unchanged_count(self) -> int:
        return self.count("same")

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def warning_count(self) -> int:
        return sum(1 for r in self.rows if r.warnings)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.error_count and not self.problems

    @property
    def sections(self) -> list[str]:
        seen: list[str] = []
        for row in self.rows:
            if row.section and row.section not in seen:
                seen.append(row.section)
        return seen

    def _names(self, pick) -> list[str]:
        found: dict[str, str] = {}
        for row in self.rows:
            for resolution in (row.lead_resolution, row.partner_resolution):
                for name in pick(resolution):
                    found.setdefault(_norm(name), name)
        return list(found.values())

    @property
    def unmatched_outside(self) -> list[str]:
        """Names of bodies outside the board, kept as written (Sở Khoa học và Công nghệ, Công an tỉnh …)."""
        return self._names(Resolution.outside)

    @property
    def unmatched_units(self) -> list[tuple[str, str | None]]:
        """Names that look like the board's units but match none: (name, the unit it resembles)."""
        suggestions = {}
        for row in self.rows:
            for resolution in (row.lead_resolution, row.partner_resolution):
                suggestions.update(resolution.suggestions)
        return [(name, suggestions.get(name)) for name in self._names(Resolution.internal_unmatched)]


_SECTION_CODE = re.compile(r"^([IVXLC]+|[A-Z])\s*[.)]?$")
_SECTION_HEADING = re.compile(r"^([IVXLC]+|[A-Z])\s*[.)/-]\s+(\S.*)$", re.DOTALL)
_APPENDIX = ("phu luc",)
_TITLE_LINES = ("kem theo", "don vi tinh", "danh muc")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _task_number(number: str, section_code: str) -> str:
    number = number.strip().rstrip(".").strip()
    return f"{section_code}.{number}" if section_code and number else number


def _rows_of(raw_rows: list[RawRow]) -> tuple[list[TaskRow], Header | None, list[str]]:
    """The tasks of a table: headers found, numbering rows skipped, sections carried, continuations joined."""
    header: Header | None = None
    first_header: Header | None = None
    section, section_code = "", ""
    tasks: list[TaskRow] = []
    problems: list[str] = []
    for raw in raw_rows:
        texts = [c.text for c in raw.cells]
        filled = [c for c in raw.cells if c.text]
        if not filled:
            continue
        found = _header(raw)
        if found is not None:
            header = found
            first_header = first_header or found
            continue
        if len(filled) == 1 and _norm(filled[0].text).startswith(_APPENDIX) and len(filled[0].text) < 40:
            section, section_code = clean_text(filled[0].text.strip("* ")), ""
            continue
        if header is None:
            continue  # titles above the table
        if _is_numbering(texts):
            continue
        if len(filled) == 1 and _norm(filled[0].text).startswith(_TITLE_LINES):
            continue

        cells = {name: raw.cells[i] if i < len(raw.cells) else Cell("") for name, i in header.positions.items()}
        values = {name: cells[name].text if name in cells else "" for name in FIELD_LABELS}
        number, name = values["number"], values["name"]
        details = any(values[f] for f in ("lead", "partners", "deadline", "product", "legal_basis"))
        is_code = bool(_SECTION_CODE.match(number.strip()))
        bold = any(cells[f].bold for f in ("number", "name") if f in cells) or all(c.bold for c in filled)
        if not details and (is_code or (bold and not number.strip().rstrip(".").isdigit())):
            heading = _flat(name) or _flat(number)
            code = number.strip().rstrip(".)") if is_code else ""
            match = _SECTION_HEADING.match(heading)
            if match and not code:
                code, heading = match.group(1), match.group(2)
            if not name and code and heading == _flat(number):
                heading = ""
            section = f"{code}. {heading}" if code and heading else (heading or code)
            if len(section) > LIMITS["section"]:
                section = section[:LIMITS["section"] - 1].rstrip() + "…"
            section_code = code
            continue
        if not number and tasks and not (values["lead"] and values["deadline"]):
            last = tasks[-1]  # a line of the task above, broken across rows
            for attr, column in (("name", "name"), ("legal_basis", "legal_basis"), ("lead_text", "lead"),
                                 ("partner_text", "partners"), ("product", "product"),
                                 ("deadline_text", "deadline")):
                value = values[column]
                if value:
                    joined = " ".join(filter(None, [getattr(last, attr), value]))
                    setattr(last, attr, joined if attr == "legal_basis" else _flat(joined))
            last.lines.append(raw.line)
            continue
        if len(tasks) >= MAX_IMPORT_ROWS:
            problems.append(f"Bảng có hơn {MAX_IMPORT_ROWS} nhiệm vụ: hãy chia thành nhiều lần nhập.")
            break
        tasks.append(TaskRow(
            line=raw.line, lines=[raw.line], number=_task_number(number, section_code), section=section,
            name=_flat(name), legal_basis=values["legal_basis"], lead_text=_flat(values["lead"].replace("\n", "; ")),
            partner_text=_flat(values["partners"].replace("\n", "; ")), product=_flat(values["product"]),
            deadline_text=_flat(values["deadline"]),
        ))
    return tasks, first_header, problems


def _unit_names(units: list[UnitRef]) -> str:
    return "; ".join(u.name for u in units)


def _check_row(row: TaskRow, matcher: UnitMatcher) -> None:
    if not row.name:
        row.errors.append("Thiếu tên nhiệm vụ.")
    for attr, limit in LIMITS.items():
        if attr != "section" and len(getattr(row, attr)) > limit:
            row.errors.append(f"{_ATTR_LABELS[attr]} dài quá {limit} ký tự.")
    # Units
    row.lead_resolution = matcher.resolve(row.lead_text)
    row.partner_resolution = matcher.resolve(row.partner_text)
    leads = row.lead_resolution.units
    if len(leads) == 1:
        row.lead = leads[0]
    elif len(leads) > 1:
        row.co_leads = list(leads)
        row.notes.append(f"Nhiều đơn vị cùng chủ trì ({_unit_names(leads)}): mỗi đơn vị báo cáo tiến độ phần việc "
                         "của mình; nhiệm vụ hoàn thành khi tất cả đã hoàn thành.")
    taken = {u.id for u in leads}
    row.partners = [u for u in row.partner_resolution.units if u.id not in taken]
    if not row.lead_text:
        row.warnings.append("Chưa ghi đơn vị chủ trì.")
    elif not leads:
        row.warnings.append(f"Đơn vị chủ trì không khớp với đơn vị nào của Ban Quản lý: «{row.lead_text}» "
                            "(giữ nguyên như ghi trong bảng).")
    outside: dict[str, str] = {}
    for resolution in (row.lead_resolution, row.partner_resolution):
        for name in resolution.internal_unmatched():
            if name in resolution.ambiguous:
                row.warnings.append(f"«{name}» trùng với nhiều đơn vị: hãy ghi tên đầy đủ hoặc mã đơn vị.")
            elif name in resolution.suggestions:
                row.warnings.append(f"Không tìm thấy đơn vị «{name}» (có phải «{resolution.suggestions[name]}»?).")
            else:
                row.warnings.append(f"Không tìm thấy đơn vị «{name}».")
        for name in resolution.outside():
            outside.setdefault(_norm(name), name)
    if outside:
        row.notes.append("Ngoài Ban Quản lý (giữ nguyên tên): " + "; ".join(f"«{n}»" for n in outside.values()) + ".")
    # Deadline
    row.deadline = parse_deadline(row.deadline_text)
    if row.deadline_text and row.deadline is None and not is_ongoing(row.deadline_text):
        row.warnings.append(f"Không đọc được thời hạn «{row.deadline_text}»: nhiệm vụ được ghi không có hạn cuối, "
                            "có thể sửa sau.")


_ATTR_LABELS = {"number": "Số thứ tự", "section": "Mục", "lead_text": "Đơn vị chủ trì",
                "partner_text": "Đơn vị phối hợp", "product": "Sản phẩm", "deadline_text": "Thời gian hoàn thành"}


def _task_values(row: TaskRow) -> dict:
    return {"number": row.number, "section": row.section, "name": row.name, "legal_basis": row.legal_basis,
            "lead_unit_id": row.lead.id if row.lead else None, "lead_text": row.lead_text,
            "partner_text": row.partner_text, "product": row.product, "deadline_text": row.deadline_text,
            "deadline": row.deadline}


def _campaign_tasks(campaign: Campaign) -> list[PlanTask]:
    return db.session.scalars(
        select(PlanTask).where(PlanTask.campaign_id == campaign.id)
        .options(selectinload(PlanTask.partners), selectinload(PlanTask.reports))
        .order_by(PlanTask.position, PlanTask.id)
    ).all()


def preview_task_import(campaign: Campaign, data: bytes, filename: str, source_name: str = "") -> TaskImportPreview:
    """What an import would do, row by row. Writes nothing."""
    rows, header, problems = _rows_of(read_source(filename, data))
    if header is None:
        raise ImportFileError("Không tìm thấy dòng tiêu đề của bảng nhiệm vụ: bảng cần ít nhất các cột «Tên nhiệm "
                              "vụ», «Đơn vị chủ trì» và «Thời gian hoàn thành» (thứ tự cột tùy ý).")
    if not rows:
        raise ImportFileError("Bảng chỉ có dòng tiêu đề, chưa có nhiệm vụ nào.")
    matcher = unit_matcher()
    existing = {(_norm(t.section), _norm(t.name)): t for t in _campaign_tasks(campaign)}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        _check_row(row, matcher)
        if row.name:
            if row.key in seen:
                row.errors.append(f"Trùng nhiệm vụ ở dòng {seen[row.key]} (cùng mục, cùng tên).")
            seen.setdefault(row.key, row.line)
        task = existing.get(row.key)
        if task is not None:
            row.existing_id = task.id
            same = all(getattr(task, k) == v for k, v in _task_values(row).items()) \
                and sorted(u.id for u in task.partners) == sorted(row.unit_ids)
            row.action = "same" if same else "update"
    headers = {name: header.titles[name] for name in FIELD_LABELS if name in header.titles}
    return TaskImportPreview(source_name or filename, rows, headers, header.ignored, problems)


def import_summary(preview: TaskImportPreview) -> str:
    return (f"thêm mới {preview.new_count}, cập nhật {preview.updated_count}, "
            f"không đổi {preview.unchanged_count}")


def apply_task_import(actor: User, campaign: Campaign, data: bytes, filename: str,
                      source_name: str = "") -> TaskImportPreview:
    """Write every task of the table in one transaction, or none (when any row has an error)."""
    require_manager(actor)
    _require_open(campaign)
    preview = preview_task_import(campaign, data, filename, source_name)
    if preview.problems:
        raise ServiceError(" ".join(preview.problems))
    if preview.error_count:
        raise ServiceError(f"Bảng còn {preview.error_count} dòng có lỗi: chưa ghi nhiệm vụ nào. Hãy sửa rồi nhập lại.")
    units = {u.id: u for u in db.session.scalars(select(Unit)).all()}
    tasks = {t.id: t for t in _campaign_tasks(campaign)}
    position = max((t.position for t in tasks.values()), default=0)
    for row in preview.rows:
        if row.action == "same":
            continue
        if row.action == "new":
            position += 1
            task = PlanTask(campaign_id=campaign.id, position=position)
            db.session.add(task)
        else:
            task = tasks[row.existing_id]
            flag_modified(task, "position")  # bumps the version even when only the partners change
        for key, value in _task_values(row).items():
            setattr(task, key, value)
        task.partners = [units[i] for i in row.unit_ids]
    audit.record("plan_task.import", campaign, actor=actor,
                 summary=f"Nhập nhiệm vụ kế hoạch của «{campaign.title}» từ «{preview.source_name}»: "
                         + import_summary(preview),
                 changes={"new": [None, preview.new_count], "updated": [None, preview.updated_count]})
    db.session.commit()
    return preview


# --- one task -------------------------------------------------------------------------------------


def _partner_names(task: PlanTask) -> list[str]:
    return [u.name for u in task.partners]


def save_task(actor: User, campaign: Campaign, data: dict, partner_ids: Iterable[int],
              task: PlanTask | None = None, seen_version: int | None = None) -> PlanTask:
    """Create or edit one task. `data` holds TASK_FIELDS (deadline optional: read from deadline_text)."""
    require_manager(actor)
    _require_open(campaign)
    if task is not None:
        check_version(task, seen_version)
    values = {k: (clean_text(v) if isinstance(v, str) and k != "legal_basis" else v) for k, v in data.items()
              if k in TASK_FIELDS}
    values["legal_basis"] = (data.get("legal_basis") or "").strip()
    if not values.get("name"):
        raise ServiceError("Hãy nhập tên nhiệm vụ.", field="name")
    for key, limit in LIMITS.items():
        if len(values.get(key) or "") > limit:
            raise ServiceError(f"Không được dài quá {limit} ký tự.", field=key)
    lead = None
    if values.get("lead_unit_id"):
        lead = db.session.get(Unit, values["lead_unit_id"])
        if lead is None:
            raise ServiceError("Đơn vị chủ trì không tồn tại.", field="lead_unit_id")
    partner_ids = [i for i in dict.fromkeys(int(i) for i in partner_ids) if i != values.get("lead_unit_id")]
    partners = db.session.scalars(select(Unit).where(Unit.id.in_(partner_ids))).all() if partner_ids else []
    if len(partners) != len(partner_ids):
        raise ServiceError("Có đơn vị phối hợp không tồn tại.", field="partner_ids")
    if not lead and not values.get("lead_text") and not partners:
        raise ServiceError("Hãy chọn đơn vị chủ trì, hoặc ghi tên cơ quan chủ trì.", field="lead_unit_id")
    if not values.get("deadline"):
        values["deadline"] = parse_deadline(values.get("deadline_text"))
    created = task is None
    if created:
        position = db.session.scalar(select(func.max(PlanTask.position))
                                     .where(PlanTask.campaign_id == campaign.id)) or 0
        task = PlanTask(campaign_id=campaign.id, position=position + 1)
        db.session.add(task)
        before, before_partners = {}, []
    else:
        before, before_partners = audit.snapshot(task, TASK_FIELDS), _partner_names(task)
    for key in TASK_FIELDS:
        value = values.get(key)
        setattr(task, key, value if value is not None else (None if key in ("lead_unit_id", "deadline") else ""))
    order = {u.id: u for u in partners}
    task.partners = [order[i] for i in partner_ids]
    changes = audit.diff(before, audit.snapshot(task, TASK_FIELDS))
    if _partner_names(task) != before_partners:
        changes["partners"] = [before_partners, _partner_names(task)]
        if not created:
            flag_modified(task, "position")  # the partners live in another table: bump the version all the same
    if changes or created:
        audit.record("plan_task.create" if created else "plan_task.update", task, actor=actor,
                     summary=f"{'Thêm' if created else 'Sửa'} nhiệm vụ «{task.name[:120]}» của «{campaign.title}»",
                     changes=changes)
    db.session.commit()
    return task


def delete_task(actor: User, task: PlanTask) -> None:
    require_manager(actor)
    _require_open(task_campaign(task))
    if task.reports:
        raise ServiceError("Nhiệm vụ đã có báo cáo tiến độ của đơn vị: không thể xóa. Hãy sửa nội dung nếu cần.")
    audit.record("plan_task.delete", task, actor=actor, summary=f"Xóa nhiệm vụ «{task.name[:120]}»")
    db.session.delete(task)
    db.session.commit()


def task_campaign(task: PlanTask) -> Campaign:
    return db.session.get(Campaign, task.campaign_id)


# --- who sees and reports what ---------------------------------------------------------------------


# --- progress ----------------------------------------------------------------------------------------


def find_report(task: PlanTask, unit_id: int) -> TaskReport | None:
    return db.session.scalar(select(TaskReport).where(TaskReport.task_id == task.id, TaskReport.unit_id == unit_id))


def report_progress(actor: User, task: PlanTask, unit: Unit, data: dict, file=None,
                    seen_version: int | None = None, remove_file: bool = False) -> TaskReport:
    """Record a unit's progress on a task: status, completion date, product reference, note, a file.

    `seen_version` is the version of the report the form was opened on (0 when there was none): a save
    built on an older version is refused (StaleEdit) and nothing is written."""
    _require_open(task_campaign(task))
    if not can_report(actor, task, unit.id):
        raise PermissionDenied("Bạn chỉ được báo cáo tiến độ cho đơn vị mình, với nhiệm vụ đơn vị mình chủ trì "
                               "hoặc phối hợp.")
    report = find_report(task, unit.id)
    if report is None:
        if seen_version not in (None, 0):
            raise StaleEdit()
    else:
        check_version(report, 0 if seen_version is None else seen_version)
    status = data.get("status") or NOT_STARTED
    if status not in TASK_STATUSES:
        raise ServiceError("Tình trạng không hợp lệ.", field="status")
    completed_on = data.get("completed_on")
    if status == DONE:
        if completed_on is None:
            raise ServiceError("Hãy nhập ngày hoàn thành.", field="completed_on")
        if completed_on > local_now().date():
            raise ServiceError("Ngày hoàn thành không được ở tương lai.", field="completed_on")
    else:
        completed_on = None
    product_ref = clean_text(data.get("product_ref"))
    if len(product_ref) > 500:
        raise ServiceError("Không được dài quá 500 ký tự.", field="product_ref")
    note = (data.get("note") or "").strip()
    created = report is None
    try:
        new_file = file_service.store_upload(actor, file, unit.id) if getattr(file, "filename", "") else None
        if created:
            report = TaskReport(task_id=task.id, unit_id=unit.id)
            db.session.add(report)
            before = {}
        else:
            before = audit.snapshot(report, REPORT_FIELDS)
        old_file = report.file if not created else None
        report.status, report.completed_on, report.product_ref, report.note = status, completed_on, product_ref, note
        if new_file is not None:
            report.file = new_file
        elif remove_file:
            report.file = None
        report.reported_by_id = actor.id
        report.reported_at = utcnow()
        if old_file is not None and report.file is not old_file:
            file_service.delete_file(actor, old_file)
        changes = audit.diff(before, audit.snapshot(report, REPORT_FIELDS))
        audit.record("task_report.create" if created else "task_report.update", report, actor=actor,
                     summary=f"{unit.name} báo cáo tiến độ nhiệm vụ «{task.name[:120]}»: "
                             f"{TASK_STATUSES[status].lower()}", changes=changes)
        db.session.commit()
    except (IntegrityError, StaleDataError) as err:
        db.session.rollback()
        raise StaleEdit() from err
    return report


# --- state and completion rates -------------------------------------------------------------------------


def progress_by_unit(task: PlanTask) -> dict[int, UnitProgress]:
    return {r.unit_id: UnitProgress(r.status, r.completed_on) for r in task.reports}


def state_of(task: PlanTask, today: dt.date) -> TaskState:
    return task_state(task.lead_unit_id, task_unit_ids(task), progress_by_unit(task), task.deadline, today)


def completion_rates(tasks: Iterable[PlanTask], as_of: dt.date | None = None) -> dict[int, CompletionRate]:
    """Each unit's on-time completion rate over the tasks given to it (tasks with partners and reports loaded)."""
    outcomes: dict[int, list[TaskOutcome]] = {}
    for task in tasks:
        progress = progress_by_unit(task)
        for unit_id in task_unit_ids(task):
            mine = progress.get(unit_id, UnitProgress())
            outcomes.setdefault(unit_id, []).append(TaskOutcome(task.deadline, mine.status, mine.completed_on))
    return {unit_id: completion_rate(items, as_of) for unit_id, items in outcomes.items()}


def task_completion_result(criterion: Criterion, unit_id: int, phase: Phase | None = None) -> CompletionRate:
    """The actual value of a criterion whose source is 'task_completion' for one unit: its on-time completion
    rate over the campaign's tasks, as of the end of `phase` (every task when no phase is given)."""
    if criterion.source != "task_completion":
        raise ServiceError(f"Tiêu chí {criterion.code} không lấy số liệu từ nhiệm vụ kế hoạch.")
    campaign = db.session.get(Campaign, criterion.campaign_id)
    as_of = cutoff_date(phase.end_date, local_now().date()) if phase is not None else None
    rates = completion_rates(_campaign_tasks(campaign), as_of)
    return rates.get(unit_id) or completion_rate([], as_of)


def task_completion_points(criterion: Criterion, unit_id: int, phase: Phase) -> tuple[Decimal | None, CompletionRate]:
    """(points, the rate they come from): max_points × min(rate / target, 1); None when nothing is counted
    yet or the phase has no target."""
    rate = task_completion_result(criterion, unit_id, phase)
    target = criterion.target_for(phase.id)
    if rate.percent is None or target is None:
        return None, rate
    return quantitative_points(criterion.max_points, rate.percent, target.value,
                               higher_is_better=criterion.higher_is_better), rate
