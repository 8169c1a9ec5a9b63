"""The seed plans' appendices pasted the way people copy them (tests/fixtures/appendix/, built from the
seed text by tests/fixtures/make_appendix_fixtures.py): from a browser (its HTML and its plain text), from
LibreOffice Writer (its HTML and its plain text) and from a spreadsheet (tab-separated text with quoted
cells of several lines). Each previews all its tasks with no error, and pasting it twice adds nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from campaign.models import PlanTask
from campaign.services import plan_import

from . import test_plan as plan_tests
from .test_plan import DNGS_NAME, KHDT_NAME, QLDA_NAME, confirm, count, preview_page, tasks_of

# The plan pages' fixtures: the seed plans' units, a launched campaign, the office's client.
board, campaign, office = plan_tests.board, plan_tests.campaign, plan_tests.office

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "appendix"

SEED_001 = ["I.1", "II.1", "II.2", "III.1", "III.2", "IV.1", "IV.2", "V.1", "1", "2", "3", "4"]
SEED_003 = [str(n) for n in range(1, 12)] + ["1", "2"]
FORMS = ["browser.html", "browser.txt", "writer.html", "writer.txt", "calc.tsv"]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8-sig")


def paste_form(client, campaign, name: str):
    text = fixture(name)
    field = "html" if name.endswith(".html") else "text"
    data = {field: text}
    if field == "html":
        data["text"] = ""
    return client.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap", data=data)


def _source(name: str) -> tuple[bytes, str]:
    return fixture(name).encode(), ("bang-dan.html" if name.endswith(".html") else "bang-dan.txt")


@pytest.mark.parametrize("form", FORMS)
def test_seed_001_appendices_preview_every_task(app, campaign, board, form):
    preview = plan_import.preview_task_import(campaign, *_source(f"seed001.{form}"))
    assert [r.number for r in preview.rows] == SEED_001
    assert preview.error_count == 0 and preview.ok
    by_number = {r.number: r for r in preview.rows[:8]}
    # The "căn cứ" cell of two paragraphs stays one cell of two lines.
    assert by_number["I.1"].legal_basis.splitlines() == [
        "- Nghị quyết số 71/NQ-CP ngày 01/04/2025 của Chính phủ.",
        "- Quyết định 1689/QĐ-UBND ngày 19/6/2025 của UBND tỉnh."]
    assert by_number["I.1"].lead.name == "Văn phòng"
    assert {u.name for u in by_number["I.1"].partners} == {KHDT_NAME, DNGS_NAME, QLDA_NAME}
    assert by_number["V.1"].lead.name == KHDT_NAME and by_number["V.1"].note == "Đề án"
    assert by_number["II.2"].name.endswith("cho người dân, doanh nghiệp")
    assert all(r.deadline_text == "12/2026" for r in preview.rows[:8])
    # Phụ lục II: its numbering row "(1) … (8)" is no task.
    assert [r.product for r in preview.rows[8:]] == ["Website", "Phần mềm", "", "Giấy CNĐT, Quyết định chấp thuận"]
    assert {r.appendix for r in preview.rows} == {"Phụ lục I", "Phụ lục II"}
    assert {r.source for r in preview.rows} == {"Kế hoạch số /KH-KKTKCN ngày /01/2026"}
    assert not any(r.number.startswith("-") for r in preview.rows)


@pytest.mark.parametrize("form", FORMS)
def test_seed_003_appendices_preview_every_task(app, campaign, board, form):
    preview = plan_import.preview_task_import(campaign, *_source(f"seed003.{form}"))
    assert [r.number for r in preview.rows] == SEED_003
    assert preview.error_count == 0 and preview.ok
    first = preview.rows[0]
    assert first.name == "Người đứng đầu đơn vị là Trưởng Ban Chỉ đạo về KHCN, ĐMST, CDS và ĐA06"
    assert first.lead.name == "Văn phòng" and first.product == "Quyết định"
    fourth = preview.rows[3]
    assert fourth.lead_text == "Phòng Doanh nghiệp – Giám sát đầu tư; Phòng Kế hoạch – Đầu tư và Xúc tiến"
    assert {u.name for u in fourth.co_leads} == {DNGS_NAME, KHDT_NAME}
    assert preview.rows[11].deadline_text == "Quý II/2026" and preview.rows[11].appendix == "Phụ lục II"
    # The columns the import does not use are named.
    assert {"Nguồn vốn", "Tổng mức đầu tư"} <= set(preview.ignored_headers)


@pytest.mark.parametrize("form", FORMS)
def test_pasting_twice_adds_nothing(office, campaign, board, form):
    for seed in ("001", "003"):
        assert paste_form(office, campaign, f"seed{seed}.{form}").status_code == 302
        confirm(office, campaign)
    total = len(SEED_001) + len(SEED_003)
    assert count(PlanTask) == total
    for seed in ("001", "003"):
        paste_form(office, campaign, f"seed{seed}.{form}")
        html = preview_page(office, campaign).get_data(as_text=True)
        assert "Thêm mới</dt><dd>0<" in html
        confirm(office, campaign)
    assert count(PlanTask) == total
    # Two plans' "Phụ lục II" stay apart: each task knows its plan.
    tasks = tasks_of(campaign)
    assert {(t.source, t.appendix) for t in tasks if t.appendix == "Phụ lục II"} == {
        ("Kế hoạch số /KH-KKTKCN ngày /01/2026", "Phụ lục II"), ("Kế hoạch số /KH-KKTKCN ngày 18/6/2026", "Phụ lục II")}


def _table_only(name: str) -> str:
    """The appendix pasted without its title lines (from its header row on)."""
    text = fixture(name)
    return text[re.search(r"^S?TT\t", text, re.MULTILINE).start():]


def test_the_same_appendix_without_its_title_lines_adds_nothing(office, campaign, board):
    paste_form(office, campaign, "seed001.calc.tsv")
    confirm(office, campaign)
    assert count(PlanTask) == 12
    office.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap", data={"text": _table_only("seed001.calc.tsv")})
    html = preview_page(office, campaign).get_data(as_text=True)
    assert "Thêm mới</dt><dd>0<" in html and "Không đổi</dt><dd>12<" in html
    confirm(office, campaign)
    assert count(PlanTask) == 12
    assert {t.source for t in tasks_of(campaign)} == {"Kế hoạch số /KH-KKTKCN ngày /01/2026"}  # kept


def test_a_campaign_whose_sections_are_named_differently_is_updated_not_doubled(office, campaign, board):
    paste_form(office, campaign, "seed003.browser.html")
    confirm(office, campaign)
    for task in tasks_of(campaign):  # the office renamed the sections by hand
        task.section = "Nhóm nhiệm vụ trọng tâm"
    plan_tests.db.session.commit()
    paste_form(office, campaign, "seed003.browser.html")
    html = preview_page(office, campaign).get_data(as_text=True)
    assert "Thêm mới</dt><dd>0<" in html and "Cập nhật</dt><dd>13<" in html
    assert ('<span class="change-field">Mục:</span> <del>Nhóm nhiệm vụ trọng tâm</del> → <ins>Phụ lục I</ins>'
            in html)
    confirm(office, campaign)
    assert count(PlanTask) == 13


def test_an_update_shows_old_and_new_and_a_changed_deadline_is_to_review(office, campaign, board):
    paste_form(office, campaign, "seed001.browser.html")
    confirm(office, campaign)
    text = fixture("seed001.browser.html").replace("30/6/2026", "30/9/2026").replace(
        "Nâng cấp Trang thông tin điện tử của Ban Quản lý", "Nâng cấp, bảo mật Trang thông tin điện tử của Ban Quản lý")
    office.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap", data={"html": text, "text": ""})
    html = preview_page(office, campaign).get_data(as_text=True)
    assert "Thêm mới</dt><dd>0<" in html and "Cập nhật</dt><dd>1<" in html
    assert '<span class="change-field">Thời gian hoàn thành:</span> <del>30/6/2026</del> → <ins>30/9/2026</ins>' in html
    assert '<span class="change-field">Hạn cuối:</span> <del>30/06/2026</del> → <ins>30/09/2026</ins>' in html
    assert "<del>Nâng cấp Trang thông tin điện tử của Ban Quản lý" in html
    assert "Hạn cuối thay đổi: hãy kiểm tra lại trước khi xác nhận." in html


def test_two_plans_with_the_same_numbers_stay_apart_when_named(office, campaign, board):
    table = _table_only("seed003.calc.tsv")
    table = table[:table.index("Phụ lục II")]  # Phụ lục I's table alone: it names no plan
    for plan in ("Kế hoạch số 5/KH-KKTKCN ngày 10/01/2026", "Kế hoạch số 9/KH-KKTKCN ngày 18/6/2026"):
        office.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap", data={"text": table, "source": plan})
        assert plan in preview_page(office, campaign).get_data(as_text=True)
        confirm(office, campaign)
    assert count(PlanTask) == 22
    office.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap",
                data={"text": table, "source": "Kế hoạch số 9/KH-KKTKCN ngày 18/6/2026"})
    assert "Thêm mới</dt><dd>0<" in preview_page(office, campaign).get_data(as_text=True)
    page = office.get(f"/phong-trao/{campaign.id}/nhiem-vu").get_data(as_text=True)
    sections = re.findall(r'plan-section"><th colspan="8" scope="rowgroup">([^<]*)</th>', page)
    assert sections == ["Kế hoạch số 5/KH-KKTKCN ngày 10/01/2026", "Kế hoạch số 9/KH-KKTKCN ngày 18/6/2026"]


def test_a_calc_sheet_whose_numbering_row_became_negative_numbers(office, campaign, board):
    data = (FIXTURES / "seed001.calc.xlsx").read_bytes()
    preview = plan_import.preview_task_import(campaign, data, "phu-luc.xlsx")
    assert [r.number for r in preview.rows] == SEED_001 and preview.ok
    assert preview.rows[8].lead.name == "Văn phòng"  # not a task "-2" led by «-4»


def test_the_rich_paste_area_is_on_the_page(office, campaign, board):
    html = office.get(f"/phong-trao/{campaign.id}/nhiem-vu/nhap").get_data(as_text=True)
    assert 'data-rich-paste="html"' in html and 'contenteditable="true"' in html
    assert 'type="hidden" name="html"' in html or 'name="html" type="hidden"' in html
    assert 'name="text"' in html and 'name="source"' in html
