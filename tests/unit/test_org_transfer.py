"""Reading, checking and writing unit and people files (services/org_import.py, org_export.py), no HTTP."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.imports import NOT_XLSX, ImportFileError, read_table
from campaign.models import AuditEvent, Person, Role, Unit
from campaign.services import PermissionDenied, ServiceError, org_export, org_import
from tests.factories import xlsx_bytes

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Thứ tự", "Đang hoạt động"]
PEOPLE_HEADERS = ["Mã cán bộ", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Loại cán bộ", "Lãnh đạo",
                  "Mã đơn vị", "Tên đơn vị", "Đang công tác"]
# The decree's personal details: optional, after the other columns (template and export).
PROFILE_HEADERS = ["Dân tộc", "Quê quán", "Nơi thường trú", "Trình độ chuyên môn", "Lý luận chính trị", "Học hàm, học vị"]


def csv_bytes(rows: list[list], delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def units_preview(rows, name="don-vi.xlsx"):
    return org_import.preview_units(read_table(name, xlsx_bytes(rows)), name)


def people_preview(rows, name="can-bo.xlsx"):
    return org_import.preview_people(read_table(name, xlsx_bytes(rows)), name)


def problems(preview) -> list[str]:
    return [p for row in preview.rows for p in row.problems]


# --- reading -------------------------------------------------------------------------------------


def test_header_names_ignore_case_diacritics_and_spaces():
    keys = {org_import.header_key(h) for h in ("Mã đơn vị", "MA DON VI", "ma_don_vi", " Mã  Đơn Vị (*)")}
    assert keys == {"madonvi"}


@pytest.mark.parametrize(("delimiter", "bom"), [(",", True), (";", True), (",", False), (";", False)])
def test_csv_with_or_without_bom_and_either_delimiter(delimiter, bom):
    data = csv_bytes([["Tên đơn vị", "Mã đơn vị"], ["Phòng Kế hoạch, Đầu tư", "KHDT"]], delimiter, bom)
    table = read_table("x.csv", data)
    assert table.headers == ["Tên đơn vị", "Mã đơn vị"]
    assert table.rows == [(2, ["Phòng Kế hoạch, Đầu tư", "KHDT"])]


def test_xlsx_cells_become_text_and_real_dates_read_as_dates():
    data = xlsx_bytes([PEOPLE_HEADERS, [None, "Trần Thị Bình", "Nữ", dt.datetime(1990, 1, 5), "Chuyên viên",
                                        "Viên chức", True, "VP", 1.0]])
    table = read_table("a.xlsx", data)
    assert table.rows[0][1] == ["", "Trần Thị Bình", "Nữ", "05/01/1990", "Chuyên viên", "Viên chức", "Có",
                                "VP", "1"]


def test_blank_rows_are_skipped_and_line_numbers_kept():
    table = read_table("a.xlsx", xlsx_bytes([UNIT_HEADERS, ["A", "Phòng A"], [None, None], ["B", "Phòng B"]]))
    assert [line for line, _cells in table.rows] == [2, 4]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("a.xlsx", b"Ma don vi,Ten don vi\nVP,Van phong\n", NOT_XLSX),
    ("a.xlsx", b"PK\x03\x04 not really a zip", NOT_XLSX),
    ("a.xlsx", b"", "Tệp trống"),
    ("a.csv", b"", "Tệp trống"),
    ("a.csv", b"\xef\xbb\xbf\r\n\r\n", "Tệp trống"),
    ("a.csv", "Mã đơn vị,Tên đơn vị\n".encode(), "chỉ có dòng tiêu đề"),
    ("a.csv", "Tên\nPhong Ke hoach\n".encode("cp1258"), "UTF-8"),
    ("a.xls", b"\xd0\xcf\x11\xe0", "Không đọc được tệp Excel 97–2003 (.xls) này"),  # .xls is read now
    ("a.ods", b"PK\x03\x04 not really a zip", "Không đọc được tệp LibreOffice (.ods) này"),
    ("a.pdf", b"%PDF-1.4", "Chỉ nhận tệp bảng tính Excel (.xlsx, .xls), LibreOffice (.ods) hoặc CSV (.csv)."),
    ("khongcoduoi", b"abc", "Chỉ nhận tệp bảng tính Excel (.xlsx, .xls), LibreOffice (.ods) hoặc CSV (.csv)."),
])
def test_unusable_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(ImportFileError) as err:
        read_table(name, data)
    assert message in err.value.message
    assert err.value.field == "file"


def test_an_xlsx_renamed_csv_is_recognised():
    with pytest.raises(ImportFileError, match="đổi đuôi tệp thành .xlsx"):
        read_table("a.csv", xlsx_bytes([UNIT_HEADERS]))


def test_more_than_20000_rows_is_refused():
    rows = [["Mã đơn vị", "Tên đơn vị"], *([f"D{i}", "Phòng"] for i in range(20_001))]
    with pytest.raises(ImportFileError, match="hơn 20.000 dòng"):
        read_table("a.csv", csv_bytes(rows))
    assert len(read_table("a.csv", csv_bytes(rows[:20_001])).rows) == 20_000


def test_missing_columns_names_them_and_the_headers_found(app):
    with pytest.raises(ImportFileError) as err:
        units_preview([["Mã", "Tên gọi", "Ghi chú"], ["VP", "Văn phòng", ""]])
    assert "Thiếu cột bắt buộc: Tên đơn vị." in err.value.message
    assert "«Mã», «Tên gọi», «Ghi chú»" in err.value.message


def test_a_people_file_on_the_units_import_is_named(app):
    with pytest.raises(ImportFileError, match="danh sách cán bộ"):
        units_preview([PEOPLE_HEADERS, ["", "Trần Bình", "Nam", "", "", "", "", "VP", ""]])


def test_a_column_twice_is_refused(app):
    with pytest.raises(ImportFileError, match="xuất hiện hai lần"):
        units_preview([["Mã đơn vị", "Tên đơn vị", "Ma don vi"], ["A", "Phòng A", "A"]])


# --- units ---------------------------------------------------------------------------------------


def test_units_upsert_by_code_with_a_parent_later_in_the_file(app, make_unit):
    make_unit("VP", "Văn phòng", sort_order=1)
    make_unit("KHDT", "Phòng Kế hoạch", sort_order=2)
    preview = units_preview([
        ["Đang hoạt động", "Thứ tự", "Mã đơn vị cấp trên", "Tên đơn vị", "Mã đơn vị"],  # any order
        ["Có", 5, "QLDA", "Tổ kỹ thuật", "tokt"],
        ["", "", "", "Văn phòng Ban", "vp"],
        ["Có", 2, "", "Phòng Kế hoạch", "KHDT"],
        ["x", 3, "", "Ban Quản lý dự án", "QLDA"],
    ])
    assert problems(preview) == []
    assert [r.action for r in preview.rows] == ["new", "update", "same", "new"]
    assert (preview.new_count, preview.updated_count, preview.unchanged_count) == (2, 1, 1)
    assert db.session.scalar(select(func.count(Unit.id))) == 2  # the preview wrote nothing


def test_duplicate_codes_in_the_file(app):
    preview = units_preview([UNIT_HEADERS, ["A", "Phòng A"], ["B", "Phòng B"], ["a", "Phòng A bis"]])
    assert preview.rows[0].problems == ["Mã đơn vị «A» xuất hiện nhiều lần trong tệp (cả ở dòng 4)."]
    assert preview.rows[2].problems == ["Mã đơn vị «A» xuất hiện nhiều lần trong tệp (cả ở dòng 2)."]
    assert preview.rows[1].problems == []


def test_a_unit_cannot_become_its_own_ancestor_in_the_file(app):
    preview = units_preview([UNIT_HEADERS, ["A", "Phòng A", "B"], ["B", "Phòng B", "A"],
                             ["C", "Phòng C", "C"]])
    assert "Vòng lặp cấp trên: A → B → A" in preview.rows[0].problems[0]
    assert "Vòng lặp cấp trên: B → A → B" in preview.rows[1].problems[0]
    assert preview.rows[2].problems == ["Đơn vị không thể là cấp trên của chính nó."]


def test_a_loop_through_stored_units_is_found(app, make_unit):
    top = make_unit("A", "Phòng A")
    middle = make_unit("B", "Tổ B", parent=top)
    make_unit("C", "Nhóm C", parent=middle)
    preview = units_preview([UNIT_HEADERS, ["A", "Phòng A", "C"]])
    assert "Vòng lặp cấp trên: A → C → B → A" in preview.rows[0].problems[0]


def test_unit_row_problems(app, make_unit, make_person):
    stored = make_unit("VP", "Văn phòng")
    make_person(unit=stored)
    preview = units_preview([
        UNIT_HEADERS,
        ["", "Không mã"],
        ["X1", ""],
        ["MÃ", "Mã có dấu"],
        ["X" * 21, "Mã dài"],
        ["X2", "T" * 201],
        ["X3", "Phòng", "KHONGCO"],
        ["X4", "Phòng", "", "mười"],
        ["X5", "Phòng", "", "", "có lẽ"],
        ["VP", "Văn phòng", "", "", "Không"],
    ])
    assert [r.problems for r in preview.rows] == [
        ["Thiếu mã đơn vị."],
        ["Thiếu tên đơn vị."],
        ["Mã đơn vị «MÃ» chỉ được gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới."],
        ["Mã đơn vị dài 21 ký tự, vượt quá giới hạn 20 ký tự."],
        ["Tên đơn vị dài 201 ký tự, vượt quá giới hạn 200 ký tự."],
        ["Không có đơn vị cấp trên mang mã «KHONGCO» (trong danh sách đơn vị hay trong tệp)."],
        ["Thứ tự «mười» không hợp lệ: phải là số nguyên từ 0 đến 9999."],
        ["Giá trị «có lẽ» ở cột Đang hoạt động không hợp lệ: dùng Có hoặc Không."],
        ["Đơn vị còn 1 người đang công tác: hãy chuyển họ sang đơn vị khác trước khi ngừng hoạt động."],
    ]
    assert preview.problem_count == 9 and not preview.ok


def test_apply_units_writes_every_row_in_one_event(app, make_unit, make_user):
    office = make_user(role=Role.OFFICE)
    make_unit("VP", "Văn phòng")
    table = read_table("don-vi.xlsx", xlsx_bytes([
        UNIT_HEADERS, ["TO1", "Tổ 1", "PHONG", 1], ["PHONG", "Phòng mới", "", 2],
        ["VP", "Văn phòng Ban", "PHONG"],
    ]))
    preview = org_import.apply_units_import(office, table, "don-vi.xlsx")
    assert (preview.new_count, preview.updated_count) == (2, 1)
    db.session.expire_all()
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    assert units["TO1"].parent_id == units["PHONG"].id
    assert units["VP"].parent_id == units["PHONG"].id and units["VP"].name == "Văn phòng Ban"
    assert units["TO1"].version == 1
    events = db.session.scalars(select(AuditEvent)).all()
    assert [(e.action, e.actor_id) for e in events] == [("import.units", office.id)]
    assert events[0].summary == ("Nhập đơn vị từ tệp «don-vi.xlsx»: thêm mới 2, cập nhật 1, không đổi 0.")


def test_apply_refuses_a_file_with_any_problem_and_writes_nothing(app, make_user):
    office = make_user(role=Role.OFFICE)
    table = read_table("a.xlsx", xlsx_bytes([UNIT_HEADERS, ["A", "Phòng A"], ["B", "Phòng B", "KHONGCO"]]))
    with pytest.raises(ServiceError, match="1 dòng có lỗi: chưa ghi dòng nào"):
        org_import.apply_units_import(office, table, "a.xlsx")
    db.session.rollback()
    assert db.session.scalar(select(func.count(Unit.id))) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_only_managers_may_apply(app, make_user):
    officer = make_user(role=Role.UNIT_OFFICER)
    with pytest.raises(PermissionDenied):
        org_import.apply_units_import(officer, read_table("a.xlsx", xlsx_bytes([UNIT_HEADERS, ["A", "B"]])), "a.xlsx")


# --- people --------------------------------------------------------------------------------------


def test_people_values_are_read_tolerantly(app, make_unit):
    make_unit("VP", "Văn phòng")
    preview = people_preview([
        ["Ma don vi", "Ho va ten", "Gioi tinh", "Ngay sinh", "Loai can bo", "Lanh dao", "Dang cong tac"],
        ["vp", "  Nguyễn   Văn  An ", "nam", "5/3/1980", "công chức", "x", ""],
        ["VP", "Trần Thị Bình", "NỮ", dt.date(1990, 12, 5), "Vien chuc", "0", "không"],
        ["VP", "Lê Văn Cường", "Nam", "1985-07-01", "Người lao động", "Có", "1"],
    ])
    assert problems(preview) == []
    first, second, third = (r.data for r in preview.rows)
    assert first["full_name"] == "Nguyễn Văn An" and first["date_of_birth"] == dt.date(1980, 3, 5)
    assert (first["gender"], first["employment_type"], first["is_leader"], first["active"]) == (
        "nam", "cong_chuc", True, True)
    assert (second["gender"], second["employment_type"], second["is_leader"], second["active"]) == (
        "nu", "vien_chuc", False, False)
    assert second["date_of_birth"] == dt.date(1990, 12, 5)
    assert third["employment_type"] == "nguoi_lao_dong" and third["position"] == ""


def test_people_row_problems(app, make_unit, make_person):
    unit = make_unit("VP", "Văn phòng")
    old = make_unit("CU", "Phòng cũ", active=False)
    kept = make_person("Phạm Văn Dũng", unit=unit, date_of_birth=dt.date(1979, 2, 3))
    rows = [
        PEOPLE_HEADERS,
        ["", "Nguyễn An", "Nam", "", "", "", "", "KHONGCO", ""],
        ["", "Nguyễn An", "Nam", "31/02/1980", "", "", "", "VP", ""],
        ["", "", "Nam", "", "", "", "", "VP", ""],
        ["", "Nguyễn An", "Khác", "", "", "", "", "VP", ""],
        ["", "Nguyễn An", "Nam", "", "", "Cộng tác viên", "", "VP", ""],
        ["", "A" * 500, "Nam", "", "", "", "", "VP", ""],
        ["99999", "Nguyễn An", "Nam", "", "", "", "", "VP", ""],
        ["abc", "Nguyễn An", "Nam", "", "", "", "", "VP", ""],
        ["", "Nguyễn An", "", "", "", "", "", "", ""],
        ["", "Nguyễn An", "Nam", "", "", "", "", "CU", ""],
        ["", "Nguyễn An", "Nam", "01/01/2020", "", "", "", "VP", ""],
        ["", "phạm văn dũng", "Nam", "03/02/1979", "", "", "", "VP", ""],
    ]
    preview = people_preview(rows)
    assert [r.problems for r in preview.rows] == [
        ["Không có đơn vị mang mã «KHONGCO»."],
        ["Ngày sinh «31/02/1980» không hợp lệ: dùng dạng ngày/tháng/năm, ví dụ 05/12/1985."],
        ["Thiếu họ và tên."],
        ["Giới tính «Khác» không hợp lệ: dùng Nam hoặc Nữ."],
        ["Loại cán bộ «Cộng tác viên» không hợp lệ: dùng Công chức, Viên chức hoặc Người lao động (HĐLĐ, "
         "Hợp đồng lao động)."],
        ["Họ và tên dài 500 ký tự, vượt quá giới hạn 120 ký tự."],
        ["Không có cán bộ mang mã 99999: hãy để trống ô Mã cán bộ nếu là người mới."],
        ["Mã cán bộ «abc» không hợp lệ: phải là một số (để trống để thêm người mới)."],
        ["Thiếu giới tính (Nam hoặc Nữ).", "Thiếu đơn vị (mã đơn vị hoặc tên đơn vị)."],
        [f"Đơn vị «{old.name}» đã ngừng hoạt động."],
        ["Cán bộ phải đủ 18 tuổi."],
        [f"Trùng họ tên và ngày sinh với cán bộ đã có (mã {kept.id}, đơn vị VP): nếu là cùng một người, "
         f"hãy ghi mã cán bộ {kept.id} để cập nhật."],
    ]


def test_the_same_person_twice_in_the_file(app, make_unit, make_person):
    make_unit("VP")
    preview = people_preview([
        PEOPLE_HEADERS,
        ["", "Lê Thị Hoa", "Nữ", "01/02/1988", "", "", "", "VP", ""],
        ["", "Lê Thị Hoa", "Nữ", "02/02/1988", "", "", "", "VP", ""],  # another date: another person
        ["", "Lê  Thị Hoa", "Nữ", "01/02/1988", "", "", "", "VP", ""],
        ["", "Lê Thị Hoa", "Nữ", "", "", "", "", "VP", ""],  # no date: cannot tell
    ])
    assert [r.problems for r in preview.rows] == [
        ["Trùng họ tên và ngày sinh với dòng 4 trong tệp."], [],
        ["Trùng họ tên và ngày sinh với dòng 2 trong tệp."], [],
    ]


def test_the_same_id_twice_in_the_file(app, make_person):
    person = make_person("Đỗ Minh")
    code = person.unit.code
    preview = people_preview([PEOPLE_HEADERS, [person.id, "Đỗ Minh", "Nam", "", "", "", "", code, ""],
                              [person.id, "Đỗ Minh Tuấn", "Nam", "", "", "", "", code, ""]])
    assert preview.rows[0].problems == [f"Mã cán bộ {person.id} xuất hiện nhiều lần trong tệp (cả ở dòng 3)."]


def test_an_update_keeps_the_columns_the_file_does_not_have(app, make_unit, make_person, make_user):
    office = make_user(role=Role.OFFICE)
    unit, other = make_unit("VP"), make_unit("KT")
    person = make_person("Võ Thị Lan", unit=unit, gender="nu", position="Kế toán",
                         employment_type="vien_chuc", is_leader=True, date_of_birth=dt.date(1970, 6, 1))
    table = read_table("a.csv", csv_bytes([["Mã cán bộ", "Họ và tên", "Giới tính", "Mã đơn vị"],
                                           [person.id, "Võ Thị Lan Anh", "", "KT"]]))
    preview = org_import.apply_people_import(office, table, "a.csv")
    assert preview.updated_count == 1
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert (person.full_name, person.unit_id, person.gender, person.position, person.employment_type,
            person.is_leader, person.date_of_birth) == (
        "Võ Thị Lan Anh", other.id, "nu", "Kế toán", "vien_chuc", True, dt.date(1970, 6, 1))
    assert person.search_name == "vo thi lan anh"  # set_name ran
    assert person.version == 2


def test_swapping_two_names_is_not_a_duplicate(app, make_unit, make_person):
    unit = make_unit("VP")
    a = make_person("Bùi An", unit=unit, date_of_birth=dt.date(1980, 1, 1))
    b = make_person("Bùi Ân", unit=unit, date_of_birth=dt.date(1980, 1, 1))
    preview = people_preview([PEOPLE_HEADERS, [a.id, "Bùi Ân", "Nam", "01/01/1980", "", "", "", "VP", ""],
                              [b.id, "Bùi An", "Nam", "01/01/1980", "", "", "", "VP", ""]])
    assert problems(preview) == []


# --- exports and round trips ---------------------------------------------------------------------


@pytest.fixture
def org(app, make_unit, make_person):
    top = make_unit("VP", "Văn phòng", sort_order=1)
    sub = make_unit("VP.TH", "Tổ Tổng hợp", parent=top, sort_order=2)
    make_unit("CU", "Phòng đã giải thể", active=False, sort_order=9)
    make_person("Nguyễn Văn An", unit=top, is_leader=True, position="Chánh Văn phòng")
    make_person("Trần Thị Bình", unit=sub, gender="nu", employment_type="nguoi_lao_dong", date_of_birth=None)
    make_person("=HYPERLINK(\"http://x\")", unit=sub, position="-Chuyên viên", active=False)
    return top, sub


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_import_back_unchanged(org, make_user, fmt):
    office = make_user(role=Role.OFFICE)
    units = org_export.export_units(fmt)
    people = db.session.scalars(select(Person).order_by(Person.id)).all()
    people_file = org_export.export_people(people, fmt)
    unit_preview = org_import.preview_units(read_table(f"u.{fmt}", units))
    people_preview = org_import.preview_people(read_table(f"p.{fmt}", people_file))
    assert problems(unit_preview) == [] and problems(people_preview) == []
    assert [r.action for r in unit_preview.rows] == ["same"] * 3
    assert [r.action for r in people_preview.rows] == ["same"] * 3
    assert people_preview.ignored_headers == []  # "Tên đơn vị" is read now (a unit named by its name)
    org_import.apply_people_import(office, read_table(f"p.{fmt}", people_file), f"p.{fmt}")
    db.session.expire_all()
    assert all(p.version == 1 for p in db.session.scalars(select(Person)))


def test_xlsx_export_looks_right(org):
    workbook = openpyxl.load_workbook(io.BytesIO(org_export.export_units("xlsx")))
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == UNIT_HEADERS
    assert all(c.font.b for c in sheet[1])
    assert sheet.column_dimensions["B"].width >= 40
    assert [sheet.cell(row, 1).value for row in range(2, 5)] == ["VP", "VP.TH", "CU"]  # tree order
    people = db.session.scalars(select(Person).order_by(Person.id)).all()
    sheet = openpyxl.load_workbook(io.BytesIO(org_export.export_people(people, "xlsx"))).active
    # A real date shown dd/mm/yyyy (it was the text "12/03/1985", which a spreadsheet may read back swapped).
    assert sheet["D2"].value == dt.datetime(1985, 3, 12) and sheet["D2"].number_format == "dd/mm/yyyy"
    assert sheet["B4"].data_type == "s"  # a name starting with = stays text, never a formula


def test_csv_export_has_a_bom_and_neutralises_formulas(org):
    people = db.session.scalars(select(Person).order_by(Person.id)).all()
    data = org_export.export_people(people, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã cán bộ,Họ và tên,Giới tính,Ngày sinh")
    assert "'=HYPERLINK" in text and "'-Chuyên viên" in text


@pytest.mark.parametrize("kind", ["units", "people"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_templates_have_the_headers_the_import_reads(app, kind, fmt):
    data = org_export.template_file(kind, fmt)
    expected = UNIT_HEADERS if kind == "units" else [*PEOPLE_HEADERS, *PROFILE_HEADERS]
    with pytest.raises(ImportFileError, match="chỉ có dòng tiêu đề"):
        read_table(f"mau.{fmt}", data)
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        assert [c.value for c in workbook.worksheets[0][1]] == expected
        assert workbook.sheetnames[1] == "Hướng dẫn"
    else:
        assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [expected]  # "Học hàm, học vị" is quoted


def test_checking_a_file_runs_the_same_few_queries_whatever_its_length(app, make_unit, make_person,
                                                                      count_queries):
    unit = make_unit("VP")
    stored = [make_person(f"Người Cũ {n}", unit=unit) for n in range(3)]

    def people_rows(n: int) -> list[list]:
        rows = [[p.id, p.full_name, "Nam", "12/03/1985", "", "", "", "VP", ""] for p in stored]
        new = (["", f"Người Mới {i}", "Nữ", "", "", "", "", "VP", ""] for i in range(n))
        return [PEOPLE_HEADERS, *rows, *new]

    counts = []
    for n in (10, 1000):
        table = read_table("a.xlsx", xlsx_bytes(people_rows(n)))
        with count_queries() as counter:
            preview = org_import.preview_people(table)
        assert problems(preview) == []
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 3
    unit_rows = [UNIT_HEADERS, *([f"D{i}", f"Phòng {i}", "VP"] for i in range(1000))]
    with count_queries() as counter:
        org_import.preview_units(read_table("a.csv", csv_bytes(unit_rows)))
    assert counter.count <= 3
