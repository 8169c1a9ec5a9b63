"""Home pages lead to the work waiting: the office's (appraisals due, deadline passed, returned dossiers a
unit cannot act on, units that sent nothing, dossiers ready for the council), the leader's and the
council's (dossiers waiting for the council, deadlines to come), and the unit's, whose verdict is the
eligibility panel's. Each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from types import SimpleNamespace

import pytest

from campaign.extensions import db
from campaign.models import NominationStatus, Role, local_now
from campaign.services import facts
from tests.factories import (
    add_prior_award,
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_nomination,
    make_phase,
)

TODAY = local_now().date()


@pytest.fixture
def board(app, make_unit, make_person, make_user, login):
    w = SimpleNamespace()
    w.khdt, w.dngs, w.vp = (make_unit("KHDT", "Phòng Kế hoạch – Đầu tư"), make_unit("DNGS", "Phòng Doanh nghiệp"),
                            make_unit("VP", "Văn phòng"))
    w.people = [make_person(f"Nguyễn Văn Thứ {i}", w.khdt) for i in range(4)]
    campaign = make_campaign()
    w.phase = make_phase(campaign, appraisal_deadline=TODAY - dt.timedelta(days=3),
                         council_date=TODAY + dt.timedelta(days=20))
    make_criterion(campaign, make_group(campaign), "I1", "individual", 100, target=95)
    w.ldtt = make_award_form("LDTT", "Lao động tiên tiến", "individual", position=1)
    w.cstdcs = make_award_form("CSTDCS", "Chiến sĩ thi đua cơ sở", "individual", position=2, conditions=[
        ("same_year_title", {"title_id": w.ldtt.id}), ("initiative", {"level": "co_so", "count": 1})])
    w.officer = make_user(role=Role.UNIT_OFFICER, unit=w.khdt, full_name="Hoàng Thu Hà")
    w.dngs_officer = make_user(role=Role.UNIT_OFFICER, unit=w.dngs)
    w.vp_officer = make_user(role=Role.UNIT_OFFICER, unit=w.vp)
    w.office = make_user(role=Role.OFFICE, full_name="Trần Văn Phòng")
    for person, state in zip(w.people, [NominationStatus.SUBMITTED, NominationStatus.SUBMITTED,
                                        NominationStatus.RETURNED, NominationStatus.ACCEPTED], strict=True):
        make_nomination(w.officer, w.phase, w.ldtt, person=person, state=state, office=w.office)
    make_nomination(w.dngs_officer, w.phase, w.ldtt, person=make_person("Lê Minh Chí", w.dngs))  # a draft only
    db.session.commit()
    w.clients = {}
    for name, user in (("office", w.office), ("unit", w.officer)):
        w.clients[name] = app.test_client()
        login(w.clients[name], user)
    for role in (Role.LEADER, Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER):
        w.clients[role] = app.test_client()
        login(w.clients[role], make_user(role=role))
    return w


def _text(response) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_the_office_home_lists_the_work_waiting_with_links(board):
    page = board.clients["office"].get("/")
    html, text = page.get_data(as_text=True), _text(page)
    phase = board.phase.id
    assert "Việc cần làm" in text
    assert "2 hồ sơ chờ thẩm định" in text
    deadline = (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    assert f"Đã quá hạn thẩm định {deadline} (đã qua 3 ngày)" in text
    assert f'href="/tham-dinh?giai-doan={phase}"' in html
    assert "1 hồ sơ đã trả lại, chờ đơn vị bổ sung" in text
    assert f'href="/ho-so/de-nghi?trang-thai=returned&amp;giai-doan={phase}"' in html
    assert "work-returned-blocked" not in html  # the window is open: the unit can act
    assert "2 đơn vị chưa nộp hồ sơ nào" in text and "Phòng Doanh nghiệp (đang soạn)" in text and "Văn phòng" in text
    assert f'href="/ho-so/de-nghi?giai-doan={phase}&amp;don-vi={board.dngs.id}"' in html
    assert "1 hồ sơ đã thẩm định đạt, sẵn sàng trình Hội đồng" in text
    assert f"họp Hội đồng {(TODAY + dt.timedelta(days=20)):%d/%m/%Y} (còn 20 ngày)" in text
    assert f'href="/ho-so/de-nghi?trang-thai=accepted&amp;giai-doan={phase}"' in html


def test_the_office_sees_returned_dossiers_the_unit_cannot_act_on_once_the_window_closed(board):
    board.phase.nomination_closes_at = local_now() - dt.timedelta(hours=2)
    db.session.commit()
    text = _text(board.clients["office"].get("/"))
    assert "1 hồ sơ đơn vị chưa sửa được vì đã hết hạn nộp: gia hạn cho đơn vị" in text
    assert "2 đơn vị chưa nộp hồ sơ nào · đã hết hạn nộp lúc" in text


def test_the_leader_and_the_council_see_what_waits_for_the_council_and_the_deadlines(board):
    draft = make_campaign(title="Phong trào đang soạn", status="draft")
    make_phase(draft, name="Giai đoạn dự thảo")
    db.session.commit()
    for role, own in ((Role.LEADER, "Văn bản chờ ký"), (Role.COUNCIL_CHAIR, "Phiên họp xét khen thưởng"),
                      (Role.COUNCIL_MEMBER, "Phiên họp xét khen thưởng")):
        text = _text(board.clients[role].get("/"))
        assert "Hồ sơ chờ Hội đồng xét" in text and "1 hồ sơ đã thẩm định đạt" in text, role
        assert "Lao động tiên tiến 1" in text, role
        assert "Văn phòng còn 2 hồ sơ đang thẩm định" in text and "(đã quá hạn)" in text, role
        assert f"Họp Hội đồng: {(TODAY + dt.timedelta(days=20)):%d/%m/%Y} · còn 20 ngày" in text, role
        assert "Hạn nộp hồ sơ:" in text and "Lịch các giai đoạn" in text, role
        assert own in text, role
        assert "Phong trào đang soạn" not in text, role  # a campaign in draft is the office's alone


def test_the_unit_home_gives_the_eligibility_panels_verdict_and_the_submit_confirmation_names_it(board,
                                                                                                 make_person):
    client, officer = board.clients["unit"], board.officer
    candidate = make_person("Phạm Quốc Dũng", board.khdt)
    nomination = make_nomination(officer, board.phase, board.cstdcs, person=candidate, complete=True)
    db.session.commit()
    verdict = facts.eligibility(nomination)
    assert not verdict.eligible and verdict.reasons  # complete, but the rules say no
    row = re.search(r'<tr data-testid="home-nomination">(?:(?!</tr>).)*Chiến sĩ thi đua cơ sở(?:(?!</tr>).)*</tr>',
                    client.get("/").get_data(as_text=True), re.S).group(0)
    assert "Đủ hồ sơ" not in row and "Chưa đủ điều kiện" in row
    for reason in verdict.reasons:
        assert html_lib.escape(reason, quote=False) in row
    page = client.get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    confirm = html_lib.unescape(re.search(r'data-confirm="([^"]*Nộp hồ sơ\?[^"]*)"', page).group(1))
    assert confirm.startswith("Nộp hồ sơ? Lưu ý: Phạm Quốc Dũng chưa đủ điều kiện: ")
    assert all(reason in confirm for reason in verdict.reasons) and "Hồ sơ vẫn nộp được" in confirm
    response = client.post(f"/ho-so/de-nghi/{nomination.id}/nop", data={"version": nomination.version},
                           follow_redirects=True)
    text = _text(response)
    assert "Đã nộp hồ sơ" in text and "Lưu ý: Phạm Quốc Dũng chưa đủ điều kiện" in text


def test_an_eligible_complete_dossier_is_ready_on_the_unit_home(board, make_person):
    person = make_person("Trần Thị Bình", board.khdt)
    add_prior_award(board.ldtt, TODAY.year - 1, person=person)
    nomination = make_nomination(board.officer, board.phase, board.ldtt, person=person, complete=True)
    db.session.commit()
    assert facts.eligibility(nomination).eligible
    html = board.clients["unit"].get("/").get_data(as_text=True)
    row = re.search(r'<tr data-testid="home-nomination">(?:(?!</tr>).)*Trần Thị Bình(?:(?!</tr>).)*</tr>', html,
                    re.S).group(0)
    assert "Đủ hồ sơ và đủ điều kiện, có thể nộp" in row
    page = board.clients["unit"].get(f"/ho-so/de-nghi/{nomination.id}").get_data(as_text=True)
    assert 'data-confirm="Nộp hồ sơ? Sau khi nộp, hồ sơ bị khóa cho đến khi Văn phòng trả lại."' in page


def _grow(board, make_unit, make_person, make_user, n):
    for i in range(n):
        unit = make_unit()
        make_user(role=Role.UNIT_OFFICER, unit=unit)
        officer = make_user(role=Role.UNIT_OFFICER, unit=board.khdt)
        for state in (NominationStatus.SUBMITTED, NominationStatus.RETURNED, NominationStatus.ACCEPTED,
                      NominationStatus.DRAFT):
            make_nomination(officer, board.phase, board.cstdcs if i % 2 else board.ldtt,
                            person=make_person(f"Cán Bộ {i} {state.value}", board.khdt), state=state, office=board.office)
    campaign = make_campaign(title=f"Phong trào thêm {n}")
    make_phase(campaign, appraisal_deadline=TODAY + dt.timedelta(days=5))
    db.session.commit()


def test_every_home_page_runs_the_same_number_of_queries_at_two_sizes(board, make_unit, make_person, make_user,
                                                                      count_queries):
    pages = ["office", "unit", Role.LEADER, Role.COUNCIL_CHAIR]

    def measure():
        counts = {}
        for name in pages:
            with count_queries() as counter:
                assert board.clients[name].get("/").status_code == 200
            counts[name] = counter.count
        return counts

    _grow(board, make_unit, make_person, make_user, 1)
    small = measure()
    _grow(board, make_unit, make_person, make_user, 4)
    large = measure()
    assert small == large
    assert "7 hồ sơ chờ thẩm định" in _text(board.clients["office"].get("/"))
    assert small["office"] < 30, small
