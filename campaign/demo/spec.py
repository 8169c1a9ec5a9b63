"""The shape of a demo board: plain data classes that khanhhoa.py and langson.py fill in.

Nothing here touches the database; steps.py turns a DemoSpec into rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# Ages are counted at this date, not at "today": the same spec must give the same dates of birth in
# every year, or a second run would no longer find the people of the first (natural key: name + date).
REFERENCE_DATE = dt.date(2026, 1, 1)
MIN_AGE, MAX_AGE = 24, 58


@dataclass(frozen=True)
class SignerSpec:
    """A leader of the board who signs (Trưởng Ban, Phó Trưởng Ban). The loader also makes them a Person of
    the leaders' unit (DemoSpec.leaders_unit) with this date of birth, and the Signer row refers to it;
    `key` names that person like a StaffSpec key (accounts and the council point at it)."""

    full_name: str
    title: str  # Trưởng Ban, Phó Trưởng Ban
    is_head: bool = False
    gender: str = "nam"
    born: dt.date = dt.date(1972, 5, 1)
    key: str | None = None


@dataclass(frozen=True)
class UnitSpec:
    code: str  # natural key; sub-units are written PARENT.SUB
    name: str
    parent: str | None = None  # code of the parent unit
    employment_type: str = "cong_chuc"  # what its staff mostly are (a Ban QLDA or a centre: vien_chuc)
    has_seal: bool = False  # a seal of its own (a centre, a Ban QLDA); a phòng has none


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


# --- the campaign ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowSpec:
    """A phase's nomination window and the deadlines after it, in days from the day the demo is loaded
    (negative: before it). The window opens at 07:30 and closes at 17:00, Vietnam time."""

    opens: int
    closes: int
    appraisal: int
    council: int
    opens_time: dt.time = dt.time(7, 30)
    closes_time: dt.time = dt.time(17, 0)

    def __post_init__(self):
        if not self.opens < self.closes <= self.appraisal <= self.council:
            raise ValueError(f"WindowSpec {self}: opens < closes <= appraisal <= council")


@dataclass(frozen=True)
class FixedWindowSpec:
    """A nomination window on the dates the plan sets (not relative to the load day): a phase's window that
    need not be open when the demo is loaded, or a past round's. Opens at 07:30, closes at 17:00."""

    opens: dt.date
    closes: dt.date
    appraisal: dt.date
    council: dt.date
    opens_time: dt.time = dt.time(7, 30)
    closes_time: dt.time = dt.time(17, 0)

    def __post_init__(self):
        if not self.opens < self.closes <= self.appraisal <= self.council:
            raise ValueError(f"FixedWindowSpec {self}: opens < closes <= appraisal <= council")


@dataclass(frozen=True)
class PhaseSpec:
    name: str  # natural key within the campaign
    start: dt.date
    end: dt.date
    review_kind: str  # interim, final
    review_period: str  # Quý IV/2027
    window: WindowSpec | FixedWindowSpec
    units_may_edit: bool = True
    members_see_scores: bool = False
    aggregation: str = "mean"


@dataclass(frozen=True)
class CriterionSpec:
    """A criterion; with `targets` (one per phase, in the order of CampaignSpec.phases) it is quantitative
    and needs `unit_of_measure`, without them it is qualitative (the council scores it)."""

    code: str  # natural key within the campaign
    name: str
    applies_to: str  # collective, individual, both
    points: int
    description: str = ""
    unit_of_measure: str = ""
    targets: tuple[int | str, ...] = ()
    evidence_required: bool = False
    source: str = "manual"  # task_completion: the on-time rate of the unit's plan tasks
    higher_is_better: bool = True

    @property
    def measure(self) -> str:
        return "quantitative" if self.targets else "qualitative"


@dataclass(frozen=True)
class GroupSpec:
    code: str  # I … V: natural key within the campaign
    name: str
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class QuotaSpec:
    award: str  # code of an award form of the catalogue
    phase: str  # name of a phase of the campaign
    kind: str  # count, share_staff, share_units
    value: int | str
    leaders_cap: int | None = None


@dataclass(frozen=True)
class CampaignSpec:
    title: str  # natural key
    kind: str
    plan_number: str
    plan_date: dt.date | None
    plan_issuer: str
    start: dt.date
    end: dt.date
    legal_bases: tuple[str, ...]
    content: str
    goals: str
    phases: tuple[PhaseSpec, ...]
    groups: tuple[GroupSpec, ...]
    quotas: tuple[QuotaSpec, ...] = ()
    status: str = "launched"

    def __post_init__(self):
        names = [p.name for p in self.phases]
        codes = [c.code for c in self.criteria]
        if len(set(names)) != len(names) or len(set(codes)) != len(codes):
            raise ValueError(f"CampaignSpec {self.title}: phase names and criterion codes must be unique")
        for criterion in self.criteria:
            if criterion.targets and (len(criterion.targets) != len(self.phases) or not criterion.unit_of_measure):
                raise ValueError(f"CampaignSpec: criterion {criterion.code} needs a unit and one target per phase")
            if criterion.source == "task_completion" and not criterion.targets:
                raise ValueError(f"CampaignSpec: criterion {criterion.code} from tasks must be quantitative")
        for quota in self.quotas:
            if quota.phase not in names:
                raise ValueError(f"CampaignSpec: quota {quota.award} names an unknown phase {quota.phase}")

    @property
    def criteria(self) -> list[CriterionSpec]:
        return [c for g in self.groups for c in g.criteria]

    def phase(self, name: str) -> PhaseSpec:
        return next(p for p in self.phases if p.name == name)


