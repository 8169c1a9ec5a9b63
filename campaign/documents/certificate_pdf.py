"""Certificates (Giấy khen) printed on the pre-printed blanks, and the calibration page of a blank: plain data
in, PDF bytes out (fpdf2), no database.

A blank's profile (`Profile`) gives the sheet (A4 / A3, landscape / portrait), the printer's global offset
(what the office's printer shifts every sheet by, read off the calibration page) and, per field, its box:
`x`, `y` the top-left corner in mm from the sheet's top-left, as measured with a ruler on the blank, `width`
in mm, the font size in points, the alignment in the box (L, C, R), bold and italic. A field the blank has
pre-printed (the award's name on some blanks) is simply left out of the profile.

Placement: each line of a field is set so that the top of its em box lies at the box's top (`y`, then one line
height per further line), a left-aligned line starts at `x`, a centred one is centred on `x + width / 2`, a
right-aligned one ends at `x + width`; the printer offset is added to every position. A text wider than its
box is wrapped on words (the reason often takes two or three lines); an explicit line break is kept
("KT. TRƯỞNG BAN\\nPHÓ TRƯỞNG BAN").

The font is DejaVu Serif, shipped with matplotlib: it has every Vietnamese diacritic, and it is embedded
(subset) in the PDF so the text reads the same on any printer and can be extracted again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from fpdf import FPDF

PT_TO_MM = 25.4 / 72
LINE_SPACING = 1.2  # the line height of a wrapped field, in font sizes
PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ALIGNS = ("L", "C", "R")
SIZE_MIN, SIZE_MAX = 6, 72
OFFSET_LIMIT = 50
FONT_FAMILY = "DejaVuSerif"


@dataclass(frozen=True)
class FieldSpec:
    """A field of the catalogue: its key, its label on the screens, a sample for the preview, and whether it
    usually takes several lines (the preview's and the calibration's box height)."""

    key: str
    label: str
    sample: str
    lines: int = 1
    optional: bool = False


# The fields a certificate can carry, in the order they are printed on the usual blank.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("award", "Hình thức khen thưởng", "Lao động tiên tiến"),
    FieldSpec("name", "Họ và tên / Tên tập thể", "Nguyễn Thị Hằng"),
    FieldSpec("position_unit", "Chức vụ – Đơn vị", "Chuyên viên, Phòng Kế hoạch – Đầu tư"),
    FieldSpec("reason", "Thành tích", "Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm 2025", lines=3),
    FieldSpec("decision", "Số, ngày quyết định", "Quyết định số 46/QĐ-KKTKCN ngày 30/12/2025"),
    FieldSpec("book_number", "Số vào sổ", "Số vào sổ: 46/2025/01", optional=True),
    FieldSpec("place_date", "Địa danh, ngày tháng", "Khánh Hòa, ngày 30 tháng 12 năm 2025"),
    FieldSpec("signer_title", "Chức danh người ký", "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", lines=2),
    FieldSpec("signer_name", "Họ tên người ký", "Trần Minh Chiến"),
)
FIELD_KEYS = tuple(spec.key for spec in FIELDS)
FIELD_LABELS = {spec.key: spec.label for spec in FIELDS}
SAMPLES = {spec.key: spec.sample for spec in FIELDS}


@dataclass(frozen=True)
class FieldBox:
    """Where one field is printed: mm from the sheet's top-left (before the printer offset), points."""

    x: float
    y: float
    width: float
    size: float = 14
    align: str = "C"
    bold: bool = False
    italic: bool = False

    @property
    def line_height(self) -> float:
        """One line's height in mm."""
        return self.size * PT_TO_MM * LINE_SPACING

    def as_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "width": self.width, "size": self.size, "align": self.align,
                "bold": self.bold, "italic": self.italic}

    @classmethod
    def of(cls, data: dict) -> FieldBox:
        return cls(x=float(data.get("x", 0)), y=float(data.get("y", 0)), width=float(data.get("width", 0)),
                   size=float(data.get("size", 14)), align=str(data.get("align", "C")).upper()[:1] or "C",
                   bold=bool(data.get("bold", False)), italic=bool(data.get("italic", False)))


@dataclass(frozen=True)
class Profile:
    """One blank: the sheet, the printer's offset and the boxes of the fields it takes (key → FieldBox)."""

    paper: str = "A4"
    orientation: str = "landscape"
    offset_x: float = 0.0
    offset_y: float = 0.0
    fields: dict[str, FieldBox] = field(default_factory=dict)
    name: str = ""

    @property
    def size_mm(self) -> tuple[float, float]:
        """(width, height) of the sheet as it lies in the printer, in mm."""
        short, long = PAPER_MM[self.paper]
        return (long, short) if self.orientation == "landscape" else (short, long)


@dataclass(frozen=True)
class Certificate:
    """The texts of one certificate, per field key ('name', 'position_unit', 'reason' …)."""

    texts: dict[str, str]


