"""The council's ranking (rules/ranking.py): table-driven, every position with its reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from campaign.rules.ranking import (
    OUT,
    RECOMMENDED,
    RESERVE,
    Nominee,
    dependent_quota,
    override_refusal,
    percent,
    rank,
    rank_dependent,
)
from campaign.rules.voting import Threshold

TWO_THIRDS = Threshold(Fraction(2, 3))
MAJORITY = Threshold(Fraction(1, 2), strict=True)
HALF_OR_MORE = Threshold(Fraction(1, 2))
DAY = dt.datetime(2026, 11, 2, 8, 0)


def nominee(key, agreements=9, score="80", *, female=False, leader=False, eligible=True, reason="",
            hours=0, subject=""):
    return Nominee(key=key, name=f"Người {key}", is_female=female, is_leader=leader, eligible=eligible,
                   reason=reason, agreements=agreements,
                   total_score=None if score is None else Decimal(score),
                   submitted_at=DAY + dt.timedelta(hours=hours), subject=subject)


def keys(positions):
    return [p.key for p in positions]


THRESHOLD_CASES = [
    # agreements, members, threshold, passes
    (6, 9, TWO_THIRDS, True),  # two thirds of 9 is 6: met exactly, passes
    (5, 9, TWO_THIRDS, False),
    (5, 10, MAJORITY, False),  # > 50 % strict: exactly half fails
    (6, 10, MAJORITY, True),
    (5, 10, HALF_OR_MORE, True),  # the same boundary, not strict: passes
    (4, 10, HALF_OR_MORE, False),
    (0, 9, MAJORITY, False),  # no ballots
    (0, 0, HALF_OR_MORE, False),  # no council: nobody passes
    (9, 9, Threshold(Fraction(9, 10)), True),
]


@pytest.mark.parametrize(("agreements", "members", "threshold", "passes"), THRESHOLD_CASES)
def test_threshold_over_all_members(agreements, members, threshold, passes):
    result = rank([nominee("a", agreements)], members=members, threshold=threshold)
    position = result.position("a")
    assert position.passed_threshold is passes
    assert position.status == (RECOMMENDED if passes else OUT)
    assert position.ratio == Fraction(agreements, members or 1)
    assert isinstance(position.ratio, Fraction)
    if not passes:
        assert position.reason.startswith("Không đạt tỷ lệ đồng ý: ")
        assert f"{agreements}/{members} thành viên Hội đồng" in position.reason
        assert threshold.describe() in position.reason


def test_below_threshold_reason_reads_the_exact_figures():
    position = rank([nominee("a", 5)], members=10, threshold=MAJORITY).position("a")
    assert position.reason == ("Không đạt tỷ lệ đồng ý: 5/10 thành viên Hội đồng đồng ý (50%), "
                               "cần trên 50% tổng số thành viên Hội đồng.")


def test_no_ballots_everyone_out():
    result = rank([nominee("a", 0), nominee("b", 0, score=None)], members=9, threshold=MAJORITY, quota=3)
    assert keys(result.out) == ["a", "b"] and not result.recommended and not result.reserve


def test_ineligible_keeps_the_eligibility_reason_even_with_every_vote():
    reason = "Chưa có danh hiệu «Lao động tiên tiến» năm 2026 (và chưa được đề nghị cùng đợt)."
    result = rank([nominee("a", 9, eligible=False, reason=reason), nominee("b", 7)], members=9,
                  threshold=TWO_THIRDS)
    assert result.position("a").status == OUT
    assert result.position("a").reason == reason
    assert result.position("a").passed_threshold is True  # the votes were there; eligibility decides
    assert keys(result.recommended) == ["b"]


ORDER_CASES = [
    # name, nominees, women_priority, expected order
    ("ratio first", [nominee("a", 6, "99"), nominee("b", 8, "50")], True, ["b", "a"]),
    ("then score", [nominee("a", 8, "70"), nominee("b", 8, "90.5")], True, ["b", "a"]),
    ("not scored after scored", [nominee("a", 8, None), nominee("b", 8, "1")], True, ["b", "a"]),
    ("women first at equal merit", [nominee("a", 8, "80"), nominee("b", 8, "80", female=True, hours=5)], True,
     ["b", "a"]),
    ("women tie-break off: earlier submission", [nominee("a", 8, "80"), nominee("b", 8, "80", female=True, hours=5)],
     False, ["a", "b"]),
    ("women never beat a higher score", [nominee("a", 8, "81"), nominee("b", 8, "80", female=True)], True,
     ["a", "b"]),
    ("tie: earlier submission", [nominee("a", 8, "80", hours=3), nominee("b", 8, "80", hours=1)], True, ["b", "a"]),
    ("full tie: by key, stable", [nominee("b", 8, "80"), nominee("a", 8, "80")], True, ["a", "b"]),
]


@pytest.mark.parametrize(("nominees", "women", "expected"), [c[1:] for c in ORDER_CASES],
                         ids=[c[0] for c in ORDER_CASES])
def test_order(nominees, women, expected):
    result = rank(nominees, members=9, threshold=MAJORITY, women_priority=women)
    assert keys(result.recommended) == expected
    assert [p.order for p in result.recommended] == [1, 2]


def test_tie_reasons_say_why():
    women = rank([nominee("a", 8), nominee("b", 8, female=True, hours=5)], members=9, threshold=MAJORITY)
    assert "xếp sau do ưu tiên nữ (Nghị định số 98/2023/NĐ-CP, Điều 4)" in women.position("a").reason
    later = rank([nominee("a", 8), nominee("b", 8, female=True, hours=5)], members=9, threshold=MAJORITY,
                 women_priority=False)
    assert "xếp sau do nộp hồ sơ muộn hơn" in later.position("b").reason
    assert "ưu tiên nữ" not in later.position("b").reason


QUOTA_CASES = [
    # quota, recommended, reserve
    (None, ["a", "b", "c"], []),
    (0, [], ["a", "b", "c"]),  # a quota of zero: everyone passing is the reserve, in order
    (1, ["a"], ["b", "c"]),
    (2, ["a", "b"], ["c"]),
    (5, ["a", "b", "c"], []),
]


@pytest.mark.parametrize(("quota", "recommended", "reserve"), QUOTA_CASES)
def test_quota_cuts_and_the_reserve_is_in_order(quota, recommended, reserve):
    nominees = [nominee("c", 7), nominee("a", 9), nominee("b", 8), nominee("x", 2)]
    result = rank(nominees, members=9, threshold=MAJORITY, quota=quota)
    assert keys(result.recommended) == recommended
    assert keys(result.reserve) == reserve
    assert keys(result.out) == ["x"]
    assert [p.reserve_order for p in result.reserve] == list(range(1, len(reserve) + 1))
    for place, position in enumerate(result.reserve, start=1):
        assert position.reason.endswith(f"Ngoài chỉ tiêu {quota}. Dự bị thứ {place}.")
    if quota is None:
        assert all(p.reason.endswith("(không giới hạn chỉ tiêu).") for p in result.recommended)


def test_leaders_cap():
    nominees = [nominee("l1", 9, leader=True), nominee("l2", 9, "79", leader=True), nominee("s1", 8),
                nominee("s2", 7), nominee("l3", 7, "10", leader=True)]
    result = rank(nominees, members=9, threshold=MAJORITY, quota=3, leaders_cap=1)
    assert keys(result.recommended) == ["l1", "s1", "s2"]  # l2 is second on merit but leaders are full
    assert keys(result.reserve) == ["l2", "l3"]
    assert "Đã đủ số lãnh đạo tối đa được đề nghị (1)." in result.position("l2").reason
    assert result.position("l2").order == 2
    no_leaders = rank(nominees, members=9, threshold=MAJORITY, leaders_cap=0)
    assert keys(no_leaders.recommended) == ["s1", "s2"]


REASON = "Có thành tích đột xuất được UBND tỉnh ghi nhận."


def test_override_up_takes_the_last_place_within_the_quota():
    nominees = [nominee("a", 9), nominee("b", 8), nominee("c", 7), nominee("d", 6)]
    result = rank(nominees, members=9, threshold=MAJORITY, quota=2, overrides={"d": REASON})
    assert keys(result.recommended) == ["a", "d"]
    assert keys(result.reserve) == ["b", "c"]
    moved = result.position("d")
    assert (moved.moved, moved.override_reason) == ("up", REASON)
    assert moved.reason.endswith("Chủ tịch Hội đồng đưa vào danh sách đề nghị: " + REASON)
    assert "do Chủ tịch Hội đồng đưa hồ sơ khác vào danh sách đề nghị" in result.position("b").reason
    assert result.position("b").moved is None and result.position("b").override_reason is None


def test_override_down_lets_the_next_in_reserve_up():
    nominees = [nominee("a", 9), nominee("b", 8), nominee("c", 7)]
    result = rank(nominees, members=9, threshold=MAJORITY, quota=2, overrides={"a": "  " + REASON + " "})
    assert keys(result.recommended) == ["b", "c"]
    assert keys(result.reserve) == ["a"]
    moved = result.position("a")
    assert (moved.moved, moved.override_reason) == ("down", REASON)
    assert "Chủ tịch Hội đồng đưa xuống danh sách dự bị: " + REASON in moved.reason


@pytest.mark.parametrize("reason", [None, "", "   ", "Lý do", "123456789", " 12345678 "])
def test_override_refused_without_a_written_reason(reason):
    assert override_refusal(reason) is not None
    with pytest.raises(ValueError, match="ghi rõ lý do"):
        rank([nominee("a", 9), nominee("b", 8)], members=9, threshold=MAJORITY, quota=1,
             overrides={"b": reason})


def test_override_reason_of_ten_characters_is_enough():
    assert override_refusal("1234567890") is None
    result = rank([nominee("a", 9), nominee("b", 8)], members=9, threshold=MAJORITY, quota=1,
                  overrides={"b": "1234567890"})
    assert keys(result.recommended) == ["b"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"x": REASON}, "không đủ điều kiện hoặc không đạt tỷ lệ đồng ý"),  # below the threshold
    ({"i": REASON}, "không đủ điều kiện hoặc không đạt tỷ lệ đồng ý"),  # ineligible
    ({"zz": REASON}, "không có trong danh sách xét"),
    ({"b": REASON, "c": REASON}, "vượt chỉ tiêu"),  # two up into one place
])
def test_override_refusals(overrides, message):
    nominees = [nominee("a", 9), nominee("b", 8), nominee("c", 7), nominee("x", 1),
                nominee("i", 9, eligible=False, reason="Bị kỷ luật.")]
    with pytest.raises(ValueError, match=message):
        rank(nominees, members=9, threshold=MAJORITY, quota=1, overrides=overrides)


def test_override_of_a_leader_past_the_cap_displaces_another_leader():
    nominees = [nominee("l1", 9, leader=True), nominee("l2", 8, leader=True), nominee("s", 7)]
    result = rank(nominees, members=9, threshold=MAJORITY, leaders_cap=1, overrides={"l2": REASON})
    assert keys(result.recommended) == ["l2", "s"]
    assert keys(result.reserve) == ["l1"]
    assert result.position("l1").reason.endswith(
        "Đã đủ số lãnh đạo tối đa được đề nghị (1) do Chủ tịch Hội đồng đưa hồ sơ khác vào danh sách đề nghị. "
        "Dự bị thứ 1.")
    with pytest.raises(ValueError, match="số lãnh đạo tối đa"):
        rank(nominees + [nominee("l3", 7, leader=True)], members=9, threshold=MAJORITY, leaders_cap=1,
             overrides={"l2": REASON, "l3": REASON})


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"quota": -1}, "Chỉ tiêu không được âm"),
    ({"leaders_cap": -1}, "lãnh đạo tối đa không được âm"),
])
def test_negative_limits_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rank([nominee("a")], members=9, threshold=MAJORITY, **kwargs)


def test_unknown_position_is_a_key_error():
    with pytest.raises(KeyError):
        rank([nominee("a")], members=9, threshold=MAJORITY).position("b")


@pytest.mark.parametrize("agreements", [-1, 10])
def test_agreements_beyond_the_council_refused(agreements):
    with pytest.raises(ValueError, match="phải từ 0 đến 9"):
        rank([nominee("a", agreements)], members=9, threshold=MAJORITY)


def test_duplicate_keys_refused():
    with pytest.raises(ValueError, match="trùng mã"):
        rank([nominee("a"), nominee("a")], members=9, threshold=MAJORITY)


@pytest.mark.parametrize(("percent_of_base", "base", "quota", "cap"), [
    (15, 13, None, 1),  # 15 % of 13 LĐTT is 1 (1,95 rounded down)
    (15, 20, None, 3),
    (15, 6, None, 0),
    (15, 0, None, 0),
    ("15", 40, 4, 4),  # the list's own quota when it is smaller
    (Decimal("12.5"), 16, None, 2),
])
def test_dependent_quota(percent_of_base, base, quota, cap):
    assert dependent_quota(percent_of_base, base, quota) == cap


def test_cstdcs_capped_by_ldtt_of_the_same_session():
    ldtt_nominees = [nominee(f"ldtt-{i}", 9, subject=f"p{i}") for i in range(13)] + [
        nominee("ldtt-13", 3, subject="p13")]  # p13 not recommended for LĐTT
    ldtt = rank(ldtt_nominees, members=9, threshold=MAJORITY)
    assert len(ldtt.recommended) == 13
    cstdcs_nominees = [nominee("cs-1", 8, "90", subject="p1"), nominee("cs-2", 8, "85", subject="p2"),
                       nominee("cs-13", 9, "99", subject="p13"),
                       nominee("cs-4", 9, eligible=False, reason="Chưa có sáng kiến được công nhận cấp cơ sở trở lên.",
                               subject="p4")]
    result = rank_dependent(cstdcs_nominees, ldtt, ldtt_nominees, percent_of_base=15, members=9,
                            threshold=TWO_THIRDS)
    assert result.quota == 1
    assert keys(result.recommended) == ["cs-1"]
    assert keys(result.reserve) == ["cs-2"]
    assert result.position("cs-2").reason.endswith("Ngoài chỉ tiêu 1. Dự bị thứ 1.")
    dropped = result.position("cs-13")
    assert dropped.status == OUT
    assert dropped.reason == "Không được Hội đồng đề nghị danh hiệu «Lao động tiên tiến» trong cùng phiên họp."
    assert result.position("cs-4").reason == "Chưa có sáng kiến được công nhận cấp cơ sở trở lên."


def test_cstdcs_after_ldtt_override_down_drops_out():
    ldtt_nominees = [nominee("l-a", 9, subject="a"), nominee("l-b", 8, subject="b")]
    ldtt = rank(ldtt_nominees, members=9, threshold=MAJORITY, quota=1, overrides={"l-a": REASON})
    assert keys(ldtt.recommended) == ["l-b"]
    result = rank_dependent([nominee("c-a", 9, subject="a")], ldtt, ldtt_nominees, percent_of_base=100,
                            members=9, threshold=TWO_THIRDS)
    assert keys(result.out) == ["c-a"]


@pytest.mark.parametrize(("ratio", "text"), [
    (Fraction(2, 3), "66,67%"), (Fraction(1, 2), "50%"), (Fraction(0), "0%"), (Fraction(1), "100%"),
])
def test_percent_reads_in_vietnamese(ratio, text):
    assert percent(ratio) == text


def test_positions_cover_every_nominee_once():
    nominees = [nominee(str(i), agreements=i % 10, score=str(i), female=i % 2 == 0, leader=i % 3 == 0,
                        eligible=i % 7 != 0, reason="Không đủ điều kiện.") for i in range(30)]
    result = rank(nominees, members=9, threshold=MAJORITY, quota=5, leaders_cap=2)
    assert sorted(keys(result.positions)) == sorted(n.key for n in nominees)
    assert len(result.recommended) == 5
    assert sum(1 for p in result.recommended if p.key in {n.key for n in nominees if n.is_leader}) <= 2
    assert all(p.reason for p in result.positions)
    assert [p.status for p in result.positions] == sorted(
        (p.status for p in result.positions), key=[RECOMMENDED, RESERVE, OUT].index)
