"""Read side of the register (sổ khen thưởng): every person's and collective's history — awards from the
issued decisions (AwardRecord with `document_id`) and those recorded by hand with their decision, sanctions,
nominations and their outcome — the lookup across them, the chain of consecutive years with what the nominee
may aim for next (rules/history.py), the .xlsx exports, and the duplicate guard the appraisal reads.

Who reads what: the office, the board's leaders and the admin every person and unit
(permissions.can_read_records); a unit officer the people and units of its scope (permissions.unit_scope);
anyone else nothing (PermissionDenied). Every function runs a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    CONDITION_KINDS,
    INITIATIVE_LEVELS,
    AwardCondition,
    AwardForm,
    AwardRecord,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationStatus,
    Person,
    Phase,
    Role,
    Sanction,
    Unit,
    User,
    local_now,
)
from ..permissions import can_read_records, can_read_unit, unit_scope, unit_subtree_ids
from ..rules import history as rules
from ..vietnamese import fold, short_date
from . import PermissionDenied
from .facts import period_of

KINDS = {"individual": "Cá nhân", "collective": "Tập thể"}
NO_ACCESS = "Chỉ Văn phòng, lãnh đạo Ban, quản trị hệ thống và cán bộ thi đua của đơn vị được tra cứu khen thưởng."
MAX_WORDS = 5


def lookup_scope(user: User) -> set[int] | None:
    """The units whose people and collectives `user` may look up: None for every unit (office, leaders,
    admin), a unit officer's unit and sub-units; PermissionDenied for anyone else (council members)."""
    if can_read_records(user):
        return None
    if user is not None and user.is_authenticated and user.role == Role.UNIT_OFFICER and user.unit_id:
        return unit_scope(user)
    raise PermissionDenied(NO_ACCESS)


def require_unit(user: User, unit_id: int, scope=None) -> None:
    can_read_unit(user, unit_id, scope).require()


# --- the lookup ----------------------------------------------------------------------------------


@dataclass
class Hit:
    """One person or collective found, with the awards that match the filters (all of them when none)."""

    kind: str
    unit: Unit
    person: Person | None = None
    awards: list[AwardRecord] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person.full_name if self.person is not None else self.unit.name


@dataclass
class Query:
    """The lookup's criteria as the search form gives them (all optional)."""

    q: str = ""
    unit_id: int | None = None
    year: int | None = None
    award_form_id: int | None = None
    kind: str = ""  # "", individual, collective

    @property
    def words(self) -> list[str]:
        return fold(self.q).split()[:MAX_WORDS]

    @property
    def filters_awards(self) -> bool:
        return self.year is not None or self.award_form_id is not None

    @property
    def empty(self) -> bool:
        return not self.words and self.unit_id is None and not self.filters_awards


def _award_filter(query: Select, criteria: Query) -> Select:
    if criteria.year is not None:
        query = query.where(AwardRecord.year == criteria.year)
    if criteria.award_form_id is not None:
        query = query.where(AwardRecord.award_form_id == criteria.award_form_id)
    return query


def _units_in(scope: set[int] | None, criteria: Query) -> set[int] | None:
    """The units the lookup keeps to: the scope, narrowed to the chosen unit and its sub-units."""
    if criteria.unit_id is None:
        return scope
    chosen = unit_subtree_ids(criteria.unit_id)
    return chosen if scope is None else chosen & scope


def people_query(user: User, criteria: Query, scope=None) -> Select:
    """The people found (by name without diacritics, unit, and — when a year or an award form is chosen —
    holding a matching award), in the staff list's order."""
    units = _units_in(scope, criteria)
    query = select(Person).options(joinedload(Person.unit))
    if units is not None:
        query = query.where(Person.unit_id.in_(units))
    for word in criteria.words:
        query = query.where(Person.search_name.contains(word, autoescape=True))
    if criteria.filters_awards:
        query = query.where(Person.id.in_(_award_filter(select(AwardRecord.person_id), criteria)
                                          .where(AwardRecord.person_id.is_not(None))))
    return query.order_by(Person.sort_key, Person.id)


