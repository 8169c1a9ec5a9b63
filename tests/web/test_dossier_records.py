"""A dossier's prior awards and sanctions are deleted only from their own nominee's open dossier, with the audit."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import AuditEvent, AwardRecord, Role, Sanction
from campaign.rules.workflow import NominationStatus
from campaign.services import PermissionDenied, ServiceError
from campaign.services import nominations as nomination_service
from tests.factories import (
    add_prior_award,
    add_sanction,
    make_award_form,
    make_campaign,
    make_nomination,
    make_phase,
)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def deletions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.summary).where(AuditEvent.action.like("%.delete"))
                                   .order_by(AuditEvent.id)))


@pytest.fixture
def setting(app, make_unit, make_person, make_user):
    w = SimpleNamespace()
    w.unit = make_unit("KHDT", "Phòng Kế hoạch – Đầu tư và Xúc tiến")
    w.an = make_person("Nguyễn Văn An", w.unit)
    w.binh = make_person("Trần Thị Bình", w.unit, gender="nu")
    w.phase = make_phase(make_campaign())
    w.award = make_award_form("GK", "Giấy khen của Trưởng Ban Quản lý")
    db.session.commit()
    w.officer = make_user(role=Role.UNIT_OFFICER, unit=w.unit)
    return w


def test_a_prior_award_and_a_sanction_are_deleted_with_their_audit(setting):
    w = setting
    nomination = make_nomination(w.officer, w.phase, w.award, person=w.an)
    record = add_prior_award(w.award, 2025, person=w.an)
    sanction = add_sanction(w.an, decided_on=dt.date(2026, 5, 2))
    db.session.commit()
    nomination_service.delete_award_record(w.officer, nomination, record)
    nomination_service.delete_sanction(w.officer, nomination, sanction)
    assert count(AwardRecord) == 0 and count(Sanction) == 0
    assert deletions() == ["Xóa khen thưởng đã đạt của Nguyễn Văn An: Giấy khen của Trưởng Ban Quản lý năm 2025",
                           "Xóa kỷ luật khiển trách của Nguyễn Văn An, ngày 02/05/2026"]


def test_another_nominees_records_are_refused_and_stay(setting):
    w = setting
    mine = make_nomination(w.officer, w.phase, w.award, person=w.an)
    collective = make_nomination(w.officer, w.phase, w.award, unit=w.unit)
    binh_record = add_prior_award(w.award, 2025, person=w.binh)
    unit_record = add_prior_award(w.award, 2024, unit=w.unit)
    binh_sanction = add_sanction(w.binh)
    an_sanction = add_sanction(w.an)
    db.session.commit()
    refused = [
        lambda: nomination_service.delete_award_record(w.officer, mine, binh_record),
        lambda: nomination_service.delete_award_record(w.officer, mine, unit_record),  # the unit's, not An's
        lambda: nomination_service.delete_award_record(w.officer, collective, binh_record),
        lambda: nomination_service.delete_sanction(w.officer, mine, binh_sanction),
        lambda: nomination_service.delete_sanction(w.officer, collective, an_sanction),  # never a collective's
    ]
    for delete in refused:
        with pytest.raises(PermissionDenied):
            delete()
    assert count(AwardRecord) == 2 and count(Sanction) == 2 and deletions() == []
    nomination_service.delete_award_record(w.officer, collective, unit_record)
    assert count(AwardRecord) == 1 and len(deletions()) == 1


def test_a_submitted_dossier_keeps_its_records(setting):
    w = setting
    nomination = make_nomination(w.officer, w.phase, w.award, person=w.an, state=NominationStatus.SUBMITTED)
    record = add_prior_award(w.award, 2025, person=w.an)
    sanction = add_sanction(w.an)
    db.session.commit()
    with pytest.raises(ServiceError, match="đã nộp"):
        nomination_service.delete_award_record(w.officer, nomination, record)
    with pytest.raises(ServiceError, match="đã nộp"):
        nomination_service.delete_sanction(w.officer, nomination, sanction)
    assert count(AwardRecord) == 1 and count(Sanction) == 1 and deletions() == []
