"""CSRF, cookies, headers, error pages."""

import re

import pytest

from campaign import create_app
from campaign.extensions import db
from campaign.models import Role, Unit

from ..conftest import TEST_PASSWORD


@pytest.fixture
def csrf_app(app):
    """The same database, with CSRF protection on as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_every_post_needs_the_csrf_token(csrf_app, make_user):
    user = make_user(role=Role.OFFICE)
    client = csrf_app.test_client()
    refused = client.post("/dang-nhap", data={"username": user.username, "password": TEST_PASSWORD})
    assert refused.status_code == 400
    assert "biểu mẫu không hợp lệ" in refused.get_data(as_text=True)

    token = _token(client.get("/dang-nhap").get_data(as_text=True))
    ok = client.post("/dang-nhap", data={"username": user.username, "password": TEST_PASSWORD, "csrf_token": token})
    assert ok.status_code == 302

    forged = client.post("/don-vi/moi", data={"code": "X", "name": "Giả mạo"})
    assert forged.status_code == 400
    assert db.session.query(Unit).count() == 0
    assert client.post("/dang-xuat").status_code == 400  # even logging out


def test_session_cookie_is_httponly_and_lax(client, make_user, login):
    response = login(client, make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in tests; SESSION_COOKIE_SECURE=1 behind HTTPS


def test_secure_cookie_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "UPLOAD_DIR": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_security_headers(client):
    response = client.get("/dang-nhap")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_no_inline_script_or_style_in_pages(logged_in, make_unit):
    make_unit()
    client, _ = logged_in(Role.OFFICE)
    for url in ("/", "/don-vi", "/can-bo", "/co-quan", "/quan-tri/tai-khoan", "/quan-tri/nhat-ky", "/can-bo/moi"):
        html = client.get(url).get_data(as_text=True)
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert " style=" not in html, url


def test_unknown_page_and_wrong_method_are_vietnamese(logged_in):
    client, _ = logged_in(Role.OFFICE)
    missing = client.get("/khong-co-trang-nay")
    assert missing.status_code == 404 and "Không tìm thấy" in missing.get_data(as_text=True)
    wrong = client.get("/dang-xuat")
    assert wrong.status_code == 405 and "Thao tác không được phép" in wrong.get_data(as_text=True)


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("CAMPAIGN_INSTANCE", str(tmp_path / "instance"))
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"}
    first, second = create_app(config), create_app(config)
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    key_file = tmp_path / "instance" / "secret_key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_database_url_takes_the_usual_postgresql_form(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example:5432/campaign")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("CAMPAIGN_INSTANCE", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example:5432/campaign"
