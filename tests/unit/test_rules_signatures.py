"""rules.signatures: who confirms an achievement report, the cấp trình khen thưởng block, and the seal."""

from __future__ import annotations

import itertools

import pytest

from campaign.rules.signatures import (
    SEALED,
    UNSEALED,
    Holder,
    Level,
    certifying_level,
    proposing_level,
    report_signatures,
    seal_note,
)

LOAN = Holder("P1", "Nguyễn Thị Loan", "Trưởng phòng")
BINH = Holder("P2", "Trần Xuân Bình", "Giám đốc")
CHIEN = Holder("S1", "Trần Minh Chiến", "Trưởng Ban")
STAFF = "P9"  # a staff member who heads nothing


def board(head: Holder | None = CHIEN) -> Level:
    return Level("Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa", head, has_seal=False, is_board=True)


def phong(head: Holder | None = LOAN, *, seal: bool = False) -> Level:
    return Level("Phòng Kế hoạch – Đầu tư và Xúc tiến", head, has_seal=seal)


def ban_qlda(head: Holder | None = BINH, *, seal: bool = True) -> Level:
    return Level("Ban Quản lý dự án hạ tầng", head, has_seal=seal)


# --- the cases of the demo ---------------------------------------------------------------------------


def test_a_unit_head_is_confirmed_one_level_up_by_the_board():
    signatures = report_signatures([phong(), board()], collective=False, nominee_key=LOAN.key,
                                   decided_by_board=True)
    assert signatures.certifier.holder == CHIEN and signatures.certifier.note == SEALED
    assert signatures.proposer is None  # the board confirms and decides: no second block


def test_a_sub_unit_head_is_confirmed_by_the_parent_units_head():
    chain = [Level("Phòng Kế hoạch – Tổng hợp", Holder("P3", "Dương Kim Trinh", "Trưởng phòng"), False),
             ban_qlda(), board()]
    signatures = report_signatures(chain, collective=False, nominee_key="P3", decided_by_board=True)
    assert signatures.certifier.holder == BINH and signatures.certifier.level == 1
    assert signatures.certifier.note == SEALED  # the Ban QLDA has its own seal
    assert signatures.proposer is None  # the Ban QLDA is also the level that proposes to the board


def test_a_staff_member_is_confirmed_by_their_head_without_a_seal_for_a_phong():
    signatures = report_signatures([phong(), board()], collective=False, nominee_key=STAFF, decided_by_board=True)
    assert signatures.certifier.holder == LOAN and signatures.certifier.note == UNSEALED
    assert signatures.reporter.note == UNSEALED
    assert signatures.proposer is None  # the phòng itself proposes to the board


def test_an_award_decided_above_the_board_has_the_board_as_cap_trinh():
    signatures = report_signatures([phong(), board()], collective=False, nominee_key=STAFF, decided_by_board=False)
    assert signatures.certifier.holder == LOAN
    assert signatures.proposer.holder == CHIEN and signatures.proposer.level == 1
    assert signatures.proposer.note == SEALED


def test_a_sub_unit_member_for_a_board_award_is_proposed_by_the_parent_unit():
    chain = [Level("Phòng Kế hoạch – Tổng hợp", Holder("P3", "Dương Kim Trinh", "Trưởng phòng"), False),
             ban_qlda(), board()]
    signatures = report_signatures(chain, collective=False, nominee_key=STAFF, decided_by_board=True)
    assert signatures.certifier.holder.key == "P3" and signatures.certifier.note == UNSEALED
    assert signatures.proposer.holder == BINH and signatures.proposer.note == SEALED


def test_a_unit_head_for_an_award_above_the_board_is_confirmed_by_the_board_once():
    signatures = report_signatures([phong(), board()], collective=False, nominee_key=LOAN.key,
                                   decided_by_board=False)
    assert signatures.certifier.holder == CHIEN
    assert signatures.proposer is None


def test_a_unit_without_a_head_recorded_is_confirmed_by_the_parent():
    chain = [Level("Tổ Tổng hợp – Hành chính", None, False),
             Level("Văn phòng", Holder("P4", "Lê Hoàng Thắng", "Chánh Văn phòng"), False), board()]
    signatures = report_signatures(chain, collective=False, nominee_key=STAFF, decided_by_board=True)
    assert signatures.certifier.holder.key == "P4" and signatures.certifier.level == 1


def test_the_board_without_a_head_recorded_leaves_the_name_to_the_hand():
    signatures = report_signatures([phong(), board(head=None)], collective=False, nominee_key=LOAN.key,
                                   decided_by_board=True)
    assert signatures.certifier.level == 1 and signatures.certifier.holder is None
    assert signatures.certifier.note == SEALED


def test_the_head_of_the_board_is_confirmed_by_nobody_of_the_board():
    me = Holder("P7", "Trần Minh Chiến", "Trưởng Ban")
    signatures = report_signatures([phong(head=None), board(head=me)], collective=False, nominee_key="P7",
                                   decided_by_board=False)
    assert signatures.certifier is None and signatures.proposer is None


def test_a_collective_is_signed_by_its_head_and_confirmed_above_it():
    signatures = report_signatures([phong(), board()], collective=True, decided_by_board=True)
    assert signatures.reporter.holder == LOAN and signatures.reporter.note == UNSEALED
    assert signatures.certifier is None
    assert signatures.proposer.holder == CHIEN and signatures.proposer.level == 1


