"""The records pages (issue 12) at a small board and at province scale: seconds and SQL statements per request.

    .venv/bin/python bench/records.py                    # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/records.py

Two sizes, each in a fresh database built by the migrations:
- "sàn" (the floor): 8 units, 80 people, 3 years of awards, 6 campaigns, 24 fund lines;
- "tỉnh" (province scale): 60 units, 5.000 people, 10 years of awards (≈ 30.000 AwardRecords of seven award
  forms at the board's and the province's level, individuals and collectives), ≈ 3.000 nominations, 400 fund
  lines over 5 years, 20 campaigns.
Both start from bench/decision_docx.build (the test suite's council world, approved, its LĐTT draft grown to
100 or 1.000 awardees), issued through services/decisions.issue: that decision's awardees are people too (100
or 1.000 more) and its certificates are printed, on a blank with services/certificates' default fields.
The rest (units, people, award forms, awards, campaigns, nominations, fund lines) is inserted directly.

Each page is requested through the test client, logged in as the office, N times (fewer at province scale):
the table gives the median and worst seconds, the SQL statements per request (a range when they differ
between repetitions), the file's size, and the ratio province / floor of the median time and of the
statements (1,0 when the page's queries are bounded). A figure, not a test: it checks only the 200.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import downgrade, upgrade  # noqa: E402
from sqlalchemy import event, func, insert, select  # noqa: E402

from bench.decision_docx import PASSWORD, Counter, build  # noqa: E402
from bench.people_list import FAMILY, GIVEN, MIDDLE  # noqa: E402
from campaign import create_app  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.models import (  # noqa: E402
    AwardCondition,
    AwardForm,
    AwardRecord,
    Campaign,
    CampaignStatus,
    FundEntry,
    Nomination,
    NominationStatus,
    Person,
    Phase,
    Unit,
    User,
    local_now,
)
from campaign.services import certificates, decisions  # noqa: E402
from campaign.vietnamese import fold, name_sort_key  # noqa: E402

LAST = local_now().year - 1  # the last complete year: the one the ledger and the statistics are read for
SIZES = {  # units and people in all, years of awards and of fund lines, fund lines a year, repetitions
    "sàn": dict(units=8, people=80, years=3, fund_years=3, fund_lines=8, awardees=100, reps=10, print_reps=3),
    "tỉnh": dict(units=60, people=5_000, years=10, fund_years=5, fund_lines=80, awardees=1000, reps=5, print_reps=2),
}
# code, name, kind, level, applies_to (LDTT and GK come with the council world)
FORMS = [("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", "agency", "individual"),
         ("TTLDTT", "Tập thể lao động tiên tiến", "title", "agency", "collective"),
         ("BKUBND", "Bằng khen của Chủ tịch UBND tỉnh", "commendation", "province", "both"),
         ("TTLDXS", "Tập thể lao động xuất sắc", "title", "province", "collective"),
         ("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "title", "province", "individual")]
SCOPES = ["agency", "cluster", "sector", "national"]
STAMP = dt.datetime(2026, 1, 1)


# --- the world ------------------------------------------------------------------------------------------------


def _ids(model, after: int) -> list[int]:
    return list(db.session.scalars(select(model.id).where(model.id > after).order_by(model.id)))


def _max_id(model) -> int:
    return db.session.scalar(select(func.coalesce(func.max(model.id), 0)))


def add_forms() -> dict[str, AwardForm]:
    forms = {f.code: f for f in db.session.scalars(select(AwardForm))}
    for position, (code, name, kind, level, applies_to) in enumerate(FORMS, start=3):
        forms[code] = AwardForm(code=code, name=name, kind=kind, level=level, applies_to=applies_to,
                                authority="Chủ tịch UBND tỉnh" if level == "province" else "Trưởng Ban Quản lý",
                                decided_by_board=level != "province", position=position)
        db.session.add(forms[code])
    db.session.flush()
    db.session.add_all([  # the prior-title conditions the history's advice reads
        AwardCondition(award_form_id=forms["BKUBND"].id, alternative=1, kind="prior_title",
                       title_id=forms["CSTDCS"].id, years=2),
        AwardCondition(award_form_id=forms["BKUBND"].id, alternative=2, kind="prior_title",
                       title_id=forms["LDTT"].id, years=2),
        AwardCondition(award_form_id=forms["CSTDT"].id, kind="prior_title", title_id=forms["CSTDCS"].id, years=3),
        AwardCondition(award_form_id=forms["CSTDCS"].id, kind="same_year_title", title_id=forms["LDTT"].id),
    ])
    db.session.flush()
    return forms


def add_units(count: int) -> list[int]:
    existing = db.session.scalar(select(func.count(Unit.id)))
    after = _max_id(Unit)
    db.session.execute(insert(Unit), [
        {"code": f"B{i:03d}", "name": f"Phòng Nghiệp vụ {i}", "parent_id": None, "sort_order": 1000 + i,
         "active": True, "created_at": STAMP, "updated_at": STAMP} for i in range(1, count - existing + 1)])
    return _ids(Unit, after)


def add_people(count: int, units: list[int]) -> list[tuple[int, int]]:
    """(id, unit id) of `count` people; the first is Nguyễn Văn An."""
    after = _max_id(Person)
    rows = []
    for i in range(count):
        name = f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 7) % len(MIDDLE)]} {GIVEN[(i // 3) % len(GIVEN)]}"
        rows.append({"full_name": name, "sort_key": name_sort_key(name), "search_name": fold(name),
                     "gender": "nam" if i % 2 else "nu", "date_of_birth": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                     "position": "Trưởng phòng" if i % 15 == 0 else "Chuyên viên", "employment_type": "cong_chuc",
                     "is_leader": i % 15 == 0, "unit_id": units[i % len(units)], "active": True,
                     "created_at": STAMP, "updated_at": STAMP})
    db.session.execute(insert(Person), rows)
    return list(db.session.execute(select(Person.id, Person.unit_id).where(Person.id > after).order_by(Person.id)))


def add_campaigns(years: range) -> dict[tuple[int, str], int]:
    """Two campaigns a year (the regular one, a thematic one), one phase each: {(year, kind): phase id}."""
    phases = {}
    for year in years:
        for index, kind in enumerate(("regular", "thematic")):
            end = dt.date(year, 12, 31) if kind == "regular" else dt.date(year + 1 + year % 3, 6, 30)
            campaign = Campaign(title=f"Phong trào thi đua {'thường xuyên' if kind == 'regular' else 'chuyên đề'} "
                                      f"năm {year}", kind=kind, scope=SCOPES[(year + index) % len(SCOPES)],
                                start_date=dt.date(year, 1 if kind == "regular" else 3, 1), end_date=end,
                                status=CampaignStatus.CLOSED)
            db.session.add(campaign)
            db.session.flush()
            phase = Phase(campaign_id=campaign.id, name=f"Năm {year}", start_date=campaign.start_date, end_date=end)
            db.session.add(phase)
            db.session.flush()
            phases[(year, kind)] = phase.id
    return phases


def _individual_awards(index: int, year: int) -> list[str]:
    if index == 0:  # Nguyễn Văn An: LĐTT every year, CSTĐCS every other year, a Bằng khen once
        return ["LDTT"] + (["CSTDCS"] if year % 2 else []) + (["BKUBND"] if year == LAST - 1 else [])
    h = (index * 7 + year * 13) % 100
    return (["LDTT"] if h < 40 else ["LDTT", "CSTDCS"] if h < 47 else ["GK"] if h < 51 else ["BKUBND"] if h < 53
            else ["CSTDT"] if h < 54 else [])


def _collective_awards(index: int, year: int) -> list[str]:
    h = (index * 11 + year * 17) % 100
    return ["TTLDTT"] if h < 60 else ["TTLDXS"] if h < 75 else ["GK"] if h < 85 else ["BKUBND"] if h < 90 else []


def add_awards(forms: dict[str, AwardForm], people: list[tuple[int, int]], units: list[int], years: range,
               phases: dict[tuple[int, str], int]) -> tuple[int, int]:
    """The awards recorded by hand (their decision written out), every tenth (and all of Nguyễn Văn An's)
    from a nomination of that year's campaign. (records, nominations)."""
    holders = [("P", person, unit, _individual_awards(i, year), year)
               for year in years for i, (person, unit) in enumerate(people)]
    holders += [("U", unit, unit, _collective_awards(i, year), year) for year in years for i, unit in enumerate(units)]
    featured = people[0][0]
    records, nominations = [], []
    for kind, holder, unit, codes, year in holders:
        for code in codes:
            form = forms[code]
            province = form.level == "province"
            record = {"person_id": holder if kind == "P" else None, "nominee_unit_id": holder if kind == "U" else None,
                      "year": year, "award_form_id": form.id, "title": form.name,
                      "decision_number": f"{len(records) % 300 + 1}/QĐ-{'UBND' if province else 'KKTVP'}",
                      "decision_date": dt.date(year, 12, 30 if province else 26),
                      "issuer": form.authority, "document_id": None, "nomination_id": None}
            if len(records) % 10 == 0 or holder == featured and kind == "P":
                phase = phases[(year, "regular" if form.kind == "title" else "thematic")]
                nominations.append({"phase_id": phase, "award_form_id": form.id, "unit_id": unit,
                                    "nominee_kind": "individual" if kind == "P" else "collective",
                                    "nominee_unit_id": unit, "person_id": holder if kind == "P" else None,
                                    "subject": f"{kind}{holder}", "status": NominationStatus.AWARDED,
                                    "summary": "Hoàn thành xuất sắc nhiệm vụ được giao.", "created_at": STAMP,
                                    "updated_at": STAMP})
                record["nomination_id"] = (phase, form.id, f"{kind}{holder}")
            records.append(record)
    after = _max_id(Nomination)
    db.session.execute(insert(Nomination), nominations)
    keys = {(p, f, s): i for i, p, f, s in db.session.execute(
        select(Nomination.id, Nomination.phase_id, Nomination.award_form_id, Nomination.subject)
        .where(Nomination.id > after))}
    for record in records:
        if record["nomination_id"] is not None:
            record["nomination_id"] = keys[record["nomination_id"]]
    for start in range(0, len(records), 5000):
        db.session.execute(insert(AwardRecord), records[start:start + 5000])
    return len(records), len(nominations)


def add_fund(years: range, lines: int) -> int:
    rows = []
    for year in years:
        for index in range(lines):
            income = index % 20 == 0
            rows.append({"year": year, "kind": "income" if income else "spending", "source": "manual",
                         "entry_date": dt.date(year, 1 + index * 12 // lines, 1 + index % 28),
                         "amount": 250_000_000 if income else 702_000 * (1 + index % 5),
                         "description": (f"Kinh phí thi đua, khen thưởng năm {year}" if income
                                         else f"Chi tiền thưởng, in giấy khen đợt {index}"),
                         "basis": f"Quyết định số {index + 10}/QĐ-UBND ngày 10/01/{year} của UBND tỉnh" if income else "",
                         "document_id": None, "created_at": STAMP})
    db.session.execute(insert(FundEntry), rows)
    return len(rows)


def build_world(size: dict) -> dict:
    """Everything the pages read, for one size; returns the ids the requests need."""
    document_id, office_id = build(size["awardees"])  # the council world and its LĐTT draft with N awardees
    office = db.session.get(User, office_id)
    today = local_now().date().strftime("%d/%m/%Y")
    decisions.issue(office, decisions.load_document(document_id), number_text="5", date_text=today)
    data = certificates.ProfileInput.default("A4", "landscape")
    data.name = "Phôi Giấy khen của Trưởng Ban (A4 ngang)"
    profile = certificates.create_profile(office, data)
    forms = add_forms()
    units = add_units(size["units"])
    every_unit = list(db.session.scalars(select(Unit.id).order_by(Unit.id)))
    people = add_people(size["people"], units)
    years = range(LAST - size["years"] + 1, LAST + 1)
    phases = add_campaigns(years)
    records, nominations = add_awards(forms, people, every_unit, years, phases)
    fund = add_fund(range(LAST - size["fund_years"] + 1, LAST + 1), size["fund_lines"])
    db.session.commit()
    counts = {name: db.session.scalar(select(func.count(model.id))) for name, model in
              (("units", Unit), ("people", Person), ("awards", AwardRecord), ("nominations", Nomination),
               ("campaigns", Campaign), ("fund lines", FundEntry))}
    print(f"  {', '.join(f'{n} {k}' for k, n in counts.items())} (inserted here: {records} awards, "
          f"{nominations} nominations, {fund} fund lines)", flush=True)
    return {"document": document_id, "office": office.username, "profile": profile.id, "person": people[0][0],
            "ldtt": forms["LDTT"].id}


# --- the requests ------------------------------------------------------------------------------------------------


def operations(ids: dict, size: dict) -> list[tuple[str, str, str, dict | None, int]]:
    """(label, method, url, form data, repetitions)."""
    reps = size["reps"]
    return [
        ("tra cứu q=nguyen van", "GET", "/tra-cuu?q=nguyen+van", None, reps),
        ("tra cứu năm + LĐTT", "GET", f"/tra-cuu?nam={LAST}&hinh-thuc={ids['ldtt']}", None, reps),
        ("lịch sử một người", "GET", f"/tra-cuu/ca-nhan/{ids['person']}", None, reps),
        ("tra cứu .xlsx q=nguyen", "GET", "/tra-cuu/ket-qua.xlsx?q=nguyen", None, reps),
        (f"in giấy khen ({size['awardees']} người)", "POST", f"/giay-khen/quyet-dinh/{ids['document']}/in",
         {"all": "1", "profile_id": str(ids["profile"])}, size["print_reps"]),
        ("quỹ thi đua", "GET", f"/quy-thi-dua?nam={LAST}", None, reps),
        ("sổ quỹ .xlsx", "GET", f"/quy-thi-dua/so-quy.xlsx?nam={LAST}", None, reps),
        ("thống kê", "GET", f"/thong-ke?nam={LAST}", None, reps),
        ("biểu 0601 .xlsx", "GET", f"/thong-ke/0601.xlsx?nam={LAST}", None, reps),
        ("biểu 0603 .xlsx", "GET", f"/thong-ke/0603.xlsx?nam={LAST}", None, reps),
    ]


def measure(app, ids: dict, size: dict) -> list[dict]:
    counter = Counter()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counter)
    client = app.test_client()
    assert client.post("/dang-nhap", data={"username": ids["office"], "password": PASSWORD}).status_code == 302
    results = []
    for label, method, url, data, reps in operations(ids, size):
        times, statements, length = [], [], 0
        for _ in range(reps):
            counter.n = 0
            start = time.perf_counter()
            response = client.open(url, method=method, data=data)
            times.append(time.perf_counter() - start)
            statements.append(counter.n)
            assert response.status_code == 200, (url, response.status_code)
            length = len(response.data)
        downloaded = response.mimetype != "text/html"
        results.append({"label": label, "median": statistics.median(times), "worst": max(times),
                        "sql": (min(statements), max(statements)), "kb": length / 1024 if downloaded else None})
        print(f"  {label:<28} {statistics.median(times):7.3f} s  (worst {max(times):.3f} s)  "
              f"{max(statements)} SQL", flush=True)
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", counter)
    return results


# --- the table ---------------------------------------------------------------------------------------------------


def vn(value: float, places: int) -> str:
    """1234.5 → '1.234,5'."""
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def sql_text(pair: tuple[int, int]) -> str:
    low, high = pair
    return str(high) if low == high else f"{low}–{high}"


def table(results: dict[str, list[dict]]) -> None:
    floor, province = results["sàn"], results["tỉnh"]
    head = (f"{'Trang / thao tác':<28} | {'sàn: trung vị':>13} {'tối đa':>9} {'SQL':>5} {'tệp':>10} | "
            f"{'tỉnh: trung vị':>14} {'tối đa':>9} {'SQL':>5} {'tệp':>10} | {'tỉnh/sàn: t':>11} {'SQL':>5}")
    print()
    print(head)
    print("-" * len(head))
    for small, large in zip(floor, province, strict=True):
        def cells(row):
            kb = f"{vn(row['kb'], 1)} KB" if row["kb"] is not None else ""
            return f"{vn(row['median'], 3)} s", f"{vn(row['worst'], 3)} s", sql_text(row["sql"]), kb
        a, b = cells(small), cells(large)
        label = small["label"].replace("(100 người)", "(100 / 1.000)")
        print(f"{label:<28} | {a[0]:>13} {a[1]:>9} {a[2]:>5} {a[3]:>10} | {b[0]:>14} {b[1]:>9} {b[2]:>5} {b[3]:>10} | "
              f"{vn(large['median'] / small['median'], 1):>11} {vn(large['sql'][1] / small['sql'][1], 1):>5}")


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    results = {}
    started = time.perf_counter()
    for label, size in SIZES.items():
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.db",
                              "SECRET_KEY": "bench", "UPLOAD_DIR": tmp, "WTF_CSRF_ENABLED": False})
            with app.app_context():
                upgrade()
                start = time.perf_counter()
                print(f"{label}: building", flush=True)
                ids = build_world(size)
                print(f"  (dựng dữ liệu: {vn(time.perf_counter() - start, 1)} s)", flush=True)
                db.session.remove()
            results[label] = measure(app, ids, size)
            with app.app_context():
                db.session.remove()
                if url:  # a temporary SQLite file goes with its folder; a real database is emptied
                    downgrade(revision="base")
                db.engine.dispose()
    table(results)
    print(f"\n{'PostgreSQL' if url else 'SQLite'}, năm {LAST}; tổng thời gian {vn(time.perf_counter() - started, 0)} s")


if __name__ == "__main__":
    main()
