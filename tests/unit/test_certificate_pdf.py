"""The certificates' PDF (documents/certificate_pdf.py), read back with pdfminer.six: every field's text is found
within 1 mm of its profile's position plus the printer offset (left, centred and right aligned, A4 and A3),
the Vietnamese diacritics survive, the reason wraps inside its box, and the calibration page has its grid."""

from __future__ import annotations

import io

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextLine

from campaign.documents.certificate_pdf import (
    SAMPLES,
    Certificate,
    FieldBox,
    Profile,
    build_calibration_page,
    build_certificates,
    default_fields,
    place_lines,
)

MM = 25.4 / 72  # one PDF point in mm
TOLERANCE = 1.0  # mm


def _lines(obj):
    if isinstance(obj, LTTextLine):
        yield obj
    elif hasattr(obj, "__iter__"):
        for child in obj:
            yield from _lines(child)


def read_pages(data: bytes) -> list[dict]:
    """Each page: its size in mm and its text lines as (text, left, top, right) in mm from the top-left."""
    pages = []
    for page in extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.05, char_margin=1.0)):
        height = page.height
        lines = [(line.get_text().strip(), line.x0 * MM, (height - line.y1) * MM, line.x1 * MM)
                 for line in _lines(page)]
        pages.append({"width": page.width * MM, "height": height * MM, "lines": lines})
    return pages


def find(page: dict, text: str) -> tuple[str, float, float, float]:
    matches = [line for line in page["lines"] if line[0] == text]
    assert matches, f"{text!r} not in {[line[0] for line in page['lines']]}"
    return matches[0]


def expected_anchor(box: FieldBox, offset_x: float, line: tuple) -> tuple[float, float]:
    """(where the alignment says the line is, where it is) horizontally."""
    _, left, _, right = line
    if box.align == "L":
        return box.x + offset_x, left
    if box.align == "R":
        return box.x + box.width + offset_x, right
    return box.x + box.width / 2 + offset_x, (left + right) / 2


TEXTS = {
    "award": "Lao động tiên tiến",
    "name": "Nguyễn Thị Hằng",
    "position_unit": "Phòng Kế hoạch – Đầu tư",
    "reason": "Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm 2025",
    "decision": "Quyết định số 46/QĐ-KKTKCN ngày 30/12/2025",
    "book_number": "Số vào sổ: 01/46/QĐ-KKTKCN",
    "place_date": "Khánh Hòa, ngày 30 tháng 12 năm 2025",
    "signer_title": "TRƯỞNG BAN",
    "signer_name": "Trần Minh Chiến",
}


def mixed_fields(width: float) -> dict[str, FieldBox]:
    """Every field, with left, centred and right aligned ones, bold and italic, across the sheet."""
    third = width / 3
    return {
        "award": FieldBox(20, 40, width - 40, 20, "C", True),
        "name": FieldBox(20, 60, width - 40, 22, "C", True),
        "position_unit": FieldBox(30, 80, width - 60, 14, "L"),
        "reason": FieldBox(30, 95, width - 60, 14, "R", False, True),
        "decision": FieldBox(15, 140, third, 11, "L", False, True),
        "book_number": FieldBox(15, 150, third, 11, "R"),
        "place_date": FieldBox(width - third - 15, 130, third, 12, "C", False, True),
        "signer_title": FieldBox(width - third - 15, 140, third, 13, "C", True),
        "signer_name": FieldBox(width - third - 15, 175, third, 14, "R", True),
    }


@pytest.mark.parametrize("paper, offset", [("A4", (2.5, -1.5)), ("A3", (-3.0, 4.0)), ("A4", (0.0, 0.0))])
def test_every_field_is_printed_within_a_millimetre_of_its_position(paper, offset):
    width = 297.0 if paper == "A4" else 420.0
    profile = Profile(paper=paper, orientation="landscape", offset_x=offset[0], offset_y=offset[1],
                      fields=mixed_fields(width))
    pages = read_pages(build_certificates(profile, [Certificate(TEXTS)]))
    assert len(pages) == 1
    page = pages[0]
    expected_size = (297.0, 210.0) if paper == "A4" else (420.0, 297.0)
    assert abs(page["width"] - expected_size[0]) < 0.1 and abs(page["height"] - expected_size[1]) < 0.1
    for key, box in profile.fields.items():
        line = find(page, TEXTS[key])
        assert abs(line[2] - (box.y + offset[1])) <= TOLERANCE, (key, line, box)
        want, got = expected_anchor(box, offset[0], line)
        assert abs(got - want) <= TOLERANCE, (key, box.align, want, got)
        # Inside its box, offset included
        assert line[1] >= box.x + offset[0] - TOLERANCE and line[3] <= box.x + box.width + offset[0] + TOLERANCE


