"""The phase review report (sơ kết / tổng kết) from the database: its figures, the .docx, the page partial,
and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from docx import Document
from flask import render_template

from campaign.extensions import db
from campaign.models import (
    Agency,
    Initiative,
    Nomination,
    NominationStatus,
    Phase,
    Result,
    Signer,
    Unit,
    subject_key,
)
from campaign.services import progress_report as progress
from campaign.services import review_report as service
from campaign.services.review_report import (
    REVIEW_FIELDS,
    default_review_texts,
    review_figures,
    review_report_docx,
)
from tests.conftest import _empty_all_tables
from tests.factories import (
    add_task_report,
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_phases,
    make_task,
)

TODAY = dt.date(2026, 12, 1)
D = Decimal


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr(service, "local_now", lambda: dt.datetime(2026, 12, 1, 10, 0))


def _result(phase, criterion, unit, value, person=None):
    db.session.add(Result(phase_id=phase.id, criterion_id=criterion.id, unit_id=unit.id,
                          person_id=person.id if person else None,
                          subject=subject_key(person.id if person else None, unit.id), value=D(str(value))))


def _nomination(phase, award, unit, person=None, status=NominationStatus.AWARDED):
    db.session.add(Nomination(phase_id=phase.id, award_form_id=award.id, unit_id=unit.id,
                              nominee_kind="individual" if person else "collective", nominee_unit_id=unit.id,
                              person_id=person.id if person else None,
                              subject=subject_key(person.id if person else None, unit.id), status=status))


def _world(make_unit, make_person, *, extra_units: int = 0):
    """Two units (and `extra_units` more, each with results, a task, a nomination); three quantitative
    criteria (collective 90 %, individual 95 %, the on-time rate 80 %) and one qualitative; four tasks due in
    phase 1 (on time, late, overdue, not yet due); awards; initiatives in and out of the phase."""
    db.session.add(Agency(name="Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa",
                          parent_body="UBND TỈNH KHÁNH HÒA", symbol="KKTKCN", place_name="Khánh Hòa",
                          signers=[Signer(full_name="Trần Minh Chiến", title="Trưởng Ban", is_head=True),
                                   Signer(full_name="Phan Châu Vinh", title="Phó Trưởng Ban", sort_order=2)]))
    office = make_unit(code="VP", name="Văn phòng", sort_order=1)
    planning = make_unit(code="KHDT", name="Phòng Kế hoạch – Đầu tư và Xúc tiến", sort_order=2)
    head = make_person("Nguyễn Thị Loan", unit=planning, gender="nu", position="Trưởng phòng", is_leader=True)
    clerk = make_person("Lê Văn Hùng", unit=planning)
    typist = make_person("Bùi Thanh Hương", unit=office, gender="nu")
    campaign = make_campaign(plan_number="123/KH-KKTKCN", plan_date=dt.date(2026, 6, 18))
    phase1, phase2 = make_phases(campaign)
    group = make_group(campaign, code="IV", name="Chính quyền số")
    digitised = make_criterion(campaign, group, "IV.1", "collective", 30, targets=(90, 100), position=1,
                               name="Tỷ lệ hồ sơ được số hóa")
    on_time_docs = make_criterion(campaign, group, "IV.2", "individual", 40, targets=(95, 100), position=2,
                                  name="Tỷ lệ văn bản xử lý đúng hạn")
    make_criterion(campaign, group, "IV.3", "collective", 30, targets=(80, 90), position=3,
                                name="Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn", source="task_completion")
    make_criterion(campaign, group, "IV.4", "both", 30, position=4, name="Ứng dụng công nghệ số")
    _result(phase1, digitised, office, 95)
    _result(phase1, digitised, planning, 80)
    _result(phase1, on_time_docs, planning, 96, person=head)
    _result(phase1, on_time_docs, planning, 90, person=clerk)
    _result(phase2, digitised, office, 100)
    _result(phase2, digitised, planning, 100)

    t1 = make_task(campaign, "Nâng cấp Trang thông tin điện tử", office, deadline=dt.date(2026, 6, 30), number="1")
    add_task_report(t1, office, completed_on=dt.date(2026, 6, 20))
    t2 = make_task(campaign, "Số hóa hồ sơ dự án", planning, [office], deadline=dt.date(2026, 9, 30), number="2")
    add_task_report(t2, planning, completed_on=dt.date(2026, 10, 5))
    make_task(campaign, "Khảo sát an toàn thông tin", office, deadline=dt.date(2026, 10, 31), number="3")
    make_task(campaign, "Xây dựng kho dữ liệu", office, deadline=dt.date(2027, 6, 30), number="4")
    make_task(campaign, "Triển khai trợ lý ảo", planning, deadline=dt.date(2029, 6, 30), number="5")

    merit = make_award_form("GK", "Giấy khen của Trưởng Ban Quản lý", kind="commendation", position=1)
    title = make_award_form("LDTT", "Lao động tiên tiến", "individual", position=2)
    _nomination(phase1, merit, planning)
    _nomination(phase1, merit, planning, head)
    _nomination(phase1, title, planning, clerk)
    _nomination(phase1, title, office, typist)
    _nomination(phase1, merit, office, typist, status=NominationStatus.SUBMITTED)
    _nomination(phase1, merit, office, status=NominationStatus.DRAFT)

    db.session.add_all([
        Initiative(unit_id=office.id, title="Số hóa hồ sơ", level="co_so", decision_date=dt.date(2026, 5, 1)),
        Initiative(unit_id=planning.id, title="Trợ lý ảo", level="tinh", decision_date=dt.date(2027, 2, 1)),
        Initiative(unit_id=planning.id, title="Bản đồ số", first_applied_on=dt.date(2026, 3, 1)),
        Initiative(unit_id=office.id, title="Cũ", level="co_so", decision_date=dt.date(2025, 3, 1)),
    ])
    for n in range(extra_units):
        unit = make_unit(code=f"X{n}", name=f"Phòng thêm {n}")
        person = make_person(f"Trần Văn Thêm {n}", unit=unit)
        _result(phase1, digitised, unit, 91)
        _result(phase1, on_time_docs, unit, 97, person=person)
        task = make_task(campaign, f"Nhiệm vụ thêm {n}", unit, deadline=dt.date(2026, 8, 31))
        add_task_report(task, unit, completed_on=dt.date(2026, 8, 1))
        _nomination(phase1, title, unit, person)
    db.session.commit()
    return phase1, phase2


def test_figures_of_an_interim_review(app, make_unit, make_person):
    phase1, _ = _world(make_unit, make_person)
    figures = review_figures(phase1, today=TODAY)

    by_code = {c.code: c for c in figures.criteria}
    assert list(by_code) == ["IV.1", "IV.2", "IV.3"]  # the qualitative IV.4 has no target
    digitised = by_code["IV.1"].aggregate
    assert (digitised.counted, digitised.met, digitised.value, digitised.attained) == (2, 1, D("87.50"), False)
    docs = by_code["IV.2"]
    assert docs.scope == "individual"
    assert (docs.aggregate.counted, docs.aggregate.met, docs.aggregate.value) == (2, 1, D("93.00"))
    # the on-time rate per unit (rules.tasks.completion_rate as of today): office 1 of 3 tasks due (t1 on time,
    # t2 as partner not reported, t3 overdue), planning 0 of 1 (t2 late)
    rate = by_code["IV.3"].aggregate
    assert rate.counted == 2 and rate.met == 0

    units = {u.name: (u.counted, u.met) for u in figures.units}
    assert units == {"Văn phòng": (2, 1), "Phòng Kế hoạch – Đầu tư và Xúc tiến": (2, 0)}

    tally = figures.task_tally
    assert (tally.on_time, tally.late, tally.not_done, tally.not_due) == (1, 1, 1, 1)
    assert [t.number for t in figures.late_tasks] == ["2", "3"]
    assert tally.on_time_share == D("33.33")

    assert [(a.code, a.collectives, a.individuals) for a in figures.awards] == [("GK", 1, 1), ("LDTT", 0, 2)]
    assert (figures.individuals, figures.leaders, figures.women) == (3, 1, 2)
    assert figures.leaders_share == D("33.33") and figures.women_share == D("66.67")
    assert figures.dossiers == 5
    assert figures.initiatives == [("Cấp cơ sở", 1), ("Cấp tỉnh", 1), ("Chưa được công nhận", 1)]
    assert figures.previous is None

    data = figures.chart_data()
    json.dumps(data)
    assert data["criteria"]["labels"] == ["IV.1", "IV.2", "IV.3"]
    assert data["awards"]["values"] == [2, 2]
    assert set(data) == {"criteria", "units", "awards"}


def test_a_final_review_compares_with_the_previous_phase(app, make_unit, make_person):
    _, phase2 = _world(make_unit, make_person)
    figures = review_figures(phase2, today=dt.date(2031, 1, 15))
    assert figures.previous is not None and figures.previous.phase_name == "Giai đoạn 1"
    now = {c.code: c.aggregate for c in figures.criteria}
    before = {c.code: c.aggregate for c in figures.previous.criteria}
    assert now["IV.1"].value == D("100.00") and now["IV.1"].attained is True
    assert before["IV.1"].value == D("87.50")
    # the tasks due in phase 2 only
    assert [t.number for t in figures.tasks] == ["5"]


def test_a_phase_not_yet_started_has_no_figures_yet(app, make_unit, make_person):
    _, phase2 = _world(make_unit, make_person)
    figures = review_figures(phase2, today=TODAY)
    assert all(c.aggregate.counted == 0 for c in figures.criteria if c.code == "IV.3")  # no on-time rate yet
    assert figures.criteria_measured == 1  # IV.1 has phase 2 results already
    assert "2/3 tiêu chí chưa có kết quả" in service.criteria_summary(figures)


def test_the_docx_from_the_database(app, make_unit, make_person, frozen_today):
    phase1, _ = _world(make_unit, make_person)
    texts = default_review_texts(phase1)
    assert {key for key, _, _ in REVIEW_FIELDS} >= {"assessment", "directions"}
    assert set(texts) >= {key for key, _, _ in REVIEW_FIELDS}
    assert "0/3 tiêu chí định lượng đã có kết quả đạt chỉ tiêu" in texts["assessment"]
    assert "IV.1" in texts["directions"]

    data = review_report_docx(phase1, number=7, issued_on=dt.date(2027, 12, 20),
                              texts={"directions": "Phấn đấu hoàn thành <b>mọi</b> chỉ tiêu."})
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = " ".join(" ".join(parts).replace("\xa0", " ").split())
    assert "Số: 07/BC-KKTKCN" in text
    assert "Khánh Hòa, ngày 20 tháng 12 năm 2027" in text
    assert "Sơ kết giai đoạn 1 Phong trào thi đua “Đổi mới sáng tạo" in text
    assert "Thực hiện Kế hoạch số 123/KH-KKTKCN ngày 18/06/2026" in text
    assert "Phấn đấu hoàn thành <b>mọi</b> chỉ tiêu./." in text
    assert "TRƯỞNG BAN Trần Minh Chiến" in text
    assert "Sở Nội vụ" in text and "Sở Khoa học và Công nghệ" in text
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["1", "IV.1. Tỷ lệ hồ sơ được số hóa", "90%", "87,5%", "1/2 đơn vị", "Chưa đạt"] in rows
    assert ["2", "IV.2. Tỷ lệ văn bản xử lý đúng hạn", "95%", "93%", "1/2 cá nhân", "Chưa đạt"] in rows
    assert any(r[1:3] == ["Giấy khen của Trưởng Ban Quản lý", "Hình thức khen thưởng"] and r[3:] == ["1", "1", "2"]
               for r in rows)
    assert any(r[0] == "Tổng cộng" and r[-3:] == ["1", "3", "4"] for r in rows)
    assert any(r[1].startswith("3. Khảo sát an toàn thông tin") and r[-1] == "Quá hạn, chưa hoàn thành" for r in rows)
    assert any(r[1].startswith("2. Số hóa hồ sơ dự án") and r[-1] == "Hoàn thành trễ hạn (05/10/2026)" for r in rows)
    assert len(document.inline_shapes) == 2  # the criteria and the awards charts


def test_the_page_partial_renders_tables_and_charts(app, make_unit, make_person):
    phase1, _ = _world(make_unit, make_person)
    figures = review_figures(phase1, today=TODAY)
    with app.test_request_context():
        html = render_template("documents/_review_figures.html", figures=figures)
    assert html.count('<canvas class="review-chart"') == 3
    assert "vendor/chartjs/chart.umd.min.js" in html and "review_charts.js" in html
    assert "Tỷ lệ hồ sơ được số hóa" in html and "87,5" in html
    assert "&#34;labels&#34;" in html  # the JSON sits escaped in the attribute
    assert "<script>" not in html.replace("<script src=", "")


def _count(world, count_queries) -> tuple[int, int]:
    phase1, _ = world
    phase_id = phase1.id
    db.session.expunge_all()
    with count_queries() as counter:
        figures = review_figures(db.session.get(Phase, phase_id), today=TODAY)
    return counter.count, len(figures.units)


def test_queries_do_not_grow_with_the_data(app, make_unit, make_person, count_queries):
    small, units = _count(_world(make_unit, make_person), count_queries)
    assert units == 2
    _empty_all_tables()
    large, units = _count(_world(make_unit, make_person, extra_units=6), count_queries)
    assert units == 8
    assert large == small


# --- the plans' periodic progress reports ---------------------------------------------------------


DCS = "Kế hoạch chuyển đổi số giai đoạn 2026 – 2030"
NQ57 = "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026"


def _plans_world(make_unit, make_person):
    phase1, _ = _world(make_unit, make_person)
    campaign = phase1.campaign
    office = db.session.scalar(db.select(Unit).where(Unit.code == "VP"))
    planning = db.session.scalar(db.select(Unit).where(Unit.code == "KHDT"))
    late = make_task(campaign, "Nâng cấp Trang thông tin điện tử Ban", office, [planning],
                     deadline=dt.date(2026, 6, 30), number="1", section=f"{DCS}, Phụ lục II – Danh mục nhiệm vụ CNTT")
    add_task_report(late, office, status="in_progress", product_ref="Bản thiết kế giao diện", note="chờ nghiệm thu")
    done = make_task(campaign, "Kiện toàn Ban Chỉ đạo", office, deadline=dt.date(2030, 12, 31), number="2",
                     deadline_text="Năm 2026 – 2030", section=f"{DCS}, Phụ lục I – Nhiệm vụ trọng tâm")
    add_task_report(done, office, completed_on=dt.date(2026, 7, 10), product_ref="Quyết định số 45/QĐ-KKTKCN")
    make_task(campaign, "Xúc tiến đầu tư", planning, deadline=dt.date(2026, 12, 31), number="1",
              source=NQ57, lead_text="Phòng KHĐT", partner_text="Các phòng, Ban QLDAHT")
    db.session.commit()
    return campaign


def test_plans_and_their_calendars(app, make_unit, make_person):
    campaign = _plans_world(make_unit, make_person)
    plans = {plan.name: plan for plan in progress.campaign_plans(campaign)}
    assert list(plans) == ["Kế hoạch thực hiện Phong trào thi đua", DCS, NQ57]
    assert len(plans[DCS].task_ids) == 2
    assert plans[DCS].schedule is progress.SEED_003 and plans[NQ57].schedule is progress.SEED_001
    periods = progress.reporting_periods(plans[DCS], dt.date(2026, 12, 1))
    assert [(p.key, p.status, p.deadline) for p in periods] == [("2026", "past", dt.date(2026, 11, 30)),
                                                               ("2027", "upcoming", dt.date(2027, 11, 30))]
    assert progress.find_plan(campaign, plans[DCS].key) == plans[DCS]


def test_progress_figures_and_docx(app, make_unit, make_person):
    campaign = _plans_world(make_unit, make_person)
    plan = next(p for p in progress.campaign_plans(campaign) if p.name == DCS)
    period = progress.period_of(plan, "2026")
    figures = progress.progress_figures(plan, period, today=dt.date(2026, 12, 1))
    assert figures.as_of == dt.date(2026, 11, 30)  # a past period is read at its deadline
    assert [(t.number, t.status, t.overdue) for t in figures.tasks] == [("1", "in_progress", True),
                                                                       ("2", "done", False)]
    assert figures.tasks[0].reports == ["Văn phòng: Đang thực hiện – Bản thiết kế giao diện (chờ nghiệm thu)"]
    assert figures.tasks[0].partners == "Phòng Kế hoạch – Đầu tư và Xúc tiến"
    assert [c.code for c in figures.indicators] == ["IV.1", "IV.2", "IV.3"]
    assert figures.phase.name == "Giai đoạn 1"

    texts = progress.default_progress_texts(plan, period)
    assert {key for key, _, _ in progress.PROGRESS_FIELDS} <= set(texts)
    assert texts["subject"] == f"Kết quả thực hiện {DCS} trong năm 2026"
    assert texts["addressees"].splitlines() == ["Ban Chỉ đạo chuyển đổi số tỉnh", "Sở Khoa học và Công nghệ"]

    data = progress.progress_report_docx(plan, period, number=4, issued_on=dt.date(2026, 11, 28),
                                         texts={"difficulties": "Thiếu nhân lực CNTT."})
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = " ".join(" ".join(parts).replace("\xa0", " ").split())
    assert "Số: 04/BC-KKTKCN" in text and "Khánh Hòa, ngày 28 tháng 11 năm 2026" in text
    assert "theo chế độ báo cáo định kỳ hằng năm (trước ngày 30 tháng 11)" in text
    assert "Thiếu nhân lực CNTT." in text
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Nhiệm vụ")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1][1] == "1. Nâng cấp Trang thông tin điện tử Ban" and rows[1][4] == "Đang thực hiện (quá hạn)"
    assert "Quyết định số 45/QĐ-KKTKCN" in rows[2][5]


def test_progress_queries_do_not_grow(app, make_unit, make_person, count_queries):
    def measure(extra: int) -> int:
        campaign = _plans_world(make_unit, make_person)
        planning = db.session.scalar(db.select(Unit).where(Unit.code == "KHDT"))
        for n in range(extra):
            partner = make_unit(name=f"Phòng phối hợp {n}")
            task = make_task(campaign, f"Nhiệm vụ thêm {n}", planning, [partner], deadline=dt.date(2026, 9, 30),
                             section=f"{DCS}, Phụ lục I")
            add_task_report(task, planning, completed_on=dt.date(2026, 9, 1))
            add_task_report(task, partner, status="in_progress")  # a unit of its own on every report
        db.session.commit()
        plan = next(p for p in progress.campaign_plans(campaign) if p.name == DCS)
        period = progress.period_of(plan, "2026")
        db.session.expunge_all()
        with count_queries() as counter:
            progress.progress_figures(plan, period, today=dt.date(2026, 12, 1))
        return counter.count

    small = measure(0)
    _empty_all_tables()
    assert measure(5) == small


# --- on the demo board ------------------------------------------------------------------------------------


def test_reports_on_the_demo(app, monkeypatch, frozen_today):
    from campaign.demo import load_demo
    from campaign.demo import steps as demo_steps

    monkeypatch.setattr(demo_steps, "local_now", lambda: dt.datetime(2026, 12, 1, 10, 0))
    load_demo("khanhhoa")
    phases = {p.name: p for p in db.session.scalars(db.select(Phase))}
    interim = phases["Giai đoạn 1 (2026–2027)"]
    figures = review_figures(interim, today=TODAY)
    assert len(figures.criteria) == 7 and figures.task_tally.due == 6
    assert [t.number for t in figures.late_tasks] == ["1", "2", "1"]
    document = Document(io.BytesIO(review_report_docx(interim)))
    assert len(document.inline_shapes) == 1  # the criteria chart; no award yet in phase 1
    assert any("Sơ kết giai đoạn 1 (2026–2027) Phong trào thi đua “Đổi mới sáng tạo" in " ".join(p.text.split())
               for p in document.paragraphs)

    year = phases["Năm 2025"]
    figures = review_figures(year, today=TODAY)
    # Awarded: 25 LĐTT and 2 TTLĐTT by the demo's issued decisions, 1 TTLĐXS by the province's answer to the
    # Tờ trình (demo/statistics.py); the CSTĐCS decision is still a draft.
    assert figures.awarded == 28 and figures.individuals == 25
    assert len(Document(io.BytesIO(review_report_docx(year))).inline_shapes) == 2

    campaign = interim.campaign
    plans = progress.campaign_plans(campaign)
    assert [p.schedule for p in plans] == [progress.SEED_001, progress.SEED_003]
    for plan in plans:
        for period in progress.reporting_periods(plan, TODAY):
            assert progress.progress_report_docx(plan, period).startswith(b"PK")
