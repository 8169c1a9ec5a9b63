"""Campaign set-up: campaigns, phases, criteria with targets, launching, copying, award forms, base salary."""

import datetime as dt
from decimal import Decimal

import pytest

from campaign.extensions import db
from campaign.models import (
    AuditEvent,
    AwardCondition,
    AwardForm,
    AwardQuota,
    BaseSalaryRate,
    Campaign,
    CampaignStatus,
    Criterion,
    Phase,
    Role,
)
from tests.factories import make_award_form, make_campaign, make_criterion, make_group, make_phases

CAMPAIGN = {"title": "Đổi mới sáng tạo, phát triển khoa học, công nghệ, chuyển đổi số, chuyển đổi xanh",
            "kind": "thematic", "start_date": "01/06/2026", "end_date": "31/12/2030",
            "plan_number": "123/KH-KKTKCN", "plan_date": "18/06/2026",
            "plan_issuer": "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa",
            "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n\n"
                           "Căn cứ Nghị định số 152/2025/NĐ-CP."}


def phase_data(**kw):
    data = {"name": "Giai đoạn 1", "start_date": "01/06/2026", "end_date": "31/12/2027", "review_kind": "interim",
            "review_period": "Quý IV/2027", "nomination_opens_at": "2027-10-01T08:00",
            "nomination_closes_at": "2027-10-31T17:00", "appraisal_deadline": "15/11/2027",
            "council_date": "25/11/2027", "units_may_edit": "y", "aggregation": "mean"}
    data.update(kw)
    return data


@pytest.fixture
def office(logged_in):
    client, _ = logged_in(Role.OFFICE)
    return client


def campaign_with_phases(status=CampaignStatus.DRAFT, title="Phong trào thử nghiệm"):
    """A campaign (a draft by default) with the plan's two phases and one group; criteria added by the test."""
    campaign = make_campaign(title=title, status=status)
    make_phases(campaign)
    make_group(campaign)
    db.session.commit()
    return campaign


def criterion_form(campaign, **kw):
    data = {"group_id": campaign.groups[0].id, "code": "CDS1", "name": "Tỷ lệ hài lòng khi dùng DVCTT",
            "applies_to": "collective", "measure": "quantitative", "unit_of_measure": "%", "higher_is_better": "y",
            "max_points": "20", "source": "manual",
            f"target_{campaign.phases[0].id}": "95", f"target_{campaign.phases[1].id}": "99"}
    data.update(kw)
    return data


# --- campaigns ----------------------------------------------------------------------------------


