"""The secret ballot's pages and services: casting, confirming, refusing twice / too early / too late /
incomplete, recused members by the session's setting, written ballots by the secretary, tallies hidden until
voting closed, who may open which page, and a bounded number of queries whatever the agenda's size."""

from __future__ import annotations

import datetime as dt

import pytest

from campaign.extensions import db
from campaign.models import (
    AgendaItem,
    Attendance,
    AuditEvent,
    BallotCast,
    NominationStatus,
    Recusal,
    Role,
    SessionStatus,
    VoteTally,
)
from campaign.models.base import local_now
from campaign.services import PermissionDenied, ServiceError
from campaign.services import ballots as ballot_service
from tests.factories import make_nomination

AGREE, DISAGREE = "agree", "disagree"


def _url(world, page="bo-phieu"):
    return f"/hoi-dong/phien/{world.session.id}/{page}"


def _items(world):
    return sorted(world.session.items, key=lambda item: item.position)


def _form(world, pattern, skip=(), step="bo-phieu"):
    """The POST of a ballot: `pattern` a string of a/d, one letter per agenda item in order."""
    data = {f"item_{item.id}": AGREE if letter == "a" else DISAGREE
            for item, letter in zip(_items(world), pattern, strict=True) if item.id not in skip}
    data["buoc"] = step
    return data


def _choices(world, pattern):
    return {item.id: AGREE if letter == "a" else DISAGREE for item, letter in zip(_items(world), pattern, strict=True)}


def _counts(world):
    db.session.expire_all()
    rows = {t.item_id: t for t in db.session.query(VoteTally).filter_by(session_id=world.session.id)}
    return [(rows[i.id].agree, rows[i.id].disagree, rows[i.id].not_voting) for i in _items(world)]


def _as(client, login, user):
    """A fresh client (its own cookies) logged in as `user`."""
    other = client.application.test_client()
    assert login(other, user).status_code == 302
    return other


def _text(response) -> str:
    return response.get_data(as_text=True)


def _member(world, index):
    return next(m for m in world.session.members if m.user_id == world.users[index].id)


def _recuse(world, index, items, source="auto"):
    person_id = _member(world, index).person_id
    for item in items:
        db.session.add(Recusal(item_id=item.id, person_id=person_id, source=source, reason="Thuộc đơn vị đề nghị."))
    db.session.commit()


# --- casting -------------------------------------------------------------------------------------


def test_a_member_chooses_confirms_and_casts_and_the_page_never_shows_the_choices_again(council_world, client,
                                                                                        login):
    world = council_world(status=SessionStatus.VOTING)
    login(client, world.users[2])
    page = _text(client.get(_url(world)))
    assert page.count('type="radio"') == 10  # five items, two options each, every one labelled
    for item in _items(world):
        assert f'for="item_{item.id}-agree"' in page and f'for="item_{item.id}-disagree"' in page
    assert "Lao động tiên tiến" in page and "Giấy khen của Trưởng Ban" in page  # grouped by award form
    assert "Phiếu đã bỏ không sửa được" in page

    confirm = client.post(_url(world), data=_form(world, "adaad", step="xac-nhan"))
    text = _text(confirm)
    assert confirm.status_code == 200 and "Xác nhận phiếu biểu quyết" in text
    assert text.count("<strong>Không đồng ý</strong>") == 2 and text.count("<strong>Đồng ý</strong>") == 3
    assert confirm.headers["Cache-Control"] == "no-store"
    assert db.session.query(BallotCast).count() == 0 and _counts(world) == [(0, 0, 0)] * 5  # nothing cast yet

    back = _text(client.post(_url(world), data=_form(world, "adaad", step="sua")))
    items = _items(world)
    assert f'id="item_{items[1].id}-disagree" value="disagree" checked' in back and "Xem lại phiếu" in back
    assert f'id="item_{items[0].id}-agree" value="agree" checked' in back  # the choices kept to edit

    cast = client.post(_url(world), data=_form(world, "adaad"))
    assert cast.status_code == 302
    done = client.get(_url(world))
    html = _text(done)
    assert "Bạn đã bỏ phiếu trong phiên họp này" in html and "Đã có 1/9 thành viên" in html
    assert "Không đồng ý" not in html and 'value="agree"' not in html and "Đồng ý" not in html
    assert done.headers["Cache-Control"] == "no-store"

    assert _counts(world) == [(1, 0, 0), (0, 1, 0), (1, 0, 0), (1, 0, 0), (0, 1, 0)]
    ballot = db.session.query(BallotCast).one()
    assert (ballot.person_id, ballot.written, len(ballot.id)) == (_member(world, 2).person_id, False, 32)
    event = db.session.query(AuditEvent).filter_by(action="ballot.cast").one()
    assert event.summary == "Phạm Thị Hạnh đã bỏ phiếu trong phiên họp «Phiên họp xét khen thưởng»."
    assert (event.object_type, event.object_id, event.changes) == ("council_session", world.session.id, {})
    assert [e.action for e in db.session.query(AuditEvent) if e.action.startswith("ballot")] == ["ballot.cast"]


