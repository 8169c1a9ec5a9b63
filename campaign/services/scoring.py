"""The council's scoring (issue 9, items 3 and 5): each member's sheet, saving one score, submitting the
sheet, the members' progress, and the aggregation of the submitted sheets.

What a member scores: every agenda item they are not recused on (Recusal rows for the item and their
person), on every criterion of the session's campaign that applies to the nominee's kind and is not
retired. A quantitative criterion starts from the attainment points (rules.scoring.quantitative_points
of the one result and target services/sheets.py reads); a different value needs a comment. A qualitative
one is scored 0 … max in the campaign's step (Campaign.score_step). The sheet is a draft until submitted
(SessionMember.scores_submitted_at); submitting keeps the untouched prefilled points as the member's
scores. Reopening scoring (services/council.py) does not clear a submission: a submitted sheet stays
submitted and read-only.

Who sees what is permissions.can_see_progress / can_see_scores. Every read here runs a fixed number of
queries whatever the number of items, members and scores.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import (
    AgendaItem,
    AwardForm,
    CouncilSession,
    Criterion,
    Nomination,
    Recusal,
    Score,
    SessionMember,
    SessionStatus,
    User,
    utcnow,
)
from ..permissions import can_see_progress, can_see_scores, can_take_part, session_member
from ..rules.aggregation import Aggregate, AggregationSettings, aggregate, aggregate_total
from ..rules.scoring import quantitative_points
from ..vietnamese import clean_text, number
from . import PermissionDenied, ServiceError, StaleEdit, audit, transactional
from .sheets import NOMINATION_LOAD, SubjectSheet, build_sheets

COMMENT_MAX = 2000


# --- the sheet -------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One criterion of one item on one member's sheet."""

    item_id: int
    criterion: Criterion
    attainment: Decimal | None = None  # the one attainment figure, %, quantitative only
    result_value: Decimal | None = None
    target: Decimal | None = None
    prefilled: Decimal | None = None  # the attainment points, quantitative only
    score: Score | None = None

    @property
    def quantitative(self) -> bool:
        return self.criterion.is_quantitative

    @property
    def max_points(self) -> Decimal:
        return self.criterion.max_points

    @property
    def points(self) -> Decimal | None:
        """What the input shows: the saved points, else the prefilled attainment points."""
        if self.score is not None:
            return self.score.points
        return self.prefilled

    @property
    def comment(self) -> str:
        return self.score.comment if self.score is not None else ""

    @property
    def version(self) -> int:
        return self.score.version if self.score is not None else 0

    @property
    def scored(self) -> bool:
        """Counts as scored: saved, or a quantitative criterion with its prefilled points."""
        return self.score is not None or (self.quantitative and self.prefilled is not None)

    @property
    def adjusted(self) -> bool:
        return self.score is not None and self.prefilled is not None and self.score.points != self.prefilled


@dataclass
class ItemSheet:
    item: AgendaItem
    nomination: Nomination
    cells: list[Cell] = field(default_factory=list)
    recusal_reasons: list[str] = field(default_factory=list)

    @property
    def recused(self) -> bool:
        return bool(self.recusal_reasons)

    @property
    def label(self) -> str:
        return self.nomination.nominee_name

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.cells), Decimal(0))

    @property
    def missing(self) -> list[Cell]:
        return [] if self.recused else [c for c in self.cells if not c.scored]

    @property
    def total(self) -> Decimal | None:
        """The member's own total when every criterion has points."""
        if self.recused or any(c.points is None for c in self.cells):
            return None
        return sum((c.points for c in self.cells), Decimal(0))


@dataclass
class AwardGroup:
    award_form: AwardForm
    items: list[ItemSheet] = field(default_factory=list)


@dataclass
class ScoringSheet:
    session: CouncilSession
    member: SessionMember
    step: Decimal
    groups: list[AwardGroup]

    @property
    def submitted(self) -> bool:
        return self.member.scores_submitted_at is not None

    @property
    def editable(self) -> bool:
        return self.session.status == SessionStatus.SCORING and not self.submitted

    @property
    def items(self) -> list[ItemSheet]:
        return [item for group in self.groups for item in group.items]

    def item(self, item_id: int) -> ItemSheet | None:
        return next((i for i in self.items if i.item.id == item_id), None)

    def cell(self, item_id: int, criterion_id: int) -> Cell | None:
        item = self.item(item_id)
        return next((c for c in item.cells if c.criterion.id == criterion_id), None) if item else None

    @property
    def missing(self) -> list[tuple[ItemSheet, Cell]]:
        return [(item, cell) for item in self.items for cell in item.missing]

    @property
    def to_score(self) -> int:
        return sum(1 for item in self.items if not item.recused)

    @property
    def scored_items(self) -> int:
        return sum(1 for item in self.items if not item.recused and not item.missing)