def find_units(user: User, criteria: Query, scope=None) -> list[Unit]:
    """The collectives found: their names folded in Python (the unit table is small: one query), and — when a
    year or an award form is chosen — holding a matching award (one more)."""
    units = _units_in(scope, criteria)
    query = select(Unit).order_by(Unit.sort_order, Unit.name, Unit.id)
    if units is not None:
        query = query.where(Unit.id.in_(units))
    if criteria.filters_awards:
        query = query.where(Unit.id.in_(_award_filter(select(AwardRecord.nominee_unit_id), criteria)
                                        .where(AwardRecord.nominee_unit_id.is_not(None))))
    words = criteria.words
    return [u for u in db.session.scalars(query) if all(w in fold(u.name) for w in words)]


def _awards_of(people: list[Person], units: list[Unit], criteria: Query | None = None) -> dict[str, list[AwardRecord]]:
    """{'P12' / 'U3': awards, newest first} for the holders given (one query)."""
    if not people and not units:
        return {}
    query = select(AwardRecord).options(joinedload(AwardRecord.award_form)).where(or_(
        AwardRecord.person_id.in_([p.id for p in people]), AwardRecord.nominee_unit_id.in_([u.id for u in units])))
    if criteria is not None:
        query = _award_filter(query, criteria)
    out: dict[str, list[AwardRecord]] = {}
    for record in db.session.scalars(query.order_by(AwardRecord.year.desc(), AwardRecord.id.desc())):
        key = f"P{record.person_id}" if record.person_id else f"U{record.nominee_unit_id}"
        out.setdefault(key, []).append(record)
    return out


def hits(people: list[Person], units: list[Unit], criteria: Query) -> list[Hit]:
    """The people and units found, each with its awards matching the filters."""
    awards = _awards_of(people, units, criteria)
    return ([Hit("individual", p.unit, p, awards.get(f"P{p.id}", [])) for p in people]
            + [Hit("collective", u, None, awards.get(f"U{u.id}", [])) for u in units])


def search(user: User, q: str = "", unit_id: int | None = None, year: int | None = None,
           award_form_id: int | None = None, kind: str = "") -> list[Hit]:
    """Every person and unit `user` may look up whose name matches `q` without diacritics (every word), in
    `unit_id` (and its sub-units), holding an award of `year` and `award_form_id` when given; `kind`
    'individual' or 'collective' keeps to one. Nothing when no criterion is given. Three queries."""
    scope = lookup_scope(user)
    criteria = Query(q, unit_id, year, award_form_id, kind)
    if unit_id is not None:
        require_unit(user, unit_id, scope)
    if criteria.empty:
        return []
    people = list(db.session.scalars(people_query(user, criteria, scope))) if kind != "collective" else []
    units = find_units(user, criteria, scope) if kind != "individual" else []
    return hits(people, units, criteria)


@dataclass
class Page:
    """One page of the lookup: the people of the page (paginated in SQL) and every collective found."""

    criteria: Query
    pagination: object | None  # flask_sqlalchemy Pagination of the people, None when none are searched
    found: list[Hit]

    @property
    def people(self) -> list[Hit]:
        return [h for h in self.found if h.kind == "individual"]

    @property
    def units(self) -> list[Hit]:
        return [h for h in self.found if h.kind == "collective"]


def search_page(user: User, criteria: Query, page: int, per_page: int) -> Page:
    """The lookup page: like `search`, the people one page at a time (five queries at most)."""
    scope = lookup_scope(user)
    if criteria.unit_id is not None:
        require_unit(user, criteria.unit_id, scope)
    if criteria.empty:
        return Page(criteria, None, [])
    pagination = None
    if criteria.kind != "collective":
        pagination = db.paginate(people_query(user, criteria, scope), page=page, per_page=per_page, error_out=False)
    units = find_units(user, criteria, scope) if criteria.kind != "individual" else []
    return Page(criteria, pagination, hits(list(pagination.items) if pagination else [], units, criteria))


