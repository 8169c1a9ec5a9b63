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
_OTHER = {"\u00a0": " ", "Đ": "D", "đ": "d", "–": "n", "—": "m", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "m"}


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
    penalty = 0.6 * width_pt  # a break inside a phrase costs this much width
    for part in text.split("\n"):
        greedy = wrap_lines(part, size_pt, width_pt, bold=bold)
        words = part.split()
        count = len(greedy)
        if count <= 1 or count > 4 or len(words) > 60:
            result.extend(greedy)
            continue
        lines = _even_cut(words, count, size_pt, width_pt, bold=bold,
                          cost_of_cuts=lambda cuts, w=words: penalty * sum(not _good_break(w, j) for j in cuts))
        result.extend(lines or greedy)
    return result


def _even_cut(items: list[str], count: int, size_pt: float, width_pt: float, *, bold: bool,
              cost_of_cuts=None) -> list[str] | None:
    """`items` joined by spaces into `count` lines that fit `width_pt`, the cut whose widest line (plus
    `cost_of_cuts(cuts)`, a penalty for bad places) is least; None when no cut into `count` lines fits."""
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in combinations(range(1, len(items)), count - 1):
        bounds = (0, *cuts, len(items))
        widest = max(text_width(" ".join(items[a:b]), size_pt, bold=bold) for a, b in pairwise(bounds))
        if widest > width_pt:
            continue
        cost = widest + (cost_of_cuts(cuts) if cost_of_cuts else 0)
        if best is None or cost < best[0]:
            best = (cost, bounds)
    return None if best is None else [" ".join(items[a:b]) for a, b in pairwise(best[1])]


# --- names in the header block ----------------------------------------------------------------------

NBSP = "\u00a0"
# The words that open a name group in a Vietnamese body's name: "BAN QUẢN LÝ | KHU KINH TẾ | VÀ | KHU
# CÔNG NGHIỆP | TỈNH KHÁNH HÒA", "BAN QUẢN LÝ | DỰ ÁN HẠ TẦNG", "UBND | TỈNH KHÁNH HÒA". Two-word openers
# come first so that "VĂN PHÒNG" or "TRUNG TÂM" stays one opener.
_GROUP_OPENERS = (
    ("văn", "phòng"), ("trung", "tâm"), ("dự", "án"), ("cửa", "khẩu"), ("thành", "phố"), ("thị", "xã"),
    ("ủy", "ban"), ("ban",), ("phòng",), ("khu",), ("tỉnh",), ("huyện",), ("quận",), ("xã",), ("phường",),
    ("và",), ("của",), ("thuộc",), ("tổ",), ("sở",), ("ubnd",), ("hội",), ("đội",),
)

_TITLE_WORDS = (("ban",), ("phòng",))


def name_groups(text: str) -> list[list[str]]:
    """The words of a body's name in groups that must not be broken across lines.

    A group opens at one of the openers above or after a dash ('PHÒNG KẾ HOẠCH – | TỔNG HỢP'); the first
    word always opens one.
    """
    words = text.split()
    groups: list[list[str]] = []
    i = 0
    while i < len(words):
        lowered = [w.strip("“”\"'(),;").lower() for w in words[i:i + 2]]
        opener = next((o for o in _GROUP_OPENERS if tuple(lowered[:len(o)]) == o), None)
        if opener in _TITLE_WORDS and i and words[i - 1].lower() in ("trưởng", "phó", "chánh"):
            opener = None  # 'TRƯỞNG BAN', 'TRƯỞNG PHÒNG' is one title
        after_dash = bool(groups) and groups[-1][-1] in ("–", "-", "—")
        take = len(opener) if opener else 1
        if not groups or opener or after_dash:
            groups.append(words[i:i + take])
        else:
            groups[-1].extend(words[i:i + take])
        i += take
    return groups


def _fill(groups: list[str], size_pt: float, width_pt: float, *, bold: bool) -> list[str]:
    """Lines filled group by group (a group is never split here)."""
    lines: list[str] = []
    for group in groups:
        candidate = f"{lines[-1]} {group}" if lines else group
        if lines and text_width(candidate, size_pt, bold=bold) <= width_pt:
            lines[-1] = candidate
        else:
            lines.append(group)
    return lines


def name_lines(text: str, size_pt: float, width_pt: float, *, bold: bool = False, slack: float = 0.95) -> list[str]:
    """A body's name for the header: as few lines as fit `width_pt`, of even lengths, broken only between
    name groups, the words of a group joined by non-breaking spaces.

    So the header never reads "TỈNH / KHÁNH HÒA" or "DỰ ÁN HẠ / TẦNG", in Word or LibreOffice alike: the
    explicit breaks come from the font's widths (with `slack` for a renderer's rounding), and should a line
    still be too long the word processor can only wrap it at a space between two groups. Only a group
    wider than the line is broken, word by word, as a last resort. Explicit '\n' breaks are kept.
    """
    available = width_pt * slack
    result: list[str] = []
    for part in text.split("\n"):
        groups = []
        for group in name_groups(part):
            joined = NBSP.join(group)
            # A group wider than the line is the one place it may break, word by word.
            if text_width(joined, size_pt, bold=bold) <= available:
                groups.append(joined)
            else:  # its two-word opener ('CỬA KHẨU', 'DỰ ÁN') still holds together
                head = 2 if tuple(w.lower() for w in group[:2]) in _GROUP_OPENERS else 1
                groups.extend([NBSP.join(group[:head]), *group[head:]])
        if not groups:
            result.append("")
            continue
        # As many lines as filling them group by group needs, then the most even cut into that many.
        greedy = _fill(groups, size_pt, available, bold=bold)
        count = len(greedy)
        lines = (_even_cut(groups, count, size_pt, available, bold=bold)
                 if count <= 6 and len(groups) <= 24 else None)
        result.extend(lines or greedy)
    return result
