"""Eligibility: does a nominee meet an award form's conditions, and if not, why (in Vietnamese).

Basis: Law on Emulation and Commendation 06/2022/QH15 and Decree 152/2025/NĐ-CP, as summarised in
DOMAIN.md ("Conditions the module checks and explains"). Every condition is a *default* the office edits
per award form (AwardCondition rows); this module only evaluates them:

- conditions with the same `alternative` number must all hold; the award's conditions are met when one
  alternative holds entirely (Bằng khen: two years CSTĐCS, OR two years of excellent completion with two
  initiatives);
- a person sanctioned (khiển trách or above) in the period is never eligible, whatever the conditions;
- an award form that requires registration (đăng ký thi đua) is given only to a nominee who registered for
  it in the phase's registration window (`NomineeFacts.registered`, None when it is not checked);
- a cap as a share of another title (CSTĐCS ≤ 15 % of LĐTT) is not a property of one nominee: it is
  counted over the phase by `cap_limit`, and shown here as a note.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..vietnamese import number
from .levels import INITIATIVE_LEVELS, INITIATIVE_ORDER, SANCTION_LEVELS, SANCTION_ORDER, at_least


def year_considered(phase_end: dt.date, today: dt.date) -> int:
    """The year an award is considered for in a phase: the phase's last year, or the current year while
    the phase still runs (annual titles held "this year" are those of that year)."""
    return min(phase_end.year, today.year)


def sanction_period(phase_start: dt.date, phase_end: dt.date, year: int) -> tuple[dt.date, dt.date]:
    """The days a sanction counts in (Law 06/2022/QH15 art. 7; Decree 152/2025/NĐ-CP: no award for a
    person sanctioned in the period considered): the whole phase and the whole year considered, so a
    sanction of January before a phase that starts later still rules the person out for that year.
    Eligibility and the achievement report both list the sanctions of this one period."""
    return min(phase_start, dt.date(year, 1, 1)), max(phase_end, dt.date(year, 12, 31))


@dataclass(frozen=True)
class Condition:
    kind: str
    alternative: int = 1
    title_code: str | None = None
    title_name: str = ""
    years: int | None = None
    count: int | None = None
    level: str | None = None
    percent: Decimal | None = None
    strict: bool = False


@dataclass
class NomineeFacts:
    """What is known of a nominee when the rules run. `year` is the year the award is considered for."""

    kind: str  # individual | collective
    year: int
    titles_by_year: dict[int, set[str]] = field(default_factory=dict)  # award codes already received
    pending_titles: set[str] = field(default_factory=set)  # titles proposed for the same nominee this round
    initiative_levels: list[str] = field(default_factory=list)  # recognised initiatives (cơ sở, tỉnh …)
    sanctions: list[tuple[str, dt.date]] = field(default_factory=list)  # own sanctions in the period
    # collectives
    members: int = 0
    member_titles: dict[str, int] = field(default_factory=dict)  # award code → members holding it this year
    all_members_complete: bool | None = None
    member_sanction_levels: list[str] = field(default_factory=list)
    # registration (đăng ký thi đua): None when not checked (the award form does not require it, or the
    # phase has no registration window); else whether the nominee registered for this award form, with the
    # award's name and the round's label for the reason ("năm 2026", "Giai đoạn 1 (2026–2027)").
    registered: bool | None = None
    registration_award: str = ""
    registration_round: str = ""


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[str]  # why not, one line per unmet condition
    notes: list[str] = field(default_factory=list)  # information that does not decide (caps)


def streak(titles_by_year: dict[int, set[str]], code: str, year: int) -> list[int]:
    """The consecutive years holding `code`, ending at `year` or, if not held that year, at year − 1."""
    end = year if code in titles_by_year.get(year, set()) else year - 1
    years = []
    while code in titles_by_year.get(end, set()):
        years.append(end)
        end -= 1
    return sorted(years)


def _check(condition: Condition, facts: NomineeFacts) -> tuple[bool, str]:
    """(met, the Vietnamese reason when not met)."""
    title = f"«{condition.title_name or condition.title_code}»"
    kind = condition.kind
    if kind == "prior_title":
        needed = condition.years or 1
        held = streak(facts.titles_by_year, condition.title_code, facts.year)
        if len(held) >= needed:
            return True, ""
        have = f"mới có {len(held)} năm: {', '.join(map(str, held))}" if held else "chưa có năm nào"
        return False, f"Chưa đủ {needed} năm liên tục đạt {title} ({have})."
    if kind == "same_year_title":
        if condition.title_code in facts.titles_by_year.get(facts.year, set()):
            return True, ""
        if condition.title_code in facts.pending_titles:
            return True, ""
        return False, f"Chưa có danh hiệu {title} năm {facts.year} (và chưa được đề nghị cùng đợt)."
    if kind == "initiative":
        needed, minimum = condition.count or 1, condition.level or "co_so"
        have = sum(1 for level in facts.initiative_levels if at_least(level, minimum, INITIATIVE_ORDER))
        if have >= needed:
            return True, ""
        label = INITIATIVE_LEVELS.get(minimum, minimum)
        if needed == 1:
            return False, f"Chưa có sáng kiến được công nhận {label} trở lên."
        return False, f"Cần {needed} sáng kiến được công nhận từ {label} trở lên, mới có {have}."
    if kind == "member_title_share":
        if facts.members <= 0:
            return False, "Chưa có số liệu thành viên của tập thể."
        holders = facts.member_titles.get(condition.title_code, 0)
        share = Decimal(holders * 100) / Decimal(facts.members)
        needed = Decimal(condition.percent)
        met = share > needed if condition.strict else share >= needed
        if met:
            return True, ""
        rule = f"trên {number(needed, 2)}%" if condition.strict else f"từ {number(needed, 2)}% trở lên"
        return False, (f"Tỷ lệ thành viên đạt {title} là {number(share, 2)}% ({holders}/{facts.members}), "
                       f"cần {rule}.")
    if kind == "member_with_title":
        needed = condition.count or 1
        holders = facts.member_titles.get(condition.title_code, 0)
        if holders >= needed:
            return True, ""
        if needed == 1:
            return False, f"Chưa có thành viên nào đạt {title}."
        return False, f"Cần ít nhất {needed} thành viên đạt {title}, mới có {holders}."
    if kind == "all_members_complete":
        if facts.all_members_complete:
            return True, ""
        if facts.all_members_complete is None:
            return False, "Chưa xác nhận mọi thành viên đều hoàn thành nhiệm vụ."
        return False, "Còn thành viên chưa hoàn thành nhiệm vụ."
    if kind == "no_sanction":
        minimum = condition.level or "khien_trach"
        label = SANCTION_LEVELS.get(minimum, minimum)
        levels = facts.member_sanction_levels if facts.kind == "collective" else [lvl for lvl, _ in facts.sanctions]
        if any(at_least(level, minimum, SANCTION_ORDER) for level in levels):
            who = "Có thành viên bị" if facts.kind == "collective" else "Bị"
            return False, f"{who} kỷ luật từ mức {label} trở lên trong thời gian xét."
        return True, ""
    if kind == "cap_share":
        return True, ""  # counted over the phase: see cap_limit
    return False, f"Điều kiện «{kind}» không được hỗ trợ."


def evaluate(conditions: Iterable[Condition], facts: NomineeFacts) -> Eligibility:
    """Eligible when no sanction rules the person out and one alternative's conditions all hold."""
    conditions = list(conditions)
    reasons: list[str] = []
    notes = [f"Số lượng không quá {number(Decimal(c.percent), 2)}% số đạt «{c.title_name or c.title_code}» "
             "trong đợt xét (tính chung toàn Ban)." for c in conditions if c.kind == "cap_share"]

    unregistered = registration_reason(facts)
    if facts.kind == "individual":
        for level, day in facts.sanctions:
            if at_least(level, "khien_trach", SANCTION_ORDER):
                reasons.append(f"Bị kỷ luật {SANCTION_LEVELS[level]} ngày {day:%d/%m/%Y} trong thời gian xét: "
                               "không đủ điều kiện khen thưởng.")
        if reasons:
            return Eligibility(False, reasons + ([unregistered] if unregistered else []), notes)

    first = [unregistered] if unregistered else []
    alternatives: dict[int, list[Condition]] = {}
    for condition in conditions:
        alternatives.setdefault(condition.alternative, []).append(condition)
    if not alternatives:
        return Eligibility(not first, first, notes)

    for alternative, group in sorted(alternatives.items()):
        unmet = [reason for met, reason in (_check(c, facts) for c in group) if not met]
        if not unmet:
            return Eligibility(not first, first, notes)
        prefix = f"Phương án {alternative}: " if len(alternatives) > 1 else ""
        reasons.extend(prefix + reason for reason in unmet)
    return Eligibility(False, first + reasons, notes)


def registration_reason(facts: NomineeFacts) -> str:
    """Why a nominee who did not register for an award form that requires it is not eligible ('' else)."""
    if facts.registered is not False:
        return ""
    award = f"«{facts.registration_award}»" if facts.registration_award else "này"
    where = f" trong đợt đăng ký thi đua {facts.registration_round}" if facts.registration_round else ""
    return f"Chưa đăng ký danh hiệu {award}{where}."


# --- counts over a phase --------------------------------------------------------------------------


def quota_limit(kind: str, value, *, staff: int = 0, units: int = 0) -> int:
    """How many awards a quota allows: a count, or a share (%) of the staff or of the units, rounded
    down (a share never gives more than it says)."""
    value = Decimal(str(value))
    if kind == "count":
        return int(value)
    base = staff if kind == "share_staff" else units
    return math.floor(value * base / 100)


def cap_limit(percent, base_count: int) -> int:
    """CSTĐCS ≤ 15 % of the LĐTT count: 15 % of 20 LĐTT allows 3."""
    return math.floor(Decimal(str(percent)) * base_count / 100)
