"""Eligibility rules: each condition kind, alternatives, sanctions, quotas and caps."""

import datetime as dt
from decimal import Decimal

import pytest

from campaign.rules.eligibility import Condition, NomineeFacts, cap_limit, evaluate, quota_limit

LDTT = dict(title_code="LDTT", title_name="Lao động tiên tiến")
CSTDCS = dict(title_code="CSTDCS", title_name="Chiến sĩ thi đua cơ sở")

CSTDCS_RULES = [Condition("same_year_title", **LDTT), Condition("initiative", level="co_so", count=1),
                Condition("cap_share", percent=Decimal(15), **LDTT)]
BANG_KHEN_RULES = [Condition("prior_title", alternative=1, years=2, **CSTDCS),
                   Condition("prior_title", alternative=2, years=2, **LDTT),
                   Condition("initiative", alternative=2, level="co_so", count=2)]
TTLDXS_RULES = [Condition("all_members_complete"),
                Condition("member_title_share", percent=Decimal(70), **LDTT),
                Condition("member_with_title", count=1, **CSTDCS),
                Condition("no_sanction", level="canh_cao")]
TTLDTT_RULES = [Condition("member_title_share", percent=Decimal(50), strict=True, **LDTT),
                Condition("no_sanction", level="canh_cao")]


def person(**kw):
    return NomineeFacts(kind="individual", year=2027, **kw)


def team(**kw):
    return NomineeFacts(kind="collective", year=2027, **kw)


# --- individuals ------------------------------------------------------------------------------------


def test_cstdcs_needs_ldtt_and_an_initiative():
    result = evaluate(CSTDCS_RULES, person())
    assert not result.eligible
    assert result.reasons == [
        "Chưa có danh hiệu «Lao động tiên tiến» năm 2027 (và chưa được đề nghị cùng đợt).",
        "Chưa có sáng kiến được công nhận cấp cơ sở trở lên.",
    ]
    assert result.notes == ["Số lượng không quá 15% số đạt «Lao động tiên tiến» trong đợt xét (tính chung toàn Ban)."]


def test_cstdcs_met_with_ldtt_pending_in_the_same_round_and_a_provincial_initiative():
    result = evaluate(CSTDCS_RULES, person(pending_titles={"LDTT"}, initiative_levels=["tinh"]))
    assert result.eligible and result.reasons == []


def test_cstdcs_met_with_ldtt_already_recorded_this_year():
    assert evaluate(CSTDCS_RULES, person(titles_by_year={2027: {"LDTT"}}, initiative_levels=["co_so"])).eligible


def test_an_unrecognised_level_does_not_count():
    assert not evaluate(CSTDCS_RULES, person(pending_titles={"LDTT"}, initiative_levels=["khac"])).eligible


def test_bang_khen_first_alternative_two_consecutive_years_cstdcs():
    assert evaluate(BANG_KHEN_RULES, person(titles_by_year={2025: {"CSTDCS"}, 2026: {"CSTDCS"}})).eligible
    assert evaluate(BANG_KHEN_RULES, person(titles_by_year={2026: {"CSTDCS"}, 2027: {"CSTDCS"}})).eligible


def test_bang_khen_years_must_be_consecutive():
    result = evaluate(BANG_KHEN_RULES, person(titles_by_year={2024: {"CSTDCS"}, 2026: {"CSTDCS"}}))
    assert not result.eligible
    assert "Phương án 1: Chưa đủ 2 năm liên tục đạt «Chiến sĩ thi đua cơ sở» (mới có 1 năm: 2026)." in result.reasons


def test_bang_khen_second_alternative_two_years_and_two_initiatives():
    facts = person(titles_by_year={2025: {"LDTT"}, 2026: {"LDTT"}}, initiative_levels=["co_so", "co_so"])
    assert evaluate(BANG_KHEN_RULES, facts).eligible
    facts.initiative_levels = ["co_so"]
    result = evaluate(BANG_KHEN_RULES, facts)
    assert not result.eligible
    assert result.reasons == [
        "Phương án 1: Chưa đủ 2 năm liên tục đạt «Chiến sĩ thi đua cơ sở» (chưa có năm nào).",
        "Phương án 2: Cần 2 sáng kiến được công nhận từ cấp cơ sở trở lên, mới có 1.",
    ]


@pytest.mark.parametrize("level", ["khien_trach", "canh_cao", "buoc_thoi_viec"])
def test_a_sanctioned_person_is_never_eligible(level):
    facts = person(titles_by_year={2025: {"CSTDCS"}, 2026: {"CSTDCS"}}, sanctions=[(level, dt.date(2027, 3, 5))])
    result = evaluate(BANG_KHEN_RULES, facts)
    assert not result.eligible
    assert result.reasons[0].startswith("Bị kỷ luật") and "05/03/2027" in result.reasons[0]


def test_no_conditions_means_eligible_unless_sanctioned():
    assert evaluate([], person()).eligible
    assert not evaluate([], person(sanctions=[("khien_trach", dt.date(2027, 1, 2))])).eligible


def test_individual_no_sanction_condition_uses_the_threshold():
    rules = [Condition("no_sanction", level="canh_cao")]
    assert evaluate(rules, NomineeFacts(kind="individual", year=2027)).eligible


def test_an_unknown_condition_kind_is_never_silently_met():
    result = evaluate([Condition("bogus")], person())
    assert not result.eligible and "không được hỗ trợ" in result.reasons[0]


# --- collectives -----------------------------------------------------------------------------------


def test_ttldxs_all_conditions_met():
    facts = team(members=10, member_titles={"LDTT": 7, "CSTDCS": 1}, all_members_complete=True)
    assert evaluate(TTLDXS_RULES, facts).eligible