def _agenda(session: CouncilSession) -> tuple[list[AgendaItem], dict[int, list[Recusal]], dict[str, SubjectSheet]]:
    """The session's items with their nominations, the recusals by item, and each nominee's result lines
    (criteria, attainment) from services/sheets.py. A fixed number of queries."""
    items = list(db.session.scalars(select(AgendaItem).where(AgendaItem.session_id == session.id)
                                    .options(selectinload(AgendaItem.nomination).options(*NOMINATION_LOAD))
                                    .order_by(AgendaItem.position, AgendaItem.id)))
    recusals: dict[int, list[Recusal]] = defaultdict(list)
    if items:
        for recusal in db.session.scalars(select(Recusal).where(Recusal.item_id.in_([i.id for i in items]))
                                          .order_by(Recusal.id)):
            recusals[recusal.item_id].append(recusal)
    subjects: dict[str, SubjectSheet] = {}
    for item in items:
        nomination = item.nomination
        if nomination.subject not in subjects:
            subjects[nomination.subject] = SubjectSheet(nomination.subject, nomination.nominee_unit,
                                                        nomination.person, [nomination])
    build_sheets(session.phase, list(subjects.values()))
    return items, recusals, subjects


def _prefill(line) -> Decimal | None:
    """The attainment points of a quantitative line (None without a result or a target)."""
    if not line.criterion.is_quantitative or line.value is None or line.target is None or line.target <= 0:
        return None
    return quantitative_points(line.criterion.max_points, line.value, line.target,
                               higher_is_better=line.criterion.higher_is_better)


def _cells(item: AgendaItem, subject: SubjectSheet) -> list[Cell]:
    return [Cell(item.id, line.criterion, line.attainment if line.criterion.is_quantitative else None,
                 line.value if line.criterion.is_quantitative else None, line.target, _prefill(line))
            for line in subject.lines]


def _member_or_refuse(user: User, session: CouncilSession) -> SessionMember:
    can_take_part(user, session).require()
    return session_member(user, session)


def build_sheet(session: CouncilSession, member: SessionMember) -> ScoringSheet:
    items, recusals, subjects = _agenda(session)
    scores = {(s.item_id, s.criterion_id): s for s in db.session.scalars(
        select(Score).where(Score.session_id == session.id, Score.person_id == member.person_id))}
    groups: dict[int, AwardGroup] = {}
    for item in items:
        nomination = item.nomination
        group = groups.setdefault(nomination.award_form_id, AwardGroup(nomination.award_form))
        sheet = ItemSheet(item, nomination, _cells(item, subjects[nomination.subject]),
                          [r.reason for r in recusals.get(item.id, []) if r.person_id == member.person_id])
        for cell in sheet.cells:
            cell.score = scores.get((item.id, cell.criterion.id))
        group.items.append(sheet)
    return ScoringSheet(session, member, session.phase.campaign.score_step, list(groups.values()))


def scoring_sheet(user: User, session: CouncilSession) -> ScoringSheet:
    """What one member's sheet shows: per award form (in agenda order) each item's nominee, the criteria
    that apply with the prefilled attainment points, the member's points and comments, the maximum, the
    campaign's step, and the recusal's reason where the member is recused (no inputs there)."""
    return build_sheet(session, _member_or_refuse(user, session))


def missing_text(missing: list[tuple[ItemSheet, Cell]]) -> str:
    by_item: dict[int, tuple[ItemSheet, list[str]]] = {}
    for item, cell in missing:
        by_item.setdefault(item.item.id, (item, []))[1].append(cell.criterion.code)
    parts = [f"{item.label} ({item.nomination.award_form.name}): tiêu chí {', '.join(codes)}"
             for item, codes in by_item.values()]
    return "Phiếu chấm chưa đủ điểm, chưa nộp được. Còn thiếu: " + "; ".join(parts) + "."


