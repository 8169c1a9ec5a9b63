"""Importing a plan's task table (the "Phụ lục" of the plans) into a campaign's tasks.

The source is read by campaign/imports (a spreadsheet, a .csv, tab-separated text pasted from the plan, or
the HTML a browser, Word or Writer puts on the clipboard; a browser's plain text is put back into rows).
Columns are found by their headers in any order and spelling; the "(1) (2) …" numbering row is skipped
(also as −1 −2 … once a spreadsheet has read it); columns the import does not use are named as warnings;
a bold (or Roman-numbered) row is a section heading for the tasks under it; a line without a number
continues the task above; unit names are matched to the board's units (imports/units.py: full name,
code, abbreviation such as "Phòng KHĐT", groups such as "Các phòng").

A task keeps its identity across re-imports: the plan it comes from (the "Kế hoạch số … ngày …" its
appendix cites, or the name the office gives on the import page), the appendix, and its number; without
them (a table pasted without its title lines) the same number with a close name, or the same name, is
the same task. The preview shows old → new for every field an update changes. `preview_task_import`
writes nothing; `apply_task_import` writes every row in one unit of work, or none.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from ..extensions import db
from ..imports import TABLES, Cell, ImportFileError, Preview, PreviewRow, Row, read_rows
from ..imports.table import is_numbering, rejoin
from ..imports.table import norm as _norm
from ..imports.units import Resolution, UnitMatcher, UnitRef
from ..models import Campaign, PlanTask, Unit, User
from ..rules.tasks import is_ongoing, parse_deadline
from ..vietnamese import clean_text, short_date
from . import ServiceError, audit, require_manager, transactional
from .plan import LIMITS, campaign_tasks, require_open

MAX_IMPORT_ROWS = 2000
FIELD_LABELS = {"number": "Số thứ tự", "name": "Tên nhiệm vụ", "legal_basis": "Căn cứ", "lead": "Đơn vị chủ trì",
                "partners": "Đơn vị phối hợp", "product": "Sản phẩm", "deadline": "Thời gian hoàn thành",
                "note": "Ghi chú"}
SOURCE_LIMIT = 200


def read_source(filename: str, data: bytes) -> list[Row]:
    """The rows of an uploaded or pasted task table, every cell as text with its boldness."""
    return read_rows(filename, data, TABLES, markup=True, header_field=header_field)


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
    "note": {"ghi chu", "chu thich"},
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
    width: int = 0


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
    return Header(positions, titles, ignored, max(row.width, len(row.cells)))


def _rejoined(rows: list[Row]) -> list[Row]:
    """Lines of plain text under each header put back into rows of the header's width (imports.table)."""
    result: list[Row] = []
    segment: list[Row] = []
    width = 0
    for row in rows:
        if _header(row) is not None:
            result.extend(rejoin(segment, width) if width else segment)
            segment, width = [], max(row.width, len(row.cells))
            result.append(row)
        else:
            segment.append(row)
    result.extend(rejoin(segment, width) if width else segment)
    return result


_PLAN_CITED = re.compile(r"\b(kế hoạch|quyết định|chương trình|công văn|hướng dẫn)\s+(số\s*[^\s,;()]*"
                         r"(\s+ngày\s+[\d\s/.-]*\d)?)", re.IGNORECASE)


def plan_cited(text: str) -> str:
    """"(kèm theo Kế hoạch số 12/KH-KKTKCN ngày 15/01/2026 của Ban …)" → "Kế hoạch số 12/KH-KKTKCN ngày
    15/01/2026": the plan an appendix belongs to, as its title line cites it."""
    match = _PLAN_CITED.search(text or "")
    if match is None or "kem theo" not in _norm(text):
        return ""
    kind = match.group(1)
    return clean_text(f"{kind[:1].upper()}{kind[1:].lower()} {' '.join(match.group(2).split())}")[:SOURCE_LIMIT]



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
    note: str = ""
    source: str = ""  # the plan the row comes from ("" when the table does not say and the page was not told)
    appendix: str = ""
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
    sources: list[str] = field(default_factory=list)  # the plans the tasks come from

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


def _units_text(text: str) -> str:
    """A cell of unit names on one line: its lines as "; ", no separator left at its end."""
    return _flat(text.replace("\n", "; ")).strip(" ;,.")


@dataclass
class _Read:
    tasks: list[TaskRow]
    headers: list[Header]
    problems: list[str]


