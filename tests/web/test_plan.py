"""Plan tasks: importing the plans' task tables (paste, .xlsx, .csv) → preview (writes nothing) → confirm
(writes all); one task; the units' progress reports with their files; on-time completion rates."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import (
    AuditEvent,
    CampaignStatus,
    PlanTask,
    Role,
    StoredFile,
    TaskReport,
    local_now,
)
from campaign.services import ServiceError, plan_import
from campaign.services import files as file_service
from campaign.services import plan as plan_service
from tests.factories import (
    add_task_report,
    make_campaign,
    make_criterion,
    make_group,
    make_phases,
    make_task,
    xlsx_bytes,
)

# The seed plans live in shared/ beside the checkout (as on every developer machine and in CI).
SEEDS = Path(os.environ.get("CAMPAIGN_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
TODAY = local_now().date()
PAST = TODAY - dt.timedelta(days=10)

KHDT_NAME = "Phòng Kế hoạch – Đầu tư và Xúc tiến"
DNGS_NAME = "Phòng Doanh nghiệp – Giám sát đầu tư"
QLDA_NAME = "Ban Quản lý dự án hạ tầng"


def seed_lines(prefix: str) -> list[str]:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        if os.environ.get("CI"):  # CI clones beside shared/: the seeds must be there
            pytest.fail(f"the seed plans are missing from {SEEDS}")
        pytest.skip("the seed plans are not available here")
    return matches[0].read_text(encoding="utf-8").split("\n")


def seed_003_appendix_i() -> str:
    """Seed 003, 'Phụ lục I' up to 'Phụ lục II': its title lines, the table, and the header repeated."""
    lines = seed_lines("003")
    start = lines.index("Phụ lục I")
    end = lines.index("Phụ lục II")
    return "\n".join(lines[start:end])


def seed_001_tables() -> str:
    """Seed 001, 'Phụ lục I' and 'Phụ lục II' (two tables, as pasted from the plan)."""
    lines = seed_lines("001")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("**Phụ lục I**"))
    return "\n".join(lines[start:])


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def disk_files(app) -> set[Path]:
    """Stored files (the pending imports under imports/ aside)."""
    root = Path(app.config["UPLOAD_DIR"])
    return {p for p in root.rglob("*") if p.is_file() and "imports" not in p.relative_to(root).parts}


@pytest.fixture
def board(make_unit):
    """The units named in the seed plans (codes that are not their abbreviations), and a sub-unit."""
    units = {
        "vp": make_unit("U1", "Văn phòng"),
        "khdt": make_unit("U2", KHDT_NAME),
        "dngs": make_unit("U3", DNGS_NAME),
        "qlda": make_unit("U4", QLDA_NAME),
    }
    units["qlda_kt"] = make_unit("U4.1", "Phòng Kỹ thuật – Thẩm định", parent=units["qlda"])
    return units


@pytest.fixture
def campaign(app):
    """A launched campaign with the plan's two phases."""
    campaign = make_campaign(title="Đổi mới sáng tạo, chuyển đổi số, chuyển đổi xanh")
    make_phases(campaign)
    db.session.commit()
    return campaign


@pytest.fixture
def office(logged_in):
    client, _ = logged_in(Role.OFFICE)
    return client


def paste(client, campaign, text: str):
    return client.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap", data={"text": text})


def upload(client, campaign, data: bytes, filename: str):
    return client.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def preview_page(client, campaign):
    return client.get(f"/phong-trao/{campaign.id}/nhiem-vu/nhap/xem-truoc")


def confirm(client, campaign):
    return client.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap/xac-nhan")


def tasks_of(campaign) -> list[PlanTask]:
    db.session.expire_all()
    return db.session.scalars(select(PlanTask).where(PlanTask.campaign_id == campaign.id)
                              .order_by(PlanTask.position)).all()


def partner_names(task: PlanTask) -> set[str]:
    return {u.name for u in task.partners}


# --- importing the seed tables --------------------------------------------------------------------------


def test_seed_003_appendix_i_is_previewed_then_written(office, campaign, board):
    events_before = count(AuditEvent)
    response = paste(office, campaign, seed_003_appendix_i())
    assert response.status_code == 302 and response.headers["Location"].endswith("/nhap/xem-truoc")

    page = preview_page(office, campaign)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Chưa có dữ liệu nào được ghi." in html
    assert "Người đứng đầu đơn vị là Trưởng Ban Chỉ đạo" in html
    assert "không khớp: «Sở Khoa học và Công nghệ»" in html
    assert "Cơ quan ngoài Ban Quản lý" in html
    # The preview wrote nothing.
    assert count(PlanTask) == 0 and count(AuditEvent) == events_before

    response = confirm(office, campaign)
    assert response.status_code == 302
    tasks = tasks_of(campaign)
    assert [t.number for t in tasks] == [str(n) for n in range(1, 12)]  # the repeated header is skipped
    assert {t.section for t in tasks} == {"Phụ lục I"}
    assert all(t.deadline_text == "Năm 2026 – 2030" and t.deadline == dt.date(2030, 12, 31) for t in tasks)
    first = tasks[0]
    assert first.lead_unit_id == board["vp"].id and first.lead_text == "Văn phòng"
    assert partner_names(first) == {KHDT_NAME, DNGS_NAME, QLDA_NAME}  # "Các phòng, Ban QLDAHT"; not a sub-unit
    assert first.partner_text == "Các phòng, Ban QLDAHT" and first.product == "Quyết định"
    # Led by bodies outside the board: the words are kept, the board's units take part.
    third = tasks[2]
    assert third.lead_unit_id is None and third.lead_text == "Sở Khoa học và Công nghệ; Công an tỉnh"
    assert partner_names(third) == {KHDT_NAME, DNGS_NAME, QLDA_NAME}
    # Two phòng lead together: no single lead, both take part; the partner is outside.
    fourth = tasks[3]
    assert fourth.lead_unit_id is None and partner_names(fourth) == {DNGS_NAME, KHDT_NAME}
    assert fourth.partner_text == "Đơn vị doanh nghiệp đồng hành"
    assert tasks[5].lead_unit_id == board["vp"].id and not tasks[5].partners  # Sở Nội vụ; Công an tỉnh; Sở KH&CN
    assert tasks[8].name.endswith("đủ 50 tin bài/năm trên Trang thông tin điện tử của Ban Quản lý")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("plan_task.%"))).all()
    assert [e.action for e in events] == ["plan_task.import"] and count(AuditEvent) == events_before + 1
    assert "thêm mới 11" in events[0].summary

    # The same table again: nothing is doubled.
    paste(office, campaign, seed_003_appendix_i())
    assert "Không đổi" in preview_page(office, campaign).get_data(as_text=True)
    confirm(office, campaign)
    assert count(PlanTask) == 11


