"""The statutory statistics (services/statistics.py, web/records/statistics.py): biểu 0601 and 0603 filled from
the campaigns and the issued decisions, the .xlsx in the form's layout, the board's summary, who may see them,
bounded queries; and the campaign's scope (phạm vi phát động) in the set-up form."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import (
    AuditEvent,
    AwardForm,
    AwardRecord,
    Campaign,
    CampaignStatus,
    DocumentKind,
    Role,
    Signer,
    local_now,
)
from campaign.rules import statistics as rules
from campaign.services import decisions
from campaign.services import statistics as service
from tests.factories import make_campaign
from tests.web.test_documents import approved, drafted  # noqa: F401  (the `approved` fixture)

TODAY = local_now().date()
YEAR = TODAY.year


def _issue_round(world):
    """The board's LĐTT decision issued, the Tờ trình to the province issued and answered (its Bằng khen)."""
    gk = world.awards["GK"]
    gk.name, gk.level = "Bằng khen của Chủ tịch UBND tỉnh", "province"
    world.campaign.kind = "regular"
    db.session.commit()
    docs = drafted(world)
    day = TODAY.strftime("%d/%m/%Y")
    decisions.issue(world.office, docs[(DocumentKind.DECISION, "LDTT")], number_text="5", date_text=day)
    province = docs[(DocumentKind.SUBMISSION, "Chủ tịch UBND tỉnh")]
    decisions.issue(world.office, province, number_text="12", date_text=day)
    decisions.record_outcome(world.office, province, number_text="85/QĐ-UBND", date_text=day)
    return docs


@pytest.fixture
def issued(approved):  # noqa: F811
    world = approved(gk_to_province=True)
    _issue_round(world)
    # A province Bằng khen recorded by hand for the board's head (no nomination: method unknown)
    head = world.members[0][0]
    db.session.add(AwardRecord(person_id=head.id, year=YEAR, award_form_id=world.awards["GK"].id,
                               title="Bằng khen của Chủ tịch UBND tỉnh", decision_number="40/QĐ-UBND",
                               decision_date=TODAY, issuer="Chủ tịch UBND tỉnh"))
    db.session.execute(db.update(Signer).where(Signer.is_head.is_(True)).values(person_id=head.id))
    db.session.commit()
    return world


def _province_records(**where):
    query = (select(func.count(AwardRecord.id)).join(AwardForm, AwardForm.id == AwardRecord.award_form_id)
             .where(AwardForm.level == "province", AwardRecord.decision_date.between(dt.date(YEAR, 1, 1),
                                                                                     dt.date(YEAR, 12, 31))))
    for key, value in where.items():
        query = query.where(value if key == "expr" else getattr(AwardRecord, key) == value)
    return db.session.scalar(query)


def test_0603_matches_the_decisions(issued):
    form = service.form_0603(YEAR)
    collectives = _province_records(expr=AwardRecord.nominee_unit_id.is_not(None))
    individuals = _province_records(expr=AwardRecord.person_id.is_not(None))
    assert (collectives, individuals) == (1, 1)  # the KHDT collective by the province's answer; the head by hand
    assert form.total.total == collectives + individuals == 2
    assert form.total.get(rules.BANG_KHEN) == 2
    assert form.line("collective").get(rules.BANG_KHEN) == collectives
    assert form.line("individual").total == individuals
    assert form.line(rules.BOARD).total == 1 and form.line("direct").total == 0
    # the collective's nomination belongs to a regular campaign; the hand-recorded one has no method
    assert form.line(rules.REGULAR).total == 1 and form.line(rules.UNKNOWN).total == 1
    assert form.line(rules.THEMATIC).total == 0
    # the board's own LĐTT (level 'agency') is not in 0603, but is in the board's summary
    ldtt = db.session.scalar(select(func.count(AwardRecord.id)).where(
        AwardRecord.award_form_id == issued.awards["LDTT"].id))
    assert ldtt == 4
    summary = service.board_summary(YEAR)
    by_form = {line.form_key: line for line in summary.lines}
    assert by_form["LDTT"].individuals == ldtt and by_form["LDTT"].collectives == 0
    assert by_form["LDTT"].women == 2  # Lý Thị Mai, Hoàng Thị Yến
    assert by_form["GK"].collectives == 1 and by_form["GK"].individuals == 1 and by_form["GK"].leaders == 1
    assert summary.total.total == ldtt + 2
    # another year: nothing
    assert service.form_0603(YEAR - 3).total.total == 0


