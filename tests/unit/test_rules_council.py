"""The session's state machine (rules/council.py): every (status, action) pair, the reason every reopen
needs, reopening scoring only before any ballot, and the quorum with exact fractions."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest

from campaign.models import SessionStatus
from campaign.rules import council as rules
from campaign.rules.council import SessionAction as A

EXPECTED = {
    ("prepared", A.OPEN_SCORING): "scoring",
    ("scoring", A.OPEN_VOTING): "voting",
    ("voting", A.CLOSE_VOTING): "tallied",
    ("tallied", A.APPROVE): "approved",
    ("voting", A.REOPEN_SCORING): "scoring",
    ("tallied", A.REOPEN_VOTING): "voting",
    ("approved", A.REOPEN_APPROVAL): "tallied",
}


def test_the_states_are_the_models():
    assert rules.STATUSES == SessionStatus.ALL
    assert rules.STATUS_LABELS == SessionStatus.LABELS


@pytest.mark.parametrize(("status", "action"), list(product(rules.STATUSES, list(A))))
def test_every_pair(status, action):
    answer = rules.step(status, action)
    if (status, action) in EXPECTED:
        assert answer.allowed and answer.to == EXPECTED[(status, action)] and answer.refusal == ""
    else:
        assert not answer.allowed and answer.to is None
        assert f"«{SessionStatus.LABELS[status]}»" in answer.refusal


def test_the_table_is_exactly_the_expected_one():
    assert rules.TRANSITIONS == EXPECTED
    assert all(action.label for action in A)


@pytest.mark.parametrize(("action", "reason", "refused"), [
    (A.REOPEN_SCORING, "", True), (A.REOPEN_SCORING, "   ", True), (A.REOPEN_SCORING, None, True),
    (A.REOPEN_VOTING, "", True), (A.REOPEN_APPROVAL, "\n", True),
    (A.REOPEN_SCORING, "Thành viên đề nghị chấm lại tiêu chí 2", False),
    (A.REOPEN_VOTING, "Phiếu bằng văn bản đến muộn", False), (A.REOPEN_APPROVAL, "Sai sót chỉ tiêu", False),
    (A.OPEN_SCORING, "", False), (A.OPEN_VOTING, "", False), (A.CLOSE_VOTING, "", False), (A.APPROVE, "", False),
])
def test_reopens_need_a_reason(action, reason, refused):
    message = rules.reason_refusal(action, reason)
    assert (message == rules.REASON_REQUIRED) if refused else (message == "")


@pytest.mark.parametrize(("cast", "refused"), [(0, False), (1, True), (9, True)])
def test_reopen_scoring_only_before_any_ballot(cast, refused):
    message = rules.reopen_scoring_refusal(cast)
    assert bool(message) == refused
    if refused:
        assert f"Đã có {cast} thành viên bỏ phiếu" in message


@pytest.mark.parametrize(("present", "members", "share", "ok", "needed"), [
    (6, 9, Fraction(2, 3), True, 6),  # two thirds of 9 is 6 and passes
    (5, 9, Fraction(2, 3), False, 6),
    (9, 9, Fraction(2, 3), True, 6),
    (0, 9, Fraction(2, 3), False, 6),
    (5, 7, Fraction(2, 3), True, 5),  # 14/3 → 5
    (4, 7, Fraction(2, 3), False, 5),
    (5, 10, Fraction(1, 2), True, 5),  # at least a half
    (4, 10, Fraction(1, 2), False, 5),
    (9, 9, Fraction(1, 1), True, 9),
    (8, 9, Fraction(1, 1), False, 9),
    (0, 0, Fraction(2, 3), False, 1),
])
def test_quorum(present, members, share, ok, needed):
    answer = rules.check_quorum(present, members, share)
    assert answer.quorate is ok
    assert answer.needed == needed


def test_quorum_messages():
    refused = rules.check_quorum(5, 9, rules.quorum_share(2, 3))
    assert refused.message.startswith("Có 5/9 thành viên có mặt, chưa đủ 2/3 số thành viên Hội đồng (cần ít nhất 6)")
    assert rules.check_quorum(6, 9).message == "Có 6/9 thành viên có mặt, đủ 2/3 số thành viên Hội đồng (cần 6)."


@pytest.mark.parametrize(("numerator", "denominator", "share"), [
    (2, 3, Fraction(2, 3)), (1, 2, Fraction(1, 2)), (None, None, Fraction(2, 3)), (0, 3, Fraction(2, 3)),
    (4, 6, Fraction(2, 3)),
])
def test_quorum_share(numerator, denominator, share):
    assert rules.quorum_share(numerator, denominator) == share
