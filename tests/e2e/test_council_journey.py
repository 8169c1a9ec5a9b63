"""The council's journey in a real browser (issue 9): three members score and vote in three browser contexts
and the chair approves.

A council of three (the chair, the vice-chair, the secretary; the secretary from Văn phòng, recused on its
nominee), a session prepared with the five nominations of the shared council world, LĐTT with a quota of 2.
The chair opens scoring from the session page; each member types their qualitative scores ("55,5"), tabbing
from input to input (each saved without reloading the page) and submits; the chair cannot open voting before
the secretary records attendance (quorum); the members cast their ballots through the confirmation step; the
chair closes voting, moves the fourth LĐTT nominee across the cut with a written reason and approves; the
nominating unit's officer sees the outcome and the reason on the dossier, and is refused the ranking (403).
The vice-chair works on a phone (390 px): no sideways scroll on the scoring sheet or the ballot. Every page
visited is checked: one h1, every input labelled, every button named.
"""

import re

import pytest
from playwright.sync_api import expect

from campaign.models import Attendance, SessionStatus

from ..conftest import TEST_PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# What a page must have for a screen reader: one h1; every visible form control named by a label (or
# aria-label / aria-labelledby); every button named. Returns the faults found.
ACCESSIBILITY = """() => {
  const faults = [];
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) faults.push(`${h1} h1 elements`);
  const named = (el) => (el.getAttribute("aria-label") || "").trim()
    || (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
         .map((id) => (document.getElementById(id) || {}).textContent || "").join("").trim();
  const controls = document.querySelectorAll("input:not([type=hidden]), select, textarea");
  for (const el of controls) {
    const labelled = [...(el.labels || [])].some((label) => label.textContent.trim()) || named(el);
    if (!labelled) faults.push(`${el.tagName.toLowerCase()}#${el.id || "?"}[name=${el.name}] has no label`);
  }
  for (const el of document.querySelectorAll("button, input[type=submit], [role=button]")) {
    const name = (el.textContent || "").trim() || named(el) || el.value || el.title;
    if (!name) faults.push(`a button without a name: ${el.outerHTML.slice(0, 80)}`);
  }
  return faults;
}"""

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def check_page(page):
    faults = page.evaluate(ACCESSIBILITY)
    assert not faults, f"{page.url}: " + "; ".join(faults)


