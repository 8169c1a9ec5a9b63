"""The council's scoring (issue 9, items 3 and 5): the member's sheet with prefilled quantitative points,
the comment rule, range and step, recusal, htmx saves, submission, who sees what, progress, aggregation,
access and bounded queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from campaign.extensions import db
from campaign.models import AgendaItem, AuditEvent, Recusal, Result, Score, SessionMember, SessionStatus
from campaign.services import ServiceError
from campaign.services import scoring as scoring_service

HX = {"HX-Request": "true"}


def _world(council_world, **kw):
    return council_world(status=kw.pop("status", SessionStatus.SCORING), **kw)


def _items(world):
    """The agenda's items: 0 KHDT collective (GK), 1–2 KHDT people, 3 VP person, 4 DNGS person (LDTT)."""
    return list(world.session.items)


def _recuse_khdt(world):
    """The KHDT member (users[4]) recused on KHDT's three items, as rules.recusal would find."""
    person_id = world.khdt_member.person_id
    for item in _items(world)[:3]:
        db.session.add(Recusal(item_id=item.id, person_id=person_id, source="auto",
                               reason="Thành viên thuộc đơn vị đề nghị (Phòng Kế hoạch – Đầu tư)."))
    db.session.commit()


def _url(world, item=None, criterion=None):
    base = f"/hoi-dong/phien/{world.session.id}/cham-diem"
    return base if item is None else f"{base}/{item.id}/{criterion.id}"


def _score(world, user, item, criterion, points, comment="", version=None):
    return scoring_service.save_score(user, world.session, item, criterion, Decimal(points), comment,
                                      seen_version=version)


def _fill(world, user, qualitative="45"):
    """Score every item the user must score: qualitative criteria at `qualitative`, quantitative kept."""
    crit = world.criteria
    for item in _items(world):
        if db.session.scalar(db.select(Recusal).where(Recusal.item_id == item.id,
                                                      Recusal.person_id == user.person_id)):
            continue
        qual = crit[1] if item.nomination.person_id else crit[3]
        _score(world, user, item, qual, min(Decimal(qualitative), qual.max_points))


def _stored(world, user, item, criterion):
    return db.session.scalar(db.select(Score).where(Score.item_id == item.id, Score.person_id == user.person_id,
                                                    Score.criterion_id == criterion.id))


def test_sheet_prefills_the_attainment_points(council_world, client, login):
    world = _world(council_world)
    vp_item = _items(world)[3]
    # The VP person reached 90 of a target of 100 on criterion 1 (40 points): 36 points.
    result = db.session.scalar(db.select(Result).where(Result.subject == vp_item.nomination.subject,
                                                       Result.criterion_id == world.criteria[0].id))
    result.value = Decimal(90)
    db.session.commit()
    sheet = scoring_service.scoring_sheet(world.users[3], world.session)
    cell = sheet.cell(vp_item.id, world.criteria[0].id)
    assert cell.prefilled == Decimal("36.00") and cell.attainment == Decimal("90.0") and cell.score is None
    assert [g.award_form.code for g in sheet.groups] == ["GK", "LDTT"]
    assert [c.criterion.code for c in sheet.item(_items(world)[0].id).cells] == ["3", "4"]  # collective criteria
    assert sheet.step == Decimal("0.5")
    login(client, world.users[3])
    html = client.get(_url(world)).get_data(as_text=True)
    prefill = re.search(rf'data-testid="prefill-{vp_item.id}-{world.criteria[0].id}">(.*?)</td>', html, re.S).group(1)
    assert "đạt 90% → <strong>36 điểm</strong>" in " ".join(prefill.split())
    field = re.search(rf'id="p-{vp_item.id}-{world.criteria[0].id}"[^>]*>', html, re.S).group(0)
    assert 'value="36"' in field
    assert "theo bước 0,5 điểm" in html


