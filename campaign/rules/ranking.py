"""The council's ranking of one list (session × award form × nominee kind), every position with its reason.

Basis: Law on Emulation and Commendation 06/2022/QH15 and Decree 152/2025/NĐ-CP as summarised in
DOMAIN.md: approval ratios are counted over ALL members of the session's council, not those present
(`rules.voting.Threshold`, exact fractions, never floats); a nominee is out when ineligible (the reason
comes from `rules.eligibility`) or below the award form's threshold; the others are ordered by approval
ratio, then total score, then — a setting — priority to women at equal merit (Decree 98/2023/NĐ-CP art. 4,
carried into Decree 152/2025), then the earlier submission. The quota cuts the list, and so does the cap on
leaders among those recommended ("khen thưởng phải chú trọng cá nhân trực tiếp lao động"); those below the
cut are the reserve, in order. The chair may move a nomination across the cut only with a written reason,
which the result keeps. CSTĐCS is capped at 15 % (*default*) of those recommended for LĐTT in the same
session, rounded down, and a CSTĐCS nominee not recommended for LĐTT drops out (`rank_dependent`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from ..vietnamese import number
from .eligibility import cap_limit
from .voting import Threshold

RECOMMENDED = "recommended"
RESERVE = "reserve"
OUT = "out"
STATUS_LABELS = {RECOMMENDED: "Đề nghị", RESERVE: "Dự bị", OUT: "Không đề nghị"}

MIN_OVERRIDE_REASON = 10  # characters of a written reason, after trimming
WOMEN_PRIORITY_BASIS = "Nghị định số 98/2023/NĐ-CP, Điều 4"


@dataclass(frozen=True)
class Nominee:
    """One nomination as the ranking sees it. `subject` identifies who is nominated (the same person across
    award forms, for the dependent cap); empty means `key`."""

    key: str
    name: str
    is_female: bool = False
    is_leader: bool = False
    eligible: bool = True
    reason: str = ""  # why not eligible, from rules.eligibility
    agreements: int = 0
    total_score: Decimal | None = None
    submitted_at: dt.datetime | None = None
    subject: str = ""

    @property
    def who(self) -> str:
        return self.subject or self.key


@dataclass(frozen=True)
class Position:
    key: str
    name: str
    status: str  # recommended | reserve | out
    reason: str
    ratio: Fraction
    agreements: int
    members: int
    passed_threshold: bool
    order: int | None = None  # 1-based place among those passing, before the cut; None when out
    reserve_order: int | None = None  # 1-based place in the reserve
    override_reason: str | None = None  # the chair's written reason when moved across the cut
    moved: str | None = None  # "up" (into the recommended) | "down" (into the reserve)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Ranking:
    positions: tuple[Position, ...]  # recommended, then reserve, then out, each in order
    members: int
    threshold: Threshold
    quota: int | None
    leaders_cap: int | None
    women_priority: bool

    def _with(self, status: str) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.status == status)

    @property
    def recommended(self) -> tuple[Position, ...]:
        return self._with(RECOMMENDED)

    @property
    def reserve(self) -> tuple[Position, ...]:
        return self._with(RESERVE)

    @property
    def out(self) -> tuple[Position, ...]:
        return self._with(OUT)

    def position(self, key: str) -> Position:
        for position in self.positions:
            if position.key == key:
                return position
        raise KeyError(key)


def percent(ratio: Fraction) -> str:
    """2/3 → '66,67%' (for reading only: every decision is taken on the exact fraction)."""
    return number(Decimal(ratio.numerator) / Decimal(ratio.denominator) * 100, 2) + "%"


def override_refusal(reason: str | None) -> str | None:
    """Why a chair's override reason is refused, in Vietnamese, or None when it is acceptable."""
    if len((reason or "").strip()) < MIN_OVERRIDE_REASON:
        return (f"Chủ tịch Hội đồng chỉ được đưa hồ sơ qua ngưỡng cắt khi ghi rõ lý do "
                f"(ít nhất {MIN_OVERRIDE_REASON} ký tự).")
    return None


def _order_key(nominee: Nominee, members: int, women_priority: bool):
    score = nominee.total_score
    return (
        -Fraction(nominee.agreements, members),
        score is None, -(score or Decimal(0)),
        not nominee.is_female if women_priority else False,
        nominee.submitted_at is None, nominee.submitted_at or dt.datetime.min,
        nominee.key,
    )


