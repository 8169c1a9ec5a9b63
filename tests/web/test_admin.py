"""Accounts and the audit log."""

import pytest

from campaign.extensions import db
from campaign.models import AuditEvent, Role, User


def account(**overrides):
    data = {"username": "donvi.khdt", "full_name": "Lê Thị Hồng", "role": Role.UNIT_OFFICER,
            "unit_id": "", "password": "mot-mat-khau-dai", "active": "y"}
    data.update(overrides)
    return data


def test_office_creates_a_unit_officer_bound_to_a_unit(logged_in, make_unit, login, app):
    unit = make_unit(code="KHDT")
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/quan-tri/tai-khoan/moi", data=account(unit_id=unit.id))
    assert response.status_code == 302
    user = db.session.query(User).filter_by(username="donvi.khdt").one()
    assert user.unit_id == unit.id and user.password_hash.startswith("scrypt:")
    event = db.session.query(AuditEvent).filter_by(action="user.create").one()
    assert "password_hash" not in event.changes
    assert login(app.test_client(), "donvi.khdt", "mot-mat-khau-dai").status_code == 302


@pytest.mark.parametrize(("overrides", "message"), [
    ({"unit_id": ""}, "Cán bộ thi đua đơn vị phải gắn với một đơn vị."),
    ({"password": "ngan", "role": Role.COUNCIL_MEMBER}, "Mật khẩu phải có ít nhất 10 ký tự."),
    ({"password": "donvi.khdt", "role": Role.COUNCIL_MEMBER}, "Mật khẩu không được trùng với tên đăng nhập."),
    ({"password": "aaaaaaaaaaaa", "role": Role.COUNCIL_MEMBER}, "Mật khẩu quá đơn giản"),
    ({"username": "Có Dấu"}, "Chỉ dùng chữ thường không dấu"),
    ({"role": "superuser"}, "Lựa chọn không hợp lệ."),
])
def test_account_bad_input(logged_in, overrides, message):
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/quan-tri/tai-khoan/moi", data=account(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(username="donvi.khdt").count() == 0


def test_duplicate_username_is_refused(logged_in, make_user):
    make_user(username="thuky", role=Role.COUNCIL_SECRETARY)
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/quan-tri/tai-khoan/moi", data=account(username="THUKY", role=Role.COUNCIL_MEMBER))
    assert "Tên đăng nhập này đã có người dùng." in response.get_data(as_text=True)


def test_office_cannot_create_or_edit_administrators(logged_in, make_user):
    admin = make_user(role=Role.ADMIN)
    client, _ = logged_in(Role.OFFICE)
    response = client.post("/quan-tri/tai-khoan/moi", data=account(username="admin2", role=Role.ADMIN))
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    assert client.get(f"/quan-tri/tai-khoan/{admin.id}").status_code == 403
    assert client.post(f"/quan-tri/tai-khoan/{admin.id}/dat-lai-mat-khau",
                       data={"password": "mat-khau-cua-toi"}).status_code == 403


def test_the_office_is_offered_no_edit_link_it_would_be_refused(logged_in, make_user):
    admin = make_user(role=Role.ADMIN)
    member = make_user(role=Role.COUNCIL_MEMBER)
    client, _ = logged_in(Role.OFFICE)
    page = client.get("/quan-tri/tai-khoan").get_data(as_text=True)
    assert f"/quan-tri/tai-khoan/{admin.id}\"" not in page and "Do quản trị hệ thống quản lý" in page
    assert f"/quan-tri/tai-khoan/{member.id}\"" in page


def test_admin_may_create_an_administrator(logged_in):
    client, _ = logged_in(Role.ADMIN)
    assert client.post("/quan-tri/tai-khoan/moi", data=account(username="admin2", role=Role.ADMIN)).status_code == 302


def test_nobody_demotes_or_locks_themselves(logged_in):
    client, me = logged_in(Role.OFFICE)
    response = client.post(f"/quan-tri/tai-khoan/{me.id}", data={
        "username": me.username, "full_name": me.full_name, "role": Role.COUNCIL_MEMBER, "active": "y",
        "version": me.version})
    assert "Bạn không thể tự đổi vai trò" in response.get_data(as_text=True)


def test_role_change_logs_the_account_out(app, logged_in, make_user, login):
    target = make_user(role=Role.COUNCIL_MEMBER)
    other = app.test_client()
    login(other, target)
    client, _ = logged_in(Role.OFFICE)
    client.post(f"/quan-tri/tai-khoan/{target.id}", data={
        "username": target.username, "full_name": target.full_name, "role": Role.LEADER, "active": "y",
        "version": target.version})
    assert other.get("/").status_code == 302


def test_reset_password(logged_in, make_user, login, app):
    target = make_user(role=Role.COUNCIL_MEMBER)
    client, _ = logged_in(Role.OFFICE)
    short = client.post(f"/quan-tri/tai-khoan/{target.id}/dat-lai-mat-khau", data={"password": "x"},
                        follow_redirects=True)
    assert "ít nhất 10 ký tự" in short.get_data(as_text=True)
    client.post(f"/quan-tri/tai-khoan/{target.id}/dat-lai-mat-khau", data={"password": "mat-khau-moi-dat-lai"})
    assert login(app.test_client(), target, "mat-khau-moi-dat-lai").status_code == 302


def test_audit_log_lists_changes_with_filters(logged_in, make_unit):
    client, me = logged_in(Role.OFFICE)
    client.post("/don-vi/moi", data={"code": "VP", "name": "Văn phòng", "active": "y"})
    html = client.get(f"/quan-tri/nhat-ky?nguoi={me.username}&thao-tac=unit").get_data(as_text=True)
    assert "Thêm đơn vị VP – Văn phòng" in html and '<span class="fw-semibold">Thêm đơn vị</span>' in html
    assert "unit.create" not in html  # the action as a sentence, not its code
    assert "Đăng nhập</span>" not in html


def test_each_role_sees_its_own_menu(logged_in, app, make_user, login):
    expectations = {
        Role.OFFICE: ["Tổ chức", "Sổ khen thưởng", "Tài khoản", "Nhật ký"],
        Role.UNIT_OFFICER: ["Cán bộ đơn vị", "Sổ khen thưởng"],
        Role.COUNCIL_MEMBER: ["Phiên họp xét khen thưởng"],
        Role.LEADER: ["Văn bản chờ ký"],
    }
    for role, words in expectations.items():
        client = app.test_client()
        login(client, make_user(role=role))
        html = client.get("/").get_data(as_text=True)
        for word in words:
            assert word in html, (role, word)
        if role != Role.OFFICE:
            assert "Tài khoản</a>" not in html and "/quan-tri/" not in html