def test_adjusting_a_quantitative_score_needs_a_comment(council_world, client, login):
    world = _world(council_world)
    item, crit = _items(world)[3], world.criteria[0]  # prefilled 40 (result at its target)
    login(client, world.users[3])
    response = client.post(_url(world, item, crit), data={"points": "35", "comment": "", "version": "0"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    error = re.search(r'data-testid="comment-error">(.*?)</div>', html, re.S).group(1)
    assert "Điểm khác điểm tính theo kết quả (40): hãy ghi nhận xét" in error
    assert 'value="35"' in html  # the typed value stays
    assert _stored(world, world.users[3], item, crit) is None
    response = client.post(_url(world, item, crit), data={"points": "35", "comment": "Minh chứng chưa đủ.",
                                                          "version": "0"}, headers=HX)
    assert 'data-testid="saved"' in response.get_data(as_text=True)
    score = _stored(world, world.users[3], item, crit)
    assert (score.points, score.prefilled, score.comment) == (Decimal("35.00"), Decimal("40.00"), "Minh chứng chưa đủ.")
    # Keeping the prefilled value needs no comment.
    assert _score(world, world.users[3], item, crit, "40", version=score.version).comment == ""


@pytest.mark.parametrize("points, message", [
    ("61", "Điểm phải từ 0 đến 60."),
    ("-1", "Điểm phải từ 0 đến 60."),
    ("7,3", "Điểm tiêu chí định tính chấm theo bước 0,5 điểm"),
    ("abc", "Phải là một số (ví dụ 7,5)."),
    ("7,555", "Chỉ được có tối đa 2 chữ số sau dấu phẩy."),
])
def test_out_of_range_and_off_step_are_refused(council_world, client, login, points, message):
    world = _world(council_world)
    item, crit = _items(world)[3], world.criteria[1]  # qualitative, 60 points
    login(client, world.users[3])
    html = client.post(_url(world, item, crit), data={"points": points, "version": "0"}, headers=HX).get_data(
        as_text=True)
    assert message in re.search(r'data-testid="points-error">(.*?)</div>', html, re.S).group(1)
    assert f'value="{points}"' in html
    assert _stored(world, world.users[3], item, crit) is None


@pytest.mark.parametrize("typed", ["7,5", "7.5"])
def test_a_decimal_comma_or_point_is_read(council_world, client, login, typed):
    world = _world(council_world)
    item, crit = _items(world)[3], world.criteria[1]
    login(client, world.users[3])
    response = client.post(_url(world, item, crit), data={"points": typed, "version": "0"}, headers=HX)
    assert 'data-testid="saved"' in response.get_data(as_text=True)
    assert _stored(world, world.users[3], item, crit).points == Decimal("7.50")
    assert 'value="7,5"' in response.get_data(as_text=True)


def test_saving_without_javascript_redirects_or_keeps_the_input(council_world, client, login):
    world = _world(council_world)
    item, crit = _items(world)[3], world.criteria[1]
    login(client, world.users[3])
    response = client.post(_url(world, item, crit), data={"points": "99", "comment": "Rất tốt", "version": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in html  # the whole sheet, with the cell's error
    assert "Điểm phải từ 0 đến 60." in html and 'value="99"' in html and "Rất tốt</textarea>" in html
    response = client.post(_url(world, item, crit), data={"points": "50", "version": "0"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cham-diem#o-{item.id}-{crit.id}")
    assert _stored(world, world.users[3], item, crit).points == Decimal(50)
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "score.save")).all()
    assert len(events) == 1 and events[0].changes["points"] == [None, "50.00"]


def test_a_recused_member_has_no_inputs_and_cannot_save(council_world, client, login):
    world = _world(council_world)
    _recuse_khdt(world)
    khdt_item, vp_item = _items(world)[1], _items(world)[3]
    login(client, world.khdt_member)
    html = client.get(_url(world)).get_data(as_text=True)
    section = re.search(rf'data-testid="item-{khdt_item.id}".*?</section>', html, re.S).group(0)
    assert "Tránh chấm điểm" in section and "Thành viên thuộc đơn vị đề nghị" in section
    assert "<input" not in section and "<textarea" not in section
    assert f'id="p-{vp_item.id}-{world.criteria[1].id}"' in html  # other items have inputs
    response = client.post(_url(world, khdt_item, world.criteria[1]), data={"points": "50", "version": "0"},
                           headers=HX)
    assert response.status_code == 200
    assert "Bạn thuộc diện tránh chấm điểm hồ sơ này" in response.get_data(as_text=True)
    assert _stored(world, world.khdt_member, khdt_item, world.criteria[1]) is None


def test_submit_lists_what_is_missing_then_locks_the_sheet(council_world, client, login):
    world = _world(council_world)
    user = world.users[3]
    login(client, user)
    items = _items(world)
    _score(world, user, items[3], world.criteria[1], "50")
    response = client.post(f"{_url(world)}/nop", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Phiếu chấm chưa đủ điểm, chưa nộp được. Còn thiếu:" in html
    assert "Phòng Kế hoạch – Đầu tư (Giấy khen của Trưởng Ban): tiêu chí 4" in html
    assert "Lý Thị Mai (Lao động tiên tiến): tiêu chí 2" in html
    assert "Hoàng Thị Yến" not in re.search(r"Còn thiếu:(.*?)\.\s*<", html, re.S).group(1)
    member = db.session.scalar(db.select(SessionMember).where(SessionMember.user_id == user.id))
    assert member.scores_submitted_at is None
    _fill(world, user)
    response = client.post(f"{_url(world)}/nop", follow_redirects=True)
    assert "Đã nộp phiếu chấm điểm." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SessionMember, member.id).scores_submitted_at is not None
    # The untouched quantitative criteria kept their prefilled points.
    assert _stored(world, user, items[0], world.criteria[2]).points == Decimal(50)
    html = client.get(_url(world)).get_data(as_text=True)
    assert 'name="points"' not in html and "Nộp phiếu chấm</button>" not in html
    response = client.post(_url(world, items[3], world.criteria[1]), data={"points": "10", "version": "1"}, headers=HX)
    assert "Bạn đã nộp phiếu chấm của phiên họp này" in response.get_data(as_text=True)
    assert _stored(world, user, items[3], world.criteria[1]).points == Decimal(45)
    with pytest.raises(ServiceError, match="Bạn đã nộp phiếu chấm"):
        scoring_service.submit_scores(user, world.session)


def test_two_tabs_saving_the_same_score_get_a_clear_refusal(council_world):
    world = _world(council_world)
    item, crit, user = _items(world)[3], world.criteria[1], world.users[3]
    _score(world, user, item, crit, "50", version=0)
    with pytest.raises(ServiceError, match="vừa được lưu từ một cửa sổ khác"):
        _score(world, user, item, crit, "40", version=0)  # the other tab saw no score
    score = _score(world, user, item, crit, "40", version=1)
    with pytest.raises(ServiceError, match="vừa được lưu từ một cửa sổ khác"):
        _score(world, user, item, crit, "30", version=1)
    assert score.points == Decimal(40)


def test_others_scores_hidden_before_own_submission_visible_after(council_world, client, login):
    world = _world(council_world)
    world.phase.members_see_scores = True
    world.phase.min_scorers = 1
    db.session.commit()
    first, second = world.users[3], world.users[5]
    _fill(world, first, qualitative="47.5")
    scoring_service.submit_scores(first, world.session)
    login(client, second)
    html = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop").get_data(as_text=True)
    assert "chỉ hiện sau khi bạn nộp phiếu chấm" in html and "47,5" not in html
    assert "47,5" not in client.get(_url(world)).get_data(as_text=True)
    _fill(world, second, qualitative="52.5")
    scoring_service.submit_scores(second, world.session)
    html = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop").get_data(as_text=True)
    vp_item = _items(world)[3]
    row = re.search(rf'data-testid="agg-{vp_item.id}-2">(.*?)</tr>', html, re.S).group(1)
    assert "47,5; 52,5" in row and "<strong data-testid=\"value\">50</strong>" in row  # the mean of the two
    assert "47,5" in client.get(_url(world)).get_data(as_text=True)  # the sheet shows them after submission too


def test_without_the_phase_setting_scores_wait_for_voting(council_world, client, login):
    world = _world(council_world)
    user = world.users[3]
    _fill(world, user)
    scoring_service.submit_scores(user, world.session)
    login(client, user)
    html = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop").get_data(as_text=True)
    assert "chỉ được công bố khi Hội đồng bắt đầu bỏ phiếu" in html and 'data-testid="agg-' not in html


def test_progress_shows_counts_not_scores(council_world, client, login):
    world = _world(council_world)
    _recuse_khdt(world)
    _score(world, world.users[3], _items(world)[3], world.criteria[1], "42.5")
    _fill(world, world.users[5], qualitative="33.5")
    scoring_service.submit_scores(world.users[5], world.session)
    login(client, world.chair)
    response = client.get(f"/hoi-dong/phien/{world.session.id}/tien-do")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    def row(user):
        return " ".join(re.search(rf'data-testid="progress-{user.person_id}">(.*?)</tr>', html, re.S).group(1).split())
    assert "1/5 hồ sơ" in row(world.users[3]) and "Chưa nộp" in row(world.users[3])
    assert "5/5 hồ sơ" in row(world.users[5]) and "Đã nộp" in row(world.users[5])
    assert "0/2 hồ sơ" in row(world.khdt_member)  # recused on KHDT's three items
    assert "42,5" not in html and "33,5" not in html
    # The chair sees no aggregates while scoring is open.
    html = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop").get_data(as_text=True)
    assert "33,5" not in html


def test_from_voting_on_members_and_office_see_aggregates(council_world, client, login, make_user):
    world = _world(council_world)
    world.phase.min_scorers = 3
    db.session.commit()
    for index, points in ((3, "40"), (5, "41"), (6, "60")):
        _fill(world, world.users[index], qualitative=points)
        scoring_service.submit_scores(world.users[index], world.session)
    _fill(world, world.users[7], qualitative="0")  # not submitted: never counted
    world.session.status = SessionStatus.VOTING
    db.session.commit()
    office = make_user("vanphong", role="office")
    login(client, office)
    html = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop").get_data(as_text=True)
    vp_item = _items(world)[3]
    row = " ".join(re.search(rf'data-testid="agg-{vp_item.id}-2">(.*?)</tr>', html, re.S).group(1).split())
    assert "40; 41; 60" in row and '<strong data-testid="value">47</strong>' in row
    assert 'data-testid="disagreement"' in row  # 60 − 40 = 20 > 30 % of 60 = 18
    total = " ".join(re.search(rf'data-testid="agg-{vp_item.id}-total">(.*?)</tr>', html, re.S).group(1).split())
    assert '<strong data-testid="value">87</strong>' in total  # 40 + 47
    aggregated = scoring_service.compute_aggregates(world.session)
    assert aggregated.submitted == 3


def test_too_few_scorers_is_flagged_not_averaged(council_world, client, login):
    world = _world(council_world, status=SessionStatus.SCORING)
    _fill(world, world.users[3])
    scoring_service.submit_scores(world.users[3], world.session)
    world.session.status = SessionStatus.TALLIED
    db.session.commit()
    login(client, world.users[3])
    html = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop").get_data(as_text=True)
    assert "Chỉ có 1 thành viên chấm điểm, cần ít nhất 3 thành viên" in html
    assert 'data-testid="insufficient"' in html


def test_every_member_recused_is_flagged(council_world):
    world = _world(council_world)
    item = _items(world)[3]
    for member in world.session.members:
        db.session.add(Recusal(item_id=item.id, person_id=member.person_id, source="manual", reason="Thử."))
    db.session.commit()
    result = scoring_service.compute_aggregates(world.session)
    vp = next(i for g in result.groups for i in g.items if i.item.id == item.id)
    assert vp.total.insufficient and "Tất cả 9 thành viên" in vp.total.reason


@pytest.mark.parametrize("who", ["officer", "outsider", "office"])
def test_units_and_non_members_get_403(council_world, client, login, make_user, who):
    world = _world(council_world)
    user = {"officer": lambda: world.officers["KHDT"], "outsider": lambda: make_user("nguoingoai", role="leader"),
            "office": lambda: make_user("vanphong", role="office")}[who]()
    login(client, user)
    item, crit = _items(world)[3], world.criteria[1]
    base = f"/hoi-dong/phien/{world.session.id}"
    member_routes = [("get", f"{base}/cham-diem"), ("post", f"{base}/cham-diem/{item.id}/{crit.id}"),
                     ("get", f"{base}/cham-diem/{item.id}/{crit.id}"), ("post", f"{base}/cham-diem/nop")]
    routes = member_routes + ([] if who == "office" else [("get", f"{base}/tien-do"), ("get", f"{base}/tong-hop")])
    for method, url in routes:
        response = getattr(client, method)(url, data={"points": "50"} if method == "post" else None)
        assert response.status_code == 403, (method, url)
    assert db.session.scalar(db.select(db.func.count(Score.id))) == 0
    if who == "office":
        assert client.get(f"{base}/tien-do").status_code == 200
        html = client.get(f"{base}/tong-hop").get_data(as_text=True)
        assert "Văn phòng xem được tổng hợp điểm từ khi Hội đồng bắt đầu bỏ phiếu" in html


def test_a_member_other_than_the_chair_has_no_progress_page(council_world, client, login):
    world = _world(council_world)
    login(client, world.users[3])
    assert client.get(f"/hoi-dong/phien/{world.session.id}/tien-do").status_code == 403


def test_the_audit_log_records_each_save_before_and_after(council_world):
    world = _world(council_world)
    item, crit, user = _items(world)[3], world.criteria[1], world.users[3]
    _score(world, user, item, crit, "50")
    _score(world, user, item, crit, "55", "Bổ sung")
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "score.save")
                                .order_by(AuditEvent.id)).all()
    assert events[-1].changes == {"points": ["50.00", "55.00"], "comment": ["", "Bổ sung"]}
    assert events[-1].summary == "Nguyễn Hữu Dũng chấm Hoàng Thị Yến (Lao động tiên tiến), tiêu chí 2: 55 điểm"


def test_scoring_is_refused_outside_the_scoring_status(council_world):
    world = _world(council_world, status=SessionStatus.PREPARED)
    with pytest.raises(ServiceError, match="Đã chuẩn bị"):
        _score(world, world.users[3], _items(world)[3], world.criteria[1], "50")


def _grow(world, make_person, extra: int):
    """`extra` more LDTT nominations of KHDT people on the agenda, each scored and submitted by three
    members: the sheet and the aggregates must read them in the same number of queries."""
    from tests.factories import make_nomination

    position = len(world.session.items)
    closes = world.phase.nomination_closes_at
    world.phase.nomination_closes_at = closes + dt.timedelta(days=5)  # the window open again while they are made
    for index in range(extra):
        person = make_person(f"Nguyễn Văn Số {index}", world.units["KHDT"])
        nomination = make_nomination(world.officers["KHDT"], world.phase, world.awards["LDTT"], person=person,
                                     state="accepted")
        position += 1
        db.session.add(AgendaItem(session_id=world.session.id, nomination_id=nomination.id, position=position))
    world.phase.nomination_closes_at = closes
    db.session.commit()
    db.session.expire_all()


def test_sheet_and_aggregates_run_the_same_queries_at_two_sizes(council_world, client, login, count_queries,
                                                                make_person):
    world = _world(council_world)
    _recuse_khdt(world)
    world.phase.members_see_scores = True
    db.session.commit()
    counts = []
    for extra in (0, 4):
        if extra:
            _grow(world, make_person, extra)
        for index in (3, 5):
            member = db.session.scalar(db.select(SessionMember).where(SessionMember.user_id == world.users[index].id))
            member.scores_submitted_at = None
            db.session.commit()
            _fill(world, world.users[index], qualitative="30")
            scoring_service.submit_scores(world.users[index], world.session)
        client.post("/dang-xuat")
        login(client, world.users[3])
        with count_queries() as sheet:
            response = client.get(_url(world))
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('data-testid="item-') == 5 + extra
        with count_queries() as totals:
            response = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop")
        assert response.get_data(as_text=True).count('data-testid="agg-') >= 5 + extra
        client.post("/dang-xuat")
        login(client, world.chair)
        with count_queries() as progress:
            assert client.get(f"/hoi-dong/phien/{world.session.id}/tien-do").status_code == 200
        counts.append((sheet.count, totals.count, progress.count))
    print("QUERY COUNTS", counts)
    assert counts[0] == counts[1], counts


def test_two_tabs_at_the_same_moment_never_500(app, council_world, login):
    """Two tabs of one member post the same new score at once, then submit at once: one save and one
    submission count, the other tab gets a clear Vietnamese refusal (no 500, on every backend)."""
    import threading

    world = _world(council_world)
    user, item, crit = world.users[3], _items(world)[3], world.criteria[1]
    _fill(world, user)  # every other cell scored, so the sheet can be submitted
    db.session.execute(db.delete(Score).where(Score.item_id == item.id, Score.criterion_id == crit.id))
    db.session.commit()
    clients = [app.test_client() for _ in range(2)]
    for tab in clients:
        assert login(tab, user).status_code == 302

    def race(requests):
        barrier = threading.Barrier(len(requests))
        outcomes: list = [None] * len(requests)

        def run(i):
            barrier.wait(timeout=30)
            try:
                response = requests[i]()
                outcomes[i] = (response.status_code, response.get_data(as_text=True))
            except Exception as err:  # noqa: BLE001 - reported by the assertions
                outcomes[i] = (None, repr(err))

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return outcomes

    url = _url(world, item, crit)
    outcomes = race([lambda c=c, p=p: c.post(url, data={"points": p, "version": "0"}, headers=HX)
                     for c, p in zip(clients, ("50", "40"), strict=True)])
    assert [status for status, _ in outcomes] == [200, 200], outcomes
    saved = [html for _, html in outcomes if 'data-testid="saved"' in html]
    refused = [html for _, html in outcomes if "vừa được lưu từ một cửa sổ khác" in html]
    assert len(saved) + len(refused) == 2 and len(saved) >= 1, outcomes
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Score.id)).where(
        Score.item_id == item.id, Score.criterion_id == crit.id, Score.person_id == user.person_id)) == 1
    submit = f"{_url(world)}/nop"
    outcomes = race([lambda c=c: c.post(submit) for c in clients])
    assert [status for status, _ in outcomes] == [302, 302], outcomes
    db.session.expire_all()
    member = db.session.scalar(db.select(SessionMember).where(SessionMember.user_id == user.id))
    assert member.scores_submitted_at is not None
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "score.submit")) == 1


