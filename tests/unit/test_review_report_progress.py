"""The plans' periodic progress reports: the reporting calendar (rules/reporting.py), the order of the
tasks, and the .docx structure (documents/progress_report.py), from plain data."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document

from campaign.documents.layout import DocumentNumber, Issuer, Signer
from campaign.documents.progress_report import (
    IndicatorLine,
    ProgressReport,
    ProgressTask,
    build_progress_report,
)
from campaign.rules.reporting import (
    ANNUAL,
    PAST,
    QUARTERLY,
    SIX_MONTHLY,
    UPCOMING,
    Period,
    ReportRule,
    Schedule,
    find_period,
    periods_of_year,
    progress_order,
    reporting_periods,
)
from campaign.services.progress_report import DEFAULT_SCHEDULE, SEED_001, SEED_003, schedule_for

D = dt.date


def test_seed_001_calendar_of_a_year():
    periods = periods_of_year(SEED_001, 2026)
    assert [(p.key, p.deadline) for p in periods] == [
        ("2026-Q1", D(2026, 3, 20)),  # before the 20th of the quarter's last month
        ("2026-H1", D(2026, 6, 5)),  # six-monthly, before 05 June (quarter II merged into it)
        ("2026-Q3", D(2026, 9, 20)),
        ("2026", D(2026, 12, 1)),  # annual, before 01 December (quarter IV merged into it)
    ]
    q1 = periods[0]
    assert (q1.start, q1.end, q1.label) == (D(2026, 1, 1), D(2026, 3, 31), "quý I năm 2026")
    assert periods[1].label == "6 tháng đầu năm 2026" and periods[1].end == D(2026, 6, 30)
    assert periods[3].label == "năm 2026" and periods[3].kind_label == "Báo cáo năm"


def test_every_quarter_when_merging_is_off():
    schedule = Schedule((ReportRule(QUARTERLY, 20, merge_with_longer=False), ReportRule(ANNUAL, 1, 12)))
    keys = [p.key for p in periods_of_year(schedule, 2027)]
    assert keys == ["2027-Q1", "2027-Q2", "2027-Q3", "2027", "2027-Q4"]


def test_seed_003_is_annual_before_30_november():
    assert [(p.key, p.deadline) for p in periods_of_year(SEED_003, 2026)] == [("2026", D(2026, 11, 30))]


@pytest.mark.parametrize(("today", "expected"), [
    (D(2026, 11, 29), [("2025", PAST), ("2026", UPCOMING)]),
    # "trước ngày 30/11": on the 30th the report is already due
    (D(2026, 11, 30), [("2026", PAST), ("2027", UPCOMING)]),
    (D(2027, 1, 10), [("2026", PAST), ("2027", UPCOMING)]),
])
def test_seed_003_periods_around_a_day(today, expected):
    assert [(p.key, p.status) for p in reporting_periods(SEED_003, today)] == expected


def test_seed_001_periods_around_a_day():
    periods = reporting_periods(SEED_001, D(2026, 12, 1))
    assert [(p.key, p.status) for p in periods] == [
        ("2026-H1", PAST), ("2026-Q3", PAST), ("2026", PAST),
        ("2027-Q1", UPCOMING), ("2027-H1", UPCOMING), ("2027", UPCOMING),
    ]
    assert all(isinstance(p, Period) for p in periods)


def test_periods_stay_within_the_plan_years():
    periods = reporting_periods(SEED_003, D(2026, 12, 1), start=D(2026, 6, 1), end=D(2030, 12, 31))
    assert [p.key for p in periods] == ["2026", "2027"]
    first = reporting_periods(SEED_003, D(2026, 7, 1), start=D(2026, 6, 1))
    assert [p.key for p in first] == ["2026"]  # 2025 is before the plan
    last = reporting_periods(SEED_003, D(2031, 1, 5), end=D(2030, 12, 31))
    assert [(p.key, p.status) for p in last] == [("2030", PAST)]


def test_find_period_by_key():
    assert find_period(SEED_001, "2026-Q3").deadline == D(2026, 9, 20)
    assert find_period(SEED_001, "2026-Q2") is None  # merged into the six-monthly report
    assert find_period(SEED_003, "2026-H1") is None
    assert find_period(SEED_003, "abc") is None


def test_a_deadline_day_past_the_month_end_is_clamped():
    schedule = Schedule((ReportRule(QUARTERLY, 31, month_in_quarter=2, merge_with_longer=False),))
    assert periods_of_year(schedule, 2027)[0].deadline == D(2027, 2, 28)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        periods_of_year(Schedule((ReportRule("monthly", 5),)), 2026)


def test_schedules_by_plan_name():
    assert schedule_for("Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026") is SEED_001
    assert schedule_for("Kế hoạch chuyển đổi số giai đoạn 2026 – 2030") is SEED_003
    assert schedule_for("Kế hoạch số 12/KH-KKTKCN ngày 15/01/2026") is DEFAULT_SCHEDULE
    assert {r.kind for r in SEED_001.rules} == {QUARTERLY, SIX_MONTHLY, ANNUAL}


def test_overdue_tasks_come_first():
    tasks = [("done", False, D(2026, 6, 30), 0), ("in_progress", False, D(2026, 12, 31), 1),
             ("not_started", True, D(2026, 6, 30), 2), ("in_progress", False, None, 3),
             ("in_progress", True, D(2026, 3, 31), 4), ("not_started", False, D(2026, 9, 30), 5)]
    order = sorted(tasks, key=lambda t: progress_order(*t))
    assert [t[3] for t in order] == [4, 2, 5, 1, 3, 0]


# --- the document -------------------------------------------------------------------------------------


def _report(**kw) -> ProgressReport:
    values = dict(
        issuer=Issuer("UBND TỈNH KHÁNH HÒA", "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa", "KKTKCN",
                      "Khánh Hòa"),
        number=DocumentNumber(3, "BC"), date=D(2026, 11, 28), year=2026,
        subject="Kết quả thực hiện Kế hoạch chuyển đổi số giai đoạn 2026 – 2030 năm 2026",
        addressees=["Ban Chỉ đạo chuyển đổi số tỉnh", "Sở Khoa học và Công nghệ"],
        introduction="Thực hiện Kế hoạch chuyển đổi số giai đoạn 2026 – 2030, Ban Quản lý báo cáo như sau:",
        tasks=[ProgressTask("1", "Nâng cấp Trang thông tin điện tử", "Văn phòng", "Các phòng", "Quý II/2026",
                            "Đang thực hiện (quá hạn)", True, ["Văn phòng: Đang thực hiện"]),
               ProgressTask("13", "Kiện toàn Ban Chỉ đạo", "Văn phòng", "", "Năm 2026 – 2030", "Đã hoàn thành", False,
                            ["Văn phòng: Đã hoàn thành ngày 10/07/2026 – Quyết định kiện toàn"])],
        done=1, in_progress=0, overdue=1, not_started=0,
        indicators=[IndicatorLine("IV.1. Tỷ lệ hài lòng", "%", Decimal(95), Decimal("92.1"), False)],
        indicators_phase="Giai đoạn 1 (2026–2027)",
        assessment="Tính đến ngày 28/11/2026 …", difficulties="Một nhiệm vụ quá hạn.",
        next_steps="Tập trung hoàn thành nhiệm vụ quá hạn.", signer=Signer(["TRƯỞNG BAN"], "Trần Minh Chiến"),
        recipients=["Như trên", "Lưu: VT, VP"],
    )
    values.update(kw)
    return ProgressReport(**values)


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).replace("\xa0", " ").split())


def test_progress_report_structure():
    document = Document(io.BytesIO(build_progress_report(_report())))
    text = _text(document)
    for piece in ("BÁO CÁO", "Số: 03/BC-KKTKCN", "Khánh Hòa, ngày 28 tháng 11 năm 2026", "Kính gửi:",
                  "- Ban Chỉ đạo chuyển đổi số tỉnh;", "- Sở Khoa học và Công nghệ.", "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
                  "II. KẾT QUẢ CÁC CHỈ TIÊU", "III. ĐÁNH GIÁ CHUNG, KHÓ KHĂN, VƯỚNG MẮC",
                  "Tập trung hoàn thành nhiệm vụ quá hạn./.", "TRƯỞNG BAN", "Trần Minh Chiến", "- Lưu: VT, VP.",
                  "Kế hoạch có 2 nhiệm vụ: 1 nhiệm vụ đã hoàn thành"):
        assert piece in text, piece
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["1", "1. Nâng cấp Trang thông tin điện tử", "Văn phòng\nPhối hợp: Các phòng", "Quý II/2026",
            "Đang thực hiện (quá hạn)", "Văn phòng: Đang thực hiện"] in rows
    assert ["1", "IV.1. Tỷ lệ hài lòng", "95%", "92,1%", "Chưa đạt"] in rows
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.font.name}
    assert fonts <= {"Times New Roman"}
    # the overdue task's row is bold, the done one's is not
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Nhiệm vụ")
    assert all(run.bold for run in table.rows[1].cells[1].paragraphs[0].runs)
    assert not any(run.bold for run in table.rows[2].cells[1].paragraphs[0].runs)


def test_progress_report_without_tasks_or_indicators():
    document = Document(io.BytesIO(build_progress_report(_report(tasks=[], indicators=[], done=0, overdue=0,
                                                                 number=DocumentNumber(None, "BC"), date=None))))
    text = _text(document)
    assert "Kế hoạch có 0 nhiệm vụ" in text and "Chưa có chỉ tiêu định lượng nào" in text
    assert "Số: /BC-KKTKCN" in text
