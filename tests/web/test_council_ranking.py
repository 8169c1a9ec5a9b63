"""The council's ranking page, the chair's moves across the cut, the approval, the unit's view of its outcome
and the .xlsx export (services/ranking.py, services/ranking_export.py, web/council/ranking.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import (
    AgendaItem,
    AuditEvent,
    AwardQuota,
    Nomination,
    NominationStatus,
    Recusal,
    Score,
    SessionEvent,
    SessionMember,
    SessionStatus,
    VoteTally,
)
from campaign.services import ranking as ranking_service
from tests.factories import SUMMARY, add_sanction, make_nomination

# The world's agenda, in order: KHDT's collective (GK), Lý Thị Mai, Phan Văn Hùng (KHDT, LDTT), Hoàng Thị Yến
# (VP, LDTT), Đỗ Minh Quân (DNGS, LDTT).
GK, MAI, HUNG, YEN, QUAN = range(5)


@pytest.fixture
def tallied(council_world):
    """The world at TALLIED with its nominations voted, every member's sheet submitted."""

    def make(votes=(9, 9, 9, 9, 9), scores=None, **kw):
        world = council_world(status=SessionStatus.TALLIED, nomination_state=NominationStatus.VOTED, **kw)
        set_votes(world, votes)
        for index, points in (scores or {}).items():
            set_scores(world, index, points)
        for member in world.session.members:
            member.scores_submitted_at = dt.datetime(2026, 12, 20, 9, 0)
        db.session.commit()
        return world

    return make


def set_votes(world, votes):
    tallies = {t.item_id: t for t in db.session.scalars(select(VoteTally).where(
        VoteTally.session_id == world.session.id))}
    members = len(world.session.members)
    for item, agree in zip(world.session.items, votes, strict=True):
        tallies[item.id].agree, tallies[item.id].disagree = agree, members - agree
    db.session.commit()


def set_scores(world, index, points):
    """Every member scores item `index`: `points` is (criterion a, criterion b) for all, or a list of 9 pairs."""
    item = world.session.items[index]
    individual = item.nomination.nominee_kind == "individual"
    first, second = world.criteria[:2] if individual else world.criteria[2:]
    pairs = points if isinstance(points, list) else [points] * 9
    for (person, _user, _role, _title), (a, b) in zip(world.members, pairs, strict=True):
        for criterion, value in ((first, a), (second, b)):
            db.session.add(Score(session_id=world.session.id, item_id=item.id, person_id=person.id,
                                 criterion_id=criterion.id, points=Decimal(str(value))))
    db.session.flush()


def rows(html: str) -> list[tuple[str, str]]:
    """(nominee, outcome) of every ranking row, in page order."""
    return re.findall(r'data-testid="nominee">([^<]+)</span>.*?data-testid="outcome">([^<]+)</span>', html, re.S)


def section(html: str, title: str) -> str:
    """One list's card of the ranking page."""
    start = html.index(f'<h2 class="h5">{title}</h2>')
    end = html.find('data-testid="list"', start)
    return html[start:end if end > 0 else len(html)]


LDTT_LIST, GK_LIST = "Lao động tiên tiến — Cá nhân", "Giấy khen của Trưởng Ban — Tập thể"


def reason_of(html: str, name: str) -> str:
    match = re.search(re.escape(name) + r'</span>.*?data-testid="reason">([^<]+)</span>', html, re.S)
    assert match, name
    return match.group(1)


def page(client, world):
    response = client.get(f"/hoi-dong/phien/{world.session.id}/xep-hang")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def override(client, world, index, direction, reason):
    item = world.session.items[index]
    return client.post(f"/hoi-dong/phien/{world.session.id}/xep-hang/{item.id}/nguong-cat",
                       data={f"muc-{item.id}-direction": direction, f"muc-{item.id}-reason": reason})


def approve(client, world):
    db.session.refresh(world.session)
    return client.post(f"/hoi-dong/phien/{world.session.id}/xep-hang/phe-duyet",
                       data={"version": world.session.version})


SCORES = {GK: (45, 40), MAI: (38, 50), HUNG: (30, 50), YEN: (35, 50), QUAN: (40, 55)}


