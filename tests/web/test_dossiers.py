"""Units' dossiers: results, initiatives, nominations, the office's appraisal, files, access by role and unit."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import (
    AuditEvent,
    AwardRecord,
    CampaignStatus,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationStatus,
    Phase,
    Result,
    Role,
    Sanction,
    StoredFile,
    local_now,
)
from campaign.services import ServiceError
from campaign.services import files as file_service
from campaign.services import initiatives as initiative_service
from campaign.services import nominations as nomination_service
from campaign.services import results as results_service
from tests.factories import (
    add_sanction,
    add_task_report,
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_phase,
    make_task,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
NOW = local_now()
SUMMARY = ("Hoàn thành xuất sắc nhiệm vụ được giao; chủ trì số hóa 100% hồ sơ đầu tư năm 2026, "
           "rút ngắn thời gian thẩm định dự án còn 10 ngày.")
NO_INITIATIVE = "Chưa có sáng kiến được công nhận cấp cơ sở trở lên."


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def disk_files(app) -> set[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return {p for p in root.rglob("*") if p.is_file() and "imports" not in p.relative_to(root).parts}


@pytest.fixture
def world(app, make_unit, make_person):
    """Three units (one with a sub-unit), their people, a launched campaign whose phase is taking dossiers
    now, criteria of every kind, and the award forms of DOMAIN.md with their conditions."""
    w = SimpleNamespace()
    w.vp = make_unit("VP", "Văn phòng")
    w.khdt = make_unit("KHDT", "Phòng Kế hoạch – Đầu tư và Xúc tiến")
    w.dngs = make_unit("DNGS", "Phòng Doanh nghiệp – Giám sát đầu tư")
    w.khdt_sub = make_unit("KHDT.XT", "Tổ Xúc tiến đầu tư", parent=w.khdt)
    w.an = make_person("Nguyễn Văn An", w.khdt)
    w.binh = make_person("Trần Thị Bình", w.khdt, gender="nu")
    w.dung = make_person("Phạm Quốc Dũng", w.khdt_sub)
    w.chi = make_person("Lê Minh Chí", w.dngs)
    campaign = make_campaign(title="Đổi mới sáng tạo, chuyển đổi số, chuyển đổi xanh")
    w.campaign, w.phase = campaign, make_phase(campaign, now=NOW)
    group = make_group(campaign)
    w.c_digitised = make_criterion(campaign, group, "C1", "collective", 20, target=95, position=1,
                                   evidence_required=True)
    w.c_tasks = make_criterion(campaign, group, "C2", "collective", 20, target=90, position=2,
                               source="task_completion")
    w.i_on_time = make_criterion(campaign, group, "I1", "individual", 30, target=95, position=3)
    w.i_training = make_criterion(campaign, group, "I2", "individual", 20, position=4, evidence_required=True)
    w.b_green = make_criterion(campaign, group, "B1", "both", 10, position=5)
    w.ldtt = make_award_form("LDTT", "Lao động tiên tiến", "individual", position=1)
    w.cstdcs = make_award_form("CSTDCS", "Chiến sĩ thi đua cơ sở", "individual", position=2, conditions=[
        ("same_year_title", {"title_id": w.ldtt.id}), ("initiative", {"level": "co_so", "count": 1}),
        ("cap_share", {"title_id": w.ldtt.id, "percent": Decimal(15)})])
    w.ttldxs = make_award_form("TTLDXS", "Tập thể lao động xuất sắc", "collective", position=3, conditions=[
        ("all_members_complete", {}), ("no_sanction", {"level": "canh_cao"})])
    w.gk = make_award_form("GK", "Giấy khen của Trưởng Ban Quản lý", "both", position=4, quota=(w.phase, 10))
    db.session.commit()
    return w


@pytest.fixture
def officer(logged_in, world):
    """The client logged in as Phòng KHĐT's officer."""
    client, user = logged_in(Role.UNIT_OFFICER, unit=world.khdt, full_name="Hoàng Thu Hà")
    return client, user


def client_as(app, make_user, login, role, unit=None, full_name=None):
    client = app.test_client()
    user = make_user(role=role, unit=unit, **({"full_name": full_name} if full_name else {}))
    login(client, user)
    return client, user


def nominate(user, world, person=None, award=None, unit=None):
    return nomination_service.create_nomination(user, phase=world.phase, award_form=award or world.ldtt,
                                     nominee_unit=unit, person=person if unit is None else None)


def complete(user, world, nomination):
    """Everything a nomination of An needs before it can be submitted."""
    results_service.save_result(user, phase=world.phase, criterion=world.i_on_time, unit=world.khdt, person=world.an,
                        value=Decimal("97"), explanation="Trích xuất từ E-Office.")
    upload = SimpleNamespace(filename="chung-nhan.pdf", stream=io.BytesIO(PDF))
    results_service.save_result(user, phase=world.phase, criterion=world.i_training, unit=world.khdt, person=world.an,
                        value=None, explanation="Hoàn thành 3 khóa học.", uploads=[upload])
    db.session.refresh(nomination)
    nomination_service.update_nomination(user, nomination, {"summary": SUMMARY}, seen_version=nomination.version)
    return nomination


def messages(response) -> list[str]:
    """The error messages a page shows (for assertion messages)."""
    html = response.get_data(as_text=True)
    return [m.strip() for m in re.findall(r"(?:alert-danger[^>]*>|invalid-feedback[^>]*>)\s*([^<]+)", html) if m.strip()]


def pdf(name="minh-chung.pdf", data=PDF):
    return (io.BytesIO(data), name)


# --- the unit officer's home page ------------------------------------------------------------------


def test_unit_home_shows_the_window_what_is_missing_and_the_states(officer, world):
    client, user = officer
    nominate(user, world, world.an)
    html = client.get("/").get_data(as_text=True)
    assert "Giai đoạn 1 (2026–2027)" in html and "Đang nhận hồ sơ · còn 10 ngày" in html
    closes = (NOW + dt.timedelta(days=10, hours=2)).strftime("%H:%M %d/%m/%Y")
    assert f"Hạn nộp: <strong>{closes}</strong>" in html
    assert "Nguyễn Văn An" in html and "Lao động tiên tiến" in html and "Đang soạn" in html
    assert "Chưa nhập kết quả các tiêu chí: I1." in html
    assert "Thiếu minh chứng cho các tiêu chí: I2." in html
    assert "Báo cáo thành tích còn trống hoặc quá ngắn" in html
    assert "Cán bộ của đơn vị" in html  # the staff part stays
    assert "Văn phòng yêu cầu bổ sung" not in html


# --- results --------------------------------------------------------------------------------------


