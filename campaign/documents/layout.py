"""The layout of an administrative document, after Decree 30/2020/NĐ-CP on văn thư, Phụ lục I.

Every document of the module (Quyết định, Tờ trình, Biên bản, danh sách, báo cáo thành tích) is built
from these pieces, so that they all share one page and one header:

- A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, black.
- The page number in Arabic figures, 14 pt, centred in the top margin, not shown on the first page
  (a different first-page header, and a PAGE field in the other one).
- The header block, a borderless table of two columns: the parent body (upper case, 13 pt) above the
  issuing body (upper case, 13 pt, bold) with a short rule beneath, then "Số: 05/QĐ-KKTKCN"; on the
  right the national name (13 pt, bold) above the motto (14 pt, bold) with a rule as long as the motto,
  then the place and date in italic.
- The title (14 pt, bold, centred) and trích yếu (14 pt, bold) with a short rule beneath; căn cứ lines in
  italic, each ending with ";" and the last with "."; body paragraphs justified, 14 pt, first line
  indented 1.27 cm, 6 pt after, line spacing 1.15; "Điều 1." in bold.
- The signature block: "Nơi nhận:" (12 pt, bold italic) and the recipients (11 pt, "- …;", the last
  "- Lưu: VT, VP.") on the left, the signing authority (14 pt, bold, upper case) and the signer's name in
  bold on the right.

Pure python-docx: builders take plain values and return .docx bytes; no Flask and no database here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from campaign.documents.metrics import balanced_lines, name_lines, text_width
from campaign.models.base import local_now
from campaign.vietnamese import long_date

# --- the page -------------------------------------------------------------------------------------

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
BODY_SIZE = 14
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
HEADER_DISTANCE = Mm(10)
CONTENT_WIDTH = Length(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
LINE_SPACING = 1.15

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# The header table reaches 5 mm into the left margin so that the issuing body's name and the national
# name each fit their column, as in the decree's model; its right edge is the text's right edge.
HEADER_INDENT = Cm(-0.5)
HEADER_WIDTHS = (Cm(7.0), Cm(10.0))
SIGNATURE_WIDTHS = (Cm(7.5), Cm(9.0))
CELL_MARGIN = Cm(0.1)

BLANK_NUMBER = " " * 5  # "Số:      /QĐ-KKTKCN" until the document is issued
BLANK_DAY = " " * 6  # "ngày      tháng      năm 2027" until it is dated
ARCHIVE = "VT, VP"


# --- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """Who issues the document: 'UBND TỈNH KHÁNH HÒA' / 'BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG'.

    `parent_body` may be empty (no cơ quan chủ quản) or hold several lines ('\\n'), the chain of parent
    bodies from the top (the board above a unit's parent unit); `name` may contain '\\n' to force a break;
    `symbol` is the document symbol of the issuer ('KKTKCN'); `place_name` the place in the date line.
    """

    parent_body: str
    name: str
    symbol: str
    place_name: str


@dataclass(frozen=True)
class Signer:
    """The signing column: `lines` such as ['KT. TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN'], then the name in bold.

    `note` is an optional italic line under the title ('(Ký, đóng dấu)' in the report forms).
    """

    lines: list[str]
    full_name: str
    note: str = ""


@dataclass(frozen=True)
class DocumentNumber:
    """'05/QĐ-KKTKCN'; a blank number ('     /QĐ-KKTKCN') while `number` is None (not yet issued).

    `kind` is the abbreviation of the kind of document ('QĐ', 'TTr', 'BB', 'BC'); the issuer's symbol
    is appended from `symbol` or, when that is empty, from the symbol passed to `text()` (the header
    passes the issuer's). A `kind` that already holds a hyphen ('QĐ-KKTKCN') is taken as it is.
    """

    number: int | None
    kind: str
    symbol: str = ""

    def text(self, symbol: str = "") -> str:
        code = self.kind
        suffix = self.symbol or symbol
        if suffix and "-" not in code:
            code = f"{code}-{suffix}"
        number = BLANK_NUMBER if self.number is None else f"{self.number:02d}"
        return f"{number}/{code}"

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Column:
    """A column of a list table: its heading, width in centimetres and alignment of the values."""

    title: str
    width_cm: float
    align: str = "left"  # left | center | right


@dataclass
class TableSpec:
    """A list table: columns, rows of strings and an optional totals row.

    `totals[0]` is the label ('Tổng cộng') spanning the first `totals_span` columns; the remaining values
    fill the other columns in order.
    """

    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    totals: list[str] | None = None
    totals_span: int = 1
    bold_rows: set[int] = field(default_factory=set)  # indices into rows: group headings ('I', 'TẬP THỂ')
    # indices into rows → (first, last) column merged into one cell holding the first one's value
    merged: dict[int, tuple[int, int]] = field(default_factory=dict)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# --- texts ----------------------------------------------------------------------------------------


def number_line(number: DocumentNumber, symbol: str = "") -> str:
    """'Số: 05/QĐ-KKTKCN', or 'Số:      /QĐ-KKTKCN' before it is issued."""
    return f"Số: {number.text(symbol)}"


def date_text(date: dt.date | None, year: int | None = None) -> str:
    """'ngày 05 tháng 12 năm 2027', or 'ngày      tháng      năm 2027' when not yet dated."""
    if date is not None:
        return long_date(date)
    year = year or local_now().date().year
    return f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"


def place_date_line(place_name: str, date: dt.date | None, year: int | None = None) -> str:
    """'Khánh Hòa, ngày 05 tháng 12 năm 2027'."""
    return f"{place_name}, {date_text(date, year)}"


def _strip_end(text: str) -> str:
    return " ".join(text.split()).rstrip(" ;.,:")


def legal_basis_lines(lines: Sequence[str]) -> list[str]:
    """The căn cứ lines with the decree's punctuation: each ends with ';', the last with '.'."""
    cleaned = [_strip_end(line) for line in lines if _strip_end(line)]
    return [line + ("." if i == len(cleaned) - 1 else ";") for i, line in enumerate(cleaned)]


def recipient_lines(recipients: Sequence[str], archive: str = ARCHIVE) -> list[str]:
    """'- Như Điều 3;' … '- Lưu: VT, VP.': each recipient ends with ';', the archive line comes last.

    A recipient starting with 'Lưu' is taken as the archive line; otherwise 'Lưu: {archive}' is added.
    """
    items = [item.lstrip("-–+• ").strip() for item in recipients]
    items = [_strip_end(item) for item in items if _strip_end(item)]
    archive_items = [item for item in items if item.lower().startswith("lưu")]
    items = [item for item in items if not item.lower().startswith("lưu")]
    last = archive_items[-1] if archive_items else f"Lưu: {archive}"
    return [f"- {item};" for item in items] + [f"- {last}."]


def attachment_note(
    document_kind: str,
    number: DocumentNumber,
    date: dt.date | None,
    issued_by: str,
    *,
    symbol: str = "",
    year: int | None = None,
) -> str:
    """'(Kèm theo Quyết định số 05/QĐ-KKTKCN ngày 05 tháng 12 năm 2027 của Trưởng Ban Quản lý …)'."""
    by = f" của {issued_by}" if issued_by else ""
    return f"(Kèm theo {document_kind} số {number.text(symbol)} {date_text(date, year)}{by})"


def with_end_mark(text: str) -> str:
    """The last paragraph of a document ends with './.'."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    return text.rstrip(".") + "./."


# --- low-level formatting -------------------------------------------------------------------------


def _set_fonts(rpr) -> None:
    """Times New Roman for every script (Latin, east-Asian, complex), with no theme font overriding it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_lang(rpr, lang: str = "vi-VN") -> None:
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = OxmlElement("w:lang")
        rpr.append(node)
    node.set(qn("w:val"), lang)
    node.set(qn("w:eastAsia"), lang)


def _setup_styles(doc: DocxDocument) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr)
            _set_lang(rpr)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.font.color.rgb = BLACK
    _set_fonts(normal.element.get_or_add_rPr())
    _set_lang(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    for name in ("Header", "Footer", "Table Grid"):
        if name in [s.name for s in doc.styles]:
            style = doc.styles[name]
            style.font.name = FONT
            style.font.color.rgb = BLACK
            _set_fonts(style.element.get_or_add_rPr())


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field (complex form, which Word and LibreOffice both update)."""
    run = paragraph.add_run()
    run.font.size = Pt(BODY_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        else:
            node = OxmlElement("w:t")
            node.text = text
        run._r.append(node)


def _property(text: str, limit: int = 255) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def new_document(*, title: str = "", author: str = "") -> DocxDocument:
    """An empty A4 document with the decree's margins, fonts and page numbering from page 2."""
    doc = Document()
    _setup_styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = HEADER_DISTANCE
    section.gutter = 0
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)
    first = section.first_page_header
    first.is_linked_to_previous = False
    props = doc.core_properties
    # The file's properties hold at most 255 characters (the OOXML core properties): a long trích yếu is cut.
    props.title = _property(title)
    props.author = _property(author)
    props.last_modified_by = _property(author)
    props.language = "vi-VN"
    props.comments = ""
    return doc


def to_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _format(
    paragraph: Paragraph,
    *,
    align: str = "left",
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    first_line: Length | None = None,
    left: Length | None = None,
    right: Length | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if first_line is not None:
        fmt.first_line_indent = first_line
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def _run(paragraph: Paragraph, text: str, *, size: float = BODY_SIZE, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    return run


def _mark_size(paragraph: Paragraph, size: float) -> None:
    """The size of the paragraph mark (the height of an empty paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(round(size * 2)))
    rpr.append(sz)


_PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)


def _bottom_border(paragraph: Paragraph, *, size_eighths: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.insert_element_before(borders, *_PBDR_SUCCESSORS)


def add_rule(
    container, length_pt: float, available_pt: float, *, before: float = 2, after: float = 0
) -> Paragraph:
    """A centred horizontal rule `length_pt` long: an empty 1 pt paragraph with a bottom border.

    Drawn as a paragraph border so that it stays with the text in Word and LibreOffice alike.
    """
    length_pt = max(12.0, min(length_pt, available_pt))
    side = Pt((available_pt - length_pt) / 2)
    paragraph = container.add_paragraph()
    _format(paragraph, align="center", before=before, after=after, left=side, right=side)
    _bottom_border(paragraph)
    _mark_size(paragraph, 1)
    return paragraph


def _first_paragraph(container) -> Paragraph:
    """The empty paragraph a new table cell starts with, or a new one."""
    paragraphs = container.paragraphs
    if isinstance(container, _Cell) and len(paragraphs) == 1 and not paragraphs[0].runs:
        return paragraphs[0]
    return container.add_paragraph()


def _line(
    container,
    text: str,
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    balance: float | None = None,
    **fmt,
) -> Paragraph:
    """A one-line paragraph; with `balance` (the available width in points) a long centred text is
    broken into even lines at natural places (see metrics.balanced_lines)."""
    paragraph = _format(_first_paragraph(container), align=align, **fmt)
    if balance:
        text = "\n".join(balanced_lines(text, size, balance, bold=bold))
    _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _shown_width(text: str, size: float, available: float, *, bold: bool) -> float:
    """The width of the longest line of `text` once balanced into `available` points."""
    return max(text_width(line, size, bold=bold) for line in balanced_lines(text, size, available, bold=bold))


# --- tables ---------------------------------------------------------------------------------------


def _table_property(table: Table, tag: str):
    tbl_pr = table._tbl.tblPr
    node = tbl_pr.find(qn(tag))
    if node is None:
        node = OxmlElement(tag)
        tbl_pr.append(node)
    return node


def _set_borders(table: Table, value: str) -> None:
    borders = _table_property(table, "w:tblBorders")
    for child in list(borders):
        borders.remove(child)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), value)
        if value != "nil":
            node.set(qn("w:sz"), "4")
            node.set(qn("w:space"), "0")
            node.set(qn("w:color"), "000000")
        borders.append(node)


def _set_cell_margins(table: Table, left_right: Length, top_bottom: Length = Cm(0)) -> None:
    margins = _table_property(table, "w:tblCellMar")
    for child in list(margins):
        margins.remove(child)
    for edge, value in (("top", top_bottom), ("left", left_right), ("bottom", top_bottom), ("right", left_right)):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:w"), str(round(value.twips)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)


def _new_table(container, widths: Sequence[Length], rows: int, *, indent: Length | None = None) -> Table:
    table = container.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    layout = _table_property(table, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    total = _table_property(table, "w:tblW")
    total.set(qn("w:w"), str(round(sum(w.twips for w in widths))))
    total.set(qn("w:type"), "dxa")
    if indent is not None:
        ind = _table_property(table, "w:tblInd")
        ind.set(qn("w:w"), str(round(indent.twips)))
        ind.set(qn("w:type"), "dxa")
    for i, width in enumerate(widths):
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
    _sort_tbl_pr(table)
    return table


def _sort_tbl_pr(table: Table) -> None:
    order = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
             "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
             "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"]
    rank = {qn(tag): i for i, tag in enumerate(order)}
    tbl_pr = table._tbl.tblPr
    for child in sorted(tbl_pr, key=lambda node: rank.get(node.tag, len(order))):
        tbl_pr.remove(child)
        tbl_pr.append(child)


def _layout_table(container, widths: Sequence[Length], rows: int, *, indent: Length | None = None) -> Table:
    """A borderless table for the header and signature blocks."""
    table = _new_table(container, widths, rows, indent=indent)
    _set_borders(table, "nil")
    _set_cell_margins(table, CELL_MARGIN)
    _sort_tbl_pr(table)
    return table


def _row_flag(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    node = OxmlElement(tag)
    tr_pr.append(node)


def add_table(container, spec: TableSpec, *, size: float = 13) -> Table:
    """A bordered list table: bold centred heading row (repeated on every page), the rows, the totals."""
    widths = [Cm(column.width_cm) for column in spec.columns]
    extra = 1 if spec.totals else 0
    table = _new_table(container, widths, 1 + len(spec.rows) + extra)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_borders(table, "single")
    _set_cell_margins(table, Cm(0.15), Cm(0.05))
    _sort_tbl_pr(table)

    def fill(cell: _Cell, text: str, *, align: str, bold: bool = False) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = _format(cell.paragraphs[0], align=align, before=2, after=2)
        _run(paragraph, text, size=size, bold=bold)

    heading = table.rows[0]
    _row_flag(heading, "w:tblHeader")
    for cell, column in zip(heading.cells, spec.columns, strict=True):
        fill(cell, column.title, align="center", bold=True)
    for index, (row, values) in enumerate(zip(table.rows[1:], spec.rows, strict=False)):
        _row_flag(row, "w:cantSplit")
        padded = list(values) + [""] * (len(spec.columns) - len(values))
        cells = list(row.cells)
        first, last = spec.merged.get(index, (0, 0))
        if last > first:
            cells[first] = cells[first].merge(cells[last])
            for gone in range(first + 1, last + 1):
                cells[gone] = None
        for cell, column, value in zip(cells, spec.columns, padded, strict=True):
            if cell is not None:
                align = "left" if (last > first and cell is cells[first]) else column.align
                fill(cell, str(value), align=align, bold=index in spec.bold_rows)
    if spec.totals:
        row = table.rows[-1]
        _row_flag(row, "w:cantSplit")
        span = max(1, min(spec.totals_span, len(spec.columns)))
        label_cell = row.cells[0].merge(row.cells[span - 1]) if span > 1 else row.cells[0]
        fill(label_cell, spec.totals[0], align="center", bold=True)
        values = list(spec.totals[1:]) + [""] * (len(spec.columns) - span - len(spec.totals[1:]))
        for column, value, cell in zip(spec.columns[span:], values, row.cells[span:], strict=False):
            fill(cell, str(value), align=column.align, bold=True)
    return table


# --- the blocks of a document ---------------------------------------------------------------------


def add_header_block(
    doc: DocxDocument,
    issuer: Issuer,
    *,
    number: DocumentNumber | None = None,
    date: dt.date | None = None,
    year: int | None = None,
) -> Table:
    """The header: issuing body and 'Số:' on the left, national name, motto and date on the right.

    `number=None` leaves out the 'Số:' line (a report); a DocumentNumber whose number is None prints the
    blank 'Số:      /QĐ-KKTKCN'. `date=None` prints 'ngày      tháng      năm {year}'.
    """
    table = _layout_table(doc, HEADER_WIDTHS, 2, indent=HEADER_INDENT)
    left, right = table.rows[0].cells
    left_pt = HEADER_WIDTHS[0].pt - 2 * CELL_MARGIN.pt
    right_pt = HEADER_WIDTHS[1].pt - 2 * CELL_MARGIN.pt

    # Every name is broken only between its name groups (metrics.name_lines): never "TỈNH / KHÁNH HÒA".
    for parent in (line for line in issuer.parent_body.upper().split("\n") if line.strip()):
        _line(left, "\n".join(name_lines(parent, 13, left_pt)), size=13)
    name = name_lines(issuer.name.upper(), 13, left_pt, bold=True)
    paragraph = _format(_first_paragraph(left), align="center")
    _run(paragraph, "\n".join(name), size=13, bold=True)
    # Decree 30: a rule from 1/3 to 1/2 the length of the issuing body's name, centred beneath it.
    add_rule(left, 0.4 * max(text_width(line, 13, bold=True) for line in name), left_pt)

    _line(right, NATIONAL_NAME, size=13, bold=True)
    _line(right, MOTTO, size=14, bold=True)
    # A rule as long as the motto.
    add_rule(right, text_width(MOTTO, 14, bold=True), right_pt)

    number_cell, date_cell = table.rows[1].cells
    if number is not None:
        _line(number_cell, number_line(number, issuer.symbol), size=13, before=6)
    _line(date_cell, place_date_line(issuer.place_name, date, year), size=14, italic=True, before=6)
    return table


def add_title(
    doc: DocxDocument, title: str, subject: str = "", *, note: str = "", before: float = 18
) -> list[Paragraph]:
    """'QUYẾT ĐỊNH' (bold, centred) and its trích yếu (bold) with a short rule beneath.

    `note` is an italic line between the trích yếu and the rule ('(Phong trào thi đua …)'). Long lines
    are broken evenly, at natural places.
    """
    content_pt = CONTENT_WIDTH.pt
    paragraphs = [_line(doc, title.upper(), bold=True, before=before, keep_with_next=True, balance=content_pt)]
    shown = _shown_width(title.upper(), BODY_SIZE, content_pt, bold=True)
    if subject:
        paragraphs.append(_line(doc, subject, bold=True, keep_with_next=True, balance=content_pt))
        shown = _shown_width(subject, BODY_SIZE, content_pt, bold=True)
    if note:
        paragraphs.append(_line(doc, note, italic=True, keep_with_next=True, balance=content_pt))
    # Decree 30: a rule from 1/3 to 1/2 the length of the trích yếu line, centred beneath it.
    paragraphs.append(add_rule(doc, 0.4 * shown, content_pt, after=12))
    return paragraphs


def add_centered(
    doc: DocxDocument,
    text: str,
    *,
    bold: bool = True,
    italic: bool = False,
    size: float = BODY_SIZE,
    before: float = 6,
    after: float = 6,
) -> Paragraph:
    """A centred line: 'QUYẾT ĐỊNH:', 'TRƯỞNG BAN QUẢN LÝ …' (long ones broken evenly)."""
    return _line(doc, text, size=size, bold=bold, italic=italic, before=before, after=after,
                 keep_with_next=True, balance=CONTENT_WIDTH.pt)


def add_paragraph(
    doc,
    content: str | Sequence[Span],
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "justify",
    indent: bool = True,
    size: float = BODY_SIZE,
    keep_with_next: bool = False,
) -> Paragraph:
    """A body paragraph: justified, first line indented 1.27 cm, 6 pt after, line spacing 1.15."""
    paragraph = _format(
        doc.add_paragraph(),
        align=align,
        after=SPACE_AFTER.pt,
        line=LINE_SPACING,
        first_line=FIRST_LINE_INDENT if indent else Cm(0),
        keep_with_next=keep_with_next,
    )
    spans = [Span(content, bold, italic)] if isinstance(content, str) else content
    for span in spans:
        _run(paragraph, span.text, size=size, bold=span.bold or bold, italic=span.italic or italic)
    return paragraph


def add_spacer(doc, height_pt: float = 6) -> Paragraph:
    """An empty paragraph about `height_pt` high (after a table, before the next heading)."""
    paragraph = _format(doc.add_paragraph())
    _mark_size(paragraph, height_pt)
    return paragraph


def add_heading(doc, text: str, *, italic: bool = False) -> Paragraph:
    """A section heading inside the body ('I. SƠ LƯỢC LÝ LỊCH', '1. Thành tích đạt được'): bold."""
    return add_paragraph(doc, text, bold=True, italic=italic, keep_with_next=True)


def add_legal_bases(doc: DocxDocument, lines: Sequence[str]) -> list[Paragraph]:
    """The căn cứ lines (and the 'Theo đề nghị của …' line, passed last), italic, ';' … '.'."""
    return [add_paragraph(doc, line, italic=True) for line in legal_basis_lines(lines)]


def add_article(doc: DocxDocument, number: int | str, text: str) -> Paragraph:
    """'Điều 1. …' with 'Điều 1.' in bold."""
    lead = f"Điều {number}." if isinstance(number, int) else str(number)
    return add_paragraph(doc, [Span(lead, bold=True), Span(f" {text.strip()}")])


def add_addressees(doc: DocxDocument, recipients: Sequence[str]) -> list[Paragraph]:
    """'Kính gửi: …' centred; several recipients go one per line, '- …;' and the last '- ….'."""
    names = [_strip_end(name.lstrip("-– ")) for name in recipients if _strip_end(name)]
    if len(names) <= 1:
        text = f"Kính gửi: {names[0]}." if names else "Kính gửi:"
        return [_line(doc, text, before=6, after=12)]
    paragraphs = [_line(doc, "Kính gửi:", before=6, after=0)]
    for i, name in enumerate(names):
        end = "." if i == len(names) - 1 else ";"
        paragraph = _format(doc.add_paragraph(), left=Cm(5.0), after=12 if end == "." else 0)
        _run(paragraph, f"- {name}{end}")
        paragraphs.append(paragraph)
    return paragraphs


def _keep_previous_with_next(doc) -> None:
    """Keep the paragraph just before a signature block on its page, so the block never stands alone."""
    body = doc.element.body
    for node in reversed(list(body)):
        if node.tag == qn("w:p"):
            Paragraph(node, doc).paragraph_format.keep_with_next = True
            return
        if node.tag == qn("w:tbl"):
            return


def _signature_heading(cell: _Cell, signer: Signer, *, before: float, size: float, width: float) -> None:
    """The block's upper-case lines, each broken only between name groups ('GIÁM ĐỐC / BAN QUẢN LÝ DỰ ÁN
    HẠ TẦNG', never '… BAN QUẢN / LÝ …'), then the italic note."""
    for i, line in enumerate(signer.lines):
        text = "\n".join(name_lines(line.upper(), size, width, bold=True))
        _line(cell, text, size=size, bold=True, keep_with_next=True, before=before if i == 0 else 0)
    if signer.note:
        _line(cell, signer.note, size=size, italic=True, keep_with_next=True)


def add_signature_block(
    doc: DocxDocument,
    signer: Signer,
    recipients: Sequence[str] | None = None,
    *,
    archive: str = ARCHIVE,
    space: float = 72,
) -> Table:
    """'Nơi nhận:' and the recipients on the left, the signing authority and name on the right.

    `recipients=None` leaves out 'Nơi nhận' (a report); the archive line is added when missing.
    """
    _keep_previous_with_next(doc)
    table = _layout_table(doc, SIGNATURE_WIDTHS, 1)
    _keep_table_together(table)
    left, right = table.rows[0].cells
    if recipients is not None:
        _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", before=12)
        for line in recipient_lines(recipients, archive):
            _line(left, line, size=11, align="left")
    width = SIGNATURE_WIDTHS[1].pt - 2 * CELL_MARGIN.pt
    _signature_heading(right, signer, before=12, size=BODY_SIZE, width=width)
    _line(right, signer.full_name, bold=True, before=space)
    return table


def add_two_signatures(
    doc: DocxDocument, left: Signer | None, right: Signer, *, below: Signer | None = None, size: float = 13,
    space: float = 72,
) -> Table:
    """Two signing columns side by side (the report forms: confirmation left, author right), and an
    optional third block centred beneath them ('XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG').

    The headings are in the first row and the names in the second, so the two names stand level; a
    missing `left` leaves its column empty.
    """
    _keep_previous_with_next(doc)
    widths = (Cm(8.25), Cm(8.25))
    table = _layout_table(doc, widths, 4 if below is not None else 2)
    for cell, signer, width in zip(table.rows[0].cells, (left, right), widths, strict=True):
        if signer is not None:
            _signature_heading(cell, signer, before=18, size=size, width=width.pt - 2 * CELL_MARGIN.pt)
    for cell, signer in zip(table.rows[1].cells, (left, right), strict=True):
        if signer is not None:
            _line(cell, signer.full_name, bold=True, before=space)
    if below is not None:
        heading = table.rows[2].cells[0].merge(table.rows[2].cells[1])
        _signature_heading(heading, below, before=24, size=size, width=widths[0].pt - 2 * CELL_MARGIN.pt)
        name = table.rows[3].cells[0].merge(table.rows[3].cells[1])
        _line(name, below.full_name, bold=True, before=space)
    _keep_table_together(table)
    return table


def _keep_table_together(table: Table) -> None:
    for row in table.rows:
        _row_flag(row, "w:cantSplit")
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def add_appendix_heading(
    doc: DocxDocument, title: str, note: str = "", *, new_page: bool = True
) -> list[Paragraph]:
    """'DANH SÁCH …' (bold, centred) above '(Kèm theo Quyết định số …)' (italic) and a short rule.

    `new_page` starts the list on a page of its own, as an attachment to the document.
    """
    content_pt = CONTENT_WIDTH.pt
    paragraphs = [_line(doc, title.upper(), bold=True, keep_with_next=True, balance=content_pt)]
    paragraphs[0].paragraph_format.page_break_before = new_page
    shown = _shown_width(title.upper(), BODY_SIZE, content_pt, bold=True)
    if note:
        paragraphs.append(_line(doc, note, italic=True, keep_with_next=True, balance=content_pt))
        shown = _shown_width(note, BODY_SIZE, content_pt, bold=False)
    paragraphs.append(add_rule(doc, 0.35 * shown, content_pt, after=12))
    return paragraphs


MAX_PICTURE_WIDTH_CM = 16.0


def add_picture(doc: DocxDocument, image: bytes, *, width_cm: float = MAX_PICTURE_WIDTH_CM,
                caption: str = "") -> Paragraph:
    """A picture (a chart as PNG) centred on its own line, at most 16 cm wide, kept with its caption;
    the caption ('Biểu đồ 1. …') centred in italic, 13 pt, beneath it."""
    paragraph = _format(doc.add_paragraph(), align="center", before=6, after=0 if caption else 6,
                        keep_with_next=bool(caption))
    paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(min(width_cm, MAX_PICTURE_WIDTH_CM)))
    if caption:
        _line(doc, caption, size=13, bold=False, italic=True, after=6)
    return paragraph

