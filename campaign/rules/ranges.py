"""Plausible values: what a unit may record as a criterion's result, and the dates of an initiative.

Basis:
- A criterion measured in "%" is a rate of the unit's (or person's) own work — the share of staff
  trained, of dossiers on time, of tasks completed (seed 000 §III and the criteria tables of seeds 001
  and 003): it lies between 0 % and 100 %. A result above 100 % is a typing slip (150 for 15,0), not an
  achievement. A criterion whose "%" figure can exceed its plan ("vượt kế hoạch", e.g. revenue or
  investment as a percentage of the plan) says so (`Criterion.allows_over_100`, set by the office); every
  demo criterion is a rate.
- No result of a criterion is negative (counts, rates, articles per year).
- An initiative is recognised (Decree 13/2012/NĐ-CP, Art. 5: the initiative must have been applied, or
  tried, before it is recognised) after it was first applied: a decision dated before the first
  application is refused; neither date may lie in the future.

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..vietnamese import short_date

PERCENT = "%"


def result_problem(value: Decimal | None, unit_of_measure: str, *, allows_over_100: bool = False) -> str | None:
    """The Vietnamese problem with a quantitative result, or None when it is plausible."""
    if value is None:
        return None
    if value < 0:
        return "Kết quả không được âm."
    if (unit_of_measure or "").strip() == PERCENT and value > 100 and not allows_over_100:
        return "Tỷ lệ phần trăm không được lớn hơn 100%: hãy kiểm tra lại số đã nhập (ví dụ 95 hoặc 95,5)."
    return None


def initiative_date_problems(first_applied_on: dt.date | None, decision_date: dt.date | None,
                             today: dt.date) -> dict[str, str]:
    """{field: Vietnamese problem} for an initiative's dates; every problem at once."""
    problems: dict[str, str] = {}
    if first_applied_on and first_applied_on > today:
        problems["first_applied_on"] = "Ngày áp dụng lần đầu không được ở tương lai."
    if decision_date and decision_date > today:
        problems["decision_date"] = "Ngày quyết định không được ở tương lai."
    elif first_applied_on and decision_date and decision_date < first_applied_on:
        problems["decision_date"] = (f"Ngày quyết định công nhận phải từ ngày áp dụng lần đầu "
                                     f"({short_date(first_applied_on)}) trở đi: sáng kiến chỉ được công nhận "
                                     "sau khi đã áp dụng.")
    return problems