def test_nobody_votes_twice(council_world, client, login):
    world = council_world(status=SessionStatus.VOTING)
    ballot_service.cast_ballot(world.users[3], world.session, _choices(world, "aaaaa"))
    with pytest.raises(ServiceError, match="Bạn đã bỏ phiếu trong phiên họp này."):
        ballot_service.cast_ballot(world.users[3], world.session, _choices(world, "ddddd"))
    login(client, world.users[3])
    again = client.post(_url(world), data=_form(world, "ddddd"))
    assert "Bạn đã bỏ phiếu trong phiên họp này" in _text(again)
    assert _counts(world) == [(1, 0, 0)] * 5 and db.session.query(BallotCast).count() == 1
    assert db.session.query(AuditEvent).filter_by(action="ballot.cast").count() == 1


@pytest.mark.parametrize(("status", "message"), [
    (SessionStatus.PREPARED, "chưa mở bỏ phiếu"), (SessionStatus.SCORING, "chưa mở bỏ phiếu"),
    (SessionStatus.TALLIED, "đã kết thúc bỏ phiếu"), (SessionStatus.APPROVED, "đã kết thúc bỏ phiếu")])
def test_no_ballot_before_voting_opens_or_after_it_closes(council_world, client, login, status, message):
    world = council_world(status=SessionStatus.VOTING)
    world.session.status = status
    db.session.commit()
    with pytest.raises(ServiceError, match=message):
        ballot_service.cast_ballot(world.users[2], world.session, _choices(world, "aaaaa"))
    login(client, world.users[2])
    page = _text(client.get(_url(world)))
    assert message in page and 'type="radio"' not in page
    assert message in _text(client.post(_url(world), data=_form(world, "aaaaa")))
    assert db.session.query(BallotCast).count() == 0 and _counts(world) == [(0, 0, 0)] * 5


def test_a_ballot_missing_choices_is_refused_whole_listing_them_and_keeps_the_others(council_world, client, login):
    world = council_world(status=SessionStatus.VOTING)
    login(client, world.users[5])
    items = _items(world)
    refused = client.post(_url(world), data=_form(world, "adaad", skip={items[1].id, items[4].id}))
    html = _text(refused)
    assert refused.status_code == 200
    assert "Phiếu chưa hợp lệ: hãy chọn «Đồng ý» hoặc «Không đồng ý» cho: Lý Thị Mai (Lao động tiên tiến); " \
           "Đỗ Minh Quân (Lao động tiên tiến)." in html
    assert html.count("Chưa chọn «Đồng ý» hoặc «Không đồng ý».") == 2  # beside each field
    assert f'id="item_{items[0].id}-agree" value="agree" checked' in html  # the typed choices kept
    assert db.session.query(BallotCast).count() == 0 and _counts(world) == [(0, 0, 0)] * 5
    with pytest.raises(ServiceError, match="Lý Thị Mai"):
        ballot_service.cast_ballot(world.users[5], world.session, {items[0].id: AGREE})
    with pytest.raises(ServiceError, match="lựa chọn không hợp lệ"):
        ballot_service.cast_ballot(world.users[5], world.session, {**_choices(world, "aaaaa"), items[2].id: "maybe"})
    assert db.session.query(AuditEvent).filter_by(action="ballot.cast").count() == 0