def test_ttldxs_each_unmet_condition_is_explained():
    facts = team(members=10, member_titles={"LDTT": 6}, all_members_complete=None,
                 member_sanction_levels=["canh_cao"])
    result = evaluate(TTLDXS_RULES, facts)
    assert result.reasons == [
        "Chưa xác nhận mọi thành viên đều hoàn thành nhiệm vụ.",
        "Tỷ lệ thành viên đạt «Lao động tiên tiến» là 60% (6/10), cần từ 70% trở lên.",
        "Chưa có thành viên nào đạt «Chiến sĩ thi đua cơ sở».",
        "Có thành viên bị kỷ luật từ mức cảnh cáo trở lên trong thời gian xét.",
    ]


def test_a_reprimand_below_the_collective_threshold_does_not_count():
    facts = team(members=4, member_titles={"LDTT": 3}, member_sanction_levels=["khien_trach"])
    assert evaluate(TTLDTT_RULES, facts).eligible


@pytest.mark.parametrize(("holders", "members", "eligible"), [(5, 10, False), (6, 10, True), (2, 3, True),
                                                             (1, 2, False)])
def test_ttldtt_needs_more_than_half(holders, members, eligible):
    assert evaluate(TTLDTT_RULES, team(members=members, member_titles={"LDTT": holders})).eligible is eligible


def test_share_of_an_empty_collective():
    result = evaluate(TTLDTT_RULES, team(members=0))
    assert result.reasons[0] == "Chưa có số liệu thành viên của tập thể."


def test_fractional_share_is_written_with_a_decimal_comma():
    result = evaluate(TTLDXS_RULES[1:2], team(members=3, member_titles={"LDTT": 2}))
    assert result.reasons == ["Tỷ lệ thành viên đạt «Lao động tiên tiến» là 66,67% (2/3), cần từ 70% trở lên."]


def test_member_with_title_count():
    rules = [Condition("member_with_title", count=2, **CSTDCS)]
    assert evaluate(rules, team(members=5, member_titles={"CSTDCS": 2})).eligible
    assert evaluate(rules, team(members=5, member_titles={"CSTDCS": 1})).reasons == [
        "Cần ít nhất 2 thành viên đạt «Chiến sĩ thi đua cơ sở», mới có 1."]


def test_all_members_complete_false():
    assert evaluate([Condition("all_members_complete")], team(all_members_complete=False)).reasons == [
        "Còn thành viên chưa hoàn thành nhiệm vụ."]


# --- quotas and caps ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value", "staff", "units", "limit"), [
    ("count", 10, 0, 0, 10), ("share_staff", 15, 59, 7, 8), ("share_staff", 15, 20, 7, 3),
    ("share_units", 30, 59, 7, 2), ("share_units", Decimal("50"), 0, 4, 2), ("share_staff", 10, 9, 0, 0),
])
def test_quota_limit(kind, value, staff, units, limit):
    assert quota_limit(kind, value, staff=staff, units=units) == limit


@pytest.mark.parametrize(("base", "limit"), [(20, 3), (19, 2), (6, 0), (7, 1), (0, 0)])
def test_cstdcs_cap_is_15_percent_of_ldtt(base, limit):
    assert cap_limit(15, base) == limit


# --- registration (đăng ký thi đua) -------------------------------------------------------------------

UNREGISTERED = "Chưa đăng ký danh hiệu «Lao động tiên tiến» trong đợt đăng ký thi đua năm 2026."
REGISTRATION = dict(registration_award="Lao động tiên tiến", registration_round="năm 2026")


@pytest.mark.parametrize(("facts", "rules", "eligible", "reasons"), [
    # not checked (the form does not require it, or no window): the conditions alone decide
    (person(registered=None, **REGISTRATION), [], True, []),
    (person(registered=True, **REGISTRATION), [], True, []),
    (person(registered=False, **REGISTRATION), [], False, [UNREGISTERED]),
    # the conditions hold, the registration is missing: not eligible, with that one reason
    (person(registered=False, titles_by_year={2027: {"LDTT"}}, initiative_levels=["co_so"], **REGISTRATION),
     CSTDCS_RULES, False, [UNREGISTERED]),
    # both: the registration first, then the unmet conditions
    (person(registered=False, **REGISTRATION), [Condition("initiative", level="co_so", count=1)], False,
     [UNREGISTERED, "Chưa có sáng kiến được công nhận cấp cơ sở trở lên."]),
    (team(registered=False, members=10, member_titles={"LDTT": 6}, registration_award="Tập thể lao động tiên tiến",
          registration_round="Giai đoạn 1 (2026–2027)"), TTLDTT_RULES, False,
     ["Chưa đăng ký danh hiệu «Tập thể lao động tiên tiến» trong đợt đăng ký thi đua Giai đoạn 1 (2026–2027)."]),
    (team(registered=True, members=10, member_titles={"LDTT": 6}), TTLDTT_RULES, True, []),
    # a sanctioned person: the sanction, and the registration too
    (person(registered=False, sanctions=[("khien_trach", dt.date(2027, 3, 1))], **REGISTRATION), [], False,
     ["Bị kỷ luật khiển trách ngày 01/03/2027 trong thời gian xét: không đủ điều kiện khen thưởng.",
      UNREGISTERED]),
    # no names given: the reason still reads
    (person(registered=False), [], False, ["Chưa đăng ký danh hiệu này."]),
])
def test_registration_required(facts, rules, eligible, reasons):
    result = evaluate(rules, facts)
    assert (result.eligible, result.reasons) == (eligible, reasons)
