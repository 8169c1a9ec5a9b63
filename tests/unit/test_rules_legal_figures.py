"""Legal figures as dated data (rules/legal_figures.py): the value in force on a day, and a later decree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from campaign.rules.eligibility import cap_limit
from campaign.rules.legal_figures import (
    CAP_CSTDCS_OF_LDTT,
    FIGURES,
    QUORUM,
    THRESHOLD_BANG_KHEN,
    THRESHOLD_CSTD_TINH,
    THRESHOLD_CSTDCS,
    THRESHOLD_GIAY_KHEN,
    THRESHOLD_LDTT,
    LegalFigure,
    figure_in_force,
    in_force,
)
from campaign.rules.ranking import Nominee, rank
from campaign.rules.voting import Threshold, quorate

DAY = dt.date(2026, 12, 1)

DEFAULTS = [
    (THRESHOLD_GIAY_KHEN, Threshold(Fraction(1, 2), strict=True), "trên 50%"),
    (THRESHOLD_LDTT, Threshold(Fraction(1, 2), strict=True), "trên 50%"),
    (THRESHOLD_CSTDCS, Threshold(Fraction(2, 3)), "từ 2/3 trở lên"),
    (THRESHOLD_BANG_KHEN, Threshold(Fraction(2, 3)), "từ 2/3 trở lên"),
    (THRESHOLD_CSTD_TINH, Threshold(Fraction(9, 10)), "từ 90% trở lên"),
    (QUORUM, Threshold(Fraction(2, 3)), "từ 2/3 trở lên"),
]


@pytest.mark.parametrize(("name", "value", "text"), DEFAULTS)
def test_defaults_in_force_under_decree_152(name, value, text):
    assert in_force(name, DAY) == value
    assert in_force(name, DAY).describe() == text
    row = figure_in_force(name, DAY)
    assert row.since == dt.date(2025, 7, 1)
    assert "152/2025/NĐ-CP" in row.reference and row.label


def test_every_figure_has_a_reference_and_exact_values():
    assert len({(row.name, row.since) for row in FIGURES}) == len(FIGURES)
    for row in FIGURES:
        assert row.reference and row.label
        assert not isinstance(row.value, float)
        if isinstance(row.value, Threshold):
            assert isinstance(row.value.share, Fraction)


def test_cap_and_quorum_as_the_rules_use_them():
    assert in_force(CAP_CSTDCS_OF_LDTT, DAY) == Decimal(15)
    assert cap_limit(in_force(CAP_CSTDCS_OF_LDTT, DAY), 13) == 1
    quorum = in_force(QUORUM, DAY)
    assert quorate(6, 9, quorum) and not quorate(5, 9, quorum)


LATER = dt.date(2027, 3, 1)
HYPOTHETICAL = FIGURES + (
    LegalFigure(THRESHOLD_LDTT, "Tỷ lệ đồng ý xét danh hiệu Lao động tiên tiến", Threshold(Fraction(3, 5)),
                LATER, "Nghị định số 999/2027/NĐ-CP (giả định, dùng để kiểm thử)"),
    LegalFigure(CAP_CSTDCS_OF_LDTT, "Số Chiến sĩ thi đua cơ sở tối đa", Decimal(20), LATER,
                "Nghị định số 999/2027/NĐ-CP (giả định, dùng để kiểm thử)"),
)


@pytest.mark.parametrize(("name", "day", "value"), [
    (THRESHOLD_LDTT, dt.date(2027, 2, 28), Threshold(Fraction(1, 2), strict=True)),  # the day before
    (THRESHOLD_LDTT, LATER, Threshold(Fraction(3, 5))),  # from its own date
    (THRESHOLD_LDTT, dt.date(2030, 1, 1), Threshold(Fraction(3, 5))),
    (CAP_CSTDCS_OF_LDTT, dt.date(2027, 2, 28), Decimal(15)),
    (CAP_CSTDCS_OF_LDTT, LATER, Decimal(20)),
    (THRESHOLD_CSTDCS, dt.date(2030, 1, 1), Threshold(Fraction(2, 3))),  # not replaced: still in force
])
def test_a_later_decree_replaces_from_its_date(name, day, value):
    assert in_force(name, day, HYPOTHETICAL) == value
    assert in_force(name, day) == (in_force(name, day, HYPOTHETICAL) if day < LATER or name == THRESHOLD_CSTDCS
                                   else in_force(name, dt.date(2025, 7, 1)))


def test_order_of_rows_does_not_matter():
    assert in_force(THRESHOLD_LDTT, LATER, tuple(reversed(HYPOTHETICAL))) == Threshold(Fraction(3, 5))
    assert figure_in_force(CAP_CSTDCS_OF_LDTT, LATER, HYPOTHETICAL).reference.startswith("Nghị định số 999/2027")


def test_before_any_rule_and_unknown_names():
    with pytest.raises(LookupError, match="áp dụng từ ngày 01/07/2025"):
        in_force(QUORUM, dt.date(2025, 6, 30))
    with pytest.raises(KeyError):
        in_force("threshold.unknown", DAY)


@pytest.mark.parametrize(("session_day", "status"), [
    (dt.date(2027, 2, 28), "recommended"),  # 6 of 11 is above 50 %
    (LATER, "out"),  # and below the hypothetical 3/5 in force from its date
])
def test_a_session_ranks_with_the_threshold_in_force_on_its_date(session_day, status):
    threshold = in_force(THRESHOLD_LDTT, session_day, HYPOTHETICAL)
    result = rank([Nominee("a", "Nguyễn Thị An", agreements=6)], members=11, threshold=threshold)
    assert result.position("a").status == status
