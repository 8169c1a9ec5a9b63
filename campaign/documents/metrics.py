"""Approximate text widths in Times New Roman, to size the short rules of the document header.

Decree 30/2020/NĐ-CP, Phụ lục I draws rules of a given length beneath the issuing body ("1/3 to 1/2 of
the line"), the national motto ("as long as the line") and the trích yếu. A .docx has no way to say
"as long as the text above", so the rule is an empty paragraph with a bottom border whose indents are
computed here from the font's advance widths.

The widths are those of Times New Roman (identical, by design, to the metric-compatible Liberation
Serif 2), in thousandths of an em, for printable ASCII; a Vietnamese letter takes the width of its base
letter, plus a little for the horn of ơ and ư.
"""

from __future__ import annotations

import unicodedata
from itertools import combinations, pairwise

_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722,
    722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
    278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)
_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778,
    778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333,
    278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)
# The horn of ơ / ư widens the letter a little.
_HORN = {False: {"O": 0, "U": 54, "o": 29, "u": 42}, True: {"O": 0, "U": 74, "o": 54, "u": 44}}
_OTHER = {"Đ": "D", "đ": "d", "–": "n", "—": "m", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "m"}


def char_width(char: str, *, bold: bool = False) -> int:
    """The advance width of one character in thousandths of an em."""
    table = _BOLD if bold else _REGULAR
    decomposed = unicodedata.normalize("NFD", char)
    base = _OTHER.get(char, decomposed[:1] or " ")
    code = ord(base)
    width = table[code - 32] if 32 <= code < 127 else 500
    if "\u031b" in decomposed:
        width += _HORN[bold].get(base, 0)
    return width


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of a single line of `text` in points."""
    return sum(char_width(ch, bold=bold) for ch in unicodedata.normalize("NFC", text)) * size_pt / 1000


def wrap_lines(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width_pt`, word by word, as a word processor would."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size_pt, bold=bold) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def longest_line(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> float:
    """The width in points of the longest line once `text` is wrapped into `width_pt`."""
    return max(text_width(line, size_pt, bold=bold) for line in wrap_lines(text, size_pt, width_pt, bold=bold))



# Words a Vietnamese heading is best broken before, and marks it is best broken after.
_BREAK_BEFORE = {
    "của", "cho", "về", "trong", "theo", "và", "với", "tại", "vì", "giai", "năm", "thuộc", "đối", "trên",
    "có", "đã", "được", "nhằm", "để", "khu", "tỉnh", "ngày",
}
_BREAK_AFTER = (",", ";", ":", "”", ")", "–", "-")


def _good_break(words: list[str], j: int) -> bool:
    before = words[j].strip("“(\"'").lower()
    return before in _BREAK_BEFORE or words[j - 1].endswith(_BREAK_AFTER)


def balanced_lines(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> list[str]:
    """Break `text` into as few lines as `wrap_lines` would, but of even lengths and at natural places.

    A centred heading then reads 'ĐỀ NGHỊ TẶNG GIẤY KHEN / CỦA TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG'
    rather than leaving a word or two alone on its last line; a break before 'của', 'cho', 'về' … or
    after a comma is preferred to one inside a phrase. Explicit '\n' breaks are kept.
    """
    result: list[str] = []
    for part in text.split("\n"):
        greedy = wrap_lines(part, size_pt, width_pt, bold=bold)
        words = part.split()
        count = len(greedy)
        if count <= 1 or count > 4 or len(words) > 60:
            result.extend(greedy)
            continue
        penalty = 0.6 * width_pt
        best: tuple[float, tuple[int, ...]] | None = None
        for cuts in combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            widths = [text_width(" ".join(words[a:b]), size_pt, bold=bold) for a, b in pairwise(bounds)]
            if max(widths) > width_pt:
                continue
            cost = max(widths) + penalty * sum(not _good_break(words, j) for j in cuts)
            if best is None or cost < best[0]:
                best = (cost, bounds)
        if best is None:
            result.extend(greedy)
            continue
        result.extend(" ".join(words[a:b]) for a, b in pairwise(best[1]))
    return result
