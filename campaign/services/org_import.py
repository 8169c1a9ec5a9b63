"""Units and people from spreadsheets (.xlsx and .csv): check, preview, write.

The file is read by campaign/imports (`read_source`: the header row found among the first rows, titles
above it such as "UBND TỈNH KHÁNH HÒA" skipped, a two-row header under merged cells read as one, the
numbering row skipped; .xlsx, .xls, .ods, .csv); checking turns the rows into a preview that lists every
row's problems, warnings (dates to review, columns not used) and, for an update, every field old → new,
and writes nothing; applying checks again and writes every row or none, in one unit of work with one
audit event. People name their unit by its code or its name ("Phòng KHĐT", as the plan import matches
them: imports/units.py). The exports (services/org_export.py) use the headers this import reads, so an
exported file imports unchanged.

Pure service code: no Flask request objects. Lookups are loaded once per file, never per row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..imports import SPREADSHEETS, ImportFileError, Preview, PreviewRow, Table, read_table
from ..imports.units import UnitMatcher
from ..models import EMPLOYMENT_TYPES, GENDERS, Person, Unit, User, local_now
from ..vietnamese import clean_text, fold, number, parse_date, short_date
from . import ServiceError, audit, require_manager, transactional
from .org import (
    PERSON_FORM_FIELDS,
    PERSON_PROFILE_FIELDS,
    UNIT_CODE_PATTERN,
    UNIT_FIELDS,
    _apply,
    date_of_birth_problem,
    unit_code,
)

_CHUNK = 500  # ids per IN (…) when loading the people an import updates


# --- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # written on export and in the template; read back by the import
    aliases: tuple[str, ...] = ()  # other headers the import accepts
    required: bool = False
    width: int = 15
    hint: str = ""  # the template's instructions sheet and the upload page

    @property
    def keys(self) -> set[str]:
        return {header_key(name) for name in (self.header, *self.aliases)}


def header_key(text: str) -> str:
    """'Mã đơn vị', 'MA DON VI', 'ma_don_vi (*)' → 'madonvi': case, diacritics, spaces, marks ignored."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


UNIT_COLUMNS = (
    Column("code", "Mã đơn vị", ("Mã", "Mã ĐV"), required=True, width=14,
           hint="Bắt buộc. Chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; tối đa 20 ký tự. "
                "Mã đã có thì cập nhật đơn vị đó, mã mới thì thêm đơn vị mới."),
    Column("name", "Tên đơn vị", ("Tên",), required=True, width=48, hint="Bắt buộc, tối đa 200 ký tự."),
    Column("parent_code", "Mã đơn vị cấp trên", ("Đơn vị cấp trên", "Mã cấp trên", "Cấp trên"), width=20,
           hint="Để trống nếu đơn vị trực thuộc Ban. Có thể là một đơn vị khác trong cùng tệp."),
    Column("sort_order", "Thứ tự", ("Thứ tự hiển thị",), width=10,
           hint="Số nguyên từ 0 đến 9999; để trống: đơn vị mới lấy 0, đơn vị đã có giữ nguyên."),
    Column("active", "Đang hoạt động", ("Hoạt động", "Trạng thái"), width=16,
           hint="Có hoặc Không; để trống: đơn vị mới là Có, đơn vị đã có giữ nguyên."),
)

