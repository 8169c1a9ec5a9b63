"""Who signs an achievement report (báo cáo thành tích), and whether a seal goes under the signature.

Legal basis:

- Decree 152/2025/NĐ-CP, which kept the forms annexed to Decree 98/2023/NĐ-CP: the individual's report
  is signed by the reporter ("Người báo cáo thành tích", ký, ghi rõ họ và tên) and confirmed by the head
  of their unit ("Thủ trưởng đơn vị xác nhận, đề nghị", ký, đóng dấu); the collective's report is signed
  by its head ("Thủ trưởng đơn vị") and confirmed by the level that puts the proposal forward ("Xác nhận
  của cấp trình khen thưởng", ký, đóng dấu). A confirmation is a check by someone other than the one
  reported on: the certifier is never the nominee, so a unit head's own report is confirmed one level up
  (the parent unit's head, or the board's head for a unit directly under the board).
- The level that puts the proposal forward (cấp trình) is the level just below the authority that decides
  the award (Law 06/2022/QH15 on emulation and commendation, the chapter on authority and procedure:
  each level proposes to the one above it). An award the board decides (Giấy khen of the Trưởng Ban, the
  annual titles) is put forward by the nominee's top-level unit; an award decided above the board (Bằng
  khen of the Chủ tịch UBND tỉnh, CSTĐ cấp tỉnh) is put forward by the board. Its block is printed wherever
  that level is above the one that already confirms, which is "wherever the award is decided above the
  unit"; a collective's report always carries it, at least at the board's level.
- A seal (con dấu) belongs to a body with its own legal status (Decree 99/2016/NĐ-CP on the management
  and use of seals; its use on documents: Decree 30/2020/NĐ-CP): the board has one; a phòng of the board
  has none, and its head signs with the name only ("Ký, ghi rõ họ và tên"); a centre or a Ban QLDA may
  (a unit setting, `Unit.has_seal`).

Pure: the service passes the nominee's chain of levels as plain data and prints what this returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SEALED = "(Ký, đóng dấu)"
UNSEALED = "(Ký, ghi rõ họ và tên)"


@dataclass(frozen=True)
class Holder:
    """The head of a level: `key` identifies the human ('P12' for a person, 'S3' for the board's signer;
    the service gives a signer who is also the nominee the nominee's key)."""

    key: str
    full_name: str
    title: str  # Trưởng phòng, Giám đốc, Trưởng Ban


@dataclass(frozen=True)
class Level:
    """One level of the nominee's chain: their unit, its parents, and the board last."""

    name: str
    head: Holder | None
    has_seal: bool
    is_board: bool = False


@dataclass(frozen=True)
class Signature:
    """One signing block: the level it speaks for (index into the chain), who signs (None: not recorded,
    the name is left for the hand), and the note under the heading."""

    level: int
    holder: Holder | None
    note: str


@dataclass(frozen=True)
class ReportSignatures:
    """`reporter`: who reports (the person, or the collective's head); `certifier`: the head who confirms
    an individual's report (None for a collective, and when no level above the nominee exists);
    `proposer`: the "Xác nhận của cấp trình khen thưởng" block, or None when it is not needed."""

    reporter: Signature
    certifier: Signature | None
    proposer: Signature | None


def seal_note(level: Level) -> str:
    """'(Ký, đóng dấu)' for a body with a seal (the board always has one), else '(Ký, ghi rõ họ và tên)'."""
    return SEALED if (level.is_board or level.has_seal) else UNSEALED


def _check_chain(chain: Sequence[Level]) -> None:
    if len(chain) < 2 or not chain[-1].is_board or any(level.is_board for level in chain[:-1]):
        raise ValueError("The chain is the nominee's unit, its parents, then the board (last, once).")


def certifying_level(chain: Sequence[Level], nominee_key: str) -> int | None:
    """The first level, from the nominee's unit up, whose head is recorded and is not the nominee.

    A level whose head is the nominee is passed over (a deputy never confirms their own head's report),
    as is a level with no head recorded; the board is the last resort: without a recorded head its block
    is printed with the name left blank. None only when the nominee heads the board itself.
    """
    _check_chain(chain)
    for index, level in enumerate(chain):
        if level.head is not None and level.head.key == nominee_key:
            continue
        if level.head is not None or level.is_board:
            return index
    return None


def proposing_level(chain: Sequence[Level], *, decided_by_board: bool, collective: bool) -> int:
    """The level that puts the proposal forward: just below the deciding authority.

    The board decides: the nominee's top-level unit (the level just below the board); decided above the
    board: the board. A collective is never its own cấp trình: at least the level above it.
    """
    _check_chain(chain)
    board = len(chain) - 1
    index = board if not decided_by_board else board - 1
    return max(index, 1) if collective else index


def report_signatures(chain: Sequence[Level], *, collective: bool, nominee_key: str = "",
                      decided_by_board: bool) -> ReportSignatures:
    """The signing blocks of an achievement report.

    `chain`: the nominee's unit (for a collective: the collective itself), its parents, the board last.
    `nominee_key`: the individual's key (ignored for a collective, which its own head signs).
    """
    _check_chain(chain)
    proposing = proposing_level(chain, decided_by_board=decided_by_board, collective=collective)
    if collective:
        own = chain[0]
        proposer = Signature(proposing, chain[proposing].head, seal_note(chain[proposing]))
        return ReportSignatures(reporter=Signature(0, own.head, seal_note(own)), certifier=None,
                                proposer=proposer)
    reporter = Signature(0, None, UNSEALED)  # the person signs with their name, never a seal
    certifying = certifying_level(chain, nominee_key)
    certifier = None if certifying is None else Signature(certifying, chain[certifying].head,
                                                          seal_note(chain[certifying]))
    proposer = None
    if certifying is None or proposing > certifying:
        level = chain[proposing]
        if level.head is None or level.head.key != nominee_key:
            proposer = Signature(proposing, level.head, seal_note(level))
    return ReportSignatures(reporter=reporter, certifier=certifier, proposer=proposer)