def test_results_page_computes_attainment_and_task_completion(officer, world):
    client, user = officer
    nominate(user, world, world.an)
    results_service.save_result(user, phase=world.phase, criterion=world.c_digitised, unit=world.khdt, person=None,
                        value=Decimal("90"), explanation="Đã số hóa 90/100 hồ sơ.")
    done, open_task = (make_task(world.campaign, f"Nhiệm vụ {i}", world.khdt, deadline=dt.date(2026, 6, 30))
                       for i in (1, 2))
    add_task_report(done, world.khdt, "done", dt.date(2026, 6, 1))
    db.session.commit()
    html = client.get(f"/ho-so/ket-qua/{world.phase.id}").get_data(as_text=True)
    assert "Phòng Kế hoạch – Đầu tư và Xúc tiến" in html and "Nguyễn Văn An" in html
    assert "Chỉ tiêu 95%" in html and "đạt <strong data-testid=\"attainment\">94,7%</strong>" in html
    # C2 fills itself from the plan tasks: 1 of 2 on time, read-only.
    assert "1/2 nhiệm vụ hoàn thành đúng hạn (50%)" in html and "<strong>50%</strong>" in html
    assert f"/ho-so/ket-qua/{world.phase.id}/U{world.khdt.id}/{world.c_tasks.id}" not in html
    assert "Tiêu chí I1" in html  # the nominated person's individual criteria
    response = client.post(f"/ho-so/ket-qua/{world.phase.id}/U{world.khdt.id}/{world.c_tasks.id}",
                           data={"value": "100", "version": "0"})
    assert "lấy số liệu tự động" in response.get_data(as_text=True)


