"""The reward fund's ledger (sổ Quỹ thi đua, khen thưởng): balances, totals, the draft decision's warning.

Basis: Decree 152/2025/NĐ-CP, the chapter on the fund (in force 01/07/2025, replacing Decree 98/2023/NĐ-CP,
whose chapter it keeps in substance, as reported: the article numbers and the share could not be read from
the official text here). The fund of an agency is set up each year from the state budget, up to a share of
its salary fund, and from other lawful sources; the bonuses that go with its awards (tiền thưởng = hệ số ×
mức lương cơ sở, rules/bonus.py) are paid from it (DOMAIN.md, glossary "Bonus"). The module does not check
the share: an allocation is entered as the province's decision gives it, with that decision as its basis.

The choice made here: **one ledger per year, the previous years' closing balance carried in as the year's
opening balance, computed, never stored**. What the fund has not spent by the end of a year stays in it (a
fund, not a year's budget line), so the balance a draft decision is checked against is everything entered up
to the end of that year: opening balance (all the earlier years' income − spending) + the year's income − the
year's spending. Nothing has to be closed or copied at the new year, and a line corrected in an earlier year
moves every later opening balance with it.

Lines are income (thu: allocations, the reversal of a replaced decision's bonuses) or spending (chi: the
bonuses of each issued decision, other spending by hand), each a whole positive amount in đồng; a ledger
lists them by date, then in the order they were entered, with the running balance after each.

Pure: plain data in, plain data out (no Flask, no SQLAlchemy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..vietnamese import money

INCOME, SPENDING = "income", "spending"
KINDS = (INCOME, SPENDING)
MANUAL, DECISION, REVERSAL = "manual", "decision", "reversal"
SOURCES = (MANUAL, DECISION, REVERSAL)
# The largest amount one line may hold: a thousand billion đồng (far above any agency's fund; the column is
# a 64-bit integer).
AMOUNT_MAX = 1_000_000_000_000


@dataclass(frozen=True)
class Line:
    """One ledger line as the rules need it: `order` breaks ties between lines of one date (the entry's id)."""

    entry_date: dt.date
    kind: str
    amount: int
    source: str = MANUAL
    order: int = 0


def signed(kind: str, amount: int) -> int:
    """Income adds to the fund, spending takes from it."""
    return amount if kind == INCOME else -amount


def opening_balance(earlier: Iterable[tuple[str, int]]) -> int:
    """The balance carried into a year: every earlier year's (kind, amount) lines summed with their sign."""
    return sum(signed(kind, amount) for kind, amount in earlier)


@dataclass(frozen=True)
class Totals:
    """A year's income and spending, and each by source ((kind, source) → amount)."""

    income: int = 0
    spending: int = 0
    by_source: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def net(self) -> int:
        return self.income - self.spending

    def of(self, kind: str, source: str) -> int:
        return self.by_source.get((kind, source), 0)


def totals(lines: Iterable[Line]) -> Totals:
    income = spending = 0
    by_source: dict[tuple[str, str], int] = {}
    for line in lines:
        if line.kind == INCOME:
            income += line.amount
        else:
            spending += line.amount
        by_source[(line.kind, line.source)] = by_source.get((line.kind, line.source), 0) + line.amount
    return Totals(income, spending, by_source)


def ordered(lines: Iterable[Line]) -> list[Line]:
    """By date, then in the order entered."""
    return sorted(lines, key=lambda line: (line.entry_date, line.order))


def running_balances(opening: int, lines: Sequence[Line]) -> list[int]:
    """The balance after each line (in the order given), starting from the opening balance."""
    balance, after = opening, []
    for line in lines:
        balance += signed(line.kind, line.amount)
        after.append(balance)
    return after


@dataclass(frozen=True)
class YearLedger:
    year: int
    opening: int
    lines: list[Line]
    running: list[int]
    totals: Totals

    @property
    def closing(self) -> int:
        return self.opening + self.totals.net


def year_ledger(year: int, opening: int, lines: Iterable[Line]) -> YearLedger:
    """A year's ledger: its lines in order with the running balance, its totals and its closing balance."""
    in_order = ordered(lines)
    return YearLedger(year, opening, in_order, running_balances(opening, in_order), totals(in_order))


def amount_problem(value: Decimal | int | None, text: str = "") -> str | None:
    """Why a typed amount is not one a line may hold (None: it may). `value` is the number read from `text`
    (vietnamese.parse_number: "2.340.000" and "2340000" both read 2340000), None when it is not a number."""
    if not (text or "").strip() and value is None:
        return "Hãy nhập số tiền (đồng), ví dụ 2.340.000."
    if value is None:
        return "Số tiền phải là một số, ví dụ 2.340.000."
    if Decimal(value) != Decimal(value).to_integral_value():
        return "Số tiền tính bằng đồng, không có phần lẻ."
    if value <= 0:
        return "Số tiền phải lớn hơn 0."
    if value > AMOUNT_MAX:
        return f"Số tiền tối đa là {money(AMOUNT_MAX)}."
    return None


def date_problem(day: dt.date | None, text: str, year: int | None) -> str | None:
    """Why a typed date cannot date a line of `year`'s ledger (None: it can)."""
    if not (text or "").strip():
        return "Hãy nhập ngày ghi sổ dạng ngày/tháng/năm (ví dụ 15/01/2026)."
    if day is None:
        return "Ngày không hợp lệ (dạng ngày/tháng/năm, ví dụ 15/01/2026)."
    if year is not None and day.year != year:
        return f"Ngày ghi sổ phải thuộc năm {year} của sổ quỹ (đã nhập năm {day.year})."
    return None


def draft_warning(balance: int, draft_total: int | None, year: int) -> str | None:
    """The office's warning when a draft decision's bonuses exceed the fund's balance of the year it would be
    issued in (a warning, not a refusal: the province may still allocate, the leader decides); None when the
    balance covers it or the draft pays nothing."""
    if not draft_total or draft_total <= balance:
        return None
    return (f"Tổng tiền thưởng của dự thảo {money(draft_total)} vượt số dư quỹ năm {year} "
            f"({money(balance)}) {money(draft_total - balance)}.")
