"""Plan-task rules: the last day a deadline written in words allows, a task's state, the on-time rate."""

import datetime as dt
from decimal import Decimal

import pytest

from campaign.rules.scoring import quantitative_points
from campaign.rules.tasks import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    TaskOutcome,
    UnitProgress,
    completion_rate,
    is_ongoing,
    parse_deadline,
    task_state,
)

D = dt.date

# --- deadlines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # A day
    ("30/6/2026", D(2026, 6, 30)),
    ("31/10/2026", D(2026, 10, 31)),
    ("31/12/2026", D(2026, 12, 31)),
    ("05/12/2027", D(2027, 12, 5)),
    ("5-12-2027", D(2027, 12, 5)),
    ("5.12.2027", D(2027, 12, 5)),
    ("29/2/2028", D(2028, 2, 29)),
    ("Trước 30/6/2026", D(2026, 6, 30)),
    ("trước ngày 30/6/2026", D(2026, 6, 30)),
    ("ngày 05 tháng 12 năm 2027", D(2027, 12, 5)),
    ("01/3/2026 - 30/6/2026", D(2026, 6, 30)),  # a range: its end
    ("  30/6/2026  ", D(2026, 6, 30)),
    # A month: its last day
    ("12/2026", D(2026, 12, 31)),
    ("Tháng 12/2026", D(2026, 12, 31)),
    ("tháng 12 năm 2026", D(2026, 12, 31)),
    ("THÁNG 2/2027", D(2027, 2, 28)),
    ("2/2028", D(2028, 2, 29)),
    ("Tháng 6-12/2026", D(2026, 12, 31)),
    ("tháng 6 - tháng 9/2026", D(2026, 9, 30)),
    ("4/2026", D(2026, 4, 30)),
    # A quarter: its last day
    ("Quý I/2026", D(2026, 3, 31)),
    ("Quý II/2026", D(2026, 6, 30)),
    ("Quý III/2026", D(2026, 9, 30)),
    ("Quý IV/2027", D(2027, 12, 31)),
    ("quý 2/2026", D(2026, 6, 30)),
    ("Quý IV năm 2027", D(2027, 12, 31)),
    ("Quy II/2026", D(2026, 6, 30)),  # typed without diacritics
    ("Quý II-2026", D(2026, 6, 30)),
    ("Quý III, IV/2026", D(2026, 12, 31)),
    ("Quý I/2026 – Quý IV/2030", D(2030, 12, 31)),
    # Half a year
    ("6 tháng đầu năm 2026", D(2026, 6, 30)),
    ("6 tháng cuối năm 2026", D(2026, 12, 31)),
    # A year, or years: the end of the last
    ("Năm 2026", D(2026, 12, 31)),
    ("2026", D(2026, 12, 31)),
    ("2026 - 2030", D(2030, 12, 31)),
    ("2026-2030", D(2030, 12, 31)),
    ("Năm 2026 – 2030", D(2030, 12, 31)),
    ("Giai đoạn 2026–2030", D(2030, 12, 31)),
    ("Năm 2026 — 2030", D(2030, 12, 31)),
])
def test_parse_deadline(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize("text", [
    None, "", "   ", "Thường xuyên", "thường xuyên", "Hằng năm", "Hàng năm", "Liên tục",
    "trước ngày 30/11 hằng năm",  # no year
    "Khi có văn bản triển khai", "Sớm nhất có thể", "abc",
    "31/2/2026",  # no such day
    "13/2026",  # no such month
    "Quý V/2026",  # no such quarter
    "30/6/1890", "Năm 3000",  # out of range
])
def test_parse_deadline_without_a_day(text):
    assert parse_deadline(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Thường xuyên", True), ("Hằng năm", True), ("trước ngày 30/11 hằng năm", True), ("Liên tục", True),
    ("Thường xuyên, trước 2027", False),  # names a year: a real deadline
    ("Sớm nhất có thể", False), ("", False), (None, False), ("12/2026", False),
])
def test_is_ongoing(text, expected):
    assert is_ongoing(text) is expected


# --- a task's state ---------------------------------------------------------------------------------

TODAY = D(2026, 7, 1)


def test_state_follows_the_lead_unit():
    progress = {1: UnitProgress(DONE, D(2026, 6, 1)), 2: UnitProgress(NOT_STARTED)}
    state = task_state(1, [1, 2], progress, D(2026, 6, 30), TODAY)
    assert (state.status, state.overdue) == (DONE, False)
    state = task_state(2, [2, 1], progress, D(2026, 6, 30), TODAY)
    assert (state.status, state.overdue) == (NOT_STARTED, True)


def test_lead_without_a_report_is_not_started():
    state = task_state(1, [1], {}, D(2026, 12, 31), TODAY)
    assert (state.status, state.overdue) == (NOT_STARTED, False)


@pytest.mark.parametrize(("deadline", "status", "overdue"), [
    (D(2026, 6, 30), IN_PROGRESS, True),  # yesterday
    (D(2026, 7, 1), IN_PROGRESS, False),  # today is still in time
    (None, IN_PROGRESS, False),  # no deadline, never overdue
    (D(2026, 6, 30), DONE, False),
])
def test_overdue(deadline, status, overdue):
    progress = {1: UnitProgress(status, D(2026, 7, 1) if status == DONE else None)}
    assert task_state(1, [1], progress, deadline, TODAY).overdue is overdue