def test_result_saved_with_a_pdf_and_served_only_to_who_may_see_it(app, officer, world, make_user, login):
    client, user = officer
    url = f"/ho-so/ket-qua/{world.phase.id}/P{world.an.id}/{world.i_on_time.id}"
    page = client.get(url)
    assert page.status_code == 200 and 'name="version" type="hidden" value="0"' in page.get_data(as_text=True)
    response = client.post(url, data={"value": "96,5", "explanation": "Số liệu E-Office", "version": "0",
                                      "files": pdf("Trích xuất E-Office.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    result = db.session.scalar(select(Result))
    assert result.value == Decimal("96.5") and result.subject == f"P{world.an.id}" and result.unit_id == world.khdt.id
    stored = result.files[0]
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest() and stored.original_name == "Trích xuất E-Office.pdf"
    path = file_service.open_file(stored)
    assert "static" not in path.parts and "Trích" not in path.name
    html = client.get(url).get_data(as_text=True)
    assert "đạt <strong data-testid=\"attainment\">100%</strong>" in html
    file_url = f"/ho-so/ket-qua/tep/{result.id}/{stored.id}"
    assert client.get(file_url).data == PDF
    other, _ = client_as(app, make_user, login, Role.UNIT_OFFICER, world.dngs)
    office, _ = client_as(app, make_user, login, Role.OFFICE)
    member, _ = client_as(app, make_user, login, Role.COUNCIL_MEMBER)
    assert other.get(file_url).status_code == 403 and member.get(file_url).status_code == 403
    assert office.get(file_url).data == PDF
    assert client.get(f"/ho-so/ket-qua/tep/{result.id}/{stored.id + 999}").status_code == 404


def test_result_bad_input_keeps_what_was_typed(officer, world):
    client, _ = officer
    url = f"/ho-so/ket-qua/{world.phase.id}/P{world.an.id}/{world.i_on_time.id}"
    response = client.post(url, data={"value": "chín mươi", "explanation": "Giải trình của tôi", "version": "0"})
    html = response.get_data(as_text=True)
    assert "Phải là một số (ví dụ 95 hoặc 95,5)." in html and "Giải trình của tôi" in html and "chín mươi" in html
    response = client.post(url, data={"value": "", "explanation": "Giải trình của tôi", "version": "0"})
    assert "Hãy nhập kết quả đạt được." in response.get_data(as_text=True)
    response = client.post(url, data={"value": "-3", "version": "0"})
    assert "Kết quả không được âm." in response.get_data(as_text=True)
    assert count(Result) == 0


def test_two_saves_of_the_same_result_the_second_is_refused(app, officer, world, make_user, login):
    first, _ = officer
    second, _ = client_as(app, make_user, login, Role.UNIT_OFFICER, world.khdt)
    url = f"/ho-so/ket-qua/{world.phase.id}/U{world.khdt.id}/{world.b_green.id}"
    assert first.post(url, data={"explanation": "Bản của người thứ nhất", "version": "0"}).status_code == 302
    response = second.post(url, data={"explanation": "Bản của người thứ hai", "version": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Người khác đã lưu bản ghi này" in html and "Bản của người thứ hai" in html
    assert first.post(url, data={"explanation": "Sửa lần hai", "version": "1"}).status_code == 302
    response = second.post(url, data={"explanation": "Sửa chậm", "version": "1", "files": pdf()},
                           content_type="multipart/form-data")
    assert "Người khác đã lưu bản ghi này" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Result.explanation)) == "Sửa lần hai"
    assert count(StoredFile) == 0 and disk_files(app) == set()


def test_results_of_another_unit_by_id_guessing(officer, world):
    client, _ = officer
    phase, chi = world.phase, world.chi
    assert client.get(f"/ho-so/ket-qua/{phase.id}/P{chi.id}/{world.i_on_time.id}").status_code == 403
    assert client.post(f"/ho-so/ket-qua/{phase.id}/P{chi.id}/{world.i_on_time.id}",
                       data={"value": "99", "version": "0"}).status_code == 403
    assert client.post(f"/ho-so/ket-qua/{phase.id}/U{world.dngs.id}/{world.b_green.id}",
                       data={"explanation": "x", "version": "0"}).status_code == 403
    assert client.get(f"/ho-so/ket-qua/{phase.id}?don-vi={world.dngs.id}").status_code == 403
    assert client.get(f"/ho-so/ket-qua/{phase.id}/P999999/{world.i_on_time.id}").status_code == 404
    assert client.get(f"/ho-so/ket-qua/{phase.id}/X1/{world.i_on_time.id}").status_code == 404
    # an individual criterion for a unit, a criterion of no campaign: not found
    assert client.get(f"/ho-so/ket-qua/{phase.id}/U{world.khdt.id}/{world.i_on_time.id}").status_code == 404
    assert client.get(f"/ho-so/ket-qua/{phase.id}/U{world.khdt.id}/999999").status_code == 404
    # a sub-unit's person is the officer's own
    assert client.get(f"/ho-so/ket-qua/{phase.id}/P{world.dung.id}/{world.i_on_time.id}").status_code == 200
    assert count(Result) == 0


# --- initiatives ----------------------------------------------------------------------------------


def initiative_form(world, **kw):
    data = {"title": "Số hóa quy trình thẩm định dự án đầu tư", "unit_id": str(world.khdt.id),
            "description": "Quy trình thẩm định trên môi trường điện tử.", "first_applied_on": "01/03/2026",
            "benefits": "Rút ngắn 40% thời gian thẩm định.", "level": "co_so", "decision_number": "125/QĐ-KKTKCN",
            "decision_date": "15/06/2026", "decision_body": "Hội đồng sáng kiến Ban Quản lý", "version": "0",
            "authors-0-person_id": str(world.an.id), "authors-0-contribution": "60",
            "authors-1-person_id": str(world.binh.id), "authors-1-contribution": "40",
            "authors-2-person_id": "", "authors-2-contribution": ""}
    data.update(kw)
    return data


def test_initiative_register_with_authors_and_files(app, officer, world):
    client, user = officer
    response = client.post("/ho-so/sang-kien/moi", data={**initiative_form(world), "files": pdf("Quyết định 125.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    initiative = db.session.scalar(select(Initiative))
    assert {(a.person_id, a.contribution) for a in initiative.authors} == {(world.an.id, Decimal(60)),
                                                                           (world.binh.id, Decimal(40))}
    assert initiative.level == "co_so" and initiative.decision_date == dt.date(2026, 6, 15)
    assert len(initiative.files) == 1 and len(disk_files(app)) == 1
    listing = client.get("/ho-so/sang-kien").get_data(as_text=True)
    assert "Số hóa quy trình thẩm định dự án đầu tư" in listing and "Nguyễn Văn An (60%)" in listing
    # corrected: one author leaves, another joins (the rows that stay are kept)
    response = client.post(f"/ho-so/sang-kien/{initiative.id}", data=initiative_form(
        world, **{"version": "1", "authors-1-person_id": str(world.dung.id)}))
    assert response.status_code == 302, re.findall(r"(?:alert-danger|invalid-feedback)[^>]*>\s*([^<]+)", response.text)
    db.session.expire_all()
    assert {a.person_id for a in db.session.get(Initiative, initiative.id).authors} == {world.an.id, world.dung.id}
    # A person's initiatives show on their nominations.
    nomination = nominate(user, world, world.an, world.cstdcs)
    html = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert "Số hóa quy trình thẩm định dự án đầu tư" in html and "Quyết định số 125/QĐ-KKTKCN" in html
    assert "Sáng kiến «Số hóa quy trình thẩm định dự án đầu tư», được công nhận cấp cơ sở" in nomination.summary


@pytest.mark.parametrize(("changes", "message"), [
    ({"authors-1-contribution": "30"}, "Tổng tỷ lệ đóng góp của các tác giả là 90%, phải bằng 100%."),
    ({"authors-1-person_id": "{an}"}, "Mỗi tác giả chỉ được chọn một lần."),
    ({"authors-1-person_id": "{chi}"}, "Lựa chọn không hợp lệ."),
    ({"authors-1-contribution": ""}, "Hãy nhập tỷ lệ đóng góp."),
    ({"authors-0-person_id": "", "authors-1-person_id": ""}, "Hãy chọn tác giả cho tỷ lệ đã nhập."),
    ({"decision_number": ""}, "Sáng kiến đã được công nhận cần số và ngày của quyết định công nhận."),
    ({"title": ""}, "Hãy nhập tên sáng kiến."),
    ({"first_applied_on": "31/02/2026"}, "Ngày không hợp lệ"),
])
def test_initiative_bad_input_keeps_what_was_typed(officer, world, changes, message):
    client, _ = officer
    changes = {k: v.format(an=world.an.id, chi=world.chi.id) for k, v in changes.items()}
    response = client.post("/ho-so/sang-kien/moi", data=initiative_form(world, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert "Rút ngắn 40% thời gian thẩm định." in html
    assert count(Initiative) == 0


def test_an_author_of_another_unit_is_refused_by_the_service(officer, world):
    _, user = officer
    with pytest.raises(ServiceError, match="Tác giả phải là cán bộ của đơn vị."):
        initiative_service.save_initiative(user, {"title": "X"}, [(world.chi.id, Decimal(100))], unit=world.khdt)


def test_deleting_an_initiative_removes_its_files(app, officer, world):
    client, _ = officer
    client.post("/ho-so/sang-kien/moi", data={**initiative_form(world), "files": pdf()},
                content_type="multipart/form-data")
    initiative = db.session.scalar(select(Initiative))
    assert len(disk_files(app)) == 1
    assert client.post(f"/ho-so/sang-kien/{initiative.id}/xoa", data={"version": "1"}).status_code == 302
    assert count(Initiative) == 0 and count(StoredFile) == 0 and count(InitiativeAuthor) == 0
    assert disk_files(app) == set()


# --- nominations ----------------------------------------------------------------------------------


def test_officer_creates_a_nomination_with_a_prefilled_summary(officer, world):
    client, user = officer
    results_service.save_result(user, phase=world.phase, criterion=world.i_on_time, unit=world.khdt, person=world.an,
                        value=Decimal("97"), explanation="")
    page = client.get("/ho-so/de-nghi/moi").get_data(as_text=True)
    assert "htmx.min.js" in page and 'hx-get="/ho-so/de-nghi/dieu-kien"' in page
    assert 'data-applies-to="collective"' in page and "Lê Minh Chí" not in page
    response = client.post("/ho-so/de-nghi/moi", data={"phase_id": world.phase.id, "nominee_kind": "individual",
                                                       "award_form_id": world.ldtt.id, "person_id": world.an.id})
    assert response.status_code == 302, response.get_data(as_text=True)
    nomination = db.session.scalar(select(Nomination))
    assert nomination.status == NominationStatus.DRAFT and nomination.unit_id == world.khdt.id
    assert "- Tiêu chí I1: đạt 97% (chỉ tiêu 95%)." in nomination.summary
    edit = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tiêu chí I1: đạt 97%" in edit and 'name="version" type="hidden" value="1"' in edit
    # the same person, the same award, the same phase: refused, choices kept
    response = client.post("/ho-so/de-nghi/moi", data={"phase_id": world.phase.id, "nominee_kind": "individual",
                                                       "award_form_id": world.ldtt.id, "person_id": world.an.id})
    assert "Nguyễn Văn An đã được đề nghị «Lao động tiên tiến» trong Giai đoạn 1 (2026–2027)." in \
        response.get_data(as_text=True)
    # an award for collectives only, for a person
    response = client.post("/ho-so/de-nghi/moi", data={"phase_id": world.phase.id, "nominee_kind": "individual",
                                                       "award_form_id": world.ttldxs.id, "person_id": world.binh.id})
    assert "«Tập thể lao động xuất sắc» không áp dụng cho cá nhân." in response.get_data(as_text=True)
    # another unit's person, by a forged form field
    response = client.post("/ho-so/de-nghi/moi", data={"phase_id": world.phase.id, "nominee_kind": "individual",
                                                       "award_form_id": world.gk.id, "person_id": world.chi.id})
    assert response.status_code == 200 and "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    response = client.post("/ho-so/de-nghi/moi", data={"phase_id": world.phase.id, "nominee_kind": "collective",
                                                       "award_form_id": world.gk.id, "nominee_unit_id": world.dngs.id})
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    assert count(Nomination) == 1


def test_collective_nomination_of_a_sub_unit(officer, world):
    client, _ = officer
    response = client.post("/ho-so/de-nghi/moi", data={"phase_id": world.phase.id, "nominee_kind": "collective",
                                                       "award_form_id": world.ttldxs.id,
                                                       "nominee_unit_id": world.khdt_sub.id})
    assert response.status_code == 302
    nomination = db.session.scalar(select(Nomination))
    assert (nomination.nominee_kind, nomination.nominee_unit_id, nomination.person_id) == (
        "collective", world.khdt_sub.id, None)
    html = client.get(f"/ho-so/ket-qua/{world.phase.id}").get_data(as_text=True)
    assert "Tổ Xúc tiến đầu tư" in html  # its collective criteria on the results page


def test_eligibility_panel_explains_every_unmet_condition(officer, world):
    client, user = officer
    args = {"phase_id": world.phase.id, "award_form_id": world.cstdcs.id, "nominee_kind": "individual",
            "person_id": world.an.id}
    html = client.get("/ho-so/de-nghi/dieu-kien", query_string=args, headers={"HX-Request": "true"}).get_data(
        as_text=True)
    assert html.lstrip().startswith('<div id="eligibility"') and "<html" not in html
    assert NO_INITIATIVE in html
    assert "Chưa có danh hiệu «Lao động tiên tiến» năm 2026 (và chưa được đề nghị cùng đợt)." in html
    assert "Số lượng không quá 15% số đạt «Lao động tiên tiến»" in html
    assert "Đơn vị đã đề nghị 0; hình thức này không giới hạn số lượng." in html
    # LĐTT proposed in the same round, and an initiative recognised at cơ sở level: eligible.
    nominate(user, world, world.an, world.ldtt)
    initiative_service.save_initiative(user, {"title": "Sáng kiến A", "level": "co_so", "decision_number": "1/QĐ",
                                   "decision_date": dt.date(2026, 5, 1)}, [(world.an.id, Decimal(100))],
                            unit=world.khdt)
    html = client.get("/ho-so/de-nghi/dieu-kien", query_string=args).get_data(as_text=True)
    assert NO_INITIATIVE not in html and "đủ điều kiện" in html
    # the quota of a phase
    html = client.get("/ho-so/de-nghi/dieu-kien", query_string={**args, "award_form_id": world.gk.id}).get_data(
        as_text=True)
    assert "Đơn vị đã đề nghị 0; toàn Ban 0/10 theo chỉ tiêu của giai đoạn." in html
    # nothing chosen yet: a prompt
    assert "Chọn giai đoạn" in client.get("/ho-so/de-nghi/dieu-kien").get_data(as_text=True)


def test_eligibility_on_the_dossier_and_members_complete_live(officer, world):
    client, user = officer
    nomination = nominate(user, world, unit=world.khdt, award=world.ttldxs)
    edit = client.get(f"/ho-so/de-nghi/{nomination.id}/sua").get_data(as_text=True)
    assert "Chưa xác nhận mọi thành viên đều hoàn thành nhiệm vụ." in edit
    assert f'hx-get="/ho-so/de-nghi/dieu-kien?ho-so={nomination.id}"' in edit
    url = f"/ho-so/de-nghi/dieu-kien?ho-so={nomination.id}"
    assert "Còn thành viên chưa hoàn thành nhiệm vụ." in client.get(url + "&members_complete=khong").get_data(
        as_text=True)
    html = client.get(url + "&members_complete=co").get_data(as_text=True)
    assert "đủ điều kiện" in html and "hoàn thành nhiệm vụ" not in html
    add_sanction(world.dung, "canh_cao", dt.date(2026, 3, 1))
    db.session.commit()
    html = client.get(url + "&members_complete=co").get_data(as_text=True)
    assert "Có thành viên bị kỷ luật từ mức cảnh cáo trở lên trong thời gian xét." in html
    assert count(AuditEvent) > 0 and db.session.get(Nomination, nomination.id).members_complete is None  # GET: no write


def test_prior_awards_and_sanctions_weigh_on_eligibility(officer, world):
    client, user = officer
    nomination = nominate(user, world, world.an, world.cstdcs)
    base = f"/ho-so/de-nghi/{nomination.id}"
    response = client.post(f"{base}/khen-thuong", data={"kt-year": "2026", "kt-award_form_id": world.ldtt.id,
                                                        "kt-decision_number": "12/QĐ-KKTKCN",
                                                        "kt-decision_date": "10/01/2026"})
    assert response.status_code == 302
    record = db.session.scalar(select(AwardRecord))
    assert (record.person_id, record.title, record.year) == (world.an.id, "Lao động tiên tiến", 2026)
    html = client.get(f"{base}/sua").get_data(as_text=True)
    assert "Chưa có danh hiệu «Lao động tiên tiến» năm 2026" not in html and NO_INITIATIVE in html
    response = client.post(f"{base}/khen-thuong", data={"kt-year": "1900", "kt-title": "Giấy khen",
                                                        "kt-decision_number": "X1"})
    html = response.get_data(as_text=True)
    assert "Năm phải từ 1945 đến 2100." in html and 'value="X1"' in html
    response = client.post(f"{base}/ky-luat", data={"kl-level": "khien_trach", "kl-decided_on": "20/08/2026",
                                                    "kl-decision_number": "5/QĐ-KL"})
    assert response.status_code == 302
    html = client.get(f"{base}/sua").get_data(as_text=True)
    assert "Bị kỷ luật khiển trách ngày 20/08/2026 trong thời gian xét: không đủ điều kiện khen thưởng." in html
    response = client.post(f"{base}/ky-luat", data={"kl-level": "", "kl-decided_on": "", "kl-note": "ghi chú giữ lại"})
    html = response.get_data(as_text=True)
    assert "Hãy chọn hình thức kỷ luật." in html and "ghi chú giữ lại" in html
    sanction = db.session.scalar(select(Sanction))
    assert client.post(f"{base}/ky-luat/{sanction.id}/xoa").status_code == 302
    assert client.post(f"{base}/khen-thuong/{record.id}/xoa").status_code == 302
    assert count(Sanction) == 0 and count(AwardRecord) == 0
    actions = {e.action for e in db.session.scalars(select(AuditEvent))}
    assert {"award_record.create", "award_record.delete", "sanction.create", "sanction.delete"} <= actions


def test_submit_needs_a_complete_dossier_then_locks_it(app, officer, world):
    client, user = officer
    nomination = nominate(user, world, world.an)
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/nop", data={"version": "1"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Chưa nộp được: Chưa nhập kết quả các tiêu chí: I1." in html
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.DRAFT
    complete(user, world, nomination)
    db.session.expire_all()
    version = db.session.get(Nomination, nomination.id).version
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/nop", data={"version": str(version)}, follow_redirects=True)
    assert "Đã nộp hồ sơ của Nguyễn Văn An" in response.get_data(as_text=True)
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination.id)
    assert nomination.status == NominationStatus.SUBMITTED and nomination.submitted_at is not None
    # locked: the form, the results, the files, the sub-forms
    assert client.get(f"/ho-so/de-nghi/{nomination.id}/sua").status_code == 302
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/sua", data={"summary": "Sửa sau khi nộp " * 5,
                                                                        "version": str(nomination.version)})
    html = response.get_data(as_text=True)
    assert "Hồ sơ đã nộp nên đã khóa." in html and "Sửa sau khi nộp" in html
    response = client.post(f"/ho-so/ket-qua/{world.phase.id}/P{world.an.id}/{world.i_on_time.id}",
                           data={"value": "50", "version": "1"})
    assert "đã nộp nên kết quả, minh chứng đã khóa" in response.get_data(as_text=True)
    result = db.session.scalar(select(Result).where(Result.criterion_id == world.i_training.id))
    response = client.post(f"/ho-so/ket-qua/tep/{result.id}/{result.files[0].id}/xoa", follow_redirects=True)
    assert "đã khóa" in response.get_data(as_text=True) and count(StoredFile) == 1
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/khen-thuong", data={"kt-year": "2025",
                                                                               "kt-title": "Giấy khen"})
    assert "Hồ sơ đã nộp nên đã khóa." in response.get_data(as_text=True)
    assert client.post(f"/ho-so/de-nghi/{nomination.id}/xoa", data={"version": "2"}).status_code == 302
    assert count(Nomination) == 1
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).summary == SUMMARY


