"""A returned dossier in a closed window: what the unit is told, and the office's dated extension for that
unit (granted from the dossier's page or the extensions page, audited, honoured by the permissions)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import AuditEvent, Nomination, NominationStatus, Role, UnitExtension, local_now
from campaign.permissions import can_write_phase
from campaign.services import ServiceError
from campaign.services import extensions as extension_service
from tests.factories import (
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_nomination,
    make_phase,
)


@pytest.fixture
def returned(app, make_unit, make_person, make_user, login):
    """A dossier of Phòng KHĐT returned by the office, then the phase's window closed (an hour ago)."""
    khdt, dngs = make_unit("KHDT", "Phòng Kế hoạch – Đầu tư"), make_unit("DNGS", "Phòng Doanh nghiệp")
    person = make_person("Nguyễn Văn An", khdt)
    campaign = make_campaign()
    phase = make_phase(campaign)
    make_criterion(campaign, make_group(campaign), "I1", "individual", 100, target=95)
    award = make_award_form("LDTT", "Lao động tiên tiến", "individual")
    officer = make_user(role=Role.UNIT_OFFICER, unit=khdt, full_name="Hoàng Thu Hà")
    dngs_officer = make_user(role=Role.UNIT_OFFICER, unit=dngs)
    office = make_user(role=Role.OFFICE, full_name="Trần Văn Phòng")
    nomination = make_nomination(officer, phase, award, person=person, state=NominationStatus.RETURNED, office=office)
    phase.nomination_closes_at = local_now() - dt.timedelta(hours=1)
    db.session.commit()
    unit_client, office_client = app.test_client(), app.test_client()
    login(unit_client, officer)
    login(office_client, office)
    return dict(nomination=nomination, phase=phase, khdt=khdt, dngs=dngs, officer=officer, dngs_officer=dngs_officer, office=office,
                unit=unit_client, office_client=office_client)


def _grant(client, w, until: dt.datetime, reason="Đơn vị bổ sung minh chứng theo yêu cầu", unit=None, **extra):
    data = {"phase_id": w["phase"].id, "unit_id": (unit or w["khdt"]).id, "until_date": until.strftime("%d/%m/%Y"),
            "until_time": until.strftime("%H:%M"), "reason": reason, "next": f"/ho-so/de-nghi/{w['nomination'].id}"}
    data.update(extra)
    return client.post("/gia-han", data=data)


def test_a_returned_dossier_in_a_closed_window_tells_the_unit_what_to_do(returned):
    w = returned
    page = w["unit"].get(f"/ho-so/de-nghi/{w['nomination'].id}").get_data(as_text=True)
    assert "đã hết hạn nộp hồ sơ lúc" in page
    assert 'data-testid="returned-advice"' in page and "liên hệ Văn phòng để được gia hạn" in page.replace("Hãy l", "l")
    assert "Nộp lại hồ sơ</button>" not in page
    home = w["unit"].get("/").get_data(as_text=True)
    assert "liên hệ Văn phòng để được gia hạn" in home.replace("Hãy l", "l")
    refused = w["unit"].post(f"/ho-so/de-nghi/{w['nomination'].id}/nop",
                             data={"version": w["nomination"].version}, follow_redirects=True)
    assert "đã hết hạn nộp hồ sơ" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Nomination, w["nomination"].id).status == NominationStatus.RETURNED


def test_the_office_grants_an_extension_from_the_dossier_page_and_the_unit_resubmits(returned):
    w = returned
    page = w["office_client"].get(f"/ho-so/de-nghi/{w['nomination'].id}").get_data(as_text=True)
    assert 'data-testid="extension-panel"' in page and "Gia hạn cho đơn vị</button>" in page
    until = (local_now() + dt.timedelta(days=3)).replace(hour=17, minute=0, second=0, microsecond=0)
    response = _grant(w["office_client"], w, until)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/ho-so/de-nghi/{w['nomination'].id}")
    extension = db.session.scalar(select(UnitExtension))
    assert (extension.unit_id, extension.until, extension.granted_by_id) == (w["khdt"].id, until, w["office"].id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "unit_extension.grant"))
    assert event.changes["until"] == [None, until.isoformat()] and "Phòng Kế hoạch – Đầu tư" in event.summary
    page = w["unit"].get(f"/ho-so/de-nghi/{w['nomination'].id}").get_data(as_text=True)
    assert f"Được gia hạn nộp hồ sơ đến {until:%H:%M %d/%m/%Y}" in page and "returned-advice" not in page
    assert w["unit"].post(f"/ho-so/de-nghi/{w['nomination'].id}/nop",
                          data={"version": w["nomination"].version}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Nomination, w["nomination"].id).status == NominationStatus.SUBMITTED


