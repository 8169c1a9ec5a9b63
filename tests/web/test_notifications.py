# ruff: noqa: F811  (the shared fixtures of test_dossiers are imported, then asked for by name)
"""Each user's notifications, computed from the data; the page, the menu's badge, and the e-mail."""

from __future__ import annotations

import datetime as dt
import gc
import logging

import pytest

from campaign.extensions import db
from campaign.models import (
    DocumentEntry,
    NominationStatus,
    OfficialDocument,
    Role,
    SessionStatus,
    StoredFile,
    local_now,
    utcnow,
)
from campaign.services import mail
from campaign.services import nominations as nomination_service
from campaign.services.notifications import notifications_for
from tests.factories import make_nomination
from tests.web.test_dossiers import client_as, complete, nominate, officer, world  # noqa: F401 (fixtures)


def kinds(user):
    return [n.kind for n in notifications_for(user)]


def test_a_returned_dossier_and_a_closing_window_reach_the_unit(app, officer, world, make_user, login):
    client, user = officer
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.submit_nomination(user, nomination)
    office, clerk = client_as(app, make_user, login, Role.OFFICE)
    nomination_service.return_nomination(clerk, nomination, [{"topic": "evidence", "reason": "Thiếu minh chứng."}])
    with app.test_request_context():
        assert kinds(user) == ["returned"]  # the window closes in ten days: not yet
        world.phase.nomination_closes_at = local_now() + dt.timedelta(days=2)
        db.session.commit()
        found = notifications_for(user)
        assert [n.kind for n in found] == ["returned", "deadline"] or [n.kind for n in found] == ["deadline", "returned"]
        returned = next(n for n in found if n.kind == "returned")
        assert returned.title == "Văn phòng trả lại hồ sơ của Nguyễn Văn An"
        assert returned.url == f"/ho-so/de-nghi/{nomination.id}" and "1 điểm" in returned.body
        assert next(n for n in found if n.kind == "deadline").title.startswith("Hạn nộp hồ sơ")
        # another unit's officer: nothing of this unit
        other = make_user(role=Role.UNIT_OFFICER, unit=world.dngs)
        assert kinds(other) == ["deadline"]
    # the page and the badge
    home = client.get("/").get_data(as_text=True)
    assert 'data-testid="notification-count">2<' in home
    page = client.get("/thong-bao").get_data(as_text=True)
    assert "Văn phòng trả lại hồ sơ của Nguyễn Văn An" in page and page.count(">Mới<") == 2
    assert 'data-testid="notification-count"' not in page  # opened: nothing new any more
    assert 'data-testid="notification-count"' not in client.get("/").get_data(as_text=True)
    assert client.get("/thong-bao").get_data(as_text=True).count(">Mới<") == 0


def test_the_office_sees_the_appraisal_deadline_and_withdrawals(app, officer, world, make_user, login):
    _, user = officer
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.submit_nomination(user, nomination)
    nomination_service.withdraw_nomination(user, nomination, "Bổ sung quyết định sáng kiến.")
    world.phase.appraisal_deadline = local_now().date() + dt.timedelta(days=3)
    db.session.commit()
    office, clerk = client_as(app, make_user, login, Role.OFFICE)
    with app.test_request_context():
        found = {n.kind: n for n in notifications_for(clerk)}
    assert set(found) == {"deadline", "withdrawn"}
    assert found["deadline"].body.startswith("Còn 3 ngày đến hạn thẩm định")
    assert "Bổ sung quyết định sáng kiến." in found["withdrawn"].body
    assert "Bổ sung quyết định sáng kiến." in office.get("/thong-bao").get_data(as_text=True)


def test_council_members_the_approved_ranking_and_the_issued_decision(app, council_world, make_user, login,
                                                                      count_queries):
    w = council_world(status=SessionStatus.SCORING)
    w.session.scoring_opened_at = utcnow() - dt.timedelta(hours=2)
    w.session.held_on = local_now().date() + dt.timedelta(days=1)
    db.session.commit()
    member = w.users[2]
    khdt = w.officers["KHDT"]
    with app.test_request_context():
        assert sorted(kinds(member)) == ["deadline", "session_opened"]
        opened = next(n for n in notifications_for(member) if n.kind == "session_opened")
        assert opened.url == f"/hoi-dong/phien/{w.session.id}/cham-diem"
        assert kinds(khdt) == []  # not a member
        # approved: the units whose dossiers were on the agenda and the office are told
        w.session.status = SessionStatus.APPROVED
        w.session.approved_at = utcnow() - dt.timedelta(hours=1)
        db.session.commit()
        assert kinds(khdt) == ["ranking_approved"]
        office = make_user(role=Role.OFFICE)
        assert kinds(office) == ["ranking_approved"]
        assert notifications_for(office)[0].url == f"/hoi-dong/phien/{w.session.id}/xep-hang"
        outsider = make_user(role=Role.UNIT_OFFICER)
        assert kinds(outsider) == []
        # a decision issued that awards KHDT's nominee
        stored = StoredFile(storage_name="qd.docx", original_name="qd.docx", content_type="application/x",
                            extension="docx", size=1, sha256="0" * 64)
        db.session.add(stored)
        db.session.flush()
        document = OfficialDocument(kind="decision", status="issued", title="Khen thưởng Lao động tiên tiến",
                                    symbol="QĐ-KKTKCN", number=46, issued_on=local_now().date(),
                                    issued_year=local_now().year, issued_at=utcnow(), file_id=stored.id,
                                    sha256="0" * 64, session_id=w.session.id)
        db.session.add(document)
        db.session.flush()
        awarded = w.nominations[1]
        awarded.status = NominationStatus.AWARDED
        db.session.add(DocumentEntry(document_id=document.id, nomination_id=awarded.id))
        db.session.commit()
        found = notifications_for(khdt)
        assert [n.kind for n in found] == ["document_issued", "ranking_approved"]
        assert "46/QĐ-KKTKCN" in found[0].title
        assert kinds(w.officers["VP"]) == ["ranking_approved"]  # on the agenda, not awarded by this decision


