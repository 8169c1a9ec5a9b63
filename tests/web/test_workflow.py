"""The workflow through the services: every state is reached by the one transition, with its timeline
and audit events; who may take each action is permissions.can_act's answer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import AuditEvent, Role
from campaign.rules.workflow import Action, NominationStatus
from campaign.services import PermissionDenied, ServiceError, unit_of_work
from campaign.services import nominations as nomination_service
from campaign.services.workflow import transition
from tests.factories import (
    complete_dossier,
    make_award_form,
    make_campaign,
    make_criterion,
    make_group,
    make_nomination,
    make_phase,
)


@pytest.fixture
def setting(app, make_unit, make_person, make_user):
    unit = make_unit("KHDT", "Phòng Kế hoạch – Đầu tư và Xúc tiến")
    person = make_person("Nguyễn Văn An", unit)
    campaign = make_campaign()
    phase = make_phase(campaign)
    group = make_group(campaign)
    make_criterion(campaign, group, "I1", "individual", 60, target=95)
    make_criterion(campaign, group, "I2", "individual", 40, evidence_required=True)
    award = make_award_form("GK", "Giấy khen của Trưởng Ban Quản lý", "individual")
    db.session.commit()
    officer = make_user(role=Role.UNIT_OFFICER, unit=unit)
    return officer, phase, award, person


@pytest.mark.parametrize("state", list(NominationStatus))
def test_every_state_is_reached_through_the_services(setting, state):
    officer, phase, award, person = setting
    nomination = make_nomination(officer, phase, award, person=person, state=state)
    db.session.expire_all()
    assert nomination.status == state
    events = [e.action for e in nomination.events]
    assert events[0] == "created"
    audited = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "nomination",
                                                                     AuditEvent.object_id == nomination.id)))
    assert {f"nomination.{e}" for e in events[1:]} <= audited
    assert nomination.unit_may_edit is (state in (NominationStatus.DRAFT, NominationStatus.RETURNED))


def test_who_may_act(setting, make_user):
    officer, phase, award, person = setting
    nomination = make_nomination(officer, phase, award, person=person, state="submitted")
    with pytest.raises(PermissionDenied, match="Chỉ Văn phòng"):
        nomination_service.accept_nomination(officer, nomination)
    office = make_user(role=Role.OFFICE)
    nomination_service.accept_nomination(office, nomination)
    with pytest.raises(PermissionDenied, match="Chủ tịch Hội đồng"), unit_of_work():
        transition(office, nomination, Action.CLOSE_SCORING)
    member = make_user(role=Role.COUNCIL_MEMBER)
    with pytest.raises(PermissionDenied), unit_of_work():
        transition(member, nomination, Action.CLOSE_SCORING)
    db.session.expire_all()
    assert nomination.status == NominationStatus.ACCEPTED


def test_a_refused_transition_writes_nothing(setting, make_user):
    officer, phase, award, person = setting
    nomination = make_nomination(officer, phase, award, person=person, state="accepted")
    events = len(nomination.events)
    with pytest.raises(ServiceError, match="không nộp lại được"):
        nomination_service.submit_nomination(officer, nomination)
    db.session.expire_all()
    assert nomination.status == NominationStatus.ACCEPTED and len(nomination.events) == events


def test_services_compose_in_one_unit_of_work(setting, make_user):
    """Two actions in one outer unit of work commit together, or not at all."""
    officer, phase, award, person = setting
    office = make_user(role=Role.OFFICE)
    nomination = make_nomination(officer, phase, award, person=person, complete=True)
    with pytest.raises(RuntimeError), unit_of_work():
        nomination_service.submit_nomination(officer, nomination)
        nomination_service.accept_nomination(office, nomination)
        raise RuntimeError("the third step fails")
    db.session.expire_all()
    assert nomination.status == NominationStatus.DRAFT and [e.action for e in nomination.events] == ["created"]
    with unit_of_work():
        nomination_service.submit_nomination(officer, nomination)
        nomination_service.accept_nomination(office, nomination)
    db.session.expire_all()
    assert nomination.status == NominationStatus.ACCEPTED


def test_complete_dossier_fills_what_submission_needs(setting):
    officer, phase, award, person = setting
    nomination = make_nomination(officer, phase, award, person=person)
    from campaign.services.sheets import dossier_gaps

    assert dossier_gaps(nomination)
    complete_dossier(officer, nomination)
    assert dossier_gaps(nomination) == []
