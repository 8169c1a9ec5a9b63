"""The nomination's workflow: its states, the actions that move it, and who takes each action.

Basis: Law 06/2022/QH15 art. 84–86 and Decree 152/2025/NĐ-CP (the dossier is prepared by the unit that
proposes it, checked by the standing body of the council — here the Văn phòng — then considered by the
Hội đồng Thi đua – Khen thưởng, whose result becomes the decision of the head of the board or the
submission to the higher level); the agency's Quy chế thi đua, khen thưởng for the return-and-resubmit
loop. DESIGN.md "Workflow as explicit states":

    draft → submitted → returned ↔ submitted → accepted (appraised) → scored → voted
          → recommended / not recommended → in decision → awarded

and the unit's own step back: submitted → draft (withdrawn, with a reason) while the office has not acted
(neither returned nor accepted it); the withdrawn dossier is edited and submitted again like any draft.

with the council's steps back, each the chair's with a reason (rules/council.py reopens the session):
scored → accepted (reopen scoring), voted → scored (reopen voting), recommended / not recommended → voted
(reopen approval: refused once the nomination is in a draft decision).

`TRANSITIONS[(state, action)]` is the whole table: a pair that is not in it is refused with the
message of `refusal(state, action)`. Nothing else in the code decides what follows what: the services
call `step()` and the unit's right to edit is derived from the table (`unit_may_edit`).

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NominationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    SCORED = "scored"
    VOTED = "voted"
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"
    IN_DECISION = "in_decision"
    AWARDED = "awarded"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[NominationStatus, str] = {
    NominationStatus.DRAFT: "Đang soạn",
    NominationStatus.SUBMITTED: "Đã nộp, chờ thẩm định",
    NominationStatus.RETURNED: "Trả lại để bổ sung",
    NominationStatus.ACCEPTED: "Đã thẩm định, chờ Hội đồng",
    NominationStatus.SCORED: "Hội đồng đã chấm điểm",
    NominationStatus.VOTED: "Hội đồng đã bỏ phiếu",
    NominationStatus.RECOMMENDED: "Hội đồng đề nghị khen thưởng",
    NominationStatus.NOT_RECOMMENDED: "Hội đồng không đề nghị",
    NominationStatus.IN_DECISION: "Đã đưa vào quyết định hoặc tờ trình, chờ ban hành",
    NominationStatus.AWARDED: "Đã được khen thưởng",
}


class Action(StrEnum):
    SUBMIT = "submit"  # the unit submits, or resubmits after a return
    RETURN = "return"  # the office returns it with the points to correct
    ACCEPT = "accept"  # the office's appraisal passes it to the council
    CLOSE_SCORING = "close_scoring"  # the chair closes the session's scoring
    REOPEN_SCORING = "reopen_scoring"  # the chair reopens it, with a reason
    CLOSE_VOTING = "close_voting"  # the chair closes the secret ballot (tallied)
    REOPEN_VOTING = "reopen_voting"  # the chair reopens it, with a reason
    RECOMMEND = "recommend"  # the chair approves the result: within the quota and passed the threshold
    NOT_RECOMMEND = "not_recommend"  # … or not
    REOPEN_APPROVAL = "reopen_approval"  # the chair takes the approval back, with a reason (back to voted)
    INCLUDE = "include"  # the office puts it in a draft decision (or submission)
    EXCLUDE = "exclude"  # the office takes it out of the draft again
    AWARD = "award"  # the decision is issued
    WITHDRAW = "withdraw"  # the unit takes a submitted dossier back before the office acts, with a reason


ACTION_LABELS: dict[Action, str] = {
    Action.SUBMIT: "Nộp hồ sơ",
    Action.RETURN: "Trả lại hồ sơ",
    Action.ACCEPT: "Thẩm định đạt",
    Action.CLOSE_SCORING: "Kết thúc chấm điểm",
    Action.REOPEN_SCORING: "Mở lại chấm điểm",
    Action.CLOSE_VOTING: "Kết thúc bỏ phiếu",
    Action.REOPEN_VOTING: "Mở lại bỏ phiếu",
    Action.RECOMMEND: "Đề nghị khen thưởng",
    Action.NOT_RECOMMEND: "Không đề nghị khen thưởng",
    Action.REOPEN_APPROVAL: "Hủy phê duyệt kết quả",
    Action.INCLUDE: "Đưa vào dự thảo quyết định, tờ trình",
    Action.EXCLUDE: "Đưa ra khỏi dự thảo quyết định, tờ trình",
    Action.AWARD: "Ban hành quyết định khen thưởng",
    Action.WITHDRAW: "Rút hồ sơ",
}

# Who takes each action: the proposing unit's officer, the office (Văn phòng), or the council's chair.
UNIT, OFFICE, CHAIR = "unit", "office", "chair"
ACTORS: dict[Action, str] = {
    Action.SUBMIT: UNIT,
    Action.RETURN: OFFICE,
    Action.ACCEPT: OFFICE,
    Action.CLOSE_SCORING: CHAIR,
    Action.REOPEN_SCORING: CHAIR,
    Action.CLOSE_VOTING: CHAIR,
    Action.REOPEN_VOTING: CHAIR,
    Action.RECOMMEND: CHAIR,
    Action.NOT_RECOMMEND: CHAIR,
    Action.REOPEN_APPROVAL: CHAIR,
    Action.INCLUDE: OFFICE,
    Action.EXCLUDE: OFFICE,
    Action.AWARD: OFFICE,
    Action.WITHDRAW: UNIT,
}

S, A = NominationStatus, Action


@dataclass(frozen=True)
class Transition:
    to: NominationStatus
    event: str  # the timeline's name for the step (NominationEvent.action)


TRANSITIONS: dict[tuple[NominationStatus, Action], Transition] = {
    (S.DRAFT, A.SUBMIT): Transition(S.SUBMITTED, "submitted"),
    (S.RETURNED, A.SUBMIT): Transition(S.SUBMITTED, "resubmitted"),
    (S.SUBMITTED, A.RETURN): Transition(S.RETURNED, "returned"),
    (S.SUBMITTED, A.WITHDRAW): Transition(S.DRAFT, "withdrawn"),
    (S.SUBMITTED, A.ACCEPT): Transition(S.ACCEPTED, "accepted"),
    (S.ACCEPTED, A.CLOSE_SCORING): Transition(S.SCORED, "scored"),
    (S.SCORED, A.REOPEN_SCORING): Transition(S.ACCEPTED, "scoring_reopened"),
    (S.SCORED, A.CLOSE_VOTING): Transition(S.VOTED, "voted"),
    (S.VOTED, A.REOPEN_VOTING): Transition(S.SCORED, "voting_reopened"),
    (S.VOTED, A.RECOMMEND): Transition(S.RECOMMENDED, "recommended"),
    (S.VOTED, A.NOT_RECOMMEND): Transition(S.NOT_RECOMMENDED, "not_recommended"),
    (S.RECOMMENDED, A.REOPEN_APPROVAL): Transition(S.VOTED, "approval_reopened"),
    (S.NOT_RECOMMENDED, A.REOPEN_APPROVAL): Transition(S.VOTED, "approval_reopened"),
    (S.RECOMMENDED, A.INCLUDE): Transition(S.IN_DECISION, "included"),
    (S.IN_DECISION, A.EXCLUDE): Transition(S.RECOMMENDED, "excluded"),
    (S.IN_DECISION, A.AWARD): Transition(S.AWARDED, "awarded"),
}

# The timeline's wording for each event (the dossier's history as the unit and the office read it).
EVENT_LABELS: dict[str, str] = {
    "created": "Tạo hồ sơ",
    "submitted": "Nộp hồ sơ",
    "returned": "Trả lại để bổ sung, sửa chữa",
    "withdrawn": "Đơn vị rút hồ sơ để sửa, nộp lại",
    "resubmitted": "Nộp lại sau khi bổ sung",
    "accepted": "Thẩm định đạt, chuyển Hội đồng",
    "scored": "Hội đồng kết thúc chấm điểm",
    "scoring_reopened": "Hội đồng mở lại chấm điểm",
    "voted": "Hội đồng kết thúc bỏ phiếu",
    "voting_reopened": "Hội đồng mở lại bỏ phiếu",
    "recommended": "Hội đồng đề nghị khen thưởng",
    "not_recommended": "Hội đồng không đề nghị khen thưởng",
    "approval_reopened": "Hội đồng hủy phê duyệt kết quả, xem xét lại",
    "included": "Đưa vào dự thảo quyết định, tờ trình",
    "excluded": "Đưa ra khỏi dự thảo quyết định, tờ trình",
    "awarded": "Quyết định khen thưởng đã ban hành",
}

# Why an action is refused, by action; a state-specific wording where the user needs one.
_REFUSALS: dict[Action, str] = {
    Action.SUBMIT: "Hồ sơ đã được nộp.",
    Action.RETURN: "Chỉ trả lại hồ sơ đang chờ thẩm định.",
    Action.ACCEPT: "Chỉ thẩm định hồ sơ đang chờ thẩm định.",
    Action.CLOSE_SCORING: "Chỉ kết thúc chấm điểm hồ sơ đã thẩm định, đang chờ Hội đồng chấm.",
    Action.REOPEN_SCORING: "Chỉ mở lại chấm điểm hồ sơ đã chấm xong, chưa bỏ phiếu.",
    Action.CLOSE_VOTING: "Chỉ kết thúc bỏ phiếu hồ sơ Hội đồng đã chấm điểm.",
    Action.REOPEN_VOTING: "Chỉ mở lại bỏ phiếu hồ sơ đã bỏ phiếu, chưa được phê duyệt kết quả.",
    Action.RECOMMEND: "Chỉ phê duyệt kết quả hồ sơ Hội đồng đã bỏ phiếu.",
    Action.NOT_RECOMMEND: "Chỉ phê duyệt kết quả hồ sơ Hội đồng đã bỏ phiếu.",
    Action.REOPEN_APPROVAL: ("Chỉ hủy phê duyệt kết quả của hồ sơ Hội đồng đã đề nghị hoặc không đề nghị, chưa "
                             "đưa vào dự thảo quyết định."),
    Action.INCLUDE: "Chỉ đưa vào dự thảo quyết định hồ sơ được Hội đồng đề nghị khen thưởng.",
    Action.EXCLUDE: "Hồ sơ này không nằm trong dự thảo quyết định.",
    Action.AWARD: "Chỉ hồ sơ trong dự thảo quyết định mới được ghi nhận khen thưởng khi ban hành.",
    Action.WITHDRAW: "Chỉ rút được hồ sơ đã nộp, đang chờ Văn phòng thẩm định.",
}
_STATE_REFUSALS: dict[tuple[NominationStatus, Action], str] = {
    (S.ACCEPTED, A.SUBMIT): "Hồ sơ đã được thẩm định, chuyển Hội đồng: không nộp lại được.",
    (S.ACCEPTED, A.WITHDRAW): "Văn phòng đã thẩm định, chuyển Hội đồng: không rút hồ sơ được nữa.",
    (S.RETURNED, A.WITHDRAW): "Hồ sơ đã được trả lại: đơn vị sửa rồi nộp lại, không cần rút.",
}


@dataclass(frozen=True)
class Step:
    """The table's answer for one (state, action): the next state and event, or why not."""

    state: NominationStatus
    action: Action
    transition: Transition | None
    refusal: str = ""

    @property
    def allowed(self) -> bool:
        return self.transition is not None