def test_0601_counts_the_campaigns_launched_in_the_year(app):
    make_campaign(title="A", kind="thematic", start=dt.date(YEAR, 6, 1), end=dt.date(YEAR + 4, 12, 31))
    make_campaign(title="B", kind="regular", start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), scope="cluster")
    make_campaign(title="C", kind="regular", start=dt.date(YEAR - 1, 1, 1), end=dt.date(YEAR + 3, 12, 31))
    make_campaign(title="D", kind="thematic", start=dt.date(YEAR, 2, 1), end=dt.date(YEAR, 3, 31),
                  status=CampaignStatus.DRAFT)
    db.session.commit()
    form = service.form_0601(YEAR)
    assert form.total.total == 2
    assert form.total.get(rules.THREE_FIVE) == 1 and form.total.get(rules.ONE) == 1
    assert form.total.get(rules.THEMATIC) == 1 and form.total.get(rules.REGULAR) == 1
    lines = {line.label: line for line in form.lines}
    assert lines["Cụm, khối thi đua"].total == 1 and lines["Cơ quan, đơn vị"].total == 1


def _cells(data: bytes) -> dict[str, object]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return sheet, {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}


def _row_of(sheet, code: str) -> int:
    return next(cell.row for cell in sheet["B"] if cell.value == code)


def test_xlsx_0603_layout_and_figures(issued, client, login):
    login(client, issued.office)
    response = client.get(f"/thong-ke/0603.xlsx?nam={YEAR}")
    assert response.status_code == 200
    assert response.mimetype == service.XLSX_MIMETYPE
    sheet, cells = _cells(response.data)
    texts = " | ".join(str(v) for v in cells.values())
    assert cells["A1"] == "Biểu số 0603.N/BNV-TĐKT"
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH" in texts and f"Năm {YEAR}" in texts
    assert f"Ngày nhận báo cáo: 15/12 năm {YEAR}" in texts
    assert "Đơn vị báo cáo: Ban Quản lý Khu kinh tế Vân Phong" in texts
    assert "Đơn vị nhận báo cáo: Sở Nội vụ tỉnh Khánh Hòa" in texts
    for text in ("Người lập biểu", "Thủ trưởng đơn vị", "(Ký, họ tên)", "(Ký, họ tên, đóng dấu)", "Trần Minh Chiến"):
        assert text in cells.values()
    assert "Khánh Hòa, ngày" in texts
    # the headings: merged groups, the codes row
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "D6:H6" in merged and "A6:A7" in merged and "C6:C7" in merged
    assert cells["D6"] == "Chia theo hình thức khen thưởng" and cells["D7"] == "Bằng khen"
    assert [sheet.cell(row=8, column=c).value for c in range(1, 5)] == ["A", "B", "1", "2"]
    # the figures in their cells: C total, D Bằng khen
    total, collective, board, unknown = (_row_of(sheet, code) for code in ("01", "02", "06", "12"))
    assert sheet.cell(row=total, column=3).value == 2 and sheet.cell(row=total, column=4).value == 2
    assert sheet.cell(row=collective, column=4).value == 1
    assert sheet.cell(row=board, column=3).value == 1
    assert sheet.cell(row=unknown, column=1).value == "Không xác định phương thức"
    assert sheet.cell(row=unknown, column=3).value == 1
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1