def test_seed_003_unmatched_outside_bodies(app, campaign, board):
    preview = plan_import.preview_task_import(campaign, seed_003_appendix_i().encode(), "bang.txt")
    assert preview.total == 11 and preview.error_count == 0
    assert set(preview.unmatched_outside) == {"Sở Khoa học và Công nghệ", "Công an tỉnh", "Đơn vị doanh nghiệp đồng hành",
                                              "Sở Nội vụ", "Sở, ban, ngành có thẩm quyền"}
    assert preview.unmatched_units == []  # every name of the board's units was recognised
    assert preview.headers == {"number": "TT", "name": "Tên nhiệm vụ", "lead": "Đơn vị chủ trì",
                               "partners": "Đơn vị phối hợp", "product": "Kết quả",
                               "deadline": "Thời gian hoàn thành"}
    third = preview.rows[2]
    assert third.lead is None and third.lead_resolution.unmatched == ["Sở Khoa học và Công nghệ", "Công an tỉnh"]
    assert any("Đơn vị chủ trì không khớp" in w for w in third.warnings)


def test_seed_001_tables_with_sections_and_continuations(office, campaign, board):
    assert paste(office, campaign, seed_001_tables()).status_code == 302
    html = preview_page(office, campaign).get_data(as_text=True)
    assert "I. Nâng cao nhận thức" in html and "Phụ lục II" in html
    assert count(PlanTask) == 0
    confirm(office, campaign)
    tasks = tasks_of(campaign)
    assert [t.number for t in tasks] == ["I.1", "II.1", "II.2", "III.1", "III.2", "IV.1", "IV.2", "V.1",
                                         "1", "2", "3", "4"]
    assert tasks[0].section.startswith("I. Nâng cao nhận thức, đột phá về đổi mới tư duy")
    assert tasks[7].section == "V. Thúc đẩy mạnh mẽ hoạt động KHCN, ĐMST, CDS trong doanh nghiệp"
    assert {t.section for t in tasks[8:]} == {"Phụ lục II"}
    # A task broken across two lines of the table is one task, its cells joined.
    joined = tasks[2]
    assert joined.name.endswith("tái sử dụng 100% dữ liệu đã số hóa để cắt giảm tối đa TTHC và chi phí cho người "
                                "dân, doanh nghiệp")
    assert joined.legal_basis.endswith("Quyết định 1689/QĐ-UBND ngày 19/6/2025 của UBND tỉnh.")
    assert partner_names(joined) == {KHDT_NAME, DNGS_NAME}  # "Các phòng"
    # The list in the legal-basis cell (HTML in the pasted text) becomes lines.
    assert tasks[6].legal_basis.splitlines() == ["- Quyết định 1689/QĐ-UBND ngày 19/6/2025 của UBND tỉnh.",
                                                 "- Quyết định 7871/KH-UBND ngày 19/6/2025 của UBND tỉnh"]
    assert "<" not in tasks[6].legal_basis
    # "Các phòng, Ban QLDAHT" leading together, Văn phòng taking part
    assert tasks[3].lead_unit_id is None
    assert partner_names(tasks[3]) == {KHDT_NAME, DNGS_NAME, QLDA_NAME, "Văn phòng"}
    # Full name and abbreviation of the same phòng
    assert tasks[7].lead_unit_id == board["khdt"].id and partner_names(tasks[7]) == {DNGS_NAME, QLDA_NAME}
    assert tasks[11].lead_unit_id == board["khdt"].id and tasks[11].lead_text == "Phòng KHĐT"
    assert tasks[11].product == "Giấy CNĐT, Quyết định chấp thuận"
    assert [t.deadline for t in tasks[8:]] == [dt.date(2026, 6, 30), dt.date(2026, 10, 31), dt.date(2026, 12, 31),
                                              dt.date(2026, 12, 31)]
    assert tasks[0].deadline == dt.date(2026, 12, 31)  # "12/2026"


