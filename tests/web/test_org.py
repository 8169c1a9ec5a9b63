"""The organisation pages: agency, units, people — who may do what, bad input, concurrent edits."""

import pytest

from campaign.extensions import db
from campaign.models import Agency, AuditEvent, Person, Role, Signer, Unit

AGENCY = {
    "name": "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa", "short_name": "Ban Quản lý",
    "parent_body": "UBND tỉnh Khánh Hòa", "symbol": "kktkcn", "place_name": "Khánh Hòa",
    "head_title": "Trưởng Ban", "office_head_title": "Chánh Văn phòng",
}


def person_form(unit, **overrides):
    data = {"full_name": "Nguyễn Thị Thu Hà", "gender": "nu", "date_of_birth": "05/12/1990",
            "position": "Chuyên viên", "employment_type": "cong_chuc", "unit_id": str(unit.id), "active": "y"}
    data.update(overrides)
    return data


# --- agency -------------------------------------------------------------------------------------


def test_office_saves_the_agency_and_it_is_audited(logged_in):
    client, user = logged_in(Role.OFFICE)
    response = client.post("/co-quan", data=AGENCY)
    assert response.status_code == 302
    agency = db.session.query(Agency).one()
    assert agency.symbol == "KKTKCN" and agency.parent_body == "UBND TỈNH KHÁNH HÒA"
    event = db.session.query(AuditEvent).filter_by(action="agency.create").one()
    assert event.actor_id == user.id and event.changes["symbol"] == [None, "KKTKCN"]


def test_agency_form_errors_are_beside_the_fields_and_keep_the_input(logged_in):
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/co-quan", data={**AGENCY, "name": "", "symbol": "KKT KCN/1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hãy nhập tên cơ quan." in html
    assert "Ký hiệu chỉ gồm chữ cái không dấu" in html
    assert 'value="KKT KCN/1"' in html  # what the user typed stays
    assert db.session.query(Agency).count() == 0


def test_signers_show_kt_for_a_deputy(logged_in):
    client, _ = logged_in(Role.OFFICE)
    client.post("/co-quan", data=AGENCY)
    client.post("/co-quan/nguoi-ky/moi", data={"full_name": "Trần Minh Chiến", "title": "Trưởng Ban",
                                              "is_head": "y", "active": "y", "sort_order": "1"})
    client.post("/co-quan/nguoi-ky/moi", data={"full_name": "Phan Châu Vinh", "title": "Phó Trưởng Ban",
                                              "active": "y", "sort_order": "2"})
    html = client.get("/co-quan").get_data(as_text=True)
    assert "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN" in html
    assert db.session.query(Signer).count() == 2


# --- units --------------------------------------------------------------------------------------


def test_create_unit_tree(logged_in):
    client, _ = logged_in(Role.OFFICE)
    assert client.post("/don-vi/moi", data={"code": "vp", "name": "Văn phòng", "active": "y"}).status_code == 302
    vp = db.session.query(Unit).filter_by(code="VP").one()
    response = client.post("/don-vi/moi", data={"code": "VP.TH", "name": "Tổ Tổng hợp", "parent_id": vp.id,
                                                "active": "y"})
    assert response.status_code == 302
    html = client.get("/don-vi").get_data(as_text=True)
    assert "tree-indent-1" in html and "Tổ Tổng hợp" in html


def test_duplicate_unit_code_is_refused_beside_the_field(logged_in, make_unit):
    make_unit(code="KHDT")
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/don-vi/moi", data={"code": "khdt", "name": "Phòng khác", "active": "y"})
    html = response.get_data(as_text=True)
    assert "Mã đơn vị «KHDT» đã được dùng cho đơn vị khác." in html
    assert 'value="Phòng khác"' in html
    assert db.session.query(Unit).count() == 1


def test_a_unit_cannot_become_its_own_ancestor(logged_in, make_unit):
    top = make_unit(code="A")
    middle = make_unit(code="B", parent=top)
    bottom = make_unit(code="C", parent=middle)
    client, _ = logged_in(Role.OFFICE)
    for parent in (top, bottom):  # itself, its grandchild
        response = client.post(f"/don-vi/{top.id}", data={"code": "A", "name": top.name, "parent_id": parent.id,
                                                          "active": "y", "version": top.version})
        assert "Không thể chọn chính đơn vị này hoặc một đơn vị cấp dưới" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, top.id).parent_id is None


