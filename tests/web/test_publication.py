"""Công khai (services/publication.py, web/documents/publication.py): the office publishes an approved session's
recommended list for a set number of days, every account sees it and files objections while it is open, the
office handles them; what issuing (issue_blockers) and the documents (summary_sentence) read of it; who may do
what; the public page's queries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import AuditEvent, Nomination, NominationStatus, Objection, Publication, Role, local_now
from campaign.services import PermissionDenied, ServiceError, decisions
from campaign.services import publication as service
from tests.web import test_documents

approved = test_documents.approved  # the fixture: the council world approved, with the office
TODAY = local_now().date()


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def published(world, *, start: dt.date = TODAY, days: int = 7) -> Publication:
    return service.publish(world.office, world.session, starts_on_text=d(start), days_text=str(days),
                           note="Mọi ý kiến gửi Văn phòng trước hạn.", today=TODAY)


def logout(client):
    client.post("/dang-xuat")


def publish_data(start="", days="", note=""):
    return {"ck-starts_on": start, "ck-days": days, "ck-note": note}


# --- publishing -----------------------------------------------------------------------------------------------


def test_the_office_publishes_from_its_page(approved, client, login):
    world = approved()
    login(client, world.office)
    page = client.get(f"/van-ban/phien/{world.session.id}/cong-khai")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'value="{d(TODAY + dt.timedelta(days=1))}"' in html and 'value="7"' in html  # the defaults
    assert "Lý Thị Mai" in html and "Giấy khen của Trưởng Ban" in html
    assert "Công khai và ý kiến phản ánh" in client.get(f"/van-ban/phien/{world.session.id}").get_data(as_text=True)
    response = client.post(f"/van-ban/phien/{world.session.id}/cong-khai/dang",
                           data=publish_data(d(TODAY), "5", "Ghi chú"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    publication = db.session.scalars(select(Publication)).one()
    assert (publication.starts_on, publication.ends_on, publication.days) == (TODAY, TODAY + dt.timedelta(days=4), 5)
    assert publication.created_by_id == world.office.id and publication.note == "Ghi chú"
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "publication.publish")).one()
    html = client.get(f"/van-ban/phien/{world.session.id}/cong-khai").get_data(as_text=True)
    assert "Đang công khai" in html and f"đến hết ngày {d(publication.ends_on)}" in html
    # One current publication a session.
    with pytest.raises(ServiceError, match="hãy thu hồi trước khi công khai lại"):
        published(world)


@pytest.mark.parametrize("start, days, field, message", [
    ("", "7", "starts_on", "Hãy nhập ngày bắt đầu công khai"),
    ("31/02/2027", "7", "starts_on", "Ngày không hợp lệ"),
    ("abc", "7", "starts_on", "Ngày không hợp lệ"),
    (d(TODAY - dt.timedelta(days=1)), "7", "starts_on", "không thể trước hôm nay"),
    ("TOMORROW", "abc", "days", "Số ngày công khai là một số nguyên từ 1 đến 30"),
    ("TOMORROW", "31", "days", "Số ngày công khai là một số nguyên từ 1 đến 30"),
    ("TOMORROW", "0", "days", "Số ngày công khai là một số nguyên từ 1 đến 30"),
    ("TOMORROW", "", "days", "Hãy nhập số ngày công khai"),
    ("TOMORROW", "x" * 10000, "days", "Không được dài quá 3 ký tự"),
    ("x" * 10000, "7", "starts_on", "Không được dài quá 20 ký tự"),
])
def test_bad_dates_or_days_are_refused_beside_the_field_and_kept(approved, client, login, start, days, field,
                                                                   message):
    world = approved()
    login(client, world.office)
    start = d(TODAY + dt.timedelta(days=1)) if start == "TOMORROW" else start
    response = client.post(f"/van-ban/phien/{world.session.id}/cong-khai/dang",
                           data=publish_data(start, days, "Ghi chú của tôi"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert f'id="ck-{field}" ' in html and "is-invalid" in html
    assert "Ghi chú của tôi" in html  # what was typed stays
    if len(start) < 50:
        assert f'value="{start}"' in html
    assert db.session.scalar(select(func.count(Publication.id))) == 0


def test_publishing_needs_an_approved_session(council_world, make_user):
    world = council_world()
    office = make_user("vp.ck", role=Role.OFFICE)
    with pytest.raises(ServiceError, match="đã phê duyệt"):
        service.publish(office, world.session, starts_on_text=d(TODAY), days_text="7")


def test_a_long_note_is_refused(approved):
    world = approved()
    with pytest.raises(ServiceError) as error:
        service.publish(world.office, world.session, starts_on_text=d(TODAY), days_text="7", note="x" * 3000)
    assert error.value.field == "note"


# --- everyone sees it -------------------------------------------------------------------------------------------


def test_every_role_sees_the_list_without_scores(approved, client, login, make_user):
    world = approved()
    published(world)
    leader = make_user("lanhdao.ck", role=Role.LEADER)
    for user in (world.office, world.officers["DNGS"], world.users[3], world.chair, world.secretary, leader):
        login(client, user)
        response = client.get("/cong-khai")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, user.role
        assert html.count('data-testid="published-row"') == 5, user.role
        assert "Lý Thị Mai" in html and "Phòng Kế hoạch – Đầu tư" in html and "Lao động tiên tiến" in html
        assert "phiếu" not in html.split('data-testid="publication"')[1].split("Gửi ý kiến")[0]
        assert "điểm" not in html.split('data-testid="publication"')[1].split("Gửi ý kiến")[0]
        assert 'href="/cong-khai"' in html  # the menu item
        logout(client)


def test_the_page_says_when_nothing_is_published(approved, client, login):
    world = approved()
    login(client, world.officers["KHDT"])
    html = client.get("/cong-khai").get_data(as_text=True)
    assert "Hiện không có danh sách nào đang được công khai." in html
    # A publication that starts tomorrow is not shown yet.
    published(world, start=TODAY + dt.timedelta(days=1))
    html = client.get("/cong-khai").get_data(as_text=True)
    assert "Hiện không có danh sách nào đang được công khai." in html


# --- objections --------------------------------------------------------------------------------------------------


def test_a_unit_officer_files_an_objection_and_reads_the_answer(approved, client, login):
    world = approved()
    publication = published(world)
    target = world.nominations[1]
    officer = world.officers["DNGS"]
    login(client, officer)
    response = client.post(f"/cong-khai/{publication.id}/y-kien", data={
        f"ck{publication.id}-nomination_id": str(target.id),
        f"ck{publication.id}-text": "Cá nhân này chưa hoàn thành sáng kiến như báo cáo."})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    objection = db.session.scalars(select(Objection)).one()
    assert (objection.nomination_id, objection.author_id, objection.author_name) == (target.id, officer.id,
                                                                                      officer.full_name)
    assert objection.handling is None
    html = client.get("/cong-khai").get_data(as_text=True)
    assert "Cá nhân này chưa hoàn thành sáng kiến" in html and "Văn phòng đang xem xét." in html
    logout(client)
    # Another account does not see it; the office does, and handles it.
    login(client, world.officers["VP"])
    assert "Cá nhân này chưa hoàn thành" not in client.get("/cong-khai").get_data(as_text=True)
    logout(client)
    login(client, world.office)
    html = client.get(f"/van-ban/phien/{world.session.id}/cong-khai").get_data(as_text=True)
    assert "Cá nhân này chưa hoàn thành sáng kiến" in html and "Chưa xử lý" in html
    prefix = f"yk{objection.id}"
    response = client.post(f"/van-ban/y-kien/{objection.id}/xu-ly", data={
        f"{prefix}-version": objection.version, f"{prefix}-handling": "rejected",
        f"{prefix}-note": "Sáng kiến đã được Hội đồng sáng kiến công nhận ngày 05/10."})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    objection = db.session.get(Objection, objection.id)
    assert objection.handling == "rejected" and objection.handled_by_id == world.office.id
    assert objection.handled_at is not None
    logout(client)
    login(client, officer)
    html = client.get("/cong-khai").get_data(as_text=True)
    assert "Không chấp nhận" in html and "Sáng kiến đã được Hội đồng sáng kiến công nhận" in html


@pytest.mark.parametrize("nomination, text, field, message", [
    ("", "", "text", "Hãy ghi nội dung ý kiến phản ánh"),
    ("", "ngắn", "text", "Nội dung quá ngắn"),
    ("", "x" * 10000, "text", "Không được dài quá 5000 ký tự"),
    ("abc", "Một ý kiến đủ dài để gửi.", "nomination_id", "Hãy chọn một tập thể, cá nhân có trong danh sách"),
    ("999999", "Một ý kiến đủ dài để gửi.", "nomination_id", "Hãy chọn một tập thể, cá nhân có trong danh sách"),
])
def test_a_bad_objection_is_refused_beside_its_field(approved, client, login, nomination, text, field, message):
    world = approved()
    publication = published(world)
    login(client, world.users[3])
    prefix = f"ck{publication.id}"
    response = client.post(f"/cong-khai/{publication.id}/y-kien",
                           data={f"{prefix}-nomination_id": nomination, f"{prefix}-text": text})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert f'id="{prefix}-{field}"' in html
    if text and len(text) < 100:
        assert text in html
    assert db.session.scalar(select(func.count(Objection.id))) == 0


def test_objections_only_while_the_publication_is_open(approved, client, login):
    world = approved()
    publication = published(world, start=TODAY + dt.timedelta(days=1), days=3)
    user = world.officers["KHDT"]
    with pytest.raises(ServiceError, match="ý kiến phản ánh được nhận từ ngày đó"):
        service.file_objection(user, publication, nomination_id=None, text="Một ý kiến đủ dài.")
    # Open on its first and its last day …
    for day in (publication.starts_on, publication.ends_on):
        service.file_objection(user, publication, nomination_id=None, text=f"Ý kiến ngày {d(day)}.", today=day)
    # … closed the day after.
    with pytest.raises(ServiceError, match="Thời hạn công khai đã kết thúc"):
        service.file_objection(user, publication, nomination_id=None, text="Một ý kiến muộn.",
                               today=publication.ends_on + dt.timedelta(days=1))
    # On the page: refused with the reason, nothing stored.
    login(client, user)
    response = client.post(f"/cong-khai/{publication.id}/y-kien", data={
        f"ck{publication.id}-nomination_id": "", f"ck{publication.id}-text": "Ý kiến qua trang web."},
        follow_redirects=True)
    assert "ý kiến phản ánh được nhận từ ngày đó" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Objection.id))) == 2


def test_the_same_objection_twice_is_refused(approved):
    world = approved()
    publication = published(world)
    service.file_objection(world.chair, publication, nomination_id=None, text="Danh sách thiếu một người.")
    with pytest.raises(ServiceError, match="đã gửi đúng ý kiến này"):
        service.file_objection(world.chair, publication, nomination_id=None, text="Danh sách thiếu một người.")


@pytest.mark.parametrize("handling, note, field, message", [
    ("", "Một nội dung xử lý đủ dài.", "handling", "Hãy chọn tiếp thu hoặc không chấp nhận."),
    ("maybe", "Một nội dung xử lý đủ dài.", "handling", "Hãy chọn tiếp thu hoặc không chấp nhận."),
    ("accepted", "", "note", "Hãy ghi nội dung tiếp thu"),
    ("rejected", "ngắn", "note", "Hãy ghi lý do, căn cứ không chấp nhận."),
    ("rejected", "x" * 10000, "note", "Không được dài quá 5000 ký tự"),
])
def test_a_bad_handling_is_refused_beside_its_field(approved, client, login, handling, note, field, message):
    world = approved()
    publication = published(world)
    objection = service.file_objection(world.users[3], publication, nomination_id=None, text="Danh sách thiếu.")
    login(client, world.office)
    prefix = f"yk{objection.id}"
    response = client.post(f"/van-ban/y-kien/{objection.id}/xu-ly", data={
        f"{prefix}-version": objection.version, f"{prefix}-handling": handling, f"{prefix}-note": note})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html, html[:3000]
    if note and len(note) < 100:
        assert note in html
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).handling is None


# --- withdrawing ---------------------------------------------------------------------------------------------------


def test_withdrawing_hides_the_list_and_allows_a_new_one(approved, client, login):
    world = approved()
    publication = published(world)
    service.file_objection(world.users[3], publication, nomination_id=None, text="Danh sách thiếu một người.")
    login(client, world.office)
    response = client.post(f"/van-ban/cong-khai/{publication.id}/thu-hoi",
                           data={"th-version": publication.version, "th-reason": ""})
    assert response.status_code == 422 and "Hãy ghi lý do thu hồi." in response.get_data(as_text=True)
    response = client.post(f"/van-ban/cong-khai/{publication.id}/thu-hoi",
                           data={"th-version": publication.version, "th-reason": "Sai số ngày công khai."})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    publication = db.session.get(Publication, publication.id)
    assert publication.withdrawn_at is not None and publication.withdrawn_reason == "Sai số ngày công khai."
    assert service.publication_of(world.session) is None
    assert service.issue_blockers(world.session) == [] and service.summary_sentence(world.session) == ""
    assert "Hiện không có danh sách nào" in client.get("/cong-khai").get_data(as_text=True)
    html = client.get(f"/van-ban/phien/{world.session.id}/cong-khai").get_data(as_text=True)
    assert "Các lần công khai đã thu hồi" in html and "Sai số ngày công khai." in html
    with pytest.raises(ServiceError, match="đã được thu hồi"):
        service.withdraw(world.office, publication, "Lần nữa.")
    assert published(world).id != publication.id


# --- what issuing and the documents read ---------------------------------------------------------------------------


def test_issue_blockers_and_summary_sentence(approved):
    world = approved()
    assert service.issue_blockers(world.session) == [] and service.summary_sentence(world.session) == ""
    start = TODAY
    publication = published(world, start=start, days=7)
    end = start + dt.timedelta(days=6)
    assert service.issue_blockers(world.session, TODAY) == [f"Danh sách đang được công khai đến hết ngày {d(end)}."]
    assert service.issue_blockers(world.session, start - dt.timedelta(days=1))[0].startswith(
        f"Danh sách sẽ được công khai từ ngày {d(start)} đến hết ngày {d(end)}")
    after = end + dt.timedelta(days=1)
    assert service.issue_blockers(world.session, after) == []
    assert service.summary_sentence(world.session, after) == (
        f"Danh sách đề nghị khen thưởng đã được công khai từ ngày {d(start)} đến ngày {d(end)}; "
        "không có ý kiến phản ánh.")
    first = service.file_objection(world.users[3], publication, nomination_id=world.nominations[1].id,
                                   text="Cá nhân này bị kỷ luật khiển trách năm nay.")
    second = service.file_objection(world.officers["VP"], publication, nomination_id=None,
                                    text="Danh sách thiếu đồng chí Hoàng Văn Nam.")
    assert service.issue_blockers(world.session, after) == ["Còn 2 ý kiến phản ánh chưa được xử lý."]
    assert service.issue_blockers(world.session, TODAY) == [
        f"Danh sách đang được công khai đến hết ngày {d(end)}.", "Còn 2 ý kiến phản ánh chưa được xử lý."]
    assert service.summary_sentence(world.session, after) == (
        f"Danh sách đề nghị khen thưởng đã được công khai từ ngày {d(start)} đến ngày {d(end)}; "
        "có 02 ý kiến phản ánh: 02 ý kiến đang được xem xét.")
    service.handle_objection(world.office, first, handling="accepted",
                             note="Đưa cá nhân ra khỏi danh sách đề nghị; hủy dự thảo quyết định để lập lại.")
    service.handle_objection(world.office, second, handling="rejected",
                             note="Đồng chí Hoàng Văn Nam không có hồ sơ đề nghị của đơn vị.")
    assert service.issue_blockers(world.session, after) == []
    assert service.summary_sentence(world.session, after) == (
        f"Danh sách đề nghị khen thưởng đã được công khai từ ngày {d(start)} đến ngày {d(end)}; có 02 ý kiến "
        "phản ánh, đã xem xét và xử lý: 01 ý kiến được tiếp thu, 01 ý kiến không được chấp nhận.")
    assert service.summary_sentence(world.session, TODAY).startswith(
        "Danh sách đề nghị khen thưởng đang được công khai từ ngày")


def test_handling_is_fixed_once_a_decision_is_issued_and_withdrawal_refused(approved):
    world = approved()
    publication = published(world)
    objection = service.file_objection(world.users[3], publication, nomination_id=None, text="Danh sách thiếu.")
    service.handle_objection(world.office, objection, handling="rejected", note="Không có căn cứ để bổ sung.")
    decisions.draft_session_documents(world.office, world.session)
    ldtt = next(doc for doc in decisions.session_documents(world.session) if doc.award_form
                and doc.award_form.code == "LDTT")
    with pytest.raises(ServiceError, match="đang được công khai"):  # not while the list is published
        decisions.issue(world.office, ldtt, number_text="5", date_text=d(TODAY))
    after = TODAY + dt.timedelta(days=8)
    decisions.issue(world.office, ldtt, number_text="5", date_text=d(after), today=after)
    with pytest.raises(ServiceError, match="không sửa được việc xử lý"):
        service.handle_objection(world.office, objection, handling="accepted", note="Đổi ý sau khi ban hành.")
    with pytest.raises(ServiceError, match="không thu hồi được"):
        service.withdraw(world.office, publication, "Thu hồi sau khi ban hành.")


def test_nothing_to_publish_once_every_decision_and_submission_is_issued(approved):
    world = approved()
    decisions.draft_session_documents(world.office, world.session)
    listing = [doc for doc in decisions.session_documents(world.session) if doc.kind in service.ISSUED_KINDS]
    for number_value, document in enumerate(listing, start=1):
        decisions.issue(world.office, document, number_text=str(number_value), date_text=d(TODAY))
    with pytest.raises(ServiceError, match="việc công khai phải làm trước khi ban hành"):
        published(world)


def test_a_stale_handling_is_refused(approved):
    world = approved()
    publication = published(world)
    objection = service.file_objection(world.users[3], publication, nomination_id=None, text="Danh sách thiếu.")
    seen = objection.version
    service.handle_objection(world.office, objection, handling="rejected", note="Không có căn cứ để bổ sung.")
    with pytest.raises(ServiceError, match="Người khác đã lưu"):
        service.handle_objection(world.office, objection, handling="accepted", note="Tiếp thu, bổ sung.",
                                 seen_version=seen)


# --- access ----------------------------------------------------------------------------------------------------------


def test_only_the_office_publishes_and_handles(approved, client, login, make_user):
    world = approved()
    publication = published(world)
    objection = service.file_objection(world.users[3], publication, nomination_id=None, text="Danh sách thiếu.")
    leader = make_user("lanhdao.ck", role=Role.LEADER)
    for user in (world.officers["KHDT"], world.users[3], world.chair, leader):
        with pytest.raises(PermissionDenied):
            service.publish(user, world.session, starts_on_text=d(TODAY), days_text="7")
        with pytest.raises(PermissionDenied):
            service.handle_objection(user, objection, handling="rejected", note="Không có căn cứ để bổ sung.")
        with pytest.raises(PermissionDenied):
            service.withdraw(user, publication, "Không có lý do.")
        login(client, user)
        assert client.post(f"/van-ban/phien/{world.session.id}/cong-khai/dang",
                           data=publish_data(d(TODAY), "7")).status_code == 403
        assert client.post(f"/van-ban/y-kien/{objection.id}/xu-ly", data={
            f"yk{objection.id}-version": objection.version, f"yk{objection.id}-handling": "rejected",
            f"yk{objection.id}-note": "Không có căn cứ để bổ sung."}).status_code == 403
        assert client.post(f"/van-ban/cong-khai/{publication.id}/thu-hoi",
                           data={"th-version": publication.version, "th-reason": "Không rõ."}).status_code == 403
        office_page = client.get(f"/van-ban/phien/{world.session.id}/cong-khai")
        if user is leader:  # the leader reads the documents: the page without its forms
            assert office_page.status_code == 200
            assert "Lưu việc xử lý" not in office_page.get_data(as_text=True)
        else:
            assert office_page.status_code == 403
        logout(client)
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).handling is None
    assert db.session.get(Publication, publication.id).withdrawn_at is None


def test_anonymous_visitors_are_sent_to_log_in(approved, client):
    world = approved()
    publication = published(world)
    for method, url in (("GET", "/cong-khai"), ("POST", f"/cong-khai/{publication.id}/y-kien"),
                        ("GET", f"/van-ban/phien/{world.session.id}/cong-khai")):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_no_input_makes_an_error_page(approved, client, login):
    world = approved()
    publication = published(world)
    objection = service.file_objection(world.users[3], publication, nomination_id=None, text="Danh sách thiếu.")
    login(client, world.office)
    junk = ["", "abc", "-1", "99999999999999999999", "x" * 10000, "٣", "1e3", "<script>alert(1)</script>"]
    for value in junk:
        for url, data in (
                (f"/van-ban/phien/{world.session.id}/cong-khai/dang", {"ck-starts_on": value, "ck-days": value}),
                (f"/van-ban/y-kien/{objection.id}/xu-ly", {f"yk{objection.id}-version": value,
                                                         f"yk{objection.id}-handling": value,
                                                         f"yk{objection.id}-note": value}),
                (f"/van-ban/cong-khai/{publication.id}/thu-hoi", {"th-version": value, "th-reason": value}),
                (f"/cong-khai/{publication.id}/y-kien", {f"ck{publication.id}-nomination_id": value,
                                                         f"ck{publication.id}-text": value})):
            response = client.post(url, data=data)
            assert response.status_code in (302, 422), (url, value[:20], response.status_code)
            assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    for url in ("/van-ban/phien/999/cong-khai/dang", "/van-ban/y-kien/999/xu-ly", "/cong-khai/999/y-kien"):
        assert client.post(url).status_code in (400, 404)
    # A stale version (another hand saved first) keeps what was typed.
    response = client.post(f"/van-ban/y-kien/{objection.id}/xu-ly", data={
        f"yk{objection.id}-version": "abc", f"yk{objection.id}-handling": "rejected",
        f"yk{objection.id}-note": "Không có căn cứ để bổ sung."})
    assert response.status_code == 422 and "Người khác đã lưu" in response.get_data(as_text=True)
    assert "Không có căn cứ để bổ sung." in response.get_data(as_text=True)


def test_posts_need_the_csrf_token(approved, app, client, login):
    world = approved()
    publication = published(world)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        login(client, world.users[3])
        response = client.post(f"/cong-khai/{publication.id}/y-kien", data={
            f"ck{publication.id}-nomination_id": "", f"ck{publication.id}-text": "Một ý kiến đủ dài để gửi."})
        assert response.status_code in (400, 422)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.scalar(select(func.count(Objection.id))) == 0


# --- queries ----------------------------------------------------------------------------------------------------------


def test_the_pages_run_a_bounded_number_of_queries(approved, app, client, login, count_queries, make_person):
    world = approved()
    publication = published(world)
    user = world.officers["KHDT"]
    login(client, user)
    office_client = app.test_client()
    login(office_client, world.office)
    counts = []
    for extra in (0, 15):
        for index in range(extra):
            person = make_person(f"Nguyễn Văn Thêm {index}", world.units["TT"], position="Chuyên viên")
            nomination = Nomination(phase_id=world.phase.id, award_form_id=world.awards["LDTT"].id,
                                    unit_id=world.units["TT"].id, nominee_kind="individual",
                                    nominee_unit_id=world.units["TT"].id, person_id=person.id,
                                    subject=f"P{person.id}", status=NominationStatus.RECOMMENDED)
            db.session.add(nomination)
            db.session.flush()
            world.session.items.append(decisions.AgendaItem(nomination_id=nomination.id, position=100 + index,
                                                            outcome="recommended", outcome_order=100 + index))
            db.session.add(Objection(publication_id=publication.id, nomination_id=nomination.id,
                                     author_id=user.id, author_name=user.full_name, text=f"Ý kiến số {index}.",
                                     **({"handling": "rejected", "handling_note": "Không có căn cứ.",
                                         "handled_at": dt.datetime(2026, 1, 2), "handled_by_id": world.office.id}
                                        if index % 2 else {})))
        db.session.commit()
        measured = []
        with count_queries() as counter:
            response = client.get("/cong-khai")
        assert response.status_code == 200
        measured.append(counter.count)
        html = response.get_data(as_text=True)
        assert html.count('data-testid="published-row"') == 5 + extra
        assert html.count('data-testid="my-objection"') == extra
        with count_queries() as counter:
            response = office_client.get(f"/van-ban/phien/{world.session.id}/cong-khai")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('data-testid="objection"') == extra
        measured.append(counter.count)
        counts.append(measured)
    assert counts[0] == counts[1], counts
