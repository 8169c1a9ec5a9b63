"""A unit's dossier in the browser: created, completed with results and files, submitted, returned by the
office with a reason, corrected and resubmitted (the Khánh Hòa demo board, the current annual round taking dossiers)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _log_out(page):
    page.locator(".navbar .dropdown-toggle").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def _pdf(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(PDF)
    return str(path)


def _enter_result(page, code: str, person: str, *, value: str | None = None, file: str | None = None):
    page.get_by_role("link", name=f"Nhập {code} – {person}", exact=True).click()
    if value is not None:
        page.get_by_label("Kết quả đạt được").fill(value)
    page.get_by_label(re.compile("^Giải trình")).fill(f"Kết quả tiêu chí {code} năm 2026.")
    if file is not None:
        page.get_by_label("Tệp minh chứng").set_input_files(file)
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_text(f"Đã lưu kết quả tiêu chí {code} của {person}.")).to_be_visible()


def test_unit_officer_submits_gets_back_and_resubmits_a_nomination(page, log_in_as, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in_as("donvi.khdt")
    expect(page.get_by_test_id("windows")).to_contain_text("Đang nhận hồ sơ")
    # Someone new to the staff list, so that nothing of the demo's dossiers is theirs already.
    person = "Đinh Thị Mai Anh"
    page.get_by_role("link", name="Thêm cán bộ").click()
    page.get_by_label("Họ và tên").fill(person)
    page.get_by_label("Giới tính").select_option("nu")
    page.get_by_label("Ngày sinh").fill("12/08/1991")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(f"Đã lưu thông tin {person}.")).to_be_visible()

    # 0. Their initiative goes into the register.
    page.get_by_test_id("menu").get_by_role("link", name="Hồ sơ thi đua").click()
    page.goto("/ho-so/sang-kien/moi")
    page.get_by_label("Tên sáng kiến, giải pháp").fill("Tra cứu hồ sơ dự án đầu tư bằng mã QR")
    authors = page.get_by_label("Tác giả 1", exact=True)
    authors.select_option(authors.locator("option", has_text=person).get_attribute("value"))
    page.get_by_label("Tỷ lệ đóng góp của tác giả 1 (%)").fill("100")
    page.get_by_label("Ngày áp dụng lần đầu").fill("01/09/2026")
    page.get_by_role("button", name=re.compile("^Lưu")).click()
    expect(page.get_by_text(re.compile("Tra cứu hồ sơ dự án đầu tư bằng mã QR")).first).to_be_visible()
    initiative_url = page.url

    # 1. A new dossier: the eligibility panel follows the choices (htmx).
    page.get_by_test_id("menu").get_by_role("link", name="Hồ sơ thi đua").click()
    page.get_by_role("link", name="Tạo hồ sơ đề nghị").first.click()
    page.get_by_label("Đề nghị cho").select_option("individual")
    people = page.get_by_label("Cá nhân", exact=True)
    people.select_option(people.locator("option", has_text=person).get_attribute("value"))
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label="Chiến sĩ thi đua cơ sở")
    panel = page.get_by_test_id("eligibility")
    expect(panel).to_contain_text("Chưa có sáng kiến được công nhận cấp cơ sở trở lên.")
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label="Lao động tiên tiến")
    expect(panel).to_contain_text("đủ điều kiện")
    page.get_by_role("button", name="Tạo hồ sơ").click()
    expect(page.get_by_text(f"Đã tạo hồ sơ đề nghị «Lao động tiên tiến» cho {person}.")).to_be_visible()
    # LĐTT is a title of the annual round (the regular campaign), open around the load day.
    expect(page.get_by_test_id("gaps")).to_contain_text("Chưa nhập kết quả các tiêu chí: A.1.")

    # 2. The dossier's own file, then the results with their evidence.
    page.get_by_label(re.compile("^Tệp hồ sơ")).set_input_files(_pdf(tmp_path, "Báo cáo thành tích.pdf"))
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_text("Đã lưu hồ sơ.")).to_be_visible()
    expect(page.get_by_role("link", name="Báo cáo thành tích.pdf")).to_be_visible()
    page.get_by_role("link", name="Nhập, sửa kết quả và minh chứng").click()
    _enter_result(page, "A.1", person, value="98,5")
    expect(page.get_by_test_id("sheet").filter(has_text=person).get_by_test_id("line-A.1")).to_contain_text(
        "đạt 98,5%")
    _enter_result(page, "A.2", person, file=_pdf(tmp_path, "Giấy chứng nhận.pdf"))
    _enter_result(page, "C.1", person, file=_pdf(tmp_path, "Quyết định công nhận.pdf"))

    # 3. The report, then submit: the dossier locks.
    page.get_by_test_id("sheet").filter(has_text=person).get_by_role("link", name="Lao động tiên tiến").click()
    page.get_by_role("link", name="Sửa hồ sơ").click()
    page.get_by_label("Báo cáo tóm tắt thành tích").fill(
        "Hoàn thành xuất sắc nhiệm vụ; xử lý đúng hạn 98,5% văn bản trên E-Office, hoàn thành các khóa bồi dưỡng "
        "kỹ năng số.")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_text("Đã lưu hồ sơ.")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text(f"Đã nộp hồ sơ của {person}.")).to_be_visible()
    expect(page.get_by_test_id("status").first).to_have_text("Đã nộp, chờ thẩm định")
    expect(page.get_by_role("link", name="Sửa hồ sơ")).to_have_count(0)
    _log_out(page)

    # 4. The office returns it with a reason.
    log_in_as("vanphong")
    page.get_by_test_id("menu").get_by_role("link", name="Thẩm định hồ sơ").click()
    page.get_by_test_id("queue-row").filter(has_text=person).get_by_role("link", name="Thẩm định").click()
    expect(page.get_by_role("link", name="Giấy chứng nhận.pdf")).to_be_visible()
    page.get_by_label("Điểm 1", exact=True).select_option("evidence")
    page.get_by_label("Lý do, yêu cầu của điểm 1").fill("Bổ sung bản chụp quyết định cử đi học.")
    page.get_by_role("button", name="Trả lại hồ sơ").click()
    expect(page.get_by_text(f"Đã trả lại hồ sơ của {person}")).to_be_visible()
    _log_out(page)

    # 5. The unit sees the point on its home page, corrects and resubmits.
    log_in_as("donvi.khdt")
    returns = page.get_by_test_id("returns")
    expect(returns).to_contain_text("Minh chứng: Bổ sung bản chụp quyết định cử đi học.")
    returns.get_by_role("link", name=re.compile(person)).click()
    page.get_by_label(re.compile("^Tệp hồ sơ")).set_input_files(_pdf(tmp_path, "Quyết định cử đi học.pdf"))
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_role("link", name="Quyết định cử đi học.pdf")).to_be_visible()
    page.get_by_role("button", name="Nộp lại hồ sơ").click()
    expect(page.get_by_text(f"Đã nộp lại hồ sơ của {person}.")).to_be_visible()
    timeline = page.get_by_test_id("timeline")
    for step in ("Tạo hồ sơ", "Nộp hồ sơ", "Trả lại để bổ sung, sửa chữa", "Nộp lại sau khi bổ sung"):
        expect(timeline).to_contain_text(step)
    expect(timeline).to_contain_text("Bổ sung bản chụp quyết định cử đi học.")
    dossier_url = page.url
    _log_out(page)

    # 6. The office accepts the corrected dossier.
    log_in_as("vanphong")
    page.goto(dossier_url)
    page.get_by_role("button", name="Thẩm định đạt").click()
    expect(page.get_by_text(f"Đã thẩm định đạt hồ sơ của {person}")).to_be_visible()  # back to the queue
    page.goto(dossier_url)
    expect(page.get_by_test_id("status").first).to_have_text("Đã thẩm định, chờ Hội đồng")
    expect(page.get_by_test_id("timeline")).to_contain_text("Thẩm định đạt")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Báo cáo thành tích \(\.docx\)")).click()
    assert download.value.suggested_filename == "bao-cao-thanh-tich-dinh-thi-mai-anh.docx"
    _log_out(page)

    # 7. Another unit sees none of it.
    log_in_as("donvi.dngs")
    for url in (dossier_url, initiative_url, dossier_url + "/bao-cao-thanh-tich.docx"):
        response = page.request.get(url)
        assert response.status in (403, 404), url
    page.goto("/ho-so/de-nghi")
    expect(page.get_by_text(person)).to_have_count(0)