def test_a_missing_tally_row_refuses_the_ballot_rather_than_creating_it(council_world):
    world = council_world(status=SessionStatus.VOTING)
    db.session.query(VoteTally).filter_by(item_id=_items(world)[3].id).delete()
    db.session.commit()
    with pytest.raises(ServiceError, match="chưa được mở bỏ phiếu đúng cách.*Hoàng Thị Yến"):
        ballot_service.cast_ballot(world.users[2], world.session, _choices(world, "aaaaa"))
    assert db.session.query(BallotCast).count() == 0 and db.session.query(VoteTally).count() == 4


# --- recused members -----------------------------------------------------------------------------


def test_recused_items_leave_the_ballot_when_the_session_says_so(council_world, client, login):
    world = council_world(status=SessionStatus.VOTING)
    world.session.recused_leave_ballot = True
    khdt = _items(world)[:3]  # KHDT's collective and its two people
    _recuse(world, 4, khdt)
    login(client, world.khdt_member)
    page = _text(client.get(_url(world)))
    assert page.count('data-testid="off-ballot"') == 3 and page.count('type="radio"') == 4
    for item in khdt:
        assert f'name="item_{item.id}"' not in page
    with pytest.raises(ServiceError, match="không bỏ phiếu cho hồ sơ thuộc trường hợp tránh xét"):
        ballot_service.cast_ballot(world.khdt_member, world.session, _choices(world, "aaaaa"))
    cast = client.post(_url(world), data=_form(world, "dddad", skip={i.id for i in khdt}))
    assert cast.status_code == 302
    assert _counts(world) == [(0, 0, 1), (0, 0, 1), (0, 0, 1), (1, 0, 0), (0, 1, 0)]


def test_recused_members_still_vote_on_every_item_when_the_setting_is_off(council_world, client, login):
    world = council_world(status=SessionStatus.VOTING)
    assert world.session.recused_leave_ballot is False
    _recuse(world, 4, _items(world)[:3])
    login(client, world.khdt_member)
    page = _text(client.get(_url(world)))
    assert page.count('type="radio"') == 10 and page.count('data-testid="recused-votes"') == 3
    items = _items(world)
    refused = client.post(_url(world), data=_form(world, "aaaaa", skip={items[0].id}))
    assert "Giấy khen của Trưởng Ban" in _text(refused) and db.session.query(BallotCast).count() == 0
    assert client.post(_url(world), data=_form(world, "daaad")).status_code == 302
    assert _counts(world) == [(0, 1, 0), (1, 0, 0), (1, 0, 0), (1, 0, 0), (0, 1, 0)]


# --- written ballots ------------------------------------------------------------------------------


def _written_world(council_world, leave=False):
    world = council_world(status=SessionStatus.VOTING)
    world.session.recused_leave_ballot = leave
    absent = _member(world, 6)
    absent.attendance = Attendance.WRITTEN
    _member(world, 7).attendance = Attendance.ABSENT
    db.session.commit()
    return world, absent