def test_return_with_points_resubmit_accept_and_the_timeline(app, officer, world, make_user, login):
    client, user = officer
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.submit_nomination(user, db.session.get(Nomination, nomination.id))
    office, clerk = client_as(app, make_user, login, Role.OFFICE, full_name="Đỗ Thị Thanh Hương")
    queue = office.get("/tham-dinh").get_data(as_text=True)
    assert "Nguyễn Văn An" in queue and "Hồ sơ chờ thẩm định (1)" in queue
    page = office.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert 'data-testid="return-form"' in page and "Sửa hồ sơ" not in page
    assert "Tiêu chí I1" in page and "chung-nhan.pdf" in page  # results and their evidence
    version = db.session.get(Nomination, nomination.id).version
    # no reason: refused, what was typed stays
    response = office.post(f"/ho-so/de-nghi/{nomination.id}/tra-lai", data={
        "version": version, "points-0-topic": "evidence", "points-0-reason": "", "note": "Ghi chú của tôi"})
    html = response.get_data(as_text=True)
    assert "Hãy ghi ít nhất một điểm cần bổ sung, sửa chữa." in html and "Ghi chú của tôi" in html
    response = office.post(f"/ho-so/de-nghi/{nomination.id}/tra-lai", data={
        "version": version, "points-0-topic": "", "points-0-reason": "Thiếu quyết định"})
    html = response.get_data(as_text=True)
    assert "Hãy chọn nội dung cần sửa cho từng điểm đã ghi lý do." in html and "Thiếu quyết định" in html
    response = office.post(f"/ho-so/de-nghi/{nomination.id}/tra-lai", data={
        "version": version, "points-0-topic": "evidence", "points-0-reason": "Bổ sung giấy chứng nhận khóa học.",
        "points-1-topic": "summary", "points-1-reason": "Nêu số liệu cụ thể của năm 2026.",
        "points-2-topic": "", "points-2-reason": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == NominationStatus.RETURNED
    # the unit sees the points on its home page and on the dossier
    home = client.get("/").get_data(as_text=True)
    assert "Văn phòng yêu cầu bổ sung, sửa chữa" in home
    assert "<strong>Minh chứng:</strong> Bổ sung giấy chứng nhận khóa học." in home
    assert "<strong>Báo cáo thành tích:</strong> Nêu số liệu cụ thể của năm 2026." in home
    dossier = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert "Bổ sung giấy chứng nhận khóa học." in dossier and "Nộp lại hồ sơ" in dossier
    # corrected and resubmitted
    edit_version = db.session.get(Nomination, nomination.id).version
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/sua", data={
        "summary": SUMMARY + " Năm 2026 xử lý 1.250 hồ sơ.", "duties": "Chuyên viên", "version": edit_version,
        "files": pdf("Giấy chứng nhận.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302, messages(response)
    db.session.expire_all()
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/nop",
                           data={"version": db.session.get(Nomination, nomination.id).version})
    assert response.status_code == 302
    db.session.expire_all()
    version = db.session.get(Nomination, nomination.id).version
    response = office.post(f"/ho-so/de-nghi/{nomination.id}/chap-nhan", data={"version": version,
                                                                             "note": "Hồ sơ đầy đủ."})
    assert response.status_code == 302
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination.id)
    assert nomination.status == NominationStatus.ACCEPTED
    assert [(e.action, e.actor_name) for e in nomination.events] == [
        ("created", "Hoàng Thu Hà"), ("submitted", "Hoàng Thu Hà"), ("returned", "Đỗ Thị Thanh Hương"),
        ("resubmitted", "Hoàng Thu Hà"), ("accepted", "Đỗ Thị Thanh Hương")]
    html = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    timeline = html[html.index('data-testid="timeline"'):]
    steps = ["Tạo hồ sơ", "Nộp hồ sơ", "Trả lại để bổ sung, sửa chữa", "Nộp lại sau khi bổ sung",
             "Thẩm định đạt, chuyển Hội đồng"]
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)
    assert timeline.count("Hoàng Thu Hà") == 3 and timeline.count("Đỗ Thị Thanh Hương") == 2
    assert "Hồ sơ đầy đủ." in timeline and "Đã thẩm định, chờ Hội đồng" in html
    # accepting twice, returning an accepted dossier: refused
    response = office.post(f"/ho-so/de-nghi/{nomination.id}/tra-lai", data={
        "version": nomination.version, "points-0-topic": "other", "points-0-reason": "x"}, follow_redirects=True)
    assert "Chỉ trả lại hồ sơ đang chờ thẩm định." in response.get_data(as_text=True)