def _tie_note(nominee: Nominee, previous: Nominee | None, women_priority: bool) -> str:
    """Why `nominee` comes after an equal-merit `previous` (same ratio and same score)."""
    if previous is None or (previous.agreements, previous.total_score) != (nominee.agreements, nominee.total_score):
        return ""
    if women_priority and previous.is_female and not nominee.is_female:
        return (f" Bằng tỷ lệ đồng ý và tổng điểm với «{previous.name}», xếp sau do ưu tiên nữ "
                f"({WOMEN_PRIORITY_BASIS}).")
    if previous.submitted_at and (nominee.submitted_at is None or previous.submitted_at < nominee.submitted_at):
        return f" Bằng tỷ lệ đồng ý và tổng điểm với «{previous.name}», xếp sau do nộp hồ sơ muộn hơn."
    return f" Bằng tỷ lệ đồng ý, tổng điểm và thời điểm nộp với «{previous.name}»."


def _cut(ordered: list[Nominee], quota: int | None, leaders_cap: int | None,
         forced_up: Collection[str] = (), forced_down: Collection[str] = ()) -> dict[str, str]:
    """key → 'in' | 'quota' | 'leaders' | 'down': who is within the cut and why the others are not."""
    places = quota if quota is not None else len(ordered)
    leaders_left = leaders_cap if leaders_cap is not None else len(ordered)
    outcome: dict[str, str] = {}
    for nominee in ordered:
        if nominee.key in forced_up:
            outcome[nominee.key] = "in"
            places -= 1
            leaders_left -= nominee.is_leader
    for nominee in ordered:
        if nominee.key in outcome:
            continue
        if nominee.key in forced_down:
            outcome[nominee.key] = "down"
        elif places <= 0:
            outcome[nominee.key] = "quota"
        elif nominee.is_leader and leaders_left <= 0:
            outcome[nominee.key] = "leaders"
        else:
            outcome[nominee.key] = "in"
            places -= 1
            leaders_left -= nominee.is_leader
    if places < 0 or leaders_left < 0:
        raise ValueError("Số hồ sơ Chủ tịch Hội đồng đưa lên vượt chỉ tiêu "
                         + ("hoặc số lãnh đạo tối đa " if leaders_cap is not None else "")
                         + "của danh sách: cần đưa xuống một hồ sơ khác.")
    return outcome


