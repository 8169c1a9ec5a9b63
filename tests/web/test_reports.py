"""The achievement report of a nomination, built from the database, opened back as .docx."""

import datetime as dt
import io
from decimal import Decimal

from docx import Document

from campaign.extensions import db
from campaign.models import Agency, Initiative, InitiativeAuthor, Role, Signer
from campaign.services import results as results_service
from campaign.services.reports import achievement_report_docx, report_filename
from tests.factories import (
    add_prior_award,
    add_sanction,
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_nomination,
    make_phase,
)


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def _setup(make_unit, make_person, make_user):
    """The board, Phòng KHĐT with its head and Lê Văn Hùng, a launched campaign taking dossiers, one criterion
    (IV.1, target 95 %), the Giấy khen, and the unit's officer who writes the dossiers."""
    db.session.add(Agency(name="Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa", parent_body="UBND TỈNH KHÁNH HÒA",
                          symbol="KKTKCN", place_name="Khánh Hòa",
                          signers=[Signer(full_name="Trần Minh Chiến", title="Trưởng Ban", is_head=True)]))
    unit = make_unit(code="KHDT", name="Phòng Kế hoạch – Đầu tư và Xúc tiến")
    head = make_person("Nguyễn Thị Loan", unit=unit, gender="nu", position="Trưởng phòng", is_leader=True)
    person = make_person("Lê Văn Hùng", unit=unit, position="Chuyên viên")
    campaign = make_campaign()
    phase = make_phase(campaign, name="Giai đoạn 1")
    group = make_group(campaign, code="IV", name="Chính quyền số")
    criterion = make_criterion(campaign, group, "IV.1", "both", 10, target=95, name="Tỷ lệ hài lòng khi dùng DVCTT")
    award = make_award_form("GK", "Giấy khen của Trưởng Ban Quản lý", kind="commendation")
    db.session.commit()
    officer = make_user(role=Role.UNIT_OFFICER, unit=unit)
    return unit, head, person, phase, criterion, award, officer


def test_individual_report_from_the_dossier(app, make_unit, make_person, make_user):
    unit, head, person, phase, criterion, award, officer = _setup(make_unit, make_person, make_user)
    initiative = Initiative(unit_id=unit.id, title="Số hóa hồ sơ dự án đầu tư", level="co_so",
                            decision_number="12/QĐ-KKTKCN", decision_date=dt.date(2026, 9, 1))
    initiative.authors = [InitiativeAuthor(person_id=person.id, contribution=Decimal(100))]
    db.session.add(initiative)
    nomination = make_nomination(officer, phase, award, person=person, duties="Theo dõi dự án đầu tư.",
                                 summary="Hoàn thành xuất sắc nhiệm vụ được giao.")
    results_service.save_result(officer, phase=phase, criterion=criterion, unit=unit, person=person,
                                value=Decimal("96.5"), explanation="")
    add_prior_award(None, 2025, person=person, title="Lao động tiên tiến", decision_number="45/QĐ-KKTKCN")
    db.session.commit()

    text = _text(achievement_report_docx(nomination))
    assert "BÁO CÁO THÀNH TÍCH" in text and "GIẤY KHEN CỦA TRƯỞNG BAN QUẢN LÝ" in text
    assert "Lê Văn Hùng" in text and "Chuyên viên" in text
    assert "Tỷ lệ hài lòng khi dùng DVCTT" in text and "96,5" in text and "95" in text
    assert "Số hóa hồ sơ dự án đầu tư" in text and "12/QĐ-KKTKCN" in text
    assert "Lao động tiên tiến" in text and "45/QĐ-KKTKCN" in text
    assert "Nguyễn Thị Loan" in text  # the unit head confirms
    assert report_filename(nomination) == "bao-cao-thanh-tich-le-van-hung.docx"


def test_sanctions_in_the_period_are_reported(app, make_unit, make_person, make_user):
    unit, head, person, phase, criterion, award, officer = _setup(make_unit, make_person, make_user)
    nomination = make_nomination(officer, phase, award, person=person)
    add_sanction(person, "khien_trach", dt.date(2026, 5, 2), decision_number="3/QĐ-KKTKCN")
    db.session.commit()
    text = _text(achievement_report_docx(nomination))
    assert "Khiển trách" in text and "3/QĐ-KKTKCN" in text


def test_collective_report_is_endorsed_by_the_board_head(app, make_unit, make_person, make_user):
    unit, head, person, phase, criterion, award, officer = _setup(make_unit, make_person, make_user)
    nomination = make_nomination(officer, phase, award, unit=unit, duties="Tham mưu kế hoạch đầu tư, xúc tiến đầu tư.",
                                 summary="Tập thể đoàn kết.")
    db.session.commit()
    text = _text(achievement_report_docx(nomination))
    assert "PHÒNG KẾ HOẠCH – ĐẦU TƯ VÀ XÚC TIẾN" in text
    assert "Tham mưu kế hoạch đầu tư, xúc tiến đầu tư." in text
    assert "Trần Minh Chiến" in text  # the board's head endorses a collective
    assert report_filename(nomination) == "bao-cao-thanh-tich-phong-ke-hoach-dau-tu-va-xuc-tien.docx"
