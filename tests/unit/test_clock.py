"""The one clock every service reads (models/base.py): UTC for storage, Vietnam time (UTC+7) for windows and
days, and the shift the test suite applies late in the Vietnam evening (tests/conftest.py)."""

import datetime as dt

from campaign.models import base


def test_local_now_is_seven_hours_ahead_of_utcnow():
    gap = base.local_now() - base.utcnow()
    assert dt.timedelta(hours=7) - dt.timedelta(seconds=1) < gap <= dt.timedelta(hours=7)


def test_the_shift_moves_both_clocks(monkeypatch):
    real = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    monkeypatch.setattr(base, "CLOCK_SHIFT", dt.timedelta(hours=-5))
    shifted = base.utcnow()
    assert dt.timedelta(hours=-5, seconds=-1) < shifted - real < dt.timedelta(hours=-5, seconds=1)
    assert base.local_now() - shifted < dt.timedelta(hours=7, seconds=1)
