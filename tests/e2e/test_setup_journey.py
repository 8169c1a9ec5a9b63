"""The office sets up a campaign in the browser: campaign, phase, criterion; launch refused until 100."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_office_creates_a_campaign_with_a_phase_and_a_criterion(page, log_in_as):
    log_in_as("vanphong")
    page.get_by_test_id("menu").get_by_role("link", name="Phong trào").click()
    page.get_by_role("link", name="Tạo phong trào").click()
    page.get_by_label("Tên phong trào").fill("Thi đua cải cách hành chính 2027")
    page.get_by_label("Bắt đầu").fill("01/01/2027")
    page.get_by_label("Kết thúc").fill("31/12/2027")
    page.get_by_label(re.compile("^Căn cứ")).fill("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu phong trào.")).to_be_visible()
    expect(page.get_by_test_id("launch-problems")).to_contain_text("Phong trào chưa có giai đoạn nào.")

    page.get_by_role("link", name="Thêm giai đoạn").click()
    page.get_by_label("Tên giai đoạn").fill("Năm 2027")
    page.get_by_label("Bắt đầu").fill("01/01/2027")
    page.get_by_label("Kết thúc").fill("01/01/2026")  # wrong order first
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Ngày kết thúc giai đoạn phải sau ngày bắt đầu.")).to_be_visible()
    expect(page.get_by_label("Tên giai đoạn")).to_have_value("Năm 2027")
    page.get_by_label("Kết thúc").fill("31/12/2027")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu Năm 2027.")).to_be_visible()

    page.get_by_role("link", name="Tiêu chí").click()
    page.get_by_role("link", name="Thêm nhóm").click()
    page.get_by_label("Mã nhóm").fill("I")
    page.get_by_label("Tên nhóm (nội dung thi đua)").fill("Cải cách thủ tục hành chính")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Thêm tiêu chí", exact=True).click()
    page.get_by_label("Mã tiêu chí").fill("CCHC1")
    page.get_by_label("Tên tiêu chí").fill("Tỷ lệ hồ sơ giải quyết đúng hạn")
    page.get_by_label("Loại tiêu chí").select_option("quantitative")
    page.get_by_label("Đơn vị tính").fill("%")
    page.get_by_label("Điểm tối đa").fill("60")
    expect(page.locator("[data-sum=collective]")).to_have_text("60")  # the running sum follows the typing
    page.get_by_label("Chỉ tiêu Năm 2027").fill("98")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu tiêu chí CCHC1.")).to_be_visible()
    expect(page.get_by_test_id("sum-collective")).to_contain_text("60 / 100")

    page.get_by_role("link", name="Thông tin chung và giai đoạn").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Phát động phong trào").click()
    expect(page.get_by_text(re.compile("Chưa thể phát động phong trào"))).to_be_visible()
    expect(page.get_by_text("Dự thảo").first).to_be_visible()


def test_office_finds_the_seed_campaign_and_copies_it(page, log_in_as):
    log_in_as("vanphong")
    page.get_by_test_id("menu").get_by_role("link", name="Phong trào").click()
    page.get_by_role("link", name=re.compile("^Đổi mới sáng tạo")).click()
    expect(page.get_by_test_id("phase")).to_have_count(2)
    page.get_by_role("link", name="Tiêu chí").click()
    expect(page.get_by_test_id("sum-collective")).to_contain_text("100 / 100")
    expect(page.get_by_test_id("sum-individual")).to_contain_text("100 / 100")
    page.get_by_role("link", name="Thông tin chung và giai đoạn").click()
    page.get_by_role("link", name="Sao chép").click()
    page.get_by_label("Tên phong trào mới").fill("Đổi mới sáng tạo 2031–2035")
    page.get_by_label("Năm bắt đầu").fill("2031")
    page.get_by_role("button", name="Tạo bản sao").click()
    expect(page.get_by_text(re.compile("Đã tạo phong trào «Đổi mới sáng tạo 2031–2035»"))).to_be_visible()
    expect(page.get_by_text("01/06/2031 – 31/12/2035")).to_be_visible()
