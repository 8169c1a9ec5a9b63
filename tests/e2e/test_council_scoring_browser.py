"""The scoring sheet in a real browser: a score saved on leaving the input (htmx, CSRF on, no reload), the
comment rule's error beside the comment, Enter saving one cell only, the 390 px phone layout, submission
with its confirmation."""


import pytest
from playwright.sync_api import expect

from campaign.models import SessionStatus

from ..conftest import TEST_PASSWORD

pytestmark = pytest.mark.e2e


def test_a_member_scores_from_the_keyboard_without_reloading(browser, served, council_world):
    world = council_world(status=SessionStatus.SCORING)
    session_id = world.session.id
    items = list(world.session.items)
    vp, qual, quant = items[3].id, world.criteria[1].id, world.criteria[0].id
    context = browser.new_context(base_url=served, locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto("/dang-nhap")
        page.get_by_label("Tên đăng nhập").fill("hd3")
        page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto(f"/hoi-dong/phien/{session_id}/cham-diem")
        page.evaluate("window.__notReloaded = true")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll

        points = page.locator(f"#p-{vp}-{qual}")
        points.fill("7,5")
        points.press("Tab")  # leaving the input saves it
        cell = page.locator(f"#o-{vp}-{qual}")
        expect(cell.get_by_text("Đã lưu")).to_be_visible()
        expect(page.locator(f"#p-{vp}-{qual}")).to_have_value("7,5")
        assert page.evaluate("window.__notReloaded === true")

        quantitative = page.locator(f"#p-{vp}-{quant}")
        expect(quantitative).to_have_value("40")  # prefilled from the result at its target
        quantitative.fill("35")
        quantitative.press("Enter")  # Enter saves this cell only, never the page
        expect(page.locator(f"#o-{vp}-{quant} [data-testid=comment-error]")).to_contain_text(
            "hãy ghi nhận xét giải thích lý do điều chỉnh")
        expect(page.locator(f"#p-{vp}-{quant}")).to_have_value("35")
        assert page.evaluate("window.__notReloaded === true")
        page.locator(f"#c-{vp}-{quant}").fill("Minh chứng chỉ đạt một phần.")
        page.locator(f"#c-{vp}-{quant}").press("Tab")
        expect(page.locator(f"#o-{vp}-{quant}").get_by_text("Đã lưu")).to_be_visible()
        assert page.evaluate("window.__notReloaded === true")

        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Nộp phiếu chấm").click()
        expect(page.get_by_text("Phiếu chấm chưa đủ điểm, chưa nộp được.")).to_be_visible()
    finally:
        context.close()
