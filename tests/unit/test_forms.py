"""The typed fields of every form: the one decimal field reads and shows numbers the Vietnamese way (issue 7,
item 6); dates and date-times typed as text on the same base, length limits as counters (issue 8)."""

import datetime as dt
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from campaign.vietnamese import parse_datetime
from campaign.web.forms import (
    BaseForm,
    TypedTextField,
    VietnameseDateField,
    VietnameseDateTimeField,
    VietnameseDecimalField,
)


class Sample(Form):
    ratio = VietnameseDecimalField("Tỷ lệ", places=2, example="66,67",
                                   validators=[Optional(), NumberRange(1, 100, "Từ 1 đến 100.")])
    target = VietnameseDecimalField("Chỉ tiêu", places=4, validators=[Optional()])
    amount = VietnameseDecimalField("Số tiền", places=0, validators=[InputRequired("Hãy nhập số tiền.")])


def submit(**values):
    form = Sample(MultiDict({"amount": "1", **values}))
    return form, form.validate()


@pytest.mark.parametrize(("typed", "value"), [
    ("1,5", Decimal("1.5")),
    ("66,67", Decimal("66.67")),
    ("0,3", None),  # below the minimum: refused by NumberRange, see below
    ("1.5", Decimal("1.5")),  # a browser's decimal point
    ("66.67", Decimal("66.67")),
    ("100", Decimal(100)),
    (" 2,5 ", Decimal("2.5")),
])
def test_ratio_reads_vietnamese_and_browser_decimals(typed, value):
    form, ok = submit(ratio=typed)
    if value is None:
        assert not ok and form.ratio.errors == ["Từ 1 đến 100."]
    else:
        assert ok, form.errors
        assert form.ratio.data == value


@pytest.mark.parametrize(("typed", "value"), [
    ("2.340.000", Decimal(2340000)),
    ("2340000", Decimal(2340000)),
    ("2 340 000", Decimal(2340000)),
    ("1.234", Decimal(1234)),  # one "." before three digits groups thousands
])
def test_money_reads_thousands(typed, value):
    form, ok = submit(amount=typed)
    assert ok, form.errors
    assert form.amount.data == value


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("ratio", "sáu mươi", "Phải là một số (ví dụ 66,67)."),
    ("ratio", "1,2,3", "Phải là một số (ví dụ 66,67)."),
    ("ratio", "12.34.5", "Phải là một số (ví dụ 66,67)."),
    ("ratio", "NaN", "Phải là một số (ví dụ 66,67)."),
    ("ratio", "1e2", "Phải là một số (ví dụ 66,67)."),
    ("ratio", "66,667", "Chỉ được có tối đa 2 chữ số sau dấu phẩy."),
    ("amount", "2.340.000,5", "Phải là số nguyên."),
    ("target", "mười", "Phải là một số."),
])
def test_wrong_text_is_refused_and_kept_as_typed(field, typed, message):
    form, ok = submit(**{field: typed})
    assert not ok
    assert getattr(form, field).errors == [message]
    assert f'value="{typed}"' in str(getattr(form, field)())


def test_trailing_zeros_within_places_are_accepted():
    form, ok = submit(ratio="66,670")
    assert ok and form.ratio.data == Decimal("66.67")


def test_empty_is_none_and_required_says_so():
    form, ok = submit(ratio="", amount="")
    assert not ok
    assert form.ratio.data is None and form.ratio.errors == []
    assert form.amount.errors == ["Hãy nhập số tiền."]


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("ratio", Decimal("66.6700"), "66,67"),
    ("ratio", Decimal("1.50"), "1,5"),
    ("target", Decimal("95.0000"), "95"),
    ("target", Decimal("99.5"), "99,5"),
    ("amount", 2340000, "2.340.000"),
])
def test_values_are_shown_the_vietnamese_way_and_read_back(field, value, shown):
    form = Sample(data={field: value})
    assert getattr(form, field)._value() == shown
    again, ok = submit(**{field: shown})
    assert ok and getattr(again, field).data == Decimal(value)


