"""Finding the board's units in the words of a table: "Văn phòng", "Phòng KHĐT", "Ban QLDAHT", a code,
"Các phòng" (every phòng of the board), "Các đơn vị" (every unit of the board), and the names that match
none (bodies outside the board, kept as written, or misspellings, with the unit they resemble).

Pure: `UnitMatcher` is built from the units given (anything with id, code, name, parent_id, sort_order,
active); the services load them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .table import norm


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str


@dataclass
class Resolution:
    units: list[UnitRef] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    suggestions: dict[str, str] = field(default_factory=dict)  # unmatched name → the unit it resembles
    ambiguous: list[str] = field(default_factory=list)

    def internal_unmatched(self) -> list[str]:
        """Unmatched names that look like one of the board's units (a misspelling, most likely)."""
        return [n for n in self.unmatched if n in self.suggestions or n in self.ambiguous or _looks_internal(n)]

    def outside(self) -> list[str]:
        internal = set(self.internal_unmatched())
        return [n for n in self.unmatched if n not in internal]


TYPE_WORDS = ("van phong", "phong", "ban", "trung tam", "to", "chi cuc", "doi", "bo phan")
GROUP_PHONG = {"cac phong", "cac phong chuyen mon", "phong chuyen mon", "tat ca cac phong"}
GROUP_ALL = {"cac phong ban", "cac don vi", "cac don vi thuoc ban", "cac don vi truc thuoc", "tat ca cac don vi",
             "cac phong ban don vi", "cac phong don vi", "toan co quan", "cac don vi trong co quan"}
_INTERNAL_PREFIXES = ("phong ", "van phong", "trung tam ", "ban quan ly du an", "ban qlda", "to ")


def _looks_internal(name: str) -> bool:
    key = norm(name)
    return key.startswith(_INTERNAL_PREFIXES) or key in ("van phong", "phong")


def _split_type(words: list[str]) -> tuple[str, list[str]]:
    for type_word in sorted(TYPE_WORDS, key=len, reverse=True):
        parts = type_word.split()
        if words[:len(parts)] == parts:
            return type_word, words[len(parts):]
    return "", words


def _initials(words: list[str], keep_va: bool = False) -> str:
    return "".join(w[0] for w in words if w and (keep_va or w != "va"))


