"""Who sees members' scores and the scoring progress (permissions.can_see_scores / can_see_progress), table
by table: no database, the session and its members as plain objects."""

import datetime as dt
from types import SimpleNamespace

import pytest

from campaign.permissions import can_see_progress, can_see_scores

SUBMITTED = dt.datetime(2026, 12, 20, 9, 0)


def _user(uid, role="council_member"):
    return SimpleNamespace(id=uid, role=role, is_authenticated=True)


def _session(status, see, submitted):
    members = [SimpleNamespace(user_id=1, council_role="chair", scores_submitted_at=SUBMITTED if submitted else None),
               SimpleNamespace(user_id=2, council_role="member", scores_submitted_at=SUBMITTED if submitted else None)]
    return SimpleNamespace(status=status, members=members, phase=SimpleNamespace(members_see_scores=see))


MEMBER, CHAIR, OFFICE, UNIT = _user(2), _user(1, "council_chair"), _user(3, "office"), _user(4, "unit_officer")

# (who, status, phase lets members see, own sheet submitted) → (allowed, forbidden when refused)
CASES = [
    (MEMBER, "scoring", True, False, (False, False)),
    (MEMBER, "scoring", True, True, (True, None)),
    (MEMBER, "scoring", False, True, (False, False)),
    (CHAIR, "scoring", True, False, (False, False)),
    (CHAIR, "scoring", False, True, (False, False)),
    (OFFICE, "scoring", True, True, (False, False)),
    (UNIT, "scoring", True, True, (False, True)),
    (MEMBER, "voting", False, False, (True, None)),
    (CHAIR, "tallied", False, False, (True, None)),
    (OFFICE, "approved", False, False, (True, None)),
    (UNIT, "approved", True, True, (False, True)),
    (MEMBER, "prepared", True, False, (False, False)),
]


@pytest.mark.parametrize("user, status, see, submitted, expected", CASES)
def test_can_see_scores(user, status, see, submitted, expected):
    answer = can_see_scores(user, _session(status, see, submitted))
    assert (answer.allowed, None if answer.allowed else answer.forbidden) == expected
    if not answer.allowed:
        assert answer.reason


@pytest.mark.parametrize("user, allowed", [(CHAIR, True), (OFFICE, True), (MEMBER, False), (UNIT, False)])
def test_can_see_progress(user, allowed):
    assert bool(can_see_progress(user, _session("scoring", True, False))) is allowed
