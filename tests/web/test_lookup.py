"""Tra cứu khen thưởng (web/records/lookup.py, services/history.py): the search without diacritics and its
filters, one person's and one unit's history with the chain and the advice, the .xlsx exports, who may look
up whom, bounded queries, and the duplicate guard shown at appraisal."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import AwardRecord, DocumentKind, Initiative, InitiativeAuthor, Role, local_now
from campaign.services import decisions
from tests.factories import (
    add_prior_award,
    add_sanction,
    make_award_form,
    make_campaign,
    make_nomination,
    make_phase,
)
from tests.web.test_documents import approved, drafted  # noqa: F401 (approved: the fixture)

YEAR = local_now().year  # the year considered: chains end at it or the year before
LAST = YEAR - 1


@pytest.fixture
def world(app, make_unit, make_person, make_user):
    units = SimpleNamespace(khdt=make_unit("KHDT", "Phòng Kế hoạch – Đầu tư"), vp=make_unit("VP", "Văn phòng"))
    units.to = make_unit("TO", "Tổ Thẩm định dự án", parent=units.khdt)
    people = SimpleNamespace(
        long=make_person("Nguyễn Văn Long", units.khdt, position="Trưởng phòng"),
        binh=make_person("Nguyễn Văn Bình", units.to),
        hoa=make_person("Trần Thị Hoa", units.vp, gender="nu"),
        nguyet=make_person("Nguyễn Thị Nguyệt", units.vp, gender="nu"),
    )
    ldtt = make_award_form("LDTT", "Lao động tiên tiến", "individual", position=1)
    cstdcs = make_award_form("CSTDCS", "Chiến sĩ thi đua cơ sở", "individual", position=2)
    ttldtt = make_award_form("TTLDTT", "Tập thể lao động tiên tiến", "collective", position=3)
    bk = make_award_form("BKUBND", "Bằng khen của Chủ tịch UBND tỉnh", "both", position=4, kind="commendation",
                         conditions=[("prior_title", dict(alternative=1, title_id=cstdcs.id, years=2)),
                                     ("prior_title", dict(alternative=2, title_id=ldtt.id, years=2)),
                                     ("initiative", dict(alternative=2, level="co_so", count=2))])
    for year in (LAST - 2, LAST - 1, LAST):
        add_prior_award(ldtt, year, person=people.long, decision_number=f"{year % 100}/QĐ-KKTKCN",
                        decision_date=dt.date(year, 12, 20), issuer="Trưởng Ban Quản lý")
    add_prior_award(cstdcs, LAST, person=people.long, decision_number="35/QĐ-KKTKCN",
                    decision_date=dt.date(LAST, 12, 22), issuer="Trưởng Ban Quản lý")
    add_prior_award(ldtt, LAST - 1, person=people.binh, decision_number="12/QĐ-KKTKCN")
    add_prior_award(ldtt, LAST, person=people.hoa, decision_number="40/QĐ-KKTKCN")
    add_prior_award(None, 2019, person=people.hoa, title="Giấy khen của Công đoàn Khu kinh tế")
    add_prior_award(ttldtt, LAST, unit=units.khdt, decision_number="41/QĐ-KKTKCN")
    add_sanction(people.nguyet, decided_on=dt.date(LAST, 7, 14), decision_number="05/QĐ-KKTKCN",
                 note="Chậm thực hiện nhiệm vụ")
    db.session.commit()
    return SimpleNamespace(units=units, people=people, awards=SimpleNamespace(ldtt=ldtt, cstdcs=cstdcs, bk=bk,
                                                                              ttldtt=ttldtt),
                           office=make_user("vanphong", role=Role.OFFICE),
                           leader=make_user("truongban", role=Role.LEADER),
                           member=make_user("uyvien1", role=Role.COUNCIL_MEMBER),
                           officer=make_user("donvi.khdt", role=Role.UNIT_OFFICER, unit=units.khdt))


def names(html: str, testid: str = "person-hit") -> list[str]:
    import re

    rows = re.findall(rf'<tr data-testid="{testid}">(.*?)</tr>', html, re.S)
    return [re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1) for row in rows]


def test_search_without_diacritics_finds_the_people_and_their_awards(world, client, login):
    login(client, world.office)
    html = client.get("/tra-cuu", query_string={"q": "nguyen van"}).get_data(as_text=True)
    assert names(html) == ["Nguyễn Văn Bình", "Nguyễn Văn Long"]
    assert f"Chiến sĩ thi đua cơ sở năm {LAST} (Quyết định số 35/QĐ-KKTKCN ngày 22/12/{LAST}" in html
    # typed with diacritics, in another case, the same people
    assert names(client.get("/tra-cuu", query_string={"q": "NGUYỄN văn"}).get_data(as_text=True)) == [
        "Nguyễn Văn Bình", "Nguyễn Văn Long"]
    # the empty form prompts, it lists nobody
    empty = client.get("/tra-cuu").get_data(as_text=True)
    assert 'data-testid="lookup-prompt"' in empty and names(empty) == []


@pytest.mark.parametrize("args, people, units", [
    ({"q": "nguyen", "nam": str(LAST)}, ["Nguyễn Văn Long"], []),  # Bình's LĐTT is of the year before
    ({"hinh-thuc": "CSTDCS"}, ["Nguyễn Văn Long"], []),
    ({"hinh-thuc": "LDTT", "nam": str(LAST)}, ["Trần Thị Hoa", "Nguyễn Văn Long"], []),
    ({"don-vi": "KHDT", "loai": "ca-nhan"}, ["Nguyễn Văn Bình", "Nguyễn Văn Long"], []),  # with the sub-unit
    ({"q": "ke hoach", "loai": "tap-the"}, [], ["Phòng Kế hoạch – Đầu tư"]),
    ({"hinh-thuc": "TTLDTT"}, [], ["Phòng Kế hoạch – Đầu tư"]),
    ({"q": "tham dinh"}, [], ["Tổ Thẩm định dự án"]),
    ({"nam": "abc", "q": "tran hoa"}, ["Trần Thị Hoa"], []),  # a year that is not one is ignored
])
def test_filters(world, client, login, args, people, units):
    ids = {"KHDT": world.units.khdt.id, "CSTDCS": world.awards.cstdcs.id, "LDTT": world.awards.ldtt.id,
           "TTLDTT": world.awards.ttldtt.id}
    args = {k: str(ids.get(v, v)) for k, v in args.items()}
    login(client, world.office)
    response = client.get("/tra-cuu", query_string=args)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert names(html) == people and names(html, "unit-hit") == units


def test_a_persons_history_shows_the_chain_and_what_next(world, client, login):
    login(client, world.office)
    html = client.get(f"/tra-cuu/ca-nhan/{world.people.long.id}").get_data(as_text=True)
    assert f"LĐTT 3 năm liên tục {LAST - 2}–{LAST}" in html and f"CSTĐCS năm {LAST}" in html
    # LĐTT two years and more: the second way to the Bằng khen is open; the first is then not repeated
    assert (f"Đã đạt LĐTT 3 năm liên tục {LAST - 2}–{LAST}: đủ 2 năm liên tục để đề nghị Bằng khen của Chủ tịch "
            "UBND tỉnh (phương án 2, cùng với: 2 sáng kiến được công nhận cấp cơ sở trở lên).") in html
    assert "35/QĐ-KKTKCN" in html and "Ghi nhận theo quyết định trước đây" in html
    # one year of CSTĐCS: one more would do
    db.session.delete(db.session.scalars(select(AwardRecord).where(AwardRecord.person_id == world.people.long.id,
                                                                   AwardRecord.award_form_id == world.awards.ldtt.id,
                                                                   AwardRecord.year == LAST - 1)).one())
    db.session.commit()
    html = client.get(f"/tra-cuu/ca-nhan/{world.people.long.id}").get_data(as_text=True)
    assert (f"Nếu đạt CSTĐCS năm {YEAR}: đủ 2 năm liên tục để đề nghị Bằng khen của Chủ tịch UBND tỉnh "
            "(phương án 1).") in html
    assert f"Nếu đạt LĐTT năm {YEAR}: đủ 2 năm liên tục" in html
    # a chain broken last year is shown for what it is
    html = client.get(f"/tra-cuu/ca-nhan/{world.people.binh.id}").get_data(as_text=True)
    assert f"LĐTT năm {LAST - 1}, gián đoạn từ năm {LAST}: không được tính liên tục." in html
    assert "Chưa có danh hiệu nào đạt liên tục" in html
    # sanctions and hand-written titles
    html = client.get(f"/tra-cuu/ca-nhan/{world.people.nguyet.id}").get_data(as_text=True)
    assert f"14/07/{LAST}" in html and "Khiển trách" in html and "05/QĐ-KKTKCN" in html
    html = client.get(f"/tra-cuu/ca-nhan/{world.people.hoa.id}").get_data(as_text=True)
    assert "Giấy khen của Công đoàn Khu kinh tế" in html and "không được tính vào chuỗi năm liên tục" in html


def test_a_units_history(world, client, login):
    login(client, world.leader)
    html = client.get(f"/tra-cuu/tap-the/{world.units.khdt.id}").get_data(as_text=True)
    assert f"TTLĐTT năm {LAST}" in html and "41/QĐ-KKTKCN" in html
    assert "Kỷ luật (" not in html  # sanctions are a person's
    # the Bằng khen's ways are both individual titles: nothing to advise a collective
    assert "Không có danh hiệu, hình thức nào trong danh mục đặt điều kiện" in html


def test_who_may_look_up_whom(world, app, login):
    people, units = world.people, world.units

    def client_of(user):
        fresh = app.test_client()
        assert login(fresh, user).status_code == 302
        return fresh

    client = client_of(world.member)
    for url in ("/tra-cuu", f"/tra-cuu/ca-nhan/{people.long.id}", f"/tra-cuu/tap-the/{units.khdt.id}",
                "/tra-cuu/ket-qua.xlsx?q=nguyen", f"/tra-cuu/ca-nhan/{people.long.id}/lich-su.xlsx",
                "/tra-cuu/ca-nhan/999999"):
        assert client.get(url).status_code == 403, url
    client = client_of(world.leader)
    assert client.get(f"/tra-cuu/ca-nhan/{people.hoa.id}").status_code == 200
    assert client.get("/tra-cuu/ca-nhan/999999").status_code == 404
    client = client_of(world.officer)
    html = client.get("/tra-cuu", query_string={"q": "n"}).get_data(as_text=True)
    assert names(html) == ["Nguyễn Văn Bình", "Nguyễn Văn Long"]  # not the Văn phòng's people
    assert names(html, "unit-hit") == ["Phòng Kế hoạch – Đầu tư", "Tổ Thẩm định dự án"]
    assert "Văn phòng" not in html.split('id="don-vi"')[1].split("</select>")[0]
    assert client.get(f"/tra-cuu/ca-nhan/{people.binh.id}").status_code == 200
    for url in (f"/tra-cuu/ca-nhan/{people.hoa.id}", f"/tra-cuu/tap-the/{units.vp.id}",
                f"/tra-cuu?don-vi={units.vp.id}", f"/tra-cuu/ca-nhan/{people.hoa.id}/lich-su.xlsx"):
        assert client.get(url).status_code == 403, url
    xlsx = client.get("/tra-cuu/ket-qua.xlsx", query_string={"q": "thi"}).data
    assert "Trần Thị Hoa" not in str([list(r) for r in openpyxl.load_workbook(io.BytesIO(xlsx)).active.values])


def test_the_exports_open_and_hold_the_rows(world, client, login):
    login(client, world.office)
    response = client.get("/tra-cuu/ket-qua.xlsx", query_string={"q": "nguyen van"})
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active.values)
    assert rows[0][:3] == ("STT", "Họ và tên / Tên tập thể", "Cá nhân / Tập thể")
    lines = [(r[1], r[5], r[6], r[7]) for r in rows[1:]]
    assert ("Nguyễn Văn Long", LAST, "Chiến sĩ thi đua cơ sở", "35/QĐ-KKTKCN") in lines
    assert ("Nguyễn Văn Bình", LAST - 1, "Lao động tiên tiến", "12/QĐ-KKTKCN") in lines
    assert len(lines) == 5  # Long's four awards, Bình's one
    response = client.get(f"/tra-cuu/ca-nhan/{world.people.long.id}/lich-su.xlsx")
    assert response.status_code == 200 and "lich-su-khen-thuong-nguyen-van-long" in response.headers[
        "Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active.values)
    assert rows[1][2].startswith("Nguyễn Văn Long (Trưởng phòng, Phòng Kế hoạch – Đầu tư)")
    kinds = [r[0] for r in rows[2:]]
    assert kinds.count("Khen thưởng") == 4 and "Chuỗi danh hiệu" in kinds and "Có thể hướng tới" in kinds
    response = client.get(f"/tra-cuu/tap-the/{world.units.khdt.id}/lich-su.xlsx")
    assert [r[2] for r in openpyxl.load_workbook(io.BytesIO(response.data)).active.values if r[0] == "Khen thưởng"] \
        == ["Tập thể lao động tiên tiến"]


def test_the_people_list_links_to_the_history(world, client, login):
    login(client, world.office)
    html = client.get("/can-bo").get_data(as_text=True)
    assert f'href="/tra-cuu/ca-nhan/{world.people.long.id}" data-testid="history-link"' in html


def test_the_pages_run_a_bounded_number_of_queries(world, client, login, count_queries, make_person):
    def measure():
        counts = []
        for url in ("/tra-cuu?q=nguyen", f"/tra-cuu?hinh-thuc={world.awards.ldtt.id}",
                    f"/tra-cuu/ca-nhan/{world.people.long.id}", f"/tra-cuu/tap-the/{world.units.khdt.id}",
                    "/tra-cuu/ket-qua.xlsx?q=nguyen"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200, url
            counts.append(counter.count)
        return counts

    login(client, world.office)
    small = measure()
    for index in range(12):
        person = make_person(f"Nguyễn Văn Thêm {index}", world.units.to if index % 2 else world.units.khdt)
        for year in (LAST - 1, LAST):
            add_prior_award(world.awards.ldtt, year, person=person)
        add_prior_award(world.awards.cstdcs, LAST, person=world.people.long if index == 0 else person)
        add_sanction(person)
    for year in range(LAST - 12, LAST - 2):
        add_prior_award(world.awards.ldtt, year, person=world.people.long)
        add_prior_award(world.awards.ttldtt, year, unit=world.units.khdt)
    db.session.commit()
    assert measure() == small


def test_the_person_page_shows_the_awards_of_an_issued_decision(approved, client, login):  # noqa: F811
    world = approved()
    ldtt = drafted(world)[(DocumentKind.DECISION, "LDTT")]
    decisions.issue(world.office, ldtt, number_text="5", date_text=local_now().date().strftime("%d/%m/%Y"))
    person = world.people["khdt1"]
    login(client, world.office)
    html = client.get(f"/tra-cuu/ca-nhan/{person.id}").get_data(as_text=True)
    assert "Quyết định số 05/QĐ-KKTVP" in html and "Ban hành trên phần mềm" in html
    assert f'href="/van-ban/{ldtt.id}"' in html and "Đã được khen thưởng" in html
    html = client.get("/tra-cuu", query_string={"q": "ly thi mai"}).get_data(as_text=True)
    assert names(html) == ["Lý Thị Mai"] and "05/QĐ-KKTVP" in html
    # the dossier's page links to the history
    assert f'href="/tra-cuu/ca-nhan/{person.id}"' in client.get(
        f"/ho-so/de-nghi/{world.nominations[1].id}").get_data(as_text=True)


@pytest.fixture
def appraisal_world(world, make_user):
    campaign = make_campaign()
    phase = make_phase(campaign, window="open")
    gk = make_award_form("GK", "Giấy khen của Trưởng Ban", "both", position=5, kind="commendation")
    initiative = Initiative(unit_id=world.units.khdt.id, title="Số hóa hồ sơ thẩm định dự án đầu tư", level="co_so")
    initiative.authors = [InitiativeAuthor(person_id=world.people.long.id, contribution=Decimal(100))]
    db.session.add(initiative)
    db.session.flush()
    long = world.people.long
    first = make_nomination(world.officer, phase, gk, person=long, state="submitted")
    second = make_nomination(world.officer, phase, world.awards.bk, person=long, state="submitted")
    other = make_nomination(world.officer, phase, gk, person=world.people.binh, state="submitted")
    for nomination in (first, second, other):
        nomination.summary = ("- Chủ trì sáng kiến «Số hóa hồ sơ thẩm định dự án đầu tư», được công nhận cấp cơ sở.\n"
                              f"- Nomination {nomination.id} tự viết thành tích riêng cho hồ sơ này.")
    db.session.commit()
    return SimpleNamespace(first=first, second=second, other=other, phase=phase)


def test_the_appraisal_flags_an_initiative_cited_twice(world, appraisal_world, client, login):
    login(client, world.office)
    html = client.get("/tham-dinh").get_data(as_text=True)
    flags = html.count('data-testid="duplicate-flag"')
    assert flags == 2  # Long's two dossiers, each naming the other; Bình is not the initiative's author
    assert ("Sáng kiến «Số hóa hồ sơ thẩm định dự án đầu tư» cũng được nêu trong hồ sơ đề nghị «Bằng khen của Chủ "
            "tịch UBND tỉnh» (Giai đoạn 1 (2026–2027), do Phòng Kế hoạch – Đầu tư lập, đã nộp, chờ thẩm định)") in html
    page = client.get(f"/ho-so/de-nghi/{appraisal_world.first.id}").get_data(as_text=True)
    assert page.count('data-testid="duplicate-flag"') == 1 and "không khen thưởng nhiều lần" in page
    assert client.get(f"/ho-so/de-nghi/{appraisal_world.other.id}").get_data(as_text=True).count(
        'data-testid="duplicate-flag"') == 0
    # a warning, not a block: the office still accepts the dossier
    assert f'action="/ho-so/de-nghi/{appraisal_world.first.id}/chap-nhan"' in page
