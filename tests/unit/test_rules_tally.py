"""rules.tally: what one ballot adds to every item, an item's count against its threshold (the threshold applied is
rules.legal_figures.applied_threshold's: tests/unit/test_rules_thresholds_applied.py)."""

from fractions import Fraction

import pytest

from campaign.rules.tally import TallyLine, check_ballot
from campaign.rules.voting import Threshold

AGENDA = [11, 12, 13]


@pytest.mark.parametrize(("choices", "recused", "leave", "increments", "problems"), [
    # every item answered: one increment per item, in agenda order
    ({11: "agree", 12: "disagree", 13: "agree"}, (), False,
     [(11, 1, 0, 0), (12, 0, 1, 0), (13, 1, 0, 0)], {}),
    # the answers' order does not matter: the agenda's does
    ({13: "agree", 11: "disagree", 12: "agree"}, (), False,
     [(11, 0, 1, 0), (12, 1, 0, 0), (13, 1, 0, 0)], {}),
    # missing and empty answers are missing
    ({11: "agree", 12: ""}, (), False, [], {"missing": [12, 13]}),
    ({}, (), False, [], {"missing": [11, 12, 13]}),
    # anything but agree / disagree
    ({11: "agree", 12: "yes", 13: "agree"}, (), False, [], {"invalid": [12]}),
    # an item not on the agenda
    ({11: "agree", 12: "agree", 13: "agree", 99: "agree"}, (), False, [], {"unknown": [99]}),
    # recused, and the session leaves recused items off: not voting, and must be left unanswered
    ({11: "agree", 13: "disagree"}, (12,), True, [(11, 1, 0, 0), (12, 0, 0, 1), (13, 0, 1, 0)], {}),
    ({11: "agree", 12: "agree", 13: "disagree"}, (12,), True, [], {"off_ballot": [12]}),
    # recused on everything, leaving: a ballot of not-voting only
    ({}, (11, 12, 13), True, [(11, 0, 0, 1), (12, 0, 0, 1), (13, 0, 0, 1)], {}),
    # recused, but the session keeps recused members voting: answered like any item
    ({11: "agree", 13: "disagree"}, (12,), False, [], {"missing": [12]}),
    ({11: "agree", 12: "disagree", 13: "disagree"}, (12,), False,
     [(11, 1, 0, 0), (12, 0, 1, 0), (13, 0, 1, 0)], {}),
])
def test_check_ballot(choices, recused, leave, increments, problems):
    check = check_ballot(AGENDA, choices, recused, leave)
    assert [(i.item_id, i.agree, i.disagree, i.not_voting) for i in check.increments] == increments
    assert {name: getattr(check, name) for name in ("missing", "invalid", "off_ballot", "unknown")
            if getattr(check, name)} == problems
    assert check.ok is (not problems)
    for step in check.increments:  # exactly one counter moves per item
        assert step.agree + step.disagree + step.not_voting == 1


HALF_STRICT = Threshold(Fraction(1, 2), strict=True)
HALF = Threshold(Fraction(1, 2))
TWO_THIRDS = Threshold(Fraction(2, 3))


@pytest.mark.parametrize(("agree", "disagree", "not_voting", "members", "threshold", "ratio", "passed", "no_ballot"), [
    (6, 3, 0, 9, TWO_THIRDS, Fraction(2, 3), True, 0),  # two thirds of 9 is 6 and passes
    (5, 4, 0, 9, TWO_THIRDS, Fraction(5, 9), False, 0),
    (5, 4, 0, 9, HALF_STRICT, Fraction(5, 9), True, 0),
    (4, 4, 0, 8, HALF_STRICT, Fraction(1, 2), False, 0),  # exactly half is not more than half
    (4, 4, 0, 8, HALF, Fraction(1, 2), True, 0),
    (5, 0, 0, 9, HALF_STRICT, Fraction(5, 9), True, 4),  # over ALL members: four did not vote
    (4, 1, 3, 9, HALF_STRICT, Fraction(4, 9), False, 1),  # recused members leave: the denominator stays 9
    (0, 0, 0, 0, HALF_STRICT, Fraction(0), False, 0),  # no members: nothing passes
])
def test_tally_line(agree, disagree, not_voting, members, threshold, ratio, passed, no_ballot):
    line = TallyLine(agree, disagree, not_voting, members, threshold)
    assert (line.ratio, line.passed, line.no_ballot) == (ratio, passed, no_ballot)
    assert isinstance(line.ratio, Fraction)
