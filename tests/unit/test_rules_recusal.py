"""Recusal: each automatic reason, the collective's sub-units and parent, manual conflicts, the ballot setting."""

import pytest

from campaign.rules.recusal import (
    InitiativeFacts,
    ManualConflict,
    Member,
    NominationFacts,
    ancestors,
    ballot_rule,
    may_vote,
    recusal_reasons,
    recused_ids,
)

# VP ─ VP.TH ─ VP.TH.A ;  KHDT ─ KHDT.X ;  QLDAHT ─ QLDAHT.KH, QLDAHT.KT ;  LDB (the board's leaders)
PARENTS = {1: None, 2: 1, 3: 2, 10: None, 11: 10, 20: None, 21: 20, 22: 20, 30: None}
NAMES = {1: "Văn phòng", 2: "Tổ Tổng hợp – Hành chính", 3: "Nhóm Văn thư", 10: "Phòng Kế hoạch – Đầu tư",
         11: "Tổ Đầu tư", 20: "Ban QLDA Hạ tầng", 21: "Phòng Kế hoạch – Tổng hợp", 22: "Phòng Kỹ thuật – Thẩm định",
         30: "Lãnh đạo Ban"}
# council members: person id → unit id
MEMBERS = [Member(person_id, unit_id) for person_id, unit_id in
           [(101, 1), (102, 2), (103, 3), (110, 10), (111, 11), (120, 20), (121, 21), (122, 22), (130, 30)]]


def reasons_for(nomination, **kw):
    return recusal_reasons(MEMBERS, nomination, PARENTS, unit_names=NAMES, **kw)


def test_every_member_gets_a_list():
    result = reasons_for(NominationFacts(nominating_unit_id=30, nominee_person_id=999))
    assert set(result) == {m.person_id for m in MEMBERS}
    assert recused_ids(result) == {130}  # only the nominating unit's member


@pytest.mark.parametrize(
    "nomination, expected",
    [
        # an individual of Phòng Kế hoạch – Tổng hợp: the nominee (also of the nominating unit)
        (NominationFacts(nominating_unit_id=21, nominee_person_id=121),
         {121: ["Là người được đề nghị khen thưởng.",
                "Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Tổng hợp)."]}),
        # the nominating unit includes its sub-units, but not the unit above it
        (NominationFacts(nominating_unit_id=10, nominee_person_id=999),
         {110: ["Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư)."],
          111: ["Thuộc Tổ Đầu tư, đơn vị trực thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư)."]}),
        (NominationFacts(nominating_unit_id=11, nominee_person_id=999),
         {111: ["Thuộc đơn vị đề nghị khen thưởng (Tổ Đầu tư)."]}),
        # a collective nominated by itself: its own members, and the unit directly above it; siblings not
        (NominationFacts(nominating_unit_id=21, nominee_unit_id=21),
         {121: ["Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Tổng hợp).",
                "Thuộc tập thể được đề nghị khen thưởng (Phòng Kế hoạch – Tổng hợp)."],
          120: ["Thuộc Ban QLDA Hạ tầng, đơn vị cấp trên trực tiếp của tập thể được đề nghị khen thưởng "
                "(Phòng Kế hoạch – Tổng hợp)."]}),
        # a collective with sub-units, nominated by its parent
        (NominationFacts(nominating_unit_id=1, nominee_unit_id=2),
         {101: ["Thuộc đơn vị đề nghị khen thưởng (Văn phòng).",
                "Thuộc Văn phòng, đơn vị cấp trên trực tiếp của tập thể được đề nghị khen thưởng "
                "(Tổ Tổng hợp – Hành chính)."],
          102: ["Thuộc Tổ Tổng hợp – Hành chính, đơn vị trực thuộc đơn vị đề nghị khen thưởng (Văn phòng).",
                "Thuộc tập thể được đề nghị khen thưởng (Tổ Tổng hợp – Hành chính)."],
          103: ["Thuộc Nhóm Văn thư, đơn vị trực thuộc đơn vị đề nghị khen thưởng (Văn phòng).",
                "Thuộc Nhóm Văn thư, đơn vị trực thuộc tập thể được đề nghị khen thưởng "
                "(Tổ Tổng hợp – Hành chính)."]}),
        # the parent is the unit directly above: the grandparent (Văn phòng, 101) is not recused
        (NominationFacts(nominating_unit_id=3, nominee_unit_id=3),
         {103: ["Thuộc đơn vị đề nghị khen thưởng (Nhóm Văn thư).",
                "Thuộc tập thể được đề nghị khen thưởng (Nhóm Văn thư)."],
          102: ["Thuộc Tổ Tổng hợp – Hành chính, đơn vị cấp trên trực tiếp của tập thể được đề nghị khen "
                "thưởng (Nhóm Văn thư)."]}),
        # an initiative's authors, from another unit too
        (NominationFacts(nominating_unit_id=10, nominee_person_id=110, initiatives=(
            InitiativeFacts("Số hóa hồ sơ đầu tư", frozenset({110, 122})),
            InitiativeFacts("Bản đồ dự án trực tuyến", frozenset({122, 999})))),
         {110: ["Là người được đề nghị khen thưởng.", "Thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư).",
                "Là tác giả sáng kiến mà hồ sơ dựa vào (Số hóa hồ sơ đầu tư)."],
          111: ["Thuộc Tổ Đầu tư, đơn vị trực thuộc đơn vị đề nghị khen thưởng (Phòng Kế hoạch – Đầu tư)."],
          122: ["Là tác giả sáng kiến mà hồ sơ dựa vào (Số hóa hồ sơ đầu tư).",
                "Là tác giả sáng kiến mà hồ sơ dựa vào (Bản đồ dự án trực tuyến)."]}),
    ],
)
def test_automatic_reasons(nomination, expected):
    result = reasons_for(nomination)
    assert {pid: why for pid, why in result.items() if why} == expected
    assert all(result[m.person_id] == [] for m in MEMBERS if m.person_id not in expected)  # unrelated units


