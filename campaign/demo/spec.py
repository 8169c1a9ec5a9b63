"""The shape of a demo board: plain data classes that khanhhoa.py and langson.py fill in.

Nothing here touches the database; steps.py turns a DemoSpec into rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Ages are counted at this date, not at "today": the same spec must give the same dates of birth in
# every year, or a second run would no longer find the people of the first (natural key: name + date).
REFERENCE_DATE = dt.date(2026, 1, 1)
MIN_AGE, MAX_AGE = 24, 58


@dataclass(frozen=True)
class SignerSpec:
    full_name: str
    title: str  # Trưởng Ban, Phó Trưởng Ban
    is_head: bool = False


@dataclass(frozen=True)
class UnitSpec:
    code: str  # natural key; sub-units are written PARENT.SUB
    name: str
    parent: str | None = None  # code of the parent unit
    employment_type: str = "cong_chuc"  # what its staff mostly are (a Ban QLDA or a centre: vien_chuc)


@dataclass(frozen=True)
class StaffSpec:
    """`count` people of one unit holding the same position; names and dates come from the generator.

    `key` (only with count 1) names the person so that an account can be linked to them.
    `gender` fixes it ('nam' / 'nu'); None lets the generator choose.
    """

    unit: str
    position: str
    count: int = 1
    leader: bool = False
    employment_type: str | None = None  # None: the unit's
    ages: tuple[int, int] = (24, 50)
    gender: str | None = None
    key: str | None = None

    def __post_init__(self):
        if self.key and self.count != 1:
            raise ValueError(f"StaffSpec {self.unit}/{self.position}: a key names exactly one person")
        low, high = self.ages
        if not MIN_AGE <= low <= high <= MAX_AGE:
            raise ValueError(f"StaffSpec {self.unit}/{self.position}: ages {self.ages} outside {MIN_AGE}–{MAX_AGE}")


def head(unit: str, position: str, *, key: str | None = None, **kw) -> StaffSpec:
    """The head of a unit (Trưởng phòng, Chánh Văn phòng, Giám đốc): a leader, older."""
    return StaffSpec(unit, position, leader=True, ages=kw.pop("ages", (44, 56)), key=key, **kw)


def deputy(unit: str, position: str, count: int = 1, *, key: str | None = None, **kw) -> StaffSpec:
    """A deputy head (Phó …): a leader."""
    return StaffSpec(unit, position, count=count, leader=True, ages=kw.pop("ages", (36, 52)), key=key, **kw)


def staff(unit: str, position: str, count: int = 1, *, key: str | None = None, **kw) -> StaffSpec:
    return StaffSpec(unit, position, count=count, key=key, **kw)


def worker(unit: str, position: str, count: int = 1, **kw) -> StaffSpec:
    """A người lao động under contract (driver, guard, attendant)."""
    return StaffSpec(unit, position, count=count, employment_type="nguoi_lao_dong",
                     ages=kw.pop("ages", (26, 58)), **kw)


@dataclass(frozen=True)
class AccountSpec:
    """A demo account. `person` is a StaffSpec key, `unit` a unit code (unit officers).

    Without a person, `full_name` and `title` say who the account is (the head of the board …)."""

    username: str
    role: str
    person: str | None = None
    unit: str | None = None
    full_name: str | None = None
    title: str = ""


@dataclass(frozen=True)
class DemoSpec:
    key: str  # khanhhoa, langson: the value of `flask campaign demo --agency`
    name: str
    short_name: str
    parent_body: str
    symbol: str
    place_name: str
    signers: list[SignerSpec]
    units: list[UnitSpec]
    staff: list[StaffSpec]
    accounts: list[AccountSpec]
    family_names: dict[str, int]  # family name → weight, the province's own mix
    seed: int  # with each place in the staff list, seeds the names and dates: the same people every run
    female_share: float = 0.45

    def unit(self, code: str) -> UnitSpec:
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)

    @property
    def top_units(self) -> list[UnitSpec]:
        return [u for u in self.units if u.parent is None]