def test_xlsx_0601_layout_and_figures(app, logged_in):
    make_campaign(title="A", kind="thematic", start=dt.date(YEAR, 6, 1), end=dt.date(YEAR + 4, 12, 31))
    db.session.commit()
    client, _ = logged_in(Role.LEADER)
    response = client.get(f"/thong-ke/0601.xlsx?nam={YEAR}")
    assert response.status_code == 200
    sheet, cells = _cells(response.data)
    assert cells["A1"] == "Biểu số 0601.N/BNV-TĐKT" and cells["C1"] == "SỐ PHONG TRÀO THI ĐUA"
    assert f"Ngày nhận báo cáo: 15/12 năm {YEAR}" in cells.values()
    assert {"Người lập biểu", "Thủ trưởng đơn vị", "(Ký, họ tên)", "(Ký, họ tên, đóng dấu)"} <= set(cells.values())
    assert cells["D6"] == "Chia theo thời gian" and cells["I6"] == "Chia theo hình thức"
    assert cells["G7"] == "Từ 3 năm đến dưới 5 năm" and cells["I7"] == "Theo chuyên đề"
    total, agency = _row_of(sheet, "01"), _row_of(sheet, "05")
    assert [sheet.cell(row=total, column=c).value for c in range(3, 11)] == [1, 0, 0, 0, 1, 0, 1, 0]
    assert sheet.cell(row=agency, column=1).value == "Cơ quan, đơn vị" and sheet.cell(row=agency, column=7).value == 1


def test_the_page_shows_the_forms_and_the_summary(issued, client, login):
    login(client, issued.office)
    response = client.get(f"/thong-ke?nam={YEAR}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Biểu số 0601.N/BNV-TĐKT" in html and "Biểu số 0603.N/BNV-TĐKT" in html
    assert f'href="/thong-ke/0603.xlsx?nam={YEAR}"' in html and f'href="/thong-ke/0601.xlsx?nam={YEAR}"' in html
    assert "Tổng hợp khen thưởng của Ban" in html and "Lao động tiên tiến" in html
    assert 'class="review-chart"' in html and "review_charts.js" in html
    assert "Người lập biểu" in html and "(Ký, họ tên, đóng dấu)" in html
    # a wrong year falls back to the current one, never a 500
    for value in ("abc", "99999", "-1", ""):
        assert client.get(f"/thong-ke?nam={value}").status_code == 200
    assert client.get("/thong-ke/0602.xlsx").status_code == 404


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.ADMIN])
def test_readers(logged_in, role):
    client, _ = logged_in(role)
    assert client.get("/thong-ke").status_code == 200
    assert client.get("/thong-ke/0603.xlsx").status_code == 200


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.COUNCIL_MEMBER])
def test_others_are_refused(logged_in, make_unit, role):
    kw = {"unit": make_unit()} if role == Role.UNIT_OFFICER else {}
    client, _ = logged_in(role, **kw)
    assert client.get("/thong-ke").status_code == 403
    assert client.get("/thong-ke/0601.xlsx").status_code == 403
    assert client.get("/thong-ke/0603.xlsx").status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/thong-ke").status_code == 302


def _grow(make_unit, make_person, n: int):
    form = db.session.scalar(select(AwardForm).where(AwardForm.code == "BKT")) or AwardForm(
        code="BKT", name="Bằng khen của Chủ tịch UBND tỉnh", level="province", applies_to="both")
    db.session.add(form)
    unit = make_unit()
    for index in range(n):
        person = make_person(f"Nguyễn Văn Thử {index}", unit, gender="nu" if index % 2 else "nam",
                             is_leader=index % 3 == 0)
        db.session.add(AwardRecord(person_id=person.id, year=YEAR, award_form=form, title=form.name,
                                   decision_date=dt.date(YEAR, 1, 10)))
        db.session.add(AwardRecord(nominee_unit_id=unit.id, year=YEAR, award_form=form, title=form.name,
                                   decision_date=dt.date(YEAR, 1, 10)))
        make_campaign(title=f"Phong trào {n}-{index}", start=dt.date(YEAR - index % 2, 3, 1),
                      end=dt.date(YEAR + 1, 12, 31))
    db.session.commit()