def open_as(browser, served, username: str, viewport=DESKTOP):
    context = browser.new_context(base_url=served, locale="vi-VN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations of data-confirm forms
    page.goto("/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "/dang-nhap" not in page.url, f"{username} could not log in"
    return context, page


def score_sheet(page, session_url: str, scores: dict[str, str], *, phone: bool = False):
    """From the session page to the scoring sheet; type each qualitative score, Tab to the next input
    (saved without reload), then submit. `scores`: cell key (item-criterion) → the score as typed."""
    page.goto(session_url)
    page.get_by_test_id("session-links").get_by_role("link", name="Phiếu chấm điểm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu chấm điểm")
    check_page(page)
    if phone:
        assert page.evaluate(NO_SIDEWAYS_SCROLL), "the scoring sheet scrolls sideways on a phone"
    page.evaluate("window.__notReloaded = true")
    for key, value in scores.items():
        points = page.locator(f"#p-{key}")
        points.click()
        points.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")  # leaving the input saves it (htmx)
        expect(page.locator(f"#o-{key}").get_by_test_id("saved")).to_have_text("Đã lưu")
        expect(page.locator(f"#p-{key}")).to_have_value(value)
    assert page.evaluate("window.__notReloaded === true"), "saving a score reloaded the page"
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    expect(page.get_by_text("Đã nộp phiếu chấm điểm. Phiếu chấm không sửa được nữa.")).to_be_visible()
    expect(page.get_by_test_id("sheet-summary")).to_contain_text("Đã nộp phiếu chấm")


def cast_ballot(page, session_url: str, disagree: tuple[str, ...] = (), *, phone: bool = False):
    """From the session page to the ballot; Đồng ý on every nominee but those in `disagree`; the
    confirmation step shows the choices; then the ballot is cast."""
    page.goto(session_url)
    page.get_by_test_id("session-links").get_by_role("link", name="Phiếu bầu (bỏ phiếu kín)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu biểu quyết")
    check_page(page)
    if phone:
        assert page.evaluate(NO_SIDEWAYS_SCROLL), "the ballot scrolls sideways on a phone"
    rows = page.get_by_test_id("ballot-item")
    on_ballot = rows.count()
    assert on_ballot == 5
    for index in range(on_ballot):
        row = rows.nth(index)
        name = row.locator(".fw-semibold").first.inner_text()
        choice = "Không đồng ý" if name in disagree else "Đồng ý"
        row.get_by_role("radio", name=re.compile(f"^{choice} – {re.escape(name)}")).check()
    page.get_by_role("button", name="Xem lại phiếu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác nhận phiếu biểu quyết")
    check_page(page)
    if phone:
        assert page.evaluate(NO_SIDEWAYS_SCROLL), "the ballot's confirmation scrolls sideways on a phone"
    confirm = page.get_by_test_id("confirm-row")
    expect(confirm).to_have_count(on_ballot)
    for name in disagree:
        expect(confirm.filter(has_text=name)).to_contain_text("Không đồng ý")
    page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
    expect(page.get_by_test_id("ballot-cast")).to_contain_text("Bạn đã bỏ phiếu trong phiên họp này.")


def test_three_members_score_and_vote_in_three_browsers_and_the_chair_approves(browser, served, council_world):
    world = council_world(seats=(1, 2, 9), ldtt_quota=2, attendance=Attendance.UNKNOWN)
    session_id = world.session.id
    session_url = f"/hoi-dong/phien/{session_id}"
    session_title = world.session.title
    present = [user.full_name for index, (_person, user, _role, _title) in enumerate(world.members, start=1)
               if index in (1, 2, 9)]
    gk, khdt1, khdt2, vp, dngs = (item.id for item in world.session.items)
    individual, collective = world.criteria[1].id, world.criteria[3].id  # the qualitative criteria
    dngs_nomination = world.nominations[4].id
    # The chair and the vice-chair score everyone; the secretary (Văn phòng) is recused on VP's nominee.
    chair_scores = {f"{gk}-{collective}": "42,5", f"{khdt1}-{individual}": "55,5",
                    f"{khdt2}-{individual}": "50", f"{vp}-{individual}": "45,5", f"{dngs}-{individual}": "40"}
    secretary_scores = {key: value for key, value in chair_scores.items() if not key.startswith(f"{vp}-")}

    contexts = []
    try:
        chair_ctx, chair = open_as(browser, served, "hd1")
        vice_ctx, vice = open_as(browser, served, "hd2", PHONE)
        secretary_ctx, secretary = open_as(browser, served, "hd9")
        contexts += [chair_ctx, vice_ctx, secretary_ctx]

        # 1. The chair opens scoring from the session page (the dossiers are frozen).
        chair.goto(session_url)
        check_page(chair)
        chair.get_by_test_id("chair-actions").get_by_role("button", name="Mở chấm điểm").click()
        expect(chair.get_by_text("Mở chấm điểm: phiên họp chuyển sang bước")).to_be_visible()
        expect(chair.get_by_test_id("recusals")).to_contain_text("Ngô Thu Trang")

        # 2. Three members fill their sheets in their own browsers (the vice-chair on a phone).
        score_sheet(chair, session_url, chair_scores)
        score_sheet(vice, session_url, chair_scores, phone=True)
        score_sheet(secretary, session_url, secretary_scores)
        chair.goto(session_url)
        expect(chair.get_by_test_id("agenda-row").filter(has_text="Đỗ Minh Quân").get_by_test_id("scored")) \
            .to_have_text("3/3")
        expect(chair.get_by_test_id("agenda-row").filter(has_text="Hoàng Thị Yến").get_by_test_id("scored")) \
            .to_have_text("2/2")

        # 3. No voting before the quorum: the secretary records attendance on the session page.
        chair.get_by_role("button", name="Kết thúc chấm điểm, mở bỏ phiếu").click()
        expect(chair.get_by_role("alert").filter(has_text="chưa mở bỏ phiếu được")).to_contain_text(
            "Có 0/3 thành viên có mặt")  # refused: no quorum yet
        expect(chair.locator("h1")).to_have_text(session_title)
        expect(chair.get_by_test_id("chair-actions").get_by_role("button", name="Kết thúc chấm điểm, mở bỏ phiếu")) \
            .to_be_visible()  # still scoring
        secretary.goto(session_url)
        check_page(secretary)
        for name in present:
            secretary.get_by_label(f"Điểm danh {name}").select_option(Attendance.PRESENT)
        secretary.get_by_role("button", name="Lưu điểm danh").click()
        expect(secretary.get_by_role("alert").filter(has_text="Đã lưu điểm danh")).to_contain_text(
            "Có 3/3 thành viên có mặt")
        expect(secretary.get_by_test_id("member").filter(has_text="Lê Văn Tuấn").get_by_label(
            "Điểm danh Lê Văn Tuấn")).to_have_value(Attendance.PRESENT)

        # 4. The chair opens voting; the three members cast their ballots (one disagreement).
        chair.goto(session_url)
        chair.get_by_role("button", name="Kết thúc chấm điểm, mở bỏ phiếu").click()
        expect(chair.get_by_text("phiên họp chuyển sang bước")).to_be_visible()
        cast_ballot(chair, session_url)
        cast_ballot(vice, session_url, disagree=("Hoàng Thị Yến",), phone=True)
        cast_ballot(secretary, session_url)
        secretary.goto(f"{session_url}/dien-bien")
        check_page(secretary)
        expect(secretary.get_by_role("heading", level=1)).to_be_visible()

        # 5. The chair closes voting and sees the tally and the ranking.
        chair.goto(session_url)
        expect(chair.get_by_test_id("voted-count")).to_contain_text("3/3")
        chair.get_by_role("button", name="Kết thúc bỏ phiếu, kiểm phiếu").click()
        expect(chair.get_by_text("phiên họp chuyển sang bước")).to_be_visible()
        chair.goto(f"{session_url}/kiem-phieu")
        check_page(chair)
        yen = chair.get_by_test_id("tally-row").filter(has_text="Hoàng Thị Yến")
        expect(yen.get_by_test_id("agree")).to_have_text("2")
        expect(yen.get_by_test_id("disagree")).to_have_text("1")
        expect(yen.get_by_test_id("result")).to_have_text("Đạt")
        chair.goto(session_url)
        chair.get_by_test_id("session-links").get_by_role("link", name="Kết quả xếp hạng").click()
        expect(chair.get_by_role("heading", level=1)).to_have_text("Kết quả xét và xếp hạng")
        check_page(chair)
        ldtt = chair.get_by_test_id("list").filter(has_text="Lao động tiên tiến")
        row = {name: ldtt.get_by_test_id("row").filter(has_text=name)
               for name in ("Lý Thị Mai", "Phan Văn Hùng", "Hoàng Thị Yến", "Đỗ Minh Quân")}
        expect(ldtt.get_by_test_id("quota")).to_contain_text("2")
        for name, status in (("Lý Thị Mai", "recommended"), ("Phan Văn Hùng", "recommended"),
                             ("Hoàng Thị Yến", "reserve"), ("Đỗ Minh Quân", "reserve")):
            expect(row[name]).to_have_attribute("data-status", status)
        expect(row["Hoàng Thị Yến"].get_by_test_id("ratio")).to_contain_text("2/3")
        expect(row["Lý Thị Mai"].get_by_test_id("ratio")).to_contain_text("3/3")

        # 6. The chair moves Đỗ Minh Quân across the cut, a reason required, then approves.
        reason = "Có sáng kiến cấp tỉnh được công nhận sau khi nộp hồ sơ."
        quan = row["Đỗ Minh Quân"]
        quan.locator("summary", has_text="Đưa qua ngưỡng cắt").click()
        quan.get_by_label("Đề xuất của Chủ tịch").select_option("up")
        quan.get_by_role("button", name="Ghi đề xuất").click()  # no reason: refused beside the field
        quan = chair.get_by_test_id("row").filter(has_text="Đỗ Minh Quân")
        expect(quan.get_by_test_id("override-form")).to_contain_text(
            "Chủ tịch Hội đồng chỉ được đưa hồ sơ qua ngưỡng cắt khi ghi rõ lý do")
        expect(quan).to_have_attribute("data-status", "reserve")
        quan.get_by_label(re.compile("^Lý do")).fill(reason)
        quan.get_by_role("button", name="Ghi đề xuất").click()
        expect(chair.get_by_text("Đã ghi đề xuất của Chủ tịch Hội đồng đối với hồ sơ của Đỗ Minh Quân.")) \
            .to_be_visible()
        ldtt = chair.get_by_test_id("list").filter(has_text="Lao động tiên tiến")
        quan = ldtt.get_by_test_id("row").filter(has_text="Đỗ Minh Quân")
        expect(quan).to_have_attribute("data-status", "recommended")
        expect(quan.get_by_test_id("reason")).to_contain_text(reason)  # the move and its reason, once
        expect(ldtt.get_by_test_id("row").filter(has_text="Phan Văn Hùng")).to_have_attribute("data-status", "reserve")
        check_page(chair)
        chair.get_by_role("button", name="Phê duyệt kết quả").click()
        expect(chair.get_by_test_id("approved")).to_be_visible()
        expect(chair.get_by_test_id("session-status")).to_have_text(SessionStatus.LABELS[SessionStatus.APPROVED])

        # 7. DNGS's officer sees the outcome and the reason on the dossier, and not the ranking.
        officer_ctx, officer = open_as(browser, served, "cb.dngs")
        contexts.append(officer_ctx)
        officer.goto(f"/ho-so/de-nghi/{dngs_nomination}")
        outcome = officer.get_by_test_id("council-outcome")
        expect(outcome).to_contain_text(f"Chủ tịch Hội đồng đưa vào danh sách đề nghị: {reason}")
        expect(outcome).to_contain_text(session_title)
        expect(outcome).not_to_contain_text("55,5")  # never the members' scores
        assert officer.request.get(f"{session_url}/xep-hang").status == 403
    finally:
        for context in contexts:
            context.close()