def test_ranking_order_ratios_and_reasons(tallied, client, login):
    world = tallied(votes=(9, 9, 7, 7, 3), scores=SCORES)
    login(client, world.chair)
    html = page(client, world)
    ldtt = section(html, LDTT_LIST)
    # By ratio, then total score: Mai 9/9; Yến 7/9 with 85 before Hùng 7/9 with 80; Quân 3/9 is out.
    assert rows(ldtt) == [("Lý Thị Mai", "Đề nghị"), ("Hoàng Thị Yến", "Đề nghị"), ("Phan Văn Hùng", "Đề nghị"),
                          ("Đỗ Minh Quân", "Không đạt")]
    assert "9/9 (100%)" in ldtt and "7/9 (77,78%)" in ldtt and "3/9 (33,33%)" in ldtt
    assert reason_of(ldtt, "Hoàng Thị Yến").startswith("Đạt trên 50%: 7/9 thành viên Hội đồng đồng ý (77,78%), "
                                                       "tổng điểm 85; xếp thứ 2.")
    assert "Không đạt tỷ lệ đồng ý: 3/9 thành viên Hội đồng đồng ý (33,33%), cần trên 50%" in reason_of(
        ldtt, "Đỗ Minh Quân")
    assert "Ngưỡng: <strong data-testid=\"threshold\">trên 50%</strong>" in ldtt
    assert "Không giới hạn chỉ tiêu" in ldtt
    # The collective's list after (the catalogue's order), with its own criteria's total.
    assert html.index(LDTT_LIST) < html.index(GK_LIST)
    gk = section(html, GK_LIST)
    assert rows(gk) == [("Phòng Kế hoạch – Đầu tư", "Đề nghị")]
    assert "tổng điểm 85" in reason_of(gk, "Phòng Kế hoạch – Đầu tư")


def test_an_ineligible_nominee_is_out_with_the_rules_reason(tallied, client, login):
    world = tallied(scores=SCORES)
    add_sanction(world.people["vp"])
    db.session.commit()
    login(client, world.chair)
    html = page(client, world)
    assert ("Hoàng Thị Yến", "Không đạt") in rows(html)
    assert "Bị kỷ luật khiển trách ngày 14/07/2026 trong thời gian xét" in reason_of(html, "Hoàng Thị Yến")


def test_a_recused_member_is_not_counted_and_shown(tallied, client, login):
    world = tallied(scores={**SCORES, GK: [(45, 40)] * 3 + [(0, 0)] + [(45, 40)] * 5})
    khdt_person = world.khdt_member.person
    item = world.session.items[GK]
    db.session.add(Recusal(item_id=item.id, person_id=khdt_person.id, source="auto",
                           reason="Thuộc đơn vị được đề nghị"))
    db.session.commit()
    login(client, world.chair)
    html = page(client, world)
    assert "tổng điểm 85" in reason_of(html, "Phòng Kế hoạch – Đầu tư")  # the recused 0 is not averaged in
    assert "Tránh chấm điểm: Trần Minh Khoa (Thuộc đơn vị được đề nghị)" in html


def test_two_thirds_met_exactly_passes_and_strict_half_does_not(tallied, client, login):
    # GK set to "≥ 2/3" as a database stores it (0,6667): 6 of 9 is two thirds exactly and passes.
    world = tallied(votes=(6, 5, 5, 9, 4), scores=SCORES)
    world.awards["GK"].threshold_share, world.awards["GK"].threshold_strict = Decimal("0.6667"), False
    db.session.commit()
    login(client, world.chair)
    html = page(client, world)
    assert ("Phòng Kế hoạch – Đầu tư", "Đề nghị") in rows(html)
    assert "Đạt từ 2/3 trở lên: 6/9 thành viên Hội đồng đồng ý (66,67%)" in reason_of(html, "Phòng Kế hoạch – Đầu tư")
    # LDTT "> 50 %": 5 of 9 passes; 4 of 9 does not.
    assert ("Lý Thị Mai", "Đề nghị") in rows(html) and ("Đỗ Minh Quân", "Không đạt") in rows(html)
    set_votes(world, (5, 5, 5, 9, 4))
    html = page(client, world)
    assert ("Phòng Kế hoạch – Đầu tư", "Không đạt") in rows(html)
    assert "cần từ 2/3 trở lên" in reason_of(html, "Phòng Kế hoạch – Đầu tư")


def test_strict_half_at_the_boundary_with_eight_members(tallied, client, login):
    world = tallied(votes=(5, 4, 5, 9, 4), scores=SCORES)
    db.session.delete(next(m for m in world.session.members if m.council_role == "member"))  # 8 members left
    db.session.commit()
    login(client, world.chair)
    html = page(client, world)
    assert "4/8 (50%)" in html
    assert ("Lý Thị Mai", "Không đạt") in rows(html)  # exactly half is not "more than half"
    assert "cần trên 50% tổng số thành viên" in reason_of(html, "Lý Thị Mai")
    assert ("Phan Văn Hùng", "Đề nghị") in rows(html)  # 5 of 8