def award_forms() -> list[AwardForm]:
    return list(db.session.scalars(select(AwardForm).order_by(AwardForm.position, AwardForm.id)))


def award_line(record: AwardRecord) -> str:
    """'Lao động tiên tiến năm 2025 (Quyết định số 46/QĐ-KKTKCN ngày 20/12/2025 của Trưởng Ban Quản lý)'."""
    decision = decision_text(record)
    return f"{record.title} năm {record.year}" + (f" ({decision})" if decision else "")


def decision_text(record: AwardRecord) -> str:
    parts = []
    if record.decision_number:
        parts.append(f"Quyết định số {record.decision_number}")
    if record.decision_date:
        parts.append(f"ngày {short_date(record.decision_date)}")
    if record.issuer:
        parts.append(f"của {record.issuer}")
    return " ".join(parts)


# --- one history ---------------------------------------------------------------------------------


@dataclass
class NominationLine:
    nomination: Nomination
    award: AwardRecord | None  # the award it became, when the decision is issued

    @property
    def outcome(self) -> str:
        return self.nomination.status_label


@dataclass
class History:
    kind: str
    unit: Unit
    person: Person | None
    year: int  # the year considered: the chain ends at it or the year before
    awards: list[AwardRecord]
    sanctions: list[Sanction]
    nominations: list[NominationLine]
    chains: list[rules.Chain]
    advice: list[rules.Advice]

    @property
    def name(self) -> str:
        return self.person.full_name if self.person is not None else self.unit.name

    @property
    def untyped(self) -> list[AwardRecord]:
        """Awards recorded by their title only (no award form of the catalogue): they do not count in the chain."""
        return [a for a in self.awards if a.award_form_id is None]


def _targets() -> list[rules.PriorTitleTarget]:
    """Every prior-title condition of an active award form, with the other conditions of its alternative in
    words (two queries)."""
    forms = db.session.scalars(select(AwardForm).where(AwardForm.active.is_(True), AwardForm.id.in_(
        select(AwardCondition.award_form_id).where(AwardCondition.kind == "prior_title")))
        .options(selectinload(AwardForm.conditions).joinedload(AwardCondition.title))
        .order_by(AwardForm.position, AwardForm.id)).all()
    out = []
    for form in forms:
        alternatives = sorted({c.alternative for c in form.conditions})
        for condition in form.conditions:
            if condition.kind != "prior_title" or condition.title is None:
                continue
            others = tuple(_phrase(c) for c in form.conditions if c.alternative == condition.alternative
                           and c is not condition and c.kind != "cap_share")
            out.append(rules.PriorTitleTarget(
                form.code, form.name, form.applies_to, condition.title.code, condition.title.name,
                condition.title.applies_to, condition.years or 1, condition.alternative, len(alternatives), others))
    return out


def _phrase(condition: AwardCondition) -> str:
    title = rules.short_name(condition.title.code, condition.title.name) if condition.title else ""
    return rules.condition_phrase(condition.kind, title=title, count=condition.count,
                                  level=INITIATIVE_LEVELS.get(condition.level or "", ""), years=condition.years,
                                  percent=condition.percent, fallback=CONDITION_KINDS.get(condition.kind, ""))