def test_two_saves_of_the_same_nomination_the_second_is_refused(app, officer, world, make_user, login):
    first, user = officer
    nomination = nominate(user, world, world.an)
    second, _ = client_as(app, make_user, login, Role.UNIT_OFFICER, world.khdt)
    url = f"/ho-so/de-nghi/{nomination.id}/sua"
    assert first.post(url, data={"summary": "Bản của người thứ nhất", "version": "1"}).status_code == 302
    response = second.post(url, data={"summary": "Bản của người thứ hai, viết lâu hơn", "duties": "Nhiệm vụ B",
                                      "version": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Người khác đã lưu bản ghi này" in html
    assert "Bản của người thứ hai, viết lâu hơn" in html and "Nhiệm vụ B" in html
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).summary == "Bản của người thứ nhất"
    # a stale submit is refused too
    response = second.post(f"/ho-so/de-nghi/{nomination.id}/nop", data={"version": "1"}, follow_redirects=True)
    assert "Người khác đã lưu bản ghi này" in response.get_data(as_text=True)


@pytest.mark.parametrize("closing", ["locked", "past", "draft_campaign"])
def test_a_closed_window_blocks_every_write_and_says_why(officer, world, closing):
    client, user = officer
    nomination = nominate(user, world, world.an)
    phase = db.session.get(Phase, world.phase.id)
    if closing == "locked":
        phase.units_may_edit = False
        message = "Giai đoạn 1 (2026–2027): Văn phòng đã khóa, đơn vị không được sửa hồ sơ."
    elif closing == "past":
        phase.nomination_closes_at = NOW - dt.timedelta(hours=1)
        message = f"đã hết hạn nộp hồ sơ lúc {(NOW - dt.timedelta(hours=1)).strftime('%H:%M %d/%m/%Y')}"
    else:
        phase.campaign.status = CampaignStatus.DRAFT
        message = "phong trào chưa được phát động"
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert message in html and "Không nhận hồ sơ" in html if closing != "draft_campaign" else True
    edit = client.get(f"/ho-so/de-nghi/{nomination.id}/sua").get_data(as_text=True)
    assert message in edit and "<fieldset disabled>" in edit and "Nộp hồ sơ" not in edit
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/sua", data={"summary": "Nội dung tôi vừa gõ",
                                                                        "version": "1"})
    html = response.get_data(as_text=True)
    assert message in html and "Nội dung tôi vừa gõ" in html
    response = client.post(f"/ho-so/ket-qua/{world.phase.id}/P{world.an.id}/{world.i_on_time.id}",
                           data={"value": "96", "explanation": "Giải trình giữ lại", "version": "0"})
    html = response.get_data(as_text=True)
    if closing == "draft_campaign":  # a draft campaign's phase is the office's alone
        assert response.status_code == 404
    else:
        assert message in html and "Giải trình giữ lại" in html
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/nop", data={"version": "1"}, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    new = client.get("/ho-so/de-nghi/moi").get_data(as_text=True)
    assert "Hiện không có giai đoạn nào đang nhận hồ sơ." in new
    if closing == "draft_campaign":  # a draft campaign's phase is the office's alone
        assert client.get(f"/ho-so/ket-qua/{world.phase.id}").status_code == 404
    response = client.post("/ho-so/de-nghi/moi", data={"phase_id": world.phase.id, "nominee_kind": "individual",
                                                       "award_form_id": world.gk.id, "person_id": world.binh.id})
    assert response.status_code == 200 and count(Nomination) == 1
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).summary != "Nội dung tôi vừa gõ" and count(Result) == 0