def test_a_sub_unit_collective_is_proposed_by_its_parent_for_a_board_award():
    chain = [Level("Phòng Kế hoạch – Tổng hợp", Holder("P3", "Dương Kim Trinh", "Trưởng phòng"), False),
             ban_qlda(), board()]
    board_award = report_signatures(chain, collective=True, decided_by_board=True)
    assert board_award.proposer.holder == BINH
    province_award = report_signatures(chain, collective=True, decided_by_board=False)
    assert province_award.proposer.holder == CHIEN


def test_a_collective_with_a_seal_signs_with_it():
    signatures = report_signatures([ban_qlda(), board()], collective=True, decided_by_board=False)
    assert signatures.reporter.holder == BINH and signatures.reporter.note == SEALED


def test_the_levels_that_propose():
    two, three = [phong(), board()], [phong(), ban_qlda(), board()]
    assert proposing_level(two, decided_by_board=True, collective=False) == 0
    assert proposing_level(two, decided_by_board=True, collective=True) == 1
    assert proposing_level(two, decided_by_board=False, collective=False) == 1
    assert proposing_level(three, decided_by_board=True, collective=False) == 1
    assert proposing_level(three, decided_by_board=False, collective=True) == 2


def test_seal_notes():
    assert seal_note(board()) == SEALED  # the board always has its seal
    assert seal_note(phong()) == UNSEALED
    assert seal_note(phong(seal=True)) == SEALED
    assert SEALED == "(Ký, đóng dấu)" and UNSEALED == "(Ký, ghi rõ họ và tên)"


@pytest.mark.parametrize("chain", [[], [phong()], [board()], [phong(), board(), phong()], [board(), board()]])
def test_a_chain_ends_with_the_board_once(chain):
    with pytest.raises(ValueError):
        report_signatures(chain, collective=False, nominee_key=STAFF, decided_by_board=True)
    with pytest.raises(ValueError):
        certifying_level(chain, STAFF)


# --- every shape -------------------------------------------------------------------------------------

HEADS = {"head": lambda i: Holder(f"H{i}", f"Người đứng đầu {i}", "Trưởng"), "none": lambda i: None}


def _chains():
    """Every chain of one to three units under the board, each unit with or without a head and a seal,
    the board with or without a head; the nominee heads one of the levels or none."""
    for depth in (1, 2, 3):
        for heads in itertools.product(HEADS, repeat=depth + 1):
            for seals in itertools.product((False, True), repeat=depth):
                units = [Level(f"Đơn vị {i}", HEADS[heads[i]](i), seals[i]) for i in range(depth)]
                chain = [*units, Level("Ban", HEADS[heads[depth]](depth), False, is_board=True)]
                yield chain


CHAINS = list(_chains())


def test_the_enumeration_is_complete():
    assert len(CHAINS) == sum(2 ** (d + 1) * 2 ** d for d in (1, 2, 3))  # 8 + 32 + 128


@pytest.mark.parametrize("decided_by_board", [True, False])
def test_no_individual_is_ever_confirmed_or_proposed_by_themselves(decided_by_board):
    for chain in CHAINS:
        keys = [level.head.key for level in chain if level.head] + [STAFF]
        for nominee in keys:
            signatures = report_signatures(chain, collective=False, nominee_key=nominee,
                                           decided_by_board=decided_by_board)
            blocks = [b for b in (signatures.certifier, signatures.proposer) if b is not None]
            assert all(b.holder is None or b.holder.key != nominee for b in blocks)
            certifier = signatures.certifier
            if certifier is not None:
                # The first level up from the unit whose head is known and is someone else (the board last).
                before = chain[:certifier.level]
                assert all(level.head is None or level.head.key == nominee for level in before)
                level = chain[certifier.level]
                assert level.is_board or (level.head is not None and level.head.key != nominee)
                assert certifier.note == (SEALED if level.is_board or level.has_seal else UNSEALED)
            else:
                assert chain[-1].head is not None and chain[-1].head.key == nominee
            # The cấp trình block: only above the level that already confirms, and always for an
            # award decided above the board unless the board already confirms.
            proposing = proposing_level(chain, decided_by_board=decided_by_board, collective=False)
            if signatures.proposer is not None:
                assert signatures.proposer.level == proposing
                assert certifier is None or proposing > certifier.level
            else:
                head = chain[proposing].head
                assert (certifier is not None and proposing <= certifier.level) or (
                    head is not None and head.key == nominee)
            assert signatures.reporter.note == UNSEALED


@pytest.mark.parametrize("decided_by_board", [True, False])
def test_every_collective_is_signed_by_its_head_and_confirmed_from_above(decided_by_board):
    for chain in CHAINS:
        signatures = report_signatures(chain, collective=True, decided_by_board=decided_by_board)
        assert signatures.reporter.level == 0 and signatures.reporter.holder == chain[0].head
        assert signatures.certifier is None
        proposer = signatures.proposer
        assert proposer is not None and proposer.level >= 1
        expected = len(chain) - 1 if not decided_by_board else max(len(chain) - 2, 1)
        assert proposer.level == expected and proposer.holder == chain[expected].head