PERSON_COLUMNS = (
    Column("id", "Mã cán bộ", ("ID", "Mã người"), width=11,
           hint="Để trống để thêm người mới; ghi mã (cột Mã cán bộ của tệp xuất) để cập nhật người đó."),
    Column("full_name", "Họ và tên", ("Họ tên", "Họ và tên cán bộ", "Họ, tên", "Họ và tên CBCCVC"), required=True,
           width=30, hint="Bắt buộc, tối đa 120 ký tự."),
    Column("gender", "Giới tính", ("Nam/Nữ", "Nam, nữ", "Giới"), required=True, width=10,
           hint="Nam hoặc Nữ; bắt buộc với người mới."),
    Column("date_of_birth", "Ngày sinh", ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày"), width=12,
           hint="Dạng ngày/tháng/năm, ví dụ 05/12/1985 (ô ngày của bảng tính cũng được)."),
    Column("position", "Chức vụ", ("Chức danh", "Chức vụ, chức danh", "Chức vụ/chức danh", "Chức vụ hiện tại"),
           width=24, hint="Ví dụ: Trưởng phòng, Chuyên viên."),
    Column("employment_type", "Loại cán bộ", ("Loại", "Loại hình", "Đối tượng", "Loại cán bộ, công chức",
                                              "Loại CBCCVC", "Công chức/Viên chức"), width=17,
           hint="Công chức, Viên chức hoặc Người lao động (cũng nhận HĐLĐ, Hợp đồng lao động, CC, VC); để "
                "trống: người mới là Công chức."),
    Column("is_leader", "Lãnh đạo", ("Là lãnh đạo", "Cán bộ lãnh đạo", "Lãnh đạo (Có/Không)"), width=10,
           hint="Có hoặc Không (cũng nhận x, 1, 0)."),
    Column("unit_code", "Mã đơn vị", ("Mã ĐV",), width=12,
           hint="Mã của một đơn vị đã có (xem trang Đơn vị). Với người mới cần Mã đơn vị hoặc Tên đơn vị."),
    Column("unit_name", "Tên đơn vị", ("Đơn vị", "Đơn vị công tác", "Phòng, ban", "Phòng ban", "Phòng/Ban",
                                       "Nơi công tác", "Phòng, ban, đơn vị"), width=40,
           hint="Tên hoặc tên viết tắt của đơn vị («Phòng KHĐT», «Ban QLDAHT»), dùng khi không ghi mã; có cả mã "
                "thì theo mã."),
    Column("active", "Đang công tác", ("Trạng thái",), width=14,
           hint="Có hoặc Không; để trống: người mới là Có, người đã có giữ nguyên."),
    # The decree's personal details (Sơ lược lý lịch of the achievement report): optional columns; a file
    # without one leaves the stored value as it is, a file with one writes it (a blank cell clears it).
    Column("ethnicity", "Dân tộc", (), width=9,
           hint="Ví dụ: Kinh. Tối đa 50 ký tự. Sáu cột sơ lược lý lịch này không bắt buộc: cột nào tệp không có "
                "thì giữ nguyên thông tin đã lưu; có cột mà ô để trống thì xóa thông tin đó."),
    Column("hometown", "Quê quán", ("Nguyên quán",), width=24,
           hint="Ví dụ: xã Ninh Hòa, tỉnh Khánh Hòa. Tối đa 200 ký tự."),
    Column("residence", "Nơi thường trú", ("Hộ khẩu thường trú", "Địa chỉ thường trú", "Nơi đăng ký thường trú",
                                           "Thường trú"), width=28,
           hint="Cũng nhận cột «Hộ khẩu thường trú». Tối đa 300 ký tự."),
    Column("qualification", "Trình độ chuyên môn", ("Trình độ CM", "Trình độ chuyên môn, nghiệp vụ",
                                                    "Trình độ CMNV", "Chuyên môn"), width=20,
           hint="Ví dụ: Cử nhân Kinh tế (cũng nhận cột «Trình độ CM»). Tối đa 200 ký tự."),
    Column("political_theory", "Lý luận chính trị", ("Trình độ LLCT", "Trình độ lý luận chính trị", "LLCT"),
           width=17, hint="Ví dụ: Trung cấp, Cao cấp (cũng nhận cột «Trình độ LLCT»). Tối đa 100 ký tự."),
    Column("academic_title", "Học hàm, học vị", ("Học hàm – học vị", "Học vị", "Học hàm"), width=16,
           hint="Ví dụ: Thạc sĩ Quản lý kinh tế. Tối đa 150 ký tự."),
)
PROFILE_COLUMNS = [c for c in PERSON_COLUMNS if c.field in PERSON_PROFILE_FIELDS]
KIND_COLUMNS = {"units": UNIT_COLUMNS, "people": PERSON_COLUMNS}


def _limit(model, name: str) -> int:
    return model.__table__.c[name].type.length


# --- the preview ---------------------------------------------------------------------------------


@dataclass
class ImportRow(PreviewRow):
    values: dict[str, str] = field(default_factory=dict)  # the cells as read, by field
    data: dict = field(default_factory=dict)  # the values to write, by model field
    target_id: int | None = None  # the existing unit or person this row updates
    resolved: dict[str, str] = field(default_factory=dict)  # field → what the cell was read as, when it differs


@dataclass
class ImportPreview(Preview):
    kind: str = ""  # units, people
    columns: list[Column] = field(default_factory=list)  # the columns found, in the standard order
    found: dict[str, str] = field(default_factory=dict)  # field → the file's own header

    def received(self) -> list[tuple[str, str]]:
        return [(c.header, self.found[c.field]) for c in self.columns]