def test_a_quota_cuts_the_list_and_the_rest_is_the_reserve_in_order(tallied, client, login):
    world = tallied(votes=(9, 9, 8, 7, 6), scores=SCORES)
    db.session.add(AwardQuota(award_form_id=world.awards["LDTT"].id, phase_id=world.phase.id, kind="count",
                              value=Decimal(2)))
    db.session.commit()
    login(client, world.chair)
    html = page(client, world)
    assert rows(section(html, LDTT_LIST)) == [("Lý Thị Mai", "Đề nghị"), ("Phan Văn Hùng", "Đề nghị"), ("Hoàng Thị Yến", "Dự bị"),
                              ("Đỗ Minh Quân", "Dự bị")]
    assert reason_of(html, "Hoàng Thị Yến").endswith("Ngoài chỉ tiêu 2. Dự bị thứ 1.")
    assert reason_of(html, "Đỗ Minh Quân").endswith("Ngoài chỉ tiêu 2. Dự bị thứ 2.")
    assert "Chỉ tiêu 2" in html


def test_the_leaders_cap(tallied, client, login):
    world = tallied(votes=(9, 9, 8, 7, 6), scores=SCORES)
    world.people["khdt1"].is_leader = world.people["khdt2"].is_leader = True
    db.session.add(AwardQuota(award_form_id=world.awards["LDTT"].id, phase_id=world.phase.id, kind="count",
                              value=Decimal(3), leaders_cap=1))
    db.session.commit()
    login(client, world.chair)
    html = page(client, world)
    assert rows(section(html, LDTT_LIST)) == [("Lý Thị Mai", "Đề nghị"), ("Hoàng Thị Yến", "Đề nghị"), ("Đỗ Minh Quân", "Đề nghị"),
                              ("Phan Văn Hùng", "Dự bị")]
    assert "Đã đủ số lãnh đạo tối đa được đề nghị (1)" in reason_of(html, "Phan Văn Hùng")


def test_an_override_across_the_cut_needs_a_reason(tallied, client, login):
    world = tallied(votes=(9, 9, 8, 7, 3), scores=SCORES)
    db.session.add(AwardQuota(award_form_id=world.awards["LDTT"].id, phase_id=world.phase.id, kind="count",
                              value=Decimal(2)))
    db.session.commit()
    login(client, world.chair)
    # Without a reason: refused beside the field, nothing stored.
    response = override(client, world, YEN, "up", "vì")
    assert response.status_code == 422, response.headers
    assert "chỉ được đưa hồ sơ qua ngưỡng cắt khi ghi rõ lý do" in response.get_data(as_text=True)
    db.session.refresh(world.session.items[YEN])
    assert world.session.items[YEN].override is None
    # Up with a reason: Yến in, the last within the quota goes to the reserve because of it.
    reason = "Có thành tích đột xuất trong công tác cải cách hành chính."
    assert override(client, world, YEN, "up", reason).status_code == 302
    html = section(page(client, world), LDTT_LIST)
    assert rows(html) == [("Lý Thị Mai", "Đề nghị"), ("Hoàng Thị Yến", "Đề nghị"), ("Phan Văn Hùng", "Dự bị"),
                          ("Đỗ Minh Quân", "Không đạt")]
    assert f"Chủ tịch Hội đồng đưa vào danh sách đề nghị: {reason}" in reason_of(html, "Hoàng Thị Yến")
    assert ("Ngoài chỉ tiêu 2 do Chủ tịch Hội đồng đưa hồ sơ khác vào danh sách đề nghị. Dự bị thứ 1."
            in reason_of(html, "Phan Văn Hùng"))
    assert "đã ghi đưa vào danh sách đề nghị nhưng chưa áp dụng" not in html  # the applied move is told once
    # Down, with its reason: Mai to the reserve, Hùng back within the quota.
    assert override(client, world, MAI, "down", "Đã được khen thưởng đột xuất trong năm.").status_code == 302
    html = section(page(client, world), LDTT_LIST)
    assert rows(html) == [("Phan Văn Hùng", "Đề nghị"), ("Hoàng Thị Yến", "Đề nghị"), ("Lý Thị Mai", "Dự bị"),
                          ("Đỗ Minh Quân", "Không đạt")]
    assert "Chủ tịch Hội đồng đưa xuống danh sách dự bị: Đã được khen thưởng đột xuất" in reason_of(html, "Lý Thị Mai")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "agenda_item.override")
                                .order_by(AuditEvent.id)).all()
    assert [e.changes["override"] for e in events] == [[None, "up"], [None, "down"]]
    # Below the threshold: never moved in.
    response = override(client, world, QUAN, "up", "Một lý do đủ dài để ghi vào biên bản.")
    assert response.status_code == 422
    assert "không đủ điều kiện hoặc không đạt tỷ lệ đồng ý" in response.get_data(as_text=True)
    # A reserve cannot be moved "down", a recommended not "up".
    assert override(client, world, HUNG, "up", "Một lý do đủ dài để ghi vào biên bản.").status_code == 422
    # Taking a move back.
    assert override(client, world, YEN, "", "").status_code == 302
    db.session.refresh(world.session.items[YEN])
    assert world.session.items[YEN].override is None and world.session.items[YEN].override_reason == ""