# --- the award-form catalogue ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionSpec:
    """One condition of an award form (models.award.CONDITION_KINDS; parameters as
    services.awards.REQUIRED_PARAMETERS asks). `title` is the code of another award form."""

    kind: str
    alternative: int = 1
    title: str | None = None
    years: int | None = None
    count: int | None = None
    level: str | None = None
    percent: int | str | None = None
    strict: bool = False
    note: str = ""


@dataclass(frozen=True)
class AwardSpec:
    code: str  # natural key
    name: str
    kind: str  # title, commendation
    level: str  # agency, province, national
    authority: str
    applies_to: str
    decided_by_board: bool
    threshold_share: Decimal
    threshold_strict: bool
    bonus_individual: Decimal | None
    bonus_collective: Decimal | None
    legal_basis: str
    conditions: tuple[ConditionSpec, ...] = ()


@dataclass(frozen=True)
class SalarySpec:
    effective_from: dt.date  # natural key
    amount: int
    basis: str


# --- the plan tasks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    """A unit's progress on a task: 'done' on the day `on`, or 'in_progress' as reported on `on`.

    A report dated after the day the demo is loaded is written as still in progress."""

    unit: str
    status: str
    on: dt.date
    product_ref: str = ""
    note: str = ""


@dataclass(frozen=True)
class TaskSpec:
    """One row of a plan's task table, as the table says it, and the units it names.

    `lead` is the one unit of the board that leads; when several lead (or bodies outside the board do)
    it is None, the units of the board among them are in `partners` (as services/plan_import.py imports it),
    and `lead_text` says who leads."""

    section: str  # with `name`, the natural key within the campaign
    number: str
    name: str
    deadline_text: str
    deadline: dt.date | None  # the last day deadline_text allows
    lead: str | None = None
    lead_text: str = ""
    partners: tuple[str, ...] = ()
    partner_text: str = ""
    legal_basis: str = ""
    product: str = ""
    reports: tuple[ReportSpec, ...] = ()


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
    establishing_decision: str = ""  # invented for the demo: the seeds do not give it
    campaign: CampaignSpec | None = None
    awards: tuple[AwardSpec, ...] = ()
    base_salaries: tuple[SalarySpec, ...] = ()
    tasks: tuple[TaskSpec, ...] = ()
    leaders_unit: str | None = None  # code of the unit the signers belong to as people ("Lãnh đạo Ban")
    council: CouncilSpec | None = None
    # The demo dossiers (dossiers.py) name units by the Khánh Hòa codes; this maps them to the board's own.
    dossier_units: dict[str, str] | None = None
    investment_unit: str = "KHDT"  # the board's Phòng Kế hoạch – Đầu tư (its council member is recused)

    def unit(self, code: str) -> UnitSpec:
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)

    @property
    def top_units(self) -> list[UnitSpec]:
        return [u for u in self.units if u.parent is None]


# --- the council --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilMemberSpec:
    """A member named by the council's decision: an account of the spec (its person is the member)."""

    username: str
    role: str  # models.council.CouncilRole: chair, vice_chair, member, secretary
    title: str  # as the decision writes it: "Phó Trưởng Ban", "Trưởng phòng Kế hoạch – Đầu tư và Xúc tiến"


@dataclass(frozen=True)
class CouncilSpec:
    """The council as established by the board head's decision (Quyết định thành lập / kiện toàn Hội đồng).

    The decision is dated in January of the previous annual round's year (steps.council_decision_step),
    its number is `number` + "/QĐ-" + the agency's symbol."""

    number: str  # "08"
    issuer: str  # Trưởng Ban Quản lý …
    members: tuple[CouncilMemberSpec, ...]
    replay: ReplaySpec | None = None


# Nominations of the demo plans are named by (unit code as in dossiers.py, award code, staff index or None).
NomineeRef = tuple[str, str, int | None]


@dataclass(frozen=True)
class OverrideSpec:
    nominee: NomineeRef
    direction: str  # up, down (models.council.AgendaItem.override)
    reason: str


@dataclass(frozen=True)
class ReplaySpec:
    """What the coordinator's replay of the previous annual round's council session needs, so that it is
    only service calls (steps.council_step): who attends, how they score and vote, the chair's override.

    Scores: every member gives each agenda item `share` (of each criterion's maximum; `default_share`
    when the item is not in `shares`) plus their own offset (`member_offsets`, in points, by the order of
    CouncilSpec.members), rounded to the campaign's step and kept within 0 … max; quantitative criteria keep
    the prefilled attainment points. `outlier`: one member scoring one item at that share instead (its
    spread raises the disagreement flag). Ballots: everyone agrees except the usernames listed per item
    in `disagree`."""

    title: str  # "Phiên họp xét danh hiệu thi đua năm {year}": {year} is the round's year
    place: str
    starts_at: str  # "08:00"
    written_ballot: str  # username of the member absent who votes in writing (the secretary enters it)
    default_share: Decimal = Decimal("0.85")
    shares: tuple[tuple[NomineeRef, Decimal], ...] = ()
    member_offsets: tuple[Decimal, ...] = ()
    outlier: tuple[str, NomineeRef, Decimal] | None = None
    disagree: tuple[tuple[NomineeRef, tuple[str, ...]], ...] = ()
    override: OverrideSpec | None = None
    current_title: str = ""  # the current round's session the replay prepares (title; {year} as above)
