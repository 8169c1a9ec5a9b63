"""The pages as a user meets them: unique ids and labels, Vietnamese dates and times whatever the browser,
every field's error at once, addresses that reopen after an error, plausible values, length limits that
show and never cut, refused files beside their field while the valid ones are kept."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Campaign, Initiative, NominationStatus, Phase, Result, Role, local_now
from campaign.web.dossiers.forms import InitiativeForm
from tests.factories import make_nomination
from tests.web.test_dossiers import PDF, initiative_form, officer, pdf, world  # noqa: F401
from tests.web.test_setup import campaign_with_phases, office, phase_data  # noqa: F401


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()
        self.label_for: list[str] = []
        self.elements: dict[str, tuple[str, dict]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
            self.elements[attrs["id"]] = (tag, attrs)
        if tag == "label" and attrs.get("for"):
            self.label_for.append(attrs["for"])


def check_ids(html: str) -> _Ids:
    """Assert that ids are unique and every <label for> names an element; return what was read."""
    parsed = _Ids()
    parsed.feed(html)
    assert [i for i, n in parsed.ids.items() if n > 1] == []
    assert [f for f in parsed.label_for if f not in parsed.ids] == []
    return parsed


def form_html(html: str, action: str) -> str:
    """The <form> posting to `action`, as text."""
    match = re.search(r'<form[^>]*action="' + re.escape(action) + r'".*?</form>', html, re.S)
    assert match, action
    return match.group(0)


# --- ids and labels -------------------------------------------------------------------------------


def test_the_appraisal_forms_have_their_own_note_boxes(app, officer, world, make_user, login):  # noqa: F811
    _, user = officer
    nomination = make_nomination(user, world.phase, world.ldtt, person=world.an, state=NominationStatus.SUBMITTED)
    db.session.commit()
    client = app.test_client()
    login(client, make_user(role=Role.OFFICE))
    html = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    parsed = check_ids(html)
    accept = form_html(html, f"/ho-so/de-nghi/{nomination.id}/chap-nhan")
    back = form_html(html, f"/ho-so/de-nghi/{nomination.id}/tra-lai")
    # «Ghi chú chung» labels the return form's own box, «Ý kiến thẩm định» the accept form's.
    assert re.search(r'<label class="form-label" for="return-note">Ghi chú chung</label>', back)
    assert re.search(r'<textarea[^>]*id="return-note"', back) and 'id="accept-note"' not in back
    assert re.search(r'<label class="form-label" for="accept-note">Ý kiến thẩm định</label>', accept)
    assert re.search(r'<textarea[^>]*id="accept-note"', accept) and 'id="return-note"' not in accept
    assert parsed.elements["return-note"][1]["name"] == "note"
    # posted under the same names as before: the return note reaches the dossier
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/tra-lai", data={
        "version": nomination.version, "points-0-topic": "evidence", "points-0-reason": "Bổ sung minh chứng.",
        "note": "Ghi chú chung của Văn phòng."})
    assert response.status_code == 302
    page = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert "Ghi chú chung của Văn phòng." in page


def test_the_officers_pages_have_unique_ids(officer, world):  # noqa: F811
    client, user = officer
    nomination = make_nomination(user, world.phase, world.ldtt, person=world.an)
    db.session.commit()
    for url in ("/", "/ho-so/de-nghi", "/ho-so/de-nghi/moi", f"/ho-so/de-nghi/{nomination.id}",
                f"/ho-so/de-nghi/{nomination.id}/sua", f"/ho-so/ket-qua/{world.phase.id}", "/ho-so/sang-kien/moi",
                f"/ho-so/ket-qua/{world.phase.id}/P{world.an.id}/{world.i_on_time.id}"):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        check_ids(response.get_data(as_text=True))


# --- dates and times ------------------------------------------------------------------------------


def test_phase_times_are_typed_and_shown_the_vietnamese_way(office):  # noqa: F811
    campaign = campaign_with_phases()
    phase = campaign.phases[0]
    page = office.get(f"/giai-doan/{phase.id}").get_data(as_text=True)
    assert 'type="datetime-local"' not in page and 'placeholder="dd/mm/yyyy hh:mm"' in page
    response = office.post(f"/giai-doan/{phase.id}", data=phase_data(
        version=phase.version, nomination_opens_at="01/10/2027 08:00", nomination_closes_at="31/10/2027 17:30"))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    phase = db.session.get(Phase, phase.id)
    assert (phase.nomination_opens_at, phase.nomination_closes_at) == (dt.datetime(2027, 10, 1, 8),
                                                                       dt.datetime(2027, 10, 31, 17, 30))
    page = office.get(f"/giai-doan/{phase.id}").get_data(as_text=True)
    assert 'value="01/10/2027 08:00"' in page and 'value="31/10/2027 17:30"' in page
    shown = office.get(f"/phong-trao/{campaign.id}").get_data(as_text=True)
    assert "08:00 01/10/2027" in shown and "17:30 31/10/2027" in shown
    assert not re.search(r"\b(AM|PM)\b", shown)


def test_every_wrong_date_of_a_phase_is_shown_at_once(office):  # noqa: F811
    campaign = campaign_with_phases()
    phase = campaign.phases[0]
    response = office.post(f"/giai-doan/{phase.id}", data=phase_data(
        version=phase.version, nomination_closes_at="01/09/2027 08:00", appraisal_deadline="01/08/2027",
        council_date="01/07/2027"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in ("Hạn nộp hồ sơ phải sau thời điểm mở nhận hồ sơ.", "Hạn thẩm định phải sau hạn nộp hồ sơ.",
                    "Ngày họp Hội đồng phải sau hạn thẩm định."):
        assert message in html
    response = office.post(f"/giai-doan/{phase.id}", data=phase_data(
        version=phase.version, start_date="31/02/2026", appraisal_deadline="hôm qua", nomination_opens_at="10h"))
    html = response.get_data(as_text=True)
    assert html.count('class="form-control is-invalid"') == 3
    assert "Ngày giờ không hợp lệ." in html and html.count("Ngày không hợp lệ") == 2


# --- addresses that reopen ------------------------------------------------------------------------


def test_an_action_address_reopened_opens_its_page(app, officer, world, make_user, login):  # noqa: F811
    _, user = officer
    nomination = make_nomination(user, world.phase, world.ldtt, person=world.an, state=NominationStatus.SUBMITTED)
    db.session.commit()
    client = app.test_client()
    login(client, make_user(role=Role.OFFICE))
    # an error shows the page at the action's address …
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/tra-lai", data={"version": nomination.version})
    assert response.status_code == 200 and "Trả lại hồ sơ" in response.get_data(as_text=True)
    # … which, reopened, is the dossier again (not a 405)
    for action in ("tra-lai", "chap-nhan"):
        response = client.get(f"/ho-so/de-nghi/{nomination.id}/{action}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/ho-so/de-nghi/{nomination.id}#tham-dinh")
    officer_client, _ = officer
    for action, anchor in (("khen-thuong", "#khen-thuong"), ("ky-luat", "#ky-luat")):
        response = officer_client.get(f"/ho-so/de-nghi/{nomination.id}/{action}")
        assert response.headers["Location"].endswith(f"/ho-so/de-nghi/{nomination.id}/sua{anchor}")


def test_the_set_up_action_addresses_reopen(office, world):  # noqa: F811
    assert office.get("/luong-co-so").headers["Location"].endswith("/hinh-thuc-khen-thuong#luong-co-so")
    for action, anchor in (("dieu-kien", "#dieu-kien"), ("chi-tieu", "#chi-tieu")):
        response = office.get(f"/hinh-thuc-khen-thuong/{world.gk.id}/{action}")
        assert response.headers["Location"].endswith(f"/hinh-thuc-khen-thuong/{world.gk.id}{anchor}")
        assert office.get(response.headers["Location"]).status_code == 200


# --- plausible values -----------------------------------------------------------------------------


def test_a_percentage_above_100_is_refused_at_the_field(officer, world):  # noqa: F811
    client, _ = officer
    url = f"/ho-so/ket-qua/{world.phase.id}/U{world.khdt.id}/{world.c_digitised.id}"
    response = client.post(url, data={"value": "150", "version": "0", "explanation": "Theo báo cáo."})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tỷ lệ phần trăm không được lớn hơn 100%" in html and 'value="150"' in html
    assert db.session.scalar(select(Result)) is None
    assert client.post(url, data={"value": "100", "version": "0"}).status_code == 302


def test_a_criterion_that_may_exceed_its_plan_takes_150_percent(officer, world):  # noqa: F811
    client, _ = officer
    world.c_digitised.allows_over_100 = True
    db.session.commit()
    url = f"/ho-so/ket-qua/{world.phase.id}/U{world.khdt.id}/{world.c_digitised.id}"
    response = client.post(url, data={"value": "150", "version": "0", "explanation": "Vượt kế hoạch."})
    assert response.status_code == 302
    assert db.session.scalar(select(Result)).value == 150
    # a negative figure stays refused whatever the criterion allows
    html = client.post(url, data={"value": "-5", "version": "1"}).get_data(as_text=True)
    assert "Kết quả không được âm." in html


def test_an_initiative_recognised_before_it_was_applied_is_refused_at_the_field(officer, world):  # noqa: F811
    client, _ = officer
    response = client.post("/ho-so/sang-kien/moi", data=initiative_form(
        world, first_applied_on="01/03/2026", decision_date="15/02/2026"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="decision_date-feedback" class="invalid-feedback">Ngày quyết định công nhận phải từ ngày '
                     r'áp dụng lần đầu \(01/03/2026\)', html)
    assert db.session.scalar(select(Initiative)) is None
    # both future dates, with a wrong author row, in one answer
    future = (local_now() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    html = client.post("/ho-so/sang-kien/moi", data=initiative_form(
        world, first_applied_on=future, decision_date=future, **{"authors-0-contribution": ""})).get_data(as_text=True)
    assert "Ngày áp dụng lần đầu không được ở tương lai." in html and "Ngày quyết định không được ở tương lai." in html
    assert "Hãy nhập tỷ lệ đóng góp." in html


# --- length limits ----------------------------------------------------------------------------------


def test_a_title_too_long_is_refused_whole_and_kept(officer, world):  # noqa: F811
    client, _ = officer
    page = client.get("/ho-so/sang-kien/moi").get_data(as_text=True)
    assert re.search(r'<input[^>]*data-maxlength="500"[^>]*id="title"', page)
    assert not re.search(r'<input[^>]*\smaxlength=', page)  # a browser limit would cut a paste silently
    title = "Số hóa quy trình " * 36  # 612 characters
    html = client.post("/ho-so/sang-kien/moi", data=initiative_form(world, title=title)).get_data(as_text=True)
    assert "Không được dài quá 500 ký tự." in html and title.strip() in html
    assert db.session.scalar(select(Initiative)) is None


def test_every_text_limit_fits_its_column():
    """The forms' Length limits are the model columns' (a longer limit would fail on PostgreSQL)."""
    from campaign import models
    from campaign.web.dossiers import forms as dossier_forms
    from campaign.web.plan import forms as plan_forms
    from campaign.web.setup import forms as setup_forms

    form_columns = {
        InitiativeForm: Initiative, dossier_forms.AwardRecordForm: models.AwardRecord,
        dossier_forms.SanctionForm: models.Sanction, plan_forms.TaskForm: models.PlanTask,
        plan_forms.ReportForm: models.TaskReport, setup_forms.CampaignForm: Campaign, setup_forms.PhaseForm: Phase,
        setup_forms.GroupForm: models.CriterionGroup, setup_forms.CriterionForm: models.Criterion,
        setup_forms.AwardFormForm: models.AwardForm,
    }
    checked = 0
    for form_class, model in form_columns.items():
        for name, unbound in vars(form_class).items():
            column = model.__table__.columns.get(name)
            length = getattr(getattr(column, "type", None), "length", None)
            if not length or not hasattr(unbound, "kwargs") or "Select" in unbound.field_class.__name__:
                continue
            limits = [v.max for v in unbound.kwargs.get("validators", ()) if getattr(v, "max", -1) not in (-1, None)]
            assert limits and max(limits) <= length, (form_class.__name__, name, limits, length)
            checked += 1
    assert checked >= 25


# --- files ------------------------------------------------------------------------------------------


def test_an_empty_file_is_named_at_the_field_and_the_valid_one_is_kept(app, officer, world):  # noqa: F811
    client, _ = officer
    url = f"/ho-so/ket-qua/{world.phase.id}/U{world.khdt.id}/{world.c_digitised.id}"
    response = client.post(url, data={"value": "96", "version": "0", "explanation": "Theo báo cáo.",
                                      "files": [pdf("bao-cao.pdf"), pdf("trong.pdf", b"")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    result = db.session.scalar(select(Result))
    assert result.value == Decimal(96) and [f.original_name for f in result.files] == ["bao-cao.pdf"]
    html = client.get(url).get_data(as_text=True)
    feedback = re.search(r'id="files-feedback" class="invalid-feedback">(.*?)</div>', html, re.S).group(1)
    assert "«trong.pdf» chưa được lưu: Tệp trống: không có nội dung." in feedback
    assert 'class="form-control is-invalid"' in html and "Đã lưu kết quả tiêu chí C1" in html
    top = html.split('id="files-feedback"')[0]
    assert "«trong.pdf»" not in top  # beside the field only, not in the messages at the top
    assert "«trong.pdf»" not in client.get(url).get_data(as_text=True)  # said once


@pytest.mark.parametrize("name, data, message", [
    ("anh.png", PDF, "Nội dung tệp không khớp với phần mở rộng .png"),
    ("ghi-chu.txt", b"hello", "Loại tệp không được chấp nhận"),
])
def test_a_wrong_file_with_another_error_is_named_at_the_field(officer, world, name, data, message):  # noqa: F811
    client, _ = officer
    response = client.post("/ho-so/sang-kien/moi", data={**initiative_form(world, title=""), "files": pdf(name, data)},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    feedback = re.search(r'id="files-feedback" class="invalid-feedback">(.*?)</div>', html, re.S).group(1)
    assert f"«{name}» chưa được lưu: {message}" in feedback and "Hãy nhập tên sáng kiến." in html