def test_only_the_chair_overrides_and_approves(tallied, client, login):
    world = tallied(scores=SCORES)
    for user in (world.users[2], world.secretary):
        login(client, user)
        assert "Đưa qua ngưỡng cắt" not in page(client, world)
        assert override(client, world, YEN, "down", "Một lý do đủ dài để ghi.").status_code == 403
        assert approve(client, world).status_code == 403
        client.post("/dang-xuat")
    db.session.refresh(world.session)
    assert world.session.status == SessionStatus.TALLIED


def test_approval_moves_nominations_writes_outcomes_and_locks(tallied, client, login):
    world = tallied(votes=(9, 9, 8, 7, 3), scores=SCORES)
    db.session.add(AwardQuota(award_form_id=world.awards["LDTT"].id, phase_id=world.phase.id, kind="count",
                              value=Decimal(2)))
    db.session.commit()
    login(client, world.chair)
    html = page(client, world)
    assert 'data-testid="approve-form"' in html and "data-confirm=" in html
    response = approve(client, world)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.session_id == world.session.id)
                               .order_by(AgendaItem.position)).all()
    outcomes = {i.nomination.nominee_name: (i.outcome, i.outcome_order, i.agreements, i.total_score, i.nomination.status)
                for i in items}
    assert outcomes == {
        "Phòng Kế hoạch – Đầu tư": ("recommended", 1, 9, Decimal("85.00"), "recommended"),
        "Lý Thị Mai": ("recommended", 1, 9, Decimal("88.00"), "recommended"),
        "Phan Văn Hùng": ("recommended", 2, 8, Decimal("80.00"), "recommended"),
        "Hoàng Thị Yến": ("reserve", 3, 7, Decimal("85.00"), "not_recommended"),
        "Đỗ Minh Quân": ("out", 4, 3, Decimal("95.00"), "not_recommended"),
    }
    assert items[YEN].outcome_reason.endswith("Ngoài chỉ tiêu 2. Dự bị thứ 1.")
    session = db.session.get(type(world.session), world.session.id)
    assert session.status == SessionStatus.APPROVED and session.approved_by_id == world.chair.id
    assert session.approved_at is not None
    event = db.session.scalars(select(SessionEvent).where(SessionEvent.session_id == session.id)).one()
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        "approve", "tallied", "approved", world.chair.id)
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "council_session.approve")).one()
    html = page(client, world)
    assert "Chủ tịch Hội đồng đã phê duyệt kết quả" in html
    assert 'data-testid="approve-form"' not in html and 'data-testid="override-form"' not in html
    # After approval a move across the cut is refused, and approving again too.
    response = override(client, world, YEN, "up", "Một lý do đủ dài để ghi vào biên bản.")
    assert response.status_code == 302
    assert "Chỉ đưa hồ sơ qua ngưỡng cắt khi phiên họp ở trạng thái «Đã kiểm phiếu»" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AgendaItem, items[YEN].id).override is None
    response = approve(client, world)
    assert response.status_code == 302
    assert "Chỉ phê duyệt kết quả khi phiên họp ở trạng thái" in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_a_stale_approval_form_is_refused(tallied, client, login):
    world = tallied(scores=SCORES)
    login(client, world.chair)
    db.session.refresh(world.session)
    seen = world.session.version
    assert override(client, world, YEN, "down", "Một lý do đủ dài để ghi vào biên bản.").status_code == 302
    response = client.post(f"/hoi-dong/phien/{world.session.id}/xep-hang/phe-duyet", data={"version": seen})
    assert response.status_code == 422
    assert "Người khác đã lưu" in response.get_data(as_text=True)
    db.session.refresh(world.session)
    assert world.session.status == SessionStatus.TALLIED