def test_shuffled_columns_and_header_spelling(app, campaign, board):
    text = "\n".join([
        "Bảng kèm theo kế hoạch",  # a title above the table
        "THOI HAN\tten nhiem vu\tPhối  hợp\tSTT\tCăn cứ pháp lý\tKẾT QUẢ\tchủ trì\tGhi chú",
        "(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)\t(8)",
        "Quý II/2026\tRà soát quy trình nội bộ\tVăn phòng\t1\tQuyết định 1689/QĐ-UBND\tBáo cáo\tPhòng KHĐT\t",
        "Thường xuyên\tCập nhật cơ sở dữ liệu doanh nghiệp\t\t2\t\tCSDL\tPhòng DN-GSĐT\t",
        "Sớm nhất có thể\tKhảo sát hạ tầng số\tKHĐT\t3\t\t\tBan QLDAHT\t",
    ])
    preview = plan_import.preview_task_import(campaign, text.encode(), "bang.txt")
    assert set(preview.headers) == {"number", "name", "legal_basis", "lead", "partners", "product", "deadline",
                                    "note"}
    assert preview.ignored_headers == []  # "Ghi chú" is read (it was dropped)
    first, second, third = preview.rows
    assert (first.number, first.name, first.product) == ("1", "Rà soát quy trình nội bộ", "Báo cáo")
    assert first.lead.id == board["khdt"].id and [u.id for u in first.partners] == [board["vp"].id]
    assert first.deadline == dt.date(2026, 6, 30) and not first.warnings
    assert second.lead.id == board["dngs"].id  # "Phòng DN-GSĐT"
    assert second.deadline is None and not second.warnings  # "Thường xuyên": no deadline, no warning
    assert third.lead.id == board["qlda"].id and [u.id for u in third.partners] == [board["khdt"].id]
    assert third.deadline is None and third.errors == []
    assert third.warnings == ["Không đọc được thời hạn «Sớm nhất có thể»: nhiệm vụ được ghi không có hạn cuối, "
                              "có thể sửa sau."]  # a warning, not an error
    assert preview.ok


def test_misspelt_unit_names_are_reported(office, campaign, board):
    text = ("STT\tTên nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\n"
            "1\tTổng hợp báo cáo\tPhòng Doanh nhiệp – Giám sát đầu tư\tVăn phòng; Phòng Kế hoach Đầu tư\t12/2026\n")
    paste(office, campaign, text)
    html = preview_page(office, campaign).get_data(as_text=True)
    assert "không khớp: «Phòng Doanh nhiệp – Giám sát đầu tư»" in html
    assert f"có phải «{DNGS_NAME}»?" in html
    assert "Tên đơn vị không khớp với đơn vị nào" in html
    preview = plan_import.preview_task_import(campaign, text.encode(), "bang.txt")
    row = preview.rows[0]
    assert row.lead is None and [u.name for u in row.partners] == ["Văn phòng"]
    assert [name for name, _ in preview.unmatched_units] == ["Phòng Doanh nhiệp – Giám sát đầu tư",
                                                             "Phòng Kế hoach Đầu tư"]
    assert preview.unmatched_outside == []
    assert preview.ok  # warnings do not block the import: the words are kept
    confirm(office, campaign)
    task = tasks_of(campaign)[0]
    assert task.lead_unit_id is None and task.lead_text == "Phòng Doanh nhiệp – Giám sát đầu tư"


def test_rows_with_errors_block_the_import(office, campaign, board):
    text = ("STT\tTên nhiệm vụ\tĐơn vị chủ trì\tThời gian hoàn thành\n"
            "1\tNhiệm vụ có tên\tVăn phòng\t12/2026\n"
            "2\t\tVăn phòng\t12/2026\n")
    paste(office, campaign, text)
    html = preview_page(office, campaign).get_data(as_text=True)
    assert "Thiếu tên nhiệm vụ." in html and "Xác nhận nhập" not in html
    response = confirm(office, campaign)
    assert response.headers["Location"].endswith("/nhap/xem-truoc")
    assert count(PlanTask) == 0


def test_a_long_table_is_previewed_a_page_at_a_time(office, campaign, board):
    rows = [f"{n}\tNhiệm vụ số {n}\tVăn phòng\t12/2026" for n in range(1, 602)]
    paste(office, campaign, "STT\tTên nhiệm vụ\tĐơn vị chủ trì\tThời gian hoàn thành\n" + "\n".join(rows))
    first = preview_page(office, campaign).get_data(as_text=True)
    assert "Nhiệm vụ số 500<" in first and "Nhiệm vụ số 501<" not in first
    assert f"/phong-trao/{campaign.id}/nhiem-vu/nhap/xem-truoc?page=2" in first  # the pager keeps the campaign
    second = office.get(f"/phong-trao/{campaign.id}/nhiem-vu/nhap/xem-truoc?page=2").get_data(as_text=True)
    assert "Nhiệm vụ số 601<" in second and "Nhiệm vụ số 500<" not in second
    confirm(office, campaign)
    assert count(PlanTask) == 601


def test_a_table_without_a_header_is_refused(office, campaign, board):
    response = paste(office, campaign, "1\tMột nhiệm vụ\tVăn phòng\t12/2026")
    assert response.status_code == 200
    assert "Không tìm thấy dòng tiêu đề của bảng nhiệm vụ" in response.get_data(as_text=True)
    response = office.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap", data={"text": "  "})
    assert "Hãy chọn tệp, hoặc dán bảng nhiệm vụ" in response.get_data(as_text=True)


