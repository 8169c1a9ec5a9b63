"""The legal figures the council applies, as dated data: each with its legal reference and the day from
which it applies, so a session uses the values in force on its date.

Basis: Law on Emulation and Commendation 06/2022/QH15 (in force 01/01/2024) and Decree 152/2025/NĐ-CP
(in force 01/07/2025, replacing Decree 98/2023/NĐ-CP); DOMAIN.md: approval thresholds are counted over
ALL council members — *default* > 50 % for Giấy khen and LĐTT, ≥ 2/3 for CSTĐCS and Bằng khen, ≥ 90 % for
CSTĐ cấp tỉnh and above —, a session is quorate with ≥ 2/3 of its members present (*default*), CSTĐCS is
capped at 15 % of the LĐTT count. DOMAIN.md records that the article carrying each of these figures in
Decree 152/2025 could not be read from the official text: the references below say so rather than cite an
article nobody checked. Decree 152/2025 may be replaced during the campaign: a later row (a new decree)
replaces an earlier one of the same name from its own date, and the earlier one still answers for the days
before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .voting import Threshold, stricter

DECREE_152_2025 = dt.date(2025, 7, 1)
_REFERENCE_152 = ("Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP (mức mặc định "
                  "theo Quy chế thi đua, khen thưởng; chưa đối chiếu được điều, khoản trong văn bản chính thức)")


@dataclass(frozen=True)
class LegalFigure:
    """One dated value: `name` identifies the figure, `value` applies from `since` (inclusive)."""

    name: str
    label: str  # what it is, in Vietnamese
    value: Threshold | Fraction | Decimal
    since: dt.date
    reference: str


# Names of the figures the rules ask for.
THRESHOLD_GIAY_KHEN = "threshold.giay_khen"
THRESHOLD_LDTT = "threshold.ldtt"
THRESHOLD_CSTDCS = "threshold.cstdcs"
THRESHOLD_BANG_KHEN = "threshold.bang_khen"
THRESHOLD_CSTD_TINH = "threshold.cstd_tinh"
QUORUM = "quorum"
CAP_CSTDCS_OF_LDTT = "cap.cstdcs_of_ldtt"

FIGURES: tuple[LegalFigure, ...] = (
    LegalFigure(THRESHOLD_GIAY_KHEN, "Tỷ lệ đồng ý xét Giấy khen", Threshold(Fraction(1, 2), strict=True),
                DECREE_152_2025, _REFERENCE_152),
    LegalFigure(THRESHOLD_LDTT, "Tỷ lệ đồng ý xét danh hiệu Lao động tiên tiến",
                Threshold(Fraction(1, 2), strict=True), DECREE_152_2025, _REFERENCE_152),
    LegalFigure(THRESHOLD_CSTDCS, "Tỷ lệ đồng ý xét danh hiệu Chiến sĩ thi đua cơ sở",
                Threshold(Fraction(2, 3)), DECREE_152_2025, _REFERENCE_152),
    LegalFigure(THRESHOLD_BANG_KHEN, "Tỷ lệ đồng ý xét Bằng khen", Threshold(Fraction(2, 3)),
                DECREE_152_2025, _REFERENCE_152),
    LegalFigure(THRESHOLD_CSTD_TINH, "Tỷ lệ đồng ý xét danh hiệu Chiến sĩ thi đua cấp tỉnh trở lên",
                Threshold(Fraction(9, 10)), DECREE_152_2025, _REFERENCE_152),
    LegalFigure(QUORUM, "Số thành viên Hội đồng có mặt để phiên họp hợp lệ", Threshold(Fraction(2, 3)),
                DECREE_152_2025, _REFERENCE_152),
    LegalFigure(CAP_CSTDCS_OF_LDTT, "Số Chiến sĩ thi đua cơ sở tối đa (% số Lao động tiên tiến)", Decimal(15),
                DECREE_152_2025, _REFERENCE_152),
)


def figure_in_force(name: str, day: dt.date, figures: Iterable[LegalFigure] = FIGURES) -> LegalFigure:
    """The row of `name` applicable on `day`: the one with the latest `since` not after `day`.
    KeyError for a name no row has; LookupError (in Vietnamese) for a day before its first row."""
    rows = [row for row in figures if row.name == name]
    if not rows:
        raise KeyError(name)
    applicable = [row for row in rows if row.since <= day]
    if not applicable:
        first = min(row.since for row in rows)
        raise LookupError(f"Chưa có quy định về «{rows[0].label}» áp dụng ngày {day:%d/%m/%Y} "
                          f"(quy định sớm nhất áp dụng từ ngày {first:%d/%m/%Y}).")
    return max(applicable, key=lambda row: row.since)


def in_force(name: str, day: dt.date, figures: Iterable[LegalFigure] = FIGURES):
    """The value of `name` applicable on `day` (a Threshold, a Fraction or a Decimal)."""
    return figure_in_force(name, day, figures).value


# The threshold figure each award form of the catalogue answers to (by its code); a form not listed has only
# its own setting.
AWARD_THRESHOLDS = {
    "GK": THRESHOLD_GIAY_KHEN,
    "LDTT": THRESHOLD_LDTT,
    "CSTDCS": THRESHOLD_CSTDCS,
    "BKUBND": THRESHOLD_BANG_KHEN,
    "CSTDT": THRESHOLD_CSTD_TINH,
}


@dataclass(frozen=True)
class AppliedThreshold:
    """The threshold a session applies to one award form, and where it comes from."""

    threshold: Threshold
    source: str  # "law": the legal figure in force (at least as strict as the form's setting) | "form"
    reference: str  # the legal reference of the figure, or the award form's own legal basis

    def describe(self) -> str:
        return self.threshold.describe()


def applied_threshold(award_code: str, setting: Threshold, day: dt.date, form_basis: str = "",
                      figures: Iterable[LegalFigure] = FIGURES) -> AppliedThreshold:
    """The approval threshold of an award form in a session held on `day`: the legal figure in force on that
    day for the form (AWARD_THRESHOLDS), unless the form's own setting (the agency's Quy chế) is stricter —
    a Quy chế may ask more than the law, never less. A form with no legal figure, or a day before the
    figure's first row, applies its setting."""
    figures = tuple(figures)
    name = AWARD_THRESHOLDS.get(award_code)
    if name is not None:
        try:
            row = figure_in_force(name, day, figures)
        except (KeyError, LookupError):
            row = None
        if row is not None and stricter(row.value, setting) is row.value:
            return AppliedThreshold(row.value, "law", row.reference)
    return AppliedThreshold(setting, "form", form_basis)
