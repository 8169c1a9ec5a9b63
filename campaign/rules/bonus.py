"""Bonus amounts (tiền thưởng).

Basis: Decree 98/2023/NĐ-CP art. 54 (kept by Decree 152/2025/NĐ-CP): the bonus is a coefficient times
the base salary (mức lương cơ sở) in force on the date of the decision, rounded to the nearest
1.000 đồng. The coefficients and the dated base salary are editable settings (*default* values in
DOMAIN.md), passed in here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from ..vietnamese import round_thousand


def bonus_amount(coefficient, base_salary) -> int:
    """coefficient × base salary, rounded to 1.000 đồng: 0.3 × 2.340.000 = 702.000."""
    return round_thousand(Decimal(str(coefficient)) * Decimal(str(base_salary)))


def base_salary_on(day: dt.date, rates: Iterable[tuple[dt.date, int]]) -> int | None:
    """The base salary in force on `day`: the rate with the latest effective date not after it."""
    in_force = [(start, amount) for start, amount in rates if start <= day]
    return max(in_force)[1] if in_force else None
