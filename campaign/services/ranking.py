"""The council's ranking of a session, the chair's moves across the cut, the approval, and what a unit sees
of its nomination's outcome.

`session_ranking` gathers what rules/ranking.py needs in a fixed number of queries whatever the agenda's
size — eligibility (services/facts.py), the tallies, the scores of submitted sheets aggregated by the phase's
method (rules/aggregation.py), the threshold in force (rules/legal_figures.py), the quotas and the leaders'
cap — and ranks every list (award form × nominee kind), CSTĐCS after LĐTT (rules.ranking.rank_dependent).
`approve` writes what the ranking says on each agenda item and moves each nomination; after it the session
is approved and the scoring and ballot services refuse any change (they check the status).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from .. import permissions
from ..extensions import db
from ..models import (
    AgendaItem,
    AwardForm,
    AwardQuota,
    CouncilSession,
    Criterion,
    Nomination,
    Person,
    Phase,
    Recusal,
    SessionMember,
    SessionStatus,
    Unit,
    User,
    VoteTally,
    utcnow,
)
from ..rules import ranking as rules
from ..rules.aggregation import Aggregate, aggregate
from ..rules.council import SessionAction
from ..rules.eligibility import quota_limit
from ..rules.legal_figures import CAP_CSTDCS_OF_LDTT, AppliedThreshold, in_force
from ..rules.workflow import Action
from ..vietnamese import number
from . import ServiceError, audit, check_version, facts, scoring, transactional
from .ballots import award_threshold
from .council import advance
from .workflow import transition

OUTCOME_LABELS = {rules.RECOMMENDED: "Đề nghị", rules.RESERVE: "Dự bị", rules.OUT: "Không đạt"}
KIND_LABELS = {"collective": "Tập thể", "individual": "Cá nhân"}
OVERRIDE_LABELS = {"up": "Đưa vào danh sách đề nghị", "down": "Đưa xuống danh sách dự bị"}


def ratio_text(agreements: int, members: int) -> str:
    """6 of 9 → '6/9 (66,67%)', written like every percentage of the reasons (rules.ranking.percent); for
    reading only: the decision is taken on the exact fraction."""
    ratio = Fraction(agreements, members) if members else Fraction(0)
    return f"{agreements}/{members} ({rules.percent(ratio)})"


@dataclass
class Row:
    """One nominee of a list as the ranking page and the export show it."""

    item: AgendaItem
    position: rules.Position
    eligible: bool
    eligibility_reason: str
    agreements: int
    members: int
    total: Aggregate | None  # None: no criterion applies
    criteria: list[tuple[Criterion, Aggregate]]
    scores: dict[tuple[int, int], Decimal]  # (person id, criterion id) → points, submitted sheets only
    recusals: list[Recusal]

    @property
    def nomination(self) -> Nomination:
        return self.item.nomination

    @property
    def status(self) -> str:
        return self.position.status

    @property
    def status_label(self) -> str:
        return OUTCOME_LABELS[self.position.status]

    @property
    def ratio_text(self) -> str:
        return ratio_text(self.agreements, self.members)

    @property
    def total_score(self) -> Decimal | None:
        return self.total.value if self.total is not None else None

    @property
    def disagreement(self) -> bool:
        return any(agg.disagreement for _c, agg in self.criteria) or bool(self.total and self.total.disagreement)


@dataclass
class ListRanking:
    """One list: an award form × a nominee kind."""

    award_form: AwardForm
    kind: str
    threshold: AppliedThreshold
    quota: int | None
    quota_text: str
    leaders_cap: int | None
    criteria: list[Criterion]
    ranking: rules.Ranking
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    error: str = ""  # the chair's stored moves no longer fit the list: ranked without them
    problem: str = ""  # … and why, alone (the refusal of a move or of the approval)
    base_status: dict[str, str] = field(default_factory=dict)  # item id → status by the results alone

    @property
    def title(self) -> str:
        return f"{self.award_form.name} — {KIND_LABELS[self.kind]}"

    @property
    def key(self) -> str:
        return f"{self.award_form.id}-{self.kind}"


@dataclass
class SessionRanking:
    session: CouncilSession
    lists: list[ListRanking]
    member_count: int
    women_priority: bool

    def row_of(self, item_id: int) -> tuple[ListRanking, Row]:
        for ranked in self.lists:
            for row in ranked.rows:
                if row.item.id == item_id:
                    return ranked, row
        raise KeyError(item_id)


# --- reading ----------------------------------------------------------------------------------------


def load_session(session_id: int, *more, refresh: bool = False) -> CouncilSession | None:
    """The session with its members and agenda, everything the ranking reads of them loaded at once; `more`:
    further loader options (the minutes add the council and the timeline); `refresh`: reload rows already in
    the session."""
    stmt = select(CouncilSession).where(CouncilSession.id == session_id).options(
        joinedload(CouncilSession.phase).joinedload(Phase.campaign),
        selectinload(CouncilSession.members),
        selectinload(CouncilSession.items).options(
            selectinload(AgendaItem.recusals).joinedload(Recusal.person),
            joinedload(AgendaItem.nomination).options(
                joinedload(Nomination.phase).joinedload(Phase.campaign),
                joinedload(Nomination.award_form),
                joinedload(Nomination.unit),
                joinedload(Nomination.nominee_unit),
                joinedload(Nomination.person).joinedload(Person.unit),
            ),
        ),
        *more,
    )
    if refresh:
        stmt = stmt.execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def _quota_of(quota: AwardQuota | None, kind: str, counts) -> tuple[int | None, str, int | None]:
    """The list's quota (None: none), its text, and the leaders' cap. A share of the staff cuts the
    individuals' list, a share of the units the collectives'; a count cuts each list of the form."""
    if quota is None:
        return None, "Không giới hạn chỉ tiêu", None
    if quota.kind == "share_staff" and kind != "individual" or quota.kind == "share_units" and kind != "collective":
        return None, "Không giới hạn chỉ tiêu", quota.leaders_cap
    staff, units = counts()
    limit = quota_limit(quota.kind, quota.value, staff=staff, units=units)
    if quota.kind == "count":
        text = f"Chỉ tiêu {limit}"
    else:
        base = f"{staff} cán bộ" if quota.kind == "share_staff" else f"{units} đơn vị"
        text = f"Chỉ tiêu {limit} ({number(quota.value, 2)}% của {base}, làm tròn xuống)"
    return limit, text, quota.leaders_cap


def session_ranking(session: CouncilSession) -> SessionRanking:
    """Every list of the session ranked, every position with its reason (see the module's docstring). The
    session should come from `load_session`; the queries are the same in number for any agenda."""
    phase = session.phase
    items = list(session.items)
    member_ids = [m.person_id for m in session.members]
    member_count = len(member_ids)

    tallies = {t.item_id: t for t in db.session.scalars(select(VoteTally).where(VoteTally.session_id == session.id))}
    # The scores: the scoring service's one aggregation of the submitted sheets (recused members never counted).
    aggregated = scoring.compute_aggregates(session)
    settings = aggregated.settings
    scores_by_item: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for (item_id, criterion_id), given in aggregated.points.items():
        for person_id, points in given.items():
            scores_by_item[item_id][(person_id, criterion_id)] = points
    criteria = db.session.scalars(select(Criterion).where(
        Criterion.campaign_id == phase.campaign_id, Criterion.retired.is_(False))
        .order_by(Criterion.position, Criterion.id)).all()
    quotas = {q.award_form_id: q for q in db.session.scalars(select(AwardQuota).where(AwardQuota.phase_id == phase.id))}
    verdicts = facts.verdicts([facts.nominee_of(item.nomination) for item in items]) if items else []
    verdict_of = {item.id: v for item, v in zip(items, verdicts, strict=True)}
    form_ids = {item.nomination.award_form_id for item in items}
    conditions = facts._conditions(form_ids) if form_ids else {}
    counted: dict[str, tuple[int, int]] = {}

    def counts() -> tuple[int, int]:
        if "staff" not in counted:
            staff = db.session.scalar(select(func.count(Person.id)).where(Person.active.is_(True))) or 0
            units = db.session.scalar(select(func.count(Unit.id)).where(Unit.active.is_(True))) or 0
            counted["staff"] = (staff, units)
        return counted["staff"]

    groups: dict[tuple[int, str], list[AgendaItem]] = defaultdict(list)
    forms: dict[int, AwardForm] = {}
    for item in items:
        nomination = item.nomination
        groups[(nomination.award_form_id, nomination.nominee_kind)].append(item)
        forms[nomination.award_form_id] = nomination.award_form
    code_to_form = {form.code: ident for ident, form in forms.items()}

    def dependency(form_id: int):
        """(base form id, percent) when the form is capped by another form of the session (CSTĐCS by LĐTT)."""
        for condition in conditions.get(form_id, []):
            if condition.kind == "cap_share" and condition.title_code in code_to_form:
                percent = condition.percent
                if percent is None:
                    percent = in_force(CAP_CSTDCS_OF_LDTT, session.held_on)
                return code_to_form[condition.title_code], percent
        return None

    # Bases before the lists they cap, else by the catalogue's order, collectives first.
    def order(key):
        form = forms[key[0]]
        return (dependency(key[0]) is not None, form.position, form.id, key[1] != "collective")

    done: dict[tuple[int, str], tuple[rules.Ranking, list[rules.Nominee]]] = {}
    lists: list[ListRanking] = []
    for key in sorted(groups, key=order):
        form_id, kind = key
        form = forms[form_id]
        group = groups[key]
        applicable = [c for c in criteria if c.applies_to in (kind, "both")]
        max_total = sum((c.max_points for c in applicable), Decimal(0))
        threshold = award_threshold(form, session.held_on)
        quota, quota_text, leaders_cap = _quota_of(quotas.get(form_id), kind, counts)
        built: dict[int, Row] = {}
        nominees: list[rules.Nominee] = []
        for item in group:
            nomination = item.nomination
            recused = {r.person_id for r in item.recusals}
            scores = scores_by_item.get(item.id, {})
            computed = aggregated.item(item.id)
            by_criterion = {c.criterion.id: c.aggregate for c in computed.criteria} if computed else {}
            per_criterion = [(criterion, by_criterion[criterion.id] if criterion.id in by_criterion else
                              aggregate({}, criterion.max_points, settings, recused=recused, members=member_ids))
                             for criterion in applicable]
            total = computed.total if computed is not None and max_total > 0 else None
            tally = tallies.get(item.id)
            agreements = min(tally.agree if tally else 0, member_count)
            verdict = verdict_of[item.id]
            person = nomination.person
            nominees.append(rules.Nominee(
                key=str(item.id), name=nomination.nominee_name,
                is_female=bool(person and person.gender == "nu"), is_leader=bool(person and person.is_leader),
                eligible=verdict.eligible, reason="; ".join(verdict.reasons), agreements=agreements,
                total_score=total.value if total is not None else None, submitted_at=nomination.submitted_at,
                subject=nomination.subject))
            built[item.id] = Row(item, None, verdict.eligible, "; ".join(verdict.reasons), agreements,  # type: ignore[arg-type]
                                 member_count, total, per_criterion, scores,
                                 sorted(item.recusals, key=lambda r: r.id))
        overrides = {str(i.id): i.override_reason for i in group if i.override}
        notes: list[str] = []
        base = dependency(form_id)
        base_list = done.get((base[0], kind)) if base else None

        def run(moves, *, _base_list=base_list, _base=base, _nominees=nominees, _quota=quota,
                _leaders_cap=leaders_cap, _threshold=threshold):
            options = dict(members=member_count, threshold=_threshold.threshold, leaders_cap=_leaders_cap,
                           women_priority=session.women_priority, overrides=moves)
            if _base_list is not None:
                return rules.rank_dependent(_nominees, _base_list[0], _base_list[1], percent_of_base=_base[1],
                                            base_title=forms[_base[0]].name, quota=_quota, **options)
            return rules.rank(_nominees, quota=_quota, **options)

        # The chair's moves, checked against the list as the results alone rank it: "up" only from the
        # reserve, "down" only from the recommended. A move that no longer fits (the results changed since)
        # is left out and said, never read the other way round.
        plain = run({})
        base_status = {p.key: p.status for p in plain.positions}
        wanted = {rules.RESERVE: "up", rules.RECOMMENDED: "down"}
        problem = ""
        misfits = [i for i in group if i.override and wanted.get(base_status[str(i.id)]) != i.override]
        if misfits:
            problem = "; ".join(f"«{i.nomination.nominee_name}» không còn ở vị trí để "
                                f"{OVERRIDE_LABELS[i.override].lower()}" for i in misfits) + "."
            overrides = {k: v for k, v in overrides.items() if k not in {str(i.id) for i in misfits}}
        ranked = plain
        if overrides:
            try:
                ranked = run(overrides)
            except ValueError as err:
                problem = (problem + " " if problem else "") + str(err)
        error = ""
        if problem:
            error = (f"Đề xuất đưa qua ngưỡng cắt của Chủ tịch Hội đồng không áp dụng được: {problem} "
                     "Danh sách dưới đây chưa tính đề xuất đó.")
        if base_list is not None:
            limit = rules.dependent_quota(base[1], len(base_list[0].recommended), quota)
            notes.append(f"Số được đề nghị không quá {number(Decimal(base[1]), 2)}% số được đề nghị "
                         f"«{forms[base[0]].name}» trong phiên ({len(base_list[0].recommended)}), làm tròn "
                         f"xuống: tối đa {limit}.")
            quota = limit
            quota_text = f"Chỉ tiêu {limit}"
        if leaders_cap is not None:
            notes.append(f"Số lãnh đạo được đề nghị tối đa: {leaders_cap}.")
        done[key] = (ranked, nominees)
        rows = []
        for position in ranked.positions:
            row = built[int(position.key)]
            row.position = position
            rows.append(row)
        lists.append(ListRanking(form, kind, threshold, quota, quota_text, leaders_cap, applicable, ranked, rows,
                                 notes, error, problem, base_status))
    # The page lists them in the catalogue's order (a capped list was ranked after its base).
    lists.sort(key=lambda r: (r.award_form.position, r.award_form.id, r.kind != "collective"))
    return SessionRanking(session, lists, member_count, session.women_priority)


# --- writing ----------------------------------------------------------------------------------------


def _require_chair(user: User, session: CouncilSession) -> None:
    permissions.can_chair(user, session).require()


def _require_tallied(session: CouncilSession, what: str) -> None:
    if session.status != SessionStatus.TALLIED:
        raise ServiceError(f"Chỉ {what} khi phiên họp ở trạng thái «{SessionStatus.LABELS[SessionStatus.TALLIED]}» "
                           f"(hiện tại: «{SessionStatus.LABELS.get(session.status, session.status)}»).")


@transactional
def set_override(user: User, session: CouncilSession, item: AgendaItem, direction: str | None,
                 reason: str = "") -> AgendaItem:
    """The chair moves `item` across its list's cut ("up" from the reserve, "down" from the recommended) with
    a written reason, or takes a move back (None). Only while the session is tallied."""
    _require_chair(user, session)
    _require_tallied(session, "đưa hồ sơ qua ngưỡng cắt")
    if item.session_id != session.id:
        raise ServiceError("Hồ sơ không thuộc phiên họp này.")
    reason = (reason or "").strip()
    before = {"override": item.override, "override_reason": item.override_reason}
    if direction in (None, ""):
        if item.override is None:
            raise ServiceError("Hồ sơ này chưa được đưa qua ngưỡng cắt.", "direction")
        item.override, item.override_reason = None, ""
    else:
        if direction not in OVERRIDE_LABELS:
            raise ServiceError("Chọn đưa vào danh sách đề nghị hoặc đưa xuống danh sách dự bị.", "direction")
        refusal = rules.override_refusal(reason)
        if refusal:
            raise ServiceError(refusal, "reason")
        ranked, row = session_ranking(session).row_of(item.id)
        status = ranked.base_status[str(item.id)]  # by the results alone, before any of the chair's moves
        if status == rules.OUT:
            raise ServiceError(f"Hồ sơ của {row.nomination.nominee_name} không đủ điều kiện hoặc không đạt tỷ lệ "
                               "đồng ý: không thể đưa vào danh sách đề nghị.", "direction")
        if direction == "up" and status != rules.RESERVE:
            raise ServiceError("Theo kết quả bỏ phiếu và điểm, hồ sơ đã trong danh sách đề nghị: chỉ có thể đưa "
                               "xuống danh sách dự bị (nếu hồ sơ ra dự bị vì hồ sơ khác được đưa lên, hãy đưa một "
                               "hồ sơ khác xuống).", "direction")
        if direction == "down" and status != rules.RECOMMENDED:
            raise ServiceError("Theo kết quả bỏ phiếu và điểm, hồ sơ đang trong danh sách dự bị: chỉ có thể đưa "
                               "vào danh sách đề nghị.", "direction")
        item.override, item.override_reason = direction, reason
        db.session.flush()
        ranked, _row = session_ranking(session).row_of(item.id)
        if ranked.problem:
            raise ServiceError(ranked.problem, "direction")
    session.updated_at = utcnow()  # a new version: an approval form opened before this move is stale
    nomination = item.nomination
    audit.record("agenda_item.override", nomination, actor=user,
                 summary=(f"{OVERRIDE_LABELS[direction]}: hồ sơ «{nomination.award_form.name}» của "
                          f"{nomination.nominee_name} (phiên họp «{session.title}»)" if direction else
                          f"Bỏ đề xuất đưa qua ngưỡng cắt: hồ sơ «{nomination.award_form.name}» của "
                          f"{nomination.nominee_name} (phiên họp «{session.title}»)"),
                 changes={k: [before[k], v] for k, v in (("override", item.override),
                                                         ("override_reason", item.override_reason))
                          if before[k] != v})
    return item


@transactional
def approve(user: User, session: CouncilSession, seen_version: int | None = None) -> SessionRanking:
    """The chair approves the ranking: each agenda item keeps its outcome, place, reason, agreements and total;
    each nomination moves to recommended or not recommended; the session is approved (scores and ballots are
    locked from then on)."""
    _require_chair(user, session)
    check_version(session, seen_version)
    _require_tallied(session, "phê duyệt kết quả")
    result = session_ranking(session)
    for ranked in result.lists:
        if ranked.problem:
            raise ServiceError(f"{ranked.title}: đề xuất đưa qua ngưỡng cắt không áp dụng được: {ranked.problem} "
                               "Hãy sửa hoặc bỏ đề xuất trước khi phê duyệt.")
    recommended = 0
    for ranked in result.lists:
        for place, row in enumerate(ranked.rows, start=1):
            item = row.item
            item.outcome = row.status
            item.outcome_order = place
            item.outcome_reason = row.position.reason
            item.agreements = row.agreements
            item.total_score = row.total_score
            if row.status == rules.RECOMMENDED:
                recommended += 1
            action = Action.RECOMMEND if row.status == rules.RECOMMENDED else Action.NOT_RECOMMEND
            transition(user, item.nomination, action, note=row.position.reason)
    advance(user, session, SessionAction.APPROVE,
            summary=f"Phê duyệt kết quả phiên họp «{session.title}»: {recommended} hồ sơ được đề nghị, "
                    f"{sum(len(r.rows) for r in result.lists) - recommended} hồ sơ không được đề nghị")
    session.approved_at = utcnow()
    session.approved_by_id = user.id
    return result


# --- what a unit sees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitOutcome:
    """The council's approved outcome of one nomination as its unit sees it: no member's score."""

    session_title: str
    held_on: dt.date
    recommended: bool
    label: str
    reason: str
    ratio: str  # "6/9 (66,67 %)"
    threshold: str
    outcome: str  # recommended | reserve | out


def unit_outcomes(user: User, nomination: Nomination) -> UnitOutcome | None:
    """The approved council outcome of `nomination` for a reader of the dossier (its unit's officer, the
    office), or None when no approved session judged it."""
    permissions.can_read_nomination(user, nomination).require()
    row = db.session.execute(
        select(AgendaItem, CouncilSession.title, CouncilSession.held_on, func.count(SessionMember.id))
        .join(CouncilSession, CouncilSession.id == AgendaItem.session_id)
        .join(SessionMember, SessionMember.session_id == CouncilSession.id)
        .where(AgendaItem.nomination_id == nomination.id, CouncilSession.status == SessionStatus.APPROVED,
               AgendaItem.outcome.is_not(None))
        .group_by(AgendaItem.id, CouncilSession.title, CouncilSession.held_on, CouncilSession.approved_at)
        .order_by(CouncilSession.approved_at.desc(), AgendaItem.id.desc()).limit(1)).first()
    if row is None:
        return None
    item, title, held_on, members = row
    form = nomination.award_form
    threshold = award_threshold(form, held_on)
    recommended = item.outcome == rules.RECOMMENDED
    return UnitOutcome(title, held_on, recommended,
                       "Hội đồng đề nghị khen thưởng" if recommended else "Hội đồng không đề nghị",
                       item.outcome_reason, ratio_text(item.agreements or 0, members),
                       threshold.describe(), item.outcome)

