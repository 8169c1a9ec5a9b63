"""Plausible values (rules/ranges.py): results in "%" within 0–100, no negative result, an initiative
recognised on or after its first application and neither date in the future."""

import datetime as dt
from decimal import Decimal

import pytest

from campaign.rules.ranges import initiative_date_problems, result_problem

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(("value", "unit", "allows_over", "refused"), [
    (Decimal("150"), "%", False, "Tỷ lệ phần trăm không được lớn hơn 100%"),
    (Decimal("100.01"), " % ", False, "Tỷ lệ phần trăm không được lớn hơn 100%"),
    (Decimal("100"), "%", False, None),
    (Decimal("0"), "%", False, None),
    (Decimal("150"), "%", True, None),  # a criterion that says it may exceed its plan
    (Decimal("150"), "tin bài/năm", False, None),  # a count is not a share
    (Decimal("-1"), "%", True, "Kết quả không được âm."),
    (Decimal("-0.5"), "sáng kiến", False, "Kết quả không được âm."),
    (None, "%", False, None),
])
def test_result_problem(value, unit, allows_over, refused):
    problem = result_problem(value, unit, allows_over_100=allows_over)
    assert (problem is None) if refused is None else problem.startswith(refused)


def test_recognised_before_first_applied_is_refused_at_the_decision_date():
    problems = initiative_date_problems(dt.date(2026, 3, 1), dt.date(2026, 2, 15), TODAY)
    assert list(problems) == ["decision_date"]
    assert "phải từ ngày áp dụng lần đầu (01/03/2026) trở đi" in problems["decision_date"]
    assert initiative_date_problems(dt.date(2026, 3, 1), dt.date(2026, 3, 1), TODAY) == {}
    assert initiative_date_problems(dt.date(2026, 3, 1), None, TODAY) == {}
    assert initiative_date_problems(None, dt.date(2026, 2, 15), TODAY) == {}


def test_future_dates_are_all_said_at_once():
    future = TODAY + dt.timedelta(days=1)
    assert initiative_date_problems(future, future, TODAY) == {
        "first_applied_on": "Ngày áp dụng lần đầu không được ở tương lai.",
        "decision_date": "Ngày quyết định không được ở tương lai.",
    }
    assert initiative_date_problems(TODAY, TODAY, TODAY) == {}