# Headers that only the other kind of file has: {kind imported: (header keys, what the file looks like)}.
_OTHER_KIND = {
    "units": ({"hovaten", "hoten"}, "danh sách cán bộ (có cột «Họ và tên»): hãy nhập ở trang Nhập cán bộ"),
    "people": ({"madonvicaptren", "danghoatdong"},
               "danh sách đơn vị (có cột «Mã đơn vị cấp trên» hoặc «Đang hoạt động»): "
               "hãy nhập ở trang Nhập đơn vị"),
}


def header_field(kind: str):
    """A header's text → the field of `kind` it stands for, or None (for finding the header row)."""
    lookup = {key: column.field for column in KIND_COLUMNS[kind] for key in column.keys}
    return lambda text: lookup.get(header_key(text))


def read_source(kind: str, filename: str, data: bytes) -> Table:
    """The table of an uploaded file: its header found among the first rows (imports.table)."""
    return read_table(filename, data, SPREADSHEETS, header_field=header_field(kind))


def _map_headers(headers: list[str], kind: str):
    """{field: position} for the known columns, and the headers the import will not use."""
    columns = KIND_COLUMNS[kind]
    other_keys, other_text = _OTHER_KIND[kind]
    keys = {header_key(h) for h in headers}
    if kind == "units" and keys & other_keys:
        raise ImportFileError(f"Tệp này có vẻ là {other_text}.")
    lookup = {key: column for column in columns for key in column.keys}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        column = lookup.get(key)
        if column is None:
            ignored.append(clean_text(header))
        elif column.field in positions:
            raise ImportFileError(f"Cột «{column.header}» xuất hiện hai lần trong dòng tiêu đề: "
                                  "hãy giữ một cột.")
        else:
            positions[column.field] = index
    missing = [c.header for c in columns if c.required and c.field not in positions]
    if kind == "people" and "unit_code" not in positions and "unit_name" not in positions:
        missing.append("Mã đơn vị hoặc Tên đơn vị")
    if missing:
        found = ", ".join(f"«{clean_text(h)}»" for h in headers if clean_text(h)) or "(không có)"
        message = (f"Thiếu cột bắt buộc: {', '.join(missing)}. Các cột tìm thấy ở dòng tiêu đề: {found}. "
                   "Dòng tiêu đề (tên các cột) có thể nằm dưới các dòng tên cơ quan; hãy tải tệp mẫu để xem "
                   "đúng tên cột.")
        if keys & other_keys:
            message += f" Tệp này có vẻ là {other_text}."
        raise ImportFileError(message)
    return positions, ignored


def _found(headers: list[str], positions: dict[str, int]) -> dict[str, str]:
    return {name: clean_text(headers[index]) for name, index in positions.items()}


def _rows(table: Table, positions: dict[str, int]) -> list[ImportRow]:
    rows = []
    for line, cells in table.rows:
        values = {name: (cells[index] if index < len(cells) else "") for name, index in positions.items()}
        rows.append(ImportRow(line=line, values=values))
    return rows


_YES = {"co", "x", "1", "true", "yes", "dung", "dang hoat dong", "dang cong tac", "hoat dong"}
_NO = {"khong", "0", "false", "no", "sai", "ngung hoat dong", "ngung", "nghi", "da nghi", "ngung theo doi",
       "da ngung theo doi"}


def _flag(row: ImportRow, name: str, label: str) -> bool | None:
    """Có/Không (x, 1/0 …) → True/False; blank → None (the default, or keep); a problem otherwise."""
    text = row.values.get(name, "")
    key = fold(text)
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    row.problems.append(f"Giá trị «{clean_text(text)}» ở cột {label} không hợp lệ: dùng Có hoặc Không.")
    return None


# The usual ways offices write the kinds of staff (letters only, folded).
EMPLOYMENT_ALIASES = {
    "hdld": "nguoi_lao_dong", "hopdonglaodong": "nguoi_lao_dong", "laodonghopdong": "nguoi_lao_dong",
    "nld": "nguoi_lao_dong", "hopdong": "nguoi_lao_dong", "hd": "nguoi_lao_dong", "nhanvienhopdong": "nguoi_lao_dong",
    "laodong": "nguoi_lao_dong", "nhanvien": "nguoi_lao_dong", "cc": "cong_chuc", "vc": "vien_chuc",
}


def _choice(text: str, choices: dict[str, str], aliases: dict[str, str | None] | None = None) -> str | None:
    key = re.sub(r"[^a-z]", "", fold(text))
    if aliases and aliases.get(key):
        return aliases[key]
    if aliases and key.startswith(("hdld", "hopdonglaodong", "hopdong")):
        return aliases["hdld"]  # "HĐLĐ 68", "Hợp đồng 111", "Hợp đồng lao động theo NĐ 111"
    for value, label in choices.items():
        if key in (re.sub(r"[^a-z]", "", fold(label)), value.replace("_", "")):
            return value
    return None


