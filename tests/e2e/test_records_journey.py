"""The office's records in a real browser (issue 12), logged in as `vanphong` on the Khánh Hòa demo.

From the menu «Sổ khen thưởng»: every awardee of the demo's 46/QĐ-KKTKCN found by typing their name without
diacritics, with that decision in their awards; the same decision's certificates printed from the print page
(«In tất cả»): one page per awardee, each name where the blank's profile puts it, within 1 mm; the fund's
2025 ledger with both decisions' bonuses posted and the balance that follows; biểu 0601 and 0603 for 2026
downloaded, their figures those of the campaigns and the province's decision. At 390 px the four pages do
not scroll sideways and every control is named. Only the audit log changes, so the shared demo server does.
Screenshots go to /tmp/e2e-records/ (the phone's, taken by the documents journey's phone_check, to /tmp/e2e-docs/).
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine
from playwright.sync_api import expect

from .test_documents_journey import PHONE, check_named, open_office, phone_check

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/e2e-records")
POINT_MM = 25.4 / 72


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def without_diacritics(name: str) -> str:
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()


def money(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def lines_on_pages(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    """Each page's text lines as (text, left mm, top mm from the sheet's top edge)."""
    pages = []
    for layout in extract_pages(io.BytesIO(pdf)):
        found = []
        stack = list(layout)
        while stack:
            item = stack.pop()
            if isinstance(item, LTTextLine):
                found.append((item.get_text().strip(), item.x0 * POINT_MM, (layout.height - item.y1) * POINT_MM))
            elif isinstance(item, LTTextContainer):
                stack.extend(item)
        pages.append(found)
    return pages


def test_the_office_looks_up_prints_books_and_reports(browser, live_server):
    context, page = open_office(browser, live_server)
    try:
        page.get_by_test_id("menu").get_by_role("link", name="Sổ khen thưởng", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu khen thưởng")

        # The 2025 LĐTT decision's awardees, from its print page.
        page.get_by_role("navigation", name="Sổ khen thưởng").get_by_role("link", name="In giấy khen").click()
        page.get_by_role("row").filter(has_text="46/QĐ-KKTKCN").get_by_role("link", name="In giấy khen").click()
        boxes = page.locator("input[name=entries]")
        names = [(boxes.nth(i).get_attribute("aria-label") or "").removeprefix("Chọn ") for i in range(boxes.count())]
        assert len(names) == 25 and all(names), names
        print_page = page.url

        # Every one of them found by name typed without diacritics, with the decision in their awards.
        page.get_by_role("navigation", name="Sổ khen thưởng").get_by_role("link", name="Tra cứu khen thưởng").click()
        for name in names:
            page.get_by_label("Họ tên hoặc tên tập thể").fill(without_diacritics(name))
            page.get_by_role("button", name="Tra cứu").click()
            hit = page.get_by_test_id("person-hit").filter(has=page.get_by_role("link", name=name, exact=True))
            expect(hit.first).to_contain_text("Lao động tiên tiến năm 2025 (Quyết định số 46/QĐ-KKTKCN")
        shot(page, "01-lookup")
        hit.first.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        expect(page.get_by_text(re.compile(r"LĐTT \d+ năm liên tục")).first).to_be_visible()
        shot(page, "02-history")
        check_named(page)
        history = page.url

        # The certificates, all 25, from the print page's button; the PDF comes back in a new tab.
        page.goto(print_page)
        caught: dict[str, bytes] = {}

        def keep(route):
            response = route.fetch()
            caught["pdf"] = response.body()
            route.fulfill(response=response)

        context.route("**/giay-khen/quyet-dinh/*/in", keep)
        profile = page.get_by_label("Phôi giấy khen").input_value()
        with context.expect_page() as tab:
            page.get_by_role("button", name="In tất cả (25)").click()
        tab.value.wait_for_load_state()
        tab.value.close()
        pdf = caught["pdf"]
        assert pdf[:5] == b"%PDF-"
        pages = lines_on_pages(pdf)
        assert len(pages) == 25
        # The name field of the blank: its box as the profile page shows it, plus the printer offset.
        page.goto(f"/giay-khen/phoi/{profile}")
        offset_y = float(page.get_by_label("Độ lệch dọc của máy in (mm)").input_value().replace(",", "."))
        name_y = float(page.locator("input[name=name_y]").input_value().replace(",", "."))
        for name, lines in zip(names, pages, strict=True):
            tops = [top for text, _, top in lines if text == name]
            assert tops, (name, [text for text, _, _ in lines])
            assert abs(tops[0] - (name_y + offset_y)) <= 1.0, (name, tops[0], name_y + offset_y)

        # The fund: 2025's ledger has both decisions' bonuses, and the balance follows from the lines.
        page.get_by_role("navigation", name="Sổ khen thưởng").get_by_role("link", name="Quỹ thi đua, khen thưởng").click()
        page.get_by_test_id("fund-years").get_by_role("link", name="2025").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sổ quỹ thi đua, khen thưởng năm 2025")
        rows = page.get_by_test_id("fund-row")
        ldtt = rows.filter(has_text="46/QĐ-KKTKCN")
        expect(ldtt).to_have_count(1)
        expect(ldtt).to_contain_text("17.550.000")  # 25 × 0,3 × 2.340.000 đồng
        expect(rows.filter(has_text="47/QĐ-KKTKCN")).to_have_count(1)
        opening = money(page.get_by_test_id("fund-opening").inner_text())
        income = money(page.get_by_test_id("fund-income").inner_text())
        spending = money(page.get_by_test_id("fund-spending").inner_text())
        assert income > 0 and spending >= 17_550_000
        assert money(page.get_by_test_id("fund-balance").inner_text()) == opening + income - spending
        shot(page, "03-fund")
        check_named(page)

        # The statistics for 2026: the thematic campaign launched in 2026, the province's TTLĐXS.
        page.get_by_role("navigation", name="Sổ khen thưởng").get_by_role("link", name="Thống kê").click()
        page.get_by_label("Năm báo cáo").select_option("2026")
        page.get_by_role("button", name="Xem").click()
        shot(page, "04-statistics")
        check_named(page)
        sheets = {}
        for form in ("0601", "0603"):
            with page.expect_download() as download:
                page.get_by_role("link", name=f"Tải biểu {form} (.xlsx)").click()
            sheets[form] = [row for row in openpyxl.load_workbook(
                io.BytesIO(Path(download.value.path()).read_bytes())).active.iter_rows(values_only=True)]
        campaigns = next(row for row in sheets["0601"] if row[0] == "Tổng số phong trào thi đua")
        assert campaigns[2] == 1 and campaigns[8] == 1  # one campaign, by theme (chuyên đề)
        awards = {row[0]: row for row in sheets["0603"] if row[0]}
        header = next(row for row in sheets["0603"] if row and "Tập thể lao động xuất sắc" in row)
        column = header.index("Tập thể lao động xuất sắc")
        assert awards["Tổng số"][2] == awards["Tập thể"][2] == awards["Tổng số"][column] == 1
        assert awards["Cá nhân"][2] == 0
        for form in ("0601", "0603"):
            flat = " ".join(str(v) for row in sheets[form] for v in row if v is not None)
            for words in ("Đơn vị báo cáo", "Đơn vị nhận báo cáo", "Ngày nhận báo cáo: 15/12", "Người lập biểu",
                          "Thủ trưởng đơn vị"):
                assert words in flat, (form, words)
        statistics = page.url
    finally:
        context.close()
    phone_check(browser, live_server, [("05-phone-lookup", "/tra-cuu?q=nguyen"), ("06-phone-history", history),
                                       ("07-phone-fund", "/quy-thi-dua?nam=2025"), ("08-phone-statistics", statistics)])
    assert PHONE["width"] == 390
