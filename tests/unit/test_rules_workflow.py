"""The nomination workflow's table, enumerated: every (state, action) is allowed with its next state or
refused with a Vietnamese message; the unit's right to edit is derived from it."""

from __future__ import annotations

import itertools

import pytest

from campaign.rules.workflow import (
    ACTION_LABELS,
    ACTORS,
    EVENT_LABELS,
    LOCKED,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    NominationStatus,
    check_constraint,
    step,
    unit_may_edit,
)

S, A = NominationStatus, Action

EXPECTED = {
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, "submitted"),
    (S.RETURNED, A.SUBMIT): (S.SUBMITTED, "resubmitted"),
    (S.SUBMITTED, A.RETURN): (S.RETURNED, "returned"),
    (S.SUBMITTED, A.ACCEPT): (S.ACCEPTED, "accepted"),
    (S.SUBMITTED, A.WITHDRAW): (S.DRAFT, "withdrawn"),
    (S.ACCEPTED, A.CLOSE_SCORING): (S.SCORED, "scored"),
    (S.SCORED, A.REOPEN_SCORING): (S.ACCEPTED, "scoring_reopened"),
    (S.SCORED, A.CLOSE_VOTING): (S.VOTED, "voted"),
    (S.VOTED, A.REOPEN_VOTING): (S.SCORED, "voting_reopened"),
    (S.VOTED, A.RECOMMEND): (S.RECOMMENDED, "recommended"),
    (S.VOTED, A.NOT_RECOMMEND): (S.NOT_RECOMMENDED, "not_recommended"),
    (S.RECOMMENDED, A.REOPEN_APPROVAL): (S.VOTED, "approval_reopened"),
    (S.NOT_RECOMMENDED, A.REOPEN_APPROVAL): (S.VOTED, "approval_reopened"),
    (S.RECOMMENDED, A.INCLUDE): (S.IN_DECISION, "included"),
    (S.IN_DECISION, A.EXCLUDE): (S.RECOMMENDED, "excluded"),
    (S.IN_DECISION, A.AWARD): (S.AWARDED, "awarded"),
}


@pytest.mark.parametrize(("state", "action"), list(itertools.product(NominationStatus, Action)))
def test_every_pair_is_allowed_with_its_next_state_or_refused_with_a_message(state, action):
    answer = step(state, action)
    if (state, action) in EXPECTED:
        to, event = EXPECTED[(state, action)]
        assert answer.allowed and answer.transition.to == to and answer.transition.event == event
        assert answer.refusal == ""
    else:
        assert not answer.allowed and answer.transition is None
        assert answer.refusal and answer.refusal.endswith(".")
        assert any(ch in answer.refusal for ch in "ơưăâêôđ"), answer.refusal  # Vietnamese, with diacritics


def test_the_table_is_exactly_the_expected_one():
    assert {k: (t.to, t.event) for k, t in TRANSITIONS.items()} == EXPECTED


def test_refusals_users_see_today_keep_their_wording():
    assert step(S.SUBMITTED, A.SUBMIT).refusal == "Hồ sơ đã được nộp."
    assert step(S.DRAFT, A.RETURN).refusal == "Chỉ trả lại hồ sơ đang chờ thẩm định."
    assert step(S.ACCEPTED, A.ACCEPT).refusal == "Chỉ thẩm định hồ sơ đang chờ thẩm định."
    assert "không nộp lại được" in step(S.ACCEPTED, A.SUBMIT).refusal
    assert "«Đã được khen thưởng»" in step(S.AWARDED, A.SUBMIT).refusal


def test_reopening_an_approval_is_the_chairs_and_refused_once_in_a_draft_decision():
    assert ACTORS[A.REOPEN_APPROVAL] == "chair"
    for later in (S.IN_DECISION, S.AWARDED):
        answer = step(later, A.REOPEN_APPROVAL)
        assert not answer.allowed and "dự thảo quyết định" in answer.refusal


def test_every_label_exists():
    assert set(STATUS_LABELS) == set(NominationStatus)
    assert set(ACTION_LABELS) == set(Action) == set(ACTORS)
    assert {t.event for t in TRANSITIONS.values()} | {"created"} <= set(EVENT_LABELS)
    assert all(S(s).label == STATUS_LABELS[s] for s in NominationStatus)


def test_the_unit_may_edit_exactly_where_it_may_submit():
    assert {s for s in NominationStatus if unit_may_edit(s)} == {S.DRAFT, S.RETURNED}
    assert set(LOCKED) == set(NominationStatus) - {S.DRAFT, S.RETURNED}
    assert unit_may_edit("returned") and not unit_may_edit("accepted")


def test_the_unit_takes_only_submit_and_withdraw_the_office_appraises_and_drafts_the_chair_judges():
    assert {a for a, who in ACTORS.items() if who == "unit"} == {A.SUBMIT, A.WITHDRAW}
    assert {a for a, who in ACTORS.items() if who == "office"} == {A.RETURN, A.ACCEPT, A.INCLUDE, A.EXCLUDE, A.AWARD}


def test_the_check_constraint_lists_every_state():
    text = check_constraint("status")
    assert text.startswith("status IN (")
    assert all(f"'{s.value}'" in text for s in NominationStatus)


def test_an_unknown_state_or_action_is_an_error_not_a_silent_refusal():
    with pytest.raises(ValueError):
        step("lost", A.SUBMIT)
    with pytest.raises(ValueError):
        step(S.DRAFT, "approve_everything")


def test_a_unit_withdraws_only_what_waits_for_appraisal_and_gets_a_draft_back():
    answer = step(S.SUBMITTED, A.WITHDRAW)
    assert answer.allowed and answer.transition.to == S.DRAFT and unit_may_edit(answer.transition.to)
    assert EVENT_LABELS["withdrawn"].startswith("Đơn vị rút hồ sơ")
    assert "không rút hồ sơ được nữa" in step(S.ACCEPTED, A.WITHDRAW).refusal
    assert "không cần rút" in step(S.RETURNED, A.WITHDRAW).refusal
    for later in (S.DRAFT, S.SCORED, S.VOTED, S.AWARDED):
        assert step(later, A.WITHDRAW).refusal == "Chỉ rút được hồ sơ đã nộp, đang chờ Văn phòng thẩm định."
