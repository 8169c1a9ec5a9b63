"""Import and export pages of units and people: upload → preview (writes nothing) → confirm (writes all)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import AuditEvent, Person, Role, Unit
from tests.factories import xlsx_bytes

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Thứ tự", "Đang hoạt động"]
PEOPLE_HEADERS = ["Mã cán bộ", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Loại cán bộ", "Lãnh đạo",
                  "Mã đơn vị", "Tên đơn vị", "Đang công tác"]
# The decree's personal details: optional, after the other columns (template and export).
PROFILE_HEADERS = ["Dân tộc", "Quê quán", "Nơi thường trú", "Trình độ chuyên môn", "Lý luận chính trị", "Học hàm, học vị"]


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def upload(client, slug: str, data: bytes, filename: str):
    return client.post(f"/{slug}/nhap", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def stored_uploads(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"]) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture(autouse=True)
def no_pending_uploads(app):
    """The upload folder outlives a test (one app per backend): start each test without leftovers."""
    for path in stored_uploads(app):
        path.unlink()


@pytest.fixture
def office(logged_in):
    client, _user = logged_in(Role.OFFICE)
    return client


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_units_round_trip(office, make_unit, fmt):
    top = make_unit("VP", "Văn phòng", sort_order=1)
    make_unit("VP.TH", "Tổ Tổng hợp – Hành chính", parent=top, sort_order=1)
    make_unit("CU", "Phòng đã giải thể", active=False)
    exported = office.get(f"/don-vi/xuat.{fmt}")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    assert f".{fmt}" in exported.headers["Content-Disposition"]

    preview = upload(office, "don-vi", exported.data, f"don-vi.{fmt}")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Tổ Tổng hợp – Hành chính" in html and "Xác nhận nhập" in html
    assert office.post("/don-vi/nhap/xac-nhan").status_code == 302
    db.session.expire_all()
    units = {u.code: (u.name, u.parent_id, u.sort_order, u.active, u.version)
             for u in db.session.scalars(select(Unit))}
    assert units == {"VP": ("Văn phòng", None, 1, True, 1),
                     "VP.TH": ("Tổ Tổng hợp – Hành chính", top.id, 1, True, 1),
                     "CU": ("Phòng đã giải thể", None, units["CU"][2], False, 1)}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_people_round_trip(office, make_unit, make_person, fmt):
    unit = make_unit("VP", "Văn phòng")
    make_person("Nguyễn Văn An", unit=unit, is_leader=True, position="Chánh Văn phòng")
    make_person("Trần Thị Bình", unit=unit, gender="nu", date_of_birth=None, employment_type="vien_chuc")
    make_person("Lê Văn Cường", unit=unit, active=False)
    exported = office.get(f"/can-bo/xuat.{fmt}?trang-thai=tat-ca")
    assert exported.status_code == 200
    before = {p.id: (p.full_name, p.gender, p.date_of_birth, p.position, p.employment_type, p.is_leader,
                     p.unit_id, p.active) for p in db.session.scalars(select(Person))}

    # Edited in Excel and brought back: one change, one new person.
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(exported.data))
        sheet = workbook.active
        sheet.append(["", "Phạm Thị Dung", "Nữ", dt.datetime(1992, 4, 30), "Chuyên viên", "Công chức",
                      "Không", "VP", "", "Có"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    else:
        added = ",Phạm Thị Dung,Nữ,30/04/1992,Chuyên viên,Công chức,Không,VP,,Có\r\n"
        data = exported.data + added.encode()
    page = upload(office, "can-bo", data, f"can-bo.{fmt}").get_data(as_text=True)
    assert "Xác nhận nhập" in page
    assert count(Person) == 3  # the preview wrote nothing
    response = office.post("/can-bo/nhap/xac-nhan", follow_redirects=True)
    assert "Đã nhập cán bộ từ tệp «can-bo." in response.get_data(as_text=True)
    assert "thêm mới 1, cập nhật 0, không đổi 3" in response.get_data(as_text=True)
    db.session.expire_all()
    after = {p.id: (p.full_name, p.gender, p.date_of_birth, p.position, p.employment_type, p.is_leader,
                    p.unit_id, p.active) for p in db.session.scalars(select(Person))}
    new = after.pop(max(after))
    assert after == before
    assert new == ("Phạm Thị Dung", "nu", dt.date(1992, 4, 30), "Chuyên viên", "cong_chuc", False, unit.id,
                   True)


# --- preview, confirm, all or nothing ------------------------------------------------------------


def test_preview_writes_nothing_and_confirm_writes_all(app, office, make_unit):
    make_unit("VP", "Văn phòng")
    data = xlsx_bytes([UNIT_HEADERS, ["VP", "Văn phòng Ban", "", 1, "Có"], ["KT", "Phòng Kỹ thuật", "", 2],
                       ["KT.1", "Tổ 1", "KT", 1]])
    page = upload(office, "don-vi", data, "Danh sách đơn vị.xlsx")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Xác nhận nhập" in html and "Danh sách đơn vị.xlsx" in html
    assert count(Unit) == 1 and count(AuditEvent) == 1  # only the log-in
    assert len(stored_uploads(app)) == 1
    assert office.get("/don-vi/nhap/xem-truoc").status_code == 200  # the preview can be opened again

    response = office.post("/don-vi/nhap/xac-nhan")
    assert response.status_code == 302 and response.headers["Location"].endswith("/don-vi")
    assert count(Unit) == 3
    assert db.session.scalar(select(Unit.name).where(Unit.code == "VP")) == "Văn phòng Ban"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("import.%"))).all()
    assert [e.summary for e in events] == [
        "Nhập đơn vị từ tệp «Danh sách đơn vị.xlsx»: thêm mới 2, cập nhật 1, không đổi 0."]
    assert stored_uploads(app) == []  # the stored file is gone
    listing = office.get("/don-vi").get_data(as_text=True)
    assert "Đã nhập đơn vị từ tệp «Danh sách đơn vị.xlsx»: thêm mới 2, cập nhật 1, không đổi 0." in listing
    again = office.post("/don-vi/nhap/xac-nhan")  # a second confirm has nothing to write
    assert again.status_code == 302 and again.headers["Location"].endswith("/don-vi/nhap")
    assert count(Unit) == 3


def test_one_bad_row_writes_nothing_even_on_confirm(office, make_unit):
    make_unit("VP", "Văn phòng")
    data = csv_bytes([PEOPLE_HEADERS, *[["", f"Nguyễn Văn {n}", "Nam", "", "", "", "", "VP", ""]
                                        for n in ("An", "Bình", "Cường")],
                      ["", "Lê Thị Dung", "Nữ", "31/13/1990", "", "", "", "VP", ""]])
    html = upload(office, "can-bo", data, "can-bo.csv").get_data(as_text=True)
    assert "Xác nhận nhập" not in html
    assert "Ngày sinh «31/13/1990» không hợp lệ" in html
    assert "sẽ không ghi dòng nào cho đến khi tệp được sửa" in html
    response = office.post("/can-bo/nhap/xac-nhan", follow_redirects=True)
    assert "Tệp còn 1 dòng có lỗi: chưa ghi dòng nào." in response.get_data(as_text=True)
    assert count(Person) == 0


def test_cancel_drops_the_upload(app, office):
    upload(office, "don-vi", xlsx_bytes([UNIT_HEADERS, ["A", "Phòng A"]]), "a.xlsx")
    assert len(stored_uploads(app)) == 1
    response = office.post("/don-vi/nhap/huy", follow_redirects=True)
    assert "Đã hủy nhập tệp" in response.get_data(as_text=True)
    assert stored_uploads(app) == [] and count(Unit) == 0


def test_preview_shows_only_the_rows_with_problems_on_request(office, make_unit):
    make_unit("VP")
    rows = [["", f"Người số {n}", "Nam", "", "", "", "", "VP" if n != 700 else "XX", ""]
            for n in range(1, 1001)]
    html = upload(office, "can-bo", csv_bytes([PEOPLE_HEADERS, *rows]), "a.csv").get_data(as_text=True)
    assert "Người số 1<" in html and "Người số 700" not in html  # 500 rows a page
    assert "?page=2" in html
    problems = office.get("/can-bo/nhap/xem-truoc?chi-loi=1").get_data(as_text=True)
    assert "Người số 700" in problems and "Người số 1<" not in problems
    assert "Không có đơn vị mang mã «XX»." in problems


# --- files that cannot be used -------------------------------------------------------------------


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("don-vi.xlsx", b"Ma don vi;Ten don vi\nVP;Van phong\n", "Tệp không phải là tệp Excel (.xlsx) hợp lệ."),
    ("don-vi.xlsx", b"", "Tệp trống: không có dữ liệu."),
    ("don-vi.csv", "\ufeff".encode(), "Tệp trống: không có dữ liệu."),
    ("don-vi.csv", "Mã đơn vị,Tên đơn vị\r\n".encode(), "chỉ có dòng tiêu đề"),
    ("don-vi.txt", b"abc", "Chỉ nhận tệp bảng tính Excel (.xlsx, .xls), LibreOffice (.ods) hoặc CSV (.csv)."),
])
def test_unusable_files_get_an_error_beside_the_file_field(office, filename, data, message):
    response = upload(office, "don-vi", data, filename)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    feedback = html.split('id="file-feedback"', 1)[1].split("</div>", 1)[0]
    assert message in feedback
    assert 'class="form-control is-invalid"' in html
    assert count(Unit) == 0


def test_wrong_columns_say_which_are_missing_and_which_were_found(app, office):
    data = xlsx_bytes([["Mã", "Đơn vị", "Ghi chú"], ["VP", "Văn phòng", ""]])
    html = upload(office, "don-vi", data, "sai-cot.xlsx").get_data(as_text=True)
    assert "Thiếu cột bắt buộc: Tên đơn vị." in html
    assert "Các cột tìm thấy ở dòng tiêu đề: «Mã», «Đơn vị», «Ghi chú»." in html
    assert stored_uploads(app) == []


def test_no_file_chosen(office):
    response = office.post("/don-vi/nhap", data={}, content_type="multipart/form-data")
    assert "Hãy chọn tệp bảng tính (.xlsx, .xls, .ods) hoặc .csv để tải lên." in response.get_data(as_text=True)


# --- checks shown in the preview -----------------------------------------------------------------


def test_duplicate_unit_codes(office):
    data = xlsx_bytes([UNIT_HEADERS, ["KT", "Phòng Kỹ thuật"], ["KT", "Phòng Kinh tế"]])
    html = upload(office, "don-vi", data, "a.xlsx").get_data(as_text=True)
    assert "Mã đơn vị «KT» xuất hiện nhiều lần trong tệp (cả ở dòng 3)." in html
    assert "Xác nhận nhập" not in html


def test_a_unit_made_its_own_ancestor(office, make_unit):
    make_unit("A", "Phòng A")
    make_unit("B", "Phòng B")
    data = xlsx_bytes([UNIT_HEADERS, ["A", "Phòng A", "B"], ["B", "Phòng B", "A"]])
    html = upload(office, "don-vi", data, "a.xlsx").get_data(as_text=True)
    assert "Vòng lặp cấp trên: A → B → A." in html and "Vòng lặp cấp trên: B → A → B." in html
    assert "Xác nhận nhập" not in html
    office.post("/don-vi/nhap/xac-nhan")
    db.session.expire_all()
    assert db.session.scalars(select(Unit.parent_id)).all() == [None, None]


def test_a_script_name_is_shown_escaped(office, make_unit):
    make_unit("VP")
    data = xlsx_bytes([PEOPLE_HEADERS, ["", "<script>alert(1)</script>", "Nam", "", "", "", "", "VP", ""]])
    html = upload(office, "can-bo", data, "<b>x</b>.xlsx").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>x</b>" not in html


def test_a_500_character_name_gets_a_length_problem(office, make_unit):
    make_unit("VP")
    data = xlsx_bytes([PEOPLE_HEADERS, ["", "Nguyễn " + "A" * 493, "Nam", "", "", "", "", "VP", ""]])
    html = upload(office, "can-bo", data, "a.xlsx").get_data(as_text=True)
    assert "Họ và tên dài 500 ký tự, vượt quá giới hạn 120 ký tự." in html
    assert office.post("/can-bo/nhap/xac-nhan").status_code == 302
    assert count(Person) == 0


# --- 10,000 rows ---------------------------------------------------------------------------------


def test_ten_thousand_people_preview_and_write(office, make_unit):
    for code in ("VP", "KT", "QLDA"):
        make_unit(code)
    kinds = ["Công chức", "Viên chức", "Người lao động"]
    rows = [["", f"Nguyễn Văn Số {n}", "Nam" if n % 2 else "Nữ",
             f"{n % 28 + 1:02d}/{n % 12 + 1:02d}/{1960 + n % 40}", "Chuyên viên", kinds[n % 3], "Không",
             ("VP", "KT", "QLDA")[n % 3], "", "Có"] for n in range(10_000)]
    data = xlsx_bytes([PEOPLE_HEADERS, *rows])

    page = upload(office, "can-bo", data, "10000.xlsx")
    assert page.status_code == 200 and "Xác nhận nhập" in page.get_data(as_text=True)
    assert count(Person) == 0

    response = office.post("/can-bo/nhap/xac-nhan")
    assert response.status_code == 302
    assert count(Person) == 10_000
    # How long it takes is a figure, not a test: bench/people_import.py prints it at two sizes.


# --- who may do what -----------------------------------------------------------------------------


IMPORT_PAGES = ["/don-vi/nhap", "/can-bo/nhap", "/don-vi/nhap/xem-truoc", "/can-bo/nhap/xem-truoc",
                "/don-vi/nhap/mau.xlsx", "/can-bo/nhap/mau.csv"]


def test_a_unit_officer_may_not_import(logged_in):
    client, _user = logged_in(Role.UNIT_OFFICER)
    for url in IMPORT_PAGES:
        assert client.get(url).status_code == 403, url
    for url in ("/don-vi/nhap", "/can-bo/nhap", "/can-bo/nhap/xac-nhan", "/don-vi/nhap/huy"):
        assert client.post(url).status_code == 403, url
    assert upload(client, "can-bo", csv_bytes([PEOPLE_HEADERS]), "a.csv").status_code == 403
    assert client.get("/don-vi/xuat.xlsx").status_code == 403
    assert "Nhập từ tệp" not in client.get("/can-bo").get_data(as_text=True)


def test_a_unit_officer_exports_only_their_own_people(logged_in, make_unit, make_person):
    mine, other = make_unit("MINE", "Phòng của tôi"), make_unit("KHAC", "Phòng khác")
    sub = make_unit("MINE.1", "Tổ trực thuộc", parent=mine)
    make_person("Người Của Tôi", unit=mine)
    make_person("Người Tổ Dưới", unit=sub)
    make_person("Người Phòng Khác", unit=other)
    client, _user = logged_in(Role.UNIT_OFFICER, unit=mine)
    text = client.get("/can-bo/xuat.csv").data.decode("utf-8-sig")
    assert "Người Của Tôi" in text and "Người Tổ Dưới" in text and "Người Phòng Khác" not in text
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/can-bo/xuat.xlsx").data)).active
    names = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["Người Của Tôi", "Người Tổ Dưới"]
    assert client.get(f"/can-bo/xuat.csv?unit={other.id}").status_code == 403
    only_sub = client.get(f"/can-bo/xuat.csv?unit={sub.id}").data.decode("utf-8-sig")
    assert "Người Tổ Dưới" in only_sub and "Người Của Tôi" not in only_sub


def test_people_export_follows_the_list_filters(office, make_unit, make_person):
    unit = make_unit("VP")
    make_person("Nguyễn Văn An", unit=unit)
    make_person("Trần Thị Bình", unit=unit, gender="nu", employment_type="vien_chuc")
    make_person("Nguyễn Thị Cúc", unit=unit, active=False)

    def names(query: str) -> list[str]:
        text = office.get(f"/can-bo/xuat.csv{query}").data.decode("utf-8-sig")
        return sorted(row[1] for row in csv.reader(io.StringIO(text)) if row[1] != "Họ và tên")

    assert names("") == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert names("?q=nguyen") == ["Nguyễn Văn An"]
    assert names("?q=nguyen&trang-thai=tat-ca") == ["Nguyễn Thị Cúc", "Nguyễn Văn An"]
    assert names("?loai=vien_chuc") == ["Trần Thị Bình"]
    assert names("?trang-thai=nghi") == ["Nguyễn Thị Cúc"]


def test_list_pages_link_to_import_and_export(office, make_unit):
    make_unit("VP")
    units = office.get("/don-vi").get_data(as_text=True)
    for href in ('href="/don-vi/nhap"', 'href="/don-vi/xuat.xlsx"', 'href="/don-vi/xuat.csv"'):
        assert href in units
    people = office.get("/can-bo?q=an&trang-thai=tat-ca").get_data(as_text=True)
    assert 'href="/can-bo/nhap"' in people
    assert "/can-bo/xuat.xlsx?q=an&amp;trang-thai=tat-ca" in people


def test_upload_page_offers_the_templates(office):
    html = office.get("/can-bo/nhap").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'accept=".xlsx,.xls,.ods,.csv"' in html
    assert "/can-bo/nhap/mau.xlsx" in html and "/can-bo/nhap/mau.csv" in html
    template = office.get("/can-bo/nhap/mau.xlsx")
    assert template.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(template.data)).worksheets[0]
    assert [c.value for c in sheet[1]] == [*PEOPLE_HEADERS, *PROFILE_HEADERS]
    assert "style=" not in html and "<script>" not in html


@pytest.mark.parametrize("url", [*IMPORT_PAGES, "/don-vi/xuat.xlsx", "/can-bo/xuat.csv"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_the_pending_upload_belongs_to_its_user(app, client, make_user, login):
    first, second = make_user(role=Role.OFFICE), make_user(role=Role.ADMIN)
    login(client, first)
    upload(client, "don-vi", xlsx_bytes([UNIT_HEADERS, ["A", "Phòng A"]]), "a.xlsx")
    client.post("/dang-xuat")
    login(client, second)
    assert client.post("/don-vi/nhap/xac-nhan").headers["Location"].endswith("/don-vi/nhap")
    assert count(Unit) == 0