def _layout(paper: str, orientation: str) -> dict[str, FieldBox]:
    """A sensible default for a blank of this size: the usual Giấy khen, whose upper third holds the pre-printed
    national header and the title, the texts centred below it, the place and date and the signature at the
    bottom right. Scaled from the A4 landscape layout for the other sheets."""
    base_w, base_h = 297.0, 210.0
    a4_landscape = {
        "award": FieldBox(38, 68, 221, 22, "C", True, False),
        "name": FieldBox(38, 84, 221, 24, "C", True, False),
        "position_unit": FieldBox(38, 98, 221, 15, "C", False, False),
        "reason": FieldBox(38, 108, 221, 15, "C", False, True),
        "decision": FieldBox(20, 152, 120, 12, "C", False, True),
        "book_number": FieldBox(20, 160, 120, 12, "C", False, False),
        "place_date": FieldBox(150, 146, 127, 13, "C", False, True),
        "signer_title": FieldBox(150, 153, 127, 13, "C", True, False),
        "signer_name": FieldBox(150, 184, 127, 15, "C", True, False),
    }
    width, height = Profile(paper=paper, orientation=orientation).size_mm
    sx, sy = width / base_w, height / base_h
    scale = min(sx, sy)
    return {key: FieldBox(float(round(box.x * sx)), float(round(box.y * sy)), float(round(box.width * sx)),
                          round(box.size * scale), box.align, box.bold, box.italic)
            for key, box in a4_landscape.items()}


def default_fields(paper: str = "A4", orientation: str = "landscape") -> dict[str, FieldBox]:
    """The default layout of a blank (every field but the book number)."""
    return {key: box for key, box in _layout(paper, orientation).items() if key != "book_number"}


def suggested_box(key: str, paper: str = "A4", orientation: str = "landscape") -> FieldBox:
    """Where a field goes by default on such a sheet (the form's value for a field not in the profile yet)."""
    return _layout(paper, orientation)[key]


# --- drawing -------------------------------------------------------------------------------------------------


def font_path(style: str = "") -> str:
    import matplotlib

    suffix = {"": "", "B": "-Bold", "I": "-Italic", "BI": "-BoldItalic"}[style]
    return os.path.join(matplotlib.get_data_path(), f"fonts/ttf/DejaVuSerif{suffix}.ttf")


def _new_pdf(profile: Profile, title: str) -> FPDF:
    width, height = profile.size_mm
    pdf = FPDF(orientation="L" if profile.orientation == "landscape" else "P", unit="mm", format=profile.paper)
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0
    for style in ("", "B", "I", "BI"):
        pdf.add_font(FONT_FAMILY, style, font_path(style))
    pdf.set_title(title)
    pdf.set_creator("campaign")
    assert abs(pdf.w - width) < 0.01 and abs(pdf.h - height) < 0.01
    return pdf


def _style(box: FieldBox) -> str:
    return ("B" if box.bold else "") + ("I" if box.italic else "")


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """The lines of `text` in the current font: explicit line breaks kept, each paragraph wrapped on words to
    `width` mm (a word longer than the box stays whole on its line)."""
    lines: list[str] = []
    for paragraph in (text or "").replace("\r", "").split("\n"):
        words = paragraph.split()
        if not words:
            continue
        current = words[0]
        for word in words[1:]:
            candidate = f"{current} {word}"
            if pdf.get_string_width(candidate) <= width + 1e-6:
                current = candidate
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


@dataclass(frozen=True)
class PlacedLine:
    """One printed line: its text, where it starts (`x`, mm), its width and its baseline (mm from the top),
    and the point the alignment holds (`anchor_x`: the start, the centre or the end of the line)."""

    key: str
    text: str
    x: float
    width: float
    baseline: float
    anchor_x: float
    box: FieldBox


def _place_field(pdf: FPDF, key: str, box: FieldBox, text: str, dx: float, dy: float) -> list[PlacedLine]:
    pdf.set_font(FONT_FAMILY, _style(box), box.size)
    size_mm = box.size * PT_TO_MM
    # The em box's top at the field's top: the baseline lies (1 + descent) sizes below it.
    descent = pdf.current_font.desc.descent / 1000  # negative
    left, top = box.x + dx, box.y + dy
    placed = []
    for number, line in enumerate(wrap(pdf, text, box.width)):
        line_width = pdf.get_string_width(line)
        if box.align == "R":
            x, anchor = left + box.width - line_width, left + box.width
        elif box.align == "C":
            x, anchor = left + (box.width - line_width) / 2, left + box.width / 2
        else:
            x, anchor = left, left
        placed.append(PlacedLine(key, line, x, line_width, top + number * box.line_height + size_mm * (1 + descent),
                                 anchor, box))
    return placed


def _draw_field(pdf: FPDF, profile: Profile, key: str, box: FieldBox, text: str) -> None:
    for line in _place_field(pdf, key, box, text, profile.offset_x, profile.offset_y):
        pdf.text(line.x, line.baseline, line.text)


