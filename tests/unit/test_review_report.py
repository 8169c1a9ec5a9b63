"""The phase review report: its pure figures (rules/review.py) and the .docx structure
(documents/review_report.py), built from plain data."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from campaign.documents.charts import BarChart, render_bar_chart
from campaign.documents.layout import DocumentNumber, Issuer, Signer
from campaign.documents.review_report import (
    AwardLine,
    ComparisonLine,
    CountLine,
    CriterionLine,
    ReviewReport,
    TaskLine,
    UnitLine,
    build_review_report,
)
from campaign.rules.review import (
    LATE,
    NOT_DONE,
    NOT_DUE,
    ON_TIME,
    aggregate_criterion,
    mean,
    share,
    tally_tasks,
    task_completed_on,
    task_outcome,
)
from campaign.rules.tasks import UnitProgress

D = Decimal
ISSUER = Issuer("UBND TỈNH KHÁNH HÒA", "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa", "KKTKCN",
                "Khánh Hòa")
SUBJECT = "Sơ kết giai đoạn 1 (2026–2027) Phong trào thi đua “Đổi mới sáng tạo, chuyển đổi số, chuyển đổi xanh”"


# --- rules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("values", "target", "higher", "expected"), [
    ([D(100), D(92)], D(100), True, (2, 1, D("96.00"), D("96.0"), False)),
    ([D(91.8), D(88.2)], D(90), True, (2, 1, D("90.00"), D("100.0"), True)),
    ([D(3), D(7)], D(5), False, (2, 1, D("5.00"), D("100.0"), True)),
    ([None, D(50)], D(50), True, (1, 1, D("50.00"), D("100.0"), True)),
    ([], D(95), True, (0, 0, None, None, None)),
    ([D(80)], None, True, (1, 0, D("80.00"), None, None)),
])
def test_aggregate_criterion_is_the_mean_and_the_count_that_met(values, target, higher, expected):
    result = aggregate_criterion(values, target, higher_is_better=higher)
    assert (result.counted, result.met, result.value, result.attainment, result.attained) == expected


def test_share_and_mean_round_to_two_places():
    assert share(2, 3) == D("66.67")
    assert share(0, 0) is None
    assert mean([D(1), D(2), D(2)]) == D("1.67")
    assert mean([]) is None


def test_task_completed_on_follows_the_lead_or_every_unit():
    day = dt.date(2026, 11, 10)
    assert task_completed_on(1, [1, 2], {1: UnitProgress("done", day)}) == day
    assert task_completed_on(1, [1, 2], {2: UnitProgress("done", day)}) is None
    both = {1: UnitProgress("done", day), 2: UnitProgress("done", dt.date(2026, 12, 2))}
    assert task_completed_on(None, [1, 2], both) == dt.date(2026, 12, 2)
    assert task_completed_on(None, [1, 2], {1: UnitProgress("done", day)}) is None
    assert task_completed_on(None, [], {}) is None


@pytest.mark.parametrize(("deadline", "completed", "as_of", "expected"), [
    (dt.date(2026, 6, 30), dt.date(2026, 6, 30), dt.date(2026, 12, 1), ON_TIME),
    (dt.date(2026, 6, 30), dt.date(2026, 7, 1), dt.date(2026, 12, 1), LATE),
    (dt.date(2026, 6, 30), None, dt.date(2026, 12, 1), NOT_DONE),
    (dt.date(2026, 12, 31), None, dt.date(2026, 12, 1), NOT_DUE),
    (dt.date(2026, 12, 1), None, dt.date(2026, 12, 1), NOT_DUE),  # due today: not overdue yet
    (None, None, dt.date(2026, 12, 1), NOT_DUE),
    (None, dt.date(2026, 3, 1), dt.date(2026, 12, 1), ON_TIME),
    # done after the cut-off: not counted as done yet
    (dt.date(2026, 6, 30), dt.date(2027, 1, 5), dt.date(2026, 12, 31), NOT_DONE),
])
def test_task_outcome(deadline, completed, as_of, expected):
    assert task_outcome(deadline, completed, as_of) == expected


def test_tally_tasks_counts_and_lists_the_late_ones():
    tally = tally_tasks([ON_TIME, LATE, NOT_DUE, NOT_DONE, ON_TIME])
    assert (tally.on_time, tally.late, tally.not_done, tally.not_due, tally.due) == (2, 1, 1, 1, 4)
    assert tally.late_indices == [1, 3]
    assert tally.on_time_share == D("50.00")
    assert tally_tasks([]).on_time_share is None


# --- the document -------------------------------------------------------------------------------------


def sample_report(**kw) -> ReviewReport:
    values = dict(
        issuer=ISSUER, number=DocumentNumber(5, "BC"), date=dt.date(2027, 12, 5), year=2027, subject=SUBJECT,
        introduction="Thực hiện Kế hoạch số 123/KH-KKTKCN, Ban Quản lý báo cáo sơ kết giai đoạn 1 như sau:",
        criteria=[CriterionLine("IV.1", "Tỷ lệ người dân hài lòng với dịch vụ công trực tuyến", "%", D(95),
                                D("92.10"), 2, 0, False),
                  CriterionLine("IV.3", "Số tin bài về KHCN, ĐMST và CDS", "tin bài/năm", D(50), D("50.25"), 2, 1,
                                True)],
        criteria_note="Kết quả: trung bình cộng kết quả của các đơn vị.",
        units=[UnitLine("Văn phòng <script>alert(1)</script>", 5, 3, D(60))],
        tasks_summary="Các kế hoạch có 13 nhiệm vụ có thời hạn trong giai đoạn.",
        late_tasks=[TaskLine("2", "Xây dựng, triển khai chuyển đổi số", "Văn phòng", "31/10/2026",
                             "Hoàn thành trễ hạn (14/11/2026)")],
        awards=[AwardLine("Lao động tiên tiến", "Danh hiệu thi đua", 0, 25, 25),
                AwardLine("Tập thể lao động xuất sắc", "Danh hiệu thi đua", 1, 0, 1)],
        award_totals=(1, 25, 26),
        people=[CountLine("Lãnh đạo", 5, D("20.00")), CountLine("Trong đó: nữ", 14, D("56.00"))],
        initiatives=[CountLine("Cấp cơ sở", 4), CountLine("Cấp tỉnh", 1)],
        charts={"criteria": BarChart("Mức độ đạt", ["IV.1", "IV.3"], [("Mức độ đạt", [96.9, 100.0])], unit="%",
                                     reference=100.0)},
        assessment="Các đơn vị triển khai nghiêm túc.\nCòn 3 nhiệm vụ chậm.",
        directions="Tiếp tục triển khai phong trào.\nHoàn thành các nhiệm vụ còn chậm.",
        signer=Signer(["TRƯỞNG BAN"], "Trần Minh Chiến"),
        recipients=["UBND tỉnh (b/c)", "Sở Nội vụ (b/c)", "Sở Khoa học và Công nghệ", "Lưu: VT, VP"],
    )
    values.update(kw)
    return ReviewReport(**values)


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    # balanced lines break with "\n" and keep name groups with non-breaking spaces: read them as spaces
    return "\n".join(" ".join(part.replace("\xa0", " ").split()) for part in parts)


def test_the_report_is_a4_times_new_roman_with_its_headings():
    document = _open(build_review_report(sample_report()))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.font.name}
    assert fonts <= {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"
    text = _all_text(document)
    for heading in ("BÁO CÁO", SUBJECT, "I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
                    "Số: 05/BC-KKTKCN", "Khánh Hòa, ngày 05 tháng 12 năm 2027", "TRƯỞNG BAN", "Trần Minh Chiến",
                    "Nơi nhận:", "- Sở Khoa học và Công nghệ;", "- Lưu: VT, VP."):
        assert heading in text, heading
    bold = {run.text for p in document.paragraphs for run in p.runs if run.bold}
    assert "I. KẾT QUẢ THỰC HIỆN" in bold and "BÁO CÁO" in bold
    # the last paragraph of the directions ends the document's text
    assert "Hoàn thành các nhiệm vụ còn chậm./." in text


def test_the_tables_carry_the_figures():
    document = _open(build_review_report(sample_report()))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["1", "IV.1. Tỷ lệ người dân hài lòng với dịch vụ công trực tuyến", "95%", "92,1%", "0/2 đơn vị",
            "Chưa đạt"] in rows
    assert ["2", "IV.3. Số tin bài về KHCN, ĐMST và CDS", "50 tin bài/năm", "50,25 tin bài/năm", "1/2 đơn vị",
            "Đạt"] in rows
    assert ["1", "Văn phòng <script>alert(1)</script>", "5", "3", "60%"] in rows
    assert any(r[0] == "Tổng cộng" and r[-3:] == ["1", "25", "26"] for r in rows)
    assert ["1", "2. Xây dựng, triển khai chuyển đổi số", "Văn phòng", "31/10/2026",
            "Hoàn thành trễ hạn (14/11/2026)"] in rows
    assert ["1", "Lãnh đạo", "5", "20%"] in rows


def test_a_chart_is_a_picture_at_most_16_cm_wide():
    document = _open(build_review_report(sample_report()))
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert shapes[0].width <= Mm(160) + 1
    blips = document.element.body.findall(".//" + qn("a:blip"))
    assert blips, "the chart's image is embedded"
    assert "Biểu đồ 1." in _all_text(document)


def test_without_charts_or_data_the_report_still_lays_out():
    empty = sample_report(criteria=[], units=[], late_tasks=[], awards=[], people=[], initiatives=[], charts={},
                          number=DocumentNumber(None, "BC"), date=None, subject="Sơ kết " + "x" * 300)
    document = _open(build_review_report(empty))
    text = _all_text(document)
    assert "Số: /BC-KKTKCN" in text  # the blanks collapse in _all_text
    assert "ngày tháng năm 2027" in text
    assert len(document.inline_shapes) == 0
    assert "Chưa có kết quả tiêu chí định lượng" in text


def test_a_final_report_compares_with_the_previous_phase():
    report = sample_report(comparison=[ComparisonLine("IV.1. Tỷ lệ hài lòng", "%", D("92.1"), D("98.5"))],
                           comparison_heads=("Giai đoạn 1 (2026–2027)", "Giai đoạn 2 (2028–2030)"))
    document = _open(build_review_report(report))
    text = _all_text(document)
    assert "3. So sánh giai đoạn 2 (2028–2030) với giai đoạn 1 (2026–2027)" in text
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["STT", "Nội dung", "Giai đoạn 1 (2026–2027)", "Giai đoạn 2 (2028–2030)"] in rows
    assert ["1", "IV.1. Tỷ lệ hài lòng", "92,1%", "98,5%"] in rows
    assert "4. Thực hiện nhiệm vụ của các kế hoạch" in text


def test_the_chart_is_a_png_with_vietnamese_labels():
    png = render_bar_chart(BarChart("Số tập thể, cá nhân được khen thưởng", ["Lao động tiên tiến", "Chiến sĩ thi đua"],
                                    [("Tập thể", [0, 0]), ("Cá nhân", [25, 2])], stacked=True))
    assert png.startswith(b"\x89PNG")