def test_an_extension_is_for_its_unit_only_and_ends_when_withdrawn_or_past(returned):
    w = returned
    phase, now = w["phase"], local_now()
    extension_service.grant_extension(w["office"], phase, w["dngs"], now + dt.timedelta(days=2), "Lý do khác")
    assert not can_write_phase(w["officer"], phase, w["khdt"].id)  # another unit's extension
    extension = extension_service.grant_extension(w["office"], phase, w["khdt"], now + dt.timedelta(days=2),
                                                  "Bổ sung minh chứng")
    assert can_write_phase(w["officer"], phase, w["khdt"].id)
    assert not can_write_phase(w["officer"], phase, w["khdt"].id, now=now + dt.timedelta(days=2, minutes=1))
    # granting again changes the date (one extension per unit and phase), audited before → after
    extension_service.grant_extension(w["office"], phase, w["khdt"], now + dt.timedelta(days=5), "Gia hạn thêm")
    assert db.session.scalar(select(db.func.count(UnitExtension.id)).where(UnitExtension.unit_id == w["khdt"].id)) == 1
    assert can_write_phase(w["officer"], phase, w["khdt"].id, now=now + dt.timedelta(days=4))
    phase.units_may_edit = False  # the office locked the phase: the extension still lets this unit write
    db.session.commit()
    assert can_write_phase(w["officer"], phase, w["khdt"].id)
    assert not can_write_phase(w["dngs_officer"], phase, w["dngs"].id, now=now + dt.timedelta(days=3))
    response = w["office_client"].post(f"/gia-han/{extension.id}/thu-hoi")
    assert response.status_code == 302
    db.session.expire_all()
    assert not can_write_phase(w["officer"], phase, w["khdt"].id)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "unit_extension.withdraw")) is not None


def test_the_grant_form_refuses_bad_input_beside_the_field_and_keeps_it(returned):
    w = returned
    past = local_now() - dt.timedelta(days=2)
    html = _grant(w["office_client"], w, past).get_data(as_text=True)
    assert "Thời hạn gia hạn phải sau thời điểm hiện tại" in html and "is-invalid" in html
    assert past.strftime("%d/%m/%Y") in html and "Đơn vị bổ sung minh chứng theo yêu cầu" in html
    soon = local_now() + dt.timedelta(days=1)
    html = _grant(w["office_client"], w, soon, reason="", until_time="25:00").get_data(as_text=True)
    assert "Giờ không hợp lệ" in html and "Hãy ghi lý do gia hạn." in html and 'value="25:00"' in html
    html = _grant(w["office_client"], w, soon, until_date="31/02/2027").get_data(as_text=True)
    assert "Ngày không hợp lệ" in html
    assert db.session.scalar(select(UnitExtension)) is None
    assert w["unit"].get("/gia-han").status_code == 403
    assert w["unit"].post("/gia-han", data={}).status_code == 403
    with pytest.raises(ServiceError):
        extension_service.grant_extension(w["officer"], w["phase"], w["khdt"], soon, "x")


def test_the_extensions_page_lists_what_was_granted(returned):
    w = returned
    until = local_now() + dt.timedelta(days=3)
    extension_service.grant_extension(w["office"], w["phase"], w["khdt"], until, "Bổ sung minh chứng")
    html = w["office_client"].get("/gia-han").get_data(as_text=True)
    assert "Phòng Kế hoạch – Đầu tư" in html and "Bổ sung minh chứng" in html and "Thu hồi" in html
    assert f"Đến {until:%H:%M %d/%m/%Y}" in html
