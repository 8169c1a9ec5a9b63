"""Every page each role reaches, on a phone (390 px wide), with the Khánh Hòa demo data.

A crawl per role: from the home page and the menu, every link of the app's own pages (files, downloads and
exports aside), to depth 3, with up to three pages of each kind of address (a dossier in draft, one waiting
for appraisal, …). On each page:
- nothing scrolls sideways: the document is no wider than the window, and no element ends beyond the
  window's right edge unless it sits in a scroll box (overflow-x auto or scroll); a button is never
  beyond it, scroll box or not (primary actions stay reachable);
- ids are unique and every <label for> names an element that exists.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
ROLES = {
    "admin": "quản trị",
    "vanphong": "Văn phòng",
    "truongban": "lãnh đạo Ban",
    "chutich": "Chủ tịch Hội đồng",
    "uyvien1": "thành viên Hội đồng",
    "thuky": "thư ký Hội đồng",
    "donvi.khdt": "cán bộ thi đua đơn vị",
}
MAX_DEPTH = 3
PER_KIND = 3
# Not pages: files, .docx/.xlsx/.csv downloads, the import templates and exports.
NOT_A_PAGE = re.compile(r"\.(docx|xlsx|csv|pdf|zip)(\?|$)|/tep(/|$)|/mau\.|/xuat\.|/static/|/dang-xuat")

CHECK_PAGE = """() => {
  const width = document.documentElement.clientWidth;
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  const beyond = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const action = box.width > 1 && el.matches(".btn, button, input[type=submit]");
    if (box.right > width + 0.5 && (action || !inScrollBox(el))) {
      beyond.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${String(el.className).trim()
        .replace(/\\s+/g, ".")} «${(el.textContent || "").trim().slice(0, 40)}» ends at ${Math.round(box.right)} px`);
      if (beyond.length >= 5) break;
    }
  }
  const labels = [...document.querySelectorAll("label[for]")].map((label) => label.htmlFor);
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, beyond,
    ids: [...document.querySelectorAll("[id]")].map((el) => el.id),
    danglingLabels: labels.filter((target) => !document.getElementById(target)),
  };
}"""


def _kind(url: str) -> str:
    """The kind of page an address opens: its path with numbers as N, and its query's names (not 'page')."""
    parts = urlsplit(url)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair} - {"page"})
    return re.sub(r"/\d+", "/N", parts.path) + ("?" + "&".join(names) if names else "")


_crawls: dict[str, list[dict]] = {}


def crawl(browser, live_server, username: str) -> list[dict]:
    """The pages `username` reaches on a phone, each with what CHECK_PAGE found (cached per role)."""
    if username in _crawls:
        return _crawls[username]
    context = browser.new_context(base_url=live_server, locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "/dang-nhap" not in page.url, f"{username} could not log in"
    queue, depth, per_kind, pages = [live_server + "/"], {live_server + "/": 0}, Counter(), []
    while queue:
        url = queue.pop(0)
        kind = _kind(url)
        if per_kind[kind] >= PER_KIND:
            continue
        per_kind[kind] += 1
        response = page.goto(url)
        page.wait_for_load_state("load")
        found = page.evaluate(CHECK_PAGE)
        pages.append({"url": url[len(live_server):], "status": response.status if response else None, **found})
        if depth[url] >= MAX_DEPTH or not response or response.status != 200:
            continue
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            href = href.split("#")[0]
            if href.startswith(live_server) and not NOT_A_PAGE.search(href) and href not in depth:
                depth[href] = depth[url] + 1
                queue.append(href)
    context.close()
    _crawls[username] = pages
    return pages


@pytest.mark.parametrize("username", list(ROLES), ids=list(ROLES))
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, username):
    pages = crawl(browser, live_server, username)
    assert len(pages) >= 5, f"the crawl of {username} reached only {[p['url'] for p in pages]}"
    wide = [f"{p['url']}: {p['scrollWidth']} px wide" for p in pages if p["scrollWidth"] > p["innerWidth"]]
    beyond = [f"{p['url']}: {item}" for p in pages for item in p["beyond"]]
    assert not wide, f"{ROLES[username]}: pages wider than the phone:\n" + "\n".join(wide)
    assert not beyond, f"{ROLES[username]}: elements beyond the right edge:\n" + "\n".join(beyond)


@pytest.mark.parametrize("username", list(ROLES), ids=list(ROLES))
def test_ids_are_unique_and_every_label_names_a_field(browser, live_server, username):
    pages = crawl(browser, live_server, username)
    duplicates = [f"{p['url']}: id «{i}» × {n}" for p in pages for i, n in Counter(p["ids"]).items() if n > 1]
    dangling = [f"{p['url']}: <label for=«{target}»>" for p in pages for target in p["danglingLabels"]]
    assert not duplicates, "\n".join(duplicates)
    assert not dangling, "labels naming no element:\n" + "\n".join(dangling)


def test_the_crawl_reaches_the_pages_that_matter(browser, live_server):
    """The crawls are not vacuous: each role's own working pages are among those checked."""
    reached = {username: {_kind(live_server + p["url"]) for p in crawl(browser, live_server, username)}
               for username in ("vanphong", "donvi.khdt", "chutich")}
    for kind in ("/tham-dinh", "/ho-so/de-nghi/N", "/phong-trao/N/nhiem-vu", "/don-vi", "/can-bo",
                 "/hinh-thuc-khen-thuong", "/phong-trao/N/tieu-chi"):
        assert kind in reached["vanphong"], kind
    for kind in ("/ho-so/ket-qua/N", "/ho-so/de-nghi", "/ho-so/de-nghi/moi", "/ho-so/sang-kien",
                 "/phong-trao/N/nhiem-vu"):
        assert kind in reached["donvi.khdt"], kind
    assert "/phong-trao/N" in reached["chutich"]
