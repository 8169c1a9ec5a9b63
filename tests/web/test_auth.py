"""Logging in and out, passwords, the login rate limit."""

from campaign.extensions import db
from campaign.models import AuditEvent, Role, User

from ..conftest import TEST_PASSWORD


def test_login_page_is_vietnamese(client):
    page = client.get("/dang-nhap")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/dang-nhap" in response.headers["Location"]


def test_login_and_logout(client, make_user, login):
    user = make_user(username="vanphong", role=Role.OFFICE)
    response = login(client, user)
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Trang chủ Văn phòng" in home.get_data(as_text=True)
    assert db.session.query(AuditEvent).filter_by(action="auth.login", actor_id=user.id).count() == 1
    client.post("/dang-xuat")
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_message(client, make_user, login):
    make_user(username="vanphong")
    for username, password in (("vanphong", "sai-mat-khau-1"), ("khongco", "sai-mat-khau-1")):
        response = login(client, username, password)
        assert response.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_password_is_hashed_with_scrypt(app, make_user):
    user = make_user()
    assert user.password_hash.startswith("scrypt:")
    assert TEST_PASSWORD not in user.password_hash


def test_five_failures_lock_the_account_for_a_minute(client, make_user, login):
    user = make_user(username="thuky")
    for _ in range(5):
        assert login(client, user, "sai-mat-khau-9").status_code == 401
    locked = login(client, user)  # even the right password is refused now
    assert locked.status_code == 429
    text = locked.get_data(as_text=True)
    assert "tạm bị khóa" in text and "thử lại sau" in text


def test_failures_from_one_address_lock_that_address_for_other_accounts(client, make_user, login):
    make_user(username="a1")
    other = make_user(username="a2")
    for i in range(5):
        login(client, f"khong-ton-tai-{i}", "sai-mat-khau-9")
    assert login(client, other).status_code == 429


def test_inactive_account_cannot_log_in(client, make_user, login):
    user = make_user(active=False)
    response = login(client, user)
    assert response.status_code == 401
    assert "Tài khoản đã bị khóa" in response.get_data(as_text=True)


def test_change_password(client, make_user, login):
    user = make_user()
    login(client, user)
    too_short = client.post("/doi-mat-khau", data={"current_password": TEST_PASSWORD,
                                                   "new_password": "ngan", "confirm": "ngan"})
    assert "ít nhất 10 ký tự" in too_short.get_data(as_text=True)
    wrong = client.post("/doi-mat-khau", data={"current_password": "khong-dung-dau",
                                               "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"})
    assert "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    ok = client.post("/doi-mat-khau", data={"current_password": TEST_PASSWORD,
                                            "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200  # still logged in in this browser
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("mat-khau-moi-2026")


def test_password_change_logs_out_other_browsers(app, make_user, login):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    login(first, user)
    login(second, user)
    first.post("/doi-mat-khau", data={"current_password": TEST_PASSWORD,
                                      "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"})
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_open_redirect_is_refused(client, make_user, login):
    user = make_user()
    response = client.post("/dang-nhap?next=https://evil.example/", data={"username": user.username,
                                                                          "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/"