def test_unknown_parent_id_in_a_forged_form_is_refused(logged_in, make_unit):
    unit = make_unit()
    client, _ = logged_in(Role.OFFICE)
    response = client.post(f"/don-vi/{unit.id}", data={"code": unit.code, "name": unit.name, "parent_id": "99999",
                                                        "version": unit.version})
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)


def test_a_unit_with_active_people_cannot_be_deactivated(logged_in, make_person, make_unit):
    unit = make_unit()
    make_person(unit=unit)
    client, _ = logged_in(Role.OFFICE)
    response = client.post(f"/don-vi/{unit.id}", data={"code": unit.code, "name": unit.name, "version": unit.version})
    assert "Đơn vị còn 1 người đang công tác" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).active


def test_script_tags_and_long_names_are_harmless(logged_in):
    client, _ = logged_in(Role.OFFICE)
    long_name = "Phòng " + "x" * 500
    response = client.post("/don-vi/moi", data={"code": "X1", "name": long_name, "active": "y"})
    assert "Không được dài quá 200 ký tự." in response.get_data(as_text=True)
    client.post("/don-vi/moi", data={"code": "X2", "name": "<script>alert(1)</script>", "active": "y"})
    html = client.get("/don-vi").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_concurrent_unit_edits_do_not_overwrite_each_other(logged_in, make_unit):
    unit = make_unit(code="DNGS", name="Phòng Doanh nghiệp")
    client, _ = logged_in(Role.OFFICE)
    seen = unit.version
    first = client.post(f"/don-vi/{unit.id}", data={"code": "DNGS", "name": "Tên của người thứ nhất",
                                                    "active": "y", "version": seen})
    assert first.status_code == 302
    second = client.post(f"/don-vi/{unit.id}", data={"code": "DNGS", "name": "Tên của người thứ hai",
                                                     "active": "y", "version": seen})
    html = second.get_data(as_text=True)
    assert "Người khác đã lưu bản ghi này" in html
    assert 'value="Tên của người thứ hai"' in html  # their input stays in the form
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).name == "Tên của người thứ nhất"


# --- people -------------------------------------------------------------------------------------


def test_office_adds_a_person(logged_in, make_unit):
    unit = make_unit()
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/can-bo/moi", data=person_form(unit, full_name="  Nguyễn   Thị Thu Hà "))
    assert response.status_code == 302
    person = db.session.query(Person).one()
    assert person.full_name == "Nguyễn Thị Thu Hà" and person.search_name == "nguyen thi thu ha"
    assert db.session.query(AuditEvent).filter_by(action="person.create", object_id=person.id).count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("full_name", "", "Hãy nhập họ và tên."),
    ("date_of_birth", "31/02/1990", "Ngày không hợp lệ"),
    ("date_of_birth", "01/01/2099", "Ngày sinh không được ở tương lai."),
    ("date_of_birth", "01/01/1900", "Năm sinh không hợp lý"),
    ("gender", "khac", "Lựa chọn không hợp lệ."),
    ("employment_type", "", "Hãy chọn loại cán bộ."),
    ("unit_id", "abc", "Lựa chọn không hợp lệ."),
    ("full_name", "A" * 500, "Không được dài quá 120 ký tự."),
])
def test_person_bad_input(logged_in, make_unit, field, value, message):
    unit = make_unit()
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/can-bo/moi", data=person_form(unit, **{field: value}))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "Nguyễn Thị Thu Hà" in html or field == "full_name"
    assert db.session.query(Person).count() == 0


def test_people_are_listed_in_vietnamese_order_with_search(logged_in, make_unit, make_person):
    unit = make_unit()
    for name in ("Trần Thị Bình", "Nguyễn Văn An", "Lê Đức Anh", "Phạm Thị Ánh", "Đỗ Minh Đức", "Vũ Văn Dũng"):
        make_person(name, unit=unit)
    client, _ = logged_in(Role.OFFICE)
    html = client.get("/can-bo").get_data(as_text=True)
    positions = [html.index(n) for n in ("Nguyễn Văn An", "Lê Đức Anh", "Phạm Thị Ánh", "Trần Thị Bình",
                                         "Vũ Văn Dũng", "Đỗ Minh Đức")]
    assert positions == sorted(positions)
    found = client.get("/can-bo?q=duc").get_data(as_text=True)
    assert "Lê Đức Anh" in found and "Đỗ Minh Đức" in found and "Trần Thị Bình" not in found