def _too_long(row: ImportRow, label: str, value: str, limit: int) -> bool:
    if len(value) > limit:
        row.problems.append(f"{label} dài {number(len(value))} ký tự, vượt quá giới hạn {limit} ký tự.")
        return True
    return False


def _required_text(row: ImportRow, text: str, label: str, limit: int) -> str:
    """A cell that must be filled, within its length: its text (a problem on the row otherwise)."""
    value = clean_text(text)
    if not value:
        row.problems.append(f"Thiếu {label[:1].lower()}{label[1:]}.")
    else:
        _too_long(row, label, value, limit)
    return value


def _lines(lines: list[int], own: int) -> str:
    others = [str(n) for n in lines if n != own]
    shown = ", ".join(others[:10]) + (", …" if len(others) > 10 else "")
    return f"dòng {shown}"


# --- units ---------------------------------------------------------------------------------------


@transactional
def preview_units(table: Table, filename: str = "") -> ImportPreview:
    """Check every row of a units file against the units stored and the other rows; write nothing."""
    positions, ignored = _map_headers(table.headers, "units")
    rows = _rows(table, positions)
    existing = db.session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.parent_id, Unit.sort_order, Unit.active)
    ).all()
    by_code = {u.code.upper(): u for u in existing}
    code_of = {u.id: u.code.upper() for u in existing}
    code_limit, name_limit = _limit(Unit, "code"), _limit(Unit, "name")

    lines_by_code: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        values, data = row.values, row.data
        code = unit_code(values["code"])
        if not code:
            row.problems.append("Thiếu mã đơn vị.")
        elif _too_long(row, "Mã đơn vị", code, code_limit):
            pass
        elif not UNIT_CODE_PATTERN.fullmatch(code):
            row.problems.append(f"Mã đơn vị «{code}» chỉ được gồm chữ cái không dấu, chữ số, dấu chấm, "
                                "gạch ngang, gạch dưới.")
        else:
            lines_by_code[code].append(row.line)
        data["code"] = code
        stored = by_code.get(code)
        row.target_id = stored.id if stored else None

        data["name"] = _required_text(row, values["name"], "Tên đơn vị", name_limit)

        if "parent_code" in positions:
            data["parent_code"] = unit_code(values["parent_code"]) or None
        else:
            data["parent_code"] = code_of.get(stored.parent_id) if stored else None

        text = clean_text(values.get("sort_order", ""))
        if text:
            if re.fullmatch(r"\d{1,4}", text):
                data["sort_order"] = int(text)
            else:
                row.problems.append(f"Thứ tự «{text}» không hợp lệ: phải là số nguyên từ 0 đến 9999.")
        else:
            data["sort_order"] = stored.sort_order if stored else 0

        active = _flag(row, "active", "Đang hoạt động")
        data["active"] = active if active is not None else (stored.active if stored else True)

    for row in rows:
        code = row.data["code"]
        if len(lines_by_code.get(code, ())) > 1:
            row.problems.append(f"Mã đơn vị «{code}» xuất hiện nhiều lần trong tệp "
                                f"(cả ở {_lines(lines_by_code[code], row.line)}).")

    # The tree after the import: stored units, with the file's rows laid over them.
    parents: dict[str, str | None] = {code_of[u.id]: code_of.get(u.parent_id) for u in existing}
    active: dict[str, bool] = {code_of[u.id]: u.active for u in existing}
    for row in rows:
        code = row.data["code"]
        if code in lines_by_code and lines_by_code[code][0] == row.line:
            parents[code] = row.data["parent_code"]
            active[code] = row.data["active"]
    cycles = _cycles(parents)
    for row in rows:
        code, parent = row.data["code"], row.data["parent_code"]
        if not parent or code not in lines_by_code:
            continue
        if parent not in parents:
            row.problems.append(f"Không có đơn vị cấp trên mang mã «{parent}» (trong danh sách đơn vị hay "
                                "trong tệp).")
        elif parent == code:
            row.problems.append("Đơn vị không thể là cấp trên của chính nó.")
        elif code in cycles:
            row.problems.append(f"Vòng lặp cấp trên: {_cycle_text(*cycles[code])}. Một đơn vị không thể là "
                                "cấp dưới của chính nó.")

    # Deactivating: the same rule as the unit form (no active sub-unit, no one still working there).
    children_active: Counter[str] = Counter(p for c, p in parents.items() if p and active.get(c))
    people_active = dict(db.session.execute(
        select(Person.unit_id, func.count(Person.id)).where(Person.active.is_(True)).group_by(Person.unit_id)
    ).all())
    for row in rows:
        stored = by_code.get(row.data["code"]) if row.target_id else None
        if row.data["active"] or (stored is not None and not stored.active):
            continue
        if children_active[row.data["code"]]:
            row.problems.append(f"Đơn vị còn {children_active[row.data['code']]} đơn vị trực thuộc đang hoạt "
                                "động: không thể ngừng hoạt động.")
        if stored is not None and people_active.get(stored.id):
            row.problems.append(f"Đơn vị còn {people_active[stored.id]} người đang công tác: hãy chuyển họ "
                                "sang đơn vị khác trước khi ngừng hoạt động.")

    for row in rows:
        stored = by_code.get(row.data["code"]) if row.target_id else None
        if stored is None:
            row.action = "new"
        else:
            parent = code_of.get(stored.parent_id)
            before = (stored.code, stored.name, parent, stored.sort_order, stored.active)
            after = tuple(row.data[k] for k in ("code", "name", "parent_code", "sort_order", "active"))
            row.changes = [(label, _person_value("", old, {}), _person_value("", new, {}))
                           for label, old, new in zip(("Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Thứ tự",
                                                       "Đang hoạt động"), before, after, strict=True) if old != new]
            row.action = "update" if row.changes else "same"
    columns = [c for c in UNIT_COLUMNS if c.field in positions]
    return ImportPreview(source_name=filename, rows=rows, ignored_headers=ignored, kind="units", columns=columns,
                         found=_found(table.headers, positions))


