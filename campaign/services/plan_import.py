"""Importing a plan's task table (the "Phụ lục" of the plans) into a campaign's tasks.

The source is read by campaign/imports (an .xlsx, a .csv, or tab-separated text pasted from the plan).
Columns are found by their headers in any order and spelling; the "(1) (2) …" numbering row is skipped;
a bold (or Roman-numbered) row is a section heading for the tasks under it; a line without a number
continues the task above; unit names are matched to the board's units (imports/units.py: full name,
code, abbreviation such as "Phòng KHĐT", groups such as "Các phòng"). `preview_task_import` writes
nothing; `apply_task_import` writes every row in one unit of work, or none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from ..extensions import db
from ..imports import TABLES, Cell, ImportFileError, Preview, PreviewRow, Row, read_rows
from ..imports.table import norm as _norm
from ..imports.units import Resolution, UnitMatcher, UnitRef
from ..models import Campaign, PlanTask, Unit, User
from ..rules.tasks import is_ongoing, parse_deadline
from ..vietnamese import clean_text, short_date
from . import ServiceError, audit, require_manager, transactional
from .plan import LIMITS, campaign_tasks, require_open

MAX_IMPORT_ROWS = 2000
FIELD_LABELS = {"number": "Số thứ tự", "name": "Tên nhiệm vụ", "legal_basis": "Căn cứ", "lead": "Đơn vị chủ trì",
                "partners": "Đơn vị phối hợp", "product": "Sản phẩm", "deadline": "Thời gian hoàn thành"}


def read_source(filename: str, data: bytes) -> list[Row]:
    """The rows of an uploaded or pasted task table, every cell as text with its boldness."""
    return read_rows(filename, data, TABLES, markup=True)


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


def _header(row: Row) -> Header | None:
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




def unit_matcher() -> UnitMatcher:
    return UnitMatcher(db.session.scalars(select(Unit).order_by(Unit.sort_order, Unit.code)).all())


# --- the preview --------------------------------------------------------------------------------


@dataclass
class TaskRow(PreviewRow):
    action: str = "new"
    number: str = ""
    section: str = ""
    name: str = ""
    legal_basis: str = ""
    lead_text: str = ""
    partner_text: str = ""
    product: str = ""
    deadline_text: str = ""
    deadline: dt.date | None = None
    lead: UnitRef | None = None
    co_leads: list[UnitRef] = field(default_factory=list)
    partners: list[UnitRef] = field(default_factory=list)
    lead_resolution: Resolution = field(default_factory=Resolution)
    partner_resolution: Resolution = field(default_factory=Resolution)
    existing_id: int | None = None

    @property
    def errors(self) -> list[str]:
        """The plan pages' word for the problems that block the import."""
        return self.problems

    @property
    def group(self) -> str:
        return self.section

    @property
    def key(self) -> tuple[str, str]:
        return _norm(self.section), _norm(self.name)

    @property
    def unit_ids(self) -> list[int]:
        """The units the task is given to besides the lead (co-leads first): its partners in the database."""
        ids = [u.id for u in self.co_leads]
        return ids + [u.id for u in self.partners if u.id not in ids]

    @property
    def deadline_label(self) -> str:
        if self.deadline:
            return short_date(self.deadline)
        if not self.deadline_text:
            return ""
        return "không có hạn cố định" if is_ongoing(self.deadline_text) else "không đọc được"


@dataclass
class TaskImportPreview(Preview):
    headers: dict[str, str] = field(default_factory=dict)  # field → the table's own header

    def received(self) -> list[tuple[str, str]]:
        return [(FIELD_LABELS[name], header) for name, header in self.headers.items()]

    @property
    def error_count(self) -> int:
        """The plan pages' word for the rows with a problem."""
        return self.problem_count

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


def _rows_of(raw_rows: list[Row]) -> tuple[list[TaskRow], Header | None, list[str]]:
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
        row.problems.append("Thiếu tên nhiệm vụ.")
    for attr, limit in LIMITS.items():
        if attr != "section" and len(getattr(row, attr)) > limit:
            row.problems.append(f"{_ATTR_LABELS[attr]} dài quá {limit} ký tự.")
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


@transactional
def preview_task_import(campaign: Campaign, data: bytes, filename: str, source_name: str = "") -> TaskImportPreview:
    """What an import would do, row by row. Writes nothing."""
    rows, header, problems = _rows_of(read_source(filename, data))
    if header is None:
        raise ImportFileError("Không tìm thấy dòng tiêu đề của bảng nhiệm vụ: bảng cần ít nhất các cột «Tên nhiệm "
                              "vụ», «Đơn vị chủ trì» và «Thời gian hoàn thành» (thứ tự cột tùy ý).")
    if not rows:
        raise ImportFileError("Bảng chỉ có dòng tiêu đề, chưa có nhiệm vụ nào.")
    matcher = unit_matcher()
    existing = {(_norm(t.section), _norm(t.name)): t for t in campaign_tasks(campaign)}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        _check_row(row, matcher)
        if row.name:
            if row.key in seen:
                row.problems.append(f"Trùng nhiệm vụ ở dòng {seen[row.key]} (cùng mục, cùng tên).")
            seen.setdefault(row.key, row.line)
        task = existing.get(row.key)
        if task is not None:
            row.existing_id = task.id
            same = all(getattr(task, k) == v for k, v in _task_values(row).items()) \
                and sorted(u.id for u in task.partners) == sorted(row.unit_ids)
            row.action = "same" if same else "update"
    headers = {name: header.titles[name] for name in FIELD_LABELS if name in header.titles}
    return TaskImportPreview(source_name=source_name or filename, rows=rows, headers=headers,
                             ignored_headers=header.ignored, problems=problems)


@transactional
def apply_task_import(actor: User, campaign: Campaign, data: bytes, filename: str,
                      source_name: str = "") -> TaskImportPreview:
    """Write every task of the table in one unit of work, or none (when any row has an error)."""
    require_manager(actor)
    require_open(campaign)
    preview = preview_task_import(campaign, data, filename, source_name)
    if preview.problems:
        raise ServiceError(" ".join(preview.problems))
    if preview.error_count:
        raise ServiceError(f"Bảng còn {preview.error_count} dòng có lỗi: chưa ghi nhiệm vụ nào. Hãy sửa rồi nhập lại.")
    units = {u.id: u for u in db.session.scalars(select(Unit)).all()}
    tasks = {t.id: t for t in campaign_tasks(campaign)}
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
                         + preview.summary(),
                 changes={"new": [None, preview.new_count], "updated": [None, preview.updated_count]})
    return preview