def _history(kind: str, unit: Unit, person: Person | None) -> History:
    year = local_now().year
    holder = AwardRecord.person_id == person.id if person is not None else AwardRecord.nominee_unit_id == unit.id
    awards = list(db.session.scalars(select(AwardRecord).where(holder).options(joinedload(AwardRecord.award_form))
                                     .order_by(AwardRecord.year.desc(), AwardRecord.id.desc())))
    sanctions = list(db.session.scalars(select(Sanction).where(Sanction.person_id == person.id)
                                        .order_by(Sanction.decided_on.desc(), Sanction.id.desc()))) if person else []
    nominee = (Nomination.person_id == person.id if person is not None
               else (Nomination.nominee_unit_id == unit.id) & (Nomination.nominee_kind == "collective"))
    nominations = db.session.scalars(select(Nomination).where(nominee).options(
        joinedload(Nomination.phase).joinedload(Phase.campaign), joinedload(Nomination.award_form),
        joinedload(Nomination.unit)).order_by(Nomination.id.desc())).all()
    given = {a.nomination_id: a for a in awards if a.nomination_id}
    titles: dict[int, set[str]] = {}
    names: dict[str, str] = {}
    for record in awards:
        if record.award_form is not None:
            titles.setdefault(record.year, set()).add(record.award_form.code)
            if record.award_form.kind == "title":
                names[record.award_form.code] = record.award_form.name
    targets = _targets()
    for target in targets:
        if target.title_code in {c for codes in titles.values() for c in codes}:
            names.setdefault(target.title_code, target.title_name)
    return History(kind, unit, person, year, awards, sanctions,
                   [NominationLine(n, given.get(n.id)) for n in nominations],
                   rules.chains(titles, names, year, broken=True), rules.advise(targets, titles, year, kind))


def person_history(user: User, person: Person) -> History:
    """A person's history, if `user` may read their unit (PermissionDenied otherwise). Six queries."""
    scope = lookup_scope(user)
    require_unit(user, person.unit_id, scope)
    return _history("individual", person.unit, person)


def unit_history(user: User, unit: Unit) -> History:
    """A collective's history (its own awards and nominations as a collective). Five queries."""
    scope = lookup_scope(user)
    require_unit(user, unit.id, scope)
    return _history("collective", unit, None)


# --- the exports ---------------------------------------------------------------------------------

SEARCH_HEADERS = [("STT", 6), ("Họ và tên / Tên tập thể", 30), ("Cá nhân / Tập thể", 12), ("Chức vụ", 24),
                  ("Đơn vị", 34), ("Năm", 8), ("Danh hiệu, hình thức khen thưởng", 34), ("Số quyết định", 18),
                  ("Ngày quyết định", 14), ("Cấp quyết định", 26), ("Nguồn", 22)]


def _source(record: AwardRecord) -> str:
    return "Quyết định ban hành trên phần mềm" if record.document_id else "Ghi nhận theo quyết định trước đây"


def search_xlsx(found: list[Hit]) -> bytes:
    """The lookup's results as one sheet: one line per award (a holder without a matching award: one line)."""
    from .org_export import write_table

    rows, index = [], 0
    for hit in found:
        position = hit.person.position if hit.person else ""
        for record in hit.awards or [None]:
            index += 1
            award = ([record.year, record.title, record.decision_number, record.decision_date, record.issuer,
                      _source(record)] if record else ["", "", "", "", "", ""])
            rows.append([index, hit.name, KINDS[hit.kind], position, hit.unit.name, *award])
    return write_table("xlsx", "Tra cứu khen thưởng", SEARCH_HEADERS, rows)


HISTORY_HEADERS = [("Mục", 16), ("Năm", 8), ("Nội dung", 44), ("Số quyết định", 18), ("Ngày", 12),
                   ("Cấp quyết định / Đơn vị đề nghị", 30), ("Ghi chú", 40)]