def test_office_creates_a_campaign_with_ordered_legal_bases(office):
    response = office.post("/phong-trao/moi", data=CAMPAIGN)
    assert response.status_code == 302
    campaign = db.session.query(Campaign).one()
    assert campaign.status == CampaignStatus.DRAFT
    assert [b.text for b in campaign.legal_bases] == ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                                                      "Căn cứ Nghị định số 152/2025/NĐ-CP."]
    assert db.session.query(AuditEvent).filter_by(action="campaign.create").count() == 1
    page = office.get(f"/phong-trao/{campaign.id}").get_data(as_text=True)
    assert "ngày 18 tháng 6 năm 2026" in page and "Chưa thể phát động" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"end_date": "01/01/2026"}, "Ngày kết thúc phải sau ngày bắt đầu."),
    ({"start_date": "32/01/2026"}, "Ngày không hợp lệ"),
    ({"title": ""}, "Hãy nhập tên phong trào."),
    ({"kind": "khac"}, "Lựa chọn không hợp lệ."),
])
def test_campaign_bad_input_keeps_what_was_typed(office, changes, message):
    response = office.post("/phong-trao/moi", data={**CAMPAIGN, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert "123/KH-KKTKCN" in html
    assert db.session.query(Campaign).count() == 0


# --- phases -------------------------------------------------------------------------------------


def test_phases_and_their_calendar(office):
    campaign = campaign_with_phases()
    db.session.delete(campaign.phases[1])
    db.session.commit()
    response = office.post(f"/phong-trao/{campaign.id}/giai-doan/moi",
                           data=phase_data(name="Giai đoạn 2", start_date="01/01/2028", end_date="31/12/2030",
                                           review_kind="final", review_period="Quý III/2030",
                                           nomination_opens_at="2030-07-01T08:00",
                                           nomination_closes_at="2030-07-31T17:00", appraisal_deadline="",
                                           council_date="", members_see_scores="y", aggregation="median"))
    assert response.status_code == 302
    phase = db.session.query(Phase).filter_by(name="Giai đoạn 2").one()
    assert phase.nomination_closes_at == dt.datetime(2030, 7, 31, 17, 0)
    assert phase.aggregation == "median" and phase.members_see_scores
    assert phase.review_label == "Tổng kết Quý III/2030"


@pytest.mark.parametrize(("changes", "message"), [
    ({"end_date": "01/01/2026", "start_date": "01/06/2026"}, "Ngày kết thúc giai đoạn phải sau ngày bắt đầu."),
    ({"start_date": "01/01/2025"}, "Giai đoạn phải nằm trong thời gian của phong trào."),
    ({"nomination_closes_at": "2027-09-01T08:00"}, "Hạn nộp hồ sơ phải sau thời điểm mở nhận hồ sơ."),
    ({"appraisal_deadline": "01/10/2027"}, "Hạn thẩm định phải sau hạn nộp hồ sơ."),
    ({"council_date": "10/11/2027"}, "Ngày họp Hội đồng phải sau hạn thẩm định."),
    ({"nomination_opens_at": "hôm qua"}, "Ngày giờ không hợp lệ."),
    ({"start_date": "01/01/2027", "end_date": "31/12/2028", "name": "Chồng"}, "chồng lấn thời gian"),
])
def test_phase_dates_in_the_wrong_order_are_refused_at_the_field(office, changes, message):
    campaign = campaign_with_phases()
    phase = campaign.phases[0]
    data = phase_data(**changes)
    if "Chồng" in data["name"]:
        url = f"/phong-trao/{campaign.id}/giai-doan/moi"
    else:
        url, data["version"] = f"/giai-doan/{phase.id}", phase.version
    response = office.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'value="Quý IV/2027"' in html  # kept
    db.session.expire_all()
    assert db.session.query(Phase).count() == 2


# --- criteria -----------------------------------------------------------------------------------


def test_criterion_with_per_phase_targets(office):
    campaign = campaign_with_phases()
    response = office.post(f"/phong-trao/{campaign.id}/tieu-chi/moi", data=criterion_form(campaign))
    assert response.status_code == 302
    criterion = db.session.query(Criterion).one()
    assert {t.phase_id: t.value for t in criterion.targets} == {campaign.phases[0].id: Decimal(95),
                                                                campaign.phases[1].id: Decimal(99)}
    html = office.get(f"/phong-trao/{campaign.id}/tieu-chi").get_data(as_text=True)
    assert "95 %" in html and "99 %" in html
    assert "20 / 100" in html  # the collective sum so far


@pytest.mark.parametrize(("changes", "message"), [
    ({"target_P0": "0"}, "Chỉ tiêu phải lớn hơn 0."),
    ({"target_P0": "-5"}, "Chỉ tiêu phải lớn hơn 0."),
    ({"target_P1": ""}, "Hãy nhập chỉ tiêu cho Giai đoạn 2."),
    ({"max_points": "0"}, "Điểm tối đa từ 0,01 đến 100."),
    ({"max_points": "101"}, "Điểm tối đa từ 0,01 đến 100."),
    ({"max_points": "mười"}, "Phải là một số."),
    ({"unit_of_measure": ""}, "Tiêu chí định lượng cần đơn vị tính"),
    ({"measure": "qualitative", "source": "task_completion"}, "Chỉ tiêu chí định lượng mới lấy giá trị"),
    ({"group_id": "999999"}, "Lựa chọn không hợp lệ."),
])
def test_criterion_bad_input(office, changes, message):
    campaign = campaign_with_phases()
    changes = {k.replace("P0", str(campaign.phases[0].id)).replace("P1", str(campaign.phases[1].id)): v
               for k, v in changes.items()}
    response = office.post(f"/phong-trao/{campaign.id}/tieu-chi/moi", data=criterion_form(campaign, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert "Tỷ lệ hài lòng khi dùng DVCTT" in html
    assert db.session.query(Criterion).count() == 0


def test_duplicate_criterion_code_in_the_same_campaign(office):
    campaign = campaign_with_phases()
    make_criterion(campaign, campaign.groups[0], "CDS1", "both", 10)
    db.session.commit()
    response = office.post(f"/phong-trao/{campaign.id}/tieu-chi/moi", data=criterion_form(campaign, code="cds1"))
    assert "Mã tiêu chí «CDS1» đã có trong phong trào này." in response.get_data(as_text=True)


def test_the_criterion_form_shows_the_running_sum(office):
    campaign = campaign_with_phases()
    make_criterion(campaign, campaign.groups[0], "A", "collective", 60)
    make_criterion(campaign, campaign.groups[0], "B", "both", 25)
    db.session.commit()
    html = office.get(f"/phong-trao/{campaign.id}/tieu-chi/moi").get_data(as_text=True)
    assert 'data-collective="85.00"' in html and 'data-individual="25.00"' in html


# --- launching ----------------------------------------------------------------------------------


def test_a_campaign_whose_points_do_not_add_up_cannot_be_launched(office):
    campaign = campaign_with_phases()
    make_criterion(campaign, campaign.groups[0], "A", "both", 60)
    make_criterion(campaign, campaign.groups[0], "B", "collective", 40, targets=[95])  # missing the phase-2 target
    db.session.commit()
    response = office.post(f"/phong-trao/{campaign.id}/trang-thai", data={"target": "launched",
                                                                          "version": campaign.version},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Chưa thể phát động phong trào" in html
    assert "Tổng điểm tối đa các tiêu chí cho cá nhân là 60, phải đúng bằng 100." in html
    assert "Tiêu chí B chưa có chỉ tiêu cho: Giai đoạn 2." in html
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.DRAFT


def test_a_campaign_that_adds_up_is_launched_and_moves_step_by_step(office):
    campaign = campaign_with_phases()
    make_criterion(campaign, campaign.groups[0], "A", "both", 60)
    make_criterion(campaign, campaign.groups[0], "B", "collective", 40, targets=[95, 99])
    make_criterion(campaign, campaign.groups[0], "C", "individual", 40)
    make_criterion(campaign, campaign.groups[0], "D", "individual", 15, retired=True)  # retired: does not count
    db.session.commit()
    for target, label in (("launched", "Đã phát động"), ("interim_reviewed", "Đã sơ kết"),
                          ("final_reviewed", "Đã tổng kết"), ("closed", "Đã kết thúc")):
        db.session.expire_all()
        version = db.session.get(Campaign, campaign.id).version
        response = office.post(f"/phong-trao/{campaign.id}/trang-thai", data={"target": target, "version": version},
                               follow_redirects=True)
        assert f"trạng thái «{label}»" in response.get_data(as_text=True)
    events = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert events[-4:] == ["campaign.launched", "campaign.interim_reviewed", "campaign.final_reviewed",
                           "campaign.closed"]


def test_status_cannot_skip_a_step_or_go_back(office):
    campaign = campaign_with_phases(status=CampaignStatus.LAUNCHED)
    for target in ("closed", "draft", "nonsense"):
        response = office.post(f"/phong-trao/{campaign.id}/trang-thai",
                               data={"target": target, "version": campaign.version}, follow_redirects=True)
        assert "Không thể chuyển phong trào" in response.get_data(as_text=True)


def test_after_launch_criteria_are_neither_deleted_nor_retired(office):
    # Retiring a criterion after launch took its points out of the sum (100 → 0 here): the same defect as a
    # points change, so it is refused like one (issue 7, item 5).
    campaign = campaign_with_phases(status=CampaignStatus.LAUNCHED)
    criterion = make_criterion(campaign, campaign.groups[0], "A", "both", 100)
    db.session.commit()
    response = office.post(f"/tieu-chi/{criterion.id}/xoa", follow_redirects=True)
    assert "đơn vị có thể đã ghi kết quả cho tiêu chí A: không xóa được" in response.get_data(as_text=True)
    response = office.post(f"/tieu-chi/{criterion.id}/ngung-dung", follow_redirects=True)
    assert "không thay đổi việc ngừng dùng tiêu chí được nữa" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(Criterion, criterion.id).retired
    assert office.post(f"/giai-doan/{campaign.phases[0].id}/xoa", follow_redirects=True).status_code == 200
    assert db.session.query(Phase).count() == 2


def launched_campaign():
    """A launched campaign whose points add up: A (both, 10), B (collective, 90, targets 95 and 99), C
    (individual, 90)."""
    campaign = campaign_with_phases(status=CampaignStatus.LAUNCHED)
    make_criterion(campaign, campaign.groups[0], "A", "both", 10)
    make_criterion(campaign, campaign.groups[0], "B", "collective", 90, targets=[95, 99])
    make_criterion(campaign, campaign.groups[0], "C", "individual", 90)
    db.session.commit()
    return campaign


def edit_form(criterion, **changes):
    data = {"version": criterion.version, "group_id": criterion.group_id, "code": criterion.code,
            "name": criterion.name, "description": criterion.description, "applies_to": criterion.applies_to,
            "measure": criterion.measure, "unit_of_measure": criterion.unit_of_measure,
            "max_points": str(criterion.max_points), "source": criterion.source}
    if criterion.higher_is_better:
        data["higher_is_better"] = "y"
    for target in criterion.targets:
        data[f"target_{target.phase_id}"] = str(target.value)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def feedback(html, field):
    """The error text shown beside `field` (macros/forms.html)."""
    start = html.index(f'id="{field}-feedback"')
    return html[html.index(">", start) + 1:html.index("</div>", start)]


def test_a_launched_criterions_points_change_is_refused_and_the_sum_stays_100(office):
    campaign = launched_campaign()
    criterion = db.session.query(Criterion).filter_by(code="A").one()
    response = office.post(f"/tieu-chi/{criterion.id}", data=edit_form(criterion, max_points="15"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert feedback(html, "max_points") == ("Phong trào đã phát động: không thay đổi điểm tối đa được nữa (đơn vị đã "
                                            "thực hiện theo thiết lập đã công bố).")
    assert 'value="15"' in html  # what was typed stays on the form
    assert "Tổng điểm (đã khóa khi phát động)" in html and "100 / 100" in html and "105" not in html
    db.session.expire_all()
    assert db.session.get(Criterion, criterion.id).max_points == Decimal(10)
    page = office.get(f"/phong-trao/{campaign.id}/tieu-chi").get_data(as_text=True)
    assert page.count("100 / 100") == 2 and "102 / 100" not in page
    assert db.session.query(AuditEvent).filter_by(action="criterion.update").count() == 0


@pytest.mark.parametrize(("code", "changes", "field", "message"), [
    ("A", {"applies_to": "collective"}, "applies_to", "không thay đổi đối tượng áp dụng được nữa"),
    ("A", {"measure": "quantitative", "unit_of_measure": "%", "target_P0": "1", "target_P1": "1"}, "measure",
     "không thay đổi loại tiêu chí được nữa"),
    ("B", {"higher_is_better": None}, "higher_is_better", "không thay đổi chiều đánh giá"),
    ("B", {"source": "task_completion"}, "source", "không thay đổi nguồn số liệu được nữa"),
    ("B", {"code": "B9"}, "code", "không thay đổi mã tiêu chí được nữa"),
    ("B", {"target_P1": "98"}, "target_P1", "chỉ tiêu chỉ sửa được bằng thao tác «Sửa thiết lập sau phát động»"),
    ("B", {"name": "Tên khác"}, "name", "tên tiêu chí chỉ sửa được bằng thao tác «Sửa thiết lập sau phát động»"),
])
def test_a_launched_criterions_frozen_fields_are_refused_beside_the_field(office, code, changes,
                                                                          field, message):
    campaign = launched_campaign()
    criterion = db.session.query(Criterion).filter_by(code=code).one()
    ids = {"P0": str(campaign.phases[0].id), "P1": str(campaign.phases[1].id)}
    changes = {k.replace("P0", ids["P0"]).replace("P1", ids["P1"]): v for k, v in changes.items()}
    field = field.replace("P0", ids["P0"]).replace("P1", ids["P1"])
    response = office.post(f"/tieu-chi/{criterion.id}", data=edit_form(criterion, **changes))
    assert response.status_code == 200
    assert message in feedback(response.get_data(as_text=True), field)


def test_a_launched_criterion_keeps_its_open_fields_editable(office):
    launched_campaign()
    criterion = db.session.query(Criterion).filter_by(code="B").one()
    response = office.post(f"/tieu-chi/{criterion.id}", data=edit_form(criterion, evidence_required="y"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Criterion, criterion.id).evidence_required


def test_after_launch_no_criterion_is_added_or_copied(office):
    campaign = launched_campaign()
    response = office.post(f"/phong-trao/{campaign.id}/tieu-chi/moi", data=criterion_form(campaign, code="D"))
    assert "không thêm hoặc xóa tiêu chí được nữa" in response.get_data(as_text=True)
    other = campaign_with_phases(title="Phong trào khác")
    make_criterion(other, other.groups[0], "X", "both", 100)
    db.session.commit()
    response = office.post(f"/phong-trao/{campaign.id}/sao-chep-tieu-chi", data={"source_id": other.id},
                           follow_redirects=True)
    assert "không thêm hoặc xóa tiêu chí được nữa" in response.get_data(as_text=True)
    assert db.session.query(Criterion).filter_by(campaign_id=campaign.id).count() == 3


def correction(criterion, **changes):
    data = {"version": criterion.version, "name": criterion.name, "description": criterion.description,
            "unit_of_measure": criterion.unit_of_measure}
    for target in criterion.targets:
        data[f"target_{target.phase_id}"] = str(target.value)
    data.update(changes)
    return data


def test_the_correction_after_launch_changes_a_target_and_the_wording_with_its_reason(office):
    campaign = launched_campaign()
    criterion = db.session.query(Criterion).filter_by(code="B").one()
    page = office.get(f"/phong-trao/{campaign.id}/tieu-chi").get_data(as_text=True)
    assert f'href="/tieu-chi/{criterion.id}/sua-thiet-lap"' in page
    reason = "Kế hoạch ghi chỉ tiêu giai đoạn 2 là 98%, nhập nhầm 99%"
    response = office.post(f"/tieu-chi/{criterion.id}/sua-thiet-lap", data=correction(
        criterion, **{f"target_{campaign.phases[1].id}": "98,5", "name": "Tỷ lệ hài lòng với DVCTT", "reason": reason}))
    assert response.status_code == 302
    db.session.expire_all()
    criterion = db.session.get(Criterion, criterion.id)
    assert criterion.name == "Tỷ lệ hài lòng với DVCTT" and criterion.max_points == Decimal(90)
    assert criterion.target_for(campaign.phases[1].id).value == Decimal("98.5")
    assert criterion.target_for(campaign.phases[0].id).value == Decimal(95)
    event = db.session.query(AuditEvent).filter_by(action="criterion.correct").one()
    assert event.changes["reason"] == [None, reason] and reason in event.summary
    assert event.changes["name"] == ["Tiêu chí B", "Tỷ lệ hài lòng với DVCTT"]
    before, after = event.changes["targets"]
    assert before[str(campaign.phases[1].id)] != after[str(campaign.phases[1].id)]
    page = office.get(f"/phong-trao/{campaign.id}/tieu-chi").get_data(as_text=True)
    assert "98,5 %" in page and page.count("100 / 100") == 2


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Hãy ghi lý do sửa: lý do được lưu vào nhật ký."),
    ("nhầm", "Hãy ghi lý do sửa (ít nhất 10 ký tự): lý do được lưu vào nhật ký."),
])
def test_the_correction_without_a_reason_is_refused(office, reason, message):
    campaign = launched_campaign()
    criterion = db.session.query(Criterion).filter_by(code="B").one()
    response = office.post(f"/tieu-chi/{criterion.id}/sua-thiet-lap", data=correction(
        criterion, **{f"target_{campaign.phases[1].id}": "98", "reason": reason}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and feedback(html, "reason") == message
    assert 'value="98"' in html
    db.session.expire_all()
    assert db.session.get(Criterion, criterion.id).target_for(campaign.phases[1].id).value == Decimal(99)
    assert db.session.query(AuditEvent).filter_by(action="criterion.correct").count() == 0


def test_the_correction_does_not_touch_points_and_is_not_for_drafts(office):
    draft = campaign_with_phases()
    criterion = make_criterion(draft, draft.groups[0], "A", "both", 100, targets=[95, 99])
    db.session.commit()
    response = office.post(f"/tieu-chi/{criterion.id}/sua-thiet-lap", data=correction(
        criterion, **{f"target_{draft.phases[0].id}": "96", "reason": "Sửa chỉ tiêu theo kế hoạch mới"}))
    assert "Phong trào chưa phát động: hãy sửa chỉ tiêu trực tiếp." in response.get_data(as_text=True)
    campaign = launched_campaign()
    criterion = db.session.query(Criterion).filter_by(code="B", campaign_id=campaign.id).one()
    response = office.post(f"/tieu-chi/{criterion.id}/sua-thiet-lap",
                           data=correction(criterion, max_points="50", reason="Thử sửa điểm sau phát động"))
    assert "Chưa có gì thay đổi" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Criterion, criterion.id).max_points == Decimal(90)


def test_phase_scoring_settings_change_after_launch_until_a_session_opens(office):
    campaign = campaign_with_phases(status=CampaignStatus.LAUNCHED)
    phase = campaign.phases[0]
    data = phase_data(start_date="01/01/2026", end_date="31/12/2027", aggregation="median",
                      members_see_scores="y", version=phase.version)
    assert office.post(f"/giai-doan/{phase.id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Phase, phase.id).aggregation == "median"
    response = office.post(f"/phong-trao/{campaign.id}/giai-doan/moi",
                           data=phase_data(name="Giai đoạn 3", start_date="01/01/2031", end_date="31/12/2031"))
    assert "Phong trào đã phát động: không thêm hoặc xóa giai đoạn được nữa" in response.get_data(as_text=True)


def test_a_closed_campaign_changes_nothing(office):
    campaign = campaign_with_phases(status=CampaignStatus.CLOSED)
    phase = campaign.phases[0]
    data = phase_data(start_date="01/01/2026", end_date="31/12/2027", aggregation="median", version=phase.version)
    response = office.post(f"/giai-doan/{phase.id}", data=data)
    assert "Phong trào đã kết thúc: không thay đổi thiết lập được nữa." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Phase, phase.id).aggregation == "mean"


def test_a_launched_campaigns_kind_is_frozen(office):
    campaign = campaign_with_phases(status=CampaignStatus.LAUNCHED)
    data = {**CAMPAIGN, "kind": "regular", "start_date": "01/01/2026", "end_date": "31/12/2030",
            "version": campaign.version}
    response = office.post(f"/phong-trao/{campaign.id}/sua", data=data)
    assert "không thay đổi loại phong trào được nữa" in feedback(response.get_data(as_text=True), "kind")
    response = office.post(f"/phong-trao/{campaign.id}/sua", data={**data, "kind": "thematic"})
    assert response.status_code == 302  # the wording and the plan's number still change


def test_in_a_draft_criteria_can_be_deleted_and_reordered(office):
    campaign = campaign_with_phases()
    first = make_criterion(campaign, campaign.groups[0], "A", "both", 50, position=1)
    second = make_criterion(campaign, campaign.groups[0], "B", "both", 50, position=2)
    db.session.commit()
    office.post(f"/tieu-chi/{second.id}/len")
    db.session.expire_all()
    assert db.session.get(Criterion, second.id).position < db.session.get(Criterion, first.id).position
    office.post(f"/tieu-chi/{first.id}/xoa")
    assert db.session.query(Criterion).count() == 1
    assert office.post(f"/tieu-chi/{second.id}/khong-co").status_code == 404


def test_a_group_with_criteria_cannot_be_deleted(office):
    campaign = campaign_with_phases()
    make_criterion(campaign, campaign.groups[0], "A", "both", 50)
    db.session.commit()
    response = office.post(f"/nhom-tieu-chi/{campaign.groups[0].id}/xoa", follow_redirects=True)
    assert "còn 1 tiêu chí" in response.get_data(as_text=True)


# --- copying ------------------------------------------------------------------------------------


def test_copy_a_campaign_with_everything_shifted(office):
    source = campaign_with_phases(status=CampaignStatus.LAUNCHED)
    make_criterion(source, source.groups[0], "A", "both", 60)
    make_criterion(source, source.groups[0], "B", "both", 40, targets=[95, 99])
    db.session.commit()
    response = office.post(f"/phong-trao/{source.id}/sao-chep", data={"title": "Phong trào 2031–2035",
                                                                     "start_year": "2031"})
    assert response.status_code == 302
    copy = db.session.query(Campaign).filter_by(title="Phong trào 2031–2035").one()
    assert copy.status == CampaignStatus.DRAFT and copy.copied_from_id == source.id
    assert copy.start_date == dt.date(2031, 1, 1) and copy.end_date == dt.date(2035, 12, 31)
    assert [p.start_date.year for p in copy.phases] == [2031, 2033]
    copied = {c.code: c for c in db.session.query(Criterion).filter_by(campaign_id=copy.id)}
    assert set(copied) == {"A", "B"}
    assert sorted(t.value for t in copied["B"].targets) == [Decimal(95), Decimal(99)]
    assert {t.phase_id for t in copied["B"].targets} == {p.id for p in copy.phases}
    # the copy can be launched straight away: its points add up
    response = office.post(f"/phong-trao/{copy.id}/trang-thai", data={"target": "launched", "version": copy.version},
                           follow_redirects=True)
    assert "Đã phát động" in response.get_data(as_text=True)


def test_copy_criteria_from_another_campaign_and_carry_targets(office):
    source = campaign_with_phases(title="Nguồn")
    make_criterion(source, source.groups[0], "A", "both", 100, targets=[95, 99])
    db.session.commit()
    target = campaign_with_phases(title="Đích")
    office.post(f"/phong-trao/{target.id}/sao-chep-tieu-chi", data={"source_id": source.id})
    copied = db.session.query(Criterion).filter_by(campaign_id=target.id).one()
    assert len(copied.targets) == 2
    # carry: drop the phase-2 target, then carry phase 1's
    db.session.delete(copied.target_for(target.phases[1].id))
    db.session.commit()
    office.post(f"/phong-trao/{target.id}/chuyen-chi-tieu",
                data={"source": target.phases[0].id, "target": target.phases[1].id})
    db.session.expire_all()
    assert db.session.get(Criterion, copied.id).target_for(target.phases[1].id).value == Decimal(95)


# --- award forms --------------------------------------------------------------------------------

AWARD = {"code": "CSTDCS", "name": "Chiến sĩ thi đua cơ sở", "kind": "title", "level": "agency",
         "authority": "Trưởng Ban Quản lý", "applies_to": "individual", "decided_by_board": "y",
         "threshold_percent": "66.67", "bonus_individual": "1.0", "active": "y"}


def test_award_form_with_conditions_and_quota(office):
    campaign = campaign_with_phases()
    lao_dong = make_award_form("LDTT", "Lao động tiên tiến", "individual", threshold_strict=True)
    db.session.commit()
    assert office.post("/hinh-thuc-khen-thuong/moi", data=AWARD).status_code == 302
    award = db.session.query(AwardForm).filter_by(code="CSTDCS").one()
    assert award.threshold_share == Decimal("0.6667") and not award.threshold_strict

    office.post(f"/hinh-thuc-khen-thuong/{award.id}/dieu-kien",
                data={"condition-kind": "same_year_title", "condition-alternative": "1",
                      "condition-title_id": lao_dong.id})
    office.post(f"/hinh-thuc-khen-thuong/{award.id}/dieu-kien",
                data={"condition-kind": "initiative", "condition-alternative": "1", "condition-level": "co_so",
                      "condition-count": "1"})
    office.post(f"/hinh-thuc-khen-thuong/{award.id}/dieu-kien",
                data={"condition-kind": "cap_share", "condition-alternative": "1", "condition-title_id": lao_dong.id,
                      "condition-percent": "15"})
    assert db.session.query(AwardCondition).filter_by(award_form_id=award.id).count() == 3
    office.post(f"/hinh-thuc-khen-thuong/{award.id}/chi-tieu",
                data={"quota-phase_id": campaign.phases[0].id, "quota-kind": "count", "quota-value": "5",
                      "quota-leaders_cap": "1"})
    quota = db.session.query(AwardQuota).one()
    assert quota.value == Decimal(5) and quota.leaders_cap == 1

    html = office.get("/hinh-thuc-khen-thuong").get_data(as_text=True)
    assert "Có 1 sáng kiến được công nhận từ cấp cơ sở trở lên" in html
    assert "Số lượng không quá 15% số đạt «Lao động tiên tiến»" in html
    assert "từ 66,67% trở lên" in html


def test_award_form_reads_vietnamese_decimals(office):
    campaign = campaign_with_phases()
    response = office.post("/hinh-thuc-khen-thuong/moi", data={
        **AWARD, "code": "TTLDXS", "threshold_percent": "66,67", "bonus_individual": "1,5", "bonus_collective": "0,3"})
    assert response.status_code == 302
    award = db.session.query(AwardForm).filter_by(code="TTLDXS").one()
    assert (award.threshold_share, award.bonus_individual, award.bonus_collective) == (
        Decimal("0.6667"), Decimal("1.5"), Decimal("0.3"))
    html = office.get(f"/hinh-thuc-khen-thuong/{award.id}").get_data(as_text=True)
    assert 'value="66,67"' in html and 'value="1,5"' in html and 'value="0,3"' in html
    assert 'type="number"' not in html.split('id="condition-form"')[0]  # the award's own fields
    assert html.count('inputmode="decimal"') >= 5  # threshold, two coefficients, condition percent, quota value
    office.post(f"/hinh-thuc-khen-thuong/{award.id}/chi-tieu",
                data={"quota-phase_id": campaign.phases[0].id, "quota-kind": "share_staff", "quota-value": "12,5"})
    assert db.session.query(AwardQuota).one().value == Decimal("12.5")
    bad = office.post(f"/hinh-thuc-khen-thuong/{award.id}", data={**AWARD, "code": "TTLDXS", "threshold_percent": "2/3",
                                                                 "version": award.version})
    page = bad.get_data(as_text=True)
    assert feedback(page, "threshold_percent") == "Phải là một số (ví dụ 66,67)." and 'value="2/3"' in page


def test_a_refused_condition_shows_beside_its_field(office):
    office.post("/hinh-thuc-khen-thuong/moi", data=AWARD)
    award = db.session.query(AwardForm).one()
    response = office.post(f"/hinh-thuc-khen-thuong/{award.id}/dieu-kien",
                           data={"condition-kind": "initiative", "condition-alternative": "1",
                                 "condition-count": "1", "condition-level": "canh_cao"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert feedback(html, "condition-level") == "Hãy chọn cấp sáng kiến (cơ sở, tỉnh, toàn quốc)."
    assert 'value="Chiến sĩ thi đua cơ sở"' in html  # the award's own form shows what is stored


@pytest.mark.parametrize(("data", "message"), [
    ({"condition-kind": "initiative", "condition-count": "1"}, "cần cấp sáng kiến / mức kỷ luật"),
    ({"condition-kind": "initiative", "condition-count": "1", "condition-level": "canh_cao"},
     "Hãy chọn cấp sáng kiến"),
    ({"condition-kind": "prior_title", "condition-years": "2"}, "cần danh hiệu liên quan"),
    ({"condition-kind": "cap_share", "condition-title_id": "AWARD"}, "cần tỷ lệ"),
    ({"condition-kind": "no_sanction", "condition-level": "co_so"}, "Hãy chọn mức kỷ luật"),
    ({"condition-kind": "bogus"}, "Lựa chọn không hợp lệ."),
    ({"condition-kind": "member_title_share", "condition-percent": "150", "condition-title_id": "AWARD"},
     "Tỷ lệ từ 0,01 đến 100%."),
])
def test_incomplete_conditions_are_refused(office, data, message):
    office.post("/hinh-thuc-khen-thuong/moi", data=AWARD)
    award = db.session.query(AwardForm).one()
    data = {k: (str(award.id) if v == "AWARD" else v) for k, v in data.items()}
    response = office.post(f"/hinh-thuc-khen-thuong/{award.id}/dieu-kien",
                           data={"condition-alternative": "1", **data}, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert db.session.query(AwardCondition).count() == 0


def test_duplicate_award_code_is_refused(office):
    office.post("/hinh-thuc-khen-thuong/moi", data=AWARD)
    response = office.post("/hinh-thuc-khen-thuong/moi", data={**AWARD, "code": "cstdcs", "name": "Khác"})
    assert "Mã «CSTDCS» đã được dùng cho hình thức khác." in response.get_data(as_text=True)


def test_base_salary_is_a_dated_setting(office):
    response = office.post("/luong-co-so", data={"effective_from": "01/07/2024", "amount": "2.340.000",
                                                  "basis": "Nghị định số 73/2024/NĐ-CP"})
    assert response.status_code == 302
    html = office.get("/hinh-thuc-khen-thuong").get_data(as_text=True)
    assert "2.340.000 đồng" in html
    again = office.post("/luong-co-so", data={"effective_from": "01/07/2024", "amount": "2500000"},
                        follow_redirects=True)
    assert "Đã có mức lương cơ sở áp dụng từ ngày này." in again.get_data(as_text=True)
    bad = office.post("/luong-co-so", data={"effective_from": "01/07/2025", "amount": "-1"})
    assert "Mức lương cơ sở không hợp lý." in bad.get_data(as_text=True)
    assert db.session.query(BaseSalaryRate).count() == 1


# --- who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.COUNCIL_MEMBER, Role.LEADER, Role.COUNCIL_CHAIR])
def test_only_the_office_changes_the_setup(logged_in, role):
    campaign = campaign_with_phases(status=CampaignStatus.LAUNCHED)
    criterion = make_criterion(campaign, campaign.groups[0], "A", "both", 100)
    db.session.commit()
    client, _ = logged_in(role)
    # they read what concerns them
    assert client.get("/phong-trao").status_code == 200
    assert client.get(f"/phong-trao/{campaign.id}").status_code == 200
    assert client.get(f"/phong-trao/{campaign.id}/tieu-chi").status_code == 200
    assert client.get("/hinh-thuc-khen-thuong").status_code == 200
    # and change nothing
    for url in ("/phong-trao/moi", f"/phong-trao/{campaign.id}/sua", f"/phong-trao/{campaign.id}/giai-doan/moi",
                f"/phong-trao/{campaign.id}/tieu-chi/moi", f"/tieu-chi/{criterion.id}", "/hinh-thuc-khen-thuong/moi",
                f"/phong-trao/{campaign.id}/sao-chep"):
        assert client.get(url).status_code == 403, url
    for url in (f"/phong-trao/{campaign.id}/trang-thai", f"/tieu-chi/{criterion.id}/xoa", "/luong-co-so",
                f"/giai-doan/{campaign.phases[0].id}/xoa"):
        assert client.post(url, data={"target": "interim_reviewed"}).status_code == 403, url
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == CampaignStatus.LAUNCHED


def test_drafts_are_hidden_from_everyone_but_the_office(logged_in):
    draft = campaign_with_phases(title="Bản nháp bí mật")
    client, _ = logged_in(Role.UNIT_OFFICER)
    assert "Bản nháp bí mật" not in client.get("/phong-trao").get_data(as_text=True)
    assert client.get(f"/phong-trao/{draft.id}").status_code == 404


def test_setup_pages_use_bounded_queries(office, count_queries):
    campaign = campaign_with_phases()
    make_criterion(campaign, campaign.groups[0], "A", "both", 10, targets=[95, 99])
    db.session.commit()
    with count_queries() as small:
        office.get(f"/phong-trao/{campaign.id}/tieu-chi")
    for i in range(12):
        make_criterion(campaign, campaign.groups[0], f"Q{i}", "both", 5, targets=[90, 95])
        db.session.commit()
    with count_queries() as large:
        office.get(f"/phong-trao/{campaign.id}/tieu-chi")
    assert large.count == small.count, large.statements


def test_a_launched_criterion_may_be_told_its_percentages_can_exceed_100_until_a_session(office):
    launched_campaign()
    criterion = db.session.query(Criterion).filter_by(code="B").one()
    page = office.get(f"/tieu-chi/{criterion.id}").get_data(as_text=True)
    assert "được vượt 100%" in page
    response = office.post(f"/tieu-chi/{criterion.id}", data=edit_form(criterion, allows_over_100="y"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Criterion, criterion.id).allows_over_100
    event = db.session.query(AuditEvent).filter_by(action="criterion.update").one()
    assert "allows_over_100" in event.changes
