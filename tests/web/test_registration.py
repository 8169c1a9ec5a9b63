"""Đăng ký thi đua: windows, a unit's registration (saving, errors, prefill, scope, closed window), the office's
summary and downloads, and the eligibility reason of an award form that requires registration."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from docx import Document

from campaign.extensions import db
from campaign.models import AuditEvent, RegistrationWindow, Role, UnitRegistration, local_now
from campaign.services import PermissionDenied, ServiceError, facts
from campaign.services import registration as service
from tests.factories import (
    add_prior_award,
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_nomination,
    make_phase,
)


@pytest.fixture
def world(app, make_unit, make_person, make_user):
    campaign = make_campaign(title="Phong trào thi đua thường xuyên", kind="regular", start=dt.date(2025, 1, 1))
    previous = make_phase(campaign, name="Năm 2025", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                          window="closed", review_kind="final")
    phase = make_phase(campaign, name="Năm 2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
                       window="open", review_kind="final")
    group = make_group(campaign)
    rate = make_criterion(campaign, group, "A.1", "both", 40, target=95, name="Tỷ lệ hồ sơ đúng hạn")
    make_criterion(campaign, group, "A.2", "individual", 20, target=10, unit_of_measure="tin bài",
                   name="Tin bài của cá nhân")
    ldtt = make_award_form("LDTT", "Lao động tiên tiến", "individual", position=1)
    cstdcs = make_award_form("CSTDCS", "Chiến sĩ thi đua cơ sở", "individual", position=2)
    ttldtt = make_award_form("TTLDTT", "Tập thể lao động tiên tiến", "collective", position=3)
    gk = make_award_form("GK", "Giấy khen", "both", kind="commendation", position=4)
    khdt = make_unit("KHDT", "Phòng Kế hoạch – Đầu tư")
    sub = make_unit("KHDT.TH", "Tổ Tổng hợp", parent=khdt)
    dngs = make_unit("DNGS", "Phòng Doanh nghiệp – Giám sát đầu tư")
    head = make_person("Trần Văn Bình", khdt, position="Trưởng phòng", is_leader=True)
    an = make_person("Nguyễn Văn An", khdt)
    chi = make_person("Lê Thị Chi", sub, gender="nu")
    dung = make_person("Phạm Văn Dũng", dngs)
    officer = make_user("donvi.khdt", Role.UNIT_OFFICER, unit=khdt)
    other = make_user("donvi.dngs", Role.UNIT_OFFICER, unit=dngs)
    office = make_user("vanphong", Role.OFFICE)
    now = local_now()
    window = service.save_window(office, phase, now - dt.timedelta(days=2), now + dt.timedelta(days=5),
                                 "Đăng ký trước ngày 31/01")
    db.session.commit()
    return SimpleNamespace(**locals())


def _post_form(world, unit=None, **extra):
    unit = unit or world.khdt
    data = {"collective_award_form_id": str(world.ttldtt.id), f"title_{world.an.id}": [str(world.ldtt.id),
                                                                                      str(world.cstdcs.id)],
            f"title_{world.head.id}": [str(world.ldtt.id)], f"commitment_{world.rate.id}": "97,5%"}
    data.update(extra)
    return data


def _url(world, unit=None):
    return f"/dang-ky-thi-dua/dot/{world.window.id}/don-vi/{(unit or world.khdt).id}"


# --- windows ----------------------------------------------------------------------------------------


def test_the_office_opens_and_edits_a_window(world, client, login):
    login(client, world.office)
    assert world.window.round_label == "năm 2026"
    assert service.open_windows() == [world.window]
    assert service.open_windows(local_now().date() + dt.timedelta(days=30)) == []
    response = client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/sua")
    assert response.status_code == 200
    response = client.post(f"/dang-ky-thi-dua/dot/{world.window.id}/sua", data={
        "opens_at": "05/01/2026 08:00", "closes_at": "01/01/2026 17:00", "note": "Ghi chú mới",
        "version": world.window.version})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Hạn đăng ký phải sau thời điểm mở (08:00 05/01/2026)" in page
    assert 'value="01/01/2026 17:00"' in page  # the input stays as typed
    response = client.post(f"/dang-ky-thi-dua/dot/{world.window.id}/sua", data={
        "opens_at": "05/01/2026 08:00", "closes_at": "31/12/2026 17:00", "note": "Ghi chú mới",
        "version": world.window.version})
    assert response.status_code == 302
    db.session.refresh(world.window)
    assert world.window.closes_at == dt.datetime(2026, 12, 31, 17, 0)
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-1] == "registration_window.update" and "registration_window.open" in actions


def test_one_window_per_phase_and_only_the_office(world, client, login):
    with pytest.raises(PermissionDenied):
        service.save_window(world.officer, world.previous, local_now(), local_now() + dt.timedelta(days=1))
    login(client, world.office)
    response = client.post("/dang-ky-thi-dua/dot/moi", data={"phase_id": world.phase.id,
                                                             "opens_at": "05/01/2026 08:00",
                                                             "closes_at": "31/01/2026 17:00"})
    assert response.status_code == 200  # the phase is no longer a choice: refused beside the field
    assert db.session.scalar(db.select(db.func.count(RegistrationWindow.id))) == 1
    officer = client.application.test_client()
    login(officer, world.officer)
    assert officer.get("/dang-ky-thi-dua/dot/moi").status_code == 403


# --- a unit's registration ----------------------------------------------------------------------------


def test_the_form_is_prefilled_from_last_year(world, client, login):
    add_prior_award(world.ldtt, 2025, person=world.an)
    add_prior_award(world.gk, 2025, person=world.head)
    add_prior_award(world.ttldtt, 2025, unit=world.khdt)
    add_prior_award(world.ldtt, 2024, person=world.head)  # not last year
    db.session.commit()
    data = service.prefill(world.window, world.khdt)
    assert data.lines == {world.an.id: {world.ldtt.id}, world.head.id: {world.gk.id}}
    assert data.collective_award_form_id == world.ttldtt.id
    assert data.commitments == {world.rate.id: "95"}  # the phase's target of the collective criterion
    assert "năm 2025" in data.prefilled
    login(client, world.officer)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Đề xuất theo kết quả năm 2025" in page
    assert f'name="title_{world.an.id}" value="{world.ldtt.id}" id="t-{world.an.id}-{world.ldtt.id}" checked' in page
    assert "Tin bài của cá nhân" not in page  # an individual criterion is no commitment of the unit


def test_a_unit_saves_its_registration(world, client, login):
    login(client, world.officer)
    response = client.post(_url(world), data=_post_form(world))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    registration = service.registration_of(world.window, world.khdt)
    assert registration.collective_award_form_id == world.ttldtt.id
    assert {(line.person_id, line.award_form_id) for line in registration.lines} == {
        (world.an.id, world.ldtt.id), (world.an.id, world.cstdcs.id), (world.head.id, world.ldtt.id)}
    assert [(c.criterion_id, c.value) for c in registration.commitments] == [(world.rate.id, Decimal("97.5"))]
    # saved again: An keeps only LĐTT, the commitment typed without "%"
    data = _post_form(world, **{f"title_{world.an.id}": [str(world.ldtt.id), ""], f"commitment_{world.rate.id}": "95",
                                "version": registration.version})
    assert client.post(_url(world), data=data).status_code == 302
    db.session.expire_all()
    registration = service.registration_of(world.window, world.khdt)
    assert {(line.person_id, line.award_form_id) for line in registration.lines} == {
        (world.an.id, world.ldtt.id), (world.head.id, world.ldtt.id)}
    assert registration.commitments[0].value == Decimal(95)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "prefilled" not in page and "đã lưu lúc" in page
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "registration.save")) == 2
    log = client.application.test_client()
    login(log, world.office)
    page = log.get("/quan-tri/nhat-ky").get_data(as_text=True)
    assert "Lưu đăng ký thi đua của đơn vị" in page and "Phòng Kế hoạch – Đầu tư · đăng ký thi đua năm 2026" in page


def test_errors_are_said_beside_their_fields_and_nothing_is_lost(world, client, login):
    login(client, world.officer)
    data = _post_form(world, **{f"commitment_{world.rate.id}": "chín lăm", f"title_{world.dung.id}": [str(world.ldtt.id)],
                                "collective_award_form_id": str(world.ttldtt.id)})
    response = client.post(_url(world), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Chỉ tiêu phải là một số (ví dụ 95 hoặc 1,5)." in page
    assert 'value="chín lăm"' in page  # kept as typed
    assert f'name="title_{world.an.id}" value="{world.cstdcs.id}" id="t-{world.an.id}-{world.cstdcs.id}" checked' in page
    assert service.registration_of(world.window, world.khdt) is None
    # the services refuse what the form cannot show: another unit's person, a collective title for a person
    with pytest.raises(ServiceError) as err:
        service.save_registration(world.officer, world.khdt, world.window, service.RegistrationData(
            world.ldtt.id, {world.dung.id: {world.ldtt.id}, world.an.id: {world.ttldtt.id}},
            {world.rate.id: "120"}))
    assert err.value.problems == {
        "collective_award_form_id": "Danh hiệu tập thể này không đăng ký được (không áp dụng cho tập thể).",
        f"person_{world.an.id}": "Có danh hiệu không áp dụng cho cá nhân.",
        f"person_{world.dung.id}": "Người này không thuộc đơn vị (hoặc đã nghỉ): không đăng ký được.",
        f"commitment_{world.rate.id}": "Tỷ lệ không quá 100%."}


def test_a_registration_saved_meanwhile_is_not_overwritten(world, client, login):
    login(client, world.officer)
    assert 'name="version" type="hidden" value=""' in client.get(_url(world)).get_data(as_text=True)
    service.save_registration(world.office, world.khdt, world.window, service.RegistrationData(world.ttldtt.id))
    db.session.commit()
    response = client.post(_url(world), data=_post_form(world, version=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Người khác đã lưu bản ghi này" in page
    db.session.expire_all()
    assert service.registration_of(world.window, world.khdt).lines == []


def test_a_sub_units_person_may_be_registered_by_its_parent(world):
    registration = service.save_registration(world.officer, world.khdt, world.window, service.RegistrationData(
        None, {world.chi.id: {world.ldtt.id}}))
    assert [line.person_id for line in registration.lines] == [world.chi.id]
    # and the sub-unit registers on its own, by its parent's officer
    service.save_registration(world.officer, world.sub, world.window, service.RegistrationData(world.ttldtt.id))
    assert world.sub not in service.unregistered_units(world.window)


def test_an_officer_of_another_unit_gets_403(world, client, login):
    login(client, world.other)
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), data=_post_form(world)).status_code == 403
    assert client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/tong-hop").status_code == 403
    assert client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/tong-hop.xlsx").status_code == 403
    assert service.registration_of(world.window, world.khdt) is None
    page = client.get("/dang-ky-thi-dua/").get_data(as_text=True)
    assert "Phòng Doanh nghiệp – Giám sát đầu tư" in page and "Phòng Kế hoạch – Đầu tư" not in page


def test_a_closed_window_is_read_only(world, client, login):
    service.save_registration(world.officer, world.khdt, world.window, service.RegistrationData(
        world.ttldtt.id, {world.an.id: {world.ldtt.id}}))
    world.window.opens_at = local_now() - dt.timedelta(days=20)
    world.window.closes_at = local_now() - dt.timedelta(minutes=1)
    db.session.commit()
    login(client, world.officer)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Đợt đăng ký thi đua năm 2026 đã hết hạn: bản đăng ký chỉ còn xem được." in page
    assert "Lưu đăng ký" not in page and " disabled" in page
    response = client.post(_url(world), data=_post_form(world))
    assert response.status_code == 302
    db.session.expire_all()
    assert len(service.registration_of(world.window, world.khdt).lines) == 1  # unchanged
    with pytest.raises(ServiceError, match="đã hết hạn"):
        service.save_registration(world.officer, world.khdt, world.window, service.RegistrationData())


# --- the office's summary and downloads --------------------------------------------------------------


def _register_khdt(world):
    service.save_registration(world.officer, world.khdt, world.window, service.RegistrationData(
        world.ttldtt.id, {world.an.id: {world.ldtt.id, world.cstdcs.id}, world.head.id: {world.ldtt.id, world.gk.id}},
        {world.rate.id: "98"}))
    db.session.commit()


def test_the_summary_says_who_registered_what_and_who_has_not(world, client, login):
    _register_khdt(world)
    data = service.summary(world.window)
    assert [row.unit.code for row in data.rows] == ["KHDT", "KHDT.TH", "DNGS"]
    assert data.totals == {world.ldtt.id: 2, world.cstdcs.id: 1, world.gk.id: 1}
    assert data.collective_counts == {world.ttldtt.id: 1}
    assert [u.code for u in service.unregistered_units(world.window)] == ["KHDT.TH", "DNGS"]
    login(client, world.office)
    page = client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/tong-hop").get_data(as_text=True)
    assert "1/3</strong> đơn vị đã đăng ký" in page
    assert "Chưa đăng ký (2):</strong> Tổ Tổng hợp, Phòng Doanh nghiệp – Giám sát đầu tư" in page
    assert "Lao động tiên tiến: <strong>2</strong> cá nhân" in page


def test_the_summary_as_xlsx(world, client, login):
    _register_khdt(world)
    login(client, world.office)
    response = client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/tong-hop.xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Tổng hợp"]
    assert sheet["A1"].value == "TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM 2026"
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["STT", "Đơn vị", "Đã đăng ký", "Danh hiệu tập thể"]
    assert header[4:7] == ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Giấy khen"]
    assert [c.value for c in sheet[5]][:7] == [1, "Phòng Kế hoạch – Đầu tư", "Đã đăng ký", "Tập thể lao động tiên tiến",
                                               2, 1, 1]
    assert [c.value for c in sheet[7]][:3] == [3, "Phòng Doanh nghiệp – Giám sát đầu tư", "Chưa đăng ký"]
    people = book["Cá nhân"]
    assert [c.value for c in people[2]][1] in ("Nguyễn Văn An", "Trần Văn Bình")
    assert sheet.page_setup.orientation == "landscape"


def _texts(data: bytes) -> tuple[list[str], list[list[str]]]:
    doc = Document(io.BytesIO(data))
    tables = [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
    return [p.text for p in doc.paragraphs], tables


def test_the_units_list_as_docx(world, client, login):
    _register_khdt(world)
    login(client, world.officer)
    response = client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/don-vi/{world.khdt.id}/danh-sach.docx")
    assert response.status_code == 200
    paragraphs, rows = _texts(response.data)
    assert "DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2026" in paragraphs
    assert "Phong trào thi đua thường xuyên" in paragraphs
    assert "1. Cá nhân" in paragraphs and "2. Tập thể" in paragraphs and "3. Chỉ tiêu đăng ký" in paragraphs
    assert ["STT", "Họ và tên", "Chức vụ – Đơn vị", "Danh hiệu thi đua", "Hình thức khen thưởng"] in rows
    assert ["1", "Nguyễn Văn An", "Chuyên viên, Phòng Kế hoạch – Đầu tư",
            "Lao động tiên tiến; Chiến sĩ thi đua cơ sở", ""] in rows
    assert ["2", "Trần Văn Bình", "Trưởng phòng, Phòng Kế hoạch – Đầu tư", "Lao động tiên tiến", "Giấy khen"] in rows
    assert ["1", "Phòng Kế hoạch – Đầu tư", "Tập thể lao động tiên tiến", ""] in rows
    assert ["1", "A.1. Tỷ lệ hồ sơ đúng hạn", "95%", "98%"] in rows
    signature = [cell for row in rows for cell in row if "THỦ TRƯỞNG ĐƠN VỊ" in cell.replace("\xa0", " ")]
    assert signature and "Trần Văn Bình" in signature[0]
    doc = Document(io.BytesIO(response.data))
    assert {run.font.name for p in doc.paragraphs for run in p.runs if run.font.name} <= {"Times New Roman"}
    # another unit's officer may not download it
    other = client.application.test_client()
    login(other, world.other)
    assert other.get(f"/dang-ky-thi-dua/dot/{world.window.id}/don-vi/{world.khdt.id}/danh-sach.docx").status_code == 403


def test_the_board_wide_list_as_docx(world, client, login):
    _register_khdt(world)
    login(client, world.office)
    response = client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/danh-sach.docx")
    paragraphs, rows = _texts(response.data)
    assert "DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2026" in paragraphs
    assert ["Phòng Kế hoạch – Đầu tư"] * 5 in rows  # the unit's bold row above its people
    assert ["1", "Nguyễn Văn An", "Chuyên viên", "Lao động tiên tiến; Chiến sĩ thi đua cơ sở", ""] in rows
    assert "Đơn vị chưa đăng ký: Tổ Tổng hợp, Phòng Doanh nghiệp – Giám sát đầu tư." in paragraphs


@pytest.mark.parametrize("units", [2, 6])
def test_the_summary_and_the_form_take_a_bounded_number_of_queries(world, client, login, make_unit, make_person,
                                                                    count_queries, units):
    for n in range(units):
        unit = make_unit(f"X{units}{n}", f"Phòng số {n}")
        people = [make_person(f"Nguyễn Văn Số {n} {i}", unit) for i in range(3)]
        service.save_registration(world.office, unit, world.window, service.RegistrationData(
            world.ttldtt.id, {p.id: {world.ldtt.id, world.cstdcs.id} for p in people}, {world.rate.id: "96"}))
    db.session.commit()
    login(client, world.office)
    with count_queries() as counter:
        assert client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/tong-hop").status_code == 200
    assert counter.count <= 14, counter.statements
    with count_queries() as counter:
        assert client.get("/dang-ky-thi-dua/").status_code == 200
    assert counter.count <= 10, counter.statements
    with count_queries() as counter:
        assert client.get(f"/dang-ky-thi-dua/dot/{world.window.id}/don-vi/{world.khdt.id}").status_code == 200
    assert counter.count <= 20, counter.statements  # the menu's notification count included


# --- eligibility ---------------------------------------------------------------------------------------


def test_an_award_form_that_requires_registration(world, client, login):
    world.ldtt.requires_registration = True
    db.session.commit()
    nomination = make_nomination(world.officer, world.phase, world.ldtt, person=world.an)
    db.session.commit()
    verdict = facts.eligibility(nomination)
    assert not verdict.eligible
    assert verdict.reasons == ["Chưa đăng ký danh hiệu «Lao động tiên tiến» trong đợt đăng ký thi đua năm 2026."]
    assert service.registered(nomination) is False
    login(client, world.officer)
    page = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert "Chưa đăng ký danh hiệu «Lao động tiên tiến» trong đợt đăng ký thi đua năm 2026." in page
    assert "Chưa đăng ký danh hiệu này" in page

    service.save_registration(world.officer, world.khdt, world.window, service.RegistrationData(
        None, {world.an.id: {world.ldtt.id}}))
    db.session.commit()
    assert facts.eligibility(nomination).eligible
    assert service.registered(nomination) is True
    page = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert "Đã đăng ký danh hiệu này" in page


def test_no_window_no_check(world):
    world.ldtt.requires_registration = True
    previous_nomination_phase = make_phase(world.campaign, name="Năm 2027", start=dt.date(2027, 1, 1),
                                           end=dt.date(2027, 12, 31), window="open")
    db.session.commit()
    nomination = make_nomination(world.officer, previous_nomination_phase, world.ldtt, person=world.an)
    assert service.registered(nomination) is None
    assert facts.eligibility(nomination).eligible
    # and a collective: its registered target
    collective = make_nomination(world.officer, world.phase, world.ttldtt, unit=world.khdt)
    assert service.registered_by_nomination([nomination, collective]) == {nomination.id: None, collective.id: False}
    service.save_registration(world.officer, world.khdt, world.window, service.RegistrationData(world.ttldtt.id))
    assert service.registered(collective) is True
    assert db.session.scalar(db.select(db.func.count(UnitRegistration.id))) == 1


def test_the_award_form_setting(world, client, login):
    login(client, world.office)
    from flask import url_for

    with client.application.test_request_context():
        url = url_for("setup.award_form_edit", award_id=world.ldtt.id)
    page = client.get(url).get_data(as_text=True)
    assert "Yêu cầu đăng ký thi đua" in page


# --- the demo ------------------------------------------------------------------------------------------


def test_the_demo_registers_every_unit_but_the_late_one(app):
    from campaign.demo import load_demo
    from campaign.models import AwardForm, AwardRecord, Person, Phase, Unit

    load_demo("khanhhoa")
    windows = {w.phase.name: w for w in service.windows()}
    today = local_now().date()
    assert set(windows) == {"Giai đoạn 1 (2026–2027)", f"Năm {today.year}"}
    for window in windows.values():
        if service.state_of(window) == "upcoming":
            continue
        assert [u.code for u in service.unregistered_units(window)] == ["DNGS"]
    current = windows[f"Năm {today.year}"]
    data = service.summary(current)
    rows = {row.unit.code: row for row in data.rows}
    assert rows["KHDT"].collective.code == "TTLDXS" and rows["LD"].collective is None
    assert db.session.scalar(db.select(Phase).where(Phase.name == f"Năm {today.year - 1}")) is not None
    # whoever received LĐTT last year (outside the late unit) is registered for it this year
    late = {p.id for p in db.session.scalars(db.select(Person).join(Unit).where(Unit.code == "DNGS"))}
    last_year = {record.person_id for record in db.session.scalars(db.select(AwardRecord).join(AwardForm).where(
        AwardRecord.year == today.year - 1, AwardForm.code == "LDTT", AwardRecord.person_id.is_not(None)))} - late
    registered = {pr.person.id for row in data.rows for pr in row.people if any(f.code == "LDTT" for f in pr.titles)}
    assert last_year and last_year <= registered
    assert any(f.code == "CSTDCS" for f in data.forms)  # who held CSTĐCS registers for it again
