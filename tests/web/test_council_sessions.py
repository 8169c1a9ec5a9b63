"""Councils by decision and their sessions (services/council.py, web/council/sessions.py): the decision and
its members, the session's snapshot, the agenda by award form, attendance, the freeze with its SHA-256,
recusals, the quorum, the state path with the nominations' statuses, reopening with a reason, who may do
what, and the session pages' query counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import (
    AgendaItem,
    Attendance,
    AuditEvent,
    BallotCast,
    Council,
    CouncilSession,
    Nomination,
    Recusal,
    Role,
    Score,
    SessionEvent,
    SessionStatus,
    VoteTally,
    subject_key,
)
from campaign.models.base import utcnow
from campaign.services import PermissionDenied, ServiceError
from campaign.services import council as service


def client_for(app, login, user):
    client = app.test_client()
    login(client, user)
    return client


def office_user(make_user):
    return make_user("vanphong", role=Role.OFFICE, full_name="Văn phòng Ban")


def set_attendance(session, present: int, rest: str = Attendance.ABSENT) -> None:
    for index, member in enumerate(session.members):
        member.attendance = Attendance.PRESENT if index < present else rest
    db.session.commit()


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


# --- councils by decision --------------------------------------------------------------------------


def test_office_creates_a_council_by_decision_with_nine_members(app, council_world, make_user, login):
    world = council_world()
    office = client_for(app, login, office_user(make_user))
    response = office.post("/hoi-dong", data={"decision_number": "", "decision_date": "10/01/2027"})
    assert response.status_code == 400
    assert "Hãy nhập số quyết định." in response.get_data(as_text=True)
    assert 'value="10/01/2027"' in response.get_data(as_text=True)  # what was typed stays
    response = office.post("/hoi-dong", data={
        "decision_number": "20/QĐ-BQL", "decision_date": "10/01/2027", "issuer": "Trưởng Ban Quản lý Khu kinh tế",
        "term_start": "10/01/2027", "name": "Hội đồng Thi đua – Khen thưởng"})
    assert response.status_code == 302
    council = db.session.scalar(select(Council).where(Council.decision_number == "20/QĐ-BQL"))
    assert response.headers["Location"].endswith(f"/hoi-dong/{council.id}")
    html = page(office, f"/hoi-dong/{council.id}")  # a new decision starts from the previous one's members
    assert 'data-testid="copied-from"' in html and "Quyết định số 15/QĐ-BQL" in html
    assert html.count('data-testid="member-row"') == 12
    assert f'<option value="{world.users[4].id}" selected>' in html
    data = {"rows": "9", "version": str(council.version)}
    for index, (_person, user, role, title) in enumerate(world.members):
        data.update({f"user_{index}": str(user.id), f"role_{index}": role, f"title_{index}": title,
                     f"position_{index}": str(index + 1)})
    assert office.post(f"/hoi-dong/{council.id}/thanh-vien", data=data).status_code == 302
    db.session.expire_all()
    council = db.session.get(Council, council.id)
    assert [m.person_id for m in council.members] == [p.id for p, *_ in world.members]
    assert [m.council_role for m in council.members][0] == "chair" and council.members[-1].council_role == "secretary"
    html = page(office, f"/hoi-dong/{council.id}")
    assert "Lê Văn Tuấn" in html and "Trưởng phòng Kế hoạch – Đầu tư" in html
    assert "Quyết định số 20/QĐ-BQL" in page(office, "/hoi-dong")
    codes = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "council")))
    assert {"council.create", "council.members"} <= codes
    # Two chairs are refused, and the rows typed stay on the page
    data["role_1"] = "chair"
    data["version"] = str(council.version)
    response = office.post(f"/hoi-dong/{council.id}/thanh-vien", data=data)
    assert response.status_code == 400
    assert "Hội đồng chỉ có một Chủ tịch." in response.get_data(as_text=True)


def test_a_later_decision_reconstitutes_the_council_and_past_sessions_keep_their_snapshot(app, council_world,
                                                                                       make_user, make_person):
    world = council_world()
    office = office_user(make_user)
    newcomer = make_person("Trịnh Văn Mới", world.units["TT"])
    newcomer_user = make_user("hd10", role=Role.COUNCIL_MEMBER, person_id=newcomer.id, full_name=newcomer.full_name)
    assert service.council_in_force(dt.date(2026, 12, 20)).id == world.council.id
    later = service.create_council(office, {"decision_number": "30/QĐ-BQL", "decision_date": dt.date(2027, 3, 1),
                                            "term_start": dt.date(2027, 3, 1)})
    rows = [service.MemberRow(p.id, u.id, role, title) for p, u, role, title in world.members[:7]]
    rows += [service.MemberRow(newcomer.id, newcomer_user.id, "member", "Phó Giám đốc Trung tâm"),
             service.MemberRow(world.members[8][0].id, world.members[8][1].id, "secretary", "Phó Chánh Văn phòng")]
    service.set_members(office, later, rows)
    assert service.council_in_force(dt.date(2026, 12, 20)).id == world.council.id
    assert service.council_in_force(dt.date(2027, 6, 1)).id == later.id
    session = service.prepare_session(office, phase=world.phase, title="Phiên họp năm 2027", held_on=dt.date(2027, 6, 1))
    assert session.council_id == later.id
    assert "Trịnh Văn Mới" in [m.full_name for m in session.members]
    db.session.expire_all()
    old = db.session.get(CouncilSession, world.session.id)
    assert "Hồ Ngọc Sơn" in [m.full_name for m in old.members]  # the earlier session keeps its members
    assert "Trịnh Văn Mới" not in [m.full_name for m in old.members]
    with pytest.raises(ServiceError, match="Không có Hội đồng nào có hiệu lực"):
        service.prepare_session(office, phase=world.phase, title="Phiên họp", held_on=dt.date(2025, 6, 1))


# --- preparing a session and its agenda --------------------------------------------------------------


def test_prepare_a_session_and_add_the_agenda_by_award_form(app, council_world, make_user, login):
    world = council_world()
    office_account = office_user(make_user)
    office = client_for(app, login, office_account)
    response = office.post("/hoi-dong/phien/moi", data={"phase_id": str(world.phase.id), "title": "",
                                                        "held_on": "21/12/2026", "quorum": "2/3"})
    assert response.status_code == 400 and "Hãy nhập tên phiên họp." in response.get_data(as_text=True)
    response = office.post("/hoi-dong/phien/moi", data={
        "phase_id": str(world.phase.id), "title": "Phiên họp bổ sung", "held_on": "21/12/2026", "starts_at": "08:00",
        "place": "Phòng họp số 2", "quorum": "2/3"})
    assert response.status_code == 302
    session = db.session.scalar(select(CouncilSession).where(CouncilSession.title == "Phiên họp bổ sung"))
    assert len(session.members) == 9 and session.members[0].full_name == "Lê Văn Tuấn"
    assert session.members[3].unit_id == world.units["KHDT"].id
    # Every accepted nomination is on the world's session (prepared, so open): nothing to add
    response = office.post(f"/hoi-dong/phien/{session.id}/them-ho-so", data={"award_form_id": str(world.awards["LDTT"].id)})
    assert response.status_code == 400
    # The office takes them off the world's session, then adds them by award form here
    for item in list(world.session.items):
        assert office.post(f"/hoi-dong/phien/{world.session.id}/ho-so/{item.id}/bo").status_code == 302
    html = page(office, f"/hoi-dong/phien/{session.id}")
    assert "Lao động tiên tiến (4 hồ sơ)" in html and "Giấy khen của Trưởng Ban (1 hồ sơ)" in html
    assert office.post(f"/hoi-dong/phien/{session.id}/them-ho-so",
                       data={"award_form_id": str(world.awards["LDTT"].id)}).status_code == 302
    db.session.expire_all()
    session = db.session.get(CouncilSession, session.id)
    assert sorted(i.nomination_id for i in session.items) == sorted(n.id for n in world.nominations[1:])
    html = page(office, f"/hoi-dong/phien/{session.id}")
    assert 'data-testid="agenda-LDTT"' in html and html.count('data-testid="agenda-row"') == 4
    assert "Đã thêm 4 hồ sơ vào chương trình." in html
    # Adding the same award form again finds nothing new
    with pytest.raises(ServiceError, match="Không còn hồ sơ «Lao động tiên tiến»"):
        service.add_items_by_award(office_account, session, world.awards["LDTT"])
    # Settings change while prepared
    response = office.post(f"/hoi-dong/phien/{session.id}/thiet-lap", data={
        "phase_id": str(world.phase.id), "title": "Phiên họp bổ sung", "held_on": "22/12/2026", "quorum": "3/4",
        "version": str(session.version)})
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(CouncilSession, session.id)
    assert (session.quorum_numerator, session.quorum_denominator, session.held_on) == (3, 4, dt.date(2026, 12, 22))
    response = office.post(f"/hoi-dong/phien/{session.id}/thiet-lap", data={
        "phase_id": str(world.phase.id), "title": "Phiên họp bổ sung", "held_on": "22/12/2026", "quorum": "ba phần tư",
        "version": str(session.version)})
    assert response.status_code == 400
    assert "ghi dạng phân số, ví dụ 2/3" in response.get_data(as_text=True)


def test_attendance_is_the_secretarys(app, council_world, login):
    world = council_world()
    session = world.session
    member = session.members[2]
    chair = client_for(app, login, world.chair)
    assert chair.post(f"/hoi-dong/phien/{session.id}/diem-danh",
                      data={f"attendance_{member.id}": "absent"}).status_code == 403
    assert 'id="attendance_' not in page(chair, f"/hoi-dong/phien/{session.id}")
    secretary = client_for(app, login, world.secretary)
    assert f'id="attendance_{member.id}"' in page(secretary, f"/hoi-dong/phien/{session.id}")
    response = secretary.post(f"/hoi-dong/phien/{session.id}/diem-danh", data={f"attendance_{member.id}": "written"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(member), member.id).attendance == Attendance.WRITTEN
    response = secretary.post(f"/hoi-dong/phien/{session.id}/diem-danh", data={f"attendance_{member.id}": "maybe"})
    assert response.status_code == 302
    assert "không hợp lệ" in page(secretary, f"/hoi-dong/phien/{session.id}")
    html = page(secretary, f"/hoi-dong/phien/{session.id}")
    assert "Có 8/9 thành viên có mặt, đủ 2/3" in html  # a written ballot is not presence


# --- opening scoring: the freeze and the recusals ---------------------------------------------------


def test_open_scoring_freezes_each_dossier_with_its_sha256(app, council_world, login):
    world = council_world()
    session = world.session
    first = session.items[0]
    before = service.preview_sha256(session)[first.id]
    first.nomination.summary = "Tập thể hoàn thành xuất sắc nhiệm vụ năm 2026, dẫn đầu Ban về thu hút đầu tư."
    db.session.commit()
    changed = service.preview_sha256(session)[first.id]
    assert changed != before  # the fingerprint follows the dossier until scoring opens
    chair = client_for(app, login, world.chair)
    assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-cham-diem").status_code == 302
    db.session.expire_all()
    session = db.session.get(CouncilSession, session.id)
    assert session.status == SessionStatus.SCORING and session.scoring_opened_at is not None
    first = session.items[0]
    assert first.frozen_sha256 == changed == hashlib.sha256(first.frozen.encode("utf-8")).hexdigest()
    frozen = json.loads(first.frozen)
    assert frozen["summary"].startswith("Tập thể hoàn thành xuất sắc")
    assert frozen["award_form"]["code"] == "GK" and frozen["nominee"]["kind"] == "collective"
    assert [line["code"] for line in frozen["results"]] == ["3", "4"]  # the collective criteria
    assert all(item.frozen_sha256 for item in session.items)
    # Afterwards the dossier may change: the frozen copy does not
    first.nomination.summary = "Đã sửa sau khi niêm phong."
    db.session.commit()
    db.session.expire_all()
    first = db.session.get(AgendaItem, first.id)
    assert json.loads(first.frozen)["summary"].startswith("Tập thể hoàn thành xuất sắc")
    assert first.frozen_sha256 == changed != service.preview_sha256(first.session)[first.id]
    html = page(chair, f"/hoi-dong/phien/{session.id}")
    assert f"<code>{changed[:12]}</code>" in html
    assert any(e.action == "open_scoring" for e in session.events)


def test_automatic_recusal_of_the_khdt_member_and_a_manual_conflict(app, council_world, login):
    world = council_world()
    session = world.session
    chair = client_for(app, login, world.chair)
    assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-cham-diem").status_code == 302
    db.session.expire_all()
    khdt = world.khdt_member.person_id
    rows = db.session.scalars(select(Recusal).where(Recusal.person_id == khdt)).all()
    assert sorted(r.item.nomination_id for r in rows) == sorted(n.id for n in world.nominations[:3])
    assert all(r.source == "auto" for r in rows)
    collective = next(r for r in rows if r.item.nomination_id == world.nominations[0].id)
    assert "Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư)." in collective.reason
    assert "Thuộc tập thể được đề nghị khen thưởng" in collective.reason
    # VP's nomination: the three VP members; DNGS's: the two DNGS members
    vp_item = db.session.scalar(select(AgendaItem).where(AgendaItem.nomination_id == world.nominations[3].id))
    assert sorted(r.person_id for r in vp_item.recusals) == sorted(
        world.users[i].person_id for i in (3, 7, 9))
    html = page(chair, f"/hoi-dong/phien/{session.id}")
    assert "Trần Minh Khoa</strong> — hồ sơ của Lý Thị Mai" in html
    # A manual conflict needs a reason
    member = next(m for m in session.members if m.person_id == world.users[6].person_id)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.nomination_id == world.nominations[4].id))
    response = chair.post(f"/hoi-dong/phien/{session.id}/xung-dot",
                          data={"item_id": str(item.id), "session_member_id": str(member.id), "reason": "  "})
    assert response.status_code == 400
    assert "Hãy ghi lý do xung đột lợi ích." in response.get_data(as_text=True)
    response = chair.post(f"/hoi-dong/phien/{session.id}/xung-dot", data={
        "item_id": str(item.id), "session_member_id": str(member.id), "reason": "Là anh rể của người được đề nghị"})
    assert response.status_code == 302
    manual = db.session.scalar(select(Recusal).where(Recusal.source == "manual"))
    assert manual.person_id == member.person_id and manual.item_id == item.id
    assert manual.reason == "Chủ tịch Hội đồng ghi nhận xung đột lợi ích: Là anh rể của người được đề nghị."
    assert "Là anh rể của người được đề nghị" in page(chair, f"/hoi-dong/phien/{session.id}")
    # Not by another member, and not once voting is open
    other = client_for(app, login, world.users[2])
    assert other.post(f"/hoi-dong/phien/{session.id}/xung-dot", data={
        "item_id": str(item.id), "session_member_id": str(member.id), "reason": "x"}).status_code == 403
    assert chair.post(f"/hoi-dong/phien/{session.id}/xung-dot/{manual.id}/bo").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Recusal).where(Recusal.source == "manual")) == 0
    db.session.expire_all()
    session = db.session.get(CouncilSession, session.id)
    service.open_voting(world.chair, session)
    with pytest.raises(ServiceError, match="trước khi mở bỏ phiếu"):
        service.add_conflict(world.chair, item, member, "Lý do muộn")


# --- the quorum and the state path -------------------------------------------------------------------


def test_quorum_refuses_at_five_of_nine_and_passes_at_six(app, council_world, login):
    world = council_world(status=SessionStatus.SCORING)
    session = world.session
    set_attendance(session, 5, Attendance.WRITTEN)  # written ballots are not presence
    chair = client_for(app, login, world.chair)
    response = chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-bo-phieu")
    assert response.status_code == 302
    html = page(chair, f"/hoi-dong/phien/{session.id}")
    assert "Có 5/9 thành viên có mặt, chưa đủ 2/3 số thành viên Hội đồng (cần ít nhất 6)" in html
    db.session.expire_all()
    assert db.session.get(CouncilSession, session.id).status == SessionStatus.SCORING
    assert db.session.scalar(select(func.count()).select_from(VoteTally)) == 0
    set_attendance(db.session.get(CouncilSession, session.id), 6)
    assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-bo-phieu").status_code == 302
    db.session.expire_all()
    assert db.session.get(CouncilSession, session.id).status == SessionStatus.VOTING


def test_the_state_path_moves_the_nominations(app, council_world, make_user, login):
    world = council_world()
    session = world.session
    chair = client_for(app, login, world.chair)

    def statuses():
        db.session.expire_all()
        s = db.session.get(CouncilSession, session.id)
        return s.status, sorted({i.nomination.status for i in s.items})

    assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-cham-diem").status_code == 302
    assert statuses() == ("scoring", ["accepted"])
    assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-bo-phieu").status_code == 302
    assert statuses() == ("voting", ["scored"])
    tallies = db.session.scalars(select(VoteTally).where(VoteTally.session_id == session.id)).all()
    assert len(tallies) == 5 and {(t.agree, t.disagree, t.not_voting) for t in tallies} == {(0, 0, 0)}
    assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/ket-thuc-bo-phieu").status_code == 302
    assert statuses() == ("tallied", ["voted"])
    s = db.session.get(CouncilSession, session.id)
    assert s.voting_closed_at is not None and s.voting_opened_at is not None
    assert [e.action for e in s.events] == ["open_scoring", "open_voting", "close_voting"]
    codes = set(db.session.scalars(select(AuditEvent.action)))
    assert {"council_session.open_scoring", "council_session.open_voting", "council_session.close_voting",
            "nomination.scored", "nomination.voted"} <= codes
    # The change log reads the steps in Vietnamese, and the field names too
    office = client_for(app, login, office_user(make_user))
    log = page(office, "/quan-tri/nhat-ky")
    assert "Phiên họp Hội đồng: mở chấm điểm" in log and "Niêm phong hồ sơ khi mở chấm điểm" in log
    assert "Bước của phiên họp" in log and "Phiên họp xét khen thưởng (20/12/2026)" in log
    # A step the table does not have is refused with the state named
    assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-cham-diem").status_code == 302
    assert "Chỉ mở chấm điểm phiên họp đang ở bước chuẩn bị. Phiên họp đang ở bước «Đã kiểm phiếu»." in page(
        chair, f"/hoi-dong/phien/{session.id}")


def test_reopen_needs_a_reason_and_scoring_only_before_any_ballot(app, council_world, login):
    world = council_world()
    session = world.session
    chair = client_for(app, login, world.chair)
    for slug in ("mo-cham-diem", "mo-bo-phieu", "ket-thuc-bo-phieu"):
        assert chair.post(f"/hoi-dong/phien/{session.id}/buoc/{slug}").status_code == 302
    response = chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-lai-bo-phieu", data={"reason": "   "})
    assert response.status_code == 400
    assert "Hãy ghi lý do" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CouncilSession, session.id).status == SessionStatus.TALLIED
    response = chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-lai-bo-phieu",
                          data={"reason": "Phiếu bằng văn bản của một thành viên đến muộn"})
    assert response.status_code == 302
    db.session.expire_all()
    s = db.session.get(CouncilSession, session.id)
    assert s.status == SessionStatus.VOTING and {i.nomination.status for i in s.items} == {"scored"}
    assert s.events[-1].reason == "Phiếu bằng văn bản của một thành viên đến muộn"
    assert "Lý do: Phiếu bằng văn bản của một thành viên đến muộn" in page(chair, f"/hoi-dong/phien/{session.id}")
    # One ballot cast: scoring cannot reopen
    db.session.add(BallotCast(id=secrets.token_hex(16), session_id=s.id, person_id=world.users[3].person_id))
    db.session.commit()
    response = chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-lai-cham-diem", data={"reason": "Chấm lại"})
    assert response.status_code == 400
    assert "Đã có 1 thành viên bỏ phiếu: không mở lại chấm điểm được nữa." in response.get_data(as_text=True)
    db.session.query(BallotCast).delete()
    db.session.commit()
    response = chair.post(f"/hoi-dong/phien/{session.id}/buoc/mo-lai-cham-diem", data={"reason": "Chấm lại tiêu chí 2"})
    assert response.status_code == 302
    db.session.expire_all()
    s = db.session.get(CouncilSession, session.id)
    assert s.status == SessionStatus.SCORING and {i.nomination.status for i in s.items} == {"accepted"}
    assert [e.action for e in s.events][-2:] == ["reopen_voting", "reopen_scoring"]


def test_reopen_approval_with_a_reason(app, council_world):
    world = council_world(status=SessionStatus.APPROVED)
    with pytest.raises(ServiceError, match="Hãy ghi lý do"):
        service.reopen_approval(world.chair, world.session, "")
    service.reopen_approval(world.chair, world.session, "Sai sót khi áp chỉ tiêu")
    assert world.session.status == SessionStatus.TALLIED
    assert db.session.scalar(select(SessionEvent.reason).where(SessionEvent.action == "reopen_approval")) \
        == "Sai sót khi áp chỉ tiêu"


# --- access -------------------------------------------------------------------------------------------


def test_every_route_refuses_who_may_not(app, council_world, make_user, login):
    world = council_world()
    session = world.session
    item = session.items[0]
    sid = session.id
    officer = client_for(app, login, world.officers["KHDT"])
    gets = ["/hoi-dong", f"/hoi-dong/{world.council.id}", "/hoi-dong/phien", "/hoi-dong/phien/moi",
            f"/hoi-dong/phien/{sid}", f"/hoi-dong/phien/{sid}/dien-bien"]
    posts = ["/hoi-dong", f"/hoi-dong/{world.council.id}", f"/hoi-dong/{world.council.id}/thanh-vien",
             "/hoi-dong/phien/moi", f"/hoi-dong/phien/{sid}/thiet-lap", f"/hoi-dong/phien/{sid}/them-ho-so",
             f"/hoi-dong/phien/{sid}/ho-so/{item.id}/bo", f"/hoi-dong/phien/{sid}/diem-danh",
             f"/hoi-dong/phien/{sid}/xung-dot", f"/hoi-dong/phien/{sid}/buoc/mo-cham-diem"]
    for url in gets:
        assert officer.get(url).status_code == 403, url
    for url in posts:
        assert officer.post(url, data={}).status_code == 403, url
    anonymous = app.test_client()
    for url in gets:
        assert anonymous.get(url).status_code == 302, url
    # A member who is not the chair: sees the session, not the office's pages, none of the chair's steps
    member = client_for(app, login, world.users[2])
    assert "Phiên họp xét khen thưởng" in page(member, "/hoi-dong/phien")
    page(member, f"/hoi-dong/phien/{sid}")
    for url in ["/hoi-dong", "/hoi-dong/phien/moi", f"/hoi-dong/phien/{sid}/dien-bien"]:
        assert member.get(url).status_code == 403, url
    for slug in ("mo-cham-diem", "mo-bo-phieu", "ket-thuc-bo-phieu", "mo-lai-cham-diem", "mo-lai-bo-phieu",
                 "huy-phe-duyet"):
        assert member.post(f"/hoi-dong/phien/{sid}/buoc/{slug}", data={"reason": "x"}).status_code == 403, slug
    assert member.post(f"/hoi-dong/phien/{sid}/them-ho-so", data={}).status_code == 403
    # The office prepares but does not open scoring
    office = client_for(app, login, office_user(make_user))
    assert office.post(f"/hoi-dong/phien/{sid}/buoc/mo-cham-diem").status_code == 403
    with pytest.raises(PermissionDenied):
        service.open_scoring(db.session.get(type(world.chair), office_user_id(office)), session)
    db.session.expire_all()
    assert db.session.get(CouncilSession, sid).status == SessionStatus.PREPARED
    page(office, f"/hoi-dong/phien/{sid}/dien-bien")
    # A council member of another session does not see this one
    assert page(office, "/hoi-dong/phien").count('data-testid="session-row"') == 1
    assert client_for(app, login, world.officers["VP"]).get("/hoi-dong/phien").status_code == 403
    assert officer.get("/hoi-dong/phien/99999").status_code == 404


def office_user_id(client) -> int:
    from campaign.models import User

    return db.session.scalar(select(User.id).where(User.username == "vanphong"))


def test_the_menu_and_the_council_home(app, council_world, make_user, login):
    world = council_world()
    member = client_for(app, login, world.users[2])
    html = page(member, "/")
    assert 'href="/hoi-dong/phien"' in html and 'data-testid="member-sessions"' in html
    assert f'href="/hoi-dong/phien/{world.session.id}"' in html
    office = client_for(app, login, office_user(make_user))
    html = page(office, "/hoi-dong/phien")
    assert 'href="/hoi-dong"' in html and ">Hội đồng</a>" in html and ">Phiên họp</a>" in html
    # A council member with no session keeps the honest empty state
    lonely = make_user("hd99", role=Role.COUNCIL_MEMBER)
    assert "Chưa có phiên họp nào được Văn phòng mở cho Hội đồng." in page(client_for(app, login, lonely), "/")


# --- the session day and the pages' query counts ----------------------------------------------------


def grow(world, count: int) -> None:
    """`count` more accepted LĐTT nominations of VP's staff on the world's session, each scored by two
    members who submitted their sheets; and two ballots cast."""
    from campaign.models import Person

    session = world.session
    start = len(session.items)
    for index in range(count):
        person = Person(full_name=f"Cán bộ thêm {start + index}", gender="nam", unit_id=world.units["VP"].id)
        db.session.add(person)
        db.session.flush()
        nomination = Nomination(phase_id=world.phase.id, award_form_id=world.awards["LDTT"].id,
                                unit_id=world.units["VP"].id, nominee_kind="individual",
                                nominee_unit_id=world.units["VP"].id, person_id=person.id,
                                subject=subject_key(person.id, None), status="accepted", summary="x" * 60)
        db.session.add(nomination)
        db.session.flush()
        item = AgendaItem(nomination_id=nomination.id, position=start + index + 1)
        session.items.append(item)
        db.session.flush()
        item.recusals.append(Recusal(person_id=session.members[6].person_id, source="auto", reason="Thuộc Văn phòng."))
        for member in session.members[:2]:
            db.session.add(Score(session_id=session.id, item_id=item.id, person_id=member.person_id,
                                 criterion_id=world.criteria[0].id, points=30))
    for member in session.members[:2]:
        member.scores_submitted_at = utcnow()
    for member in session.members[:3]:
        if db.session.scalar(select(BallotCast.id).where(BallotCast.session_id == session.id,
                                                         BallotCast.person_id == member.person_id)) is None:
            db.session.add(BallotCast(id=secrets.token_hex(16), session_id=session.id, person_id=member.person_id))
    db.session.commit()


def test_the_session_day_shows_progress_and_who_voted_never_how(app, council_world, login):
    world = council_world(status=SessionStatus.VOTING)
    grow(world, 2)
    chair = client_for(app, login, world.chair)
    html = page(chair, f"/hoi-dong/phien/{world.session.id}/dien-bien")
    assert 'hx-trigger="every 15s"' in html
    assert 'data-testid="voted">3/9' in html
    assert "đã chấm 2/8" in html  # an added item: two of the eight members not recused from it
    voters = html.split('data-testid="voters"')[1].split("</ul>")[0]
    assert "Lê Văn Tuấn" in voters and "Nguyễn Hữu Dũng" in voters and "Trần Minh Khoa" not in voters
    assert "đồng ý" not in html.lower().replace("không đồng ý", "")  # never a choice
    fragment = chair.get(f"/hoi-dong/phien/{world.session.id}/dien-bien", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    secretary = client_for(app, login, world.secretary)
    assert "Có 9/9 thành viên có mặt" in page(secretary, f"/hoi-dong/phien/{world.session.id}/dien-bien")


@pytest.mark.parametrize("status", [SessionStatus.PREPARED, SessionStatus.VOTING])
def test_the_session_pages_run_the_same_number_of_queries_at_two_sizes(app, council_world, make_user, login,
                                                                      count_queries, status):
    world = council_world(status=status)
    chair = client_for(app, login, world.chair)
    office = client_for(app, login, office_user(make_user))
    urls = [(chair, f"/hoi-dong/phien/{world.session.id}"), (chair, f"/hoi-dong/phien/{world.session.id}/dien-bien"),
            (office, f"/hoi-dong/phien/{world.session.id}"), (office, "/hoi-dong/phien"), (office, "/hoi-dong"),
            (chair, "/")]

    def measure():
        counts = []
        for client, url in urls:
            with count_queries() as counter:
                response = client.get(url)
            assert response.status_code == 200, url
            counts.append(counter.count)
        return counts

    grow(world, 0)
    small = measure()
    assert page(chair, f"/hoi-dong/phien/{world.session.id}").count('data-testid="agenda-row"') == 5
    grow(world, 20)
    large = measure()
    assert page(chair, f"/hoi-dong/phien/{world.session.id}").count('data-testid="agenda-row"') == 25
    assert small == large, list(zip([u for _, u in urls], small, large, strict=True))


def test_links_to_the_other_council_pages_appear_where_they_exist(app, council_world, login):
    from campaign.web.council.sessions import MODULE_PAGES, path_if

    world = council_world()
    sid = world.session.id
    html = page(client_for(app, login, world.chair), f"/hoi-dong/phien/{sid}")
    with app.test_request_context():
        assert path_if(f"/hoi-dong/phien/{sid}/dien-bien") == f"/hoi-dong/phien/{sid}/dien-bien"
        assert path_if(f"/hoi-dong/phien/{sid}/khong-co-trang-nay") is None
        for slug, label in MODULE_PAGES:
            path = f"/hoi-dong/phien/{sid}/{slug}"
            assert (f'href="{path}">{label}</a>' in html) == (path_if(path) is not None), slug


def test_the_sessions_chair_by_the_decision_takes_the_chairs_workflow_actions(app, council_world):
    from campaign.permissions import can_act
    from campaign.rules.workflow import Action

    world = council_world(status=SessionStatus.SCORING)
    session = world.session
    vice = world.users[2]  # account role council_member; this session's snapshot makes them chair
    for member in session.members:
        member.council_role = {world.chair.id: "vice_chair", vice.id: "chair"}.get(member.user_id, member.council_role)
    db.session.commit()
    nomination = session.items[0].nomination
    assert can_act(vice, nomination, Action.CLOSE_SCORING)
    assert not can_act(world.users[3], nomination, Action.CLOSE_SCORING)
    assert can_act(world.chair, nomination, Action.CLOSE_SCORING)  # the account role still answers
    with pytest.raises(PermissionDenied):
        service.open_voting(world.chair, session)  # not this session's chair
    service.open_voting(vice, session)
    assert {i.nomination.status for i in session.items} == {"scored"}


def test_members_one_by_one_and_a_new_date_under_another_council(app, council_world, make_user, make_person):
    world = council_world()
    office = office_user(make_user)
    newcomer = make_person("Trịnh Văn Mới", world.units["TT"])
    member = service.add_member(office, world.council, service.MemberRow(newcomer.id, None, "member", "Ủy viên"))
    assert [m.person.full_name for m in world.council.members][-1] == "Trịnh Văn Mới" and member.position == 10
    with pytest.raises(ServiceError, match="đã có trong danh sách thành viên"):
        service.add_member(office, world.council, service.MemberRow(newcomer.id, None, "member", ""))
    service.remove_member(office, member)
    assert len(world.council.members) == 9
    assert {"council.member_add", "council.member_remove"} <= set(db.session.scalars(select(AuditEvent.action)))
    with pytest.raises(PermissionDenied):
        service.add_member(world.chair, world.council, service.MemberRow(newcomer.id, None, "member", ""))
    # The session's date moves under a later decision: the snapshot follows the council in force on it
    later = service.create_council(office, {"decision_number": "31/QĐ-BQL", "decision_date": dt.date(2027, 2, 1),
                                            "term_start": dt.date(2027, 2, 1)})
    service.set_members(office, later, [service.MemberRow(p.id, u.id, r, t) for p, u, r, t in world.members[:5]])
    service.update_session(office, world.session, {"held_on": dt.date(2027, 2, 10)}, world.session.version)
    assert world.session.council_id == later.id and len(world.session.members) == 5
    service.open_scoring(world.chair, world.session)
    with pytest.raises(ServiceError, match="khi phiên họp còn ở bước chuẩn bị"):
        service.update_session(office, world.session, {"title": "Đổi tên"})


def test_the_women_priority_tie_break_is_a_session_setting(app, council_world, make_user, login):
    world = council_world()
    session = world.session
    assert session.women_priority is True  # the decree's default
    office_account = office_user(make_user)
    office = client_for(app, login, office_account)
    html = page(office, f"/hoi-dong/phien/{session.id}")
    assert 'name="women_priority"' in html and "Ưu tiên nữ khi bằng thành tích" in html
    assert re.search(r'<input[^>]*checked[^>]*name="women_priority"|<input[^>]*name="women_priority"[^>]*checked', html)
    data = {"phase_id": str(world.phase.id), "title": session.title, "held_on": session.held_on.strftime("%d/%m/%Y"),
            "quorum": "2/3", "version": str(session.version)}  # the box unticked
    assert office.post(f"/hoi-dong/phien/{session.id}/thiet-lap", data=data).status_code == 302
    db.session.expire_all()
    session = db.session.get(CouncilSession, session.id)
    assert session.women_priority is False
    html = page(office, f"/hoi-dong/phien/{session.id}")
    assert 'name="women_priority"' in html
    assert not re.search(r'<input[^>]*checked[^>]*name="women_priority"|<input[^>]*name="women_priority"[^>]*checked',
                         html)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "council_session.update")).all()[-1]
    assert event.changes["women_priority"] == [True, False]
    service.update_session(office_account, session, {"women_priority": True}, session.version)
    db.session.expire_all()
    assert db.session.get(CouncilSession, session.id).women_priority is True