def history_xlsx(history: History) -> bytes:
    """One history as one sheet: the chain and the advice, the awards, the sanctions, the nominations."""
    from ..models import SANCTION_LEVELS
    from .org_export import write_table

    who = (", ".join(filter(None, (history.person.position, history.unit.name))) if history.person
           else "Tập thể")
    rows: list[list] = [["Họ và tên" if history.person else "Tên tập thể", None, f"{history.name} ({who})", "",
                         None, "", ""]]
    for chain in history.chains:
        rows.append(["Chuỗi danh hiệu", chain.years[-1], chain.describe(), "", None, "", ""])
    for advice in history.advice:
        rows.append(["Có thể hướng tới", advice.next_year, advice.text, "", None, "", ""])
    for record in history.awards:
        rows.append(["Khen thưởng", record.year, record.title, record.decision_number, record.decision_date,
                     record.issuer, _source(record)])
    for sanction in history.sanctions:
        rows.append(["Kỷ luật", sanction.decided_on.year, SANCTION_LEVELS.get(sanction.level, sanction.level),
                     sanction.decision_number, sanction.decided_on, "", sanction.note])
    for line in history.nominations:
        n = line.nomination
        note = line.outcome + (f"; {award_line(line.award)}" if line.award else "")
        rows.append(["Đề nghị khen thưởng", n.phase.end_date.year, n.award_form.name, "", None,
                     n.unit.name, f"{n.phase.name} – {n.phase.campaign.title}: {note}"])
    return write_table("xlsx", "Lịch sử khen thưởng", HISTORY_HEADERS, rows)


# --- the duplicate guard (read at appraisal) -----------------------------------------------------

# A nomination that the council turned down backs nothing: its initiatives are free for another award.
NOT_CITING = (NominationStatus.NOT_RECOMMENDED,)


def _label(nomination: Nomination) -> str:
    return (f"hồ sơ đề nghị «{nomination.award_form.name}» ({nomination.phase.name}, do {nomination.unit.name} "
            f"lập, {nomination.status_label.lower()})")


def duplicate_flags(nominations: list[Nomination]) -> dict[int, list[rules.DuplicateFlag]]:
    """{nomination id: warnings} for the dossiers given: an initiative or an achievement they cite is cited by
    another nomination of the same person (or unit) for the same period, in progress or already awarded
    (rules.history.duplicates). Five queries for any number of dossiers."""
    if not nominations:
        return {}
    subjects = {n.subject for n in nominations}
    others = db.session.scalars(select(Nomination).where(Nomination.subject.in_(subjects),
                                                         Nomination.status.not_in(NOT_CITING))
                                .options(joinedload(Nomination.phase), joinedload(Nomination.award_form),
                                         joinedload(Nomination.unit))).all()
    every = {n.id: n for n in others} | {n.id: n for n in nominations}
    people = {n.person_id for n in every.values() if n.person_id}
    units = {n.nominee_unit_id for n in every.values() if not n.person_id}
    initiatives: dict[str, list[Initiative]] = {}
    if people or units:
        query = select(Initiative, InitiativeAuthor.person_id).outerjoin(InitiativeAuthor).where(or_(
            InitiativeAuthor.person_id.in_(people), Initiative.unit_id.in_(units)))
        for initiative, author in db.session.execute(query):
            if author in people:
                initiatives.setdefault(f"P{author}", []).append(initiative)
            if initiative.unit_id in units:
                key = f"U{initiative.unit_id}"
                if initiative not in initiatives.get(key, []):
                    initiatives.setdefault(key, []).append(initiative)
    pairs = frozenset(db.session.execute(
        select(AwardForm.code, AwardCondition.title_id).join(AwardCondition, AwardCondition.award_form_id == AwardForm.id)
        .where(AwardCondition.kind == "same_year_title")).all())
    codes = dict(db.session.execute(select(AwardForm.id, AwardForm.code)).all()) if pairs else {}
    same_year = frozenset((code, codes.get(title_id, "")) for code, title_id in pairs)
    claims = []
    for n in every.values():
        cited = {i.id: i.title for i in initiatives.get(n.subject, []) if rules.cites(n.summary, i.title)}
        lines = rules.achievement_lines(n.summary, cited.values())
        claims.append(rules.Claim(n.id, n.subject, period_of(n.phase)[0], n.award_form.code, _label(n), cited,
                                  frozenset(lines), n.status == NominationStatus.AWARDED, lines))
    out: dict[int, list[rules.DuplicateFlag]] = {}
    for flag in rules.duplicates(claims, [n.id for n in nominations], same_year_pairs=same_year):
        out.setdefault(flag.key, []).append(flag)
    return out
