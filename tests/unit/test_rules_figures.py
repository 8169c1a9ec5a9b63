"""One source for every figure: attainment, the year considered, the sanction period, the task cut-off,
the unit window. Table-driven; the screens and the documents take these values as they are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from campaign.rules.calendar import unit_window
from campaign.rules.eligibility import sanction_period, year_considered
from campaign.rules.levels import INITIATIVE_LEVELS, SANCTION_LEVELS, at_least, check_in
from campaign.rules.scoring import attainment_percent, quantitative_points
from campaign.rules.tasks import cutoff_date

ATTAINMENT = [
    # actual, target, higher_is_better, attainment %
    ("99", "95", True, "100.0"),  # above the target: capped, as the points are
    ("95", "95", True, "100.0"),  # exactly at the target
    ("90", "95", True, "94.7"),  # below
    ("3", "5", False, "100.0"),  # lower is better, better than the target
    ("7", "5", False, "71.4"),  # lower is better, worse than the target
    ("0", "95", True, "0.0"),  # a result of 0 is a result
    ("0", "5", False, "100.0"),  # 0 complaints reaches any lower-is-better target
    ("50", None, True, None),  # no target: nothing can be said
    (None, "95", True, None),  # no result
]


@pytest.mark.parametrize(("actual", "target", "higher", "expected"), ATTAINMENT)
def test_attainment_percent(actual, target, higher, expected):
    value = attainment_percent(None if actual is None else Decimal(actual),
                               None if target is None else Decimal(target), higher_is_better=higher)
    assert value == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(("actual", "target", "higher", "expected"), [r for r in ATTAINMENT if r[3] is not None])
def test_attainment_and_points_agree(actual, target, higher, expected):
    points = quantitative_points(10, Decimal(actual), Decimal(target), higher_is_better=higher)
    assert points == (Decimal(expected) / 10).quantize(Decimal("0.01"))  # 10 points × the same attainment


def test_year_considered_is_the_current_year_while_the_phase_runs():
    assert year_considered(dt.date(2027, 12, 31), dt.date(2026, 12, 1)) == 2026
    assert year_considered(dt.date(2027, 12, 31), dt.date(2028, 3, 1)) == 2027


def test_the_sanction_period_covers_the_phase_and_the_whole_year_considered():
    phase_start, phase_end = dt.date(2026, 3, 1), dt.date(2027, 12, 31)
    start, end = sanction_period(phase_start, phase_end, 2026)
    assert (start, end) == (dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert start <= dt.date(2026, 1, 15) <= end  # a sanction of January, before the phase starts


def test_the_task_cutoff_is_the_phase_end_or_today():
    assert cutoff_date(dt.date(2027, 12, 31), dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    assert cutoff_date(dt.date(2027, 12, 31), dt.date(2028, 1, 5)) == dt.date(2027, 12, 31)


def test_levels_are_one_vocabulary_in_order_with_their_checks():
    assert list(SANCTION_LEVELS) == ["khien_trach", "canh_cao", "ha_bac_luong", "cach_chuc", "buoc_thoi_viec"]
    assert at_least("cach_chuc", "canh_cao", list(SANCTION_LEVELS))
    assert not at_least("khien_trach", "canh_cao", list(SANCTION_LEVELS))
    assert not at_least(None, "co_so", list(INITIATIVE_LEVELS))
    assert check_in("level", INITIATIVE_LEVELS, nullable=True) == (
        "level IS NULL OR level IN ('co_so', 'tinh', 'toan_quoc')")


NOW = dt.datetime(2026, 12, 1, 9, 0)
OPENS, CLOSES = dt.datetime(2026, 11, 26, 7, 30), dt.datetime(2026, 12, 26, 17, 0)


@pytest.mark.parametrize(("status", "may_edit", "opens", "closes", "message", "left"), [
    ("launched", True, OPENS, CLOSES, None, "còn 25 ngày 8 giờ"),
    ("draft", True, OPENS, CLOSES, "phong trào chưa được phát động", ""),
    ("closed", True, OPENS, CLOSES, "phong trào đã kết thúc", ""),
    ("launched", False, OPENS, CLOSES, "Văn phòng đã khóa", ""),
    ("launched", True, None, None, "chưa đặt thời gian", ""),
    ("launched", True, dt.datetime(2026, 12, 4, 7, 30), CLOSES, "chưa đến thời gian nhận hồ sơ", "mở sau 2 ngày 22 giờ"),
    ("launched", True, OPENS, dt.datetime(2026, 11, 30, 17, 0), "đã hết hạn nộp hồ sơ lúc 17:00 30/11/2026", ""),
])
def test_unit_window(status, may_edit, opens, closes, message, left):
    window = unit_window(phase_name="Giai đoạn 1", campaign_status=status, units_may_edit=may_edit,
                         opens_at=opens, closes_at=closes, now=NOW)
    assert window.is_open is (message is None)
    assert (window.message is None) if message is None else (message in window.message)
    assert window.time_left == left
