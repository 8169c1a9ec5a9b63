"""What both demo boards share: the award-form catalogue of DOMAIN.md, the base salary, and the legal
bases every campaign of the thi đua – khen thưởng law starts from.

Thresholds, coefficients and conditions are the *default* figures of DOMAIN.md ("Award forms"); the
office edits them in the catalogue. Bằng khen of the provincial chairman has two alternatives: two
consecutive years CSTĐCS, or two consecutive years of excellent completion with two initiatives at cơ
sở level, approximated here by two years LĐTT (the module does not record "hoàn thành xuất sắc").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .spec import (
    AwardSpec,
    CampaignSpec,
    ConditionSpec,
    CriterionSpec,
    FixedWindowSpec,
    GroupSpec,
    PhaseSpec,
    SalarySpec,
    WindowSpec,
)

LAW = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"
DECREE = ("Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết và hướng dẫn thi hành một số "
          "điều của Luật Thi đua, khen thưởng;")
CAMPAIGN_TITLE = "Đổi mới sáng tạo, phát triển khoa học, công nghệ, chuyển đổi số, chuyển đổi xanh"

_BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP của Chính phủ"
_BOARD_RULES = "; Quy chế thi đua, khen thưởng của Ban Quản lý"
TWO_THIRDS = Decimal("0.6667")
HALF = Decimal("0.5")

AWARDS: tuple[AwardSpec, ...] = (
    AwardSpec(
        code="GK", name="Giấy khen của Trưởng Ban Quản lý", kind="commendation", level="agency",
        authority="Trưởng Ban Quản lý", applies_to="both", decided_by_board=True,
        threshold_share=HALF, threshold_strict=True,
        bonus_individual=Decimal("0.3"), bonus_collective=Decimal("0.6"),
        legal_basis=_BASIS + _BOARD_RULES,
    ),
    AwardSpec(
        code="BKUBND", name="Bằng khen của Chủ tịch UBND tỉnh", kind="commendation", level="province",
        authority="Chủ tịch UBND tỉnh", applies_to="both", decided_by_board=False,
        threshold_share=TWO_THIRDS, threshold_strict=False,
        bonus_individual=Decimal("1.0"), bonus_collective=Decimal("2.0"),
        legal_basis=_BASIS + "; kế hoạch phát động phong trào của UBND tỉnh",
        conditions=(
            ConditionSpec("prior_title", alternative=1, title="CSTDCS", years=2),
            ConditionSpec("prior_title", alternative=2, title="LDTT", years=2,
                          note="thay cho hai năm liên tục hoàn thành xuất sắc nhiệm vụ"),
            ConditionSpec("initiative", alternative=2, level="co_so", count=2,
                          note="được áp dụng tại cơ sở"),
        ),
    ),
    AwardSpec(
        code="LDTT", name="Lao động tiên tiến", kind="title", level="agency",
        authority="Trưởng Ban Quản lý", applies_to="individual", decided_by_board=True,
        threshold_share=HALF, threshold_strict=True,
        bonus_individual=Decimal("0.3"), bonus_collective=None,
        legal_basis=_BASIS + _BOARD_RULES,
    ),
    AwardSpec(
        code="CSTDCS", name="Chiến sĩ thi đua cơ sở", kind="title", level="agency",
        authority="Trưởng Ban Quản lý", applies_to="individual", decided_by_board=True,
        threshold_share=TWO_THIRDS, threshold_strict=False,
        bonus_individual=Decimal("1.0"), bonus_collective=None,
        legal_basis=_BASIS + _BOARD_RULES,
        conditions=(
            ConditionSpec("same_year_title", title="LDTT"),
            ConditionSpec("initiative", level="co_so", count=1,
                          note="hoặc đề tài nghiên cứu khoa học đã được nghiệm thu"),
            ConditionSpec("cap_share", title="LDTT", percent=15),
        ),
    ),
    AwardSpec(
        code="TTLDTT", name="Tập thể lao động tiên tiến", kind="title", level="agency",
        authority="Trưởng Ban Quản lý", applies_to="collective", decided_by_board=True,
        threshold_share=HALF, threshold_strict=True,
        bonus_individual=None, bonus_collective=Decimal("0.8"),
        legal_basis=_BASIS + _BOARD_RULES,
        conditions=(
            ConditionSpec("member_title_share", title="LDTT", percent=50, strict=True),
            ConditionSpec("no_sanction", level="canh_cao"),
        ),
    ),
    AwardSpec(
        code="TTLDXS", name="Tập thể lao động xuất sắc", kind="title", level="province",
        authority="Chủ tịch UBND tỉnh", applies_to="collective", decided_by_board=False,
        threshold_share=TWO_THIRDS, threshold_strict=False,
        bonus_individual=None, bonus_collective=Decimal("1.5"),
        legal_basis=_BASIS,
        conditions=(
            ConditionSpec("all_members_complete"),
            ConditionSpec("member_title_share", title="LDTT", percent=70),
            ConditionSpec("member_with_title", title="CSTDCS", count=1),
            ConditionSpec("no_sanction", level="canh_cao"),
        ),
    ),
    AwardSpec(
        code="CSTDT", name="Chiến sĩ thi đua cấp tỉnh", kind="title", level="province",
        authority="Chủ tịch UBND tỉnh", applies_to="individual", decided_by_board=False,
        threshold_share=Decimal("0.9"), threshold_strict=False,
        bonus_individual=Decimal("3.0"), bonus_collective=None,
        legal_basis=_BASIS,
        conditions=(
            ConditionSpec("prior_title", title="CSTDCS", years=3),
            ConditionSpec("initiative", level="tinh", count=1,
                          note="hiệu quả áp dụng, có khả năng nhân rộng trong phạm vi tỉnh"),
        ),
    ),
)

BASE_SALARIES: tuple[SalarySpec, ...] = (
    SalarySpec(dt.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 của Chính phủ"),
)


# --- the annual rounds ---------------------------------------------------------------------------

ANNUAL_TITLE = "Phong trào thi đua thường xuyên"
ANNUAL_AWARDS = ("LDTT", "CSTDCS", "TTLDTT", "TTLDXS")  # the titles an annual round decides


def round_name(year: int) -> str:
    return f"Năm {year}"


# The current round's window counts from the load day (open on it); the previous round's is on its dates.
CURRENT_ROUND_WINDOW = WindowSpec(opens=-14, closes=20, appraisal=27, council=35)


def previous_round_window(year: int) -> FixedWindowSpec:
    """The annual titles of `year` are proposed in late November and decided before the year ends."""
    return FixedWindowSpec(opens=dt.date(year, 11, 17), closes=dt.date(year, 12, 12),
                           appraisal=dt.date(year, 12, 19), council=dt.date(year, 12, 26))


def annual_campaign(board: str, previous: int, current: int) -> CampaignSpec:
    """The board's regular campaign (thi đua thường xuyên): one phase per year, its review the year's
    titles (LĐTT, CSTĐCS, TTLĐTT, TTLĐXS; Luật Thi đua, khen thưởng 2022, art. 23–27). `previous` is a round
    completed before the load day, `current` the one whose window is open on it (steps.annual_years)."""
    def phase(year: int, window) -> PhaseSpec:
        return PhaseSpec(round_name(year), dt.date(year, 1, 1), dt.date(year, 12, 31), "final", f"năm {year}",
                         window, units_may_edit=True)

    return CampaignSpec(
        title=ANNUAL_TITLE,
        kind="regular",
        plan_number="",
        plan_date=None,
        plan_issuer=board,
        start=dt.date(previous, 1, 1),
        end=dt.date(max(current + 1, 2030), 12, 31),  # ongoing: the next rounds are added as phases
        legal_bases=(LAW, DECREE,
                     "Căn cứ Quy chế thi đua, khen thưởng của Ban Quản lý và đăng ký thi đua hằng năm của các "
                     "đơn vị."),
        content="Thi đua thường xuyên hằng năm: hoàn thành xuất sắc nhiệm vụ chính trị, chuyên môn được giao; "
                "chấp hành chủ trương, chính sách, pháp luật và nội quy cơ quan; tích cực học tập, có sáng "
                "kiến, giải pháp nâng cao hiệu quả công tác.",
        goals="Xét tặng danh hiệu Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến, "
              "Tập thể lao động xuất sắc hằng năm, đúng đối tượng, đúng tiêu chuẩn, đúng quy trình.",
        phases=(phase(previous, previous_round_window(previous)), phase(current, CURRENT_ROUND_WINDOW)),
        groups=(
            GroupSpec("A", "Hoàn thành nhiệm vụ chính trị, chuyên môn được giao", (
                CriterionSpec("A.1", "Tỷ lệ nhiệm vụ được giao hoàn thành đúng hạn trong năm", "both", 40,
                              unit_of_measure="%", targets=(100, 100),
                              description="Số nhiệm vụ hoàn thành đúng hạn trên tổng số nhiệm vụ được giao "
                                          "trong năm, theo theo dõi của đơn vị."),
                CriterionSpec("A.2", "Chất lượng, hiệu quả thực hiện nhiệm vụ", "both", 30,
                              description="Hội đồng chấm căn cứ báo cáo thành tích và nhận xét của thủ trưởng "
                                          "đơn vị."),
            )),
            GroupSpec("B", "Chấp hành chủ trương, chính sách, pháp luật; kỷ luật, kỷ cương", (
                CriterionSpec("B.1", "Chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước, nội quy "
                                     "cơ quan", "both", 15),
            )),
            GroupSpec("C", "Học tập, sáng kiến và tham gia phong trào", (
                CriterionSpec("C.1", "Sáng kiến, giải pháp; tham gia các phong trào thi đua, hoạt động đoàn thể",
                              "both", 15),
            )),
        ),
    )