def test_rendered_as_text_with_a_decimal_keypad_never_type_number():
    form = Sample()
    html = str(form.ratio())
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "number" not in html
    assert 'inputmode="numeric"' in str(form.amount())


# --- dates and times typed as text, on the same base (issue 8, «Pages») --------------------------------

class Dated(Form):
    day = VietnameseDateField("Ngày", validators=[InputRequired("Hãy nhập ngày.")])
    opens = VietnameseDateTimeField("Mở nhận hồ sơ", validators=[Optional()])
    closes = VietnameseDateTimeField("Hạn nộp hồ sơ", validators=[Optional()])


@pytest.mark.parametrize(("typed", "value"), [
    ("05/12/2027 17:00", dt.datetime(2027, 12, 5, 17, 0)),
    ("5/12/2027 8:30", dt.datetime(2027, 12, 5, 8, 30)),
    ("05/12/2027 17h", dt.datetime(2027, 12, 5, 17, 0)),
    ("05/12/2027 17h30", dt.datetime(2027, 12, 5, 17, 30)),
    ("17:00 05/12/2027", dt.datetime(2027, 12, 5, 17, 0)),  # as the screens write it
    ("05/12/2027, 17:00", dt.datetime(2027, 12, 5, 17, 0)),
    ("2027-12-05T17:00", dt.datetime(2027, 12, 5, 17, 0)),  # a datetime-local value
    ("05/12/2027", None),  # a time is needed
    ("12/05/2027 05:00 PM", None),  # no 12-hour clock
    ("05/12/2027 24:00", None),
    ("31/02/2027 08:00", None),
    ("hôm qua", None),
])
def test_parse_datetime(typed, value):
    assert parse_datetime(typed) == value


def test_every_wrong_date_and_time_is_said_at_once_and_kept():
    form = Dated(MultiDict({"day": "31/02/2027", "opens": "12/05/2027 05:00 PM", "closes": "05/12/2027"}))
    assert not form.validate()
    assert form.day.errors == ["Ngày không hợp lệ (dạng ngày/tháng/năm, ví dụ 05/12/2027)."]
    assert form.opens.errors == form.closes.errors == [
        "Ngày giờ không hợp lệ. Hãy nhập dạng ngày/tháng/năm giờ:phút, ví dụ 05/12/2027 17:00."]
    assert (form.day._value(), form.opens._value()) == ("31/02/2027", "12/05/2027 05:00 PM")
    assert (form.day.data, form.opens.data) == (None, None)


def test_date_and_time_shown_the_vietnamese_way():
    form = Dated(data={"day": dt.date(2027, 12, 5), "opens": dt.datetime(2027, 12, 5, 8, 0)})
    assert (form.day._value(), form.opens._value(), form.closes._value()) == ("05/12/2027", "05/12/2027 08:00", "")
    assert 'type="text"' in form.opens() and 'placeholder="dd/mm/yyyy hh:mm"' in form.opens()
    form = Dated(MultiDict({"day": " 5/12/2027 ", "opens": "17:00 05/12/2027"}))
    assert form.validate(), form.errors
    assert (form.day.data, form.opens.data) == (dt.date(2027, 12, 5), dt.datetime(2027, 12, 5, 17, 0))


def test_the_three_typed_fields_share_one_base():
    assert all(issubclass(kind, TypedTextField)
               for kind in (VietnameseDateField, VietnameseDateTimeField, VietnameseDecimalField))


# --- length limits and hidden fields -----------------------------------------------------------------


def test_a_length_limit_is_a_counter_never_a_browser_cut(app):
    from wtforms import HiddenField

    class Titled(BaseForm):
        version = HiddenField()
        title = StringField("Tên", validators=[Length(max=500)])
        note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=2000)])
        day = VietnameseDateField("Ngày")

    with app.test_request_context():
        form = Titled(meta={"csrf": False})
        assert 'data-maxlength="500"' in form.title() and " maxlength=" not in form.title()
        assert 'data-maxlength="2000"' in form.note() and "maxlength" not in form.day()
        assert form.hidden_tag() == '<input name="version" type="hidden" value="">'  # no id to collide