def test_the_default_layouts_place_every_field_on_a4_and_a3():
    for paper in ("A4", "A3"):
        profile = Profile(paper=paper, orientation="landscape", fields=default_fields(paper, "landscape"))
        page = read_pages(build_certificates(profile, [Certificate(TEXTS)]))[0]
        for key, box in profile.fields.items():
            line = find(page, TEXTS[key])
            assert abs(line[2] - box.y) <= TOLERANCE, (paper, key)
            assert abs((line[1] + line[3]) / 2 - (box.x + box.width / 2)) <= TOLERANCE, (paper, key)
            assert line[1] >= 0 and line[3] <= page["width"]


def test_vietnamese_diacritics_survive_and_each_certificate_is_a_page():
    profile = Profile(fields={"name": FieldBox(20, 50, 250, 24, "C", True),
                              "position_unit": FieldBox(20, 80, 250, 14, "C")})
    people = [("Nguyễn Thị Hằng", "Phòng Kế hoạch – Đầu tư"), ("Đỗ Minh Quân", "Văn phòng"),
              ("Lý Thị Mai", "Phòng Quản lý Đầu tư, Doanh nghiệp và Lao động")]
    pages = read_pages(build_certificates(profile, [Certificate({"name": n, "position_unit": p})
                                                     for n, p in people]))
    assert len(pages) == 3
    for page, (name, unit) in zip(pages, people, strict=True):
        texts = [line[0] for line in page["lines"]]
        assert name in texts and unit in texts


def test_a_field_left_out_of_the_profile_is_not_printed_and_the_reason_wraps_in_its_box():
    reason = ("Đã có thành tích xuất sắc trong Phong trào thi đua «Cán bộ, công chức, viên chức thi đua thực hiện "
              "văn hóa công sở» giai đoạn 2026–2027, góp phần hoàn thành nhiệm vụ chính trị của cơ quan")
    box = FieldBox(50, 100, 120, 14, "L", False, True)
    profile = Profile(fields={"reason": box, "name": FieldBox(20, 60, 250, 20, "C", True)})
    texts = dict(TEXTS, reason=reason)
    page = read_pages(build_certificates(profile, [Certificate(texts)]))[0]
    printed = [line for line in page["lines"] if line[0] and line[0] != TEXTS["name"]]
    assert len(printed) >= 3  # wrapped
    assert " ".join(line[0] for line in printed) == reason
    for number, line in enumerate(sorted(printed, key=lambda li: li[2])):
        assert abs(line[1] - box.x) <= TOLERANCE and line[3] <= box.x + box.width + TOLERANCE
        assert abs(line[2] - (box.y + number * box.line_height)) <= TOLERANCE
    assert TEXTS["award"] not in [line[0] for line in page["lines"]]


def test_explicit_line_breaks_are_kept_for_the_signer_title():
    box = FieldBox(150, 140, 120, 13, "C", True)
    profile = Profile(fields={"signer_title": box})
    page = read_pages(build_certificates(profile, [Certificate({"signer_title": "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"})]))[0]
    first, second = find(page, "KT. TRƯỞNG BAN"), find(page, "PHÓ TRƯỞNG BAN")
    assert abs(first[2] - 140) <= TOLERANCE and abs(second[2] - (140 + box.line_height)) <= TOLERANCE


def test_the_calibration_page_has_the_grid_labels_and_the_boxes():
    profile = Profile(paper="A4", orientation="landscape", offset_x=1.5, offset_y=-2.0,
                      fields=default_fields("A4", "landscape"), name="Phôi thử")
    pages = read_pages(build_calibration_page(profile))
    assert len(pages) == 1
    texts = [line[0] for line in pages[0]["lines"]]
    joined = " ".join(texts)
    for label in ("10", "50", "100", "150", "200", "280"):
        assert label in texts, label
    assert "Họ và tên / Tên tập thể (name)" in joined and "Thành tích (reason)" in joined
    assert "độ lệch máy in ngang 1,5 mm, dọc -2 mm" in joined and "Phôi thử" in joined
    # The 10 mm label sits at its line (just right of x = 10 mm)
    tens = [line for line in pages[0]["lines"] if line[0] == "100" and line[2] < 5]
    assert tens and abs(tens[0][1] - 100.4) <= TOLERANCE
    a3 = read_pages(build_calibration_page(Profile(paper="A3", fields={})))[0]
    assert "410" in [line[0] for line in a3["lines"]]


def test_the_preview_lines_follow_the_same_placement():
    profile = Profile(offset_x=3, offset_y=3, fields=default_fields())
    lines = {line.key: line for line in place_lines(profile, SAMPLES)}
    name = profile.fields["name"]
    assert abs(lines["name"].anchor_x - (name.x + name.width / 2)) < 0.01  # no offset in the preview
    shifted = {line.key: line for line in place_lines(profile, SAMPLES, with_offset=True)}
    assert abs(shifted["name"].baseline - lines["name"].baseline - 3) < 0.01
