"""A council session's states and the actions that move it; the quorum before voting opens; the written
reason every step back needs.

Basis: Law on Emulation and Commendation 06/2022/QH15 art. 84–86 and Decree 152/2025/NĐ-CP (the council
considers the dossiers and votes; its standing body, the Văn phòng, prepares the session); DOMAIN.md: a
session is quorate with at least two thirds of its members present (*default*, a session setting) — written
ballots of absent members count for the approval ratio, never for presence; the agency's Quy chế for the
chair's power to reopen a step, with the reason recorded in the minutes. Issue 9, items 2 and 10.

    prepared → scoring → voting → tallied → approved
                  ↖ reopen_scoring (no ballot cast yet)
                             ↖ reopen_voting
                                        ↖ reopen_approval

`TRANSITIONS[(status, action)]` is the whole table, like rules/workflow.py: a pair not in it is refused
with `refusal(status, action)`. The state strings are models.council.SessionStatus's (a unit test checks).

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .voting import Threshold, quorate

PREPARED, SCORING, VOTING, TALLIED, APPROVED = "prepared", "scoring", "voting", "tallied", "approved"
STATUSES = (PREPARED, SCORING, VOTING, TALLIED, APPROVED)

STATUS_LABELS = {
    PREPARED: "Đã chuẩn bị",
    SCORING: "Đang chấm điểm",
    VOTING: "Đang bỏ phiếu",
    TALLIED: "Đã kiểm phiếu",
    APPROVED: "Đã phê duyệt kết quả",
}


class SessionAction(StrEnum):
    OPEN_SCORING = "open_scoring"  # the chair opens scoring: the agenda's dossiers are frozen
    OPEN_VOTING = "open_voting"  # the chair closes scoring and opens the secret ballot (quorum first)
    CLOSE_VOTING = "close_voting"  # the chair closes the ballot: the tallies are read
    APPROVE = "approve"  # the chair approves the ranking (services/ranking.py)
    REOPEN_SCORING = "reopen_scoring"  # back from voting to scoring, only while no ballot is cast
    REOPEN_VOTING = "reopen_voting"  # back from tallied to voting
    REOPEN_APPROVAL = "reopen_approval"  # back from approved to tallied

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


A = SessionAction

ACTION_LABELS: dict[SessionAction, str] = {
    A.OPEN_SCORING: "Mở chấm điểm",
    A.OPEN_VOTING: "Kết thúc chấm điểm, mở bỏ phiếu",
    A.CLOSE_VOTING: "Kết thúc bỏ phiếu, kiểm phiếu",
    A.APPROVE: "Phê duyệt kết quả",
    A.REOPEN_SCORING: "Mở lại chấm điểm",
    A.REOPEN_VOTING: "Mở lại bỏ phiếu",
    A.REOPEN_APPROVAL: "Hủy phê duyệt, xem xét lại kết quả",
}

TRANSITIONS: dict[tuple[str, SessionAction], str] = {
    (PREPARED, A.OPEN_SCORING): SCORING,
    (SCORING, A.OPEN_VOTING): VOTING,
    (VOTING, A.CLOSE_VOTING): TALLIED,
    (TALLIED, A.APPROVE): APPROVED,
    (VOTING, A.REOPEN_SCORING): SCORING,
    (TALLIED, A.REOPEN_VOTING): VOTING,
    (APPROVED, A.REOPEN_APPROVAL): TALLIED,
}

REOPENS = frozenset({A.REOPEN_SCORING, A.REOPEN_VOTING, A.REOPEN_APPROVAL})

_REFUSALS: dict[SessionAction, str] = {
    A.OPEN_SCORING: "Chỉ mở chấm điểm phiên họp đang ở bước chuẩn bị.",
    A.OPEN_VOTING: "Chỉ mở bỏ phiếu khi phiên họp đang chấm điểm.",
    A.CLOSE_VOTING: "Chỉ kết thúc bỏ phiếu khi phiên họp đang bỏ phiếu.",
    A.APPROVE: "Chỉ phê duyệt kết quả phiên họp đã kiểm phiếu.",
    A.REOPEN_SCORING: "Chỉ mở lại chấm điểm khi phiên họp đang bỏ phiếu.",
    A.REOPEN_VOTING: "Chỉ mở lại bỏ phiếu phiên họp đã kiểm phiếu, chưa phê duyệt kết quả.",
    A.REOPEN_APPROVAL: "Chỉ hủy phê duyệt phiên họp đã phê duyệt kết quả.",
}

REASON_REQUIRED = "Hãy ghi lý do: mỗi lần quay lại bước trước đều phải có lý do để ghi vào biên bản."
BALLOTS_CAST = ("Đã có {count} thành viên bỏ phiếu: không mở lại chấm điểm được nữa. "
                "Nếu cần xem xét lại, hãy kết thúc bỏ phiếu rồi mở lại bỏ phiếu.")

DEFAULT_QUORUM = Fraction(2, 3)


@dataclass(frozen=True)
class SessionStep:
    """The table's answer for one (status, action): the next status, or why not."""

    status: str
    action: SessionAction
    to: str | None
    refusal: str = ""

    @property
    def allowed(self) -> bool:
        return self.to is not None


