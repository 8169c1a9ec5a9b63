"""The reward fund (services/fund.py, web/records/fund.py): issuing a decision posts its bonuses, a replacing
decision gives the replaced one's back, the office's lines by hand (checked beside their fields, versioned),
the draft decision's warning on the documents page, the sheet, who may see and write, bounded queries."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import AuditEvent, DocumentKind, FundEntry, OfficialDocument, Role, local_now
from campaign.services import ServiceError, fund
from tests.web.test_documents import approved, drafted, issue_form  # noqa: F401  (approved: a fixture)

TODAY = local_now().date()
YEAR = TODAY.year
DAY = TODAY.strftime("%d/%m/%Y")
LDTT_TOTAL = 4 * 702_000  # four LĐTT at 0,3 × 2.340.000


def allocation(office, amount="10.000.000", year=YEAR, day=None, **extra):
    data = {"kind": "income", "year": str(year), "entry_date": day or f"02/01/{year}", "amount": amount,
            "description": f"Kinh phí thi đua, khen thưởng năm {year}",
            "basis": f"Quyết định số 125/QĐ-UBND ngày 02/01/{year} của UBND tỉnh"} | extra
    return fund.add_entry(office, data)


def lines(year=YEAR) -> list[FundEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(FundEntry).where(FundEntry.year == year)
                                   .order_by(FundEntry.entry_date, FundEntry.id)))


def issue_ldtt(world, client, login, number="5"):
    ldtt = drafted(world)[(DocumentKind.DECISION, "LDTT")]
    login(client, world.office)
    response = client.post(f"/van-ban/{ldtt.id}/ban-hanh", data=issue_form(ldtt, number))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    return db.session.get(OfficialDocument, ldtt.id)


def test_issuing_a_decision_posts_its_bonuses(approved, client, login):  # noqa: F811
    world = approved()
    allocation(world.office)
    document = issue_ldtt(world, client, login)
    income, posted = lines()
    assert (income.kind, income.source, income.amount) == ("income", "manual", 10_000_000)
    assert (posted.kind, posted.source, posted.document_id) == ("spending", "decision", document.id)
    assert posted.amount == LDTT_TOTAL == sum(e.amount for e in document.entries)
    assert posted.entry_date == TODAY and posted.year == YEAR
    assert posted.description == f"Tiền thưởng theo Quyết định số 05/QĐ-KKTVP ngày {DAY} (04 cá nhân)"
    assert fund.balance(YEAR) == 10_000_000 - LDTT_TOTAL
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "fund.post")) == 1
    page = client.get(f"/quy-thi-dua?nam={YEAR}").get_data(as_text=True)
    assert "7.192.000 đồng" in page and "Quyết định số 05/QĐ-KKTVP" in page
    assert f'href="/van-ban/{document.id}"' in page  # the posting links to its decision
    # A minutes, a ballot result or a submission posts nothing; nor a second issue of the same decision.
    docs = drafted(world)
    minutes = docs[(DocumentKind.MINUTES, "")]
    client.post(f"/van-ban/{minutes.id}/ban-hanh", data=issue_form(minutes, "1"))
    assert len(lines()) == 2
    assert fund.post_decision(db.session.get(OfficialDocument, document.id)) == []


def test_the_next_year_opens_with_the_closing_balance(approved, client, login):  # noqa: F811
    world = approved()
    allocation(world.office, "5.000.000", year=YEAR - 1)
    fund.add_entry(world.office, {"kind": "spending", "year": str(YEAR - 1), "entry_date": f"20/11/{YEAR - 1}",
                                  "amount": "1.200.000", "description": "In giấy khen, làm khung"})
    allocation(world.office, "10.000.000")
    book = fund.ledger(YEAR)
    assert book.opening == 3_800_000 and book.totals.income == 10_000_000 and book.closing == 13_800_000
    assert fund.ledger(YEAR - 1).closing == 3_800_000 and fund.balance(YEAR) == 13_800_000
    login(client, world.office)
    page = client.get(f"/quy-thi-dua?nam={YEAR}").get_data(as_text=True)
    assert "3.800.000 đồng" in page and "13.800.000 đồng" in page and "Số dư năm trước chuyển sang" in page
    # A bad year in the address opens the current year, never an error.
    for bad in ("abc", "99999", "-1", "1800"):
        response = client.get(f"/quy-thi-dua?nam={bad}")
        assert response.status_code == 200 and f"Sổ quỹ thi đua, khen thưởng năm {YEAR}" in response.get_data(
            as_text=True)


def test_a_replacing_decision_gives_back_the_replaced_posting(approved, client, login):  # noqa: F811
    world = approved()
    allocation(world.office)
    old = issue_ldtt(world, client, login)
    response = client.post(f"/van-ban/{old.id}/thay-the", data={"version": old.version})
    new_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    new = db.session.get(OfficialDocument, new_id)
    page = client.get(f"/van-ban/{new.id}").get_data(as_text=True)
    assert 'data-testid="fund-warning"' not in page  # the replaced posting comes back: the balance covers it
    assert client.post(f"/van-ban/{new.id}/ban-hanh", data=issue_form(new, "6")).status_code == 302
    income, spent, reversal, spent_again = lines()
    assert (spent.document_id, spent.source) == (old.id, "decision")
    assert (reversal.kind, reversal.source, reversal.document_id, reversal.amount) == ("income", "reversal", old.id,
                                                                                      LDTT_TOTAL)
    assert reversal.description == (f"Hoàn lại tiền thưởng theo Quyết định số 05/QĐ-KKTVP ngày {DAY} "
                                    f"(được thay thế bởi Quyết định số 06/QĐ-KKTVP ngày {DAY})")
    assert (spent_again.document_id, spent_again.source, spent_again.amount) == (new_id, "decision", LDTT_TOTAL)
    assert fund.balance(YEAR) == 10_000_000 - LDTT_TOTAL
    book = fund.ledger(YEAR)
    assert book.totals.income == 10_000_000 + LDTT_TOTAL and book.totals.spending == 2 * LDTT_TOTAL


def test_posted_lines_refuse_edit_and_delete(approved, client, login):  # noqa: F811
    world = approved()
    issue_ldtt(world, client, login)
    (posted,) = lines()
    data = fund.entry_form_data(posted) | {"amount": "1.000"}
    with pytest.raises(ServiceError, match="ghi tự động khi ban hành quyết định"):
        fund.update_entry(world.office, posted, data)
    with pytest.raises(ServiceError, match="ghi tự động khi ban hành quyết định"):
        fund.delete_entry(world.office, posted)
    response = client.post(f"/quy-thi-dua/{posted.id}/xoa", data={"version": posted.version}, follow_redirects=True)
    assert "ghi tự động khi ban hành quyết định" in response.get_data(as_text=True)
    response = client.post(f"/quy-thi-dua/{posted.id}/sua", data=data | {"version": posted.version})
    assert response.status_code == 422 and "ghi tự động khi ban hành quyết định" in response.get_data(as_text=True)
    assert client.get(f"/quy-thi-dua/{posted.id}/sua").status_code == 302
    (still,) = lines()
    assert still.amount == LDTT_TOTAL
    page = client.get(f"/quy-thi-dua?nam={YEAR}").get_data(as_text=True)
    assert f"/quy-thi-dua/{posted.id}/sua" not in page and "Tự động" in page


def test_the_office_adds_edits_and_deletes_a_line_by_hand(approved, client, login):  # noqa: F811
    world = approved()
    login(client, world.office)
    form = {"kind": "income", "year": str(YEAR), "entry_date": f"15/01/{YEAR}", "amount": "2.340.000",
            "description": f"Kinh phí thi đua, khen thưởng năm {YEAR}", "basis": "Quyết định số 15/QĐ-UBND"}
    assert client.post("/quy-thi-dua/them", data=form).status_code == 302
    assert client.post("/quy-thi-dua/them", data=form | {"amount": "2340000", "kind": "spending",
                                                          "basis": ""}).status_code == 302
    first, second = lines()
    assert (first.amount, first.kind, first.entry_date, first.basis) == (2_340_000, "income", dt.date(YEAR, 1, 15),
                                                                         "Quyết định số 15/QĐ-UBND")
    assert (second.amount, second.kind) == (2_340_000, "spending") and fund.balance(YEAR) == 0
    edit = client.get(f"/quy-thi-dua/{first.id}/sua").get_data(as_text=True)
    assert 'value="2.340.000"' in edit and f'value="15/01/{YEAR}"' in edit
    response = client.post(f"/quy-thi-dua/{first.id}/sua", data=form | {"amount": "5.000.000",
                                                                         "version": first.version})
    assert response.status_code == 302
    assert lines()[0].amount == 5_000_000 and fund.balance(YEAR) == 2_660_000
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "fund.edit")).one()
    assert event.changes == {"amount": [2_340_000, 5_000_000]}
    second = lines()[1]
    assert client.post(f"/quy-thi-dua/{second.id}/xoa", data={"version": second.version}).status_code == 302
    assert [e.id for e in lines()] == [first.id]
    assert {"fund.add", "fund.edit", "fund.delete"} <= set(db.session.scalars(select(AuditEvent.action)))


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"amount": "abc"}, "amount", "Số tiền phải là một số"),
    ({"amount": ""}, "amount", "Hãy nhập số tiền"),
    ({"amount": "0"}, "amount", "Số tiền phải lớn hơn 0"),
    ({"amount": "1,5"}, "amount", "không có phần lẻ"),
    ({"amount": "99999999999999999999999"}, "amount", "Số tiền tối đa"),
    ({"entry_date": "31/02/2026"}, "entry_date", "Ngày không hợp lệ"),
    ({"entry_date": ""}, "entry_date", "Hãy nhập ngày ghi sổ"),
    ({"entry_date": "15/01/2019"}, "entry_date", "phải thuộc năm"),
    ({"year": "năm nay"}, "year", "Năm của sổ quỹ là một số"),
    ({"description": ""}, "description", "Hãy nhập nội dung"),
    ({"description": "x" * 501}, "description", "500"),
    ({"basis": ""}, "basis", "Hãy ghi quyết định giao kinh phí"),
    ({"kind": "gift"}, "kind", "Hãy chọn khoản thu hoặc khoản chi"),
])
def test_a_wrong_line_is_refused_beside_its_field_and_kept(approved, client, login, changes, field, message):  # noqa: F811
    world = approved()
    login(client, world.office)
    form = {"kind": "income", "year": str(YEAR), "entry_date": f"15/01/{YEAR}", "amount": "2.340.000",
            "description": "Kinh phí", "basis": "Quyết định số 15/QĐ-UBND"} | changes
    response = client.post("/quy-thi-dua/them", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page, page[:3000]
    assert f'id="{field}-feedback" class="invalid-feedback">' in page
    feedback = page.split(f'id="{field}-feedback" class="invalid-feedback">', 1)[1].split("</div>", 1)[0]
    assert message in feedback
    for name, value in form.items():
        if name not in ("kind", "description") and value:
            assert f'value="{value}"' in page, name  # the input is kept
    assert lines() == []


def test_a_line_saved_by_someone_else_first_is_refused(approved, client, login):  # noqa: F811
    world = approved()
    entry = allocation(world.office)
    seen = entry.version
    fund.update_entry(world.office, entry, fund.entry_form_data(entry) | {"amount": "11.000.000"}, seen_version=seen)
    login(client, world.office)
    response = client.post(f"/quy-thi-dua/{entry.id}/sua",
                           data=fund.entry_form_data(entry) | {"amount": "12.000.000", "version": seen})
    assert response.status_code == 422 and "Người khác đã lưu bản ghi này" in response.get_data(as_text=True)
    assert 'value="12.000.000"' in response.get_data(as_text=True)
    assert lines()[0].amount == 11_000_000
    response = client.post(f"/quy-thi-dua/{entry.id}/xoa", data={"version": seen}, follow_redirects=True)
    assert "Người khác đã lưu bản ghi này" in response.get_data(as_text=True) and len(lines()) == 1


def test_the_draft_decision_warns_when_its_bonuses_exceed_the_balance(approved, client, login, make_user):  # noqa: F811
    world = approved()
    ldtt = drafted(world)[(DocumentKind.DECISION, "LDTT")]
    allocation(world.office, "1.000.000")
    login(client, world.office)
    page = client.get(f"/van-ban/{ldtt.id}").get_data(as_text=True)
    assert 'data-testid="fund-warning"' in page
    assert (f"Tổng tiền thưởng của dự thảo 2.808.000 đồng vượt số dư quỹ năm {YEAR} (1.000.000 đồng) "
            "1.808.000 đồng.") in page
    # Only the office sees it: the leader reads the draft without the issue section.
    leader = make_user("truongban", role=Role.LEADER)
    other = client.application.test_client()
    login(other, leader)
    assert 'data-testid="fund-warning"' not in other.get(f"/van-ban/{ldtt.id}").get_data(as_text=True)
    # Enough in the fund: no warning; the issue is never blocked by it.
    allocation(world.office, "1.808.000")
    page = client.get(f"/van-ban/{ldtt.id}").get_data(as_text=True)
    assert 'data-testid="fund-warning"' not in page
    fund.add_entry(world.office, {"kind": "spending", "year": str(YEAR), "entry_date": DAY, "amount": "1",
                                  "description": "Chi khác"})
    assert 'data-testid="fund-warning"' in client.get(f"/van-ban/{ldtt.id}").get_data(as_text=True)
    assert client.post(f"/van-ban/{ldtt.id}/ban-hanh", data=issue_form(ldtt, "5")).status_code == 302
    assert fund.balance(YEAR) == -1


def test_the_ledger_as_xlsx(approved, client, login):  # noqa: F811
    world = approved()
    allocation(world.office, year=YEAR - 1, amount="3.000.000")
    allocation(world.office)
    issue_ldtt(world, client, login)
    response = client.get(f"/quy-thi-dua/so-quy.xlsx?nam={YEAR}")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert f"so-quy-thi-dua-khen-thuong-{YEAR}.xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    flat = [v for row in rows for v in row if v is not None]
    assert f"SỔ QUỸ THI ĐUA, KHEN THƯỞNG NĂM {YEAR}" in flat
    opening = next(r for r in rows if r[2] and str(r[2]).startswith("Số dư năm trước"))
    assert opening[6] == 3_000_000
    posted = next(r for r in rows if r[2] and str(r[2]).startswith("Tiền thưởng theo Quyết định số 05/QĐ-KKTVP"))
    assert posted[5] == LDTT_TOTAL and posted[6] == 13_000_000 - LDTT_TOTAL
    assert isinstance(posted[1], dt.datetime | dt.date)
    totals = next(r for r in rows if r[2] == "Cộng phát sinh trong năm")
    assert (totals[4], totals[5]) == (10_000_000, LDTT_TOTAL)
    closing = next(r for r in rows if r[2] == f"Số dư cuối năm {YEAR}")
    assert closing[6] == 13_000_000 - LDTT_TOTAL


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR])
def test_units_and_the_council_may_not_open_the_fund(logged_in, role):
    client, _user = logged_in(role)
    assert client.get("/quy-thi-dua").status_code == 403
    assert client.get("/quy-thi-dua/so-quy.xlsx").status_code == 403
    response = client.post("/quy-thi-dua/them", data={"kind": "income", "year": str(YEAR), "amount": "1",
                                                      "entry_date": DAY, "description": "x", "basis": "y"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(FundEntry.id))) == 0


@pytest.mark.parametrize("role", [Role.LEADER, Role.ADMIN])
def test_leaders_and_the_admin_read_but_do_not_write(logged_in, make_user, role):
    office = make_user(role=Role.OFFICE)
    entry = allocation(office)
    client, _user = logged_in(role)
    page = client.get("/quy-thi-dua").get_data(as_text=True)
    assert "10.000.000 đồng" in page and "Ghi vào sổ quỹ" not in page and "/sua" not in page
    assert client.get("/quy-thi-dua/so-quy.xlsx").status_code == 200
    assert client.post("/quy-thi-dua/them", data={"kind": "income"}).status_code == 403
    assert client.post(f"/quy-thi-dua/{entry.id}/xoa", data={"version": entry.version}).status_code == 403
    assert client.get(f"/quy-thi-dua/{entry.id}/sua").status_code == 403
    with pytest.raises(ServiceError, match="Chỉ Văn phòng"):
        fund.add_entry(_user, {"kind": "income"})


def test_the_ledger_page_runs_a_bounded_number_of_queries(approved, client, login, count_queries):  # noqa: F811
    world = approved()
    issue_ldtt(world, client, login)
    counts = []
    for extra in (2, 25):
        for n in range(extra):
            allocation(world.office, "1.000", day=f"{1 + n % 28:02d}/01/{YEAR}")
            allocation(world.office, "1.000", year=YEAR - 1, day=f"{1 + n % 28:02d}/03/{YEAR - 1}")
        with count_queries() as counter:
            assert client.get(f"/quy-thi-dua?nam={YEAR}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_the_demo_fund_has_the_allocations_and_the_posted_bonuses(app, monkeypatch, client, login):
    from campaign.demo import load_demo
    from campaign.demo import steps as demo_steps

    monkeypatch.setattr(demo_steps, "local_now", lambda: dt.datetime(2026, 12, 1, 10, 0))
    load_demo("khanhhoa")
    decisions_2025 = db.session.scalars(select(OfficialDocument).where(
        OfficialDocument.kind == DocumentKind.DECISION, OfficialDocument.status == "issued",
        OfficialDocument.issued_year == 2025)).all()
    bonuses = sum(fund.decision_total(d) for d in decisions_2025)
    assert len(decisions_2025) >= 2 and bonuses > 0
    book = fund.ledger(2025)
    posted = [r.entry for r in book.rows if r.entry.source == "decision"]
    assert sorted(e.document_id for e in posted) == sorted(d.id for d in decisions_2025)
    assert book.totals.income == 150_000_000 > bonuses
    assert book.closing == 150_000_000 - 4_500_000 - bonuses
    assert fund.ledger(2026).opening == book.closing and fund.ledger(2026).totals.income == 160_000_000
    assert "46/QĐ-KKTKCN" in " ".join(e.description for e in posted)
    before = db.session.scalar(select(func.count(FundEntry.id)))
    assert load_demo("khanhhoa").created.get("fund_entry", 0) == 0
    assert db.session.scalar(select(func.count(FundEntry.id))) == before
    login(client, "vanphong", "demo12345")
    page = client.get("/quy-thi-dua?nam=2025").get_data(as_text=True)
    assert "Kinh phí thi đua, khen thưởng năm 2025" in page and "Tiền thưởng theo Quyết định số 46/QĐ-KKTKCN" in page


def test_the_change_log_shows_a_fund_line_as_the_pages_do():
    from campaign.services import audit

    assert audit.show_value("fund_entry", "year", 2026) == "2026"
    assert audit.show_value("fund_entry", "amount", 2340000) == "2.340.000"
    assert audit.show_value("fund_entry", "kind", "income") == "Thu"
    assert audit.show_value("fund_entry", "entry_date", "2026-01-15") == "15/01/2026"
    assert audit.field_label("fund_entry", "amount") == "Số tiền (đồng)"
    assert audit.action_label("fund.post") == "Ghi chi tiền thưởng của quyết định vào sổ quỹ"