def rank(nominees: Iterable[Nominee], *, members: int, threshold: Threshold, quota: int | None = None,
         leaders_cap: int | None = None, women_priority: bool = True,
         overrides: Mapping[str, str] | None = None) -> Ranking:
    """Rank one list. `members`: all members of the session's council (the ratio's denominator);
    `quota`: how many may be recommended (None: no quota; 0 allowed); `leaders_cap`: how many leaders at most
    among the recommended (None: no cap); `women_priority`: the Decree 98/2023 art. 4 tie-break at equal
    ratio and score; `overrides`: nomination key → the chair's written reason for moving it across the cut
    (up from the reserve, or down from the recommended). ValueError (Vietnamese) when an override has no
    acceptable reason, names a nomination not on the list or out of it, or would exceed the quota."""
    nominees = list(nominees)
    overrides = dict(overrides or {})
    if quota is not None and quota < 0:
        raise ValueError("Chỉ tiêu không được âm.")
    if leaders_cap is not None and leaders_cap < 0:
        raise ValueError("Số lãnh đạo tối đa không được âm.")
    keys = [n.key for n in nominees]
    if len(set(keys)) != len(keys):
        raise ValueError("Danh sách xét có hồ sơ trùng mã.")
    members = max(members, 0)
    denominator = members or 1  # no council: every ratio is 0 and nobody passes (Threshold.passes)

    for nominee in nominees:
        if not 0 <= nominee.agreements <= members:
            raise ValueError(f"Số phiếu đồng ý của «{nominee.name}» ({nominee.agreements}) phải từ 0 đến "
                             f"{members} (tổng số thành viên Hội đồng).")

    def ratio(nominee: Nominee) -> Fraction:
        return Fraction(nominee.agreements, denominator)

    def votes(nominee: Nominee) -> str:
        return f"{nominee.agreements}/{members} thành viên Hội đồng đồng ý ({percent(ratio(nominee))})"

    out: list[Position] = []
    passing: list[Nominee] = []
    for nominee in nominees:
        passed = threshold.passes(nominee.agreements, members)
        if not nominee.eligible:
            reason = nominee.reason or "Không đủ điều kiện theo tiêu chuẩn của hình thức khen thưởng."
        elif not passed:
            reason = f"Không đạt tỷ lệ đồng ý: {votes(nominee)}, cần {threshold.describe()} tổng số thành viên Hội đồng."
        else:
            passing.append(nominee)
            continue
        out.append(Position(nominee.key, nominee.name, OUT, reason, ratio(nominee), nominee.agreements, members,
                            passed))

    ordered = sorted(passing, key=lambda n: _order_key(n, denominator, women_priority))
    by_key = {n.key: n for n in nominees}
    base = _cut(ordered, quota, leaders_cap)
    forced_up, forced_down = set(), set()
    for key, reason in overrides.items():
        refusal = override_refusal(reason)
        if refusal:
            raise ValueError(refusal)
        if key not in by_key:
            raise ValueError(f"Hồ sơ «{key}» không có trong danh sách xét.")
        if key not in base:
            raise ValueError(f"Hồ sơ «{by_key[key].name}» không đủ điều kiện hoặc không đạt tỷ lệ đồng ý: "
                             "không thể đưa vào danh sách đề nghị.")
        (forced_down if base[key] == "in" else forced_up).add(key)
    outcome = _cut(ordered, quota, leaders_cap, forced_up, forced_down) if overrides else base

    recommended: list[Position] = []
    reserve: list[Position] = []
    for place, nominee in enumerate(ordered, start=1):
        previous = ordered[place - 2] if place > 1 else None
        score = "" if nominee.total_score is None else f", tổng điểm {number(nominee.total_score, 2)}"
        head = f"Đạt {threshold.describe()}: {votes(nominee)}{score}; xếp thứ {place}." + _tie_note(
            nominee, previous, women_priority)
        cut = outcome[nominee.key]
        override = overrides.get(nominee.key)
        moved = ("up" if nominee.key in forced_up else "down") if override else None
        if cut == "in":
            if moved:
                why = f" Chủ tịch Hội đồng đưa vào danh sách đề nghị: {override.strip()}"
            elif quota is None:
                why = " Trong danh sách đề nghị (không giới hạn chỉ tiêu)."
            else:
                why = f" Trong chỉ tiêu {quota}."
            recommended.append(Position(nominee.key, nominee.name, RECOMMENDED, head + why, ratio(nominee),
                                        nominee.agreements, members, True, place, None,
                                        override.strip() if moved else None, moved))
            continue
        k = len(reserve) + 1
        if cut == "down":
            why = f" Chủ tịch Hội đồng đưa xuống danh sách dự bị: {override.strip()}"
        else:
            why = (f" Đã đủ số lãnh đạo tối đa được đề nghị ({leaders_cap})" if cut == "leaders"
                   else f" Ngoài chỉ tiêu {quota}")
            displaced = base[nominee.key] == "in"  # within the cut until the chair moved another one up
            why += " do Chủ tịch Hội đồng đưa hồ sơ khác vào danh sách đề nghị." if displaced else "."
        reserve.append(Position(nominee.key, nominee.name, RESERVE, head + why + f" Dự bị thứ {k}.",
                                ratio(nominee), nominee.agreements, members, True, place, k,
                                override.strip() if moved else None, moved))
    return Ranking(tuple(recommended + reserve + out), members, threshold, quota, leaders_cap, women_priority)


def dependent_quota(percent_of_base, base_recommended: int, quota: int | None = None) -> int:
    """A cap depending on another list of the same session: CSTĐCS ≤ 15 % of those recommended for LĐTT,
    rounded down (15 % of 13 is 1), and never more than the list's own quota."""
    cap = cap_limit(percent_of_base, base_recommended)
    return cap if quota is None else min(cap, quota)


def rank_dependent(nominees: Iterable[Nominee], base: Ranking, base_nominees: Iterable[Nominee], *,
                   percent_of_base, base_title: str = "Lao động tiên tiến", quota: int | None = None,
                   **options) -> Ranking:
    """Rank a list capped by another list of the same session (CSTĐCS by LĐTT): a nominee whose subject is
    not recommended in `base` drops out with that reason; the quota becomes `dependent_quota`. `base_nominees`
    are the nominees `base` was ranked from (to match subjects across award forms); `options` go to `rank`."""
    subject_of = {n.key: n.who for n in base_nominees}
    held = {subject_of[p.key] for p in base.recommended if p.key in subject_of}
    limit = dependent_quota(percent_of_base, len(base.recommended), quota)
    checked = [
        nominee if not nominee.eligible or nominee.who in held else replace(
            nominee, eligible=False,
            reason=f"Không được Hội đồng đề nghị danh hiệu «{base_title}» trong cùng phiên họp.")
        for nominee in nominees
    ]
    return rank(checked, quota=limit, **options)
