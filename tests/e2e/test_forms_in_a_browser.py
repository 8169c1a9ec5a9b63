"""Forms in a real browser: an English-interface Chromium typing Vietnamese dates, times and decimals, the
appraisal's two note boxes, the length counter, every wrong date shown at once."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def english_page(browser, live_server):
    """A browser whose interface and locale are English (US): day/month order and a 12-hour clock."""
    context = browser.new_context(base_url=live_server, locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _log_in(page, username):
    page.goto("/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_an_english_browser_types_vietnamese_dates_times_and_decimals(english_page):
    page = english_page
    _log_in(page, "vanphong")
    page.goto("/phong-trao/moi")
    page.get_by_label("Tên phong trào").fill("Thi đua thử trên trình duyệt tiếng Anh")
    page.get_by_label("Bắt đầu").fill("05/12/2027")
    page.get_by_label("Kết thúc").fill("31/12/2028")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu phong trào.")).to_be_visible()
    expect(page.get_by_text("05/12/2027 – 31/12/2028").first).to_be_visible()  # 5 December, not May 12

    page.get_by_role("link", name="Thêm giai đoạn").click()
    page.get_by_label("Tên giai đoạn").fill("Năm 2028")
    page.get_by_label("Bắt đầu").fill("05/12/2027")
    page.get_by_label("Kết thúc").fill("31/12/2028")
    opens = page.get_by_label("Mở nhận hồ sơ")
    expect(opens).to_have_attribute("type", "text")
    expect(opens).to_have_attribute("placeholder", "dd/mm/yyyy hh:mm")
    # three wrong values: all three said at once, what was typed kept
    opens.fill("13/25/2028 08:00")
    page.get_by_label("Hạn nộp hồ sơ").fill("20/11/2028 5 PM")
    page.get_by_label("Hạn thẩm định").fill("31/11/2028")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".is-invalid")).to_have_count(3)
    expect(page.get_by_text(re.compile("^Ngày giờ không hợp lệ"))).to_have_count(2)
    expect(page.get_by_label("Hạn nộp hồ sơ")).to_have_value("20/11/2028 5 PM")
    # … and the address can be opened again (an empty form, as a new phase)
    assert page.goto(page.url).status == 200
    expect(page.get_by_label("Tên giai đoạn")).to_have_value("")

    page.get_by_label("Tên giai đoạn").fill("Năm 2028")
    page.get_by_label("Bắt đầu").fill("05/12/2027")
    page.get_by_label("Kết thúc").fill("31/12/2028")
    opens.fill("05/12/2027 08:00")
    page.get_by_label("Hạn nộp hồ sơ").fill("20/11/2028 17:00")
    page.get_by_label("Hạn thẩm định").fill("30/11/2028")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu Năm 2028.")).to_be_visible()
    expect(page.get_by_text("08:00 05/12/2027 – 17:00 20/11/2028")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\b(AM|PM)\b"))).to_have_count(0)

    page.get_by_role("link", name="Tiêu chí").click()
    page.get_by_role("link", name="Thêm nhóm").click()
    page.get_by_label("Mã nhóm").fill("I")
    page.get_by_label("Tên nhóm (nội dung thi đua)").fill("Cải cách hành chính")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Thêm tiêu chí", exact=True).click()
    page.get_by_label("Mã tiêu chí").fill("CC1")
    page.get_by_label("Tên tiêu chí").fill("Tham gia tập huấn")
    page.get_by_label("Loại tiêu chí").select_option("qualitative")
    page.get_by_label("Điểm tối đa").fill("1,5")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu tiêu chí CC1.")).to_be_visible()
    expect(page.get_by_test_id("sum-collective")).to_contain_text("1,5 / 100")


def test_the_return_note_label_fills_the_return_box_and_counts(page, log_in_as):
    log_in_as("vanphong")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/tham-dinh")
    page.get_by_role("link", name="Thẩm định", exact=True).first.click()
    page.get_by_role("link", name="Đến phần thẩm định").click()
    page.get_by_text("Ghi chú chung", exact=True).click()
    page.keyboard.type("Đề nghị bổ sung minh chứng")
    return_form = page.get_by_test_id("return-form")
    expect(return_form.get_by_label("Ghi chú chung")).to_have_value("Đề nghị bổ sung minh chứng")
    expect(page.get_by_label("Ý kiến thẩm định")).to_have_value("")
    expect(return_form.locator("#return-note-count")).to_have_text("26/5.000 ký tự")
    expect(return_form.locator("#points-0-reason-count")).to_have_text("")  # nothing typed, nothing said
    return_form.get_by_role("button", name="Thêm điểm").click()  # a copied row counts too
    return_form.locator("#points-3-reason").fill("Thiếu biên bản")
    expect(return_form.locator("#points-3-reason-count")).to_have_text("14/2.000 ký tự")
    button = return_form.get_by_role("button", name="Trả lại hồ sơ")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_a_long_title_is_counted_never_cut(page, log_in_as):
    log_in_as("donvi.khdt")
    page.goto("/ho-so/sang-kien/moi")
    title = page.get_by_label("Tên sáng kiến, giải pháp")
    text = "Số hóa quy trình " * 36
    title.fill(text)  # as a paste: the browser keeps all of it
    expect(title).to_have_value(text)
    counter = page.locator("#title-count")
    expect(counter).to_have_text(re.compile(r"^612/500 ký tự: dài quá 112 ký tự$"))
    expect(counter).to_have_class(re.compile("over"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Không được dài quá 500 ký tự.")).to_be_visible()
    expect(page.get_by_label("Tên sáng kiến, giải pháp")).to_have_value(text.strip())