def refusal(status: str, action: SessionAction | str) -> str:
    action = SessionAction(action)
    label = STATUS_LABELS.get(status, status)
    return f"{_REFUSALS[action]} Phiên họp đang ở bước «{label}»."


def step(status: str, action: SessionAction | str) -> SessionStep:
    """Where `action` takes a session in `status`, or the Vietnamese reason it cannot."""
    action = SessionAction(action)
    to = TRANSITIONS.get((status, action))
    return SessionStep(status, action, to, "" if to else refusal(status, action))


def reason_refusal(action: SessionAction | str, reason: str | None) -> str:
    """A reopen needs a written reason (the minutes recount it); '' when it is fine or not a reopen."""
    if SessionAction(action) in REOPENS and not (reason or "").strip():
        return REASON_REQUIRED
    return ""


def reopen_scoring_refusal(ballots_cast: int) -> str:
    """Scoring may be reopened only while nobody has voted: a cast ballot judged the scores as they were."""
    return BALLOTS_CAST.format(count=ballots_cast) if ballots_cast > 0 else ""


def quorum_share(numerator: int | None, denominator: int | None) -> Fraction:
    """The session's quorum fraction (default 2/3)."""
    if not numerator or not denominator:
        return DEFAULT_QUORUM
    return Fraction(numerator, denominator)


def _share_text(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}" if share.denominator != 1 else "toàn bộ"


def quorum_needed(members: int, share: Fraction) -> int:
    """The fewest members present that make the session quorate (≥ share of all members)."""
    needed = -(-share.numerator * members // share.denominator)  # ceil(share × members)
    return max(needed, 1)


@dataclass(frozen=True)
class QuorumCheck:
    present: int
    members: int
    share: Fraction
    quorate: bool
    needed: int
    message: str


def check_quorum(present: int, members: int, share: Fraction = DEFAULT_QUORUM) -> QuorumCheck:
    """Is the session quorate with `present` of `members` attending in person? A written ballot does not
    count as presence. The message says it with the figures: "Có 5/9 thành viên có mặt, chưa đủ 2/3 …"."""
    needed = quorum_needed(members, share)
    ok = members > 0 and quorate(present, members, Threshold(share))
    amount = _share_text(share)
    if ok:
        message = f"Có {present}/{members} thành viên có mặt, đủ {amount} số thành viên Hội đồng (cần {needed})."
    elif members <= 0:
        message = "Phiên họp chưa có thành viên Hội đồng nào."
    else:
        message = (f"Có {present}/{members} thành viên có mặt, chưa đủ {amount} số thành viên Hội đồng "
                   f"(cần ít nhất {needed}): chưa mở bỏ phiếu được. Thư ký cần điểm danh đủ trước.")
    return QuorumCheck(present, members, share, ok, needed, message)
