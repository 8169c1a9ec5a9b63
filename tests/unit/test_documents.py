"""The document layer: the Decree 30/2020/NĐ-CP layout and the achievement reports (pure python-docx)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from campaign.documents import layout
from campaign.documents.achievement_report import (
    AchievementReport,
    CollectiveProfile,
    CriterionResult,
    IndividualProfile,
    Initiative,
    PriorAward,
    Sanction,
    Signatory,
    award_heading,
    build_achievement_report,
    criteria_table,
)
from campaign.documents.layout import Column, DocumentNumber, Issuer, Signer, TableSpec
from campaign.documents.metrics import NBSP, balanced_lines, name_groups, name_lines, text_width
from campaign.rules.scoring import attainment_percent

ISSUER = Issuer("UBND TỈNH KHÁNH HÒA", "BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", "KKTKCN", "Khánh Hòa")
UNIT = Issuer("BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", "VĂN PHÒNG", "KKTKCN", "Khánh Hòa")
CAMPAIGN = "Phong trào thi đua “Đổi mới sáng tạo, chuyển đổi số và chuyển đổi xanh” giai đoạn 2026 – 2027"
BOARD_HEAD = "Trưởng Ban Quản lý Khu kinh tế Vân Phong"


# --- builders of sample documents -------------------------------------------------------------------


def decision_bytes(*, issued: bool = True) -> bytes:
    """A decision-like page built only from layout.py, as the decision builder will."""
    number = DocumentNumber(5 if issued else None, "QĐ")
    date = dt.date(2027, 12, 5) if issued else None
    doc = layout.new_document(title="Quyết định", author=ISSUER.name)
    layout.add_header_block(doc, ISSUER, number=number, date=date, year=2027)
    layout.add_title(doc, "Quyết định", "Về việc tặng Giấy khen cho các tập thể và cá nhân có thành tích xuất sắc")
    layout.add_centered(doc, "TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", before=0)
    layout.add_legal_bases(doc, [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ.",
        "Theo đề nghị của Chánh Văn phòng;",
    ])
    layout.add_centered(doc, "QUYẾT ĐỊNH:")
    layout.add_article(doc, 1, "Tặng Giấy khen cho 02 tập thể và 05 cá nhân có tên trong danh sách kèm theo.")
    layout.add_article(doc, 2, layout.with_end_mark("Quyết định này có hiệu lực kể từ ngày ký"))
    layout.add_signature_block(doc, Signer(["KT. TRƯỞNG BAN", "Phó Trưởng Ban"], "Phan Châu Vinh"),
                               ["- Như Điều 3", "Hội đồng TĐKT Ban (b/c).", "Lưu: VT, VP"])
    layout.add_appendix_heading(
        doc,
        "Danh sách cá nhân được tặng Giấy khen",
        layout.attachment_note("Quyết định", number, date, BOARD_HEAD, symbol="KKTKCN", year=2027),
    )
    layout.add_table(doc, TableSpec(
        columns=[Column("STT", 1.2, "center"), Column("Họ và tên", 6.0), Column("Tiền thưởng (đồng)", 4.0, "right")],
        rows=[["1", "Lê Thị Ánh Tuyết", "702.000"], ["2", "Phạm Đức Thắng", "702.000"]],
        totals=["Tổng cộng", "1.404.000"], totals_span=2,
    ))
    return layout.to_bytes(doc)


def individual_report(**overrides) -> AchievementReport:
    values = dict(
        issuer=UNIT,
        award_form="Giấy khen của Trưởng Ban Quản lý Khu kinh tế Vân Phong",
        campaign_name=CAMPAIGN,
        individual=IndividualProfile(
            "Nguyễn Thị Hồng Nhung", "Nữ", dt.date(1988, 3, 7), "Văn phòng", "Chuyên viên",
            hometown="Ninh Hòa, Khánh Hòa",
        ),
        duties="Phụ trách công tác chuyển đổi số của Ban.",
        achievement_summary="Hoàn thành xuất sắc nhiệm vụ; 100% văn bản xử lý trên môi trường điện tử.",
        criteria=[
            # The attainment comes computed by the rules, as the adapter (services/reports.py) passes it
            CriterionResult("Tỷ lệ văn bản xử lý trên môi trường điện tử", Decimal("100"), Decimal("100"), "%",
                            attainment=attainment_percent(100, 100)),
            CriterionResult("Mức độ hài lòng với dịch vụ công trực tuyến", Decimal("95"), Decimal("97.5"), "%",
                            attainment=attainment_percent(Decimal("97.5"), 95)),
            CriterionResult("Tin bài đăng trên Cổng thông tin điện tử", Decimal("50"), Decimal("62"), "tin bài",
                            attainment=attainment_percent(62, 50)),
        ],
        initiatives=[Initiative("Giải pháp số hóa hồ sơ thủ tục hành chính", "cấp cơ sở", "12/QĐ-KKTKCN",
                                dt.date(2027, 11, 5), BOARD_HEAD)],
        prior_awards=[
            PriorAward(2025, "Lao động tiên tiến", "45/QĐ-KKTKCN", dt.date(2025, 12, 20), BOARD_HEAD,
                       emulation_title=True),
            PriorAward(2026, "Giấy khen của Trưởng Ban", "39/QĐ-KKTKCN", dt.date(2026, 12, 18), BOARD_HEAD),
        ],
        date=dt.date(2027, 11, 20),
        unit_head=Signatory("Lê Văn Hùng", "Chánh Văn phòng"),
    )
    values.update(overrides)
    return AchievementReport(**values)


def collective_report(**overrides) -> AchievementReport:
    values = dict(
        issuer=Issuer(ISSUER.name, "PHÒNG KẾ HOẠCH – ĐẦU TƯ VÀ XÚC TIẾN", "KKTKCN", "Khánh Hòa"),
        award_form="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
        campaign_name=CAMPAIGN,
        collective=CollectiveProfile(
            "Phòng Kế hoạch – Đầu tư và Xúc tiến",
            characteristics="Phòng có 01 Trưởng phòng, 02 Phó Trưởng phòng.",
            functions="Tham mưu quy hoạch, kế hoạch và xúc tiến đầu tư.",
            staff_count=12,
        ),
        achievement_summary="Thu hút 06 dự án mới với tổng vốn đăng ký 3.250 tỷ đồng.",
        criteria=[CriterionResult("Thời gian giải quyết hồ sơ", Decimal("15"), Decimal("12"), "ngày",
                                  attainment=attainment_percent(12, 15, higher_is_better=False))],
        initiatives=[Initiative("Mô hình “Một cửa số” tiếp nhận hồ sơ đầu tư", "cấp tỉnh", "1520/QĐ-UBND",
                                dt.date(2027, 9, 2), "Chủ tịch UBND tỉnh Khánh Hòa")],
        prior_awards=[PriorAward(2026, "Tập thể lao động xuất sắc", "40/QĐ-KKTKCN", dt.date(2026, 12, 18),
                                 BOARD_HEAD, emulation_title=True)],
        sanctions=[],
        date=None,
        year=2027,
        unit_head=Signatory("Trần Thị Minh Thư", note="(Ký, ghi rõ họ và tên)"),
        proposer=Signatory("Trần Minh Chiến", "Trưởng Ban"),
    )
    values.update(overrides)
    return AchievementReport(**values)


# --- reading the documents back ---------------------------------------------------------------------


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def paragraphs(doc):
    """Every paragraph of the body, in document order, tables included (cell by cell)."""

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell)
            else:
                yield block

    return list(walk(doc))


def find(doc, text: str):
    """The first paragraph whose (flattened) text starts with `text`."""
    for paragraph in paragraphs(doc):
        if flat(paragraph.text).startswith(text):
            return paragraph
    raise AssertionError(f"no paragraph starting with {text!r}")


def all_text(doc) -> str:
    return flat(" ".join(p.text for p in paragraphs(doc)))


def run_of(paragraph):
    runs = [run for run in paragraph.runs if run.text.strip()]
    assert runs, paragraph.text
    return runs[0]


def table_texts(table) -> list[list[str]]:
    return [[flat(cell.text) for cell in row.cells] for row in table.rows]


def has_bottom_rule(paragraph) -> bool:
    ppr = paragraph._p.pPr
    bottom = None if ppr is None else ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    return bottom is not None and bottom.get(qn("w:val")) == "single"


def close(a, b, tolerance=Mm(0.2)) -> bool:
    return abs(int(a) - int(b)) <= tolerance


# --- the page -------------------------------------------------------------------------------------


def test_page_is_a4_portrait_with_the_decree_margins():
    section = open_docx(decision_bytes()).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert close(section.page_width, Mm(210)) and close(section.page_height, Mm(297))
    assert close(section.top_margin, Mm(20)) and close(section.bottom_margin, Mm(20))
    assert close(section.left_margin, Mm(30)) and close(section.right_margin, Mm(15))


def test_times_new_roman_everywhere_black_14pt():
    doc = open_docx(decision_bytes())
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert str(normal.font.color.rgb) == "000000"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == "Times New Roman"
    assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"
    # No run names another font.
    body = doc.element.body
    for node in body.iter(qn("w:rFonts")):
        assert node.get(qn("w:ascii")) in (None, "Times New Roman")


def test_page_number_from_page_two_as_a_page_field():
    doc = open_docx(decision_bytes())
    section = doc.sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [node.text for node in header._element.iter(qn("w:instrText"))]
    assert any(text.strip() == "PAGE" for text in instructions)
    assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:instrText")))
    assert not flat(" ".join(p.text for p in first.paragraphs))


# --- the header block -----------------------------------------------------------------------------


def test_header_block_texts_and_emphasis():
    doc = open_docx(decision_bytes())
    header = doc.tables[0]
    left, right = header.rows[0].cells
    parent, body = [p for p in left.paragraphs if p.text.strip()]
    assert flat(parent.text) == "UBND TỈNH KHÁNH HÒA"
    assert not run_of(parent).bold and run_of(parent).font.size == Pt(13)
    assert flat(body.text) == "BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG"
    assert run_of(body).bold and run_of(body).font.size == Pt(13)
    national, motto = [p for p in right.paragraphs if p.text.strip()]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert run_of(national).bold and run_of(national).font.size in (Pt(12), Pt(13))
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert run_of(motto).bold and run_of(motto).font.size in (Pt(13), Pt(14))
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in (parent, body, national, motto))
    # The header table has no borders.
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(edge.get(qn("w:val")) in ("nil", "none") for edge in borders)


def test_header_rules_have_the_decree_lengths():
    doc = open_docx(decision_bytes())
    left, right = doc.tables[0].rows[0].cells
    cell_margin = layout.CELL_MARGIN.pt

    def rule_length(cell, width):
        rules = [p for p in cell.paragraphs if has_bottom_rule(p)]
        assert len(rules) == 1
        fmt = rules[0].paragraph_format
        return width.pt - 2 * cell_margin - fmt.left_indent.pt - fmt.right_indent.pt

    motto_width = text_width(layout.MOTTO, 14, bold=True)
    assert abs(rule_length(right, layout.HEADER_WIDTHS[1]) - motto_width) < 1
    # Beneath the issuing body, 1/3 to 1/2 of its (longest) line.
    line = max(text_width(part, 13, bold=True) for part in ("BAN QUẢN LÝ KHU KINH TẾ", "VÂN PHONG"))
    assert line / 3 <= rule_length(left, layout.HEADER_WIDTHS[0]) <= line / 2


def test_number_has_a_leading_zero_and_is_blank_until_issued():
    assert DocumentNumber(5, "QĐ").text("KKTKCN") == "05/QĐ-KKTKCN"
    assert DocumentNumber(12, "TTr", "KKTKCN").text() == "12/TTr-KKTKCN"
    assert str(DocumentNumber(5, "QĐ-KKTKCN")) == "05/QĐ-KKTKCN"
    assert DocumentNumber(None, "QĐ").text("KKTKCN") == "     /QĐ-KKTKCN"

    issued = open_docx(decision_bytes(issued=True))
    number = issued.tables[0].rows[1].cells[0].paragraphs[0]
    assert number.text == "Số: 05/QĐ-KKTKCN"
    assert run_of(number).font.size == Pt(13)
    blank = open_docx(decision_bytes(issued=False)).tables[0].rows[1].cells[0].paragraphs[0]
    assert blank.text == "Số:      /QĐ-KKTKCN"


def test_place_and_date_line_in_italic_with_leading_zeros():
    doc = open_docx(decision_bytes(issued=True))
    line = doc.tables[0].rows[1].cells[1].paragraphs[0]
    assert line.text == "Khánh Hòa, ngày 05 tháng 12 năm 2027"
    assert run_of(line).italic and run_of(line).font.size in (Pt(13), Pt(14))
    assert layout.place_date_line("Khánh Hòa", dt.date(2027, 1, 5)) == "Khánh Hòa, ngày 05 tháng 01 năm 2027"
    assert layout.place_date_line("Lạng Sơn", dt.date(2027, 3, 15)) == "Lạng Sơn, ngày 15 tháng 3 năm 2027"
    undated = open_docx(decision_bytes(issued=False)).tables[0].rows[1].cells[1].paragraphs[0]
    assert undated.text == "Khánh Hòa, ngày      tháng      năm 2027"


# --- the body -------------------------------------------------------------------------------------


def test_title_and_trich_yeu_bold_centred_with_a_short_rule():
    doc = open_docx(decision_bytes())
    body = list(doc.paragraphs)
    title = find(doc, "QUYẾT ĐỊNH")
    assert run_of(title).bold and run_of(title).font.size == Pt(14)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = find(doc, "Về việc tặng Giấy khen")
    assert run_of(subject).bold and subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    after = body[[p._p for p in body].index(subject._p) + 1]
    assert has_bottom_rule(after) and not after.text
    fmt = after.paragraph_format
    length = layout.CONTENT_WIDTH.pt - fmt.left_indent.pt - fmt.right_indent.pt
    shown = max(text_width(line, 14, bold=True) for line in subject.text.split("\n"))
    assert shown / 3 <= length <= shown / 2


def test_legal_bases_punctuation_is_enforced():
    lines = layout.legal_basis_lines(["Căn cứ A", "Căn cứ B.", " ", "Theo đề nghị của C;"])
    assert lines == ["Căn cứ A;", "Căn cứ B;", "Theo đề nghị của C."]
    doc = open_docx(decision_bytes())
    first = find(doc, "Căn cứ Luật Thi đua")
    assert first.text.endswith("2022;")
    assert find(doc, "Căn cứ Nghị định").text.endswith("Chính phủ;")
    last = find(doc, "Theo đề nghị")
    assert last.text == "Theo đề nghị của Chánh Văn phòng."
    assert all(run.italic for run in first.runs) and run_of(first).font.size == Pt(14)


def test_body_paragraphs_follow_the_decree():
    doc = open_docx(decision_bytes())
    article = find(doc, "Điều 1.")
    fmt = article.paragraph_format
    assert article.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert close(fmt.first_line_indent, Cm(1.27), Mm(0.1))
    assert fmt.space_after >= Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5
    lead, rest = article.runs[0], article.runs[1]
    assert lead.text == "Điều 1." and lead.bold
    assert not rest.bold and rest.font.size == Pt(14)
    assert find(doc, "Điều 2.").text.endswith("kể từ ngày ký./.")
    heading = find(doc, "QUYẾT ĐỊNH:")
    assert run_of(heading).bold and heading.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_addressees_line():
    doc = layout.new_document()
    layout.add_addressees(doc, ["Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa"])
    layout.add_addressees(doc, ["Sở Nội vụ", "- Ban Thi đua – Khen thưởng tỉnh;"])
    texts = [p.text for p in open_docx(layout.to_bytes(doc)).paragraphs if p.text]
    assert texts == [
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa.",
        "Kính gửi:",
        "- Sở Nội vụ;",
        "- Ban Thi đua – Khen thưởng tỉnh.",
    ]


def test_signature_block_recipients_and_signer():
    assert layout.recipient_lines(["Như Điều 3", "- Lãnh đạo Ban;"]) == [
        "- Như Điều 3;", "- Lãnh đạo Ban;", "- Lưu: VT, VP."]
    doc = open_docx(decision_bytes())
    signature = doc.tables[1]
    left, right = signature.rows[0].cells
    lines = [p for p in left.paragraphs if p.text]
    assert lines[0].text == "Nơi nhận:"
    assert run_of(lines[0]).bold and run_of(lines[0]).italic and run_of(lines[0]).font.size == Pt(12)
    assert [p.text for p in lines[1:]] == ["- Như Điều 3;", "- Hội đồng TĐKT Ban (b/c);", "- Lưu: VT, VP."]
    assert all(run_of(p).font.size == Pt(11) for p in lines[1:])
    signing = [p for p in right.paragraphs if p.text]
    assert [flat(p.text) for p in signing] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Phan Châu Vinh"]
    assert all(run_of(p).bold and p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in signing)
    assert run_of(signing[0]).font.size in (Pt(13), Pt(14))
    # Room for the signature above the name.
    assert signing[-1].paragraph_format.space_before >= Pt(48)


def test_list_table_and_appendix_heading():
    doc = open_docx(decision_bytes())
    heading = find(doc, "DANH SÁCH CÁ NHÂN")
    assert run_of(heading).bold and heading.paragraph_format.page_break_before
    note = find(doc, "(Kèm theo Quyết định số 05/QĐ-KKTKCN")
    assert flat(note.text) == ("(Kèm theo Quyết định số 05/QĐ-KKTKCN ngày 05 tháng 12 năm 2027 "
                               "của Trưởng Ban Quản lý Khu kinh tế Vân Phong)")
    assert all(run.italic for run in note.runs)
    table = doc.tables[-1]
    rows = table_texts(table)
    assert rows[0] == ["STT", "Họ và tên", "Tiền thưởng (đồng)"]
    assert rows[1] == ["1", "Lê Thị Ánh Tuyết", "702.000"]
    assert rows[-1] == ["Tổng cộng", "Tổng cộng", "1.404.000"]  # the label spans two columns
    assert all(run_of(cell.paragraphs[0]).bold for cell in table.rows[0].cells)
    assert run_of(table.rows[-1].cells[-1].paragraphs[0]).bold
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}


def test_balanced_heading_breaks_at_natural_places():
    width = layout.CONTENT_WIDTH.pt
    lines = balanced_lines("ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", 14, width,
                           bold=True)
    assert lines == ["ĐỀ NGHỊ TẶNG GIẤY KHEN", "CỦA TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG"]
    assert balanced_lines("QUYẾT ĐỊNH", 14, width, bold=True) == ["QUYẾT ĐỊNH"]


# --- the achievement reports ------------------------------------------------------------------------


def test_individual_report_sections_and_data():
    doc = open_docx(build_achievement_report(individual_report()))
    text = all_text(doc)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG" in text
    assert f"({CAMPAIGN})" in text
    for heading in ("I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "1. Quyền hạn, nhiệm vụ được giao",
                    "2. Thành tích đạt được", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"):
        assert run_of(find(doc, heading)).bold, heading
    assert find(doc, "- Họ và tên:").text == "- Họ và tên: Nguyễn Thị Hồng Nhung"
    assert find(doc, "- Giới tính:").text == "- Giới tính: Nữ"
    assert find(doc, "- Sinh ngày, tháng, năm:").text.endswith("07/03/1988")
    assert find(doc, "- Đơn vị công tác:").text.endswith("Văn phòng")
    assert find(doc, "- Chức vụ").text.endswith("Chuyên viên")
    assert "Phụ trách công tác chuyển đổi số của Ban." in text

    criteria, initiatives, titles, awards = (table_texts(t) for t in doc.tables[1:5])
    assert criteria[0] == ["STT", "Tiêu chí, chỉ tiêu thi đua", "Chỉ tiêu", "Kết quả", "Tỷ lệ đạt (%)"]
    # Capped like the points it gives (rules.scoring.attainment_percent), as the screens show it
    assert criteria[2] == ["2", "Mức độ hài lòng với dịch vụ công trực tuyến", "95%", "97,5%", "100"]
    assert criteria[3][2:] == ["50 tin bài", "62 tin bài", "100"]
    assert initiatives[1][1:] == ["Giải pháp số hóa hồ sơ thủ tục hành chính", "Cấp cơ sở",
                                  f"Số 12/QĐ-KKTKCN ngày 05/11/2027 của {BOARD_HEAD}"]
    assert titles[1][:2] == ["2025", "Lao động tiên tiến"]
    assert awards[1][:2] == ["2026", "Giấy khen của Trưởng Ban"]
    assert "3. Kỷ luật: Không." in text


def test_individual_report_header_and_signatures():
    doc = open_docx(build_achievement_report(individual_report()))
    left, right = doc.tables[0].rows[0].cells
    assert flat(left.text) == "BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG VĂN PHÒNG"
    assert flat(right.text) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    assert not doc.tables[0].rows[1].cells[0].text  # a report has no "Số:"
    assert doc.tables[0].rows[1].cells[1].text == "Khánh Hòa, ngày 20 tháng 11 năm 2027"
    signatures = doc.tables[-1]
    headings = [flat(cell.text) for cell in signatures.rows[0].cells]
    assert headings == ["XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ CHÁNH VĂN PHÒNG (Ký, đóng dấu)",
                        "NGƯỜI BÁO CÁO THÀNH TÍCH (Ký, ghi rõ họ và tên)"]
    names = [cell.paragraphs[0] for cell in signatures.rows[1].cells]
    assert [p.text for p in names] == ["Lê Văn Hùng", "Nguyễn Thị Hồng Nhung"]
    assert all(run_of(p).bold for p in names)


def test_collective_report_sections_and_signatures():
    doc = open_docx(build_achievement_report(collective_report()))
    text = all_text(doc)
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" in text
    assert "Tên tập thể: Phòng Kế hoạch – Đầu tư và Xúc tiến" in text
    for heading in ("I. ĐẶC ĐIỂM, CHỨC NĂNG, NHIỆM VỤ", "1. Đặc điểm, tình hình", "2. Chức năng, nhiệm vụ",
                    "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐẠT"):
        assert run_of(find(doc, heading)).bold, heading
    assert find(doc, "- Tổng số cán bộ").text.endswith(": 12 người")
    assert "Tham mưu quy hoạch, kế hoạch và xúc tiến đầu tư." in text
    criteria = table_texts(doc.tables[1])
    assert criteria[1][2:] == ["15 ngày", "12 ngày", "100"]  # lower is better and below the target: attained
    assert table_texts(doc.tables[2])[1][1] == "Mô hình “Một cửa số” tiếp nhận hồ sơ đầu tư"
    assert table_texts(doc.tables[3])[1][:2] == ["2026", "Tập thể lao động xuất sắc"]
    assert "2. Hình thức khen thưởng: Không." in text
    assert doc.tables[0].rows[1].cells[1].text == "Khánh Hòa, ngày      tháng      năm 2027"
    signatures = doc.tables[-1]
    headings = [flat(cell.text) for cell in signatures.rows[0].cells]
    assert headings[0].startswith("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG TRƯỞNG BAN")
    assert headings[1].startswith("THỦ TRƯỞNG ĐƠN VỊ")
    assert [flat(cell.text) for cell in signatures.rows[1].cells] == ["Trần Minh Chiến", "Trần Thị Minh Thư"]


def test_report_with_empty_lists_says_khong():
    report = individual_report(criteria=[], initiatives=[], prior_awards=[], sanctions=[], duties="")
    doc = open_docx(build_achievement_report(report))
    text = all_text(doc)
    assert len(doc.tables) == 2  # only the header and the signatures
    for line in ("a) Kết quả thực hiện các tiêu chí, chỉ tiêu thi đua: Không.",
                 "b) Sáng kiến, giải pháp, mô hình hay, cách làm hiệu quả: Không.",
                 "1. Danh hiệu thi đua: Không.", "2. Hình thức khen thưởng: Không.", "3. Kỷ luật: Không."):
        assert line in text, line
    sanctions = find(doc, "3. Kỷ luật")
    assert sanctions.runs[0].bold and sanctions.runs[1].text == "Không." and not sanctions.runs[1].bold


def test_report_lists_sanctions():
    report = individual_report(sanctions=[Sanction("khiển trách", "07/QĐ-KKTKCN", dt.date(2026, 2, 3),
                                                   BOARD_HEAD, "Vi phạm quy chế làm việc")])
    text = all_text(open_docx(build_achievement_report(report)))
    assert "3. Kỷ luật" in text and "3. Kỷ luật: Không." not in text
    assert ("- Khiển trách (Quyết định số 07/QĐ-KKTKCN ngày 03/02/2026 của Trưởng Ban Quản lý Khu kinh tế "
            "Vân Phong): Vi phạm quy chế làm việc.") in text


def test_the_document_prints_the_attainment_it_is_given_and_computes_none():
    assert not hasattr(CriterionResult("a"), "attained")
    spec = criteria_table([CriterionResult("a", Decimal("95"), Decimal("99"), "%", attainment=Decimal("100.0")),
                           CriterionResult("b", Decimal("95"), Decimal("90"), "%", attainment=Decimal("94.7")),
                           CriterionResult("c", Decimal("95"), None, "%"),
                           CriterionResult("d", note="hoàn thành tốt nội dung được giao"),
                           CriterionResult("e")])
    assert [row[4] for row in spec.rows] == ["100", "94,7", "", "", ""]
    assert [row[3] for row in spec.rows] == ["99%", "90%", "", "", ""]
    # A result in words is the unit's own, capitalised, across the figure columns; none: a dash.
    assert [row[2] for row in spec.rows[3:]] == ["Hoàn thành tốt nội dung được giao", "—"]
    assert spec.merged == {3: (2, 4), 4: (2, 4)}


DEMO_NAMES = [
    "BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA", "BAN QUẢN LÝ DỰ ÁN HẠ TẦNG",
    "PHÒNG KẾ HOẠCH – ĐẦU TƯ VÀ XÚC TIẾN", "PHÒNG KẾ HOẠCH – TỔNG HỢP", "PHÒNG KỸ THUẬT – THẨM ĐỊNH",
    "PHÒNG DOANH NGHIỆP – GIÁM SÁT ĐẦU TƯ", "TỔ TỔNG HỢP – HÀNH CHÍNH", "VĂN PHÒNG", "UBND TỈNH KHÁNH HÒA",
    "BAN QUẢN LÝ KHU KINH TẾ CỬA KHẨU ĐỒNG ĐĂNG - LẠNG SƠN", "TRUNG TÂM QUẢN LÝ CỬA KHẨU",
    "PHÒNG QUẢN LÝ CỬA KHẨU HỮU NGHỊ",
]
# Phrases a header must never break ("TỈNH / KHÁNH HÒA", "DỰ ÁN HẠ / TẦNG" were seen in the demo).
PHRASES = ["TỈNH KHÁNH HÒA", "DỰ ÁN HẠ TẦNG", "BAN QUẢN LÝ", "KHU KINH TẾ", "KHU CÔNG NGHIỆP", "VĂN PHÒNG",
           "KẾ HOẠCH", "ĐẦU TƯ", "TỔNG HỢP", "XÚC TIẾN", "CỬA KHẨU", "TRUNG TÂM", "HÀNH CHÍNH", "LẠNG SƠN"]


def test_name_groups_of_a_bodys_name():
    groups = [" ".join(g) for g in name_groups("BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA")]
    assert groups == ["BAN QUẢN LÝ", "KHU KINH TẾ", "VÀ", "KHU CÔNG NGHIỆP", "TỈNH KHÁNH HÒA"]
    assert [" ".join(g) for g in name_groups("BAN QUẢN LÝ DỰ ÁN HẠ TẦNG")] == ["BAN QUẢN LÝ", "DỰ ÁN HẠ TẦNG"]
    assert [" ".join(g) for g in name_groups("PHÒNG KẾ HOẠCH – TỔNG HỢP")] == ["PHÒNG KẾ HOẠCH –", "TỔNG HỢP"]
    assert [" ".join(g) for g in name_groups("VĂN PHÒNG")] == ["VĂN PHÒNG"]
    assert [" ".join(g) for g in name_groups("KT. TRƯỞNG BAN")] == ["KT. TRƯỞNG BAN"]  # a title is one group


@pytest.mark.parametrize("width_cm", [5.0, 6.8, 8.0, 12.0])
@pytest.mark.parametrize("bold", [False, True])
def test_names_break_only_between_their_groups(width_cm, bold):
    width = Cm(width_cm).pt
    for name in DEMO_NAMES:
        lines = name_lines(name, 13, width, bold=bold)
        assert " ".join(line.replace(NBSP, " ") for line in lines) == name
        assert all(text_width(line, 13, bold=bold) <= width for line in lines), (name, lines)
        for phrase in PHRASES:
            if phrase in name:
                assert any(phrase in line.replace(NBSP, " ") for line in lines), (name, phrase, lines)
        # Inside a line a group's words are joined by non-breaking spaces: a word processor whose widths
        # differ can only wrap between groups.
        for line in lines:
            for phrase in PHRASES:
                if phrase in line.replace(NBSP, " "):
                    assert phrase.replace(" ", NBSP) in line


def test_names_use_as_few_lines_as_fit():
    assert name_lines("VĂN PHÒNG", 13, Cm(6.8).pt, bold=True) == ["VĂN" + NBSP + "PHÒNG"]
    lines = name_lines("BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA", 13, Cm(6.8).pt)
    assert len(lines) == 3 and lines[-1] == "TỈNH\u00a0KHÁNH\u00a0HÒA"
    assert name_lines("A\nB", 13, 100) == ["A", "B"]


def test_the_header_prints_the_whole_chain_of_units():
    issuer = Issuer("BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA\nBAN QUẢN LÝ DỰ ÁN HẠ TẦNG",
                    "PHÒNG KẾ HOẠCH – TỔNG HỢP", "KKTKCN", "Khánh Hòa")
    doc = open_docx(build_achievement_report(individual_report(issuer=issuer)))
    left = doc.tables[0].rows[0].cells[0]
    shown = [p for p in left.paragraphs if p.text.strip()]
    assert [flat(p.text) for p in shown] == ["BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA",
                                             "BAN QUẢN LÝ DỰ ÁN HẠ TẦNG", "PHÒNG KẾ HOẠCH – TỔNG HỢP"]
    assert [bool(run_of(p).bold) for p in shown] == [False, False, True]
    assert shown[0].text.split("\n")[-1] == "TỈNH\u00a0KHÁNH\u00a0HÒA"


def test_award_headings_as_the_decree_writes_them():
    assert award_heading("Lao động tiên tiến", title=True) == "danh hiệu “Lao động tiên tiến”"
    assert award_heading("Danh hiệu “Chiến sĩ thi đua cơ sở”", title=True) == "danh hiệu “Chiến sĩ thi đua cơ sở”"
    assert award_heading("Bằng khen của Chủ tịch UBND tỉnh", title=False) == "Bằng khen của Chủ tịch UBND tỉnh"
    text = all_text(open_docx(build_achievement_report(individual_report(award_form="Lao động tiên tiến",
                                                                         award_is_title=True))))
    assert "ĐỀ NGHỊ TẶNG DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" in text
    assert "ĐỀ NGHỊ TẶNG LAO ĐỘNG TIÊN TIẾN" not in text


def test_the_decrees_personal_details_print_when_present_in_its_order():
    person = IndividualProfile("Nguyễn Thị Hồng Nhung", "Nữ", dt.date(1988, 3, 7), "Văn phòng, Ban Quản lý",
                               "Chuyên viên", hometown="xã Ninh Hòa, tỉnh Khánh Hòa", residence="phường Nha Trang",
                               qualification="Cử nhân Luật", academic_titles="Thạc sĩ Luật", ethnicity="Kinh",
                               political_theory="Trung cấp")
    doc = open_docx(build_achievement_report(individual_report(individual=person)))
    items = [flat(p.text).split(":")[0] for p in paragraphs(doc) if p.text.startswith("- ")][:11]
    assert items == ["- Họ và tên", "- Sinh ngày, tháng, năm", "- Giới tính", "- Dân tộc", "- Quê quán",
                     "- Nơi thường trú", "- Đơn vị công tác", "- Chức vụ (Đảng, chính quyền, đoàn thể)",
                     "- Trình độ chuyên môn, nghiệp vụ", "- Trình độ lý luận chính trị", "- Học hàm, học vị"]
    assert find(doc, "- Trình độ lý luận chính trị").text.endswith(": Trung cấp")
    bare = all_text(open_docx(build_achievement_report(individual_report(
        individual=IndividualProfile("Lê Văn Hùng", "Nam", None, "Văn phòng", "Chuyên viên")))))
    for label in ("Dân tộc", "Quê quán", "Nơi thường trú", "Trình độ", "Học hàm"):
        assert label not in bare


def test_an_individual_report_for_an_award_decided_above_gets_the_cap_trinh_block():
    report = individual_report(unit_head=Signatory("Nguyễn Thị Loan", "Trưởng phòng", "(Ký, ghi rõ họ và tên)"),
                               proposer=Signatory("Trần Minh Chiến", "Trưởng Ban"))
    signatures = open_docx(build_achievement_report(report)).tables[-1]
    assert len(signatures.rows) == 4
    assert flat(signatures.rows[0].cells[0].text) == ("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ TRƯỞNG PHÒNG "
                                                      "(Ký, ghi rõ họ và tên)")
    below = signatures.rows[2].cells
    assert below[0]._tc is below[1]._tc  # one block across both columns, centred beneath
    assert flat(below[0].text) == "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG TRƯỞNG BAN (Ký, đóng dấu)"
    assert flat(signatures.rows[3].cells[0].text) == "Trần Minh Chiến"
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in below[0].paragraphs if p.text)


def test_initiative_levels_start_their_cell_with_a_capital():
    report = individual_report(initiatives=[Initiative("Giải pháp A", "chưa được công nhận")])
    rows = table_texts(open_docx(build_achievement_report(report)).tables[2])
    assert rows[1][2] == "Chưa được công nhận"


def test_report_needs_exactly_one_nominee():
    with pytest.raises(ValueError):
        build_achievement_report(individual_report(collective=collective_report().collective))
    with pytest.raises(ValueError):
        build_achievement_report(individual_report(individual=None))


def test_vietnamese_diacritics_survive():
    names = ["Nguyễn Thị Hồng Nhung", "Lê Văn Hùng", "Đặng Thị Ngọc Ánh"]
    report = individual_report(individual=IndividualProfile(names[2], "Nữ", dt.date(1990, 1, 2), "Phòng Doanh "
                               "nghiệp – Giám sát đầu tư", "Phó Trưởng phòng"))
    text = all_text(open_docx(build_achievement_report(report)))
    assert names[2] in text and "Phòng Doanh nghiệp – Giám sát đầu tư" in text
    assert "ỦY BAN" in all_text(open_docx(build_achievement_report(collective_report())))
    assert "Đổi mới sáng tạo, chuyển đổi số và chuyển đổi xanh" in text


def test_document_package_is_pure():
    """The document layer imports neither Flask nor SQLAlchemy: the web layer calls it with plain data."""
    package = Path(layout.__file__).parent
    for source in package.glob("*.py"):
        imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source.read_text(encoding="utf-8"), re.M)
        assert not [name for name in imports if name.split(".")[0] in {"flask", "sqlalchemy", "flask_sqlalchemy"}]


# --- through LibreOffice ----------------------------------------------------------------------------


def test_libreoffice_renders_the_documents(tmp_path):
    """Skipped only on a developer's machine without LibreOffice or poppler; CI installs both (.ci/run)."""
    missing = [tool for tool in ("libreoffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: .ci/run installs libreoffice-writer and poppler-utils")
        pytest.skip(f"{', '.join(missing)} not installed")
    files = {
        "individual": build_achievement_report(individual_report()),
        "collective": build_achievement_report(collective_report()),
        "decision": decision_bytes(),
        "chain": build_achievement_report(individual_report(issuer=Issuer(
            "BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA\nBAN QUẢN LÝ DỰ ÁN HẠ TẦNG",
            "PHÒNG KẾ HOẠCH – TỔNG HỢP", "KKTKCN", "Khánh Hòa"))),
    }
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *(str(tmp_path / f"{name}.docx") for name in files)],
        check=True, capture_output=True, timeout=240,
    )

    def pdf_text(name: str) -> str:
        result = subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], check=True,
                                capture_output=True, timeout=60)
        return flat(result.stdout.decode("utf-8"))

    common = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    individual = pdf_text("individual")
    for heading in [*common, "BÁO CÁO THÀNH TÍCH", "I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC",
                    "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", "NGƯỜI BÁO CÁO THÀNH TÍCH", "Nguyễn Thị Hồng Nhung"]:
        assert heading in individual, heading
    collective = pdf_text("collective")
    for heading in [*common, "I. ĐẶC ĐIỂM, CHỨC NĂNG, NHIỆM VỤ", "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐẠT",
                    "THỦ TRƯỞNG ĐƠN VỊ", "Phòng Kế hoạch – Đầu tư và Xúc tiến"]:
        assert heading in collective, heading
    # The header of the PDF breaks only between name groups: the demo's chain of a sub-unit, as laid out.
    layout_text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "chain.pdf"), "-"], check=True,
                                 capture_output=True, timeout=60).stdout.decode("utf-8")
    left = [flat(re.split(r"\s{3,}", line.strip())[0]) for line in layout_text.splitlines()[:12] if line.strip()]
    left = [line for line in left if line and not line.startswith(("Khánh Hòa", "CỘNG HÒA", "Độc lập"))][:7]
    assert left == ["BAN QUẢN LÝ KHU KINH TẾ", "VÀ KHU CÔNG NGHIỆP", "TỈNH KHÁNH HÒA", "BAN QUẢN LÝ",
                    "DỰ ÁN HẠ TẦNG", "PHÒNG KẾ HOẠCH –", "TỔNG HỢP"]
    decision = pdf_text("decision")
    for heading in [*common, "QUYẾT ĐỊNH", "Số: 05/QĐ-KKTKCN", "Khánh Hòa, ngày 05 tháng 12 năm 2027",
                    "KT. TRƯỞNG BAN", "Phan Châu Vinh", "Nơi nhận:", "DANH SÁCH CÁ NHÂN"]:
        assert heading in decision, heading
