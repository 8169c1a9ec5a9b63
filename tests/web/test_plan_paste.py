"""The seed plans' appendices pasted the way people copy them (tests/fixtures/appendix/, built from the
seed text by tests/fixtures/make_appendix_fixtures.py): from a browser (its HTML and its plain text), from
LibreOffice Writer (its HTML and its plain text) and from a spreadsheet (tab-separated text with quoted
cells of several lines). Each previews all its tasks with no error, and pasting it twice adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign.models import PlanTask
from campaign.services import plan_import

from . import test_plan as plan_tests
from .test_plan import DNGS_NAME, KHDT_NAME, QLDA_NAME, confirm, count, preview_page, tasks_of

# The plan pages' fixtures: the seed plans' units, a launched campaign, the office's client.
board, campaign, office, clean_uploads = plan_tests.board, plan_tests.campaign, plan_tests.office, plan_tests.clean_uploads

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
