"""The office's documents in a real browser (issue 10), logged in as `vanphong` on the Khánh Hòa demo.

From the menu to the register; the 2025 LĐTT decision found by typing without diacritics; its frozen .docx
downloaded and checked against the SHA-256 the page shows; the province's Tờ trình's dossier bundle (.zip)
holds the Tờ trình, the list, the minutes, the ballot result and the achievement reports. Then the draft
CSTĐCS decision the demo leaves for the newcomer: its trích yếu changed and saved, issued with number 48 and
today's date typed dd/mm/yyyy; the page says "Đã ban hành", the nominees "Đã được khen thưởng", and two
downloads are the same file. On a phone (390 px) the register and a document page do not scroll sideways
and every form control is named.

Issuing changes the demo (awards enter people's history, which eligibility reads), so that part runs on a
server of its own (`own_server`), built as conftest.live_server builds the shared one; the shared demo is
only read. Screenshots go to /tmp/e2e-docs/.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from campaign.models import local_now

from .conftest import demo_server
from .test_council_journey import ACCESSIBILITY, NO_SIDEWAYS_SCROLL

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/e2e-docs")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "demo12345"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A second demo server, for the journey that issues a document (not under e2e*: the shared server's
    database is the only e2e*/e2e.db, which other journeys read back)."""
    with demo_server(tmp_path_factory.mktemp("documents-journey")) as url:
        yield url


def open_office(browser, base_url: str, viewport=DESKTOP):
    context = browser.new_context(base_url=base_url, locale="vi-VN", viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm forms
    page.goto("/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "/dang-nhap" not in page.url, "vanphong could not log in"
    return context, page


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_test_id("downloads").get_by_role("link", name=link_name).click()
    return Path(info.value.path()).read_bytes()


def docx_text(data: bytes) -> str:
    """The paragraphs and table cells of a .docx, whitespace collapsed (the header block is a table)."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def check_named(page) -> None:
    faults = page.evaluate(ACCESSIBILITY)
    assert not faults, f"{page.url}: " + "; ".join(faults)


def search(page, text: str) -> None:
    page.get_by_label("Tìm theo trích yếu, số văn bản").fill(text)
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_load_state()


def test_the_office_finds_and_downloads_the_rounds_documents(browser, live_server):
    context, page = open_office(browser, live_server)
    try:
        page.get_by_test_id("menu").get_by_role("link", name="Văn bản", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sổ văn bản")
        search(page, "lao dong tien tien")
        shot(page, "01-register-search")
        rows = page.get_by_test_id("document-row")
        ldtt = rows.filter(has_text="/QĐ-KKTKCN").filter(has_text="«Lao động tiên tiến»")
        expect(ldtt).to_have_count(1)
        expect(ldtt).to_contain_text("2025")
        ldtt.get_by_role("link").click()
        expect(page.get_by_test_id("document-status")).to_have_text("Đã ban hành")
        shot(page, "02-ldtt-decision")
        check_named(page)
        shown = page.get_by_test_id("sha256").inner_text().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", shown)
        data = download(page, "Tải bản Word (.docx)")
        assert data[:2] == b"PK" and hashlib.sha256(data).hexdigest() == shown

        # The province's Tờ trình and its dossier bundle.
        page.get_by_role("link", name="Sổ văn bản").click()
        search(page, "12/TTr")
        rows.filter(has_text="12/TTr-KKTKCN").get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Tờ trình")
        shot(page, "03-province-submission")
        bundle = zipfile.ZipFile(io.BytesIO(download(page, "Bộ hồ sơ (.zip)")))
        names = bundle.namelist()
        assert names[0].startswith("01-12-ttr-kktkcn") and names[0].endswith(".docx"), names
        assert names[1].startswith("02-") and names[1].endswith(".xlsx"), names
        assert any(n.startswith("03-01-bb-hdtdkt") for n in names), names  # the minutes
        assert any(n.startswith("04-02-bb-hdtdkt") for n in names), names  # the ballot result
        reports = [n for n in names if n.startswith("05-bao-cao-thanh-tich/")]
        entries = page.get_by_test_id("entries").locator("tbody tr").count()
        assert len(reports) == entries > 0, (names, entries)
        for name in names:
            assert bundle.read(name)[:2] == b"PK", name  # every member a real .docx / .xlsx
    finally:
        context.close()


def test_the_newcomer_issues_the_cstdcs_decision(browser, own_server):
    context, page = open_office(browser, own_server)
    today = local_now().date()
    try:
        page.get_by_test_id("menu").get_by_role("link", name="Văn bản", exact=True).click()
        search(page, "chien si thi dua co so")
        draft = page.get_by_test_id("document-row").filter(has_text="Dự thảo").filter(has_text="Quyết định")
        expect(draft).to_have_count(1)
        draft.get_by_role("link").click()
        expect(page.get_by_test_id("document-status")).to_have_text("Dự thảo")
        shot(page, "04-cstdcs-draft")
        check_named(page)
        subject = page.locator("#vb-subject")
        new_subject = "Về việc công nhận danh hiệu «Chiến sĩ thi đua cơ sở» năm 2025 (bản đã rà soát)"
        subject.fill(new_subject)
        page.get_by_role("button", name="Lưu nội dung").click()
        expect(page.get_by_text("Đã lưu nội dung dự thảo.")).to_be_visible()
        expect(page.locator("#vb-subject")).to_have_value(new_subject)
        draft_url = page.url
        phone_check(browser, own_server, [("06-phone-draft", draft_url)])

        issue = page.locator("#ban-hanh")
        issue.get_by_label("Số văn bản").fill("48")
        issue.get_by_label("Ngày ký").fill(today.strftime("%d/%m/%Y"))
        issue.get_by_role("button", name="Ghi số, ngày và ban hành").click()
        expect(page.get_by_text(re.compile("Đã ban hành văn bản"))).to_be_visible()
        expect(page.get_by_test_id("document-status")).to_have_text("Đã ban hành")
        expect(page.get_by_test_id("issued")).to_contain_text("Số 48/QĐ-KKTKCN")
        shot(page, "05-cstdcs-issued")
        statuses = page.get_by_test_id("entries").locator("tbody tr")
        assert statuses.count() > 0
        for index in range(statuses.count()):
            expect(statuses.nth(index)).to_contain_text("Đã được khen thưởng")
        assert page.locator("#vb-subject").count() == 0 and page.locator("#ban-hanh").count() == 0
        shown = page.get_by_test_id("sha256").inner_text().strip()
        first, second = download(page, "Tải bản Word (.docx)"), download(page, "Tải bản Word (.docx)")
        assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest() == shown
        text = docx_text(first)
        assert new_subject in text and "Số: 48/QĐ-KKTKCN" in text  # the edited trích yếu, the number
        assert f"ngày {today.day:02d} tháng {today.month:02d} năm {today.year}" in text
        document_url = page.url
    finally:
        context.close()
    phone_check(browser, own_server, [("07-phone-register", "/van-ban"), ("08-phone-document", document_url)])


def phone_check(browser, base_url: str, pages: list[tuple[str, str]]) -> None:
    """At 390 px: no sideways scroll, every form control named (and one h1, every button named)."""
    context, page = open_office(browser, base_url, viewport=PHONE)
    try:
        for name, url in pages:
            page.goto(url)
            shot(page, name)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert page.evaluate(NO_SIDEWAYS_SCROLL) and width <= PHONE["width"] + 1, (url, width)
            check_named(page)
    finally:
        context.close()