def test_saving_the_same_score_again_records_nothing(council_world):
    world = _world(council_world)
    item, crit, user = _items(world)[3], world.criteria[1], world.users[3]
    score = _score(world, user, item, crit, "50")
    again = _score(world, user, item, crit, "50", version=score.version)
    assert again.version == score.version
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "score.save")) == 1


def test_a_criterion_lowered_after_scoring_is_flagged_not_a_crash(council_world, client, login):
    world = _world(council_world)
    world.phase.members_see_scores = True
    db.session.commit()
    user = world.users[3]
    _fill(world, user, qualitative="55")
    scoring_service.submit_scores(user, world.session)
    world.criteria[1].max_points = Decimal(50)
    db.session.commit()
    login(client, user)
    response = client.get(f"/hoi-dong/phien/{world.session.id}/tong-hop")
    assert response.status_code == 200
    assert "Có điểm chấm vượt điểm tối đa hiện nay của tiêu chí" in response.get_data(as_text=True)


def test_an_htmx_save_updates_the_sheets_counter_out_of_band(council_world, client, login):
    world = _world(council_world)
    user = world.users[3]
    item, qualitative = _items(world)[3], world.criteria[1]  # the VP person: quantitative prefilled at 40
    before = scoring_service.scoring_sheet(user, world.session)
    assert before.item(item.id).missing  # the qualitative criterion is not scored yet
    login(client, user)
    page = client.get(_url(world)).get_data(as_text=True)
    counter = re.search(r'<span id="sheet-progress" data-testid="sheet-progress">(.*?)</span>', page, re.S).group(1)
    assert counter == f"đã chấm {before.scored_items}/5 hồ sơ phải chấm."
    html = client.post(_url(world, item, qualitative), data={"points": "45", "version": "0"},
                       headers=HX).get_data(as_text=True)
    assert 'data-testid="saved"' in html
    oob = re.search(r'<span id="sheet-progress" data-testid="sheet-progress" hx-swap-oob="true">(.*?)</span>', html,
                    re.S)
    assert oob, html
    assert oob.group(1) == f"đã chấm {before.scored_items + 1}/5 hồ sơ phải chấm."
    # A refused save sends the counter unchanged.
    html = client.post(_url(world, _items(world)[4], qualitative), data={"points": "45,3", "version": "0"},
                       headers=HX).get_data(as_text=True)
    assert f"đã chấm {before.scored_items + 1}/5 hồ sơ phải chấm." in html