def test_bounded_queries(logged_in, make_unit, make_person, count_queries):
    client, _ = logged_in(Role.OFFICE)
    counts = []
    for n in (2, 12):
        _grow(make_unit, make_person, n)
        db.session.expire_all()
        with count_queries() as counter:
            response = client.get(f"/thong-ke?nam={YEAR}")
        assert response.status_code == 200
        counts.append(counter.count)
        with count_queries() as counter:
            assert client.get(f"/thong-ke/0603.xlsx?nam={YEAR}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[2] and counts[1] == counts[3]
    assert service.form_0603(YEAR).total.total == 2 * (2 + 12)


def test_the_setup_form_saves_the_scope(logged_in):
    client, _ = logged_in(Role.OFFICE)
    data = {"title": "Phong trào thi đua của Khối thi đua", "kind": "regular", "scope": "cluster",
            "start_date": "01/01/2026", "end_date": "31/12/2026"}
    page = client.get("/phong-trao/moi").get_data(as_text=True)
    assert "Phạm vi phát động" in page and '<option selected value="agency">Cơ quan, đơn vị</option>' in page
    assert client.post("/phong-trao/moi", data=data).status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert campaign.scope == "cluster"
    response = client.post(f"/phong-trao/{campaign.id}/sua",
                           data={**data, "scope": "sector", "version": campaign.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).scope == "sector"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "campaign.update")).one()
    assert event.changes["scope"] == ["cluster", "sector"]
    # an unknown scope is refused beside the field, never saved
    response = client.post(f"/phong-trao/{campaign.id}/sua",
                           data={**data, "scope": "galaxy", "version": db.session.get(Campaign, campaign.id).version})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).scope == "sector"
    # a post without the field (an older page) keeps it
    older = {key: value for key, value in data.items() if key != "scope"}
    response = client.post(f"/phong-trao/{campaign.id}/sua", data={
        **older, "title": "Đổi tên", "version": db.session.get(Campaign, campaign.id).version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).scope == "sector"


def test_the_demo_step_records_the_province_answer_once(approved, monkeypatch):  # noqa: F811
    """campaign/demo/statistics.py: the previous round's Tờ trình to the province answered as the office would,
    dated from the Tờ trình (here the same day), once."""
    from types import SimpleNamespace

    from campaign.demo import statistics as demo

    world = approved(gk_to_province=True)
    world.awards["GK"].name, world.awards["GK"].level = "Bằng khen của Chủ tịch UBND tỉnh", "province"
    db.session.commit()
    docs = drafted(world)
    province = docs[(DocumentKind.SUBMISSION, "Chủ tịch UBND tỉnh")]
    decisions.issue(world.office, province, number_text="12", date_text=TODAY.strftime("%d/%m/%Y"))
    created = {}
    ctx = SimpleNamespace(rounds={"previous": world.phase}, now=dt.datetime.combine(TODAY, dt.time(9)),
                          count=lambda kind, n=1: created.__setitem__(kind, created.get(kind, 0) + n))
    demo.statistics_step(ctx)  # three weeks after the Tờ trình: not yet
    assert province.outcome_number == "" and not created
    monkeypatch.setattr(demo, "ANSWER_AFTER", dt.timedelta(days=0))
    demo.statistics_step(ctx)
    db.session.commit()
    assert province.outcome_number.endswith("/QĐ-UBND") and province.outcome_on == TODAY
    assert created == {"award_record": 1}
    records = db.session.scalars(select(AwardRecord).where(AwardRecord.decision_number == province.outcome_number)).all()
    assert len(records) == 1 and records[0].nominee_unit_id == world.units["KHDT"].id
    awarded = [e for e in province.entries[0].nomination.events if e.action == "awarded"]
    assert [e.created_at for e in awarded] == [dt.datetime.combine(TODAY, dt.time(8, 0))]  # 15:00 in Vietnam
    demo.statistics_step(ctx)  # idempotent
    db.session.commit()
    assert created == {"award_record": 1}
    assert service.form_0603(YEAR).line("collective").get(rules.BANG_KHEN) == 1