def _cycles(parents: dict[str, str | None]) -> dict[str, tuple[list[str], int]]:
    """{code: (the loop it is on, its place there)} for every code on a loop of the parent map: the
    units that would be their own ancestors. Linear time, however long the chains."""
    state: dict[str, int] = {}  # 1 on the walk now, 2 done
    found: dict[str, tuple[list[str], int]] = {}
    for start in parents:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parents and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            loop = path[path.index(node):]
            for place, member in enumerate(loop):
                found[member] = (loop, place)
        for member in path:
            state[member] = 2
    return found


def _cycle_text(loop: list[str], place: int) -> str:
    """'A → B → A': the unit, its parent, …, back to the unit."""
    chain = (loop[place:] + loop[:place])[:8]
    if len(loop) > 8:
        chain = [*chain[:7], "…"]
    return " → ".join([*chain, loop[place]])


@transactional
def apply_units_import(actor: User, table: Table, filename: str) -> ImportPreview:
    """Check the file again and write all of its rows, or none (ServiceError) when any has a problem."""
    require_manager(actor)
    preview = preview_units(table, filename)
    _refuse_problems(preview)
    units = {u.code.upper(): u for u in db.session.scalars(select(Unit))}
    changing = [row for row in preview.rows if row.action in ("new", "update")]
    fields = [f for f in UNIT_FIELDS if f != "parent_id"]
    for row in changing:
        unit = units.get(row.data["code"])
        if unit is None:
            unit = units[row.data["code"]] = Unit()
            db.session.add(unit)
        _apply(unit, row.data, fields)
    for row in changing:
        unit, parent_code = units[row.data["code"]], row.data["parent_code"]
        parent = units[parent_code] if parent_code else None
        if parent is None:
            unit.parent_id = None
        elif parent.id is None:
            unit.parent = parent  # created by this file: the flush inserts the parent first
        else:
            unit.parent_id = parent.id
    _record(actor, preview, "import.units", "unit", "đơn vị")
    _write_all()
    return preview


# --- people --------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return clean_text(name).casefold()


