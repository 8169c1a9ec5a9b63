"""Vietnamese text: dates, numbers, money, and the letter order used to sort names.

Pure Python (Babel for the digit grouping and for reading numbers typed the Vietnamese way); used by
templates, forms, documents and exports alike: every number shown or read goes through this module.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

# --- dates and numbers --------------------------------------------------------------------------


def long_date(value: dt.date | dt.datetime | None, *, pad: bool = True) -> str:
    """'ngày 05 tháng 12 năm 2027'.

    Decree 30/2020/NĐ-CP, Phụ lục I: a day below 10 and the months 1 and 2 take a leading zero
    (so 'tháng 01', 'tháng 02', but 'tháng 3'). `pad=False` writes the plain numbers.
    """
    if value is None:
        return ""
    if pad:
        day = f"{value.day:02d}"
        month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    else:
        day, month = str(value.day), str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def short_date(value: dt.date | dt.datetime | None) -> str:
    """'05/12/2027'."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def short_datetime(value: dt.datetime | None) -> str:
    """'14:05 05/12/2027'."""
    if value is None:
        return ""
    return f"{value.hour:02d}:{value.minute:02d} {short_date(value)}"


def number(value, digits: int = 0) -> str:
    """2340000 → '2.340.000'; 95.5 → '95,5' (Vietnamese grouping and decimal comma)."""
    if value is None:
        return ""
    fmt = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return format_decimal(value, format=fmt, locale="vi_VN")


def measure(value, unit: str = "") -> str:
    """A value with its unit of measure, as screens and documents show it: 95.5, '%' → '95,5%';
    50, 'tin bài/năm' → '50 tin bài/năm'; None → ''."""
    if value is None:
        return ""
    text = number(value, 4)
    unit = (unit or "").strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


# A number as typed: digits, separators, an optional sign; nothing else (no exponent, no NaN).
_TYPED_NUMBER = re.compile(r"^[+-]?[0-9.,]*[0-9][0-9.,]*$")
# One "." that is a thousands separator in Vietnamese: 1 to 3 digits, ".", exactly 3 digits ("2.340").
_ONE_GROUP = re.compile(r"^[+-]?[0-9]{1,3}\.[0-9]{3}$")