def _rows_of(raw_rows: list[Row], source: str = "") -> _Read:
    """The tasks of a table: headers found, numbering rows skipped, sections carried, continuations joined;
    each task with the plan and appendix it comes from (`source` when the office named the plan)."""
    header: Header | None = None
    headers: list[Header] = []
    section, section_code, appendix = "", "", ""
    plan = source
    tasks: list[TaskRow] = []
    problems: list[str] = []
    for raw in _rejoined(raw_rows):
        texts = [c.text for c in raw.cells]
        filled = [c for c in raw.cells if c.text]
        if not filled:
            continue
        found = _header(raw)
        if found is not None:
            header = found
            headers.append(found)
            continue
        if len(filled) == 1 and _norm(filled[0].text).startswith(_APPENDIX) and len(filled[0].text) < 40:
            section, section_code = clean_text(filled[0].text.strip("* ")), ""
            appendix = section[:50]
            continue
        if len(filled) == 1 and not source and (cited := plan_cited(filled[0].text)):
            plan = cited
            continue
        if header is None:
            continue  # titles above the table
        if is_numbering(texts):
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
                                 ("deadline_text", "deadline"), ("note", "note")):
                value = values[column]
                if value:
                    joined = " ".join(filter(None, [getattr(last, attr), value]))
                    setattr(last, attr, joined if attr in ("legal_basis", "note") else _flat(joined))
            last.lead_text, last.partner_text = _units_text(last.lead_text), _units_text(last.partner_text)
            last.lines.append(raw.line)
            continue
        if len(tasks) >= MAX_IMPORT_ROWS:
            problems.append(f"Bảng có hơn {MAX_IMPORT_ROWS} nhiệm vụ: hãy chia thành nhiều lần nhập.")
            break
        tasks.append(TaskRow(
            line=raw.line, lines=[raw.line], number=_task_number(number, section_code), section=section,
            name=_flat(name), legal_basis=values["legal_basis"], lead_text=_units_text(values["lead"]),
            partner_text=_units_text(values["partners"]), product=_flat(values["product"]),
            deadline_text=_flat(values["deadline"]), note=values["note"], source=plan, appendix=appendix,
        ))
    return _Read(tasks, headers, problems)


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
            "deadline": row.deadline, "note": row.note}


# What the preview names when an update changes it (the task page's words).
CHANGE_LABELS = {"source": "Kế hoạch", "appendix": "Phụ lục", "number": "Số thứ tự", "section": "Mục",
                 "name": "Tên nhiệm vụ", "legal_basis": "Căn cứ", "lead_text": "Đơn vị chủ trì",
                 "partners": "Đơn vị phối hợp (trong Ban)", "partner_text": "Đơn vị phối hợp", "product": "Sản phẩm",
                 "deadline_text": "Thời gian hoàn thành", "deadline": "Hạn cuối", "note": "Ghi chú"}


def _shown(value) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, dt.date):
        return short_date(value)
    return " ".join(str(value).split())


def _changes(task: PlanTask, row: TaskRow, units: dict[int, str]) -> list[tuple[str, str, str]]:
    changes = []
    new = _task_values(row) | {"source": row.source or task.source, "appendix": row.appendix or task.appendix}
    for key, label in CHANGE_LABELS.items():
        if key == "partners":
            old_ids, new_ids = sorted(u.id for u in task.partners), sorted(row.unit_ids)
            if old_ids != new_ids:
                changes.append((label, "; ".join(units.get(i, "") for i in old_ids) or "(trống)",
                                "; ".join(units.get(i, "") for i in new_ids) or "(trống)"))
            continue
        old, value = getattr(task, key), new[key]
        if isinstance(old, str) and isinstance(value, str) and old.split() == value.split():
            continue  # the same words, other line breaks: no change to show
        if (old or None) != (value or None):
            changes.append((label, _shown(old), _shown(value)))
    if task.lead_unit_id != new["lead_unit_id"] and not any(c[0] == CHANGE_LABELS["lead_text"] for c in changes):
        changes.append(("Đơn vị chủ trì (trong Ban)", units.get(task.lead_unit_id, "(trống)"),
                        units.get(new["lead_unit_id"], "(trống)")))
    return changes


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _identify(row: TaskRow, tasks: list[PlanTask], claimed: set[int]) -> tuple[PlanTask | None, str]:
    """The stored task a row is (its identity: plan, appendix, number; else the same number with a close
    name, or the same name), and a warning when a task of the same number is left as another task."""
    free = [t for t in tasks if t.id not in claimed]
    number = _norm(row.number)
    same_plan = [t for t in free if not row.source or not t.source or _norm(t.source) == _norm(row.source)]
    if number:
        exact = [t for t in same_plan if _norm(t.number) == number and row.source and t.source
                 and (not row.appendix or not t.appendix or _norm(t.appendix) == _norm(row.appendix))]
        if len(exact) == 1:
            return exact[0], ""
        numbered = [t for t in (exact or same_plan) if _norm(t.number) == number
                    and (not row.appendix or not t.appendix or _norm(t.appendix) == _norm(row.appendix))]
        if numbered:
            best = max(numbered, key=lambda t: _similar(t.name, row.name))
            if _similar(best.name, row.name) >= 0.6:
                return best, ""
    named = [t for t in same_plan if _norm(t.name) == _norm(row.name)]
    if len(named) == 1:
        return named[0], ""
    clash = next((t for t in same_plan if number and _norm(t.number) == number), None)
    if clash is not None:
        return None, (f"Đã có nhiệm vụ số {clash.number} khác tên («{_flat(clash.name)[:80]}»): dòng này được "
                      "thêm thành nhiệm vụ mới; nếu là cùng một nhiệm vụ, hãy ghi đúng kế hoạch nguồn.")
    return None, ""