def test_xlsx_upload_with_a_bold_section_row(office, campaign, board):
    data = xlsx_bytes([
        ["DANH MỤC NHIỆM VỤ"],
        ["Đơn vị phối hợp", "TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời gian hoàn thành", "Sản phẩm"],
        ["(5)", "(1)", "(2)", "(4)", "(6)", "(3)"],  # a numbering row, columns shuffled: still (n) each
        [None, "A", "Hạ tầng số", None, None, None],
        ["Các phòng", 1, "Nâng cấp Trang thông tin điện tử", "Văn phòng", dt.datetime(2026, 6, 30), "Website"],
        [None, None, "Chuyển đổi số trong điều hành", None, None, None],
        [None, "Hạ tầng xanh", None, None, None, None],
        ["Văn phòng", 1, "Khảo sát an toàn thông tin", "Ban QLDAHT", "Quý IV/2026", ""],
    ], bold_rows=(2, 7))
    response = upload(office, campaign, data, "Danh mục nhiệm vụ.xlsx")
    assert response.status_code == 302
    html = preview_page(office, campaign).get_data(as_text=True)
    assert "Danh mục nhiệm vụ.xlsx" in html and "30/06/2026" in html
    confirm(office, campaign)
    first, second = tasks_of(campaign)
    assert (first.number, first.section) == ("A.1", "A. Hạ tầng số")
    assert first.name == "Nâng cấp Trang thông tin điện tử Chuyển đổi số trong điều hành"  # the continuation
    assert first.deadline_text == "30/06/2026" and first.deadline == dt.date(2026, 6, 30)
    assert partner_names(first) == {KHDT_NAME, DNGS_NAME}
    assert (second.number, second.section) == ("1", "Hạ tầng xanh")  # a bold row without a number
    assert second.lead_unit_id == board["qlda"].id and second.deadline == dt.date(2026, 12, 31)


def test_csv_upload(office, campaign, board):
    data = ("STT,Tên nhiệm vụ,Đơn vị chủ trì,Thời gian hoàn thành\n"
            '1,"Tổ chức tập huấn, bồi dưỡng",Phòng KHĐT,Tháng 12/2026\n').encode("utf-8-sig")
    assert upload(office, campaign, data, "nhiem-vu.csv").status_code == 302
    confirm(office, campaign)
    (task,) = tasks_of(campaign)
    assert task.name == "Tổ chức tập huấn, bồi dưỡng" and task.deadline == dt.date(2026, 12, 31)


def test_a_text_file_renamed_xlsx_is_refused(office, campaign, board, app):
    text = "STT\tTên nhiệm vụ\tĐơn vị chủ trì\tThời gian hoàn thành\n1\tMột nhiệm vụ\tVăn phòng\t12/2026\n"
    response = upload(office, campaign, text.encode(), "bang.xlsx")
    assert response.status_code == 200
    assert "Nội dung tệp không khớp với phần mở rộng .xlsx" in response.get_data(as_text=True)
    assert not list((Path(app.config["UPLOAD_DIR"]) / "imports").glob("plan-*"))
    assert preview_page(office, campaign).status_code == 302  # nothing pending
    assert count(PlanTask) == 0


def test_import_is_for_the_office(logged_in, campaign, board):
    client, _ = logged_in(Role.UNIT_OFFICER, unit=board["vp"])
    assert client.get(f"/phong-trao/{campaign.id}/nhiem-vu/nhap").status_code == 403
    assert paste(client, campaign, seed_003_appendix_i()).status_code == 403
    assert confirm(client, campaign).status_code == 403


def test_cancel_removes_the_pending_table(office, campaign, board, app):
    paste(office, campaign, seed_003_appendix_i())
    assert list((Path(app.config["UPLOAD_DIR"]) / "imports").glob("plan-*"))
    office.post(f"/phong-trao/{campaign.id}/nhiem-vu/nhap/huy")
    assert not list((Path(app.config["UPLOAD_DIR"]) / "imports").glob("plan-*"))
    assert confirm(office, campaign).status_code == 302 and count(PlanTask) == 0


# --- the task table -------------------------------------------------------------------------------------


def test_office_sees_every_task_and_overdue_is_highlighted(office, campaign, board):
    late = make_task(campaign, "Nhiệm vụ quá hạn", board["vp"], [board["khdt"]], deadline=PAST)
    done = make_task(campaign, "Nhiệm vụ đã xong", board["khdt"], [board["vp"]], deadline=PAST)
    partner_only = make_task(campaign, "Nhiệm vụ đối tác xong", board["dngs"], [board["vp"]], deadline=PAST)
    add_task_report(done, board["khdt"], completed_on=PAST)
    add_task_report(partner_only, board["vp"], completed_on=PAST)  # the partner's report does not finish it
    db.session.commit()
    html = office.get(f"/phong-trao/{campaign.id}/nhiem-vu").get_data(as_text=True)
    assert f'class="nav-link active" href="/phong-trao/{campaign.id}/nhiem-vu"' in html
    row = html.split(f'data-testid="task-{late.id}"')[0].rsplit("<tr", 1)[1]
    assert "task-overdue" in row
    assert "task-overdue" not in html.split(f'data-testid="task-{done.id}"')[0].rsplit("<tr", 1)[1]
    assert "task-overdue" in html.split(f'data-testid="task-{partner_only.id}"')[0].rsplit("<tr", 1)[1]
    assert "2 nhiệm vụ quá hạn" in html
    overdue = office.get(f"/phong-trao/{campaign.id}/nhiem-vu?trang-thai=qua-han").get_data(as_text=True)
    assert f'data-testid="task-{done.id}"' not in overdue and f'data-testid="task-{late.id}"' in overdue
    by_unit = office.get(f"/phong-trao/{campaign.id}/nhiem-vu?don-vi={board['dngs'].id}").get_data(as_text=True)
    assert f'data-testid="task-{partner_only.id}"' in by_unit and f'data-testid="task-{late.id}"' not in by_unit