def parse_number(text: str | None) -> Decimal | None:
    """Read a number typed the Vietnamese way; None when it is not one.

    Vietnamese writes "," for the decimal point and "." between thousands: "1,5", "66,67", "0,3",
    "2.340.000", "2.340.000,5" (read by Babel for the `vi` locale, which also checks the grouping:
    "12.34.5" is refused). Spaces between thousands are dropped ("2 340 000").

    A browser or an English-locale user types "1.5": Babel would read it as 15 ("." groups
    thousands). The rule: when there is no "," and exactly one ".", that "." is a decimal point unless it
    is followed by exactly three digits after one to three digits ("2.340" stays 2340, a grouping), so
    "1.5", "66.67", "0.3", "1.2345" and "1234.567" are decimals. "1.234" is read as 1234, the Vietnamese
    way; whoever means one point two three four types "1,234".
    """
    value = (text or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if not value or not _TYPED_NUMBER.match(value):
        return None
    if "," not in value and value.count(".") == 1 and not _ONE_GROUP.match(value):
        value = value.replace(".", ",")
    try:
        result = parse_decimal(value, locale="vi", strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def number_input(value, places: int = 4) -> str:
    """A number as an input shows it: Vietnamese grouping and comma, at most `places` decimals, no
    trailing zeros (1.50 → '1,5'; 2340000 → '2.340.000'); read back by `parse_number` unchanged."""
    if value is None:
        return ""
    return number(value, places)


def round_thousand(amount) -> int:
    """Round a sum of money to the nearest 1.000 đồng (half up)."""
    return int((Decimal(str(amount)) / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 1000)


def money(amount) -> str:
    """2340000 → '2.340.000 đồng'."""
    if amount is None:
        return ""
    return f"{number(amount)} đồng"


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _three_digits(value: int, *, leading: bool) -> list[str]:
    """One group of three digits as read aloud: 'ba trăm bốn mươi', 'không trăm linh năm'.

    A group that is not the leading one says its zero hundreds ('một triệu không trăm linh năm nghìn');
    a zero tens digit before a unit digit is 'linh' ('một trăm linh năm'); after 'mươi', 1 is 'mốt' and 5 is
    'lăm' ('hai mươi mốt', 'hai mươi lăm'), after 'mười' 5 is 'lăm' ('mười lăm') and 1 stays 'một'."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words += ["linh", _DIGITS[units]]
        elif units:
            words.append(_DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def number_in_words(value: int) -> str:
    """A whole number as offices write it in words: 2340000 → 'hai triệu ba trăm bốn mươi nghìn'.

    The reading of the administrative documents: 'nghìn' (not 'ngàn'), 'linh' for an inner zero tens
    ('một trăm linh năm'), 'mốt' and 'lăm' after 'mươi', 'mười lăm', zero hundreds said in every group but
    the first ('một triệu không trăm năm mươi nghìn'), groups of zeros left out ('hai triệu đồng'), and
    'tỷ' repeated for thousands of billions ('một nghìn tỷ'). num2words 0.5.14 (lang='vi') differs where the
    inner groups hold zeros: 105 → 'một trăm lẻ năm', 1.005.000 → 'một triệu năm nghìn', 1.000.005 →
    'một triệu lẻ năm', where a decision writes 'một trăm linh năm', 'một triệu không trăm linh năm nghìn',
    'một triệu không trăm linh năm': hence this function (tests/unit/test_vietnamese.py)."""
    value = int(value)
    if value < 0:
        return "âm " + number_in_words(-value)
    if value == 0:
        return _DIGITS[0]
    billions, rest = divmod(value, 1_000_000_000)
    words: list[str] = []
    if billions:
        words.append(number_in_words(billions))
        words.append("tỷ")
    groups = [rest // 1_000_000, rest // 1000 % 1000, rest % 1000]
    for index, group in enumerate(groups):
        if group == 0:
            continue
        leading = not words
        words += _three_digits(group, leading=leading)
        if _GROUPS[2 - index]:
            words.append(_GROUPS[2 - index])
    return " ".join(words)


def money_in_words(amount: int) -> str:
    """'Bằng chữ' of a sum: 2340000 → 'Hai triệu ba trăm bốn mươi nghìn đồng'."""
    text = f"{number_in_words(int(amount))} đồng"
    return text[0].upper() + text[1:]


def parse_date(text: str) -> dt.date | None:
    """Read '05/12/2027', '5/12/2027', '2027-12-05' or '05-12-2027'; None when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None



_TIME = re.compile(r"^([01]?[0-9]|2[0-3])\s*(?:[:hg]|giờ)\s*([0-5][0-9])?\s*(?:phút)?$", re.IGNORECASE)


def parse_datetime(text: str) -> dt.datetime | None:
    """Read a date and a 24-hour time: '05/12/2027 17:00', '5/12/2027 8:30', '05/12/2027 17h', or the time
    first as the screens write it ('17:00 05/12/2027'); the date part as `parse_date` reads it, and a browser's
    '2027-12-05T17:00'. None when it is not a date with a time."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    parts = text.replace(",", " ").split(None, 1)
    if len(parts) != 2:
        return None
    for date_text, time_text in ((parts[0], parts[1]), tuple(reversed(text.replace(",", " ").rsplit(None, 1)))):
        day, time = parse_date(date_text), _TIME.match(time_text.strip())
        if day is not None and time is not None:
            return dt.datetime.combine(day, dt.time(int(time.group(1)), int(time.group(2) or 0)))
    return None

# --- names ---------------------------------------------------------------------------------------

# Letters in the order of the Vietnamese alphabet; other characters (digits, Latin letters f, j, w, z)
# keep a place after them, in their own order.
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a letter of its own (ă, â, ê, ô, ơ, ư), not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_LETTER_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}


def _split_letter(char: str) -> tuple[str, int]:
    """'ế' → ('ê', 4): the letter of the alphabet and its tone."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, tone = decomposed[:1], 0
    for mark in decomposed[1:]:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        elif mark in _LETTER_MARKS:
            base += mark
    return unicodedata.normalize("NFC", base), tone


def _code(letter: str) -> str:
    if letter in _LETTER_INDEX:
        return f"{_LETTER_INDEX[letter] + 10:02d}"
    if letter.isdigit():
        return f"0{letter}"  # digits before letters
    return f"{min(ord(letter), 9999) % 60 + 40:02d}"  # anything else after the alphabet, stable


def syllable_key(syllable: str) -> str:
    """A digit string whose byte order is Vietnamese dictionary order for one syllable.

    Letters decide first (a < ă < â < b … < đ …), the tone only between syllables of the same
    letters: An < Án < Anh. Digits only, so every database collation orders it the same way.
    """
    letters, tone = [], 0
    for char in unicodedata.normalize("NFC", syllable):
        if not char.isalnum():
            continue
        letter, char_tone = _split_letter(char)
        letters.append(_code(letter))
        tone = tone or char_tone
    return "".join(letters) + "00" + str(tone)


def words_key(text: str) -> str:
    """Dictionary order for several words, compared word by word."""
    return "".join(syllable_key(word) for word in (text or "").split())


def name_sort_key(full_name: str) -> str:
    """The order of a Vietnamese staff list: by given name (the last word), then by the rest.

    'Nguyễn Văn An' sorts by 'An', then by 'Nguyễn Văn'. Stored in Person.sort_key so that lists sort
    and paginate in SQL.
    """
    words = (full_name or "").split()
    if not words:
        return ""
    given, rest = words[-1], " ".join(words[:-1])
    return syllable_key(given) + "9" + words_key(rest)


def clean_text(value: str | None) -> str:
    """Trim, fold runs of white space, and compose diacritics (NFC) so that equal names compare equal."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def fold(value: str | None) -> str:
    """Lower case without diacritics, for search: 'Nguyễn Đức' → 'nguyen duc'."""
    text = unicodedata.normalize("NFD", clean_text(value).lower()).replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --- sizes ---------------------------------------------------------------------------------------


def file_size(size: int | None) -> str:
    """A file's size as pages show it: 36778 → '35,9 KB'; 2_500_000 → '2,4 MB'; 512 → '512 byte'."""
    size = int(size or 0)
    if size < 1024:
        return f"{number(size)} byte"
    if size < 1024 * 1024:
        return f"{number(Decimal(size) / 1024, 1)} KB"
    return f"{number(Decimal(size) / (1024 * 1024), 1)} MB"
