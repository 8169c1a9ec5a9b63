"""Vietnamese dates, numbers, money and name order."""

import datetime as dt
from decimal import Decimal

import pytest

from campaign.vietnamese import (
    fold,
    long_date,
    money,
    money_in_words,
    name_sort_key,
    number,
    number_in_words,
    number_input,
    parse_date,
    parse_number,
    round_thousand,
    short_date,
    syllable_key,
    words_key,
)


@pytest.mark.parametrize(("date", "text"), [
    (dt.date(2027, 12, 5), "ngày 05 tháng 12 năm 2027"),
    (dt.date(2026, 4, 15), "ngày 15 tháng 4 năm 2026"),
    (dt.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
    (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
    (dt.date(2026, 3, 1), "ngày 01 tháng 3 năm 2026"),
])
def test_long_date_follows_decree_30(date, text):
    assert long_date(date) == text


def test_long_date_unpadded_and_empty():
    assert long_date(dt.date(2026, 1, 9), pad=False) == "ngày 9 tháng 1 năm 2026"
    assert long_date(None) == ""


def test_short_date():
    assert short_date(dt.date(2027, 12, 5)) == "05/12/2027"
    assert short_date(None) == ""


def test_numbers_and_money():
    assert number(2340000) == "2.340.000"
    assert number(95.5, 1) == "95,5"
    assert number(0) == "0"
    assert money(2340000) == "2.340.000 đồng"
    assert money(None) == ""


@pytest.mark.parametrize(("amount", "rounded"), [(702000, 702000), (701499, 701000), (701500, 702000),
                                                 (2340000 * 0.3, 702000), (499, 0)])
def test_round_thousand(amount, rounded):
    assert round_thousand(amount) == rounded


@pytest.mark.parametrize(("text", "date"), [
    ("05/12/2027", dt.date(2027, 12, 5)), ("5/12/2027", dt.date(2027, 12, 5)),
    ("2027-12-05", dt.date(2027, 12, 5)), ("05-12-2027", dt.date(2027, 12, 5)),
    ("31/02/2027", None), ("abc", None), ("", None), (None, None),
])
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_alphabet_order_puts_letters_with_marks_after_their_base():
    words = ["b", "â", "ă", "a", "đ", "d", "ê", "e", "ơ", "ô", "o", "ư", "u", "y", "x", "v"]
    assert sorted(words, key=syllable_key) == ["a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư",
                                               "v", "x", "y"]


def test_tones_order_within_the_same_letters():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["má", "mạ", "mà", "mã", "ma", "mả"], key=syllable_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones():
    assert sorted(["Anh", "Án", "An"], key=syllable_key) == ["An", "Án", "Anh"]
    assert sorted(["Ân", "Ấn", "Ăn", "An"], key=syllable_key) == ["An", "Ăn", "Ân", "Ấn"]


def test_words_compare_word_by_word():
    assert words_key("Nguyễn Văn") < words_key("Nguyễn Văn Anh")
    assert words_key("Lê") < words_key("Lý")


def test_names_sort_by_given_name_then_the_rest():
    names = ["Trần Thị Bình", "Nguyễn Văn An", "Lê Đức Anh", "Phạm Thị Ánh", "Nguyễn Thị An", "Đỗ Minh Đức",
             "Vũ Văn Dũng", "Hoàng Thị Yến", "Bùi Quang Ân"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Thị An", "Nguyễn Văn An", "Lê Đức Anh", "Phạm Thị Ánh", "Bùi Quang Ân", "Trần Thị Bình",
        "Vũ Văn Dũng", "Đỗ Minh Đức", "Hoàng Thị Yến",
    ]


def test_sort_key_ignores_case_and_composition():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    assert name_sort_key(decomposed) == name_sort_key("NGUYỄN VĂN ÁNH") == name_sort_key("Nguyễn Văn Ánh")


def test_sort_key_is_digits_only_so_every_collation_agrees():
    assert name_sort_key("Nguyễn Văn Ánh 2").isdigit()
    assert name_sort_key("") == ""


def test_fold_removes_diacritics_for_search():
    assert fold("  Nguyễn   ĐỨC  Thắng ") == "nguyen duc thang"


@pytest.mark.parametrize(("text", "value"), [
    ("1,5", Decimal("1.5")),
    ("66,67", Decimal("66.67")),
    ("0,3", Decimal("0.3")),
    ("2.340.000", Decimal(2340000)),
    ("2.340.000,5", Decimal("2340000.5")),
    ("2 340 000", Decimal(2340000)),
    ("-2,5", Decimal("-2.5")),
    # a browser's or an English-locale user's decimal point: one ".", not followed by exactly 3 digits
    ("1.5", Decimal("1.5")),
    ("66.67", Decimal("66.67")),
    (".5", Decimal("0.5")),
    ("1.2345", Decimal("1.2345")),
    ("1234.567", Decimal("1234.567")),
    # one "." then exactly three digits after one to three: Vietnamese thousands
    ("1.234", Decimal(1234)),
    ("12.345", Decimal(12345)),
    # not numbers
    ("", None), ("mười", None), ("1,2,3", None), ("12.34.5", None), ("1,234.5", None), ("NaN", None),
    ("Infinity", None), ("1e5", None), ("-", None), ("5%", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(("value", "places", "text"), [
    (Decimal("1.50"), 2, "1,5"), (Decimal("66.6700"), 2, "66,67"), (2340000, 0, "2.340.000"),
    (Decimal("95.0000"), 4, "95"), (Decimal("12345.6789"), 4, "12.345,6789"), (None, 2, ""),
])
def test_number_input_reads_back(value, places, text):
    assert number_input(value, places) == text
    if value is not None:
        assert parse_number(text) == Decimal(value)


# --- sums in words (Bằng chữ) -----------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (100, "một trăm"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (2100, "hai nghìn một trăm"),
    (14000, "mười bốn nghìn"),
    (541000, "năm trăm bốn mươi mốt nghìn"),
    (702000, "bảy trăm linh hai nghìn"),
    (1000000, "một triệu"),
    (1005000, "một triệu không trăm linh năm nghìn"),
    (1050000, "một triệu không trăm năm mươi nghìn"),
    (1000005, "một triệu không trăm linh năm"),
    (2000040, "hai triệu không trăm bốn mươi"),
    (2340000, "hai triệu ba trăm bốn mươi nghìn"),
    (1234567891, "một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt"),
    (3000000000, "ba tỷ"),
    (1000000000000, "một nghìn tỷ"),
])
def test_number_in_words(value, words):
    assert number_in_words(value) == words


def test_money_in_words_capitalised_with_dong():
    assert money_in_words(2340000) == "Hai triệu ba trăm bốn mươi nghìn đồng"
    assert money_in_words(0) == "Không đồng"
