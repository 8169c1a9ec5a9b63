"""The one table reader (campaign/imports/table.py): HTML from a browser, Word or Writer clipboard, quoted
cells of a spreadsheet's copy, a browser's broken plain-text lines, Writer's one cell a line, numbering
rows as a spreadsheet reads them, the header found below titles and across two rows."""

from __future__ import annotations

import pytest

from campaign.imports import TABLES, read_rows
from campaign.imports.table import Cell, Row, combine_header, find_header, is_numbering, rejoin
from campaign.services import org_import, plan_import


@pytest.mark.parametrize(("texts", "expected"), [
    (["(1)", "(2)", "(3)", "(4)"], True),
    (["1", "2", "3", "4", "5"], True),
    (["-1", "-2", "-3", "-4", "-5", "-6", "-7", "-8"], True),  # "(1)" … as LibreOffice Calc reads them
    (["−1", "−2", "−3"], True),  # a true minus sign
    (["(5)", "(1)", "(2)", "(4)", "(6)", "(3)"], True),  # columns moved about
    (["-2", "Nâng cấp", "-4"], False),
    (["1", "2", "4"], False),
    (["1", "Văn phòng", "12/2026"], False),
])
def test_numbering_rows(texts, expected):
    assert is_numbering(texts) is expected


def test_word_clipboard_html_keeps_paragraphs_of_a_cell():
    html = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style>
    </head><body lang=VI><p class=MsoNormal align=center><b><span lang=VI>Phụ lục I<o:p></o:p></span></b></p>
    <table class=MsoTableGrid border=1><tr><td><p class=MsoNormal><b>STT</b></p></td><td><p><b>Tên nhiệm vụ</b></p>
    </td><td><p>Cơ sở căn cứ</p></td><td><p>Đơn vị chủ trì</p></td><td><p>Thời gian hoàn thành</p></td></tr>
    <tr><td><p class=MsoNormal>1</p></td><td><p class=MsoNormal>Số&nbsp;hóa
    quy trình</p></td><td><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>-<span
    style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Nghị quyết số 71/NQ-CP<o:p></o:p></p>
    <p class=MsoListParagraph><![if !supportLists]>-&nbsp; <![endif]>Quyết định 1689</p></td><td>Văn phòng</td>
    <td>12/2026</td></tr></table></body></html>"""
    rows = read_rows("bang-dan.html", html.encode(), TABLES)
    assert [r.texts for r in rows] == [
        ["Phụ lục I"], ["STT", "Tên nhiệm vụ", "Cơ sở căn cứ", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        ["1", "Số hóa quy trình", "- Nghị quyết số 71/NQ-CP\n- Quyết định 1689", "Văn phòng", "12/2026"]]
    assert rows[0].cells[0].bold and rows[1].cells[0].bold and not rows[2].cells[0].bold


def test_html_spans_colspan_leaves_cells_empty_rowspan_repeats():
    html = ("<table><tr><th>TT</th><th>Tên</th><th>Chủ trì</th></tr>"
            "<tr><td><b>I</b></td><td colspan=2><b>Mục một</b></td></tr>"
            "<tr><td>1</td><td>Việc một</td><td rowspan=2>Văn phòng</td></tr>"
            "<tr><td>2</td><td>Việc hai</td></tr></table>")
    rows = read_rows("a.txt", html.encode(), TABLES)  # pasted as text, recognised as HTML
    assert [r.texts for r in rows] == [["TT", "Tên", "Chủ trì"], ["I", "Mục một"], ["1", "Việc một", "Văn phòng"],
                                       ["2", "Việc hai", "Văn phòng"]]


def test_a_spreadsheets_copy_keeps_quoted_cells_of_several_lines():
    text = 'TT\tTên\tCăn cứ\n1\tViệc một\t"- Nghị quyết 71\n- Quyết định ""1689"""\n2\tViệc hai\tKhông\n'
    rows = read_rows("bang-dan.txt", text.encode(), TABLES)
    assert [r.texts for r in rows] == [["TT", "Tên", "Căn cứ"], ["1", "Việc một", '- Nghị quyết 71\n- Quyết định "1689"'],
                                       ["2", "Việc hai", "Không"]]
    assert [r.line for r in rows] == [1, 2, 4]