# --- files ----------------------------------------------------------------------------------------


def test_nomination_files_are_stored_served_and_deleted_from_disk(app, officer, world, make_user, login):
    client, user = officer
    nomination = nominate(user, world, world.an)
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/sua", data={
        "summary": SUMMARY, "version": "1", "files": [pdf("Báo cáo thành tích.pdf"), (io.BytesIO(PNG), "ảnh.png")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    files = db.session.get(Nomination, nomination.id).files
    assert sorted(f.original_name for f in files) == ["Báo cáo thành tích.pdf", "ảnh.png"]
    assert len(disk_files(app)) == 2
    first = next(f for f in files if f.extension == "pdf")
    url = f"/ho-so/de-nghi/{nomination.id}/tep/{first.id}"
    assert client.get(url).data == PDF
    other, _ = client_as(app, make_user, login, Role.UNIT_OFFICER, world.dngs)
    assert other.get(url).status_code == 403
    assert other.post(url + "/xoa").status_code == 403
    # a file of another dossier, through this dossier's URL: not found
    own = nominate(user, world, world.binh)
    assert client.get(f"/ho-so/de-nghi/{own.id}/tep/{first.id}").status_code == 404
    path = file_service.open_file(first)
    assert client.post(url + "/xoa").status_code == 302
    assert not path.exists() and len(disk_files(app)) == 1 and count(StoredFile) == 1
    # a draft deleted: its files go too
    db.session.expire_all()
    nomination_id = nomination.id
    version = db.session.get(Nomination, nomination_id).version
    assert client.post(f"/ho-so/de-nghi/{nomination_id}/xoa", data={"version": version}).status_code == 302
    assert count(StoredFile) == 0 and disk_files(app) == set()
    assert db.session.get(Nomination, nomination_id) is None


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"", "bao-cao.pdf", "Tệp trống: không có nội dung."),
    (b"Day la van ban thuong, khong phai PDF.\n", "bao-cao.pdf", "Nội dung tệp không khớp với phần mở rộng .pdf."),
    (PDF, "bao-cao.docx", "Nội dung tệp không khớp với phần mở rộng .docx"),
    (PDF, "bao-cao.exe", "Loại tệp không được chấp nhận"),
    ("big", "bao-cao.pdf", "Tệp quá lớn: tối đa 1 MB."),
])
def test_a_bad_file_is_refused_beside_its_field_and_the_rest_is_saved(app, officer, world, content, filename,
                                                                      message):
    """A refused file is named beside the file field; what else was typed, and the valid files chosen with it,
    are saved (the browser cannot keep chosen files across a refusal, so nothing valid is dropped)."""
    client, user = officer
    nomination = nominate(user, world, world.an)
    saved = app.config["MAX_UPLOAD_MB"]
    app.config["MAX_UPLOAD_MB"] = 1
    said = f"«{filename}» chưa được lưu: {message}"

    def beside_the_field(response):
        assert response.status_code == 302
        html = client.get(response.headers["Location"]).get_data(as_text=True)
        feedback = re.search(r'id="files-feedback" class="invalid-feedback">(.*?)</div>', html, re.S).group(1)
        assert said in feedback and said not in html.split('id="files-feedback"')[0]

    try:
        data = PDF + b"0" * (1024 * 1024) if content == "big" else content
        beside_the_field(client.post(f"/ho-so/de-nghi/{nomination.id}/sua", data={
            "summary": "Nội dung giữ lại sau lỗi", "version": "1", "files": [pdf(), (io.BytesIO(data), filename)]},
            content_type="multipart/form-data"))
        db.session.expire_all()
        kept = db.session.get(Nomination, nomination.id)
        assert kept.summary == "Nội dung giữ lại sau lỗi"
        assert [f.original_name for f in kept.files] == ["minh-chung.pdf"] and len(disk_files(app)) == 1
        # the same on a result and on an initiative
        beside_the_field(client.post(f"/ho-so/ket-qua/{world.phase.id}/P{world.an.id}/{world.i_training.id}",
                                     data={"explanation": "Giải trình", "version": "0",
                                           "files": (io.BytesIO(data), filename)},
                                     content_type="multipart/form-data"))
        beside_the_field(client.post("/ho-so/sang-kien/moi", data={**initiative_form(world),
                                                                  "files": (io.BytesIO(data), filename)},
                                     content_type="multipart/form-data"))
        assert count(StoredFile) == 1 and count(Result) == 1 and count(Initiative) == 1 and len(disk_files(app)) == 1
    finally:
        app.config["MAX_UPLOAD_MB"] = saved


# --- who may open what ----------------------------------------------------------------------------


@pytest.fixture
def dossier(officer, world):
    """A nomination of An with a result and an initiative, each with a file."""
    _, user = officer
    nomination = complete(user, world, nominate(user, world, world.an))
    nomination_service.update_nomination(user, nomination, {}, uploads=[SimpleNamespace(filename="ho-so.pdf",
                                                                             stream=io.BytesIO(PDF))],
                              seen_version=nomination.version)
    initiative = initiative_service.save_initiative(user, {"title": "Sáng kiến bí mật của KHĐT"}, [(world.an.id, Decimal(100))],
                                         unit=world.khdt, uploads=[SimpleNamespace(filename="sk.pdf",
                                                                                   stream=io.BytesIO(PDF))])
    result = db.session.scalar(select(Result).where(Result.criterion_id == world.i_training.id))
    award = nomination_service.add_award_record(user, nomination, {"year": 2025, "title": "Giấy khen"})
    sanction = nomination_service.add_sanction(user, nomination, {"level": "khien_trach", "decided_on": dt.date(2025, 1, 5)})
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination.id)
    return SimpleNamespace(nomination=nomination, result=result, initiative=initiative, award=award,
                           sanction=sanction, n_file=nomination.files[0], r_file=result.files[0],
                           i_file=initiative.files[0])


