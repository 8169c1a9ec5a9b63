"""A nominee's history as the eligibility rules read it: the chain of consecutive years of each title, what
the nominee may aim for next, and the duplicate guard (one achievement or initiative backs one award).

Basis (as summarised in DOMAIN.md, checked against secondary sources; every figure is the award form's
editable condition, never a constant here):

- Law on Emulation and Commendation 06/2022/QH15: art. 24 (Lao động tiên tiến, every year), art. 23 (Chiến sĩ
  thi đua cơ sở: LĐTT of the year plus an initiative recognised at cơ sở level), art. 22 (Chiến sĩ thi đua
  cấp tỉnh: chosen among those with three consecutive CSTĐCS and an initiative with province-wide effect),
  art. 21 (CSTĐ toàn quốc: two consecutive CSTĐ cấp tỉnh); art. 5, the principle "không khen thưởng nhiều
  lần, nhiều hình thức cho một thành tích": one achievement or initiative backs one award.
- Decree 152/2025/NĐ-CP (replacing Decree 98/2023/NĐ-CP) on the Bằng khen of the provincial chairman: two
  consecutive years of CSTĐCS, or two consecutive years of excellent completion of duties with two
  initiatives applied at cơ sở. Its article numbers could not be read from the official text (DOMAIN.md):
  the module reads the conditions from the award forms (AwardCondition kind `prior_title`, `title`, `years`).

The consecutive years are those of `rules.eligibility` (`streak`): the years holding a title that end at
the year considered or, when it is not (yet) held that year, at the year before; the advice and the
eligibility verdict therefore never disagree.

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..vietnamese import fold, number
from .eligibility import streak as streak_years


def year_span(years: Iterable[int]) -> str:
    """'2023–2025' for consecutive years, '2025' for one, '' for none."""
    years = sorted(years)
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


# --- the chain of consecutive years --------------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """The consecutive years a nominee holds one title, ending at `year` or the year before."""

    code: str
    name: str
    short: str  # LĐTT, CSTĐCS, or the name when it has no short form
    years: tuple[int, ...]
    current: bool = True  # False: the latest run, broken before the year considered (it counts for nothing)

    @property
    def length(self) -> int:
        return len(self.years)

    def describe(self) -> str:
        """'LĐTT 3 năm liên tục 2023–2025', 'CSTĐCS năm 2025' (one year); a broken run says since when:
        'CSTĐCS 2 năm liên tục 2023–2024, gián đoạn từ năm 2025'."""
        text = (f"{self.short} năm {self.years[0]}" if self.length == 1
                else f"{self.short} {self.length} năm liên tục {year_span(self.years)}")
        return text if self.current else f"{text}, gián đoạn từ năm {self.years[-1] + 1}"


# The usual short forms of the annual titles (DOMAIN.md glossary); other titles keep their name.
SHORT_NAMES = {"LDTT": "LĐTT", "CSTDCS": "CSTĐCS", "TTLDTT": "TTLĐTT", "TTLDXS": "TTLĐXS", "CSTDT": "CSTĐ cấp tỉnh",
               "CSTDTQ": "CSTĐ toàn quốc"}


def short_name(code: str, name: str) -> str:
    return SHORT_NAMES.get(code, name)


def chains(titles_by_year: dict[int, set[str]], names: dict[str, str], year: int, *,
           broken: bool = False) -> list[Chain]:
    """The chain of every title in `names` (code → name) the nominee holds up to `year`, longest first; titles
    without a current chain (never held, or broken before `year − 1`) are left out, or with `broken` shown by
    their latest run (`current` False), after the current ones."""
    out = []
    for code, name in names.items():
        years = streak_years(titles_by_year, code, year)
        if years:
            out.append(Chain(code, name, short_name(code, name), tuple(years)))
            continue
        held = [y for y, codes in titles_by_year.items() if code in codes and y < year]
        if broken and held:
            out.append(Chain(code, name, short_name(code, name), tuple(streak_years(titles_by_year, code, max(held))),
                             current=False))
    return sorted(out, key=lambda c: (not c.current, -c.length, -c.years[-1], c.short))


# --- what the nominee may aim for next -----------------------------------------------------------


@dataclass(frozen=True)
class PriorTitleTarget:
    """One `prior_title` condition of an active award form: `years` consecutive years of a title.
    `others`: the other conditions of the same alternative, in words ('2 sáng kiến được công nhận …')."""

    award_code: str
    award_name: str
    award_applies_to: str  # individual | collective | both
    title_code: str
    title_name: str
    title_applies_to: str
    years: int
    alternative: int = 1
    alternatives: int = 1  # how many alternatives the award form has
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advice:
    award_name: str
    title_short: str
    required: int
    held: tuple[int, ...]  # the consecutive years held now
    next_year: int  # the next year the title could be won
    met_now: bool  # the chain already suffices
    met_next: bool  # winning the title in `next_year` would make it suffice
    text: str


def condition_phrase(kind: str, *, title: str = "", count: int | None = None, level: str = "",
                     years: int | None = None, percent=None, fallback: str = "") -> str:
    """One other condition of an alternative in a few words, for the advice: '2 sáng kiến được công nhận cấp
    cơ sở trở lên', 'đạt LĐTT cùng năm'; `fallback` (the catalogue's label) for the kinds not worded here."""
    if kind == "initiative":
        return f"{count or 1} sáng kiến được công nhận {level or 'cấp cơ sở'} trở lên"
    if kind == "same_year_title":
        return f"đạt {title} cùng năm"
    if kind == "prior_title":
        return f"{years or 1} năm liên tục đạt {title}"
    if kind == "member_title_share" and percent is not None:
        return f"tỷ lệ thành viên đạt {title} từ {number(percent, 2)}%"
    return fallback or kind


def _applies(applies_to: str, kind: str) -> bool:
    return applies_to in (kind, "both")


def advise(targets: Iterable[PriorTitleTarget], titles_by_year: dict[int, set[str]], year: int,
           kind: str) -> list[Advice]:
    """For every prior-title condition an individual (`kind`) or a collective may work towards: how many
    consecutive years of the title it holds against those required, and whether winning it in the next
    year would do. `year` is the year considered (the current one): a title already held that year makes
    the next one `year + 1`. Those already met come first, then those one year away, then the others; once one
    alternative of an award is met, its other alternatives are left out."""
    out = []
    for target in targets:
        if not (_applies(target.award_applies_to, kind) and _applies(target.title_applies_to, kind)):
            continue
        held = tuple(streak_years(titles_by_year, target.title_code, year))
        needed = max(target.years, 1)
        next_year = held[-1] + 1 if held else year
        short = short_name(target.title_code, target.title_name)
        award = target.award_name
        notes = [f"phương án {target.alternative}" if target.alternatives > 1 else "",
                 f"cùng với: {'; '.join(target.others)}" if target.others else ""]
        note = ", ".join(filter(None, notes))
        note = f" ({note})" if note else ""
        have = f"{len(held)} năm liên tục {year_span(held)}" if len(held) > 1 else (
            f"năm {held[0]}" if held else "chưa năm nào")
        enough = f"đủ {needed} năm liên tục" if needed > 1 else "đủ điều kiện về danh hiệu"
        if len(held) >= needed:
            text = f"Đã đạt {short} {have}: {enough} để đề nghị {award}{note}."
            advice = Advice(award, short, needed, held, next_year, True, True, text)
        elif len(held) + 1 >= needed:
            text = f"Nếu đạt {short} năm {next_year}: {enough} để đề nghị {award}{note}."
            advice = Advice(award, short, needed, held, next_year, False, True, text)
        else:
            missing = needed - len(held)
            text = (f"{award} cần {needed} năm liên tục đạt {short}{note}; hiện có: {have}. Cần đạt {short} "
                    f"{missing} năm liên tục nữa ({year_span(range(next_year, next_year + missing))}).")
            advice = Advice(award, short, needed, held, next_year, False, False, text)
        out.append(advice)
    reached = {a.award_name for a in out if a.met_now}  # one alternative met: the others are beside the point
    out = [a for a in out if a.met_now or a.award_name not in reached]
    return sorted(out, key=lambda a: (not a.met_now, not a.met_next, a.required - len(a.held), a.award_name))


# --- the duplicate guard -------------------------------------------------------------------------


_BULLET = re.compile(r"^\s*(?:[\-–—•*+·]|\d{1,2}[.)])\s*")
_PUNCTUATION = re.compile(r"[^\w\s%]", re.UNICODE)
MIN_ACHIEVEMENT_CHARS = 50  # shorter lines ("Hoàn thành tốt nhiệm vụ.", "kết quả cụ thể theo bảng tiêu chí kèm theo") are common phrases


def normalise(text: str) -> str:
    """Lower case without diacritics, punctuation and bullets, single spaces: two achievements written with
    other dashes, quotes or capitals compare equal."""
    text = _PUNCTUATION.sub(" ", _BULLET.sub("", fold(text)))
    return " ".join(text.split())


def achievement_lines(summary: str, besides: Iterable[str] = ()) -> dict[str, str]:
    """{normalised: as written} of the achievements a summary states: each line (or sentence ending in ';' or
    '.') long enough to be one; a line naming one of the initiatives `besides` is left out (the initiative is
    compared as such)."""
    titles = [t for t in (normalise(title) for title in besides) if t]
    out: dict[str, str] = {}
    for line in re.split(r"[\n;]|\.(?:\s|$)", summary or ""):
        key = normalise(line)
        if len(key) >= MIN_ACHIEVEMENT_CHARS and not any(t in key for t in titles):
            out.setdefault(key, _BULLET.sub("", line).strip())
    return out


def achievements(summary: str, besides: Iterable[str] = ()) -> set[str]:
    """The achievements a summary states, normalised (`achievement_lines`)."""
    return set(achievement_lines(summary, besides))


QUOTE_CHARS = 90


def quote(text: str) -> str:
    """«…» around a text, cut at a word under QUOTE_CHARS characters."""
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return f"«{text}»"


def cites(summary: str, initiative_title: str) -> bool:
    """Does the summary name the initiative (its title, normalised, appears in it)?"""
    title = normalise(initiative_title)
    return bool(title) and title in normalise(summary)


@dataclass(frozen=True)
class Claim:
    """What one award (a nomination, or an award it became) cites: its holder ('P12', 'U3'), the period it
    is for (the year considered), its award form, the initiatives it names and its achievements.
    `awarded`: already given (the decision issued), else a nomination in progress."""

    key: int  # the nomination's id
    holder: str
    period: int
    award_code: str
    label: str  # "đề nghị «Chiến sĩ thi đua cơ sở» (Giai đoạn 1, Phòng Kế hoạch – Đầu tư)"
    initiatives: dict[int, str] = field(default_factory=dict)  # id → title
    achievements: frozenset[str] = frozenset()
    awarded: bool = False
    quotes: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # normalised → as written


@dataclass(frozen=True)
class DuplicateFlag:
    key: int  # the nomination flagged
    other: int  # the other nomination
    text: str


def duplicates(claims: Iterable[Claim], flagged: Iterable[int], *,
               same_year_pairs: frozenset[tuple[str, str]] = frozenset()) -> list[DuplicateFlag]:
    """The warnings for the claims whose key is in `flagged`: an initiative or an achievement it cites is
    cited by another claim of the same holder in the same period (another nomination in progress, or one
    already awarded). `same_year_pairs`: (award, title) pairs where the award requires the title in the same
    year (CSTĐCS requires LĐTT): the achievements of the year back both by the law's own design, so only
    their initiatives are compared. A warning for the office: nothing is refused."""
    claims = list(claims)
    wanted = set(flagged)
    out = []
    for claim in claims:
        if claim.key not in wanted:
            continue
        for other in claims:
            if other.key == claim.key or other.holder != claim.holder or other.period != claim.period:
                continue
            if other.award_code == claim.award_code and not other.awarded:
                continue  # the same award twice is the unique constraint's business, not this guard's
            shared = [claim.initiatives[i] for i in sorted(set(claim.initiatives) & set(other.initiatives))]
            paired = ((claim.award_code, other.award_code) in same_year_pairs
                      or (other.award_code, claim.award_code) in same_year_pairs)
            common = set() if paired else claim.achievements & other.achievements
            texts = len(common)
            if not shared and not texts:
                continue
            what = []
            if shared:
                names = ", ".join(f"«{title}»" for title in shared)
                what.append(f"sáng kiến {names}" if len(shared) == 1 else f"các sáng kiến {names}")
            if texts:
                first = min(common)
                said = f" ({quote(claim.quotes[first])})" if first in claim.quotes else ""
                what.append(f"cùng một thành tích{said}" if texts == 1 else f"{texts} thành tích giống nhau{said}")
            verb = "đã được dùng cho" if other.awarded else "cũng được nêu trong"
            said = " và ".join(what)
            out.append(DuplicateFlag(claim.key, other.key, (
                f"{said[0].upper()}{said[1:]} {verb} {other.label}: theo nguyên tắc không khen thưởng nhiều "
                "lần, nhiều hình thức cho một thành tích, Văn phòng cần xem lại trước khi thẩm định.")))
    return out
