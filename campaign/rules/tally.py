"""The secret ballot's arithmetic: what one ballot adds to each agenda item's counters, and how an item's
count reads against its threshold.

Basis: Law on Emulation and Commendation 06/2022/QH15 and Decree 152/2025/NĐ-CP; DOMAIN.md: each council
member casts one ballot (đồng ý / không đồng ý) per nomination; the approval ratio is the agreements over
ALL members of the session's council, not those present nor those who voted; a recused member may leave
the nomination off their ballot when the session says so (the threshold still counts over all members).
The threshold a line is read against is the one rules.legal_figures.applied_threshold gives (the award
form's setting, floored by the legal figure in force on the session's date): the tally page and the ranking
read it from there, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from .voting import Threshold

AGREE = "agree"
DISAGREE = "disagree"
CHOICE_LABELS = {AGREE: "Đồng ý", DISAGREE: "Không đồng ý"}


@dataclass(frozen=True)
class Increment:
    """What one ballot adds to one item's counters: exactly one of the three is 1."""

    item_id: int
    agree: int
    disagree: int
    not_voting: int


@dataclass
class BallotCheck:
    """One ballot read against the agenda: the increments for every item in agenda order, or the problems.

    `missing`: items the ballot must answer and does not; `invalid`: items answered with something other
    than agree / disagree; `off_ballot`: recused items the ballot answers although they are off it;
    `unknown`: answers for items not on the agenda."""

    increments: list[Increment] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    invalid: list[int] = field(default_factory=list)
    off_ballot: list[int] = field(default_factory=list)
    unknown: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.invalid or self.off_ballot or self.unknown)


def check_ballot(agenda: Iterable[int], choices: Mapping, recused: Iterable[int] = (),
                 leave_recused: bool = False) -> BallotCheck:
    """Read `choices` ({item id: "agree" | "disagree"}) against the `agenda` (item ids, in agenda order).

    Every item gets an increment, so a ballot touches every counter: an item the member is recused on
    counts as not voting when `leave_recused`, and must then be left unanswered; otherwise it is answered
    like any other. An empty answer ("" or None) is a missing one."""
    agenda = list(agenda)
    recused = set(recused) if leave_recused else set()
    answers = {key: value for key, value in choices.items() if value not in (None, "")}
    check = BallotCheck(unknown=[key for key in answers if key not in set(agenda)])
    for item_id in agenda:
        answer = answers.get(item_id)
        if item_id in recused:
            if answer is not None:
                check.off_ballot.append(item_id)
            check.increments.append(Increment(item_id, 0, 0, 1))
        elif answer is None:
            check.missing.append(item_id)
        elif answer not in CHOICE_LABELS:
            check.invalid.append(item_id)
        else:
            check.increments.append(Increment(item_id, int(answer == AGREE), int(answer == DISAGREE), 0))
    if not check.ok:
        check.increments = []
    return check


@dataclass(frozen=True)
class TallyLine:
    """One agenda item's count: agreements, disagreements and not voting out of the session's members."""

    agree: int
    disagree: int
    not_voting: int
    members: int
    threshold: Threshold

    @property
    def ratio(self) -> Fraction:
        """Agreements over ALL members (0 for a session without members)."""
        return Fraction(self.agree, self.members) if self.members else Fraction(0)

    @property
    def passed(self) -> bool:
        return self.threshold.passes(self.agree, self.members)

    @property
    def no_ballot(self) -> int:
        """Members whose ballot is not counted here at all (they did not vote)."""
        return max(self.members - self.agree - self.disagree - self.not_voting, 0)