def test_a_browsers_plain_text_is_put_back_into_rows():
    """Chromium copies a cell of two paragraphs as two lines and drops the tab after it."""
    text = ("STT\tTên nhiệm vụ\tCăn cứ\tChủ trì\tThời gian\n"
            "I\tMục một\n"
            "1\tViệc một\t- Nghị quyết 71\n\n- Quyết định 1689\n\nVăn phòng\t12/2026\n"
            "giảm tối đa TTHC\tngày 19/6/2025\t\t\n"
            "2\tViệc hai\tKhông\tVăn phòng\t12/2026\n")
    rows = read_rows("bang-dan.txt", text.encode(), TABLES)
    assert all(r.loose for r in rows)
    joined = rejoin(rows[1:], 5)
    assert [r.texts for r in joined] == [
        ["I", "Mục một"],
        ["1", "Việc một", "- Nghị quyết 71\n- Quyết định 1689", "Văn phòng", "12/2026"],
        ["", "giảm tối đa TTHC", "ngày 19/6/2025"],  # the empty first cell the browser dropped
        ["2", "Việc hai", "Không", "Văn phòng", "12/2026"]]


def test_writers_text_one_cell_a_line_is_read_back():
    text = "\n".join(["Phụ lục I", "DANH MỤC NHIỆM VỤ", "STT", "Tên nhiệm vụ", "Cơ sở căn cứ thực hiện",
                      "Đơn vị chủ trì", "Thời gian hoàn thành", "Ghi chú",
                      "I", "Mục một",
                      "1", "Việc một", "- Nghị quyết 71", "- Quyết định 1689", "Văn phòng", "12/2026", "",
                      "2", "Việc hai", "Không", "Phòng KHĐT", "30/6/2026", "Đề án", ""])
    rows = read_rows("bang-dan.txt", text.encode(), TABLES, header_field=plan_import.header_field)
    assert [r.texts for r in rows] == [
        ["Phụ lục I"], ["DANH MỤC NHIỆM VỤ"],
        ["STT", "Tên nhiệm vụ", "Cơ sở căn cứ thực hiện", "Đơn vị chủ trì", "Thời gian hoàn thành", "Ghi chú"],
        ["I", "Mục một"],
        ["1", "Việc một", "- Nghị quyết 71\n- Quyết định 1689", "Văn phòng", "12/2026"],
        ["2", "Việc hai", "Không", "Phòng KHĐT", "30/6/2026", "Đề án"]]


def _rows(*rows: list[str]) -> list[Row]:
    return [Row(n, [Cell(t) for t in texts]) for n, texts in enumerate(rows, start=1)]


def test_the_header_is_found_below_titles_and_across_a_merged_second_row():
    rows = _rows(["UBND TỈNH KHÁNH HÒA"], ["DANH SÁCH CÁN BỘ"],
                 ["STT", "Họ và tên", "Giới tính", "Thông tin công tác", "", "", "Đơn vị"],
                 ["", "", "", "Chức vụ", "Loại cán bộ", "Lãnh đạo", ""],
                 ["1", "Nguyễn An", "Nam", "Chuyên viên", "HĐLĐ", "", "Văn phòng"])
    found = find_header(rows, org_import.header_field("people"))
    assert (found.index, found.end, found.lines) == (2, 4, [3, 4])
    assert found.titles == ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Loại cán bộ", "Lãnh đạo", "Đơn vị"]
    assert set(found.fields) == {"full_name", "gender", "position", "employment_type", "is_leader", "unit_name"}
    # A data row under a one-row header is not read as its second row.
    single = find_header(rows[2:3] + rows[4:], org_import.header_field("people"))
    assert (single.end, single.titles[3]) == (1, "Thông tin công tác")


def test_combine_header():
    assert combine_header(["A", "Nhóm", "", "D"], ["", "B", "C"]) == ["A", "B", "C", "D"]
