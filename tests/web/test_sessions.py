"""Server-side log-in sessions: a cookie copied before the session ended opens nothing afterwards; many
log-ins to one account at once all succeed."""

import datetime as dt
import threading

import pytest

from campaign.extensions import db
from campaign.models import AuditEvent, Role, SessionEnd, User, UserSession, utcnow
from campaign.services import auth as auth_service

from ..conftest import TEST_PASSWORD

NEW_PASSWORD = "mat-khau-moi-2026"


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """A browser that only has a copy of the cookie, asking for the staff list."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/can-bo")


def _refused(response) -> bool:
    return response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def _sessions(user) -> list[UserSession]:
    db.session.expire_all()
    return db.session.query(UserSession).filter_by(user_id=user.id).order_by(UserSession.created_at).all()


@pytest.fixture
def office(app, make_user, login):
    """A logged-in office account and the cookie its browser holds."""
    user = make_user(role=Role.OFFICE)
    client = app.test_client()
    assert login(client, user).status_code == 302
    assert client.get("/can-bo").status_code == 200
    return client, user, _cookie(client)


@pytest.fixture
def admin(app, make_user, login):
    client = app.test_client()
    login(client, make_user(role=Role.ADMIN))
    return client


def test_a_log_in_opens_a_session_row_and_the_cookie_holds_only_its_token(office):
    client, user, cookie = office
    [row] = _sessions(user)
    assert row.ended_at is None and row.ended_reason is None
    assert row.ip_address == "127.0.0.1" and row.user_agent.startswith("Werkzeug")
    assert len(row.id) >= 40
    assert _replay(client.application, cookie).status_code == 200  # the copy works while the session is open


def test_cookie_copied_before_log_out_is_refused(app, office):
    client, user, cookie = office
    client.post("/dang-xuat")
    assert _refused(client.get("/can-bo"))
    replay = _replay(app, cookie)
    assert _refused(replay)
    assert [r.ended_reason for r in _sessions(user)] == [SessionEnd.LOGOUT]


def test_cookie_is_refused_after_the_inactivity_limit(app, office, monkeypatch):
    client, user, cookie = office
    assert app.config["SESSION_IDLE_MINUTES"] == 30
    start = utcnow()
    monkeypatch.setattr(auth_service, "now", lambda: start + dt.timedelta(minutes=29))
    assert client.get("/can-bo").status_code == 200  # still within the limit: the session is touched
    monkeypatch.setattr(auth_service, "now", lambda: start + dt.timedelta(minutes=29 + 31))
    replay = _replay(app, cookie)
    assert _refused(replay)
    assert _refused(client.get("/can-bo"))
    assert [r.ended_reason for r in _sessions(user)] == [SessionEnd.IDLE]
    page = client.get("/dang-nhap")
    assert "quá lâu không thao tác" in page.get_data(as_text=True)


def test_activity_keeps_the_session_alive(app, office, monkeypatch):
    client, user, _cookie_value = office
    start = utcnow()
    for minutes in (20, 40, 60, 80):  # never 30 minutes without a request
        monkeypatch.setattr(auth_service, "now", lambda m=minutes: start + dt.timedelta(minutes=m))
        assert client.get("/can-bo").status_code == 200, minutes
    [row] = _sessions(user)
    assert row.ended_at is None and row.last_seen_at >= start + dt.timedelta(minutes=80)


def test_last_seen_is_written_at_most_once_a_minute_and_never_bumps_the_account_version(
        app, office, monkeypatch, count_queries):
    client, user, _cookie_value = office
    version = db.session.get(User, user.id).version
    [row] = _sessions(user)
    logged_in_at = row.last_seen_at
    with count_queries() as counter:
        for _ in range(3):
            client.get("/can-bo")
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]
    assert _sessions(user)[0].last_seen_at == logged_in_at
    later = utcnow() + dt.timedelta(minutes=2)
    monkeypatch.setattr(auth_service, "now", lambda: later)
    client.get("/can-bo")
    client.get("/can-bo")
    assert _sessions(user)[0].last_seen_at == later
    assert db.session.get(User, user.id).version == version


def test_cookie_copied_before_a_password_change_is_refused(app, office):
    client, user, cookie = office
    other = app.test_client()
    other.post("/dang-nhap", data={"username": user.username, "password": TEST_PASSWORD})
    response = client.post("/doi-mat-khau", data={"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD,
                                                  "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/can-bo").status_code == 200  # this browser got a new session
    assert _refused(_replay(app, cookie))  # … and its old cookie is worth nothing
    assert _refused(other.get("/can-bo"))
    reasons = [r.ended_reason for r in _sessions(user)]
    assert reasons.count(SessionEnd.PASSWORD_CHANGED) == 2 and reasons.count(None) == 1


def test_cookie_copied_before_a_password_reset_is_refused(app, office, admin):
    _client, user, cookie = office
    admin.post(f"/quan-tri/tai-khoan/{user.id}/dat-lai-mat-khau", data={"password": "mat-khau-dat-lai-2026"})
    assert _refused(_replay(app, cookie))
    assert [r.ended_reason for r in _sessions(user)] == [SessionEnd.PASSWORD_RESET]


def _edit(admin, user, **changes):
    data = {"username": user.username, "full_name": user.full_name, "role": user.role, "active": "y",
            "version": db.session.get(User, user.id).version}
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    return admin.post(f"/quan-tri/tai-khoan/{user.id}", data=data)


def test_cookie_copied_before_a_role_change_is_refused(app, office, admin):
    _client, user, cookie = office
    assert _edit(admin, user, role=Role.LEADER).status_code == 302
    assert _refused(_replay(app, cookie))
    assert [r.ended_reason for r in _sessions(user)] == [SessionEnd.ROLE_CHANGED]


def test_a_name_change_keeps_the_session(app, office, admin):
    _client, user, cookie = office
    assert _edit(admin, user, full_name="Tên mới của người dùng").status_code == 302
    assert _replay(app, cookie).status_code == 200


def test_locking_the_account_ends_its_sessions(app, office, admin):
    _client, user, cookie = office
    assert _edit(admin, user, active=None).status_code == 302
    assert _refused(_replay(app, cookie))
    assert [r.ended_reason for r in _sessions(user)] == [SessionEnd.ACCOUNT_LOCKED]


def test_logging_out_in_one_browser_leaves_the_other_alive(app, office, login):
    first, user, _cookie_value = office
    second = app.test_client()
    login(second, user)
    first.post("/dang-xuat")
    assert _refused(first.get("/can-bo"))
    assert second.get("/can-bo").status_code == 200


def test_admin_logs_an_account_out_everywhere(app, office, admin, login):
    first, user, cookie = office
    second = app.test_client()
    login(second, user)
    page = admin.get(f"/quan-tri/tai-khoan/{user.id}").get_data(as_text=True)
    assert "Phiên đăng nhập đang mở" in page and "Đăng xuất khỏi mọi thiết bị" in page
    assert page.count("127.0.0.1") == 2
    done = admin.post(f"/quan-tri/tai-khoan/{user.id}/dang-xuat-moi-noi", follow_redirects=True)
    assert "Đã đăng xuất" in done.get_data(as_text=True) and "(2 phiên đăng nhập)" in done.get_data(as_text=True)
    assert _refused(first.get("/can-bo"))
    assert _refused(second.get("/can-bo"))
    assert _refused(_replay(app, cookie))
    assert [r.ended_reason for r in _sessions(user)] == [SessionEnd.LOGOUT_EVERYWHERE] * 2
    event = db.session.query(AuditEvent).filter_by(action="user.logout_everywhere", object_id=user.id).one()
    assert event.changes == {"open_sessions": [2, 0]}
    assert "Quản trị đã đăng xuất tài khoản này" in first.get("/dang-nhap").get_data(as_text=True)
    assert login(first, user).status_code == 302  # logging in again works
    assert first.get("/can-bo").status_code == 200


def test_log_out_everywhere_needs_the_csrf_token_and_the_right_to_manage(app, office, make_user, login):
    _client, user, _cookie_value = office
    admin_account = make_user(role=Role.ADMIN)
    other_office = app.test_client()
    login(other_office, make_user(role=Role.OFFICE))
    assert other_office.post(f"/quan-tri/tai-khoan/{admin_account.id}/dang-xuat-moi-noi").status_code == 403
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert other_office.post(f"/quan-tri/tai-khoan/{user.id}/dang-xuat-moi-noi").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert [r.ended_reason for r in _sessions(user)] == [None]
    council = app.test_client()
    login(council, make_user(role=Role.COUNCIL_MEMBER))
    assert council.post(f"/quan-tri/tai-khoan/{user.id}/dang-xuat-moi-noi").status_code == 403


def test_twenty_simultaneous_log_ins_to_one_account_all_succeed(app, make_user):
    """An office sharing one account, one person on several devices: no StaleDataError, no 500."""
    user = make_user(username="vanphong.chung", role=Role.OFFICE)
    version = user.version
    count = 20
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def log_in(i: int) -> None:
        client = app.test_client()
        barrier.wait(timeout=30)
        try:
            response = client.post("/dang-nhap", data={"username": user.username, "password": TEST_PASSWORD})
            outcomes[i] = (response.status_code, client.get("/can-bo").status_code)
        except Exception as err:  # noqa: BLE001 - reported by the assertion below
            outcomes[i] = repr(err)

    threads = [threading.Thread(target=log_in, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes == [(302, 200)] * count
    db.session.expire_all()
    assert db.session.query(UserSession).filter_by(user_id=user.id, ended_at=None).count() == count
    assert db.session.query(AuditEvent).filter_by(action="auth.login", actor_id=user.id).count() == count
    account = db.session.get(User, user.id)
    assert account.version == version and account.last_login_at is not None
