"""The reward fund's rules (rules/fund.py): opening balance carried from earlier years, totals by kind and
source, running balance, the typed amount and date, the draft decision's warning."""

import datetime as dt
from decimal import Decimal

import pytest

from campaign.rules.fund import (
    AMOUNT_MAX,
    Line,
    amount_problem,
    date_problem,
    draft_warning,
    opening_balance,
    signed,
    totals,
    year_ledger,
)

D = dt.date


@pytest.mark.parametrize(("kind", "amount", "expected"), [
    ("income", 50_000_000, 50_000_000),
    ("spending", 17_550_000, -17_550_000),
])
def test_signed(kind, amount, expected):
    assert signed(kind, amount) == expected


@pytest.mark.parametrize(("earlier", "expected"), [
    ([], 0),
    ([("income", 60_000_000)], 60_000_000),
    ([("income", 60_000_000), ("spending", 17_550_000), ("spending", 9_360_000)], 33_090_000),
    ([("spending", 1_000_000)], -1_000_000),  # spent before any allocation: the fund owes
    ([("income", 60_000_000), ("spending", 17_550_000), ("income", 17_550_000)], 60_000_000),  # a reversal
])
def test_opening_balance_is_every_earlier_line_with_its_sign(earlier, expected):
    assert opening_balance(earlier) == expected


def test_totals_by_kind_and_source():
    lines = [Line(D(2026, 1, 15), "income", 60_000_000),
             Line(D(2026, 3, 2), "income", 5_000_000),
             Line(D(2026, 6, 30), "spending", 17_550_000, "decision"),
             Line(D(2026, 7, 2), "income", 17_550_000, "reversal"),
             Line(D(2026, 7, 2), "spending", 18_720_000, "decision"),
             Line(D(2026, 8, 1), "spending", 1_200_000)]
    result = totals(lines)
    assert (result.income, result.spending, result.net) == (82_550_000, 37_470_000, 45_080_000)
    assert result.of("income", "manual") == 65_000_000 and result.of("income", "reversal") == 17_550_000
    assert result.of("spending", "decision") == 36_270_000 and result.of("spending", "manual") == 1_200_000
    assert result.of("spending", "reversal") == 0


@pytest.mark.parametrize(("opening", "lines", "running", "closing"), [
    (0, [], [], 0),
    (12_000_000, [], [], 12_000_000),
    # Listed by date, then in the order entered, whatever order they come in.
    (10_000_000, [Line(D(2026, 12, 30), "spending", 17_550_000, "decision", order=3),
                  Line(D(2026, 1, 15), "income", 60_000_000, order=2),
                  Line(D(2026, 1, 15), "spending", 500_000, order=1)],
     [9_500_000, 69_500_000, 51_950_000], 51_950_000),
    (0, [Line(D(2026, 5, 1), "spending", 3_000_000)], [-3_000_000], -3_000_000),
])
def test_a_year_ledger_runs_from_its_opening_balance(opening, lines, running, closing):
    ledger = year_ledger(2026, opening, lines)
    assert ledger.running == running and ledger.closing == closing and ledger.opening == opening
    assert [line.entry_date for line in ledger.lines] == sorted(line.entry_date for line in lines)
    if len(lines) == 3:
        assert [line.order for line in ledger.lines] == [1, 2, 3]


@pytest.mark.parametrize(("text", "value", "problem"), [
    ("2.340.000", Decimal(2340000), None),
    ("2340000", Decimal(2340000), None),
    ("1", Decimal(1), None),
    (str(AMOUNT_MAX), Decimal(AMOUNT_MAX), None),
    ("", None, "Hãy nhập số tiền"),
    ("abc", None, "Số tiền phải là một số"),
    ("1,5", Decimal("1.5"), "không có phần lẻ"),
    ("0", Decimal(0), "phải lớn hơn 0"),
    ("-5.000", Decimal(-5000), "phải lớn hơn 0"),
    (str(AMOUNT_MAX + 1), Decimal(AMOUNT_MAX + 1), "tối đa là 1.000.000.000.000 đồng"),
])
def test_amount_problems(text, value, problem):
    found = amount_problem(value, text)
    assert (found is None) if problem is None else (problem in found), found


@pytest.mark.parametrize(("day", "text", "year", "problem"), [
    (D(2026, 1, 15), "15/01/2026", 2026, None),
    (D(2026, 1, 15), "15/01/2026", None, None),
    (None, "", 2026, "Hãy nhập ngày ghi sổ"),
    (None, "31/02/2026", 2026, "Ngày không hợp lệ"),
    (D(2025, 12, 30), "30/12/2025", 2026, "phải thuộc năm 2026 của sổ quỹ (đã nhập năm 2025)"),
])
def test_date_problems(day, text, year, problem):
    found = date_problem(day, text, year)
    assert (found is None) if problem is None else (problem in found), found


@pytest.mark.parametrize(("balance", "total", "year", "expected"), [
    (12_000_000, 17_550_000, 2026, "Tổng tiền thưởng của dự thảo 17.550.000 đồng vượt số dư quỹ năm 2026 "
                                   "(12.000.000 đồng) 5.550.000 đồng."),
    (0, 702_000, 2027, "Tổng tiền thưởng của dự thảo 702.000 đồng vượt số dư quỹ năm 2027 (0 đồng) 702.000 đồng."),
    (-1_000_000, 2_000_000, 2026, "Tổng tiền thưởng của dự thảo 2.000.000 đồng vượt số dư quỹ năm 2026 "
                                  "(-1.000.000 đồng) 3.000.000 đồng."),
    (17_550_000, 17_550_000, 2026, None),  # exactly covered
    (60_000_000, 17_550_000, 2026, None),
    (0, 0, 2026, None),  # pays nothing
    (0, None, 2026, None),  # no bonus (no base salary, no coefficient)
])
def test_the_draft_warning(balance, total, year, expected):
    assert draft_warning(balance, total, year) == expected