def routes(world, d):
    """(method, url, data, who may): 'read' for unit officer and office, 'unit' for the unit officer only,
    'office' for the office only."""
    n, r, i = d.nomination.id, d.result.id, d.initiative.id
    phase = world.phase.id
    return [
        ("GET", f"/ho-so/ket-qua/{phase}?don-vi={world.khdt.id}", None, "read"),
        ("GET", f"/ho-so/ket-qua/{phase}/P{world.an.id}/{world.i_on_time.id}", None, "read"),
        ("POST", f"/ho-so/ket-qua/{phase}/P{world.an.id}/{world.i_on_time.id}", {"value": "1", "version": "9"},
         "unit"),
        ("GET", f"/ho-so/ket-qua/tep/{r}/{d.r_file.id}", None, "read"),
        ("POST", f"/ho-so/ket-qua/tep/{r}/{d.r_file.id}/xoa", {}, "unit"),
        ("GET", f"/ho-so/sang-kien/{i}", None, "read"),
        ("POST", f"/ho-so/sang-kien/{i}", {"title": "Đổi tên", "version": "9"}, "unit"),
        ("POST", f"/ho-so/sang-kien/{i}/xoa", {"version": "9"}, "unit"),
        ("GET", f"/ho-so/sang-kien/{i}/tep/{d.i_file.id}", None, "read"),
        ("POST", f"/ho-so/sang-kien/{i}/tep/{d.i_file.id}/xoa", {}, "unit"),
        ("GET", f"/ho-so/de-nghi/{n}", None, "read"),
        ("GET", f"/ho-so/de-nghi/{n}/sua", None, "unit"),
        ("POST", f"/ho-so/de-nghi/{n}/sua", {"summary": "Ghi đè", "version": "9"}, "unit"),
        ("POST", f"/ho-so/de-nghi/{n}/nop", {"version": "9"}, "unit"),
        ("POST", f"/ho-so/de-nghi/{n}/xoa", {"version": "9"}, "unit"),
        ("POST", f"/ho-so/de-nghi/{n}/khen-thuong", {"kt-year": "2024", "kt-title": "Giấy khen"}, "unit"),
        ("POST", f"/ho-so/de-nghi/{n}/khen-thuong/{d.award.id}/xoa", {}, "unit"),
        ("POST", f"/ho-so/de-nghi/{n}/ky-luat", {"kl-level": "canh_cao", "kl-decided_on": "01/02/2026"}, "unit"),
        ("POST", f"/ho-so/de-nghi/{n}/ky-luat/{d.sanction.id}/xoa", {}, "unit"),
        ("GET", f"/ho-so/de-nghi/{n}/tep/{d.n_file.id}", None, "read"),
        ("POST", f"/ho-so/de-nghi/{n}/tep/{d.n_file.id}/xoa", {}, "unit"),
        ("GET", f"/ho-so/de-nghi/dieu-kien?ho-so={n}", None, "read"),
        ("GET", f"/ho-so/de-nghi/dieu-kien?phase_id={phase}&award_form_id={world.gk.id}&nominee_kind=individual"
                f"&person_id={world.an.id}", None, "unit"),
        ("GET", f"/ho-so/de-nghi/{n}/bao-cao-thanh-tich.docx", None, "read"),
        ("POST", f"/ho-so/de-nghi/{n}/chap-nhan", {"version": "9"}, "office"),
        ("POST", f"/ho-so/de-nghi/{n}/tra-lai", {"version": "9", "points-0-topic": "other",
                                                 "points-0-reason": "x"}, "office"),
        ("GET", "/tham-dinh", None, "office"),
        ("GET", "/ho-so/de-nghi/moi", None, "any_unit"),
        ("GET", "/ho-so/sang-kien/moi", None, "any_unit"),
    ]


def _snapshot(app):
    db.session.expire_all()
    return (count(Nomination), count(Result), count(Initiative), count(StoredFile), count(AwardRecord),
            count(Sanction), len(disk_files(app)), db.session.scalar(select(Nomination.summary)),
            db.session.scalar(select(Initiative.title)), db.session.scalar(select(Nomination.status)))


@pytest.mark.parametrize("role", ["other_unit", Role.OFFICE, Role.ADMIN, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR,
                                  Role.COUNCIL_SECRETARY, Role.LEADER])
def test_route_matrix(app, world, dossier, make_user, login, role):
    """Nobody but the unit's own officer writes; nobody outside the unit and the office reads; the office
    never writes a unit's content. By every route, with the real ids."""
    if role == "other_unit":
        client, _ = client_as(app, make_user, login, Role.UNIT_OFFICER, world.dngs)
    else:
        client, _ = client_as(app, make_user, login, role)
    before = _snapshot(app)
    for method, url, data, who in routes(world, dossier):
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        if role in Role.MANAGERS and who in ("read", "office"):
            assert response.status_code in (200, 302), (role, method, url, response.status_code)
            continue
        if role == "other_unit" and who == "any_unit":
            assert response.status_code == 200, url
            continue
        assert response.status_code in (403, 404), (role, method, url, response.status_code)
    after = _snapshot(app)
    assert after[:7] == before[:7] and after[7:9] == before[7:9], role
    # the lists show nothing of another unit
    if role == "other_unit":
        for url in ("/ho-so/de-nghi", "/ho-so/sang-kien", f"/ho-so/ket-qua/{world.phase.id}", "/"):
            html = client.get(url).get_data(as_text=True)
            assert "Nguyễn Văn An" not in html and "Sáng kiến bí mật của KHĐT" not in html, url
        assert client.get(f"/ho-so/de-nghi?don-vi={world.khdt.id}").status_code == 403
        assert client.get(f"/ho-so/sang-kien?don-vi={world.khdt.id}").status_code == 403
    elif role not in Role.MANAGERS:
        for url in ("/ho-so/de-nghi", "/ho-so/sang-kien", "/ho-so/ket-qua", "/tham-dinh"):
            assert client.get(url).status_code == 403, (role, url)


def test_office_reads_every_list_and_the_menu_items(app, world, dossier, make_user, login, officer):
    office, _ = client_as(app, make_user, login, Role.OFFICE)
    home = office.get("/").get_data(as_text=True)
    assert "Thẩm định hồ sơ</a>" in home
    assert "Nguyễn Văn An" in office.get("/ho-so/de-nghi").get_data(as_text=True)
    assert "Sáng kiến bí mật của KHĐT" in office.get("/ho-so/sang-kien").get_data(as_text=True)
    html = office.get(f"/ho-so/ket-qua/{world.phase.id}?don-vi={world.khdt.id}").get_data(as_text=True)
    assert "Nguyễn Văn An" in html and "Nhập<" not in html
    html = office.get(f"/ho-so/de-nghi?trang-thai=draft&don-vi={world.dngs.id}").get_data(as_text=True)
    assert "Nguyễn Văn An" not in html
    client, _ = officer
    assert "Hồ sơ thi đua</a>" in client.get("/").get_data(as_text=True)


def test_the_achievement_report_downloads_as_docx(officer, world):
    client, user = officer
    nomination = nominate(user, world, world.an)
    response = client.get(f"/ho-so/de-nghi/{nomination.id}/bao-cao-thanh-tich.docx")
    assert response.status_code == 200
    assert response.data[:2] == b"PK"  # a .docx is a zip
    assert response.headers["Content-Disposition"].startswith("attachment; filename=bao-cao-thanh-tich-")