def test_people_list_pagination_and_odd_parameters_never_fail(logged_in, make_unit, make_person):
    unit = make_unit()
    for i in range(30):
        make_person(f"Nguyễn Văn Người{i}", unit=unit)
    client, _ = logged_in(Role.OFFICE)
    assert "Sau »" in client.get("/can-bo").get_data(as_text=True)
    for query in ("page=2", "page=999", "page=-1", "page=abc", "unit=abc", "unit=99999999999999999999",
                  "q=%25", "q=" + "x" * 1000, "loai=zzz", "trang-thai=zzz"):
        assert client.get(f"/can-bo?{query}").status_code == 200, query


# --- least privilege ------------------------------------------------------------------------------

OFFICE_PAGES = ["/co-quan", "/don-vi", "/don-vi/moi", "/quan-tri/tai-khoan", "/quan-tri/tai-khoan/moi",
                "/quan-tri/nhat-ky", "/co-quan/nguoi-ky/moi"]


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR,
                                  Role.COUNCIL_SECRETARY, Role.LEADER])
def test_office_pages_are_forbidden_to_other_roles(logged_in, role):
    client, _ = logged_in(role)
    for url in OFFICE_PAGES:
        assert client.get(url).status_code == 403, url
    assert client.post("/don-vi/moi", data={"code": "X", "name": "X"}).status_code == 403
    assert db.session.query(Unit).filter_by(code="X").count() == 0


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.LEADER])
def test_council_and_leader_do_not_see_the_staff_list(logged_in, role):
    client, _ = logged_in(role)
    assert client.get("/can-bo").status_code == 403
    assert client.get("/can-bo/moi").status_code == 403


def test_unit_officer_sees_and_edits_only_their_units_people(logged_in, make_unit, make_person):
    mine, other = make_unit(code="KHDT"), make_unit(code="DNGS")
    sub = make_unit(code="KHDT.XT", parent=mine)
    own = make_person("Nguyễn Văn Mình", unit=mine)
    in_sub = make_person("Lê Thị Con", unit=sub)
    stranger = make_person("Trần Văn Khác", unit=other)
    client, _ = logged_in(Role.UNIT_OFFICER, unit=mine)

    html = client.get("/can-bo").get_data(as_text=True)
    assert "Nguyễn Văn Mình" in html and "Lê Thị Con" in html and "Trần Văn Khác" not in html
    assert client.get(f"/can-bo?unit={other.id}").status_code == 403
    assert client.get(f"/can-bo/{stranger.id}").status_code == 403
    assert client.post(f"/can-bo/{stranger.id}", data=person_form(other, version=1)).status_code == 403
    assert client.get(f"/can-bo/{own.id}").status_code == 200
    assert client.get(f"/can-bo/{in_sub.id}").status_code == 200

    # A forged unit_id never moves a person into another unit.
    response = client.post(f"/can-bo/{own.id}", data=person_form(other, full_name=own.full_name,
                                                                 version=own.version))
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    response = client.post("/can-bo/moi", data=person_form(other))
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, own.id).unit_id == mine.id
    assert db.session.query(Person).filter_by(unit_id=other.id).count() == 1

    assert client.post("/can-bo/moi", data=person_form(mine)).status_code == 302


def test_ids_that_do_not_exist_give_404(logged_in):
    client, _ = logged_in(Role.OFFICE)
    for url in ("/can-bo/999999", "/don-vi/999999", "/quan-tri/tai-khoan/999999", "/co-quan/nguoi-ky/999999"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Không tìm thấy" in response.get_data(as_text=True)


# --- bounded queries ------------------------------------------------------------------------------


def test_people_list_uses_the_same_number_of_queries_whatever_the_size(logged_in, make_unit, make_person,
                                                                     count_queries):
    client, _ = logged_in(Role.OFFICE)
    units = [make_unit() for _ in range(3)]
    for i in range(3):
        make_person(f"Phạm Văn Một{i}", unit=units[i % 3])
    with count_queries() as small:
        assert client.get("/can-bo").status_code == 200
    for i in range(40):
        make_person(f"Hoàng Thị Hai{i}", unit=units[i % 3])
    with count_queries() as large:
        assert client.get("/can-bo").status_code == 200
    assert large.count == small.count, large.statements


def test_units_page_and_home_use_bounded_queries(logged_in, make_unit, make_person, count_queries):
    client, _ = logged_in(Role.OFFICE)
    make_person(unit=make_unit())
    with count_queries() as small_units, count_queries():
        client.get("/don-vi")
    with count_queries() as small_home:
        client.get("/")
    for _ in range(15):
        make_person(unit=make_unit())
    with count_queries() as large_units:
        client.get("/don-vi")
    with count_queries() as large_home:
        client.get("/")
    assert large_units.count == small_units.count
    assert large_home.count == small_home.count
