"""The change log in Vietnamese: actions as sentences, entities by name, fields and values as the pages
show them, internal fields hidden, sizes as "35,9 KB"; a fixed number of queries per page."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import re
from types import SimpleNamespace

from campaign.extensions import db
from campaign.models import NominationStatus, Role
from campaign.services import files as file_service
from campaign.services import org as org_service
from campaign.services import unit_of_work
from tests.factories import (
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_nomination,
    make_phase,
)

PDF = b"%PDF-1.4\n" + b"0" * 36760 + b"\n%%EOF"


def _rows(html: str) -> list[str]:
    rows = re.findall(r'<tr data-testid="audit-row">(.*?)</tr>', html, re.S)
    return [re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", row))).strip() for row in rows]


def test_the_log_reads_as_the_pages_do(app, client, login, make_user, make_unit, make_person):
    office = make_user(role=Role.OFFICE, username="vanphong", full_name="Võ Mỹ Quyên")
    login(client, office)
    unit = make_unit("KHDT", "Phòng Kế hoạch – Đầu tư")
    person = org_service.create_person(office, {"full_name": "Nguyễn Thị Loan", "gender": "nu",
                                                "date_of_birth": dt.date(1980, 4, 15), "position": "Trưởng phòng",
                                                "employment_type": "cong_chuc", "is_leader": True,
                                                "unit_id": unit.id, "active": True})
    campaign = make_campaign()
    phase = make_phase(campaign)
    make_criterion(campaign, make_group(campaign), "I1", "individual", 100, target=95)
    award = make_award_form("LDTT", "Lao động tiên tiến", "individual")
    officer = make_user(role=Role.UNIT_OFFICER, unit=unit)
    nomination = make_nomination(officer, phase, award, person=person, state=NominationStatus.RETURNED,
                                 office=office)
    with unit_of_work():
        file_service.store_upload(office, SimpleNamespace(filename="minh-chung.pdf", stream=io.BytesIO(PDF)), unit.id)
    db.session.commit()
    html = client.get("/quan-tri/nhat-ky").get_data(as_text=True)
    rows = _rows(html)
    text = " | ".join(rows)
    for code in ("auth.login", "person.create", "nomination.returned", "file.upload", "#"):
        assert code not in text, code
    assert any(re.match(r"\d\d:\d\d \d\d/\d\d/\d{4} Võ Mỹ Quyên 127\.0\.0\.1 Đăng nhập", r) for r in rows), rows[-1]
    person_row = next(r for r in rows if "Thêm cán bộ" in r)
    assert "Nguyễn Thị Loan" in person_row  # the entity by its name
    for shown in ("Giới tính: (trống) → Nữ", "Ngày sinh: (trống) → 15/04/1980", "Là lãnh đạo: (trống) → Có",
                  "Đơn vị: (trống) → Phòng Kế hoạch – Đầu tư", "Loại cán bộ: (trống) → Công chức"):
        assert shown in person_row, shown
    returned = next(r for r in rows if "Trả lại hồ sơ" in r)
    assert f"{nomination.nominee_name} · Lao động tiên tiến" in returned
    assert "Tình trạng: Đã nộp, chờ thẩm định → Trả lại để bổ sung" in returned
    upload = next(r for r in rows if "Tải lên tệp" in r and "minh-chung.pdf" in r)
    assert "35,9 KB" in upload and "sha256" not in upload and "byte" not in upload
    assert "Kết quả đạt được: (trống) → 95" in text
    client.post("/dang-xuat")
    client.post("/dang-nhap", data={"username": "vanphong", "password": "sai-mat-khau-roi"})
    login(client, office)
    failed = next(r for r in _rows(client.get("/quan-tri/nhat-ky").get_data(as_text=True))
                  if "Đăng nhập không thành công" in r)
    assert "(chưa đăng nhập)" in failed and "vanphong" in failed  # the result saved for the dossier, as its page names it


def test_the_log_filters_by_group_and_runs_a_fixed_number_of_queries(client, login, make_user, make_unit,
                                                                     make_person, count_queries):
    office = make_user(role=Role.OFFICE)
    login(client, office)

    def add(n):
        for _ in range(n):
            org_service.create_unit(office, {"code": f"U{make_unit().id}X", "name": "Tổ mới", "active": True})
            make_person(unit=make_unit())
    add(2)
    with count_queries() as small:
        client.get("/quan-tri/nhat-ky")
    add(10)
    with count_queries() as large:
        client.get("/quan-tri/nhat-ky")
    assert small.count == large.count
    html = client.get("/quan-tri/nhat-ky?thao-tac=unit.").get_data(as_text=True)
    assert '<option value="unit." selected>Đơn vị</option>' in html
    assert all("Thêm đơn vị" in row for row in _rows(html)) and _rows(html)
