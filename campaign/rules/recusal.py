"""Recusal (tránh chấm điểm): which council members must not score a nomination, and why.

Basis: the control of conflicts of interest asked of everyone performing public duties (Law on
Anti-corruption 36/2018/QH14, art. 23, "Kiểm soát xung đột lợi ích"); the cases are the module's
*default* from DOMAIN.md (a council member "cannot score a nomination from their own unit or of
themselves (recusal, shown and recorded)") and issue 9, item 4. A member is recused when they:

- are the nominee;
- belong to the nominating unit (their unit is it or one of its sub-units);
- belong to the nominated collective: their unit is the collective, one of its sub-units (at any depth),
  or its parent (the unit directly above it; not every ancestor, or a member of a top unit would be
  recused from every collective below it);
- are an author of an initiative the dossier relies on;
- have a conflict the chair recorded by hand, with its reason.

The unit tree is a plain ``{unit_id: parent_id}`` dict (None for a top unit). The result gives every
member the list of their reasons (Vietnamese sentences); an empty list means not recused.

Recusal applies to scoring. Whether a recused member also leaves that nomination off their ballot is a
session setting (``recused_leave_ballot``); either way the approval threshold still counts over ALL the
members of the session's council (DOMAIN.md; ``rules.voting.Threshold.passes(approvals, members)``), so
a recused member who does not vote counts as not agreeing. ``ballot_rule`` is the sentence the minutes
print to say which rule applied.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Member:
    """A council member: the person (their account's person) and the unit they belong to."""

    person_id: Hashable
    unit_id: Hashable | None


@dataclass(frozen=True)
class InitiativeFacts:
    """An initiative the dossier relies on, with its authors (person ids)."""

    title: str
    author_ids: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class NominationFacts:
    """What recusal needs of a nomination. An individual has ``nominee_person_id``; a collective has
    ``nominee_unit_id``. ``nominating_unit_id`` is the unit that proposes it."""

    nominating_unit_id: Hashable | None
    nominee_person_id: Hashable | None = None
    nominee_unit_id: Hashable | None = None
    initiatives: tuple[InitiativeFacts, ...] = ()


@dataclass(frozen=True)
class ManualConflict:
    """A conflict of interest the chair records by hand for one member, with its reason."""

    person_id: Hashable
    reason: str


def ancestors(unit_id: Hashable | None, parents: Mapping[Hashable, Hashable | None]) -> list[Hashable]:
    """The unit, then its parent, its parent's parent …, up to a top unit (a cycle stops the walk)."""
    chain: list[Hashable] = []
    while unit_id is not None and unit_id not in chain:
        chain.append(unit_id)
        unit_id = parents.get(unit_id)
    return chain


def _name(unit_id: Hashable, names: Mapping[Hashable, str]) -> str:
    return names.get(unit_id) or f"đơn vị mã {unit_id}"


def _unit_reasons(member_unit: Hashable | None, nomination: NominationFacts,
                  parents: Mapping[Hashable, Hashable | None], names: Mapping[Hashable, str]) -> list[str]:
    reasons = []
    chain = ancestors(member_unit, parents)  # the member's unit and every unit above it
    nominating = nomination.nominating_unit_id
    if nominating is not None and nominating in chain:
        if member_unit == nominating:
            reasons.append(f"Thuộc đơn vị đề nghị khen thưởng ({_name(nominating, names)}).")
        else:
            reasons.append(f"Thuộc {_name(member_unit, names)}, đơn vị trực thuộc đơn vị đề nghị khen thưởng "
                           f"({_name(nominating, names)}).")
    collective = nomination.nominee_unit_id
    if collective is not None and member_unit is not None:
        if member_unit == collective:
            reasons.append(f"Thuộc tập thể được đề nghị khen thưởng ({_name(collective, names)}).")
        elif collective in chain:
            reasons.append(f"Thuộc {_name(member_unit, names)}, đơn vị trực thuộc tập thể được đề nghị khen "
                           f"thưởng ({_name(collective, names)}).")
        elif parents.get(collective) == member_unit:
            reasons.append(f"Thuộc {_name(member_unit, names)}, đơn vị cấp trên trực tiếp của tập thể được đề "
                           f"nghị khen thưởng ({_name(collective, names)}).")
    return reasons


def recusal_reasons(members: Iterable[Member], nomination: NominationFacts,
                    parents: Mapping[Hashable, Hashable | None], *, manual: Iterable[ManualConflict] = (),
                    unit_names: Mapping[Hashable, str] | None = None) -> dict[Hashable, list[str]]:
    """For every member (by person id), the reasons they are recused from scoring this nomination, in a
    fixed order: nominee, nominating unit, collective, initiatives, then the chair's conflicts. An empty
    list means the member scores it. A manual conflict needs a reason and must name a member."""
    names = unit_names or {}
    members = list(members)
    result: dict[Hashable, list[str]] = {member.person_id: [] for member in members}
    for member in members:
        reasons = result[member.person_id]
        if nomination.nominee_person_id is not None and member.person_id == nomination.nominee_person_id:
            reasons.append("Là người được đề nghị khen thưởng.")
        reasons.extend(_unit_reasons(member.unit_id, nomination, parents, names))
        for initiative in nomination.initiatives:
            if member.person_id in initiative.author_ids:
                reasons.append(f"Là tác giả sáng kiến mà hồ sơ dựa vào ({initiative.title}).")
    for conflict in manual:
        reason = (conflict.reason or "").strip()
        if not reason:
            raise ValueError("a manual conflict needs a reason")
        if conflict.person_id not in result:
            raise ValueError(f"a manual conflict names a non-member: {conflict.person_id!r}")
        result[conflict.person_id].append(f"Chủ tịch Hội đồng ghi nhận xung đột lợi ích: {reason.rstrip('.')}.")
    return result


def recused_ids(reasons: Mapping[Hashable, Sequence[str]]) -> set[Hashable]:
    """The members with at least one reason."""
    return {person_id for person_id, why in reasons.items() if why}


def may_vote(reasons: Sequence[str], *, recused_leave_ballot: bool) -> bool:
    """May this member vote on this nomination? Always when not recused (no reasons); a recused member
    only when the session does not take the nomination off recused members' ballots. The threshold
    still counts over all the council's members whatever the answer (see the module docstring)."""
    return not (reasons and recused_leave_ballot)


def ballot_rule(recused_leave_ballot: bool) -> str:
    """The sentence the minutes print to say which rule applied to recused members' ballots."""
    if recused_leave_ballot:
        return ("Thành viên thuộc diện tránh chấm điểm không bỏ phiếu đối với hồ sơ đó; tỷ lệ đồng ý vẫn tính "
                "trên tổng số thành viên Hội đồng.")
    return ("Thành viên thuộc diện tránh chấm điểm vẫn bỏ phiếu đối với hồ sơ đó; tỷ lệ đồng ý tính trên tổng số "
            "thành viên Hội đồng.")
