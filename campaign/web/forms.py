"""The base form: CSRF from Flask-WTF, WTForms' own messages in Vietnamese, trimmed text, a Vietnamese
date field that reads 05/12/2027 as well as the browser's 2027-12-05, and the one decimal field every
number input with a fraction or thousands uses (1,5 · 66,67 · 2.340.000)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation
from wtforms.widgets import HiddenInput

from ..vietnamese import clean_text, number_input, parse_date, parse_datetime, parse_number, short_date

_VI = {
    "Field must be equal to %(other_name)s.": "Phải trùng với trường %(other_name)s.",
    "Field must be at least %(min)d character long.": "Phải có ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Phải có ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Field must be exactly %(max)d characters long.": "Phải có đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Phải dài từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Số không được lớn hơn %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải nằm trong khoảng %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở đi.",
    "Date must be at most %(max)s.": "Ngày không được sau %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải nằm trong khoảng %(min)s đến %(max)s.",
    "This field is required.": "Trường này là bắt buộc.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Invalid email address.": "Địa chỉ email không hợp lệ.",
    "Invalid URL.": "Địa chỉ URL không hợp lệ.",
    "Invalid value, must be one of: %(values)s.": "Giá trị không hợp lệ, phải là một trong: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Giá trị không hợp lệ, không được là: %(values)s.",
    "This field cannot be edited.": "Trường này không được sửa.",
    "This field is disabled and cannot have a value.": "Trường này bị khóa, không nhận giá trị.",
    "Invalid CSRF Token.": "Mã bảo mật của biểu mẫu không hợp lệ: hãy tải lại trang.",
    "CSRF token missing.": "Thiếu mã bảo mật của biểu mẫu: hãy tải lại trang.",
    "CSRF failed.": "Kiểm tra bảo mật biểu mẫu không thành công: hãy tải lại trang.",
    "CSRF token expired.": "Mã bảo mật của biểu mẫu đã hết hạn: hãy tải lại trang.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có lựa chọn nào.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Có lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "«%(value)s» không phải là lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "«%(value)s» không phải là các lựa chọn hợp lệ.",
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ (dạng ngày/tháng/năm, ví dụ 05/12/2027).",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid integer value.": "Phải là một số nguyên.",
    "Not a valid decimal value.": "Phải là một số.",
    "Not a valid float value.": "Phải là một số.",
}


class VietnameseTranslations:
    def gettext(self, string: str) -> str:
        return _VI.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _VI.get(singular if n == 1 else plural, singular if n == 1 else plural)


_TRANSLATIONS = VietnameseTranslations()


def _strip(value):
    return clean_text(value) if isinstance(value, str) else value


def _strip_lines(value):
    """Multi-line text: each line trimmed and composed (NFC), line breaks kept, blank ends dropped."""
    if not isinstance(value, str):
        return value
    return "\n".join(clean_text(line) for line in value.replace("\r\n", "\n").split("\n")).strip()


def max_length(unbound_field) -> int | None:
    """The `Length(max=…)` of a field being declared, if it has one."""
    validators = unbound_field.kwargs.get("validators")
    if validators is None and len(unbound_field.args) > 1:
        validators = unbound_field.args[1]
    limits = [v.max for v in validators or () if isinstance(v, Length) and v.max and v.max > 0]
    return min(limits) if limits else None


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _TRANSLATIONS

        def bind_field(self, form, unbound_field, options):
            # Every text input is trimmed and its diacritics composed (NFC) before validation.
            filters = unbound_field.kwargs.get("filters", ())
            if issubclass(unbound_field.field_class, TextAreaField):
                unbound_field.kwargs["filters"] = (_strip_lines, *filters)
            elif issubclass(unbound_field.field_class, StringField):
                unbound_field.kwargs["filters"] = (_strip, *filters)
            # A length limit (the model column's, through Length) is shown as a counter while typing
            # (static/app.js) and refused by Length on saving; never as the maxlength attribute WTForms
            # would write, with which the browser cuts a longer paste without a word.
            limit = max_length(unbound_field)
            kind = unbound_field.field_class
            if limit and issubclass(kind, StringField):
                render_kw = dict(unbound_field.kwargs.get("render_kw") or {})
                render_kw.setdefault("maxlength", False)
                if not issubclass(kind, TypedTextField | PasswordField):
                    render_kw.setdefault("data-maxlength", limit)
                unbound_field.kwargs["render_kw"] = render_kw
            return unbound_field.bind(form=form, **options)

    def hidden_tag(self, *fields):
        """The form's hidden fields (CSRF token, version …) without an id: a page with two forms (accept and
        return, a dossier and its prior awards) has no two elements with one id, and nothing labels them."""
        chosen = [getattr(self, f, None) if isinstance(f, str) else f for f in (fields or self)]
        return Markup("\n".join(str(f(id=False)) for f in chosen
                                if f is not None and isinstance(f.widget, HiddenInput)))

    def apply_service_error(self, error) -> None:
        """Show a ServiceError beside its field (each of its problems beside its own), or at the top."""
        problems = getattr(error, "problems", None) or {error.field: error.message}
        for name, message in problems.items():
            field = getattr(self, name, None) if name else None
            if field is None and name == "file":  # the file service's field; a dossier form's is "files"
                field = getattr(self, "files", None)
            if field is not None:
                field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
            else:
                self.form_errors.append(message)


class TypedTextField(StringField):
    """A value typed as text and read by a parser (dates, date-times, numbers): the one place for the raw
    text. Shown as `show(data)`; read with `parse(text)` (None: not a value of this kind, `invalid` is the
    message); wrong text stays on the form exactly as typed, with its message beside the field; an empty
    box is None. Subclasses give `parse`, `show` and `invalid`, and may `check` a parsed value further
    (raise ValueError with the message)."""

    invalid = "Giá trị không hợp lệ."

    def parse(self, text: str):
        raise NotImplementedError

    def show(self, value) -> str:
        raise NotImplementedError

    def check(self, value) -> None:
        """Refuse a parsed value that is still wrong for this field (ValueError with the message)."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.show(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        value = self.parse(text)
        if value is None:
            raise ValueError(self.invalid)
        self.check(value)
        self.data = value

    def pre_validate(self, form):
        # Text that is not a value gets its one message, not a range or "required" message about it too.
        if self.process_errors:
            raise StopValidation()