def refusal(state: NominationStatus | str, action: Action | str) -> str:
    state, action = NominationStatus(state), Action(action)
    if (state, action) in _STATE_REFUSALS:
        return _STATE_REFUSALS[(state, action)]
    if action == Action.SUBMIT and state not in (S.DRAFT, S.RETURNED, S.SUBMITTED):
        return (f"Hồ sơ đang ở bước «{state.label}»: đơn vị không nộp lại được.")
    return _REFUSALS[action]


def step(state: NominationStatus | str, action: Action | str) -> Step:
    """Where `action` takes a dossier in `state`, or the Vietnamese reason it cannot."""
    state, action = NominationStatus(state), Action(action)
    transition = TRANSITIONS.get((state, action))
    return Step(state, action, transition, "" if transition else refusal(state, action))


def unit_may_edit(state: NominationStatus | str) -> bool:
    """The unit may change its dossier (and the nominee's results) exactly where it may (re)submit it."""
    return (NominationStatus(state), Action.SUBMIT) in TRANSITIONS


# The states in which the unit no longer changes the dossier nor its nominee's results in the phase.
LOCKED: tuple[NominationStatus, ...] = tuple(s for s in NominationStatus if not unit_may_edit(s))


def check_constraint(column: str = "status") -> str:
    """The SQL CHECK that keeps the column to the enum (models and migrations use this one text)."""
    return f"{column} IN ({', '.join(repr(s.value) for s in NominationStatus)})"