# --- planned queries ------------------------------------------------------------------------------


def _grow(world, user, make_person, n):
    for index in range(n):
        person = make_person(f"Cán Bộ Thứ {index}", world.khdt)
        nomination = nominate(user, world, person, world.gk if index % 2 else world.ldtt)
        results_service.save_result(user, phase=world.phase, criterion=world.i_on_time, unit=world.khdt, person=person,
                            value=Decimal(90 + index % 10), explanation="")
        initiative_service.save_initiative(user, {"title": f"Sáng kiến {index}"}, [(person.id, Decimal(100))], unit=world.khdt,
                                uploads=[SimpleNamespace(filename=f"sk{index}.pdf", stream=io.BytesIO(PDF))])
        if index % 3 == 0:
            complete_person(user, world, nomination, person)


def complete_person(user, world, nomination, person):
    upload = SimpleNamespace(filename="cn.pdf", stream=io.BytesIO(PDF))
    results_service.save_result(user, phase=world.phase, criterion=world.i_training, unit=world.khdt, person=person,
                        value=None, explanation="Hoàn thành", uploads=[upload])
    db.session.refresh(nomination)
    nomination_service.update_nomination(user, nomination, {"summary": SUMMARY}, seen_version=nomination.version)
    nomination_service.submit_nomination(user, nomination)


def test_list_pages_run_the_same_number_of_queries_at_two_sizes(app, officer, world, make_person, make_user, login,
                                                                 count_queries):
    client, user = officer
    office, _ = client_as(app, make_user, login, Role.OFFICE)
    pages = [(client, "/"), (client, "/ho-so/de-nghi"), (client, "/ho-so/sang-kien"),
             (client, f"/ho-so/ket-qua/{world.phase.id}"), (office, "/tham-dinh"), (office, "/ho-so/de-nghi"),
             (office, "/ho-so/sang-kien")]

    def measure():
        counts = []
        for who, url in pages:
            with count_queries() as counter:
                response = who.get(url)
            assert response.status_code == 200, url
            counts.append(counter.count)
        return counts

    _grow(world, user, make_person, 3)
    small = measure()
    _grow(world, user, make_person, 9)
    large = measure()
    assert small == large, list(zip([u for _, u in pages], small, large, strict=True))
    html = client.get("/").get_data(as_text=True)
    assert len(re.findall('data-testid="home-nomination"', html)) == 12


def test_members_proposed_in_the_same_round_count_for_a_collective(officer, world):
    client, user = officer
    ttldtt = make_award_form("TTLDTT", "Tập thể lao động tiên tiến", "collective", position=5, conditions=[
        ("member_title_share", {"title_id": world.ldtt.id, "percent": Decimal(50), "strict": True})])
    db.session.commit()
    args = {"phase_id": world.phase.id, "award_form_id": ttldtt.id, "nominee_kind": "collective",
            "nominee_unit_id": world.khdt_sub.id}
    html = client.get("/ho-so/de-nghi/dieu-kien", query_string=args).get_data(as_text=True)
    assert "Tỷ lệ thành viên đạt «Lao động tiên tiến» là 0% (0/1), cần trên 50%." in html
    nominate(user, world, world.dung, world.ldtt)
    nominate(user, world, world.dung, world.gk)
    html = client.get("/ho-so/de-nghi/dieu-kien", query_string=args).get_data(as_text=True)
    assert "đủ điều kiện" in html
    assert "Tính cả 1 thành viên đang được đề nghị «Lao động tiên tiến» cùng đợt." in html
    assert "Giấy khen" not in html  # a title the conditions do not count is not mentioned


def test_dossier_pages_have_no_inline_script_or_style(officer, world):
    client, user = officer
    nomination = nominate(user, world, unit=world.khdt, award=world.ttldxs)
    initiative = initiative_service.save_initiative(user, {"title": "Sáng kiến"}, [(world.an.id, Decimal(100))], unit=world.khdt)
    for url in ("/", "/ho-so/de-nghi", "/ho-so/de-nghi/moi", f"/ho-so/de-nghi/{nomination.id}",
                f"/ho-so/de-nghi/{nomination.id}/sua", f"/ho-so/ket-qua/{world.phase.id}",
                f"/ho-so/ket-qua/{world.phase.id}/U{world.khdt.id}/{world.c_digitised.id}", "/ho-so/sang-kien",
                "/ho-so/sang-kien/moi", f"/ho-so/sang-kien/{initiative.id}"):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert " style=" not in html and "hx-on" not in html, url


# --- one figure on the screens and in the documents (issue 7) -------------------------------------


def _report_row(data: bytes, label: str) -> list[str]:
    from docx import Document

    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if len(cells) > 1 and cells[1].startswith(label):
                return cells
    raise AssertionError(f"no row {label!r} in the report")


@pytest.mark.parametrize(("value", "target", "higher", "shown"), [
    ("99", "95", True, "100"),  # above the target (the report printed 104,2)
    ("95", "95", True, "100"),  # exactly at the target
    ("90", "95", True, "94,7"),  # below
    ("3", "5", False, "100"),  # lower is better, better than the target (the report printed 166,7)
    ("7", "5", False, "71,4"),  # lower is better, worse than the target
    ("0", "95", True, "0"),  # zero (the report printed nothing)
    ("80", None, True, None),  # no target
])
def test_the_report_and_the_screens_show_the_same_attainment(officer, world, value, target, higher, shown):
    client, user = officer
    criterion = world.i_on_time
    criterion.higher_is_better = higher
    if target is None:
        criterion.targets.clear()
    else:
        criterion.targets[0].value = Decimal(target)
    db.session.commit()
    nomination = nominate(user, world, world.an)
    results_service.save_result(user, phase=world.phase, criterion=criterion, unit=world.khdt, person=world.an,
                                value=Decimal(value), explanation="")
    html = client.get(f"/ho-so/ket-qua/{world.phase.id}").get_data(as_text=True)
    on_screen = re.findall(r'data-testid="attainment">([^<]*)%<', html)
    dossier = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    in_dossier = re.findall(r'data-testid="attainment">([^<]*)%<', dossier)
    row = _report_row(client.get(f"/ho-so/de-nghi/{nomination.id}/bao-cao-thanh-tich.docx").data, "Tiêu chí I1")
    assert on_screen == in_dossier == ([shown] if shown is not None else [])
    assert row[4] == (shown or "")


def test_a_january_sanction_before_the_phase_rules_out_on_screen_and_is_printed(officer, world):
    client, user = officer
    world.phase.start_date = dt.date(2026, 3, 1)  # the phase starts after the sanction
    db.session.commit()
    nomination = nominate(user, world, world.an, award=world.gk)
    nomination_service.add_sanction(user, nomination, {"level": "khien_trach", "decided_on": dt.date(2026, 1, 15),
                                                       "decision_number": "03/QĐ-KKTKCN", "note": "Chậm báo cáo"})
    html = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert "Bị kỷ luật khiển trách ngày 15/01/2026" in html
    from docx import Document

    report = Document(io.BytesIO(client.get(f"/ho-so/de-nghi/{nomination.id}/bao-cao-thanh-tich.docx").data))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "khiển trách" in text.lower() and "03/QĐ-KKTKCN" in text
