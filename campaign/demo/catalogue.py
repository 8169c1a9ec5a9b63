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

from .spec import AwardSpec, ConditionSpec, SalarySpec

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
