"""Journeys through the real pages in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_office_logs_in_and_sees_its_home_page(page, log_in_as):
    log_in_as("vanphong")
    expect(page.get_by_role("heading", name="Trang chủ Văn phòng")).to_be_visible()
    expect(page.get_by_text("Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa").first).to_be_visible()
    menu = page.get_by_test_id("menu")
    for item in ("Tổ chức", "Sổ khen thưởng", "Tài khoản", "Nhật ký"):
        expect(menu.get_by_role("link", name=item, exact=True)).to_be_visible()
    menu.get_by_role("link", name="Tổ chức", exact=True).click()
    tabs = page.get_by_role("navigation", name="Tổ chức")
    for tab in ("Cơ quan", "Đơn vị", "Cán bộ"):
        expect(tabs.get_by_role("link", name=tab, exact=True)).to_be_visible()
    tabs.get_by_role("link", name="Cơ quan", exact=True).click()
    expect(page.get_by_role("heading", name="Thông tin cơ quan")).to_be_visible()


def test_wrong_password_shows_a_vietnamese_message_and_keeps_the_username(page, log_in_as):
    log_in_as("vanphong", "khong-dung-mat-khau")
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("vanphong")


def test_unit_officer_adds_a_person_and_finds_them_in_vietnamese_order(page, log_in_as):
    log_in_as("donvi.khdt")
    page.get_by_role("link", name="Cán bộ đơn vị").click()
    page.get_by_role("link", name="Thêm cán bộ").click()
    page.get_by_label("Họ và tên").fill("Âu Thị Ánh")
    page.get_by_label("Giới tính").select_option("nu")
    page.get_by_label("Ngày sinh").fill("32/13/1990")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Ngày không hợp lệ").first).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value("Âu Thị Ánh")  # kept
    page.get_by_label("Ngày sinh").fill("15/04/1990")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thông tin Âu Thị Ánh.")).to_be_visible()
    page.get_by_placeholder(re.compile("Tìm theo tên")).fill("anh")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("cell", name="Âu Thị Ánh")).to_be_visible()