# --- the writes ------------------------------------------------------------------------------------


def _check_open(session: CouncilSession, member: SessionMember) -> None:
    if session.status != SessionStatus.SCORING:
        raise ServiceError(f"Phiên họp đang ở trạng thái «{SessionStatus.LABELS.get(session.status, session.status)}»: "
                           "không chấm điểm được.")
    if member.scores_submitted_at is not None:
        raise ServiceError("Bạn đã nộp phiếu chấm của phiên họp này: điểm không sửa được nữa.")


def _check_points(points: Decimal | None, cell: Cell, step: Decimal) -> None:
    if points is None:
        raise ServiceError("Hãy nhập điểm.", "points")
    if not isinstance(points, Decimal) or not points.is_finite():
        raise ServiceError("Điểm phải là một số.", "points")
    top = cell.max_points
    if points < 0 or points > top:
        raise ServiceError(f"Điểm phải từ 0 đến {number(top, 2)}.", "points")
    if points.normalize().as_tuple().exponent < -2:
        raise ServiceError("Điểm chỉ được có tối đa 2 chữ số sau dấu phẩy.", "points")
    if not cell.quantitative and step and step > 0 and points % step != 0:
        raise ServiceError(f"Điểm tiêu chí định tính chấm theo bước {number(step, 2)} điểm "
                           f"(ví dụ {number(step * 2 if step * 2 <= top else step, 2)}).", "points")


@transactional
def save_score(user: User, session: CouncilSession, item: AgendaItem, criterion: Criterion, points: Decimal | None,
               comment: str = "", seen_version: int | None = None) -> Score:
    """Save one member's points (and comment) for one item on one criterion, as a draft of their sheet.

    `seen_version`: the score's version the member's page showed (0: the page showed no saved score);
    a save from an older page (another tab saved since) is refused, as is a second tab creating the same
    score at the same moment."""
    member = _member_or_refuse(user, session)
    _check_open(session, member)
    if item.session_id != session.id:
        raise ServiceError("Hồ sơ này không thuộc chương trình của phiên họp.")
    recused = db.session.scalars(select(Recusal).where(Recusal.item_id == item.id,
                                                       Recusal.person_id == member.person_id)).all()
    if recused:
        raise ServiceError("Bạn thuộc diện tránh chấm điểm hồ sơ này: " + "; ".join(r.reason for r in recused), "points")
    nomination = item.nomination
    sheet = SubjectSheet(nomination.subject, nomination.nominee_unit, nomination.person, [nomination])
    build_sheets(session.phase, [sheet])
    cell = next((c for c in _cells(item, sheet) if c.criterion.id == criterion.id), None)
    if cell is None:
        raise ServiceError("Tiêu chí này không áp dụng cho hồ sơ này.")
    comment = clean_text(comment or "")
    if len(comment) > COMMENT_MAX:
        raise ServiceError(f"Nhận xét không được dài quá {number(COMMENT_MAX)} ký tự.", "comment")
    _check_points(points, cell, session.phase.campaign.score_step)
    points = points.quantize(Decimal("0.01"))
    if cell.quantitative and not comment:
        if cell.prefilled is None:
            raise ServiceError("Hồ sơ chưa có kết quả để tính điểm tiêu chí định lượng này: hãy ghi nhận xét "
                               "giải thích điểm chấm.", "comment")
        if points != cell.prefilled:
            raise ServiceError(f"Điểm khác điểm tính theo kết quả ({number(cell.prefilled, 2)}): hãy ghi nhận xét "
                               "giải thích lý do điều chỉnh.", "comment")
    score = db.session.scalar(select(Score).where(Score.item_id == item.id, Score.person_id == member.person_id,
                                                  Score.criterion_id == criterion.id))
    fields = ["points", "prefilled", "comment"]
    if score is not None:
        if seen_version is not None and str(seen_version).strip() not in ("", str(score.version)):
            raise StaleEdit("Điểm này vừa được lưu từ một cửa sổ khác. Hãy tải lại trang để xem điểm đã lưu, "
                            "rồi chấm lại nếu cần.", "points")
        before = audit.snapshot(score, fields)
        score.points, score.prefilled, score.comment = points, cell.prefilled, comment
        db.session.flush()
    else:
        before = {}
        score = Score(session_id=session.id, item_id=item.id, person_id=member.person_id, criterion_id=criterion.id,
                      points=points, prefilled=cell.prefilled, comment=comment)
        try:
            with db.session.begin_nested():
                db.session.add(score)
        except IntegrityError as err:
            raise ServiceError("Điểm này vừa được lưu từ một cửa sổ khác cùng lúc. Hãy tải lại trang để xem điểm "
                               "đã lưu, rồi chấm lại nếu cần.", "points") from err
    changes = audit.diff(before, audit.snapshot(score, fields))
    if before and not changes:
        return score  # the same points and comment again: nothing to record
    audit.record("score.save", score, actor=user, changes=changes,
                 summary=f"{member.full_name} chấm {nomination.nominee_name} ({nomination.award_form.name}), "
                         f"tiêu chí {criterion.code}: {number(points, 2)} điểm")
    return score