def test_unit_officer_sees_the_tasks_of_their_unit(logged_in, campaign, board):
    mine = make_task(campaign, "Nhiệm vụ của phòng", board["khdt"], deadline=dt.date(2026, 12, 31))
    partner = make_task(campaign, "Nhiệm vụ phối hợp", board["vp"], [board["khdt"]])
    other = make_task(campaign, "Nhiệm vụ của đơn vị khác", board["dngs"], [board["vp"]])
    db.session.commit()
    client, _ = logged_in(Role.UNIT_OFFICER, unit=board["khdt"])
    html = client.get(f"/phong-trao/{campaign.id}/nhiem-vu").get_data(as_text=True)
    assert f'data-testid="task-{mine.id}"' in html and f'data-testid="task-{partner.id}"' in html
    assert f'data-testid="task-{other.id}"' not in html
    assert html.count("Báo cáo tiến độ") == 2
    assert f"/nhiem-vu/{partner.id}/bao-cao/{board['khdt'].id}" in html
    assert client.get(f"/nhiem-vu/{other.id}").status_code == 403


def test_the_task_list_runs_the_same_number_of_queries_for_3_and_30_tasks(
        app, logged_in, client, login, make_user, campaign, board, count_queries):
    officer = make_user(role=Role.UNIT_OFFICER, unit=board["khdt"])

    def add(n: int) -> None:
        for i in range(n):
            task = make_task(campaign, f"Nhiệm vụ {i}", board["vp"] if i % 2 else None,
                             [board["khdt"], board["dngs"]], deadline=PAST if i % 3 else None,
                             lead_text="" if i % 2 else "Sở Nội vụ")
            if i % 2:
                add_task_report(task, board["khdt"], completed_on=PAST, product_ref="Báo cáo số 1")
        db.session.commit()

    def measure(user) -> int:
        login(client, user)
        with count_queries() as counter:
            response = client.get(f"/phong-trao/{campaign.id}/nhiem-vu")
        assert response.status_code == 200
        client.post("/dang-xuat")
        return counter.count

    office = make_user(role=Role.OFFICE)
    add(3)
    few = measure(office), measure(officer)
    add(27)
    assert (measure(office), measure(officer)) == few


def test_completion_rates_on_the_list_and_for_a_criterion(office, campaign, board):
    vp, khdt = board["vp"], board["khdt"]
    tasks = [make_task(campaign, f"Nhiệm vụ {i}", vp, [khdt], deadline=dt.date(2026, 6, 30)) for i in range(4)]
    later = make_task(campaign, "Nhiệm vụ giai đoạn 2", vp, deadline=dt.date(2029, 12, 31))
    add_task_report(tasks[0], vp, completed_on=dt.date(2026, 6, 1))
    add_task_report(tasks[1], vp, completed_on=dt.date(2026, 6, 30))
    add_task_report(tasks[2], vp, completed_on=dt.date(2026, 7, 15))  # late
    add_task_report(tasks[0], khdt, completed_on=dt.date(2026, 6, 2))
    group = make_group(campaign)
    criterion = make_criterion(campaign, group, "NV", "collective", 20, target=90, name="Hoàn thành nhiệm vụ đúng hạn",
                               source="task_completion")
    manual = make_criterion(campaign, group, "TT", "both", 5, name="Khác")
    db.session.commit()
    phase1, phase2 = campaign.phases

    rate = plan_service.task_completion_result(criterion, vp.id, phase1)
    assert (rate.on_time, rate.late, rate.not_done, rate.not_due) == (2, 1, 1, 1)  # phase 2's task not due yet
    assert rate.percent == Decimal("50.00")
    points, _ = plan_service.task_completion_points(criterion, vp.id, phase1)
    assert points == Decimal("11.11")  # 20 × 50 / 90
    rate2 = plan_service.task_completion_result(criterion, vp.id, phase2)
    # Measured at the one cut-off (rules.tasks.cutoff_date): today while phase 2 runs, so its task is not due yet
    assert (rate2.not_due, rate2.percent) == (1, Decimal("50.00"))
    khdt_rate = plan_service.task_completion_result(criterion, khdt.id, phase1)
    assert (khdt_rate.on_time, khdt_rate.counted, khdt_rate.percent) == (1, 4, Decimal("25.00"))
    other_unit = plan_service.task_completion_result(criterion, board["dngs"].id, phase1)
    assert other_unit.percent is None
    with pytest.raises(ServiceError):
        plan_service.task_completion_result(manual, vp.id, phase1)

    # The list shows each unit's rate as of today.
    html = office.get(f"/phong-trao/{campaign.id}/nhiem-vu").get_data(as_text=True)
    rates = html.split('data-testid="completion-rates"')[1]
    today_rates = plan_service.completion_rates([*tasks, later], as_of=TODAY)
    for unit in (vp, khdt):
        row = rates.split(f'data-testid="rate-{unit.id}"')[1].split("</tr>")[0]
        assert unit.name in row and today_rates[unit.id].explanation in row


# --- one task (office) ----------------------------------------------------------------------------------


