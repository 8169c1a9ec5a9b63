"""The achievement reports of the Khánh Hòa demo, built from the database: who confirms (never the
nominee), the cấp trình khen thưởng block, the unit chain, the seal, the decree's personal details and the
date; and the unit and person forms that feed them."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from docx import Document

from campaign.demo import load_demo
from campaign.extensions import db
from campaign.models import AuditEvent, Nomination, Person, Role, Unit
from campaign.models.base import VIETNAM_OFFSET
from campaign.services.reports import achievement_report, achievement_report_docx


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _signature_rows(data: bytes) -> list[list[str]]:
    """The signature table (the document's last), row by row, each cell flattened."""
    table = Document(io.BytesIO(data)).tables[-1]
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(flat(cell.text))
        rows.append(cells)
    return rows


def _header_left(data: bytes) -> list[str]:
    cell = Document(io.BytesIO(data)).tables[0].rows[0].cells[0]
    return [p.text for p in cell.paragraphs if p.text.strip()]


@pytest.fixture
def demo(app, monkeypatch):
    from campaign.demo import steps as demo_steps

    # The demo as it stands when loaded on 1 December 2026 (the story moves with the load day).
    monkeypatch.setattr(demo_steps, "local_now", lambda: dt.datetime(2026, 12, 1, 10, 0))
    load_demo("khanhhoa")
    return db.session.query(Nomination).order_by(Nomination.id).all()


def _by_name(nominations, name: str, code: str) -> Nomination:
    return next(n for n in nominations if n.nominee_name == name and n.award_form.code == code)


def test_no_demo_report_is_confirmed_by_its_own_nominee(demo):
    assert len(demo) >= 30  # the seed campaign's drafts and both annual rounds
    for nomination in demo:
        report = achievement_report(nomination)
        blocks = [b for b in (report.unit_head, report.proposer) if b is not None]
        if nomination.person is not None:
            nominee = nomination.person.full_name
            assert report.unit_head is not None and report.unit_head.full_name, nomination.nominee_name
            assert all(block.full_name != nominee for block in blocks), nomination.nominee_name
        else:
            # A collective: its head signs it, someone above confirms it.
            assert report.proposer is not None and report.proposer.full_name
            assert report.proposer.full_name != report.unit_head.full_name, nomination.nominee_name
        # The same in the document itself: the names under the confirmation blocks.
        rows = _signature_rows(achievement_report_docx(nomination))
        if nomination.person is not None:
            confirming = [rows[1][0]] + ([rows[3][0]] if len(rows) == 4 else [])
            assert rows[1][1] == nomination.person.full_name
            assert nomination.person.full_name not in confirming, nomination.nominee_name


def test_a_unit_heads_report_is_confirmed_one_level_up(demo):
    loan = _by_name(demo, "Nguyễn Thị Loan", "LDTT")  # Trưởng phòng Kế hoạch – Đầu tư và Xúc tiến
    assert loan.person.position == "Trưởng phòng" and loan.person.is_leader
    rows = _signature_rows(achievement_report_docx(loan))
    assert rows[0][0] == "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ TRƯỞNG BAN (Ký, đóng dấu)"
    assert rows[1] == ["Trần Minh Chiến", "Nguyễn Thị Loan"]
    assert len(rows) == 2  # the board decides LĐTT: no separate cấp trình block

    khoa = _by_name(demo, "Lê Văn Khoa", "GK")  # Phó Giám đốc of the Ban QLDA: its Giám đốc confirms
    rows = _signature_rows(achievement_report_docx(khoa))
    assert rows[0][0] == "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ GIÁM ĐỐC (Ký, đóng dấu)"  # the Ban QLDA's seal


def test_an_award_decided_above_the_board_has_the_cap_trinh_block(demo):
    dung = _by_name(demo, "Ngô Ngọc Dung", "BKUBND")
    assert not dung.award_form.decided_by_board
    rows = _signature_rows(achievement_report_docx(dung))
    assert len(rows) == 4
    assert rows[0][0] == "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ TRƯỞNG PHÒNG (Ký, ghi rõ họ và tên)"  # a phòng: no seal
    assert rows[0][1] == "NGƯỜI BÁO CÁO THÀNH TÍCH (Ký, ghi rõ họ và tên)"
    assert rows[1] == ["Nguyễn Thị Loan", "Ngô Ngọc Dung"]
    assert rows[2] == ["XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG TRƯỞNG BAN (Ký, đóng dấu)"]
    assert rows[3] == ["Trần Minh Chiến"]
    for nomination in demo:  # every individual report for an award decided above the board has it
        if nomination.person is not None and not nomination.award_form.decided_by_board:
            assert achievement_report(nomination).proposer is not None, nomination.nominee_name


def test_a_sub_unit_person_is_shown_with_the_whole_chain(demo):
    diep = _by_name(demo, "Nguyễn Thị Diệp", "GK")  # Phòng Kế hoạch – Tổng hợp of the Ban QLDA hạ tầng
    assert diep.person.unit.parent.name == "Ban Quản lý dự án hạ tầng"
    report = achievement_report(diep)
    assert report.individual.unit == ("Phòng Kế hoạch – Tổng hợp, Ban Quản lý dự án hạ tầng, Ban Quản lý Khu "
                                      "kinh tế và Khu công nghiệp tỉnh Khánh Hòa")
    data = achievement_report_docx(diep)
    header = [flat(line) for line in _header_left(data)]
    assert header == ["BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA", "BAN QUẢN LÝ DỰ ÁN HẠ TẦNG",
                      "PHÒNG KẾ HOẠCH – TỔNG HỢP"]
    # Broken only between name groups, the words of a group held together.
    lines = [line for paragraph in _header_left(data) for line in paragraph.split("\n")]
    assert "TỈNH\u00a0KHÁNH\u00a0HÒA" in lines and "DỰ\u00a0ÁN\u00a0HẠ\u00a0TẦNG" in lines
    # Confirmed by the head of the sub-unit, proposed to the board by the Ban QLDA, which has a seal.
    rows = _signature_rows(data)
    assert rows[0][0] == "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ TRƯỞNG PHÒNG (Ký, ghi rõ họ và tên)"
    assert rows[2] == ["XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG GIÁM ĐỐC BAN QUẢN LÝ DỰ ÁN HẠ TẦNG (Ký, đóng dấu)"]


def test_collective_reports_are_signed_by_the_unit_and_confirmed_above(demo):
    qlda = next(n for n in demo if n.person is None and n.nominee_unit.code == "QLDAHT")
    rows = _signature_rows(achievement_report_docx(qlda))
    assert rows[0] == ["XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG TRƯỞNG BAN (Ký, đóng dấu)",
                       "THỦ TRƯỞNG ĐƠN VỊ GIÁM ĐỐC (Ký, đóng dấu)"]
    phong = next(n for n in demo if n.person is None and n.nominee_unit.code == "DNGS")
    rows = _signature_rows(achievement_report_docx(phong))
    assert rows[0][1] == "THỦ TRƯỞNG ĐƠN VỊ TRƯỞNG PHÒNG (Ký, ghi rõ họ và tên)"


def test_the_report_is_dated_by_the_submission_and_names_the_award_as_the_decree_does(demo):
    for nomination in demo:
        report = achievement_report(nomination)
        moment = nomination.submitted_at or nomination.updated_at
        assert report.date == (moment + VIETNAM_OFFSET).date()
        assert report.date <= (dt.datetime.now(dt.UTC).replace(tzinfo=None) + VIETNAM_OFFSET).date()
        text = " ".join(p.text for p in Document(io.BytesIO(achievement_report_docx(nomination))).paragraphs)
        assert "Hội đồng chấm" not in text
        if nomination.award_form.kind == "title":
            assert f"ĐỀ NGHỊ TẶNG DANH HIỆU “{nomination.award_form.name.upper()}”" in flat(text)
        else:
            assert f"ĐỀ NGHỊ TẶNG {nomination.award_form.name.upper()}" in flat(text)
    submitted = next(n for n in demo if n.submitted_at is not None)
    assert achievement_report(submitted).date == (submitted.submitted_at + VIETNAM_OFFSET).date()


def test_qualitative_results_print_the_units_words(demo):
    loan = _by_name(demo, "Nguyễn Thị Loan", "LDTT")
    qualitative = [c for c in achievement_report(loan).criteria if c.target is None and c.actual is None]
    assert qualitative and all(c.note for c in qualitative)
    table = Document(io.BytesIO(achievement_report_docx(loan))).tables[1]
    row = table.rows[1 + achievement_report(loan).criteria.index(qualitative[0])]
    assert row.cells[2]._tc is row.cells[4]._tc  # one cell across Chỉ tiêu, Kết quả, Tỷ lệ
    assert flat(row.cells[2].text) == flat(qualitative[0].note[:1].upper() + qualitative[0].note[1:])


# --- the forms that feed the reports -------------------------------------------------------------------


def test_the_person_form_keeps_the_decrees_details_and_the_report_prints_them(demo, logged_in):
    client, _ = logged_in(Role.OFFICE)
    dung = _by_name(demo, "Ngô Ngọc Dung", "BKUBND")
    person = dung.person
    html = client.get(f"/can-bo/{person.id}").get_data(as_text=True)
    for label in ("Dân tộc", "Quê quán", "Nơi thường trú", "Trình độ chuyên môn, nghiệp vụ",
                  "Trình độ lý luận chính trị", "Học hàm, học vị"):
        assert label in html
    data = {"full_name": person.full_name, "gender": person.gender, "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y"),
            "position": person.position, "employment_type": person.employment_type, "unit_id": str(person.unit_id),
            "active": "y", "version": str(person.version), "ethnicity": "Kinh", "hometown": "xã Ninh Hòa, tỉnh Khánh Hòa",
            "residence": "phường Nha Trang, tỉnh Khánh Hòa", "qualification": "Cử nhân Kinh tế",
            "political_theory": "Trung cấp", "academic_title": "Thạc sĩ Quản lý kinh tế"}
    assert client.post(f"/can-bo/{person.id}", data=data).status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert (person.ethnicity, person.political_theory) == ("Kinh", "Trung cấp")
    assert db.session.query(AuditEvent).filter_by(action="person.update", object_id=person.id).count() == 1
    text = " ".join(p.text for p in Document(io.BytesIO(achievement_report_docx(dung))).paragraphs)
    for line in ("- Dân tộc: Kinh", "- Quê quán: xã Ninh Hòa, tỉnh Khánh Hòa",
                 "- Nơi thường trú: phường Nha Trang, tỉnh Khánh Hòa", "- Trình độ chuyên môn, nghiệp vụ: Cử nhân Kinh tế",
                 "- Trình độ lý luận chính trị: Trung cấp", "- Học hàm, học vị: Thạc sĩ Quản lý kinh tế"):
        assert line in text, line

    data.update(version=str(person.version), hometown="x" * 201)
    response = client.post(f"/can-bo/{person.id}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Không được dài quá 200 ký tự." in html
    assert "Thạc sĩ Quản lý kinh tế" in html  # what was typed stays


def test_an_empty_detail_is_not_printed(demo):
    loan = _by_name(demo, "Nguyễn Thị Loan", "LDTT")
    text = " ".join(p.text for p in Document(io.BytesIO(achievement_report_docx(loan))).paragraphs)
    assert "Dân tộc" not in text and "Học hàm" not in text


def test_the_unit_form_sets_the_seal_and_the_signature_follows(demo, logged_in):
    client, _ = logged_in(Role.OFFICE)
    unit = db.session.query(Unit).filter_by(code="KHDT").one()
    assert not unit.has_seal
    assert "Có con dấu riêng" in client.get(f"/don-vi/{unit.id}").get_data(as_text=True)
    response = client.post(f"/don-vi/{unit.id}", data={"code": unit.code, "name": unit.name, "active": "y",
                                                       "has_seal": "y", "version": str(unit.version)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).has_seal
    event = db.session.query(AuditEvent).filter_by(action="unit.update", object_id=unit.id).one()
    assert "has_seal" in str(event.changes)
    dung = _by_name(db.session.query(Nomination).all(), "Ngô Ngọc Dung", "BKUBND")
    rows = _signature_rows(achievement_report_docx(dung))
    assert rows[0][0] == "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ TRƯỞNG PHÒNG (Ký, đóng dấu)"


def test_the_demo_gives_the_ban_qlda_its_seal_and_no_phong_one(demo):
    seals = {u.code: u.has_seal for u in db.session.query(Unit)}
    assert seals["QLDAHT"] is True
    assert not any(seals[code] for code in ("VP", "VP.TH", "KHDT", "DNGS", "QLDAHT.KH", "QLDAHT.KT"))