class VietnameseDateField(TypedTextField):
    """A date typed as 05/12/2027 (or 5/12/2027, 2027-12-05: `vietnamese.parse_date`), whatever the
    browser's language: a text input, never type=date (whose display follows the browser's locale)."""

    invalid = "Ngày không hợp lệ (dạng ngày/tháng/năm, ví dụ 05/12/2027)."

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("placeholder", "dd/mm/yyyy")
        kwargs["render_kw"].setdefault("autocomplete", "off")
        super().__init__(label, validators, **kwargs)

    def parse(self, text):
        return parse_date(text)

    def show(self, value):
        return short_date(value) if isinstance(value, dt.date) else ""


class VietnameseDateTimeField(TypedTextField):
    """A date and a 24-hour time typed as 05/12/2027 17:00 (`vietnamese.parse_datetime`, whose date part is
    `parse_date`'s), shown the same way: a text input, never type=datetime-local (a browser with an English
    interface showed "12/05/2027, 05:00 PM")."""

    invalid = "Ngày giờ không hợp lệ. Hãy nhập dạng ngày/tháng/năm giờ:phút, ví dụ 05/12/2027 17:00."

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("placeholder", "dd/mm/yyyy hh:mm")
        kwargs["render_kw"].setdefault("autocomplete", "off")
        super().__init__(label, validators, **kwargs)

    def parse(self, text):
        return parse_datetime(text)

    def show(self, value):
        return f"{short_date(value)} {value:%H:%M}" if isinstance(value, dt.datetime) else ""


class VietnameseDecimalField(TypedTextField):
    """A number typed the Vietnamese way: "1,5", "66,67", "0,3", "2.340.000" (and a browser's "1.5"; the
    rule is `vietnamese.parse_number`'s). Shown the same way (`vietnamese.number_input`).

    Rendered as a text input with `inputmode="decimal"` (a phone shows the number pad), never
    `type=number`: Chromium in a Vietnamese locale drops or re-reads what `type=number` cannot parse, so
    "1,5" became 15. `places` is how many decimals the value may have: a number with more is refused
    (the stored value is the one the user sees, never silently rounded); `places=0` reads whole numbers,
    money for instance. Minimum and maximum come from `NumberRange` validators, as with DecimalField.
    When the text is not a number the field keeps it as typed and says "Phải là một số." (with
    `example`, "Phải là một số (ví dụ 66,67).").
    """

    def __init__(self, label=None, validators=None, places: int = 2, example: str = "", **kwargs):
        self.places = places
        self.invalid = f"Phải là một số (ví dụ {example})." if example else "Phải là một số."
        render_kw = dict(kwargs.pop("render_kw", None) or {})
        render_kw.setdefault("inputmode", "decimal" if places else "numeric")
        render_kw.setdefault("autocomplete", "off")
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def parse(self, text):
        return parse_number(text)

    def show(self, value):
        return number_input(value, self.places) if isinstance(value, Decimal | int) else ""

    def check(self, value):
        if value.normalize().as_tuple().exponent < -self.places:
            raise ValueError("Phải là số nguyên." if self.places == 0
                             else f"Chỉ được có tối đa {self.places} chữ số sau dấu phẩy.")
