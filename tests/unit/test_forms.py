"""The one decimal field of every form: reads and shows numbers the Vietnamese way (issue 7, item 6)."""

from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import InputRequired, NumberRange, Optional

from campaign.web.forms import VietnameseDecimalField


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
