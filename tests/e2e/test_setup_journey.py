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


def _saved_award(tmp_path_factory, code):
    """Read the award form back from the live server's database (tests/e2e/conftest.py puts it in the
    session's e2e* temporary directory)."""
    from campaign import create_app
    from campaign.extensions import db
    from campaign.models import AwardForm

    (path,) = {p.resolve() for p in tmp_path_factory.getbasetemp().glob("e2e*/e2e.db")}  # e2ecurrent links e2e0
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "e2e-read-back"})
    with app.app_context():
        award = db.session.query(AwardForm).filter_by(code=code).one()
        values = award.threshold_share * 100, award.bonus_individual, award.bonus_collective
        db.session.remove()
    return values


def test_office_types_vietnamese_decimals_on_the_award_form(page, log_in_as, tmp_path_factory):
    from decimal import Decimal

    log_in_as("vanphong")
    page.goto("/hinh-thuc-khen-thuong/moi")
    threshold = page.get_by_label("Tỷ lệ phiếu đồng ý tối thiểu (% tổng số thành viên Hội đồng)")
    bonus = page.get_by_label("Hệ số tiền thưởng cá nhân")
    for box in (threshold, bonus):
        expect(box).to_have_attribute("type", "text")
        expect(box).to_have_attribute("inputmode", "decimal")
    page.get_by_label("Mã", exact=True).fill("E2EHS")
    page.get_by_label("Tên", exact=True).fill("Tập thể lao động xuất sắc (thử)")
    threshold.fill("66,67")
    bonus.fill("1,5")
    page.get_by_label("Hệ số tiền thưởng tập thể").fill("0,3")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu hình thức «Tập thể lao động xuất sắc (thử)».")).to_be_visible()
    expect(threshold).to_have_value("66,67")
    expect(bonus).to_have_value("1,5")
    assert _saved_award(tmp_path_factory, "E2EHS") == (Decimal("66.67"), Decimal("1.5"), Decimal("0.3"))


def test_a_launched_criterions_points_are_frozen_in_the_browser(page, log_in_as):
    log_in_as("vanphong")
    page.get_by_test_id("menu").get_by_role("link", name="Phong trào").click()
    page.get_by_role("link", name=re.compile("^Đổi mới sáng tạo, phát triển")).click()
    page.get_by_role("link", name="Tiêu chí").click()
    page.get_by_role("link", name="Sửa", exact=True).first.click()
    points = page.get_by_label("Điểm tối đa")
    points.fill("99")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(re.compile("không thay đổi điểm tối đa được nữa"))).to_be_visible()
    expect(points).to_have_value("99")
    expect(page.get_by_test_id("frozen-sum")).to_contain_text("100 / 100")
    page.get_by_role("link", name="Hủy").click()
    expect(page.get_by_test_id("sum-collective")).to_contain_text("100 / 100")