def test_the_secretary_enters_a_written_ballot_marked_as_written(council_world, client, login):
    world, absent = _written_world(council_world)
    login(client, world.secretary)
    listing = _text(client.get(_url(world, "phieu-van-ban")))
    assert "Đặng Quốc Bình" in listing and "Chưa nhập" in listing
    assert "Bùi Thanh Hà" not in listing  # absent without a written ballot: nothing to enter
    entry_url = _url(world, "phieu-van-ban") + f"?thanh-vien={absent.id}"
    entry = _text(client.get(entry_url))
    assert "Phiếu bằng văn bản của <strong>Đặng Quốc Bình</strong>" in entry and entry.count('type="radio"') == 10
    confirm = _text(client.post(entry_url, data=_form(world, "aaada", step="xac-nhan")))
    assert "Xác nhận phiếu bằng văn bản" in confirm and "Nhập phiếu này" in confirm
    done = client.post(entry_url, data=_form(world, "aaada"))
    assert done.status_code == 302
    after = _text(client.get(done.headers["Location"]))
    assert "Đã nhập phiếu bằng văn bản của Đặng Quốc Bình" in after and "Đã nhập" in after
    assert "Không đồng ý" not in after
    ballot = db.session.query(BallotCast).one()
    assert (ballot.person_id, ballot.written) == (absent.person_id, True)
    assert _counts(world) == [(1, 0, 0)] * 3 + [(0, 1, 0), (1, 0, 0)]
    event = db.session.query(AuditEvent).filter_by(action="ballot.written").one()
    assert event.summary == ("Ngô Thu Trang đã nhập phiếu bằng văn bản của Đặng Quốc Bình trong phiên họp "
                             "«Phiên họp xét khen thưởng».")
    assert event.changes == {} and event.actor_id == world.secretary.id
    # entered once: the member no longer offered, a second entry refused
    assert f"thanh-vien={absent.id}" not in after
    with pytest.raises(ServiceError, match="Đặng Quốc Bình đã có phiếu"):
        ballot_service.record_written_ballot(world.secretary, world.session, absent, _choices(world, "ddddd"))
    # and the member's own page says their ballot was entered, without the choices
    own = _text(_as(client, login, world.users[6]).get(_url(world)))
    assert "Thư ký Hội đồng đã nhập phiếu bằng văn bản của bạn" in own and "Không đồng ý" not in own


def test_written_ballots_are_the_secretarys_and_only_for_written_attendance(council_world, client, login):
    world, absent = _written_world(council_world)
    present, merely_absent = _member(world, 2), _member(world, 7)
    for user in (world.chair, world.users[2]):
        with pytest.raises(PermissionDenied, match="Chỉ Thư ký Hội đồng"):
            ballot_service.record_written_ballot(user, world.session, absent, _choices(world, "aaaaa"))
        other = _as(client, login, user)
        assert other.get(_url(world, "phieu-van-ban")).status_code == 403
        assert other.post(_url(world, "phieu-van-ban") + f"?thanh-vien={absent.id}",
                          data=_form(world, "aaaaa")).status_code == 403
    for member in (present, merely_absent):
        with pytest.raises(ServiceError, match="chỉ nhập phiếu bằng văn bản cho thành viên vắng mặt"):
            ballot_service.record_written_ballot(world.secretary, world.session, member, _choices(world, "aaaaa"))
    secretary = _as(client, login, world.secretary)
    response = secretary.post(_url(world, "phieu-van-ban") + f"?thanh-vien={present.id}", data=_form(world, "aaaaa"))
    assert response.status_code == 302  # not a written member: back to the list, nothing entered
    # the written and the absent member cannot vote online themselves
    with pytest.raises(ServiceError, match="Thư ký Hội đồng nhập phiếu"):
        ballot_service.cast_ballot(world.users[6], world.session, _choices(world, "aaaaa"))
    with pytest.raises(ServiceError, match="vắng mặt nên không bỏ phiếu trực tiếp"):
        ballot_service.cast_ballot(world.users[7], world.session, _choices(world, "aaaaa"))
    assert 'type="radio"' not in _text(_as(client, login, world.users[6]).get(_url(world)))
    assert db.session.query(BallotCast).count() == 0 and _counts(world) == [(0, 0, 0)] * 5


def test_a_written_ballot_of_a_recused_member_follows_the_setting(council_world, client, login):
    world, absent = _written_world(council_world, leave=True)
    items = _items(world)
    _recuse(world, 6, [items[4]], source="manual")
    login(client, world.secretary)
    entry_url = _url(world, "phieu-van-ban") + f"?thanh-vien={absent.id}"
    assert _text(client.get(entry_url)).count('type="radio"') == 8
    assert client.post(entry_url, data=_form(world, "adaaa", skip={items[4].id})).status_code == 302
    assert _counts(world) == [(1, 0, 0), (0, 1, 0), (1, 0, 0), (1, 0, 0), (0, 0, 1)]
    assert db.session.query(BallotCast).one().written is True


# --- who votes, and what is seen ------------------------------------------------------------------


