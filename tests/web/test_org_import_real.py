"""Staff lists as offices make them: title rows above a two-row merged header, units named by name, the
usual words for kinds of staff, .ods and .xls files; the export → edit → re-import round trip showing every
changed field old → new; dates a spreadsheet may have swapped flagged for review; exports laid out for
printing, and a CSV with ";"."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.imports import read_rows
from campaign.models import Person
from campaign.services import org_export, org_import

from . import test_org_transfer as transfer_tests
from .test_org_transfer import upload

office, no_pending_uploads = transfer_tests.office, transfer_tests.no_pending_uploads  # the org pages' fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets"
KHDT = "Phòng Kế hoạch – Đầu tư và Xúc tiến"

TITLES = [["UBND TỈNH KHÁNH HÒA"], ["BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP"], [],
          ["DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG NĂM 2026"], []]
HEADER_TOP = ["STT", "Họ và tên", "Giới tính", "Ngày, tháng, năm sinh", "Thông tin công tác", None, None, "Đơn vị",
              "Ghi chú"]
HEADER_BOTTOM = [None, None, None, None, "Chức vụ", "Loại cán bộ", "Lãnh đạo", None, None]
NUMBERING = [f"({n})" for n in range(1, 10)]
STAFF = [
    [1, "Nguyễn Thị Loan", "Nữ", dt.date(1980, 2, 3), "Trưởng phòng", "Công chức", "x", "Phòng KHĐT", ""],
    [2, "Trần Văn Bình", "Nam", dt.date(1990, 11, 25), "Nhân viên", "HĐLĐ", "", "Văn phòng", "Hợp đồng 111"],
    [3, "Lê Minh Châu", "Nam", dt.date(1987, 7, 14), "Chuyên viên", "Viên chức", "", "Ban QLDAHT", ""],
    [4, "Phạm Thu Dung", "Nữ", dt.date(1995, 12, 30), "Kỹ sư", "Hợp đồng lao động", "",
     "Phòng Kỹ thuật – Thẩm định, Ban QLDA hạ tầng", ""],
]


@pytest.fixture
def board(make_unit):
    units = {"vp": make_unit("U1", "Văn phòng"), "khdt": make_unit("U2", KHDT),
             "qlda": make_unit("U4", "Ban Quản lý dự án hạ tầng")}
    units["kt"] = make_unit("U4.1", "Phòng Kỹ thuật – Thẩm định", parent=units["qlda"])
    return units


def staff_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [*TITLES, HEADER_TOP, HEADER_BOTTOM, NUMBERING, *STAFF]:
        sheet.append(row)
    top = len(TITLES) + 1
    sheet.merge_cells(start_row=top, start_column=5, end_row=top, end_column=7)  # "Thông tin công tác"
    for column in (1, 2, 3, 4, 8, 9):  # the other headers stand over both rows
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    for row in sheet.iter_rows(min_row=top + 3, min_col=4, max_col=4):
        row[0].number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_cell(value, span: int = 1, down: int = 1) -> str:
    spans = (f' table:number-columns-spanned="{span}"' if span > 1 else "") + \
        (f' table:number-rows-spanned="{down}"' if down > 1 else "")
    if value is None:
        return f"<table:table-cell{spans}/>"
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"{spans}>'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")
    if isinstance(value, int):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{spans}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"{spans}><text:p>{escape(value)}</text:p></table:table-cell>'


def staff_ods() -> bytes:
    """The same list as an OpenDocument spreadsheet (what LibreOffice Calc saves), merged header cells."""
    rows = [[_ods_cell(v) for v in row] for row in TITLES]
    top = [_ods_cell(v, down=2) for v in HEADER_TOP[:4]] + [_ods_cell("Thông tin công tác", span=3)] + \
        ["<table:covered-table-cell/>"] * 2 + [_ods_cell(v, down=2) for v in HEADER_TOP[7:]]
    bottom = ["<table:covered-table-cell/>"] * 4 + [_ods_cell(v) for v in HEADER_BOTTOM[4:7]] + \
        ["<table:covered-table-cell/>"] * 2
    rows += [top, bottom, [_ods_cell(v) for v in NUMBERING], *[[_ods_cell(v) for v in row] for row in STAFF]]
    body = "".join(f"<table:table-row>{''.join(cells)}</table:table-row>" for cells in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Cán bộ">'
               f"{body}</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def people() -> dict[str, Person]:
    db.session.expire_all()
    return {p.full_name: p for p in db.session.scalars(select(Person))}


@pytest.mark.parametrize(("name", "make"), [("danh-sach.xlsx", staff_xlsx), ("danh-sach.ods", staff_ods)])
def test_a_staff_list_with_titles_and_a_merged_header_naming_units_imports_fully(office, board, name, make):
    response = upload(office, "can-bo", make(), name)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Thiếu cột bắt buộc" not in html
    # The columns it will not use are named before confirming.
    assert "Các cột sau sẽ không được nhập" in html and "«STT», «Ghi chú»" in html
    preview = org_import.preview_people(org_import.read_source("people", name, make()), name)
    assert preview.ok and [r.line for r in preview.rows] == [9, 10, 11, 12]  # titles, header, numbering skipped
    assert [c.header for c in preview.columns] == ["Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Loại cán bộ",
                                                  "Lãnh đạo", "Tên đơn vị"]
    assert preview.ignored_headers == ["STT", "Ghi chú"]

    confirmed = office.post("/can-bo/nhap/xac-nhan", follow_redirects=True).get_data(as_text=True)
    assert "Các cột không được nhập (bỏ qua): «STT», «Ghi chú»." in confirmed  # repeated after confirming
    staff = people()
    assert len(staff) == 4
    loan, binh, chau, dung = (staff[n] for n in ("Nguyễn Thị Loan", "Trần Văn Bình", "Lê Minh Châu", "Phạm Thu Dung"))
    assert (loan.unit_id, loan.position, loan.employment_type, loan.is_leader, loan.gender) == (
        board["khdt"].id, "Trưởng phòng", "cong_chuc", True, "nu")
    assert loan.date_of_birth == dt.date(1980, 2, 3)
    assert (binh.unit_id, binh.employment_type, binh.is_leader) == (board["vp"].id, "nguoi_lao_dong", False)
    assert (chau.unit_id, chau.employment_type, chau.position) == (board["qlda"].id, "vien_chuc", "Chuyên viên")
    assert (dung.unit_id, dung.employment_type) == (board["kt"].id, "nguoi_lao_dong")  # a sub-unit and its parent


def test_a_unit_name_that_matches_nothing_is_a_problem_with_a_suggestion(app, board):
    rows = [["Họ và tên", "Giới tính", "Đơn vị"], ["Nguyễn An", "Nam", "Phòng Kế hoạch – Đầu tư và Xúc tến"]]
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = org_import.preview_people(org_import.read_source("people", "a.xlsx", buffer.getvalue()))
    assert preview.rows[0].problems == [f"Không tìm thấy đơn vị «Phòng Kế hoạch – Đầu tư và Xúc tến» (có phải «{KHDT}»?): "
                                        "hãy ghi đúng tên hoặc mã đơn vị."]


@pytest.mark.parametrize("text", ["HĐLĐ", "Hợp đồng lao động", "hop dong lao dong", "HĐLĐ 68", "Người lao động",
                                  "NLĐ", "Lao động hợp đồng"])
def test_the_usual_words_for_contract_staff(text):
    assert org_import._choice(text, org_import.EMPLOYMENT_TYPES, org_import.EMPLOYMENT_ALIASES) == "nguoi_lao_dong"


def test_export_edit_reimport_shows_every_changed_field(office, board, make_person):
    an = make_person("Nguyễn Văn An", unit=board["vp"], position="Chuyên viên", date_of_birth=dt.date(1985, 3, 12))
    ba = make_person("Trần Thị Ba", unit=board["khdt"], position="Phó Trưởng phòng", date_of_birth=dt.date(1979, 2, 3))
    make_person("Lê Văn Cường", unit=board["khdt"], position="Chuyên viên", date_of_birth=dt.date(1990, 8, 21))
    exported = office.get("/can-bo/xuat.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(exported.data))
    sheet = workbook.active
    assert sheet["D2"].is_date  # real dates, not text
    lines = {sheet.cell(r, 2).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(lines["Nguyễn Văn An"], 4).value = dt.datetime(1985, 12, 3)  # a date changed (swapped)
    sheet.cell(lines["Nguyễn Văn An"], 5).value = "Phó Trưởng phòng"  # and the position
    sheet.cell(lines["Trần Thị Ba"], 4).value = dt.datetime(1979, 2, 13)
    sheet.cell(lines["Trần Thị Ba"], 7).value = "Có"
    sheet.cell(lines["Trần Thị Ba"], 8).value = "U1"  # moved to Văn phòng
    buffer = io.BytesIO()
    workbook.save(buffer)

    html = upload(office, "can-bo", buffer.getvalue(), "da-sua.xlsx").get_data(as_text=True)
    changes = {}
    for name in ("Nguyễn Văn An", "Trần Thị Ba"):
        block = html.split(f"{name}</td>", 1)[1]
        changes[name] = "</tr>".join(block.split("</tr>", 2)[:2])  # the row and the line of its changes under it
    assert '<span class="change-field">Ngày sinh:</span> <del>12/03/1985</del> → <ins>03/12/1985</ins>' in changes["Nguyễn Văn An"]
    assert '<span class="change-field">Chức vụ:</span> <del>Chuyên viên</del> → <ins>Phó Trưởng phòng</ins>' \
        in changes["Nguyễn Văn An"]
    assert "Ngày sinh thay đổi: 12/03/1985 → 03/12/1985 (ngày và tháng bị đảo?): hãy kiểm tra" in changes["Nguyễn Văn An"]
    assert '<del>03/02/1979</del> → <ins>13/02/1979</ins>' in changes["Trần Thị Ba"]
    assert '<span class="change-field">Lãnh đạo:</span> <del>Không</del> → <ins>Có</ins>' in changes["Trần Thị Ba"]
    assert f'<span class="change-field">Đơn vị:</span> <del>{KHDT}</del> → <ins>Văn phòng</ins>' in changes["Trần Thị Ba"]
    assert "Cập nhật</dt><dd>2<" in html and "Không đổi</dt><dd>1<" in html
    office.post("/can-bo/nhap/xac-nhan")
    staff = people()
    assert staff["Nguyễn Văn An"].date_of_birth == dt.date(1985, 12, 3)
    assert staff["Trần Thị Ba"].unit_id == board["vp"].id and staff["Trần Thị Ba"].is_leader
    assert an.id == staff["Nguyễn Văn An"].id and ba.id == staff["Trần Thị Ba"].id


def test_a_column_mixing_real_and_text_dates_is_flagged(app, board):
    """A list converted by a spreadsheet in an English locale: 03/02/1985 became 2 March (a real date),
    25/02/1985 stayed text. Every date whose day and month may have been swapped is to be reviewed."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Giới tính", "Ngày sinh", "Mã đơn vị"])
    sheet.append(["Nguyễn An", "Nam", dt.datetime(1985, 3, 2), "U1"])  # was 03/02/1985
    sheet.append(["Trần Bình", "Nam", "25/02/1985", "U1"])
    sheet.append(["Lê Châu", "Nữ", dt.datetime(1990, 1, 20), "U1"])  # day > 12: could not be swapped
    sheet.append(["Phạm Dung", "Nữ", "04/05/1992", "U1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = org_import.preview_people(org_import.read_source("people", "a.xlsx", buffer.getvalue()))
    assert preview.ok
    assert preview.warnings == ["Cột Ngày sinh có 2 ô là ngày của bảng tính và 2 ô là chữ: tệp có thể đã qua một bảng "
                                "tính đặt ngôn ngữ khác (đọc 03/02 thành ngày 2 tháng 3). Các ngày có thể bị đảo được "
                                "đánh dấu «cần xem lại»."]
    an, binh, chau, dung = preview.rows
    assert an.warnings == ["Ngày sinh 02/03/1985 (ô ngày của bảng tính) có thể đã bị bảng tính đảo ngày và tháng "
                           "(là 03/02/1985?): cột Ngày sinh vừa có ô ngày vừa có ô chữ. Hãy kiểm tra."]
    assert binh.warnings == [] and chau.warnings == []
    assert dung.warnings[0].startswith("Ngày sinh 04/05/1992 (ô chữ) có thể đã bị bảng tính đảo ngày và tháng")
    assert preview.warning_count == 2


def test_xls_and_ods_are_read():
    """python-calamine's own sample files (tests/fixtures/spreadsheets/calamine-base.*, MIT licence)."""
    for ext in ("xls", "ods"):
        rows = read_rows(f"a.{ext}", (FIXTURES / f"calamine-base.{ext}").read_bytes())
        cells = rows[0].cells
        assert [c.text for c in cells[:6]] == ["String", "1", "1.1", "Có", "Không", "10/10/2010"]
        assert cells[5].kind == "date" and cells[5].value == dt.date(2010, 10, 10)


def test_exports_are_laid_out_for_printing(app, board, make_person):
    make_person("Nguyễn Văn An", unit=board["vp"], date_of_birth=dt.date(1985, 3, 12))
    data = org_export.export_people(db.session.scalars(select(Person)).all(), "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
    assert sheet["D2"].value == dt.datetime(1985, 3, 12) and sheet["D2"].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["B"].width == 30


def test_a_csv_with_semicolons_on_request(office, board, make_person):
    make_person("Nguyễn Văn An", unit=board["vp"], date_of_birth=dt.date(1985, 3, 12))
    text = office.get("/can-bo/xuat.csv?phan-cach=cham-phay").data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã cán bộ;Họ và tên;Giới tính;Ngày sinh")
    assert ";12/03/1985;" in text
    assert office.get("/can-bo/xuat.csv").data.decode("utf-8-sig").splitlines()[0].startswith("Mã cán bộ,Họ và tên")
    # and it imports back unchanged
    table = org_import.read_source("people", "p.csv", text.encode("utf-8-sig"))
    assert [r.action for r in org_import.preview_people(table).rows] == ["same"]