def task_form(board, **kw):
    data = {"number": "1", "section": "I. Hạ tầng số", "name": "Nâng cấp Trang thông tin điện tử",
            "legal_basis": "Kế hoạch số 2044/KH-UBND ngày 20/02/2025 của UBND tỉnh.",
            "lead_unit_id": str(board["vp"].id), "lead_text": "", "partner_ids": [str(board["khdt"].id),
                                                                                 str(board["vp"].id)],
            "partner_text": "Các phòng", "product": "Website", "deadline_text": "Quý II/2026", "deadline": ""}
    data.update(kw)
    return data


def test_office_creates_edits_and_deletes_a_task(office, campaign, board):
    response = office.post(f"/phong-trao/{campaign.id}/nhiem-vu/moi", data=task_form(board))
    assert response.status_code == 302, response.get_data(as_text=True)
    (task,) = tasks_of(campaign)
    assert task.deadline == dt.date(2026, 6, 30) and task.lead_unit_id == board["vp"].id
    assert partner_names(task) == {KHDT_NAME}  # the lead is not its own partner
    version = task.version
    form = office.get(f"/nhiem-vu/{task.id}/sua").get_data(as_text=True)
    assert "Nâng cấp Trang thông tin điện tử" in form
    response = office.post(f"/nhiem-vu/{task.id}/sua", data=task_form(
        board, version=str(version), deadline_text="Thường xuyên", deadline="15/11/2026",
        partner_ids=[str(board["dngs"].id)]))
    assert response.status_code == 302
    task = tasks_of(campaign)[0]
    assert task.deadline == dt.date(2026, 11, 15) and partner_names(task) == {DNGS_NAME}
    # An edit built on the old version is refused and keeps what was typed.
    response = office.post(f"/nhiem-vu/{task.id}/sua", data=task_form(board, version=str(version),
                                                                       name="Tên sửa sau"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Người khác đã lưu bản ghi này" in html and "Tên sửa sau" in html
    actions = {e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("plan_task.%")))}
    assert actions == {"plan_task.create", "plan_task.update"}
    assert office.post(f"/nhiem-vu/{task.id}/xoa").status_code == 302
    assert count(PlanTask) == 0


def test_the_office_edits_a_tasks_note_and_the_plan_it_comes_from(office, campaign, board):
    office.post(f"/phong-trao/{campaign.id}/nhiem-vu/moi", data=task_form(board))
    (task,) = tasks_of(campaign)
    page = office.get(f"/nhiem-vu/{task.id}/sua").get_data(as_text=True)
    assert "Kế hoạch nguồn" in page and "Ghi chú" in page
    response = office.post(f"/nhiem-vu/{task.id}/sua", data=task_form(
        board, version=str(task.version), note="Phối hợp với VNPT.\nBáo cáo hằng quý.",
        source="Kế hoạch số 12/KH-KKTKCN ngày 15/01/2026", appendix="Phụ lục I"))
    assert response.status_code == 302
    task = tasks_of(campaign)[0]
    assert task.note == "Phối hợp với VNPT.\nBáo cáo hằng quý." and task.appendix == "Phụ lục I"
    assert task.source == "Kế hoạch số 12/KH-KKTKCN ngày 15/01/2026"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan_task.update")).one()
    assert set(event.changes) >= {"note", "source", "appendix"}
    page = office.get(f"/nhiem-vu/{task.id}").get_data(as_text=True)
    assert "Phụ lục I · Kế hoạch số 12/KH-KKTKCN ngày 15/01/2026" in page
    response = office.post(f"/nhiem-vu/{task.id}/sua", data=task_form(board, version=str(task.version),
                                                                       appendix="P" * 51))
    assert response.status_code == 200 and "P" * 51 in response.get_data(as_text=True)


def test_a_task_with_reports_cannot_be_deleted(office, campaign, board):
    task = make_task(campaign, "Nhiệm vụ", board["vp"])
    add_task_report(task, board["vp"], status="in_progress")
    db.session.commit()
    response = office.post(f"/nhiem-vu/{task.id}/xoa", follow_redirects=True)
    assert "đã có báo cáo tiến độ" in response.get_data(as_text=True)
    assert count(PlanTask) == 1


def test_unit_officer_cannot_change_tasks(logged_in, campaign, board):
    task = make_task(campaign, "Nhiệm vụ", board["vp"])
    db.session.commit()
    client, _ = logged_in(Role.UNIT_OFFICER, unit=board["vp"])
    assert client.get(f"/phong-trao/{campaign.id}/nhiem-vu/moi").status_code == 403
    assert client.post(f"/nhiem-vu/{task.id}/sua", data=task_form(board)).status_code == 403
    assert client.post(f"/nhiem-vu/{task.id}/xoa").status_code == 403


# --- progress reports --------------------------------------------------------------------------------------


@pytest.fixture
def reporting(logged_in, campaign, board):
    """A task led by Văn phòng with Phòng KHĐT as partner; the client logged in as KHĐT's officer."""
    task = make_task(campaign, "Nâng cấp Trang thông tin điện tử", board["vp"], [board["khdt"]],
                     deadline=dt.date(2026, 6, 30), product="Website")
    db.session.commit()
    client, officer = logged_in(Role.UNIT_OFFICER, unit=board["khdt"])
    return task, client, officer


def report_url(task, unit) -> str:
    return f"/nhiem-vu/{task.id}/bao-cao/{unit.id}"


def post_report(client, task, unit, file=None, **kw):
    data = {"status": "done", "completed_on": PAST.strftime("%d/%m/%Y"), "product_ref": "Công văn số 12/KKTKCN",
            "note": "Đã hoàn thành phần việc của phòng.", "version": "0"}
    data.update(kw)
    if file is not None:
        data["file"] = (io.BytesIO(file[0]), file[1])
    return client.post(report_url(task, unit), data=data, content_type="multipart/form-data")