def test_voting_status_names_who_voted_never_how(council_world):
    world, absent = _written_world(council_world)
    ballot_service.cast_ballot(world.users[2], world.session, _choices(world, "aaaaa"))
    ballot_service.record_written_ballot(world.secretary, world.session, absent, _choices(world, "ddddd"))
    status = ballot_service.voting_status(world.session)
    assert (status.voted, status.members) == (2, 9)
    assert [(r.member.full_name, r.voted, r.written) for r in status.rows if r.voted] == [
        ("Phạm Thị Hạnh", True, False), ("Đặng Quốc Bình", True, True)]
    assert not any(hasattr(r, "choice") or hasattr(r, "choices") for r in status.rows)


def _vote_nine(world, patterns):
    for index, pattern in enumerate(patterns, start=1):
        ballot_service.cast_ballot(world.users[index], world.session, _choices(world, pattern))


def test_tallies_stay_hidden_from_everyone_until_voting_closes(council_world, client, login, make_user):
    world = council_world(status=SessionStatus.VOTING)
    _vote_nine(world, ["aaaaa", "aaaad", "aaadd", "aaddd", "adddd", "aaaaa", "aaaaa", "aaaaa", "ddddd"])
    office = make_user("vanphong.kt", role=Role.OFFICE)
    assert ballot_service.tallies(world.session) is None
    for user in (world.users[2], world.chair, world.secretary, office):
        response = _as(client, login, user).get(_url(world, "kiem-phieu"))
        html = _text(response)
        assert response.status_code == 200
        assert "Kết quả kiểm phiếu chỉ hiện sau khi Chủ tịch Hội đồng kết thúc bỏ phiếu." in html
        assert 'data-testid="tally-row"' not in html and 'data-testid="agree"' not in html
        assert "Đã có 9/9 thành viên" in html

    world.session.status = SessionStatus.TALLIED
    db.session.commit()
    rows = ballot_service.tallies(world.session)
    assert [(r.line.agree, r.line.disagree, r.line.not_voting) for r in rows] == [
        (8, 1, 0), (7, 2, 0), (6, 3, 0), (5, 4, 0), (4, 5, 0)]
    assert [r.line.passed for r in rows] == [True, True, True, True, False]  # > 50 % of 9: 5 passes, 4 fails
    for user in (world.chair, office):
        html = _text(_as(client, login, user).get(_url(world, "kiem-phieu")))
        assert html.count('data-testid="tally-row"') == 5 and "tally-hidden" not in html
        assert "4/9 (44,44%)" in html and "5/9 (55,56%)" in html and "trên 50%" in html
        assert html.count(">Đạt<") == 4 and html.count(">Không đạt<") == 1


def test_the_ratio_counts_over_all_members_and_the_legal_floor_applies(council_world, client, login):
    world = council_world(status=SessionStatus.VOTING)
    gk = world.awards["GK"]
    gk.threshold_share, gk.threshold_strict = 0.4, False  # below the legal > 50 % for a Giấy khen
    ldtt = world.awards["LDTT"]
    ldtt.threshold_share, ldtt.threshold_strict = 0.6667, False  # stricter than the law: the form's applies
    db.session.commit()
    # only four members vote: the others' missing ballots still count in the denominator
    for index, pattern in zip((1, 2, 3, 4), ["aaaaa", "aaaaa", "aaaaa", "aaaaa"], strict=True):
        ballot_service.cast_ballot(world.users[index], world.session, _choices(world, pattern))
    for index in (5, 6):
        ballot_service.cast_ballot(world.users[index], world.session, _choices(world, "adaaa"))
    world.session.status = SessionStatus.APPROVED
    db.session.commit()
    rows = ballot_service.tallies(world.session)
    gk_row = rows[0]
    assert (gk_row.line.agree, gk_row.line.members, gk_row.line.passed) == (6, 9, True)
    assert gk_row.line.threshold.describe() == "trên 50%" and gk_row.form_threshold.describe() == "từ 40% trở lên"
    # LDTT: 4/9 and 6/9 against a stored 0,6667, read as the two thirds it rounds (Threshold.stored, as the
    # ranking reads it): two thirds of 9 is 6 and passes
    assert rows[1].line.threshold.describe() == "từ 2/3 trở lên" and not rows[1].by_law
    assert [(r.line.agree, r.line.passed) for r in rows[1:]] == [(4, False), (6, True), (6, True), (6, True)]
    assert rows[1].line.no_ballot == 3
    html = _text(_as(client, login, world.users[8]).get(_url(world, "kiem-phieu")))
    assert "Ngưỡng áp dụng: trên 50% tổng số thành viên Hội đồng (hình thức khen thưởng: từ 40% trở lên" in html
    assert "6/9 (66,67%)" in html