def test_without_a_lead_every_unit_must_finish():
    units = [1, 2, 3]
    assert task_state(None, units, {}, None, TODAY).status == NOT_STARTED
    some = {1: UnitProgress(DONE, D(2026, 5, 1)), 2: UnitProgress(IN_PROGRESS)}
    state = task_state(None, units, some, D(2026, 6, 1), TODAY)
    assert (state.status, state.overdue) == (IN_PROGRESS, True)
    everyone = {u: UnitProgress(DONE, D(2026, 5, 1)) for u in units}
    assert task_state(None, units, everyone, D(2026, 6, 1), TODAY).status == DONE
    # Only the board's units count; a task led by a body outside it with no unit of the board: not started
    assert task_state(None, [], {}, D(2026, 6, 1), TODAY).status == NOT_STARTED


# --- the on-time completion rate ------------------------------------------------------------------------


def test_rate_counts_done_on_time_only():
    outcomes = [
        TaskOutcome(D(2026, 6, 30), DONE, D(2026, 6, 30)),  # on the day: on time
        TaskOutcome(D(2026, 6, 30), DONE, D(2026, 6, 1)),
        TaskOutcome(D(2026, 6, 30), DONE, D(2026, 7, 1)),  # a day late
        TaskOutcome(D(2026, 6, 30), IN_PROGRESS),
        TaskOutcome(D(2026, 6, 30)),
        TaskOutcome(None, DONE, D(2027, 1, 1)),  # no deadline: on time when done
        TaskOutcome(None, IN_PROGRESS),
        TaskOutcome(None),
    ]
    rate = completion_rate(outcomes)
    assert (rate.on_time, rate.late, rate.not_done, rate.not_due, rate.counted) == (3, 1, 4, 0, 8)
    assert rate.percent == Decimal("37.50")
    assert rate.explanation == ("3/8 nhiệm vụ hoàn thành đúng hạn (37,5%); 1 nhiệm vụ hoàn thành trễ hạn; "
                                "4 nhiệm vụ chưa hoàn thành.")


def test_rate_all_on_time():
    rate = completion_rate([TaskOutcome(D(2026, 6, 30), DONE, D(2026, 6, 2))] * 3)
    assert rate.percent == Decimal("100.00")
    assert rate.explanation == "3/3 nhiệm vụ hoàn thành đúng hạn (100%)."


def test_rate_rounds_half_up_to_two_places():
    outcomes = [TaskOutcome(None, DONE, D(2026, 1, 1))] * 2 + [TaskOutcome(None)]
    assert completion_rate(outcomes).percent == Decimal("66.67")
    assert completion_rate(outcomes[:1] + [TaskOutcome(None)] * 2).percent == Decimal("33.33")


def test_rate_of_a_unit_without_tasks():
    rate = completion_rate([])
    assert rate.percent is None and rate.counted == 0
    assert rate.explanation == "Đơn vị chưa được giao nhiệm vụ nào."


def test_rate_as_of_leaves_out_tasks_not_yet_due():
    as_of = D(2027, 12, 31)  # the end of phase 1
    outcomes = [
        TaskOutcome(D(2026, 12, 31), DONE, D(2026, 12, 1)),  # on time
        TaskOutcome(D(2027, 6, 30)),  # due, not done
        TaskOutcome(D(2030, 12, 31), IN_PROGRESS),  # not due yet: left out
        TaskOutcome(D(2030, 12, 31), DONE, D(2027, 3, 1)),  # done early: counts
        TaskOutcome(D(2030, 12, 31), DONE, D(2028, 3, 1)),  # done after the phase: not yet, and not due
        TaskOutcome(None),  # no deadline, not done: counts against
    ]
    rate = completion_rate(outcomes, as_of)
    assert (rate.on_time, rate.late, rate.not_done, rate.not_due) == (2, 0, 2, 2)
    assert rate.percent == Decimal("50.00")
    assert rate.explanation.endswith("2 nhiệm vụ chưa đến hạn không tính.")


def test_rate_when_nothing_is_due_yet():
    rate = completion_rate([TaskOutcome(D(2030, 12, 31))], as_of=D(2027, 12, 31))
    assert rate.percent is None
    assert rate.explanation == "Chưa có nhiệm vụ nào đến hạn."


def test_rate_done_late_after_the_reference_date_is_not_done_yet():
    rate = completion_rate([TaskOutcome(D(2027, 6, 30), DONE, D(2028, 1, 5))], as_of=D(2027, 12, 31))
    assert (rate.on_time, rate.late, rate.not_done) == (0, 0, 1)


def test_rate_feeds_a_quantitative_criterion():
    """A 'task_completion' criterion: 20 points, target 90 %; 3 of 4 on time → 75 % → 20 × 75/90."""
    outcomes = [TaskOutcome(D(2026, 6, 30), DONE, D(2026, 6, 1))] * 3 + [TaskOutcome(D(2026, 6, 30))]
    rate = completion_rate(outcomes)
    assert rate.percent == Decimal("75.00")
    assert quantitative_points(20, rate.percent, 90) == Decimal("16.67")
    everything = completion_rate(outcomes[:3])
    assert quantitative_points(20, everything.percent, 90) == Decimal("20.00")  # capped