def test_unit_officer_reports_progress_with_a_pdf(app, reporting, board, login, make_user):
    task, client, officer = reporting
    page = client.get(report_url(task, board["khdt"]))
    assert page.status_code == 200 and 'name="version" type="hidden" value="0"' in page.get_data(as_text=True)
    response = post_report(client, task, board["khdt"], file=(PDF, "Báo cáo kết quả.pdf"))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    report = db.session.scalar(select(TaskReport))
    assert (report.unit_id, report.status, report.completed_on) == (board["khdt"].id, "done", PAST)
    assert report.reported_by_id == officer.id and report.product_ref == "Công văn số 12/KKTKCN"
    stored = report.file
    assert stored.original_name == "Báo cáo kết quả.pdf" and stored.content_type == "application/pdf"
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest() and stored.size == len(PDF)
    assert stored.unit_id == board["khdt"].id and stored.uploaded_by_id == officer.id
    path = file_service.open_file(stored)
    assert path.read_bytes() == PDF and "Báo cáo" not in path.name and "static" not in path.parts
    actions = {e.action for e in db.session.scalars(select(AuditEvent))}
    assert {"task_report.create", "file.upload"} <= actions

    download = client.get(f"/bao-cao-tien-do/{report.id}/tep")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    assert "B%C3%A1o%20c%C3%A1o%20k%E1%BA%BFt%20qu%E1%BA%A3.pdf" in download.headers["Content-Disposition"]
    # The lead unit's task is not done by a partner's report.
    html = client.get(f"/phong-trao/{task.campaign_id}/nhiem-vu").get_data(as_text=True)
    assert "chưa báo cáo" in html

    for role, unit, expected in ((Role.OFFICE, None, 200), (Role.UNIT_OFFICER, board["vp"], 403),
                                 (Role.COUNCIL_MEMBER, None, 403)):
        client.post("/dang-xuat")
        login(client, make_user(role=role, unit=unit))
        assert client.get(f"/bao-cao-tien-do/{report.id}/tep").status_code == expected, role

    # Saving again without a new file keeps the one attached.
    client.post("/dang-xuat")
    login(client, officer)
    response = post_report(client, task, board["khdt"], note="Bổ sung ghi chú", version=str(report.version))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    report = db.session.get(TaskReport, report.id)
    assert report.note == "Bổ sung ghi chú" and report.file_id == stored.id and path.exists()

    # A new file replaces the old one: its disk file goes once the save commits.
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = post_report(client, task, board["khdt"], file=(png, "anh.png"), version=str(report.version))
    assert response.status_code == 302
    assert not path.exists()
    assert count(StoredFile) == 1 and len(disk_files(app)) == 1
    # And "Bỏ tệp đã đính kèm" removes it.
    db.session.expire_all()
    report = db.session.get(TaskReport, report.id)
    response = post_report(client, task, board["khdt"], version=str(report.version), remove_file="y")
    assert response.status_code == 302
    assert count(StoredFile) == 0 and disk_files(app) == set()


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"", "bao-cao.pdf", "Tệp trống: không có nội dung."),
    (b"Day la van ban thuong, khong phai PDF.\n", "bao-cao.pdf", "Nội dung tệp không khớp với phần mở rộng .pdf."),
    (PDF, "bao-cao.txt", "Loại tệp không được chấp nhận: chỉ nhận PDF, Word (.docx), Excel (.xlsx), JPG, PNG."),
    (b"MZ\x90\x00", "chuong-trinh.exe", "Loại tệp không được chấp nhận"),
    (PDF, "bao-cao.docx", "Nội dung tệp không khớp với phần mở rộng .docx"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "anh.jpg", "Nội dung tệp không khớp với phần mở rộng .jpg"),
    (PDF, "..pdf", "Tên tệp không hợp lệ"),
])
def test_bad_files_are_refused_and_nothing_is_stored(app, reporting, board, content, filename, message):
    task, client, _ = reporting
    response = post_report(client, task, board["khdt"], file=(content, filename))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert "Đã hoàn thành phần việc của phòng." in html  # the input is kept
    assert count(TaskReport) == 0 and count(StoredFile) == 0
    assert disk_files(app) == set()


def test_an_oversized_file_is_refused(app, reporting, board):
    task, client, _ = reporting
    saved = app.config["MAX_UPLOAD_MB"]
    app.config["MAX_UPLOAD_MB"] = 1
    try:
        big = PDF + b"0" * (1024 * 1024)
        response = post_report(client, task, board["khdt"], file=(big, "bao-cao.pdf"))
        assert "Tệp quá lớn: tối đa 1 MB." in response.get_data(as_text=True)
        assert count(TaskReport) == 0 and count(StoredFile) == 0 and disk_files(app) == set()
        response = post_report(client, task, board["khdt"], file=(PDF + b"0" * 1000, "bao-cao.pdf"))
        assert response.status_code == 302 and count(StoredFile) == 1
    finally:
        app.config["MAX_UPLOAD_MB"] = saved


def test_another_units_officer_gets_403(logged_in, campaign, board):
    task = make_task(campaign, "Nhiệm vụ", board["vp"], [board["khdt"]])
    db.session.commit()
    client, _ = logged_in(Role.UNIT_OFFICER, unit=board["dngs"])
    assert client.get(report_url(task, board["khdt"])).status_code == 403
    assert post_report(client, task, board["khdt"], file=(PDF, "a.pdf")).status_code == 403
    assert client.get(report_url(task, board["dngs"])).status_code == 403  # own unit, but not on this task
    assert count(TaskReport) == 0 and count(StoredFile) == 0