# --- access ---------------------------------------------------------------------------------------


def test_only_the_sessions_members_open_the_ballot_pages(council_world, client, login, make_user):
    world = council_world(status=SessionStatus.VOTING)
    outsider = make_user("hd.khac", role=Role.COUNCIL_MEMBER)
    office = make_user("vanphong.bp", role=Role.OFFICE)
    pages = ("bo-phieu", "phieu-van-ban", "kiem-phieu")
    for user, expected in ((world.officers["KHDT"], (403, 403, 403)), (outsider, (403, 403, 403)),
                           (office, (403, 403, 200)), (world.users[2], (200, 403, 200)),
                           (world.secretary, (200, 200, 200)), (world.chair, (200, 403, 200))):
        other = _as(client, login, user)
        assert tuple(other.get(_url(world, page)).status_code for page in pages) == expected, user.username
        assert other.post(_url(world), data=_form(world, "aaaaa")).status_code in {403: (403,), 200: (302,)}[
            expected[0]], user.username
    with pytest.raises(PermissionDenied):
        ballot_service.cast_ballot(world.officers["KHDT"], world.session, _choices(world, "aaaaa"))
    with pytest.raises(PermissionDenied):
        ballot_service.cast_ballot(office, world.session, _choices(world, "aaaaa"))
    assert db.session.query(BallotCast).count() == 3  # the three members' POSTs (2, secretary, chair)
    anonymous = client.application.test_client()
    assert anonymous.get(_url(world)).status_code == 302
    assert other.get("/hoi-dong/phien/999999/bo-phieu").status_code == 404


# --- bounded queries ------------------------------------------------------------------------------


def _grow_agenda(world, make_person, count):
    """`count` more accepted LĐTT nominations of VP on the agenda, with their tallies and a recusal each."""
    base = len(world.session.items)
    closes_at = world.phase.nomination_closes_at
    world.phase.nomination_closes_at = local_now() + dt.timedelta(days=1)  # the window open to nominate
    db.session.commit()
    for n in range(count):
        person = make_person(f"Trần Văn Thêm {n}", world.units["VP"])
        nomination = make_nomination(world.officers["VP"], world.phase, world.awards["LDTT"], person=person,
                                     state=NominationStatus.ACCEPTED)
        item = AgendaItem(session_id=world.session.id, nomination_id=nomination.id, position=base + n + 1)
        db.session.add(item)
        db.session.flush()
        db.session.add(VoteTally(session_id=world.session.id, item_id=item.id))
        db.session.add(Recusal(item_id=item.id, person_id=_member(world, 3).person_id, reason="Cùng đơn vị."))
    world.phase.nomination_closes_at = closes_at
    db.session.commit()


def test_the_ballot_and_tally_pages_run_the_same_queries_whatever_the_agenda(council_world, client, login,
                                                                            count_queries, make_person):
    world = council_world(status=SessionStatus.VOTING)
    session = world.session
    ballot_url, tally_url = _url(world), _url(world, "kiem-phieu")
    voter = _as(client, login, world.users[3])
    counts = []
    for extra in (0, 6):
        if extra:
            _grow_agenda(world, make_person, extra)
        session.status = SessionStatus.VOTING
        db.session.commit()
        with count_queries() as counter:
            page = _text(voter.get(ballot_url))
        assert page.count('type="radio"') == 2 * (5 + extra)
        counts.append(counter.count)
        session.status = SessionStatus.TALLIED
        db.session.commit()
        with count_queries() as counter:
            page = _text(voter.get(tally_url))
        assert page.count('data-testid="tally-row"') == 5 + extra
        counts.append(counter.count)
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    print(f"\nQueries: ballot page {counts[0]} at 5 and {counts[2]} at 11 agenda items; "
          f"tally page {counts[1]} at 5 and {counts[3]} at 11.")