@transactional
def submit_scores(user: User, session: CouncilSession) -> SessionMember:
    """Submit the member's whole sheet: every applicable criterion of every item they are not recused on
    must have points (an untouched quantitative criterion keeps its prefilled attainment points, saved now).
    After this the sheet is read-only; reopening scoring does not unsubmit it."""
    member = _member_or_refuse(user, session)
    _check_open(session, member)
    sheet = build_sheet(session, member)
    if sheet.missing:
        raise ServiceError(missing_text(sheet.missing))
    # One submission even from two tabs at once: the row is claimed by a conditional update first.
    moment = utcnow()
    claimed = db.session.execute(update(SessionMember).where(
        SessionMember.id == member.id, SessionMember.scores_submitted_at.is_(None))
        .values(scores_submitted_at=moment).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise ServiceError("Phiếu chấm đã được nộp (có thể từ một cửa sổ khác).")
    set_committed_value(member, "scores_submitted_at", moment)
    kept = 0
    for item in sheet.items:
        if item.recused:
            continue
        for cell in item.cells:
            if cell.score is None:
                db.session.add(Score(session_id=session.id, item_id=item.item.id, person_id=member.person_id,
                                     criterion_id=cell.criterion.id, points=cell.prefilled, prefilled=cell.prefilled,
                                     comment=""))
                kept += 1
    db.session.flush()
    audit.record("score.submit", actor=user, object_type="council_session", object_id=session.id,
                 summary=f"{member.full_name} nộp phiếu chấm điểm {sheet.scored_items}/{sheet.to_score} hồ sơ"
                         + (f" ({kept} điểm định lượng giữ theo kết quả)" if kept else ""))
    return member


# --- the chair's and the office's views --------------------------------------------------------------


@dataclass
class MemberProgress:
    member: SessionMember
    scored: int  # items whose every criterion has points
    required: int  # items the member is not recused on

    @property
    def submitted(self) -> bool:
        return self.member.scores_submitted_at is not None

    @property
    def submitted_at(self) -> dt.datetime | None:
        return self.member.scores_submitted_at


def progress(session: CouncilSession) -> list[MemberProgress]:
    """Per member: how many items they have scored of how many they must score, submitted or not. Reads
    which (item, criterion) pairs have a score, never the points."""
    items, recusals, subjects = _agenda(session)
    saved = {tuple(row) for row in db.session.execute(
        select(Score.person_id, Score.item_id, Score.criterion_id).where(Score.session_id == session.id))}
    cells = {item.id: _cells(item, subjects[item.nomination.subject]) for item in items}
    rows = []
    for member in session.members:
        scored = required = 0
        for item in items:
            if any(r.person_id == member.person_id for r in recusals.get(item.id, [])):
                continue
            required += 1
            if all((member.person_id, item.id, c.criterion.id) in saved or (c.quantitative and c.prefilled is not None)
                   for c in cells[item.id]):
                scored += 1
        rows.append(MemberProgress(member, scored, required))
    return rows


def session_progress(user: User, session: CouncilSession) -> list[MemberProgress]:
    can_see_progress(user, session).require()
    return progress(session)


# --- aggregation -------------------------------------------------------------------------------------


@dataclass
class CriterionAggregate:
    criterion: Criterion
    aggregate: Aggregate
    scores: list[Decimal]  # the counted scores, lowest first, without names


@dataclass
class ItemAggregate:
    item: AgendaItem
    nomination: Nomination
    criteria: list[CriterionAggregate]
    total: Aggregate
    recused_names: list[str]

    @property
    def label(self) -> str:
        return self.nomination.nominee_name


@dataclass
class AggregateGroup:
    award_form: AwardForm
    items: list[ItemAggregate] = field(default_factory=list)


@dataclass
class Aggregates:
    session: CouncilSession
    settings: AggregationSettings
    submitted: int  # sheets counted
    members: int
    groups: list[AggregateGroup]
    # (item id, criterion id) → {person id: points}, the submitted sheets' points as counted (recused members'
    # left out): what the ranking's export shows per member when the session attributes scores
    points: dict[tuple[int, int], dict[int, Decimal]] = field(default_factory=dict)

    def item(self, item_id: int) -> ItemAggregate | None:
        return next((i for group in self.groups for i in group.items if i.item.id == item_id), None)


def settings_of(session: CouncilSession) -> AggregationSettings:
    phase = session.phase
    return AggregationSettings(method=phase.aggregation or "mean", min_scorers=max(phase.min_scorers or 1, 1),
                               disagreement_percent=phase.disagreement_percent
                               if phase.disagreement_percent is not None else Decimal(30))


def _safe(function, scores, top, settings, recused, members) -> Aggregate:
    """The rule's aggregate; a score above the criterion's maximum (the criterion's points lowered after
    scoring) is flagged, not a crash."""
    try:
        return function(scores, top, settings, recused=recused, members=members)
    except ValueError:
        return Aggregate(settings.method, top, len(scores), len(recused), None, None, None, False, None, None, None,
                         None, False, True, "Có điểm chấm vượt điểm tối đa hiện nay của tiêu chí (điểm tối đa đã "
                                            "được sửa sau khi chấm): không tổng hợp được, cần chấm lại.")


def compute_aggregates(session: CouncilSession) -> Aggregates:
    """Per item per criterion and in total, the phase's aggregation of the SUBMITTED sheets; recused
    members are never counted (rules.aggregation). The one aggregation: the scoring pages, the ranking and
    its export read it (services/ranking.py). A fixed number of queries."""
    settings = settings_of(session)
    items, recusals, subjects = _agenda(session)
    members = {m.person_id: m for m in session.members}
    submitted = {pid for pid, m in members.items() if m.scores_submitted_at is not None}
    points: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    if submitted:
        for score in db.session.scalars(select(Score).where(Score.session_id == session.id,
                                                            Score.person_id.in_(submitted))):
            points[(score.item_id, score.criterion_id)][score.person_id] = score.points
    groups: dict[int, AggregateGroup] = {}
    counted: dict[tuple[int, int], dict[int, Decimal]] = {}
    for item in items:
        nomination = item.nomination
        recused = {r.person_id for r in recusals.get(item.id, []) if r.person_id in members}
        criteria = [line.criterion for line in subjects[nomination.subject].lines]
        per_criterion = []
        sheets: dict[int, list[Decimal]] = {}
        for criterion in criteria:
            given = {pid: value for pid, value in points[(item.id, criterion.id)].items() if pid not in recused}
            counted[(item.id, criterion.id)] = given
            result = _safe(aggregate, given, criterion.max_points, settings, recused, members)
            per_criterion.append(CriterionAggregate(criterion, result, sorted(given.values())))
        for pid in submitted - recused:
            values = [points[(item.id, c.id)].get(pid) for c in criteria]
            if criteria and all(v is not None for v in values):
                sheets[pid] = values
        top = sum((c.max_points for c in criteria), Decimal(0)) or Decimal(100)
        total = _safe(aggregate_total, sheets, top, settings, recused, members)
        group = groups.setdefault(nomination.award_form_id, AggregateGroup(nomination.award_form))
        group.items.append(ItemAggregate(item, nomination, per_criterion, total,
                                         [members[pid].full_name for pid in sorted(recused, key=lambda p:
                                                                                    members[p].position)]))
    return Aggregates(session, settings, len(submitted), len(members), list(groups.values()), counted)


def aggregates(session: CouncilSession, *, for_user: User) -> Aggregates:
    """The aggregation as `for_user` may see it (permissions.can_see_scores): a refusal otherwise —
    PermissionDenied for someone who never sees scores, ServiceError while it is not yet their time."""
    answer = can_see_scores(for_user, session)
    if not answer:
        raise (PermissionDenied if answer.forbidden else ServiceError)(answer.reason)
    return compute_aggregates(session)
