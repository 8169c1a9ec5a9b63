# ruff: noqa: F811  (the shared fixtures of test_dossiers are imported, then asked for by name)
"""A unit withdraws a submitted dossier before the office acts on it, saying why; the office sees why."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import AuditEvent, Nomination, NominationStatus, Role
from campaign.services import ServiceError
from campaign.services import nominations as nomination_service
from tests.web.test_dossiers import client_as, complete, nominate, officer, world  # noqa: F401 (fixtures)

REASON = "Bổ sung quyết định công nhận sáng kiến mới được cấp."


def submitted(user, world):
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.submit_nomination(user, db.session.get(Nomination, nomination.id))
    return db.session.get(Nomination, nomination.id)


def test_withdraw_with_a_reason_the_timeline_the_audit_and_the_offices_home(app, officer, world, make_user,
                                                                            login):  # noqa: F811
    client, user = officer
    nomination = submitted(user, world)
    page = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert 'data-testid="withdraw"' in page and "Lý do rút hồ sơ" in page
    # no reason, too short: refused beside the field, nothing changes
    for reason, message in (("", "Hãy ghi lý do rút hồ sơ để Văn phòng biết."),
                            ("ngắn", "Lý do rút hồ sơ dài từ 10 đến 2000 ký tự.")):
        response = client.post(f"/ho-so/de-nghi/{nomination.id}/rut", data={"version": nomination.version,
                                                                             "reason": reason})
        assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.SUBMITTED
    # without the CSRF token: refused
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/ho-so/de-nghi/{nomination.id}/rut", data={"version": nomination.version,
                                                                             "reason": REASON})
        assert response.status_code in (302, 400)
        db.session.expire_all()
        assert db.session.get(Nomination, nomination.id).status == NominationStatus.SUBMITTED
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/rut", data={"version": nomination.version,
                                                                         "reason": REASON})
    assert response.status_code == 302
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination.id)
    assert nomination.status == NominationStatus.DRAFT and nomination.unit_may_edit
    assert nomination.events[-1].action == "withdrawn" and nomination.events[-1].note == REASON
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "nomination.withdrawn"))
    assert audit is not None and REASON in audit.summary
    page = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    timeline = page[page.index('data-testid="timeline"'):]
    assert "Đơn vị rút hồ sơ để sửa, nộp lại" in timeline and REASON in timeline
    assert "Sửa hồ sơ" in page and 'data-testid="withdraw"' not in page
    assert "Xóa hồ sơ đang soạn" not in page  # it was submitted once: its history stays
    with pytest.raises(ServiceError):
        nomination_service.delete_nomination(user, nomination)
    # the office: the dossier's timeline and its home's "Việc cần làm"
    office, _ = client_as(app, make_user, login, Role.OFFICE)
    home = office.get("/").get_data(as_text=True)
    assert 'data-testid="work-withdrawn"' in home and REASON in home and "Nguyễn Văn An" in home
    assert REASON in office.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    # resubmitted: the unit submits it again like any draft
    nomination_service.submit_nomination(user, nomination)
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.SUBMITTED
    assert "đã nộp lại" in office.get("/").get_data(as_text=True)


def test_no_withdrawing_once_the_office_acted_nor_by_the_office(app, officer, world, make_user, login):  # noqa: F811
    client, user = officer
    nomination = submitted(user, world)
    office, clerk = client_as(app, make_user, login, Role.OFFICE)
    assert office.post(f"/ho-so/de-nghi/{nomination.id}/rut", data={"version": nomination.version,
                                                                     "reason": REASON}).status_code == 403
    nomination_service.accept_nomination(clerk, nomination)
    nomination = db.session.get(Nomination, nomination.id)
    with pytest.raises(ServiceError, match="không rút hồ sơ được nữa"):
        nomination_service.withdraw_nomination(user, nomination, REASON)
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/rut", data={"version": nomination.version,
                                                                         "reason": REASON}, follow_redirects=True)
    assert "không rút hồ sơ được nữa" in response.get_data(as_text=True)
    assert 'data-testid="withdraw"' not in client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.ACCEPTED