def test_manual_conflict_with_its_reason():
    nomination = NominationFacts(nominating_unit_id=21, nominee_person_id=121)
    result = reasons_for(nomination, manual=[ManualConflict(130, "  Là vợ của người được đề nghị. "),
                                             ManualConflict(121, "Có quan hệ thân nhân")])
    assert result[130] == ["Chủ tịch Hội đồng ghi nhận xung đột lợi ích: Là vợ của người được đề nghị."]
    assert result[121][-1] == "Chủ tịch Hội đồng ghi nhận xung đột lợi ích: Có quan hệ thân nhân."
    assert len(result[121]) == 3  # nominee, nominating unit, and the chair's conflict
    assert recused_ids(result) == {121, 130}


@pytest.mark.parametrize("conflict", [ManualConflict(130, "  "), ManualConflict(130, ""), ManualConflict(555, "x")])
def test_manual_conflict_needs_a_reason_and_a_member(conflict):
    with pytest.raises(ValueError):
        reasons_for(NominationFacts(nominating_unit_id=21), manual=[conflict])


def test_unit_without_a_name_and_member_without_a_unit():
    members = [Member(1, None), Member(2, 7)]
    result = recusal_reasons(members, NominationFacts(nominating_unit_id=7, nominee_unit_id=7), {7: None})
    assert result == {1: [], 2: ["Thuộc đơn vị đề nghị khen thưởng (đơn vị mã 7).",
                                 "Thuộc tập thể được đề nghị khen thưởng (đơn vị mã 7)."]}


def test_a_cycle_in_the_unit_tree_does_not_hang():
    assert ancestors(1, {1: 2, 2: 1}) == [1, 2]
    assert ancestors(3, PARENTS) == [3, 2, 1]
    assert ancestors(None, PARENTS) == []


@pytest.mark.parametrize(
    "reasons, recused_leave_ballot, allowed",
    [
        ([], True, True),
        ([], False, True),
        (["Là người được đề nghị khen thưởng."], True, False),
        (["Là người được đề nghị khen thưởng."], False, True),
    ],
)
def test_may_vote_follows_the_session_setting(reasons, recused_leave_ballot, allowed):
    assert may_vote(reasons, recused_leave_ballot=recused_leave_ballot) is allowed


def test_ballot_setting_on_the_whole_council():
    result = reasons_for(NominationFacts(nominating_unit_id=10, nominee_person_id=110))
    off_ballot = {pid for pid, why in result.items() if not may_vote(why, recused_leave_ballot=True)}
    assert off_ballot == {110, 111}
    assert all(may_vote(why, recused_leave_ballot=False) for why in result.values())


def test_the_minutes_say_which_rule_applied():
    assert ballot_rule(True) == ("Thành viên thuộc diện tránh chấm điểm không bỏ phiếu đối với hồ sơ đó; tỷ lệ "
                                 "đồng ý vẫn tính trên tổng số thành viên Hội đồng.")
    assert ballot_rule(False).startswith("Thành viên thuộc diện tránh chấm điểm vẫn bỏ phiếu")
