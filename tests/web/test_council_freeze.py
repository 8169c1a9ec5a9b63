"""A council session freezes the rules it judges by once its scoring opens (docs/architecture.md, set-up
freeze): the phase's settings and the award forms on its agenda. A session only prepared freezes nothing."""

from __future__ import annotations

import pytest

from campaign.extensions import db
from campaign.models import Role, SessionStatus, User
from campaign.services import ServiceError
from campaign.services.awards import AWARD_FIELDS, award_state, save_award_form
from campaign.services.council import open_scoring
from campaign.services.setup import phase_state


def _office() -> User:
    office = User(username="vp-freeze", full_name="Văn phòng", role=Role.OFFICE, password_hash="!")
    db.session.add(office)
    db.session.commit()
    return office


def test_opening_scoring_freezes_the_phase_and_the_award_forms_on_the_agenda(council_world):
    world = council_world(status=SessionStatus.PREPARED)
    ldtt, gk = world.awards["LDTT"], world.awards["GK"]
    assert not phase_state(world.phase).session_opened
    assert not award_state(ldtt).session_opened and not award_state(gk).session_opened

    open_scoring(world.chair, world.session)
    db.session.expire_all()
    assert phase_state(world.phase).session_opened
    assert award_state(ldtt).session_opened and award_state(gk).session_opened

    data = {name: getattr(ldtt, name) for name in AWARD_FIELDS} | {"threshold_strict": not ldtt.threshold_strict}
    with pytest.raises(ServiceError):
        save_award_form(_office(), data, ldtt, seen_version=ldtt.version)


def test_a_prepared_session_freezes_nothing(council_world):
    world = council_world(status=SessionStatus.PREPARED)
    ldtt = world.awards["LDTT"]
    strict = ldtt.threshold_strict
    data = {name: getattr(ldtt, name) for name in AWARD_FIELDS} | {"threshold_strict": not strict}
    save_award_form(_office(), data, ldtt, seen_version=ldtt.version)
    db.session.expire_all()
    assert db.session.get(type(ldtt), ldtt.id).threshold_strict is (not strict)