def test_an_officer_reports_for_a_sub_unit(logged_in, campaign, board):
    task = make_task(campaign, "Khảo sát hiện trường", board["qlda_kt"])
    db.session.commit()
    client, _ = logged_in(Role.UNIT_OFFICER, unit=board["qlda"])
    assert post_report(client, task, board["qlda_kt"]).status_code == 302
    assert count(TaskReport) == 1


def test_done_needs_a_completion_date_not_in_the_future(reporting, board):
    task, client, _ = reporting
    response = post_report(client, task, board["khdt"], completed_on="")
    assert "Hãy nhập ngày hoàn thành." in response.get_data(as_text=True)
    future = (TODAY + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    response = post_report(client, task, board["khdt"], completed_on=future)
    assert "Ngày hoàn thành không được ở tương lai." in response.get_data(as_text=True)
    assert count(TaskReport) == 0
    response = post_report(client, task, board["khdt"], status="in_progress", completed_on=future)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(TaskReport.completed_on)) is None  # no date unless done


def test_two_saves_on_the_same_version_the_second_is_refused(app, reporting, board, make_user, login):
    task, first, _ = reporting
    # Two officers of the same unit open the form while there is no report yet (version 0).
    second = app.test_client()
    login(second, make_user(role=Role.UNIT_OFFICER, unit=board["khdt"]))
    assert post_report(first, task, board["khdt"], note="Bản của người thứ nhất").status_code == 302
    response = post_report(second, task, board["khdt"], note="Bản của người thứ hai", version="0")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Người khác đã lưu bản ghi này" in html
    assert "Bản của người thứ hai" in html  # the input is kept
    db.session.expire_all()
    report = db.session.scalar(select(TaskReport))
    assert report.note == "Bản của người thứ nhất" and report.version == 1
    # Both now edit version 1: the first save wins, the second is refused again; no file is left behind.
    assert post_report(first, task, board["khdt"], note="Sửa lần hai", version="1").status_code == 302
    response = post_report(second, task, board["khdt"], note="Sửa chậm", version="1", file=(PDF, "b.pdf"))
    assert "Người khác đã lưu bản ghi này" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(TaskReport.note)) == "Sửa lần hai" and count(StoredFile) == 0


def test_report_page_of_a_draft_campaign_is_hidden_from_units(logged_in, campaign, board):
    campaign.status = CampaignStatus.DRAFT
    task = make_task(campaign, "Nhiệm vụ", board["vp"])
    db.session.commit()
    client, _ = logged_in(Role.UNIT_OFFICER, unit=board["vp"])
    assert client.get(f"/phong-trao/{campaign.id}/nhiem-vu").status_code == 404
    assert client.get(report_url(task, board["vp"])).status_code == 404


# --- the files service --------------------------------------------------------------------------------------


class Upload:
    def __init__(self, data: bytes, filename: str):
        self.stream = io.BytesIO(data)
        self.filename = filename


def docx_bytes(entry: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(entry, "<x/>")
    return buffer.getvalue()


def test_store_upload_detects_office_files_by_content(app, board):
    stored = file_service.store_upload(None, Upload(docx_bytes(), "Tờ trình.docx"), board["vp"].id)
    assert (stored.extension, stored.original_name) == ("docx", "Tờ trình.docx")
    db.session.commit()
    with pytest.raises(ServiceError, match="không khớp với phần mở rộng .docx"):
        file_service.store_upload(None, Upload(docx_bytes("xl/workbook.xml"), "a.docx"), None)
    with pytest.raises(ServiceError, match="không khớp với phần mở rộng .xlsx"):
        file_service.store_upload(None, Upload(docx_bytes("other.xml"), "a.xlsx"), None)
    db.session.rollback()
    assert len(disk_files(app)) == 1


def test_a_stored_file_leaves_the_disk_when_its_transaction_does_not_commit(app, board):
    stored = file_service.store_upload(None, Upload(PDF, "a.pdf"), board["vp"].id)
    path = Path(app.config["UPLOAD_DIR"]) / stored.storage_name
    assert path.exists()
    db.session.rollback()
    assert not path.exists() and count(StoredFile) == 0


def test_delete_file_removes_row_and_disk_file_after_commit(app, board):
    stored = file_service.store_upload(None, Upload(PDF, "a.pdf"), board["vp"].id)
    db.session.commit()
    path = file_service.open_file(stored)
    file_service.delete_file(None, stored)
    assert path.exists()  # not before the commit
    db.session.commit()
    assert not path.exists() and count(StoredFile) == 0


@pytest.mark.parametrize(("raw", "shown"), [
    ("Báo cáo kết quả.pdf", "Báo cáo kết quả.pdf"),
    ("C:\\Users\\An\\Tài liệu\\Báo cáo.pdf", "Báo cáo.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ('bao"cao?.pdf', "bao_cao_.pdf"),
    ("???.pdf", "tep.pdf"),
])
def test_display_names(raw, shown):
    assert file_service.display_name(raw) == shown


@pytest.mark.parametrize("raw", ["", ".pdf", "..", "a\x00b.pdf", "bao\ncao.pdf", "../"])
def test_unsafe_names_are_refused(raw):
    with pytest.raises(ServiceError):
        file_service.display_name(raw)
