"""The rich paste area of the plan import page, in headless Chromium: a table copied from a browser keeps its
cells (the clipboard's HTML goes into a hidden field through static/app.js); plain text goes into the text
area. The preview is cancelled: the shared demo data is left as it was."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "appendix"
PASTE = """([html, text]) => {
    const area = document.getElementById('rich-paste');
    area.focus();
    const data = new DataTransfer();
    if (html) data.setData('text/html', html);
    data.setData('text/plain', text);
    area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def _import_page(page, log_in_as):
    log_in_as("vanphong")
    page.goto("/phong-trao/1/nhiem-vu/nhap")
    expect(page.get_by_role("heading", name="Nhập bảng nhiệm vụ kế hoạch")).to_be_visible()


def test_a_table_pasted_from_a_browser_keeps_its_cells(page, log_in_as):
    _import_page(page, log_in_as)
    html = (FIXTURES / "seed003.browser.html").read_text(encoding="utf-8")
    page.evaluate(PASTE, [html, "không dùng"])
    expect(page.locator("#rich-paste")).to_contain_text("Đã nhận bảng dán vào: 17 dòng, 9 cột.")
    assert page.locator("[name=html]").input_value() == html
    assert page.locator("[name=text]").input_value() == ""
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("heading", name="Xem trước bảng nhiệm vụ")).to_be_visible()
    totals = page.get_by_test_id("import-totals")
    expect(totals).to_contain_text("Tổng số nhiệm vụ13")
    expect(totals).to_contain_text("Có lỗi0")
    expect(page.get_by_test_id("plan-sources")).to_contain_text("Kế hoạch số /KH-KKTKCN ngày 18/6/2026")
    expect(page.get_by_test_id("ignored-columns")).to_contain_text("«Nguồn vốn»")
    page.get_by_role("button", name="Hủy").click()
    expect(page.get_by_text("Đã hủy nhập bảng nhiệm vụ: không có dữ liệu nào được ghi.")).to_be_visible()


def test_plain_text_pasted_into_the_rich_area_goes_to_the_text_area(page, log_in_as):
    _import_page(page, log_in_as)
    page.evaluate(PASTE, ["", "STT\tTên nhiệm vụ\tĐơn vị chủ trì\n1\tViệc một\tVăn phòng"])
    expect(page.locator("#rich-paste")).to_contain_text("không có bảng")
    assert page.locator("[name=text]").input_value().startswith("STT\tTên nhiệm vụ")
    assert page.locator("[name=html]").input_value() == ""