@transactional
def preview_task_import(campaign: Campaign, data: bytes, filename: str, source_name: str = "",
                        source: str = "") -> TaskImportPreview:
    """What an import would do, row by row. Writes nothing. `source`: the plan the office names."""
    source = clean_text(source)[:SOURCE_LIMIT]
    read = _rows_of(read_source(filename, data), source)
    rows, problems = read.tasks, read.problems
    if not read.headers:
        raise ImportFileError("Không tìm thấy dòng tiêu đề của bảng nhiệm vụ: bảng cần ít nhất các cột «Tên nhiệm "
                              "vụ», «Đơn vị chủ trì» và «Thời gian hoàn thành» (thứ tự cột tùy ý).")
    if not rows:
        raise ImportFileError("Bảng chỉ có dòng tiêu đề, chưa có nhiệm vụ nào.")
    matcher = unit_matcher()
    unit_names = {u.id: u.name for u in db.session.scalars(select(Unit)).all()}
    stored = campaign_tasks(campaign)
    claimed: set[int] = set()
    seen: dict[tuple, int] = {}
    for row in rows:
        _check_row(row, matcher)
        if row.name:
            key = (_norm(row.source), _norm(row.appendix), _norm(row.section), _norm(row.number), _norm(row.name))
            if key in seen:
                row.problems.append(f"Trùng nhiệm vụ ở dòng {seen[key]} (cùng mục, cùng số, cùng tên).")
            seen.setdefault(key, row.line)
        task, warning = _identify(row, stored, claimed)
        if warning:
            row.warnings.append(warning)
        if task is not None:
            claimed.add(task.id)
            row.existing_id = task.id
            row.source, row.appendix = row.source or task.source, row.appendix or task.appendix
            row.changes = _changes(task, row, unit_names)
            row.action = "update" if row.changes else "same"
            if any(label == CHANGE_LABELS["deadline"] for label, _o, _n in row.changes):
                row.warnings.append("Hạn cuối thay đổi: hãy kiểm tra lại trước khi xác nhận.")
    titles: dict[str, str] = {}
    ignored: list[str] = []
    for header in read.headers:
        for name in FIELD_LABELS:
            if name in header.titles:
                titles.setdefault(name, header.titles[name])
        ignored.extend(t for t in header.ignored if t not in ignored)
    sources = list(dict.fromkeys(row.source for row in rows if row.source))
    return TaskImportPreview(source_name=source_name or filename, rows=rows, headers=titles,
                             ignored_headers=ignored, problems=problems, sources=sources)


@transactional
def apply_task_import(actor: User, campaign: Campaign, data: bytes, filename: str,
                      source_name: str = "", source: str = "") -> TaskImportPreview:
    """Write every task of the table in one unit of work, or none (when any row has an error)."""
    require_manager(actor)
    require_open(campaign)
    preview = preview_task_import(campaign, data, filename, source_name, source)
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
        task.source, task.appendix = row.source, row.appendix
        task.partners = [units[i] for i in row.unit_ids]
    audit.record("plan_task.import", campaign, actor=actor,
                 summary=f"Nhập nhiệm vụ kế hoạch của «{campaign.title}» từ «{preview.source_name}»: "
                         + preview.summary(),
                 changes={"new": [None, preview.new_count], "updated": [None, preview.updated_count]})
    return preview
