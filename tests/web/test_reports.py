"""The achievement report of a nomination, built from the database, opened back as .docx."""

import datetime as dt
import io
from decimal import Decimal

from docx import Document

from campaign.extensions import db
from campaign.models import (
    Agency,
    AwardForm,
    AwardRecord,
    Campaign,
    CampaignStatus,
    Criterion,
    CriterionGroup,
    CriterionTarget,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Phase,
    Result,
    Sanction,
    Signer,
    subject_key,
)
from campaign.services.reports import achievement_report_docx, report_filename


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def _setup(make_unit, make_person):
    db.session.add(Agency(name="Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa", parent_body="UBND TỈNH KHÁNH HÒA",
                          symbol="KKTKCN", place_name="Khánh Hòa",
                          signers=[Signer(full_name="Trần Minh Chiến", title="Trưởng Ban", is_head=True)]))
    unit = make_unit(code="KHDT", name="Phòng Kế hoạch – Đầu tư và Xúc tiến")
    head = make_person("Nguyễn Thị Loan", unit=unit, gender="nu", position="Trưởng phòng", is_leader=True)
    person = make_person("Lê Văn Hùng", unit=unit, position="Chuyên viên")
    campaign = Campaign(title="Đổi mới sáng tạo, phát triển khoa học, công nghệ, chuyển đổi số, chuyển đổi xanh",
                        start_date=dt.date(2026, 1, 1), end_date=dt.date(2030, 12, 31), status=CampaignStatus.LAUNCHED)
    phase = Phase(name="Giai đoạn 1", start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 12, 31))
    campaign.phases = [phase]
    group = CriterionGroup(code="IV", name="Chính quyền số", position=1)
    campaign.groups = [group]
    db.session.add(campaign)
    db.session.flush()
    criterion = Criterion(campaign_id=campaign.id, group=group, code="IV.1", name="Tỷ lệ hài lòng khi dùng DVCTT",
                          applies_to="both", measure="quantitative", unit_of_measure="%", max_points=Decimal(10))
    criterion.targets = [CriterionTarget(phase=phase, value=Decimal(95))]
    award = AwardForm(code="GK", name="Giấy khen của Trưởng Ban Quản lý", applies_to="both",
                      threshold_share=Decimal("0.5"))
    db.session.add_all([criterion, award])
    db.session.commit()
    return unit, head, person, phase, criterion, award


def test_individual_report_from_the_dossier(app, make_unit, make_person):
    unit, head, person, phase, criterion, award = _setup(make_unit, make_person)
    initiative = Initiative(unit_id=unit.id, title="Số hóa hồ sơ dự án đầu tư", level="co_so",
                            decision_number="12/QĐ-KKTKCN", decision_date=dt.date(2026, 9, 1))
    initiative.authors = [InitiativeAuthor(person_id=person.id, contribution=Decimal(100))]
    nomination = Nomination(phase_id=phase.id, award_form_id=award.id, unit_id=unit.id, nominee_kind="individual",
                            nominee_unit_id=unit.id, person_id=person.id, subject=subject_key(person.id, unit.id),
                            duties="Theo dõi dự án đầu tư.", summary="Hoàn thành xuất sắc nhiệm vụ được giao.")
    db.session.add_all([initiative, nomination,
                        Result(phase_id=phase.id, criterion_id=criterion.id, unit_id=unit.id, person_id=person.id,
                               subject=nomination.subject, value=Decimal("96.5")),
                        AwardRecord(person_id=person.id, year=2025, title="Lao động tiên tiến",
                                    decision_number="45/QĐ-KKTKCN")])
    db.session.commit()

    text = _text(achievement_report_docx(nomination))
    assert "BÁO CÁO THÀNH TÍCH" in text and "GIẤY KHEN CỦA TRƯỞNG BAN QUẢN LÝ" in text
    assert "Lê Văn Hùng" in text and "Chuyên viên" in text
    assert "Tỷ lệ hài lòng khi dùng DVCTT" in text and "96,5" in text and "95" in text
    assert "Số hóa hồ sơ dự án đầu tư" in text and "12/QĐ-KKTKCN" in text
    assert "Lao động tiên tiến" in text and "45/QĐ-KKTKCN" in text
    assert "Nguyễn Thị Loan" in text  # the unit head confirms
    assert report_filename(nomination) == "bao-cao-thanh-tich-le-van-hung.docx"


def test_sanctions_in_the_period_are_reported(app, make_unit, make_person):
    unit, head, person, phase, criterion, award = _setup(make_unit, make_person)
    nomination = Nomination(phase_id=phase.id, award_form_id=award.id, unit_id=unit.id, nominee_kind="individual",
                            nominee_unit_id=unit.id, person_id=person.id, subject=subject_key(person.id, unit.id))
    db.session.add_all([nomination, Sanction(person_id=person.id, level="khien_trach", decided_on=dt.date(2026, 5, 2),
                                             decision_number="3/QĐ-KKTKCN")])
    db.session.commit()
    text = _text(achievement_report_docx(nomination))
    assert "Khiển trách" in text and "3/QĐ-KKTKCN" in text


def test_collective_report_is_endorsed_by_the_board_head(app, make_unit, make_person):
    unit, head, person, phase, criterion, award = _setup(make_unit, make_person)
    nomination = Nomination(phase_id=phase.id, award_form_id=award.id, unit_id=unit.id, nominee_kind="collective",
                            nominee_unit_id=unit.id, subject=subject_key(None, unit.id),
                            duties="Tham mưu kế hoạch đầu tư, xúc tiến đầu tư.", summary="Tập thể đoàn kết.")
    db.session.add(nomination)
    db.session.commit()
    text = _text(achievement_report_docx(nomination))
    assert "PHÒNG KẾ HOẠCH – ĐẦU TƯ VÀ XÚC TIẾN" in text
    assert "Tham mưu kế hoạch đầu tư, xúc tiến đầu tư." in text
    assert "Trần Minh Chiến" in text  # the board's head endorses a collective
    assert report_filename(nomination) == "bao-cao-thanh-tich-phong-ke-hoach-dau-tu-va-xuc-tien.docx"