def place_lines(profile: Profile, texts: dict[str, str], *, with_offset: bool = False) -> list[PlacedLine]:
    """Where each line of each field goes, measured with the PDF's own font: the preview on the page draws
    these (without the printer offset: the sheet as it comes out of a calibrated printer)."""
    pdf = _new_pdf(profile, "")
    dx, dy = (profile.offset_x, profile.offset_y) if with_offset else (0.0, 0.0)
    placed: list[PlacedLine] = []
    for key in FIELD_KEYS:
        box = profile.fields.get(key)
        text = (texts.get(key) or "").strip()
        if box is not None and text:
            placed.extend(_place_field(pdf, key, box, text, dx, dy))
    return placed


def build_certificates(profile: Profile, certificates: list[Certificate]) -> bytes:
    """One page per certificate, each field of the profile printed in its box (a field without a text is
    left blank)."""
    pdf = _new_pdf(profile, "Giấy khen")
    pdf.set_text_color(0, 0, 0)
    for certificate in certificates:
        pdf.add_page()
        for key in FIELD_KEYS:
            box = profile.fields.get(key)
            text = (certificate.texts.get(key) or "").strip()
            if box is not None and text:
                _draw_field(pdf, profile, key, box, text)
    return bytes(pdf.output())


def box_height(key: str, box: FieldBox) -> float:
    """The height a field's box is drawn with on the calibration page and the preview (its usual lines)."""
    spec = next((s for s in FIELDS if s.key == key), None)
    return box.line_height * (spec.lines if spec else 1)


GRID_LIGHT = (215, 228, 240)
GRID_MEDIUM = (150, 180, 210)
GRID_STRONG = (60, 100, 150)
BOX_COLOUR = (200, 30, 30)


def build_calibration_page(profile: Profile) -> bytes:
    """A millimetre grid over the whole sheet (1 mm light, 5 mm medium, 10 mm strong and labelled with their
    mm along the top and the left), drawn in the printer's own coordinates, and every field's box where the
    certificates will print it (printer offset included), with its name. Printed on a blank and held against
    the light, it shows whether the boxes sit on the blank's lines; how far they are off is read on the grid
    and entered as the offset."""
    pdf = _new_pdf(profile, "Trang căn chỉnh phôi giấy khen")
    pdf.add_page()
    width, height = profile.size_mm
    for step, colour, thickness in ((1, GRID_LIGHT, 0.05), (5, GRID_MEDIUM, 0.1), (10, GRID_STRONG, 0.2)):
        pdf.set_draw_color(*colour)
        pdf.set_line_width(thickness)
        for mm in range(0, int(width) + 1, step):
            if step == 10 or mm % (step * 2 if step == 5 else 5):
                pdf.line(mm, 0, mm, height)
        for mm in range(0, int(height) + 1, step):
            if step == 10 or mm % (step * 2 if step == 5 else 5):
                pdf.line(0, mm, width, mm)
    pdf.set_font(FONT_FAMILY, "", 6)
    pdf.set_text_color(*GRID_STRONG)
    for mm in range(10, int(width), 10):
        pdf.text(mm + 0.4, 2.6, str(mm))
        pdf.text(mm + 0.4, height - 1.0, str(mm))
    for mm in range(10, int(height), 10):
        pdf.text(0.6, mm - 0.5, str(mm))
        pdf.text(width - 5.5, mm - 0.5, str(mm))
    # The boxes, where the certificates print them.
    pdf.set_draw_color(*BOX_COLOUR)
    pdf.set_text_color(*BOX_COLOUR)
    pdf.set_line_width(0.3)
    for key in FIELD_KEYS:
        box = profile.fields.get(key)
        if box is None:
            continue
        left, top = box.x + profile.offset_x, box.y + profile.offset_y
        pdf.rect(left, top, box.width, box_height(key, box))
        pdf.set_font(FONT_FAMILY, "B", 7)
        pdf.text(left + 0.8, top + 2.8, f"{FIELD_LABELS[key]} ({key}) · x {mm_text(box.x)}, y {mm_text(box.y)}")
    # What the page is, in the middle of the sheet's lower edge.
    pdf.set_font(FONT_FAMILY, "I", 8)
    pdf.set_text_color(0, 0, 0)
    caption = (f"Trang căn chỉnh{': ' + profile.name if profile.name else ''} · khổ {profile.paper} "
               f"{'ngang' if profile.orientation == 'landscape' else 'dọc'} · độ lệch máy in "
               f"ngang {mm_text(profile.offset_x)} mm, dọc {mm_text(profile.offset_y)} mm")
    pdf.text((width - pdf.get_string_width(caption)) / 2, height - 6, caption)
    return bytes(pdf.output())


def mm_text(value) -> str:
    """'38', '12,5', '-2': a length in mm as the pages and the audit log write it (one decimal at most)."""
    text = f"{float(value):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if text != "-0" else "0"