class UnitMatcher:
    """Finds the board's units in the words of a plan: "Văn phòng", "Phòng KHĐT", "Ban QLDAHT", a code,
    "Các phòng" (every phòng of the board), "Các đơn vị" (every unit of the board)."""

    def __init__(self, units: Iterable):
        units = [u for u in units if u.active]
        parents = {u.id: u.parent_id for u in units}
        depth = {}
        for unit in units:
            d, seen, current = 0, set(), unit.parent_id
            while current is not None and current in parents and current not in seen:
                seen.add(current)
                d += 1
                current = parents[current]
            depth[unit.id] = d
        order = sorted(units, key=lambda u: (depth[u.id], u.sort_order, u.code))
        self.refs = {u.id: UnitRef(u.id, u.code, u.name) for u in order}
        self.depth = depth
        self.parents = parents
        roots = [u for u in order if depth[u.id] == 0]
        # The board itself may be the root of the tree: its units are then one level down.
        board_level = 1 if len(roots) == 1 and any(depth[u.id] == 1 for u in order) \
            and not norm(roots[0].name).startswith(("phong", "van phong")) else 0
        self.board_units = [self.refs[u.id] for u in order if depth[u.id] == board_level]
        self.phong = [r for r in self.board_units if norm(r.name).startswith("phong ")]
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        self.acronyms: list[tuple[str, str, int]] = []  # (type word, initials, unit id)
        for unit in order:
            words = norm(unit.name).split()
            type_word, rest = _split_type(words)
            for key in {norm(unit.name), norm(unit.code)}:
                self._add(self.exact, key, unit.id)
            loose = {_initials(words), _initials(words, True)}
            if type_word and rest:
                for initials in {_initials(rest), _initials(rest, True)}:
                    loose |= {f"{type_word} {initials}", initials}
                    self.acronyms.append((type_word, initials, unit.id))
                loose.add(" ".join(rest))
            for key in loose:
                if len(key.replace(" ", "")) >= 2:
                    self._add(self.loose, key, unit.id)
        self._names = {norm(r.name): r for r in self.refs.values()}

    @staticmethod
    def _add(index: dict[str, list[int]], key: str, unit_id: int) -> None:
        if key and unit_id not in index.setdefault(key, []):
            index[key].append(unit_id)

    def _pick(self, ids: list[int]) -> UnitRef | None | bool:
        """One unit, or the shallowest when names repeat; False when still ambiguous; None when empty."""
        if not ids:
            return None
        if len(ids) == 1:
            return self.refs[ids[0]]
        shallowest = min(self.depth[i] for i in ids)
        top = [i for i in ids if self.depth[i] == shallowest]
        return self.refs[top[0]] if len(top) == 1 else False

    def match(self, text: str) -> list[UnitRef] | None | bool:
        """The units one name stands for; None when none; False when it fits several units equally."""
        key = norm(text)
        if not key:
            return None
        if key in GROUP_PHONG:
            return list(self.phong) or None
        if key in GROUP_ALL:
            return list(self.board_units) or None
        for index in (self.exact, self.loose):
            picked = self._pick(index.get(key, []))
            if picked is not None:
                return [picked] if picked else False
        # An abbreviation of the first words: "Phòng KHĐT" for "Phòng Kế hoạch – Đầu tư và Xúc tiến".
        type_word, rest = _split_type(key.split())
        if rest and len(rest) <= 4 and all(len(w) <= 6 for w in rest):
            abbreviation = "".join(rest)
            if len(abbreviation) >= 3:
                ids = sorted({uid for t, initials, uid in self.acronyms
                              if (not type_word or t == type_word) and initials.startswith(abbreviation)})
                picked = self._pick(ids)
                if picked is not None:
                    return [picked] if picked else False
        return None

    def one(self, text: str) -> tuple[UnitRef | None, str]:
        """The one unit a cell names (a person's unit: "Phòng KHĐT", "Phòng Kỹ thuật, Ban QLDAHT" for a
        sub-unit and its parent), or None and why not, in Vietnamese."""
        found = self.match(text)
        if found is False:
            return None, f"«{text}» trùng với nhiều đơn vị: hãy ghi tên đầy đủ hoặc mã đơn vị."
        if found and len(found) == 1:
            return found[0], ""
        units = found or self.resolve(text).units
        if len(units) > 1:  # a unit and the ones above it: the deepest
            deepest = max(units, key=lambda u: self.depth[u.id])
            if all(self._is_above(u.id, deepest.id) for u in units if u.id != deepest.id):
                return deepest, ""
            return None, f"«{text}» chỉ nhiều đơn vị ({'; '.join(u.name for u in units)}): hãy ghi một đơn vị."
        if len(units) == 1:
            return units[0], ""
        suggestion = self.suggest(text)
        hint = f" (có phải «{suggestion}»?)" if suggestion else ""
        return None, f"Không tìm thấy đơn vị «{text}»{hint}: hãy ghi đúng tên hoặc mã đơn vị."

    def _is_above(self, upper: int, lower: int) -> bool:
        current, seen = self.parents.get(lower), set()
        while current is not None and current not in seen:
            if current == upper:
                return True
            seen.add(current)
            current = self.parents.get(current)
        return False

    def suggest(self, text: str) -> str | None:
        close = difflib.get_close_matches(norm(text), list(self._names), n=1, cutoff=0.75)
        return self._names[close[0]].name if close else None

    def resolve(self, text: str) -> Resolution:
        """Every unit a cell names ("Các phòng, Ban QLDAHT"; "Sở Nội vụ; Công an tỉnh" …) and the names it
        could not match (bodies outside the board, or misspellings), in the order written."""
        result = Resolution()

        def add_units(units: list[UnitRef]) -> None:
            for unit in units:
                if unit not in result.units:
                    result.units.append(unit)

        def add_unmatched(name: str, ambiguous: bool = False) -> None:
            if norm(name) in {norm(n) for n in result.unmatched}:
                return
            result.unmatched.append(name)
            if ambiguous:
                result.ambiguous.append(name)
            elif (suggestion := self.suggest(name)) is not None:
                result.suggestions[name] = suggestion

        def try_all(pieces: list[str]) -> list[list[UnitRef]] | None:
            found = [self.match(p) for p in pieces]
            return found if all(found) else None

        for part in re.split(r"[;\n]+", text or ""):
            part = part.strip(" .;:-–—+")
            if not part:
                continue
            found = self.match(part)
            if found:
                add_units(found)
                continue
            if found is False:
                add_unmatched(part, ambiguous=True)
                continue
            pieces = [p.strip(" .-–—") for p in part.split(",") if p.strip(" .-–—")]
            matched = [(p, self.match(p)) for p in pieces] if len(pieces) > 1 else []
            if not any(m for _, m in matched):
                halves = [p.strip() for p in re.split(r"\s+(?:và|va)\s+", part, flags=re.IGNORECASE) if p.strip()]
                both = try_all(halves) if len(halves) > 1 else None
                if both:
                    for units in both:
                        add_units(units)
                else:
                    add_unmatched(part)
                continue
            for piece, units in matched:
                if units:
                    add_units(units)
                else:
                    add_unmatched(piece, ambiguous=units is False)
        return result