def test_a_unit_sees_its_outcome_and_reason_never_members_scores(tallied, client, login):
    # One member gives Mai a distinctive 33,25 on the first criterion.
    world = tallied(votes=(9, 6, 9, 9, 9), scores={**SCORES, MAI: [(Decimal("33.25"), 50)] + [(38, 50)] * 8})
    db.session.add(AwardQuota(award_form_id=world.awards["LDTT"].id, phase_id=world.phase.id, kind="count",
                              value=Decimal(3)))
    db.session.commit()
    mai, hung = world.nominations[1], world.nominations[2]
    login(client, world.officers["KHDT"])
    before = client.get(f"/ho-so/de-nghi/{mai.id}").get_data(as_text=True)
    assert 'data-testid="council-outcome"' not in before  # not approved yet
    client.post("/dang-xuat")
    login(client, world.chair)
    assert approve(client, world).status_code == 302
    client.post("/dang-xuat")
    login(client, world.officers["KHDT"])
    html = client.get(f"/ho-so/de-nghi/{mai.id}").get_data(as_text=True)
    card = html[html.index('data-testid="council-outcome"'):]
    card = card[:card.index("</section>")]
    assert "Hội đồng không đề nghị" in card and "Dự bị" in card
    assert "6/9 (66,67%)" in card and "trên 50%" in card
    assert "Ngoài chỉ tiêu 3. Dự bị thứ 1." in card
    assert "33,25" not in html and "33.25" not in html
    assert not any(m[0].full_name in card for m in world.members)
    html = client.get(f"/ho-so/de-nghi/{hung.id}").get_data(as_text=True)
    assert "Hội đồng đề nghị khen thưởng" in html and "9/9 (100%)" in html
    assert client.get(f"/hoi-dong/phien/{world.session.id}/xep-hang").status_code == 403
    assert client.get(f"/hoi-dong/phien/{world.session.id}/xep-hang.xlsx").status_code == 403
    # Another unit's officer sees nothing of KHDT's dossier.
    client.post("/dang-xuat")
    login(client, world.officers["VP"])
    assert client.get(f"/ho-so/de-nghi/{mai.id}").status_code == 403
    with pytest.raises(Exception, match="chỉ xem được"):
        ranking_service.unit_outcomes(world.officers["VP"], mai)