@transactional
def preview_people(table: Table, filename: str = "") -> ImportPreview:
    """Check every row of a people file against the stored units and people and the other rows."""
    positions, ignored = _map_headers(table.headers, "people")
    rows = _rows(table, positions)
    all_units = db.session.scalars(select(Unit)).all()
    units = {u.code.upper(): (u.id, u.active) for u in all_units}
    unit_codes = {uid: code for code, (uid, _active) in units.items()}
    unit_names = {u.id: u.name for u in all_units}
    unit_matcher = UnitMatcher(all_units)
    found_units: dict[str, tuple] = {}

    def named_unit(text: str) -> tuple:
        """The unit a name stands for, once per distinct name of the file (a list repeats its units)."""
        if text not in found_units:
            found_units[text] = unit_matcher.one(text)
        return found_units[text]

    people = {p.id: p for p in db.session.execute(select(
        Person.id, Person.full_name, Person.gender, Person.date_of_birth, Person.position,
        Person.employment_type, Person.is_leader, Person.unit_id, Person.active,
        *(getattr(Person, name) for name in PERSON_PROFILE_FIELDS),
    )).all()}
    name_limit, position_limit = _limit(Person, "full_name"), _limit(Person, "position")
    profile_limits = {c.field: _limit(Person, c.field) for c in PROFILE_COLUMNS}
    today = local_now().date()

    lines_by_id: dict[int, list[int]] = defaultdict(list)
    date_kinds: dict[int, str] = {}  # line → "date" (a spreadsheet's date) or "text", for the dates read
    for row in rows:
        values, data = row.values, row.data
        stored = None
        ident = clean_text(values.get("id", ""))
        if ident:
            if not re.fullmatch(r"\d{1,9}", ident):
                row.problems.append(f"Mã cán bộ «{ident}» không hợp lệ: phải là một số "
                                    "(để trống để thêm người mới).")
            elif int(ident) not in people:
                row.problems.append(f"Không có cán bộ mang mã {ident}: hãy để trống ô Mã cán bộ nếu là "
                                    "người mới.")
            else:
                stored = people[int(ident)]
                row.target_id = stored.id
                lines_by_id[stored.id].append(row.line)

        data["full_name"] = _required_text(row, values["full_name"], "Họ và tên", name_limit)

        text = values["gender"]
        gender = _choice(text, GENDERS) if clean_text(text) else None
        if gender is None and clean_text(text):
            row.problems.append(f"Giới tính «{clean_text(text)}» không hợp lệ: dùng Nam hoặc Nữ.")
        elif gender is None and stored is None:
            row.problems.append("Thiếu giới tính (Nam hoặc Nữ).")
        data["gender"] = gender or (stored.gender if stored else None)

        if "date_of_birth" in positions:
            text = clean_text(values["date_of_birth"])
            born = parse_date(text) if text else None
            cell = table.cell(row.line, positions["date_of_birth"])
            if cell is not None and cell.kind == "date" and born is not None:
                date_kinds[row.line] = "date"
            elif born is not None:
                date_kinds[row.line] = "text"
            if text and born is None:
                row.problems.append(f"Ngày sinh «{text}» không hợp lệ: dùng dạng ngày/tháng/năm, "
                                    "ví dụ 05/12/1985.")
            elif (stored is None or born != stored.date_of_birth) and (  # a stored date stays as it is
                    problem := date_of_birth_problem(born, today)) is not None:
                row.problems.append(problem)
            data["date_of_birth"] = born
        else:
            data["date_of_birth"] = stored.date_of_birth if stored else None

        if "position" in positions:
            data["position"] = clean_text(values["position"])
            _too_long(row, "Chức vụ", data["position"], position_limit)
        else:
            data["position"] = stored.position if stored else ""
        for column in PROFILE_COLUMNS:  # as position: a column the file lacks keeps the stored value
            name = column.field
            if name in positions:
                data[name] = clean_text(values[name])
                _too_long(row, column.header, data[name], profile_limits[name])
            else:
                data[name] = getattr(stored, name) if stored else ""

        text = clean_text(values.get("employment_type", ""))
        kind = _choice(text, EMPLOYMENT_TYPES, EMPLOYMENT_ALIASES) if text else None
        if text and kind is None:
            row.problems.append(f"Loại cán bộ «{text}» không hợp lệ: dùng Công chức, Viên chức hoặc "
                                "Người lao động (HĐLĐ, Hợp đồng lao động).")
        data["employment_type"] = kind or (stored.employment_type if stored else "cong_chuc")

        leader = _flag(row, "is_leader", "Lãnh đạo")
        data["is_leader"] = leader if leader is not None else (stored.is_leader if stored else False)
        active = _flag(row, "active", "Đang công tác")
        data["active"] = active if active is not None else (stored.active if stored else True)

        code = unit_code(values.get("unit_code", ""))
        unit_text = clean_text(values.get("unit_name", ""))
        data["unit_id"] = None
        if code:
            if code not in units:
                row.problems.append(f"Không có đơn vị mang mã «{code}».")
            else:
                data["unit_id"] = units[code][0]
                named = named_unit(unit_text)[0] if unit_text else None
                if named is not None and named.id != data["unit_id"]:
                    row.warnings.append(f"Mã đơn vị «{code}» và tên đơn vị «{unit_text}» chỉ hai đơn vị khác "
                                        f"nhau: theo mã ({unit_names[data['unit_id']]}).")
        elif unit_text:
            found, problem = named_unit(unit_text)
            if found is None:
                row.problems.append(problem)
            else:
                data["unit_id"] = found.id
        elif stored is not None:
            data["unit_id"] = stored.unit_id
        else:
            row.problems.append("Thiếu đơn vị (mã đơn vị hoặc tên đơn vị).")
        unit_id = data["unit_id"]
        moving = stored is None or unit_id != stored.unit_id or (data["active"] and not stored.active)
        if unit_id is not None and data["active"] and moving and not units[unit_codes[unit_id]][1]:
            row.problems.append(f"Đơn vị «{unit_names[unit_id]}» đã ngừng hoạt động.")

    for row in rows:
        if row.target_id is not None and len(lines_by_id[row.target_id]) > 1:
            row.problems.append(f"Mã cán bộ {row.target_id} xuất hiện nhiều lần trong tệp "
                                f"(cả ở {_lines(lines_by_id[row.target_id], row.line)}).")

    # The same person twice: same full name and date of birth, in the file or among the people kept.
    in_file = {row.target_id for row in rows if row.target_id is not None}
    kept: dict[tuple, list[int]] = defaultdict(list)
    for p in people.values():
        if p.id not in in_file and p.date_of_birth is not None:
            kept[(_name_key(p.full_name), p.date_of_birth)].append(p.id)
    key_lines: dict[tuple, list[int]] = defaultdict(list)
    keys = {}
    for row in rows:
        if row.data["full_name"] and row.data["date_of_birth"] is not None:
            keys[row.line] = key = (_name_key(row.data["full_name"]), row.data["date_of_birth"])
            key_lines[key].append(row.line)
    for row in rows:
        key = keys.get(row.line)
        if key is None:
            continue
        if len(key_lines[key]) > 1:
            row.problems.append(f"Trùng họ tên và ngày sinh với {_lines(key_lines[key], row.line)} "
                                "trong tệp.")
        if kept.get(key):
            other = people[kept[key][0]]
            row.problems.append(
                f"Trùng họ tên và ngày sinh với cán bộ đã có (mã {other.id}, đơn vị "
                f"{unit_codes.get(other.unit_id, '')}): nếu là cùng một người, hãy ghi mã cán bộ {other.id} "
                "để cập nhật."
            )

    warnings = _review_dates(rows, date_kinds, people)
    for row in rows:  # what a cell was read as, where the words differ (HĐLĐ → Người lao động, Phòng KHĐT → …)
        for name in ("employment_type", "is_leader", "unit_name", "gender",
                     *(() if "unit_name" in positions else ("unit_code",))):
            key = "unit_id" if name in ("unit_name", "unit_code") else name
            if name in positions and row.data.get(key) is not None and clean_text(row.values.get(name, "")):
                shown = _person_value(key, row.data[key], unit_names)
                if fold(shown) != fold(clean_text(row.values[name])):
                    row.resolved[name] = shown
    for row in rows:
        stored = people.get(row.target_id) if row.target_id is not None else None
        if stored is None:
            row.action = "new"
        else:
            row.changes = [(label, _person_value(f, getattr(stored, f), unit_names),
                            _person_value(f, row.data[f], unit_names))
                           for f, label in PERSON_LABELS.items() if getattr(stored, f) != row.data[f]]
            row.action = "update" if row.changes else "same"
    columns = [c for c in PERSON_COLUMNS if c.field in positions]
    return ImportPreview(source_name=filename, rows=rows, ignored_headers=ignored, kind="people", columns=columns,
                         found=_found(table.headers, positions), warnings=warnings)


