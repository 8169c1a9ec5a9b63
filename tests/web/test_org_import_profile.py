"""The decree's personal details (dân tộc, quê quán, nơi thường trú, trình độ chuyên môn, lý luận chính trị,
học hàm – học vị) in the people import and export: read under the offices' usual headers, kept when a file
lacks them, shown old → new and written when it has them, refused at their row when too long."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import AuditEvent, Person
from campaign.services import org_export, org_import
from tests.factories import xlsx_bytes

from . import test_org_transfer as transfer_tests
from .test_org_transfer import upload

office, no_pending_uploads = transfer_tests.office, transfer_tests.no_pending_uploads  # the org pages' fixtures

PROFILE = ("ethnicity", "hometown", "residence", "qualification", "political_theory", "academic_title")


def profile(person: Person) -> tuple:
    return tuple(getattr(person, name) for name in PROFILE)


def people() -> dict[str, Person]:
    db.session.expire_all()
    return {p.full_name: p for p in db.session.scalars(select(Person))}


def test_a_staff_list_with_the_personal_details_imports_them(office, make_unit):
    make_unit("VP", "Văn phòng")
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Đơn vị", "Dân tộc", "Quê quán", "Hộ khẩu thường trú", "Trình độ CM",
         "Trình độ LLCT", "Học hàm – học vị"],
        [1, "Nguyễn Thị Loan", "Nữ", "Văn phòng", "Kinh", "xã Ninh Hòa, tỉnh Khánh Hòa",
         "phường Nha Trang, tỉnh Khánh Hòa", "Cử nhân Kinh tế", "Trung cấp", "Thạc sĩ Quản lý kinh tế"],
        [2, "Y Bình Niê", "Nam", "Văn phòng", "Ê Đê", "", "", "Kỹ sư Xây dựng", "", ""],
    ]
    html = upload(office, "can-bo", xlsx_bytes(rows), "danh-sach.xlsx").get_data(as_text=True)
    assert "Xác nhận nhập" in html
    assert ("Nơi thường trú ← «Hộ khẩu thường trú»; Trình độ chuyên môn ← «Trình độ CM»; Lý luận chính trị ← "
            "«Trình độ LLCT»; Học hàm, học vị ← «Học hàm – học vị»") in html  # the file's own headers, as read
    preview = org_import.preview_people(org_import.read_source("people", "a.xlsx", xlsx_bytes(rows)), "a.xlsx")
    assert preview.ok and preview.ignored_headers == ["STT"]
    assert [c.header for c in preview.columns][-6:] == ["Dân tộc", "Quê quán", "Nơi thường trú",
                                                       "Trình độ chuyên môn", "Lý luận chính trị", "Học hàm, học vị"]
    office.post("/can-bo/nhap/xac-nhan")
    staff = people()
    assert profile(staff["Nguyễn Thị Loan"]) == ("Kinh", "xã Ninh Hòa, tỉnh Khánh Hòa",
                                                "phường Nha Trang, tỉnh Khánh Hòa", "Cử nhân Kinh tế", "Trung cấp",
                                                "Thạc sĩ Quản lý kinh tế")
    assert profile(staff["Y Bình Niê"]) == ("Ê Đê", "", "", "Kỹ sư Xây dựng", "", "")


def test_a_list_without_the_personal_details_keeps_them(office, make_unit, make_person):
    unit = make_unit("VP", "Văn phòng")
    an = make_person("Nguyễn Văn An", unit=unit, position="Chuyên viên", ethnicity="Kinh", hometown="tỉnh Phú Yên",
                     residence="phường Nha Trang", qualification="Cử nhân Luật", political_theory="Cao cấp",
                     academic_title="Thạc sĩ")
    kept = profile(an)
    rows = [["Mã cán bộ", "Họ và tên", "Giới tính", "Chức vụ", "Mã đơn vị"],
            [an.id, "Nguyễn Văn An", "Nam", "Phó Chánh Văn phòng", "VP"]]
    html = upload(office, "can-bo", xlsx_bytes(rows), "chuc-vu.xlsx").get_data(as_text=True)
    assert "<del>Chuyên viên</del> → <ins>Phó Chánh Văn phòng</ins>" in html
    assert "Quê quán" not in html and "(trống)" not in html  # nothing of the details changes
    office.post("/can-bo/nhap/xac-nhan")
    person = people()["Nguyễn Văn An"]
    assert person.position == "Phó Chánh Văn phòng"
    assert profile(person) == kept


def test_export_change_hometown_reimport_shows_old_new_and_writes_it(office, make_unit, make_person):
    unit = make_unit("VP", "Văn phòng")
    an = make_person("Nguyễn Văn An", unit=unit, ethnicity="Kinh", hometown="tỉnh Phú Yên",
                     qualification="Cử nhân Luật", political_theory="Trung cấp")
    make_person("Trần Thị Ba", unit=unit, gender="nu", hometown="tỉnh Ninh Thuận", academic_title="Tiến sĩ")
    exported = office.get("/can-bo/xuat.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.data)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:10] == transfer_tests.PEOPLE_HEADERS  # the existing columns first, as they were
    assert headers[10:] == transfer_tests.PROFILE_HEADERS
    # Still printed on A4 landscape, one page wide, each new column wide enough for its header.
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
    assert all(sheet.column_dimensions[letter].width >= len(header) for letter, header in
               zip("KLMNOP", transfer_tests.PROFILE_HEADERS, strict=True))
    lines = {sheet.cell(r, 2).value: r for r in range(2, sheet.max_row + 1)}
    assert [sheet.cell(lines["Nguyễn Văn An"], c).value for c in (11, 12, 14, 15)] == [
        "Kinh", "tỉnh Phú Yên", "Cử nhân Luật", "Trung cấp"]
    assert sheet.cell(lines["Trần Thị Ba"], 16).value == "Tiến sĩ"

    # Brought back unchanged: nothing to update.
    unchanged = org_import.preview_people(org_import.read_source("people", "a.xlsx", exported.data))
    assert [r.action for r in unchanged.rows] == ["same", "same"]

    sheet.cell(lines["Nguyễn Văn An"], 12).value = "xã Tuy An, tỉnh Phú Yên"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    html = upload(office, "can-bo", buffer.getvalue(), "da-sua.xlsx").get_data(as_text=True)
    block = html.split("Nguyễn Văn An</td>", 1)[1]
    change = "</tr>".join(block.split("</tr>", 2)[:2])  # the row and the line of its changes under it
    assert ('<span class="change-field">Quê quán:</span> <del>tỉnh Phú Yên</del> → '
            '<ins>xã Tuy An, tỉnh Phú Yên</ins>') in change
    assert "Cập nhật</dt><dd>1<" in html and "Không đổi</dt><dd>1<" in html

    office.post("/can-bo/nhap/xac-nhan")
    staff = people()
    assert staff["Nguyễn Văn An"].hometown == "xã Tuy An, tỉnh Phú Yên" and staff["Nguyễn Văn An"].id == an.id
    assert profile(staff["Nguyễn Văn An"])[2:] == ("", "Cử nhân Luật", "Trung cấp", "")
    assert staff["Trần Thị Ba"].hometown == "tỉnh Ninh Thuận" and staff["Trần Thị Ba"].academic_title == "Tiến sĩ"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.people")).one()
    assert event.summary == "Nhập cán bộ từ tệp «da-sua.xlsx»: thêm mới 0, cập nhật 1, không đổi 1."


def test_the_csv_export_writes_the_details_and_imports_back_unchanged(app, make_unit, make_person):
    make_person("Nguyễn Văn An", unit=make_unit("VP", "Văn phòng"), hometown="tỉnh Phú Yên", residence="=phường 1")
    text = org_export.export_people(db.session.scalars(select(Person)).all(), "csv").decode("utf-8-sig")
    header, line = text.splitlines()
    assert header.endswith(',Đang công tác,Dân tộc,Quê quán,Nơi thường trú,Trình độ chuyên môn,Lý luận chính trị,'
                           '"Học hàm, học vị"')
    assert line.endswith(",,tỉnh Phú Yên,'=phường 1,,,")
    table = org_import.read_source("people", "p.csv", text.encode("utf-8-sig"))
    assert [r.action for r in org_import.preview_people(table).rows] == ["same"]


def test_a_too_long_detail_is_refused_at_its_row_with_the_column_name(office, make_unit, make_person):
    unit = make_unit("VP", "Văn phòng")
    an = make_person("Nguyễn Văn An", unit=unit, hometown="tỉnh Phú Yên")
    rows = [["Mã cán bộ", "Họ và tên", "Giới tính", "Mã đơn vị", "Quê quán", "Lý luận chính trị"],
            [an.id, "Nguyễn Văn An", "Nam", "VP", "x" * 201, "Cao cấp"],
            ["", "Trần Thị Ba", "Nữ", "VP", "tỉnh Khánh Hòa", "L" * 101]]
    preview = org_import.preview_people(org_import.read_source("people", "a.xlsx", xlsx_bytes(rows)))
    assert [r.line for r in preview.rows] == [2, 3]
    assert preview.rows[0].problems == ["Quê quán dài 201 ký tự, vượt quá giới hạn 200 ký tự."]
    assert preview.rows[1].problems == ["Lý luận chính trị dài 101 ký tự, vượt quá giới hạn 100 ký tự."]
    html = upload(office, "can-bo", xlsx_bytes(rows), "dai.xlsx").get_data(as_text=True)
    assert "Quê quán dài 201 ký tự, vượt quá giới hạn 200 ký tự." in html and "Xác nhận nhập" not in html
    confirmed = office.post("/can-bo/nhap/xac-nhan", follow_redirects=True)
    assert "Tệp còn 2 dòng có lỗi: chưa ghi dòng nào." in confirmed.get_data(as_text=True)  # confirming writes nothing
    staff = people()
    assert set(staff) == {"Nguyễn Văn An"} and staff["Nguyễn Văn An"].hometown == "tỉnh Phú Yên"
