"""rules.calendar: a unit's window with the office's extension; what a unit is told about a returned
dossier in a closed window."""

import datetime as dt

from campaign.rules.calendar import returned_advice, unit_window, window_open_for_unit

OPENS, CLOSES = dt.datetime(2027, 10, 1, 8), dt.datetime(2027, 10, 31, 17)
AFTER = dt.datetime(2027, 11, 3, 9)


def window(now, extended_until=None, **kw):
    args = {"phase_name": "Giai đoạn 1", "campaign_status": "launched", "units_may_edit": True,
            "opens_at": OPENS, "closes_at": CLOSES, "now": now, "extended_until": extended_until}
    args.update(kw)
    return unit_window(**args)


def test_an_extension_reopens_the_window_for_the_unit_until_its_date():
    closed = window(AFTER)
    assert not closed.is_open and "đã hết hạn nộp hồ sơ lúc 17:00 31/10/2027" in closed.message
    extended = window(AFTER, dt.datetime(2027, 11, 5, 17))
    assert extended.is_open and extended.extended and extended.closes_at == dt.datetime(2027, 11, 5, 17)
    assert extended.time_left == "còn 2 ngày 8 giờ"
    over = window(dt.datetime(2027, 11, 5, 17, 1), dt.datetime(2027, 11, 5, 17))
    assert not over.is_open and over.state == "closed"
    assert over.message == ("Giai đoạn 1: đã hết thời gian gia hạn cho đơn vị lúc 17:00 05/11/2027 (hạn chung "
                            "17:00 31/10/2027). Liên hệ Văn phòng nếu cần gia hạn thêm.")


def test_an_extension_never_shortens_nor_overrides_the_campaign_but_lifts_the_lock_for_its_unit():
    early = window(dt.datetime(2027, 10, 30, 9), dt.datetime(2027, 10, 20, 17))  # before the common deadline
    assert early.is_open and not early.extended and early.closes_at == CLOSES
    assert "Văn phòng đã khóa" in window(AFTER, units_may_edit=False).message
    assert window(AFTER, dt.datetime(2027, 11, 5), units_may_edit=False).is_open  # the office's decision for it
    assert "Văn phòng đã khóa" in window(dt.datetime(2027, 11, 6), dt.datetime(2027, 11, 5),
                                         units_may_edit=False).message  # once it ran out, the lock holds
    assert "đã kết thúc" in window(AFTER, dt.datetime(2027, 11, 5), campaign_status="closed").message
    assert not window(dt.datetime(2027, 9, 1), dt.datetime(2027, 11, 5)).is_open  # not open yet
    assert window(AFTER, dt.datetime(2027, 11, 5), opens_at=None, closes_at=None).state == "not_set"


def test_window_open_for_unit_is_the_dates_alone():
    until = dt.datetime(2027, 11, 5, 17)
    assert window_open_for_unit(opens_at=OPENS, closes_at=CLOSES, extended_until=None, now=CLOSES)
    assert not window_open_for_unit(opens_at=OPENS, closes_at=CLOSES, extended_until=None, now=AFTER)
    assert window_open_for_unit(opens_at=OPENS, closes_at=CLOSES, extended_until=until, now=AFTER)
    assert window_open_for_unit(opens_at=OPENS, closes_at=CLOSES, extended_until=until, now=until)
    assert not window_open_for_unit(opens_at=OPENS, closes_at=CLOSES, extended_until=until,
                                    now=until + dt.timedelta(seconds=1))


def test_a_returned_dossier_in_a_closed_window_says_what_the_unit_can_do():
    assert returned_advice(window(dt.datetime(2027, 10, 20))) is None
    advice = returned_advice(window(AFTER))
    assert "liên hệ Văn phòng để được gia hạn" in advice.replace("Hãy l", "l") and "nộp lại" in advice
    locked = returned_advice(window(dt.datetime(2027, 10, 20), units_may_edit=False))
    assert "liên hệ Văn phòng để được gia hạn" in locked.replace("Hãy l", "l")
    draft = returned_advice(window(dt.datetime(2027, 10, 20), campaign_status="draft"))
    assert "chưa được phát động" in draft and "liên hệ Văn phòng" in draft