PERSON_LABELS = {"full_name": "Họ và tên", "gender": "Giới tính", "date_of_birth": "Ngày sinh", "position": "Chức vụ",
                 "employment_type": "Loại cán bộ", "is_leader": "Lãnh đạo", "unit_id": "Đơn vị",
                 "active": "Đang công tác", **{c.field: c.header for c in PROFILE_COLUMNS}}


def _person_value(name: str, value, unit_names: dict[int, str]) -> str:
    if value is None or value == "":
        return "(trống)"
    if name == "gender":
        return GENDERS.get(value, value)
    if name == "employment_type":
        return EMPLOYMENT_TYPES.get(value, value)
    if name == "unit_id":
        return unit_names.get(value, str(value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.date):
        return short_date(value)
    return str(value)


def _swapped(date: dt.date) -> dt.date | None:
    """The date with its day and month exchanged, when that is a date too (and another one)."""
    if date.day > 12 or date.day == date.month:
        return None
    return dt.date(date.year, date.day, date.month)


def _review_dates(rows: list[ImportRow], kinds: dict[int, str], people: dict) -> list[str]:
    """Dates to review, on their rows (warnings, repeated by the confirmation): a date of birth that
    changes; in a column mixing a spreadsheet's dates with dates typed as text (a spreadsheet in another
    language converts 03/02 to 2 March and leaves 25/02 as text), every date whose day and month could
    have been exchanged. Returns the warning about the column as a whole."""
    real = sum(1 for kind in kinds.values() if kind == "date")
    text = sum(1 for kind in kinds.values() if kind == "text")
    mixed = real > 0 and text > 0
    for row in rows:
        born = row.data.get("date_of_birth")
        stored = people.get(row.target_id) if row.target_id is not None else None
        if born is None or row.problems:
            continue
        other = _swapped(born)
        if stored is not None and stored.date_of_birth is not None and stored.date_of_birth != born:
            hint = " (ngày và tháng bị đảo?)" if stored.date_of_birth == other else ""
            row.warnings.append(f"Ngày sinh thay đổi: {short_date(stored.date_of_birth)} → {short_date(born)}{hint}: "
                                "hãy kiểm tra trước khi xác nhận.")
        elif mixed and other is not None:
            how = "ô ngày của bảng tính" if kinds.get(row.line) == "date" else "ô chữ"
            row.warnings.append(f"Ngày sinh {short_date(born)} ({how}) có thể đã bị bảng tính đảo ngày và tháng "
                                f"(là {short_date(other)}?): cột Ngày sinh vừa có ô ngày vừa có ô chữ. Hãy kiểm tra.")
    if not mixed:
        return []
    return [f"Cột Ngày sinh có {number(real)} ô là ngày của bảng tính và {number(text)} ô là chữ: tệp có thể đã qua "
            "một bảng tính đặt ngôn ngữ khác (đọc 03/02 thành ngày 2 tháng 3). Các ngày có thể bị đảo được đánh dấu "
            "«cần xem lại»."]


@transactional
def apply_people_import(actor: User, table: Table, filename: str) -> ImportPreview:
    """Check the file again and write all of its rows, or none (ServiceError) when any has a problem."""
    require_manager(actor)
    preview = preview_people(table, filename)
    _refuse_problems(preview)
    ids = [row.target_id for row in preview.rows if row.action == "update"]
    people: dict[int, Person] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        people.update((p.id, p) for p in db.session.scalars(select(Person).where(Person.id.in_(chunk))))
    created: list[Person] = []
    for row in preview.rows:
        if row.action == "new":
            person = Person()
            _apply(person, row.data, PERSON_FORM_FIELDS)
            created.append(person)
        elif row.action == "update":
            if row.target_id not in people:  # deleted since the check above
                raise _changed_meanwhile()
            _apply(people[row.target_id], row.data, PERSON_FORM_FIELDS)
    # New people go in as one executemany (the ORM's add() would send an INSERT … RETURNING a row, because
    # it needs each new id, which nothing here uses): 10.000 rows in 1 statement, not 10.000.
    db.session.bulk_save_objects(created)
    _record(actor, preview, "import.people", "person", "cán bộ")
    _write_all()
    return preview


# --- shared by both imports ----------------------------------------------------------------------


def _refuse_problems(preview: ImportPreview) -> None:
    if preview.problem_count:
        raise ServiceError(f"Tệp còn {number(preview.problem_count)} dòng có lỗi: chưa ghi dòng nào. "
                           "Hãy sửa các dòng được đánh dấu trong tệp rồi tải lên lại.")


def _changed_meanwhile() -> ServiceError:
    return ServiceError("Dữ liệu đã bị người khác thay đổi trong lúc nhập: chưa ghi dòng nào. "
                        "Hãy tải tệp lên lại để xem trước với dữ liệu mới.")


def _write_all() -> None:
    """Flush the import's writes: another user's change since the check refuses the whole file."""
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError) as err:
        raise _changed_meanwhile() from err


def import_summary(preview: ImportPreview, noun: str) -> str:
    return (f"Nhập {noun} từ tệp «{preview.source_name}»: thêm mới {number(preview.new_count)}, "
            f"cập nhật {number(preview.updated_count)}, không đổi {number(preview.unchanged_count)}.")


def _record(actor: User, preview: ImportPreview, action: str, object_type: str, noun: str) -> None:
    summary = import_summary(preview, noun)
    audit.record(action, actor=actor, object_type=object_type, summary=summary, changes={
        "file": [None, preview.source_name],
        "rows": [None, preview.total],
        "created": [None, preview.new_count],
        "updated": [None, preview.updated_count],
    })