def _workbook(client, world):
    response = client.get(f"/hoi-dong/phien/{world.session.id}/xep-hang.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.data))


def _header_row(sheet):
    for row in sheet.iter_rows():
        if row[0].value == "Thứ tự":
            return row[0].row, [c.value for c in row]
    raise AssertionError("no header")


def test_the_export_read_back(tallied, client, login):
    world = tallied(votes=(9, 9, 8, 7, 3), scores={**SCORES, MAI: [(Decimal("33.25"), 50)] + [(38, 50)] * 8})
    mai = world.nominations[1]
    mai.summary = "=1+1"
    world.nominations[2].summary = "@SUM(A1)"
    world.awards["LDTT"].name = "Lao động tiên tiến: cá nhân [năm 2026] có tên rất dài"
    db.session.commit()
    login(client, world.chair)
    book = _workbook(client, world)
    assert book.sheetnames == ["Lao động tiên tiến  cá nhân  nă", "Giấy khen của Trưởng Ban"]
    sheet = book.worksheets[0]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    header_at, header = _header_row(sheet)
    # Anonymous by default: "Thành viên 1 … 9", no member's name.
    assert [h for h in header if "TC 1 (40 đ)" in h] == [f"TC 1 (40 đ) – Thành viên {k}" for k in range(1, 10)]
    assert not any(m[0].full_name in str(h) for h in header for m in world.members)
    data = {sheet.cell(r, 2).value: [c.value for c in sheet[r]] for r in range(header_at + 1, header_at + 5)}
    line = dict(zip(header, data["Lý Thị Mai"], strict=True))
    first = [line[f"TC 1 (40 đ) – Thành viên {k}"] for k in range(1, 10)]
    assert sorted(first) == [33.25] + [38] * 8 and all(isinstance(v, int | float) for v in first)
    assert line["TC 1 – Trung bình"] == 37.47 and line["TC 1 – Trung vị"] == 38
    assert line["TC 1 – Chênh lệch (cao − thấp)"] == 4.75 and line["TC 1 – Chênh lệch lớn"] == "Không"
    assert line["Số phiếu đồng ý"] == 9 and line["Tổng số thành viên"] == 9 and line["Tỷ lệ đồng ý"] == 1
    assert line["Ngưỡng"] == "trên 50%" and line["Kết quả"] == "Đề nghị"
    assert line["Lý do"].startswith("Đạt trên 50%: 9/9")
    assert dict(zip(header, data["Đỗ Minh Quân"], strict=True))["Kết quả"] == "Không đạt"
    # The summaries that look like formulas are text.
    row = next(r for r in range(header_at + 1, header_at + 5) if sheet.cell(r, 2).value == "Lý Thị Mai")
    summary = sheet.cell(row, header.index("Tóm tắt thành tích") + 1)
    assert summary.value == "=1+1" and summary.data_type == "s"
    raw = io.BytesIO(client.get(f"/hoi-dong/phien/{world.session.id}/xep-hang.xlsx").data)
    import zipfile

    xml = "".join(zipfile.ZipFile(raw).read(n).decode() for n in zipfile.ZipFile(raw).namelist()
                  if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml  # no formula anywhere
    # Attributed: the members' names, in the decision's order.
    world.session.scores_attributed = True
    db.session.commit()
    sheet = _workbook(client, world).worksheets[0]
    _at, header = _header_row(sheet)
    assert [h for h in header if "TC 2 (60 đ)" in h][:2] == ["TC 2 (60 đ) – Lê Văn Tuấn", "TC 2 (60 đ) – Phạm Thị Hạnh"]


def test_sheet_names_are_short_and_unique():
    from campaign.services.ranking_export import sheet_title

    taken: set[str] = set()
    names = [sheet_title("Giấy khen của Trưởng Ban Quản lý Khu kinh tế tỉnh", taken),
             sheet_title("Giấy khen của Trưởng Ban Quản lý Khu kinh tế tỉnh", taken), sheet_title("a/b:c", taken)]
    assert names == ["Giấy khen của Trưởng Ban Quản l", "Giấy khen của Trưởng Ban Qu (2)", "a b c"]
    assert all(len(n) <= 31 for n in names)


@pytest.mark.parametrize("status", [SessionStatus.PREPARED, SessionStatus.SCORING, SessionStatus.VOTING])
def test_before_tallied_the_page_explains_and_nothing_is_shown(council_world, client, login, status):
    world = council_world(status=status)
    login(client, world.users[3])
    html = page(client, world)
    assert "Bảng xếp hạng chỉ có sau khi Chủ tịch Hội đồng kết thúc bỏ phiếu và kiểm phiếu" in html
    assert 'data-testid="row"' not in html
    response = client.get(f"/hoi-dong/phien/{world.session.id}/xep-hang.xlsx")
    assert response.status_code == 302


def test_access_for_every_route(tallied, client, login, make_user):
    world = tallied(scores=SCORES)
    sid, item = world.session.id, world.session.items[YEN].id
    gets = [f"/hoi-dong/phien/{sid}/xep-hang", f"/hoi-dong/phien/{sid}/xep-hang.xlsx"]
    posts = [f"/hoi-dong/phien/{sid}/xep-hang/{item}/nguong-cat", f"/hoi-dong/phien/{sid}/xep-hang/phe-duyet"]
    for url in gets + posts:  # anonymous: the log-in page
        response = client.post(url) if url in posts else client.get(url)
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"], url
    office = make_user("vanphong", role="office")
    outsider = make_user("hd-khac", role="council_member")
    for user, get_code, post_code in [(world.officers["KHDT"], 403, 403), (outsider, 403, 403),
                                      (office, 200, 403), (world.users[5], 200, 403), (world.chair, 200, None)]:
        login(client, user)
        for url in gets:
            assert client.get(url).status_code == get_code, (user.username, url)
        if post_code:
            for url in posts:
                assert client.post(url, data={}).status_code == post_code, (user.username, url)
        client.post("/dang-xuat")
    assert client.get(f"/hoi-dong/phien/{sid + 99}/xep-hang").status_code == 302  # anonymous first
    login(client, world.chair)
    assert client.get(f"/hoi-dong/phien/{sid + 99}/xep-hang").status_code == 404
    assert client.post(f"/hoi-dong/phien/{sid}/xep-hang/{item + 99}/nguong-cat").status_code == 404
    # A GET of a POST-only address reopens the page.
    assert client.get(posts[1]).status_code == 302


def _grow(world, count):
    """`count` more LDTT nominations on the agenda, voted, tallied and scored."""
    officer, unit = world.officers["DNGS"], world.units["DNGS"]
    closes = world.phase.nomination_closes_at
    world.phase.nomination_closes_at = closes + dt.timedelta(days=30)  # open while the dossiers are made

    for k in range(count):
        from campaign.models import Person

        person = Person(unit_id=unit.id, gender="nu" if k % 2 else "nam", date_of_birth=dt.date(1990, 1, 1),
                        employment_type="cong_chuc", position="Chuyên viên")
        person.set_name(f"Người Thêm {k}")
        db.session.add(person)
        db.session.flush()
        nomination = make_nomination(officer, world.phase, world.awards["LDTT"], person=person,
                                     state=NominationStatus.VOTED)
        item = AgendaItem(session_id=world.session.id, nomination_id=nomination.id, position=10 + k)
        db.session.add(item)
        db.session.flush()
        db.session.add(VoteTally(session_id=world.session.id, item_id=item.id, agree=5 + k % 4, disagree=4 - k % 4))
        db.session.add(Recusal(item_id=item.id, person_id=world.members[4][0].id, reason="Cùng đơn vị"))
        for person_row, *_ in world.members:
            for criterion in world.criteria[:2]:
                db.session.add(Score(session_id=world.session.id, item_id=item.id, person_id=person_row.id,
                                     criterion_id=criterion.id, points=Decimal(20 + k)))
    world.phase.nomination_closes_at = closes
    db.session.commit()


def test_the_ranking_page_runs_the_same_queries_at_two_sizes(tallied, client, login, count_queries):
    world = tallied(scores=SCORES)
    db.session.add(AwardQuota(award_form_id=world.awards["LDTT"].id, phase_id=world.phase.id, kind="share_staff",
                              value=Decimal(50), leaders_cap=2))
    db.session.commit()
    login(client, world.chair)
    url = f"/hoi-dong/phien/{world.session.id}/xep-hang"
    client.get(url)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    with count_queries() as export_small:
        assert client.get(url + ".xlsx").status_code == 200
    _grow(world, 6)
    with count_queries() as large:
        html = client.get(url).get_data(as_text=True)
    with count_queries() as export_large:
        assert client.get(url + ".xlsx").status_code == 200
    assert html.count('data-testid="row"') == 11 and html.count("Tránh chấm điểm: Võ Thị Lan") == 6
    print(f"ranking page: {small.count} / {large.count} queries; export: {export_small.count} / {export_large.count}")
    assert large.count == small.count, (small.count, large.count)
    assert export_large.count == export_small.count, (export_small.count, export_large.count)


def test_session_member_count_is_all_members_not_those_present(tallied, client, login):
    world = tallied(votes=(5, 5, 5, 5, 5), scores=SCORES)
    for member in world.session.members[:3]:
        member.attendance = "absent"
    db.session.commit()
    result = ranking_service.session_ranking(ranking_service.load_session(world.session.id))
    assert result.member_count == 9
    assert all(row.members == 9 for ranked in result.lists for row in ranked.rows)
    assert db.session.scalar(select(SessionMember.id).where(SessionMember.session_id == world.session.id))
    assert {n.status for n in db.session.scalars(select(Nomination))} == {"voted"}


def test_women_priority_at_equal_merit(tallied, client, login):
    world = tallied(votes=(9, 8, 8, 5, 5), scores={**SCORES, MAI: (30, 50), HUNG: (30, 50)})
    mai, hung = world.nominations[1], world.nominations[2]
    mai.submitted_at = hung.submitted_at + dt.timedelta(days=2)  # Mai submitted later
    db.session.commit()
    login(client, world.chair)
    html = section(page(client, world), LDTT_LIST)
    assert [name for name, _ in rows(html)][:2] == ["Lý Thị Mai", "Phan Văn Hùng"]
    assert ("Bằng tỷ lệ đồng ý và tổng điểm với «Lý Thị Mai», xếp sau do ưu tiên nữ (Nghị định số 98/2023/NĐ-CP, "
            "Điều 4).") in reason_of(html, "Phan Văn Hùng")
    # The session's setting off (the settings form while prepared; set here at tallied): the earlier
    # submission decides the tie, and the page no longer cites the decree.
    world.session.women_priority = False
    db.session.commit()
    html = page(client, world)
    assert [name for name, _ in rows(section(html, LDTT_LIST))][:2] == ["Phan Văn Hùng", "Lý Thị Mai"]
    assert "ưu tiên nữ" not in html


def test_cstdcs_is_capped_by_those_recommended_for_ldtt_in_the_session(tallied, client, login):
    from tests.factories import make_award_form

    world = tallied(votes=(9, 9, 9, 9, 3), scores=SCORES)
    _grow(world, 4)  # seven LĐTT pass (three of the world, four more): 15 % of 7 is 1
    cstdcs = make_award_form("CSTDCS", "Chiến sĩ thi đua cơ sở", "individual", position=3,
                             threshold_share=Decimal("0.6667"), threshold_strict=False,
                             conditions=[("cap_share", {"title_id": world.awards["LDTT"].id, "percent": Decimal(15)})])
    closes = world.phase.nomination_closes_at
    world.phase.nomination_closes_at = closes + dt.timedelta(days=30)
    added = []
    for key, agree in (("khdt1", 9), ("vp", 8), ("dngs", 9)):
        nomination = make_nomination(world.officers[world.people[key].unit.code], world.phase, cstdcs,
                                     person=world.people[key], state=NominationStatus.VOTED, complete=False,
                                     summary=SUMMARY)  # the person's results are those of the LĐTT dossier
        item = AgendaItem(session_id=world.session.id, nomination_id=nomination.id, position=30 + len(added))
        db.session.add(item)
        db.session.flush()
        db.session.add(VoteTally(session_id=world.session.id, item_id=item.id, agree=agree, disagree=9 - agree))
        added.append(item)
    world.phase.nomination_closes_at = closes
    db.session.commit()
    login(client, world.chair)
    html = section(page(client, world), "Chiến sĩ thi đua cơ sở — Cá nhân")
    assert rows(html) == [("Lý Thị Mai", "Đề nghị"), ("Hoàng Thị Yến", "Dự bị"), ("Đỗ Minh Quân", "Không đạt")]
    assert "Không được Hội đồng đề nghị danh hiệu «Lao động tiên tiến» trong cùng phiên họp." in reason_of(
        html, "Đỗ Minh Quân")
    assert "15% số được đề nghị «Lao động tiên tiến» trong phiên (7), làm tròn xuống: tối đa 1." in html
    assert "Ngưỡng: <strong data-testid=\"threshold\">từ 2/3 trở lên</strong>" in html


def test_a_displaced_nominee_cannot_be_moved_up_and_a_stale_move_is_not_read_backwards(tallied, client, login):
    world = tallied(votes=(9, 9, 8, 7, 3), scores=SCORES)
    db.session.add(AwardQuota(award_form_id=world.awards["LDTT"].id, phase_id=world.phase.id, kind="count",
                              value=Decimal(2)))
    db.session.commit()
    login(client, world.chair)
    assert override(client, world, YEN, "up", "Có thành tích đột xuất trong năm.").status_code == 302
    response = override(client, world, HUNG, "up", "Giữ lại trong danh sách đề nghị.")  # displaced by Yến
    assert response.status_code == 422
    assert "hãy đưa một hồ sơ khác xuống" in response.get_data(as_text=True)
    # The results change under a stored move (here: the tally, set directly): Yến is within the quota by her
    # votes, so "up" no longer means anything. It is shown, left out, and the approval is refused.
    set_votes(world, (9, 9, 8, 9, 3))
    html = page(client, world)
    assert "«Hoàng Thị Yến» không còn ở vị trí để đưa vào danh sách đề nghị" in html
    assert rows(section(html, LDTT_LIST))[:2] == [("Lý Thị Mai", "Đề nghị"), ("Hoàng Thị Yến", "Đề nghị")]
    response = approve(client, world)
    assert response.status_code == 422
    assert "Hãy sửa hoặc bỏ đề xuất trước khi phê duyệt." in response.get_data(as_text=True)
    db.session.refresh(world.session)
    assert world.session.status == SessionStatus.TALLIED
    assert {n.status for n in world.nominations} == {"voted"}


def test_approve_reopen_approve_again(tallied, client, login):
    """Reopening an approval moves the nominations back to voted and clears the outcomes: the chair approves
    again, through the session's one state path (one event and one audit per step)."""
    from campaign.services import council as council_service

    world = tallied(votes=(9, 9, 8, 7, 3), scores=SCORES)
    login(client, world.chair)
    assert approve(client, world).status_code == 302
    db.session.expire_all()
    session = db.session.get(type(world.session), world.session.id)
    council_service.reopen_approval(world.chair, session, "Sai sót khi áp chỉ tiêu")
    db.session.expire_all()
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.session_id == session.id)).all()
    assert {i.nomination.status for i in items} == {"voted"}
    assert {(i.outcome, i.outcome_order, i.agreements, i.total_score, i.outcome_reason) for i in items} == {
        (None, None, None, None, "")}
    assert db.session.get(type(session), session.id).status == SessionStatus.TALLIED
    response = approve(client, world)
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(type(session), session.id)
    assert session.status == SessionStatus.APPROVED
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.session_id == session.id)).all()
    assert {i.nomination.nominee_name: i.nomination.status for i in items}["Đỗ Minh Quân"] == "not_recommended"
    assert all(i.outcome is not None for i in items)
    assert [e.action for e in sorted(session.events, key=lambda e: e.id)] == ["approve", "reopen_approval", "approve"]
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "council_session.approve")).all()) == 2
