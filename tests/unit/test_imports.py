"""The one table reader (campaign/imports) shared by the people/units import and the plan-task import."""

from __future__ import annotations

import pytest

from campaign.imports import SPREADSHEETS, TABLES, ImportFileError, read_rows, read_table
from campaign.services import org_import, plan_import
from tests.factories import xlsx_bytes


def test_both_imports_refuse_with_the_same_error():
    assert org_import.ImportFileError is plan_import.ImportFileError is ImportFileError


def test_xlsx_keeps_bold_cells_and_line_numbers():
    rows = read_rows("a.xlsx", xlsx_bytes([["Tiêu đề"], [None], ["Mục A", 2.0]], bold_rows=(1,)))
    assert [(r.line, r.texts, [c.bold for c in r.cells]) for r in rows] == [
        (1, ["Tiêu đề"], [True]), (3, ["Mục A", "2"], [False, False])]


def test_pasted_text_is_tab_separated_and_markup_is_read_only_when_asked():
    text = "**Phụ lục I**\n\nTT\tTên  nhiệm vụ\n1\t<b>Một</b> việc<br>hai dòng&nbsp;\t\t\n"
    plain = read_rows("bang.txt", text.encode(), TABLES)
    assert [r.texts for r in plain] == [["**Phụ lục I**"], ["TT", "Tên nhiệm vụ"],
                                        ["1", "<b>Một</b> việc<br>hai dòng&nbsp;"]]
    marked = read_rows("bang.txt", text.encode(), TABLES, markup=True)
    assert [r.line for r in marked] == [1, 3, 4]
    assert marked[0].cells[0].bold and marked[0].texts == ["Phụ lục I"]
    assert marked[2].cells[1].bold and marked[2].texts == ["1", "Một việc\nhai dòng"]


def test_each_page_accepts_its_own_formats():
    with pytest.raises(ImportFileError, match=r"Chỉ nhận tệp bảng tính Excel \(\.xlsx, \.xls\), LibreOffice \(\.ods\) "
                                              r"hoặc CSV \(\.csv\)\."):
        read_rows("a.txt", b"x", SPREADSHEETS)
    assert read_rows("a.txt", b"x", TABLES)[0].texts == ["x"]
    with pytest.raises(ImportFileError, match="bảng dán vào ô nhập"):
        read_rows("a.pdf", b"%PDF-1.4", TABLES)


def test_a_spreadsheet_named_as_text_is_named():
    data = xlsx_bytes([["a"]])
    with pytest.raises(ImportFileError, match="chứ không phải văn bản: hãy đổi đuôi tệp thành .xlsx"):
        read_rows("a.txt", data, TABLES)
    with pytest.raises(ImportFileError, match="chứ không phải CSV"):
        read_rows("a.csv", data)


def test_csv_reads_back_what_the_export_protected_from_excel():
    table = read_table("a.csv", "Họ và tên,Chức vụ\r\n'=HYPERLINK(1),'-Chuyên viên\r\n".encode("utf-8-sig"))
    assert table.rows == [(2, ["=HYPERLINK(1)", "-Chuyên viên"])]