def test_the_badge_costs_the_same_queries_at_two_sizes(app, officer, world, make_user, login, count_queries):
    client, user = officer
    office, clerk = client_as(app, make_user, login, Role.OFFICE)
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.submit_nomination(user, nomination)
    nomination_service.return_nomination(clerk, nomination, [{"topic": "evidence", "reason": "Thiếu minh chứng."}])
    dngs = make_user(role=Role.UNIT_OFFICER, unit=world.dngs)
    ids = {"user": user.id, "clerk": clerk.id, "dngs": dngs.id, "phase": world.phase.id, "ldtt": world.ldtt.id,
           "people": [world.binh.id, world.dung.id, world.chi.id]}

    def counted():
        db.session.commit()
        db.session.expunge_all()  # the same cold start before each counted request
        # The session's identity map holds its objects weakly: whether a unit loaded earlier in the request
        # is still there when the menu reads the officer's unit depends on when the cyclic collector runs.
        gc.collect()
        gc.disable()
        try:
            with count_queries() as counter:
                html = client.get("/ho-so/sang-kien").get_data(as_text=True)
        finally:
            gc.enable()
        return counter, html

    small, _ = counted()
    from campaign.models import AwardForm, Person, Phase, User

    phase, ldtt = db.session.get(Phase, ids["phase"]), db.session.get(AwardForm, ids["ldtt"])
    clerk = db.session.get(User, ids["clerk"])
    for person_id in ids["people"]:  # three more returned dossiers, one of another unit
        person = db.session.get(Person, person_id)
        officer_ = db.session.get(User, ids["dngs"] if person_id == ids["people"][2] else ids["user"])
        n = make_nomination(officer_, phase, ldtt, person=person, state=NominationStatus.SUBMITTED)
        nomination_service.return_nomination(clerk, n, [{"topic": "summary", "reason": "Bổ sung số liệu."}])
    large, html = counted()
    assert 'data-testid="notification-count">3<' in html
    assert large.count == small.count, "\n".join(s[:150].replace("\n", " ")
                                                  for s in small.statements + ["----"] + large.statements)


@pytest.fixture
def returned_world(app, officer, world, make_user, login):
    client, user = officer
    user.username = "thidua.khdt@kkt.khanhhoa.gov.vn"
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.submit_nomination(user, nomination)
    clerk = make_user(role=Role.OFFICE)
    nomination_service.return_nomination(clerk, nomination, [{"topic": "evidence", "reason": "Thiếu minh chứng."}])
    db.session.commit()
    return user


class FakeSMTP:
    sent: list = []
    calls: list = []

    def __init__(self, host, port, timeout=None):
        FakeSMTP.calls.append(("connect", host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        FakeSMTP.calls.append(("starttls",))

    def login(self, username, password):
        FakeSMTP.calls.append(("login", username, password))

    def send_message(self, message):
        FakeSMTP.sent.append(message)


def test_mail_is_off_by_default_and_nothing_is_marked_sent(app, returned_world, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    FakeSMTP.sent, FakeSMTP.calls = [], []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    with app.test_request_context():
        report = mail.send_notifications()
    assert report.backend == "off" and "Chưa cấu hình máy chủ thư" in report.describe()
    assert FakeSMTP.sent == [] and not (tmp_path / mail.LAST_RUN_FILE).exists()


def test_smtp_sends_each_user_their_new_notifications_once(app, returned_world, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    FakeSMTP.sent, FakeSMTP.calls = [], []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.kkt.khanhhoa.gov.vn")
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "thidua")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "bí mật")
    monkeypatch.setitem(app.config, "MAIL_FROM", "thidua@kkt.khanhhoa.gov.vn")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["campaign", "send-notifications"])
    assert result.exit_code == 0, result.output
    assert "Đã gửi 1 thư thông báo" in result.output
    assert FakeSMTP.calls[:3] == [("connect", "smtp.kkt.khanhhoa.gov.vn", 587), ("starttls",),
                                  ("login", "thidua", "bí mật")]
    [message] = FakeSMTP.sent
    assert message["To"].endswith("<thidua.khdt@kkt.khanhhoa.gov.vn>")
    body = message.get_content()
    assert "Văn phòng trả lại hồ sơ của Nguyễn Văn An" in body and "/ho-so/de-nghi/" in body
    assert (tmp_path / mail.LAST_RUN_FILE).exists()
    # a second run: nothing new, nothing sent
    FakeSMTP.sent = []
    result = runner.invoke(args=["campaign", "send-notifications"])
    assert "Đã gửi 0 thư thông báo" in result.output and FakeSMTP.sent == []


def test_the_console_sink_logs_the_message(app, returned_world, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    with caplog.at_level(logging.INFO, logger=app.logger.name), app.test_request_context():
        report = mail.send_notifications()
    assert report.backend == "console" and report.sent == ["thidua.khdt@kkt.khanhhoa.gov.vn"]
    assert "Văn phòng trả lại hồ sơ của Nguyễn Văn An" in caplog.text or "=?utf-8?" in caplog.text
    assert "MAIL_BACKEND=console" in caplog.text
