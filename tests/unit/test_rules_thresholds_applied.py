"""Thresholds as a session applies them (rules/voting.py Threshold.stored and stricter, rules/legal_figures.py
applied_threshold): a stored 0,6667 is two thirds, the law's figure in force unless the form asks more."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from campaign.rules.legal_figures import (
    FIGURES,
    THRESHOLD_LDTT,
    LegalFigure,
    applied_threshold,
)
from campaign.rules.voting import Threshold, stricter

TWO_THIRDS = Threshold(Fraction(2, 3))
MAJORITY = Threshold(Fraction(1, 2), strict=True)
HALF_OR_MORE = Threshold(Fraction(1, 2))

STORED = [
    # stored share, read as
    (Decimal("0.6667"), Fraction(2, 3)),
    (Decimal("0.6666"), Fraction(3333, 5000)),  # not the rounding of 2/3: as written
    (Decimal("0.5"), Fraction(1, 2)),
    (Decimal("0.5000"), Fraction(1, 2)),
    (Decimal("0.9"), Fraction(9, 10)),
    (Decimal("0.3333"), Fraction(1, 3)),
    (Decimal("0.75"), Fraction(3, 4)),
    (Decimal("0.51"), Fraction(51, 100)),
    (Decimal("0.15"), Fraction(3, 20)),
    (Decimal("1"), Fraction(1)),
    ("0.6667", Fraction(2, 3)),
    (Fraction(2, 3), Fraction(2, 3)),
]


@pytest.mark.parametrize(("share", "exact"), STORED)
def test_a_stored_share_is_read_as_its_simple_fraction(share, exact):
    assert Threshold.stored(share, False).share == exact


@pytest.mark.parametrize(("share", "members", "agreements", "passes"), [
    (Decimal("0.6667"), 9, 6, True),  # two thirds of 9 is 6 and passes, though 6/9 < 0,6667
    (Decimal("0.6667"), 9, 5, False),
    (Decimal("0.6667"), 12, 8, True),
    (Decimal("0.6667"), 10, 6, False),
])
def test_two_thirds_stored_passes_exactly(share, members, agreements, passes):
    assert Threshold.stored(share, strict=False).passes(agreements, members) is passes


@pytest.mark.parametrize("share", [Decimal(0), Decimal("1.01"), Decimal("-0.5")])
def test_a_share_outside_zero_one_is_refused(share):
    with pytest.raises(ValueError):
        Threshold.stored(share)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        Threshold.stored(0.6667)


@pytest.mark.parametrize(("first", "second", "expected"), [
    (TWO_THIRDS, MAJORITY, TWO_THIRDS),
    (MAJORITY, TWO_THIRDS, TWO_THIRDS),
    (MAJORITY, HALF_OR_MORE, MAJORITY),  # same share: "trên" is stricter than "từ … trở lên"
    (HALF_OR_MORE, MAJORITY, MAJORITY),
    (MAJORITY, MAJORITY, MAJORITY),
    (Threshold(Fraction(9, 10)), TWO_THIRDS, Threshold(Fraction(9, 10))),
])
def test_stricter(first, second, expected):
    assert stricter(first, second) == expected


DAY = dt.date(2026, 12, 20)


@pytest.mark.parametrize(("code", "setting", "threshold", "source"), [
    ("LDTT", MAJORITY, MAJORITY, "law"),  # the same: the law is cited
    ("LDTT", HALF_OR_MORE, MAJORITY, "law"),  # a form set below the law applies the law
    ("LDTT", TWO_THIRDS, TWO_THIRDS, "form"),  # a Quy chế stricter than the law applies itself
    ("CSTDCS", Threshold.stored(Decimal("0.6667")), TWO_THIRDS, "law"),
    ("GK", TWO_THIRDS, TWO_THIRDS, "form"),
    ("TTLDTT", HALF_OR_MORE, HALF_OR_MORE, "form"),  # no legal figure for the form
    ("CSTDT", TWO_THIRDS, Threshold(Fraction(9, 10)), "law"),
])
def test_the_threshold_applied(code, setting, threshold, source):
    applied = applied_threshold(code, setting, DAY, "Quy chế của Ban")
    assert (applied.threshold, applied.source) == (threshold, source)
    assert applied.reference == ("Quy chế của Ban" if source == "form" else applied.reference)
    assert applied.reference


def test_the_figure_in_force_on_the_sessions_day():
    later = LegalFigure(THRESHOLD_LDTT, "LĐTT (nghị định mới)", TWO_THIRDS, dt.date(2027, 1, 1), "Nghị định mới")
    figures = (*FIGURES, later)
    assert applied_threshold("LDTT", MAJORITY, dt.date(2026, 12, 31), figures=figures).threshold == MAJORITY
    applied = applied_threshold("LDTT", MAJORITY, dt.date(2027, 1, 1), figures=figures)
    assert (applied.threshold, applied.reference) == (TWO_THIRDS, "Nghị định mới")
    # Before any legal row: the form's setting.
    assert applied_threshold("LDTT", HALF_OR_MORE, dt.date(2020, 1, 1)).source == "form"


# Merged from tests/unit/test_rules_tally.py (rules.tally had its own copy of the same rule).
FORTY = Threshold(Fraction(2, 5))


@pytest.mark.parametrize(("a", "b", "expected"), [
    (MAJORITY, HALF_OR_MORE, True), (HALF_OR_MORE, MAJORITY, False), (HALF_OR_MORE, HALF_OR_MORE, True),
    (TWO_THIRDS, MAJORITY, True), (MAJORITY, TWO_THIRDS, False), (FORTY, HALF_OR_MORE, False),
])
def test_at_least_as_strict(a, b, expected):
    assert a.at_least_as_strict_as(b) is expected


@pytest.mark.parametrize(("code", "setting", "applied", "source"), [
    ("LDTT", TWO_THIRDS, TWO_THIRDS, "form"),  # the form asks more than the law: the form's
    ("LDTT", FORTY, MAJORITY, "law"),  # the form asks less: the law's floor
    ("GK", FORTY, MAJORITY, "law"),
    ("LDTT", HALF_OR_MORE, MAJORITY, "law"),  # ≥ 50 % is below > 50 %
    ("LDTT", MAJORITY, MAJORITY, "law"),
    ("XYZ", FORTY, FORTY, "form"),  # no legal figure for the form
])
def test_the_form_setting_floored_by_the_law(code, setting, applied, source):
    answer = applied_threshold(code, setting, DAY)
    assert (answer.threshold, answer.source) == (applied, source)


def test_the_legal_figure_by_award_code_and_date():
    assert applied_threshold("LDTT", FORTY, DAY).threshold == MAJORITY
    assert applied_threshold("CSTDCS", FORTY, DAY).threshold == TWO_THIRDS
    before = applied_threshold("GK", FORTY, dt.date(2025, 6, 30))  # before Decree 152/2025 applies
    assert (before.threshold, before.source) == (FORTY, "form")
