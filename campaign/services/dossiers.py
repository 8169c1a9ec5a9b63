"""Units' dossiers: criteria results, initiatives, nominations, and the office's appraisal.

A unit officer writes only for their own unit (and its sub-units), only while the phase's window is
open and the phase lets units edit. The office reads every dossier and appraises; it never edits a
unit's dossier for it. Every write is audited; dossier steps also go to the nomination's timeline.

A submitted dossier is locked: its own fields, its files, and the results of its nominee in its phase,
until the office returns it. Files follow their owner: a file removed, or the draft that held it deleted,
leaves the disk once the change commits (services/files.py), and a refused save stores nothing.

The listing helpers at the end load what the pages show in a fixed number of queries, whatever the
number of nominations, results or initiatives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..models import (
    INITIATIVE_LEVELS,
    SANCTION_LEVELS,
    AwardCondition,
    AwardForm,
    AwardQuota,
    AwardRecord,
    Campaign,
    CampaignStatus,
    Criterion,
    CriterionGroup,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationEvent,
    NominationStatus,
    Person,
    Phase,
    PlanTask,
    Result,
    Role,
    Sanction,
    StoredFile,
    Unit,
    User,
    local_now,
    subject_key,
    utcnow,
)
from ..models.dossier import RETURN_TOPICS
from ..permissions import can_manage_org, unit_subtree_ids
from ..rules.calendar import window_state
from ..rules.eligibility import Condition, Eligibility, NomineeFacts, evaluate, quota_limit
from ..rules.scoring import attainment
from ..vietnamese import clean_text, number, short_date, short_datetime
from . import PermissionDenied, ServiceError, StaleEdit, audit, check_version, require_manager
from . import files as file_service

LOCKED_STATUSES = (NominationStatus.SUBMITTED, NominationStatus.ACCEPTED)
EVENT_LABELS = {
    "created": "Tạo hồ sơ",
    "submitted": "Nộp hồ sơ",
    "returned": "Trả lại để bổ sung, sửa chữa",
    "resubmitted": "Nộp lại sau khi bổ sung",
    "accepted": "Thẩm định đạt, chuyển Hội đồng",
}
NOMINEE_KINDS = {"individual": "Cá nhân", "collective": "Tập thể"}
MIN_SUMMARY_CHARS = 50

# --- who and when -------------------------------------------------------------------------------


def unit_scope(actor: User) -> set[int] | None:
    """The units whose dossiers `actor` may read: None for the office (all), a unit officer's subtree,
    nothing for anyone else."""
    if can_manage_org(actor):
        return None
    if actor.role == Role.UNIT_OFFICER and actor.unit_id:
        return unit_subtree_ids(actor.unit_id)
    return set()


def can_read_unit(actor: User, unit_id: int | None, scope: set[int] | None | bool = False) -> bool:
    """May `actor` read the dossiers of `unit_id`? (`scope`: unit_scope(actor), when already known.)"""
    scope = unit_scope(actor) if scope is False else scope
    return scope is None or (unit_id is not None and unit_id in scope)


def can_edit_unit(actor: User, unit_id: int | None) -> bool:
    """Only the unit's own officer writes its dossier (the office appraises, it does not fill in)."""
    return (actor.role == Role.UNIT_OFFICER and actor.unit_id is not None and unit_id is not None
            and unit_id in unit_subtree_ids(actor.unit_id))


def _require_unit_officer(actor: User, unit_id: int) -> None:
    if not can_edit_unit(actor, unit_id):
        raise PermissionDenied("Chỉ cán bộ thi đua của đơn vị mới được thay đổi hồ sơ của đơn vị mình.")


def window_message(phase: Phase, now: dt.datetime | None = None) -> str | None:
    """Why units cannot change anything in `phase` now (with until when), or None when they can."""
    now = now or local_now()
    status = phase.campaign.status
    if status == CampaignStatus.DRAFT:
        return f"{phase.name}: phong trào chưa được phát động, chưa nhận hồ sơ."
    if status == CampaignStatus.CLOSED:
        return f"{phase.name}: phong trào đã kết thúc, không nhận thêm hồ sơ."
    state = window_state(phase.nomination_opens_at, phase.nomination_closes_at, now)
    if not phase.units_may_edit:
        return f"{phase.name}: Văn phòng đã khóa, đơn vị không được sửa hồ sơ."
    if state == "not_set":
        return f"{phase.name}: Văn phòng chưa đặt thời gian nhận hồ sơ."
    if state == "upcoming":
        return (f"{phase.name}: chưa đến thời gian nhận hồ sơ (từ {short_datetime(phase.nomination_opens_at)} "
                f"đến {short_datetime(phase.nomination_closes_at)}).")
    if state == "closed":
        return (f"{phase.name}: đã hết hạn nộp hồ sơ lúc {short_datetime(phase.nomination_closes_at)}. "
                "Liên hệ Văn phòng nếu cần gia hạn.")
    return None


def duration_words(delta: dt.timedelta) -> str:
    """'24 ngày 6 giờ', '5 giờ 20 phút', '3 phút' (never less than a minute)."""
    minutes = max(int(delta.total_seconds() // 60), 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    return f"{minutes} phút"


@dataclass
class PhaseWindow:
    """A phase of a running campaign as a unit sees it: can it write now, and for how long."""

    phase: Phase
    state: str  # not_set | upcoming | open | closed
    message: str | None  # why units cannot write (None: they can)
    time_left: str = ""  # "còn 24 ngày 6 giờ" / "mở sau 3 ngày"

    @property
    def is_open(self) -> bool:
        return self.message is None


def phase_window(phase: Phase, now: dt.datetime | None = None) -> PhaseWindow:
    now = now or local_now()
    state = window_state(phase.nomination_opens_at, phase.nomination_closes_at, now)
    message = window_message(phase, now)
    left = ""
    if message is None:
        left = f"còn {duration_words(phase.nomination_closes_at - now)}"
    elif state == "upcoming" and phase.units_may_edit:
        left = f"mở sau {duration_words(phase.nomination_opens_at - now)}"
    return PhaseWindow(phase, state, message, left)


def phase_windows(now: dt.datetime | None = None) -> list[PhaseWindow]:
    """The phases of every launched campaign, with their windows (one query)."""
    phases = db.session.scalars(
        select(Phase).join(Phase.campaign).options(contains_eager(Phase.campaign))
        .where(Campaign.status.not_in((CampaignStatus.DRAFT, CampaignStatus.CLOSED)))
        .order_by(Campaign.start_date, Campaign.id, Phase.start_date)).all()
    return [phase_window(p, now) for p in phases]


def open_phases(now: dt.datetime | None = None) -> list[Phase]:
    return [w.phase for w in phase_windows(now) if w.is_open]


def _require_open(phase: Phase) -> None:
    message = window_message(phase)
    if message:
        raise ServiceError(message)


def _writes(function):
    """A write refused when another user saved the same row first (the version column), in any flush."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except StaleDataError as err:
            db.session.rollback()
            raise StaleEdit() from err

    return wrapper


def _attach_files(actor: User, owner_files: list, uploads, unit_id: int) -> list[StoredFile]:
    stored = [file_service.store_upload(actor, upload, unit_id) for upload in uploads or []
              if upload is not None and getattr(upload, "filename", "")]
    owner_files.extend(stored)
    return stored


def _subject_locked(phase_id: int, subject: str) -> Nomination | None:
    """A submitted (or accepted) nomination of this nominee in this phase: their results are locked."""
    return db.session.scalar(select(Nomination).where(
        Nomination.phase_id == phase_id, Nomination.subject == subject,
        Nomination.status.in_(LOCKED_STATUSES)).limit(1))


def _locked_message(nomination: Nomination) -> str:
    return (f"Hồ sơ đề nghị «{nomination.award_form.name}» của {nomination.nominee_name} đã nộp nên kết quả, "
            "minh chứng đã khóa. Chờ Văn phòng trả lại nếu cần sửa.")


def owner_unit_id(owner) -> int:
    """The unit a result, initiative or nomination belongs to: access to it and to its files follows it."""
    return owner.unit_id


@_writes
def remove_file(actor: User, owner, stored: StoredFile) -> None:
    """Detach and delete a file from a result, initiative or nomination the actor may change (the unit,
    the window and the dossier's state are those of the owner)."""
    _require_unit_officer(actor, owner_unit_id(owner))
    if stored not in owner.files:
        raise PermissionDenied()
    if isinstance(owner, Nomination):
        _require_open(owner.phase)
        if not owner.unit_may_edit:
            raise ServiceError("Hồ sơ đã nộp: không thể xóa tệp. Chờ Văn phòng trả lại nếu cần bổ sung.")
    elif isinstance(owner, Result):
        phase = db.session.get(Phase, owner.phase_id)
        _require_open(phase)
        locked = _subject_locked(owner.phase_id, owner.subject)
        if locked is not None:
            raise ServiceError(_locked_message(locked))
    owner.files.remove(stored)
    file_service.delete_file(actor, stored)
    db.session.commit()


# --- results ------------------------------------------------------------------------------------


@_writes
def save_result(actor: User, *, phase: Phase, criterion: Criterion, unit: Unit, person: Person | None,
                value: Decimal | None, explanation: str, uploads=None, seen_version: int | None = None) -> Result:
    """Record (or correct) one nominee's result for one criterion in one phase.

    Evidence may follow later: a criterion that requires it shows as "thiếu minh chứng" until it has a
    file, and the dossier cannot be submitted before (dossier_gaps)."""
    if person is not None:
        unit = person.unit
    _require_unit_officer(actor, unit.id)
    _require_open(phase)
    if criterion.campaign_id != phase.campaign_id or criterion.retired:
        raise ServiceError("Tiêu chí không thuộc phong trào của giai đoạn này.")
    if criterion.source == "task_completion":
        raise ServiceError(f"Tiêu chí {criterion.code} lấy số liệu tự động từ báo cáo tiến độ nhiệm vụ kế hoạch, "
                           "không nhập tay.")
    kind = "individual" if person is not None else "collective"
    if criterion.applies_to not in (kind, "both"):
        raise ServiceError("Tiêu chí này không áp dụng cho đối tượng này.")
    if criterion.is_quantitative:
        if value is None:
            raise ServiceError("Hãy nhập kết quả đạt được.", field="value")
        if value < 0:
            raise ServiceError("Kết quả không được âm.", field="value")
    key = subject_key(person.id if person else None, unit.id)
    locked = _subject_locked(phase.id, key)
    if locked is not None:
        raise ServiceError(_locked_message(locked))
    result = db.session.scalar(select(Result).where(Result.phase_id == phase.id, Result.criterion_id == criterion.id,
                                                    Result.subject == key))
    created = result is None
    if created:
        if seen_version:  # the form was shown a result that no longer exists
            raise StaleEdit()
        result = Result(phase_id=phase.id, criterion_id=criterion.id, unit_id=unit.id,
                        person_id=person.id if person else None, subject=key)
        db.session.add(result)
    else:
        check_version(result, seen_version)
    before = audit.snapshot(result, ["value", "explanation"])
    result.value = value if criterion.is_quantitative else None
    result.explanation = (explanation or "").strip()
    result.recorded_by_id = actor.id
    result.unit_id = unit.id
    result.updated_at = utcnow()
    _attach_files(actor, result.files, uploads, unit.id)
    audit.record("result.save", result, summary=f"Ghi kết quả tiêu chí {criterion.code} cho "
                 f"{person.full_name if person else unit.name}", changes=audit.diff(before, audit.snapshot(
                     result, ["value", "explanation"])))
    try:
        db.session.commit()
    except IntegrityError as err:  # another user recorded the same result at the same moment
        db.session.rollback()
        raise StaleEdit() from err
    return result


def attainment_percent(criterion: Criterion, phase_id: int, value: Decimal | None) -> Decimal | None:
    """The attainment of a quantitative result against the phase target, in % (None when unknown)."""
    target = criterion.target_for(phase_id)
    if value is None or target is None:
        return None
    ratio = attainment(value, target.value, higher_is_better=criterion.higher_is_better)
    return (ratio * 100).quantize(Decimal("0.1"))


# --- initiatives --------------------------------------------------------------------------------

INITIATIVE_FIELDS = ["title", "description", "first_applied_on", "benefits", "level", "decision_number",
                     "decision_date", "decision_body"]


@_writes
def save_initiative(actor: User, data: dict, authors: list[tuple[int, Decimal]], *, unit: Unit,
                    initiative: Initiative | None = None, uploads=None, seen_version: int | None = None) -> Initiative:
    """Register or correct an initiative. Authors are people of the unit's scope; contributions add to 100 %.

    An author who has since moved to another unit stays an author when the initiative is corrected."""
    _require_unit_officer(actor, unit.id)
    if initiative is not None:
        _require_unit_officer(actor, initiative.unit_id)
        check_version(initiative, seen_version)
    if not clean_text(data.get("title")):
        raise ServiceError("Hãy nhập tên sáng kiến.", field="title")
    if not authors:
        raise ServiceError("Hãy chọn ít nhất một tác giả.", field="authors")
    person_ids = [pid for pid, _ in authors]
    if len(set(person_ids)) != len(person_ids):
        raise ServiceError("Mỗi tác giả chỉ được chọn một lần.", field="authors")
    if any(share is None or share <= 0 or share > 100 for _, share in authors):
        raise ServiceError("Tỷ lệ đóng góp của mỗi tác giả phải lớn hơn 0% và không quá 100%.", field="authors")
    scope = unit_subtree_ids(actor.unit_id)
    kept = {a.person_id for a in initiative.authors} if initiative is not None else set()
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    if set(people) != set(person_ids) or any(p.unit_id not in scope and p.id not in kept for p in people.values()):
        raise ServiceError("Tác giả phải là cán bộ của đơn vị.", field="authors")
    total = sum((share for _, share in authors), Decimal(0))
    if total != 100:
        raise ServiceError(f"Tổng tỷ lệ đóng góp của các tác giả là {number(total, 2)}%, phải bằng 100%.",
                           field="authors")
    today = local_now().date()
    for name, label in (("first_applied_on", "Ngày áp dụng lần đầu"), ("decision_date", "Ngày quyết định")):
        if data.get(name) and data[name] > today:
            raise ServiceError(f"{label} không được ở tương lai.", field=name)
    if data.get("level") and data["level"] not in INITIATIVE_LEVELS:
        raise ServiceError("Cấp công nhận không hợp lệ.", field="level")
    if data.get("level") and not (clean_text(data.get("decision_number")) and data.get("decision_date")):
        raise ServiceError("Sáng kiến đã được công nhận cần số và ngày của quyết định công nhận.",
                           field="decision_number")
    created = initiative is None
    if created:
        initiative = Initiative(unit_id=unit.id, created_by_id=actor.id)
        db.session.add(initiative)
    before = audit.snapshot(initiative, [*INITIATIVE_FIELDS, "unit_id"])
    for name in INITIATIVE_FIELDS:
        value = data.get(name)
        setattr(initiative, name, value.strip() if isinstance(value, str) else value)
    for name in ("description", "benefits", "decision_number", "decision_body"):
        if getattr(initiative, name) is None:
            setattr(initiative, name, "")
    initiative.level = data.get("level") or None
    initiative.unit_id = unit.id
    shares = dict(authors)
    current = {a.person_id: a for a in initiative.authors}
    for person_id, author in current.items():  # keep the rows that stay: no delete + insert of the same key
        if person_id not in shares:
            initiative.authors.remove(author)
        elif author.contribution != shares[person_id]:
            author.contribution = shares[person_id]
    for person_id, share in authors:
        if person_id not in current:
            initiative.authors.append(InitiativeAuthor(person_id=person_id, contribution=share))
    initiative.updated_at = utcnow()
    _attach_files(actor, initiative.files, uploads, unit.id)
    audit.record("initiative.create" if created else "initiative.update", initiative,
                 summary=f"{'Đăng ký' if created else 'Sửa'} sáng kiến «{initiative.title}»",
                 changes=audit.diff(before, audit.snapshot(initiative, [*INITIATIVE_FIELDS, "unit_id"])))
    db.session.commit()
    return initiative


def _initiative_in_use(initiative: Initiative) -> Nomination | None:
    """A submitted dossier of one of the authors: the initiative is part of what the office appraises."""
    person_ids = [a.person_id for a in initiative.authors]
    if not person_ids:
        return None
    return db.session.scalar(select(Nomination).where(Nomination.person_id.in_(person_ids),
                                                      Nomination.status.in_(LOCKED_STATUSES)).limit(1))


@_writes
def delete_initiative(actor: User, initiative: Initiative, seen_version: int | None = None) -> None:
    """Remove an initiative registered by mistake, with its files (not while an author's dossier is submitted)."""
    _require_unit_officer(actor, initiative.unit_id)
    check_version(initiative, seen_version)
    in_use = _initiative_in_use(initiative)
    if in_use is not None:
        raise ServiceError(f"Không xóa được: sáng kiến thuộc hồ sơ đề nghị đã nộp của {in_use.nominee_name}.")
    for stored in list(initiative.files):
        initiative.files.remove(stored)
        file_service.delete_file(actor, stored)
    audit.record("initiative.delete", initiative, summary=f"Xóa sáng kiến «{initiative.title}»")
    db.session.delete(initiative)
    db.session.commit()


# --- nominations --------------------------------------------------------------------------------

NOMINATION_FIELDS = ["duties", "summary", "members_complete"]


def _event(nomination: Nomination, actor: User, action: str, note: str = "", points: list | None = None) -> None:
    nomination.events.append(NominationEvent(actor_id=actor.id, actor_name=actor.full_name, action=action,
                                             note=note, points=points or []))


@_writes
def create_nomination(actor: User, *, phase: Phase, award_form: AwardForm, nominee_unit: Unit | None,
                      person: Person | None, duties: str = "", summary: str = "") -> Nomination:
    if person is not None:
        nominee_unit = person.unit
    if nominee_unit is None:
        raise ServiceError("Hãy chọn tập thể được đề nghị.", field="nominee_unit_id")
    _require_unit_officer(actor, nominee_unit.id)
    _require_open(phase)
    kind = "individual" if person is not None else "collective"
    if not award_form.active:
        raise ServiceError("Hình thức khen thưởng này không còn sử dụng.", field="award_form_id")
    if award_form.applies_to not in (kind, "both"):
        label = "cá nhân" if kind == "individual" else "tập thể"
        raise ServiceError(f"«{award_form.name}» không áp dụng cho {label}.", field="award_form_id")
    if person is not None and not person.active:
        raise ServiceError("Hãy chọn một cán bộ đang công tác tại đơn vị.", field="person_id")
    if person is None and not nominee_unit.active:
        raise ServiceError("Đơn vị này đã ngừng hoạt động.", field="nominee_unit_id")
    key = subject_key(person.id if person else None, nominee_unit.id)
    duplicate = (f"{person.full_name if person else nominee_unit.name} đã được đề nghị «{award_form.name}» "
                 f"trong {phase.name}.")
    if db.session.scalar(select(Nomination.id).where(Nomination.phase_id == phase.id,
                                                     Nomination.award_form_id == award_form.id,
                                                     Nomination.subject == key)):
        raise ServiceError(duplicate, field="award_form_id")
    nomination = Nomination(phase_id=phase.id, award_form_id=award_form.id, unit_id=actor.unit_id,
                            nominee_kind=kind, nominee_unit_id=nominee_unit.id,
                            person_id=person.id if person else None, subject=key, duties=(duties or "").strip(),
                            summary=(summary or "").strip() or draft_summary(phase, person, nominee_unit),
                            created_by_id=actor.id, status=NominationStatus.DRAFT)
    db.session.add(nomination)
    _event(nomination, actor, "created")
    audit.record("nomination.create", nomination,
                 summary=f"Tạo hồ sơ đề nghị «{award_form.name}» cho {person.full_name if person else nominee_unit.name}")
    try:
        db.session.commit()
    except IntegrityError as err:
        db.session.rollback()
        raise ServiceError(duplicate, field="award_form_id") from err
    return nomination


def _require_unit_may_edit(actor: User, nomination: Nomination) -> None:
    _require_unit_officer(actor, nomination.unit_id)
    _require_open(nomination.phase)
    if not nomination.unit_may_edit:
        raise ServiceError("Hồ sơ đã nộp nên đã khóa. Chờ Văn phòng thẩm định hoặc trả lại để bổ sung.")


@_writes
def update_nomination(actor: User, nomination: Nomination, data: dict, *, uploads=None,
                      seen_version: int | None = None) -> Nomination:
    _require_unit_may_edit(actor, nomination)
    check_version(nomination, seen_version)
    data = dict(data)
    if nomination.nominee_kind != "collective":
        data.pop("members_complete", None)
    before = audit.snapshot(nomination, NOMINATION_FIELDS)
    for name in NOMINATION_FIELDS:
        if name in data:
            value = data[name]
            setattr(nomination, name, value.strip() if isinstance(value, str) else value)
    nomination.updated_at = utcnow()
    _attach_files(actor, nomination.files, uploads, nomination.unit_id)
    audit.record("nomination.update", nomination, summary=f"Sửa hồ sơ đề nghị của {nomination.nominee_name}",
                 changes=audit.diff(before, audit.snapshot(nomination, NOMINATION_FIELDS)))
    db.session.commit()
    return nomination


@_writes
def delete_nomination(actor: User, nomination: Nomination, seen_version: int | None = None) -> None:
    """Delete a draft never submitted, with its files (a returned dossier keeps its history)."""
    _require_unit_officer(actor, nomination.unit_id)
    _require_open(nomination.phase)
    if nomination.status != NominationStatus.DRAFT:
        raise ServiceError("Chỉ xóa được hồ sơ đang soạn, chưa nộp lần nào.")
    check_version(nomination, seen_version)
    for stored in list(nomination.files):
        nomination.files.remove(stored)
        file_service.delete_file(actor, stored)
    audit.record("nomination.delete", nomination,
                 summary=f"Xóa hồ sơ đề nghị «{nomination.award_form.name}» của {nomination.nominee_name}")
    db.session.delete(nomination)
    db.session.commit()


@_writes
def submit_nomination(actor: User, nomination: Nomination, seen_version: int | None = None) -> Nomination:
    """Submit (or resubmit after a return): the dossier locks until the office returns it."""
    _require_unit_officer(actor, nomination.unit_id)
    _require_open(nomination.phase)
    if not nomination.unit_may_edit:
        raise ServiceError("Hồ sơ đã được nộp.")
    check_version(nomination, seen_version)
    missing = dossier_gaps(nomination)
    if missing:
        raise ServiceError("Chưa nộp được: " + " ".join(missing))
    previous = nomination.status
    action = "resubmitted" if previous == NominationStatus.RETURNED else "submitted"
    nomination.status = NominationStatus.SUBMITTED
    nomination.submitted_at = utcnow()
    _event(nomination, actor, action)
    audit.record(f"nomination.{action}", nomination, summary=f"Nộp hồ sơ đề nghị của {nomination.nominee_name}",
                 changes={"status": [previous, NominationStatus.SUBMITTED]})
    db.session.commit()
    return nomination


@_writes
def return_nomination(actor: User, nomination: Nomination, points: list[dict], note: str = "",
                      seen_version: int | None = None) -> Nomination:
    """The office sends a dossier back with a reason for each point to correct."""
    require_manager(actor)
    if nomination.status != NominationStatus.SUBMITTED:
        raise ServiceError("Chỉ trả lại hồ sơ đang chờ thẩm định.")
    check_version(nomination, seen_version)
    kept = []
    for point in points:
        reason = clean_text(point.get("reason"))
        if not reason:
            continue
        if point.get("topic") not in RETURN_TOPICS:
            raise ServiceError("Hãy chọn nội dung cần sửa cho từng điểm đã ghi lý do.", field="points")
        kept.append({"topic": point["topic"], "reason": reason})
    if not kept:
        raise ServiceError("Hãy ghi ít nhất một điểm cần bổ sung, sửa chữa.", field="points")
    nomination.status = NominationStatus.RETURNED
    _event(nomination, actor, "returned", note=(note or "").strip(), points=kept)
    audit.record("nomination.returned", nomination, summary=f"Trả lại hồ sơ của {nomination.nominee_name} "
                 f"({len(kept)} điểm cần sửa)", changes={"status": [NominationStatus.SUBMITTED,
                                                                   NominationStatus.RETURNED]})
    db.session.commit()
    return nomination


@_writes
def accept_nomination(actor: User, nomination: Nomination, note: str = "",
                      seen_version: int | None = None) -> Nomination:
    """The office accepts the dossier for the council's review."""
    require_manager(actor)
    if nomination.status != NominationStatus.SUBMITTED:
        raise ServiceError("Chỉ thẩm định hồ sơ đang chờ thẩm định.")
    check_version(nomination, seen_version)
    nomination.status = NominationStatus.ACCEPTED
    _event(nomination, actor, "accepted", note=(note or "").strip())
    audit.record("nomination.accepted", nomination, summary=f"Thẩm định đạt hồ sơ của {nomination.nominee_name}",
                 changes={"status": [NominationStatus.SUBMITTED, NominationStatus.ACCEPTED]})
    db.session.commit()
    return nomination


# --- prior awards and sanctions, entered on a dossier ---------------------------------------------


def _holder(nomination: Nomination) -> dict:
    if nomination.person_id:
        return {"person_id": nomination.person_id}
    return {"nominee_unit_id": nomination.nominee_unit_id}


def prior_awards(nomination: Nomination) -> list[AwardRecord]:
    """What the nominee already received (khen thưởng đã đạt), newest first."""
    holder = (AwardRecord.person_id == nomination.person_id if nomination.person_id
              else AwardRecord.nominee_unit_id == nomination.nominee_unit_id)
    return list(db.session.scalars(select(AwardRecord).where(holder).options(joinedload(AwardRecord.award_form))
                                   .order_by(AwardRecord.year.desc(), AwardRecord.id.desc())))


def sanctions_of(nomination: Nomination) -> list[Sanction]:
    """The nominee's sanctions (a person's own; for a collective, those of its members)."""
    if nomination.person_id:
        query = select(Sanction).where(Sanction.person_id == nomination.person_id)
    else:
        members = unit_subtree_ids(nomination.nominee_unit_id)
        query = select(Sanction).join(Person).where(Person.unit_id.in_(members))
    return list(db.session.scalars(query.options(joinedload(Sanction.person))
                                   .order_by(Sanction.decided_on.desc(), Sanction.id.desc())))


@_writes
def add_award_record(actor: User, nomination: Nomination, data: dict) -> AwardRecord:
    """Record an award the nominee already received: year, title (or a form of the catalogue), decision."""
    _require_unit_may_edit(actor, nomination)
    today = local_now().date()
    year = data.get("year")
    if not year or not 1945 <= year <= today.year:
        raise ServiceError(f"Năm được khen thưởng phải từ 1945 đến {today.year}.", field="year")
    award_form = db.session.get(AwardForm, data["award_form_id"]) if data.get("award_form_id") else None
    title = clean_text(data.get("title")) or (award_form.name if award_form else "")
    if not title:
        raise ServiceError("Hãy chọn danh hiệu, hình thức trong danh mục hoặc ghi tên theo quyết định.", field="title")
    if data.get("decision_date") and data["decision_date"] > today:
        raise ServiceError("Ngày quyết định không được ở tương lai.", field="decision_date")
    record = AwardRecord(**_holder(nomination), year=year, award_form_id=award_form.id if award_form else None,
                         title=title, decision_number=clean_text(data.get("decision_number")),
                         decision_date=data.get("decision_date"), issuer=clean_text(data.get("issuer")))
    db.session.add(record)
    audit.record("award_record.create", record, summary=f"Ghi khen thưởng đã đạt của {nomination.nominee_name}: "
                 f"{title} năm {year}")
    db.session.commit()
    return record


@_writes
def delete_award_record(actor: User, nomination: Nomination, record: AwardRecord) -> None:
    _require_unit_may_edit(actor, nomination)
    if (record.person_id, record.nominee_unit_id) != (nomination.person_id,
                                                      None if nomination.person_id else nomination.nominee_unit_id):
        raise PermissionDenied()
    audit.record("award_record.delete", record, summary=f"Xóa khen thưởng đã đạt của {nomination.nominee_name}: "
                 f"{record.title} năm {record.year}")
    db.session.delete(record)
    db.session.commit()


@_writes
def add_sanction(actor: User, nomination: Nomination, data: dict) -> Sanction:
    """Record a sanction of the nominated person (kỷ luật): it weighs on their eligibility."""
    _require_unit_may_edit(actor, nomination)
    if not nomination.person_id:
        raise ServiceError("Kỷ luật được ghi cho từng cá nhân, không ghi cho tập thể.")
    if data.get("level") not in SANCTION_LEVELS:
        raise ServiceError("Hãy chọn hình thức kỷ luật.", field="level")
    decided_on = data.get("decided_on")
    if decided_on is None:
        raise ServiceError("Hãy nhập ngày quyết định kỷ luật.", field="decided_on")
    if decided_on > local_now().date():
        raise ServiceError("Ngày quyết định kỷ luật không được ở tương lai.", field="decided_on")
    sanction = Sanction(person_id=nomination.person_id, level=data["level"], decided_on=decided_on,
                        decision_number=clean_text(data.get("decision_number")), note=clean_text(data.get("note")))
    db.session.add(sanction)
    audit.record("sanction.create", sanction, summary=f"Ghi kỷ luật {SANCTION_LEVELS[data['level']]} của "
                 f"{nomination.nominee_name}, ngày {short_date(decided_on)}")
    db.session.commit()
    return sanction


@_writes
def delete_sanction(actor: User, nomination: Nomination, sanction: Sanction) -> None:
    _require_unit_may_edit(actor, nomination)
    if not nomination.person_id or sanction.person_id != nomination.person_id:
        raise PermissionDenied()
    audit.record("sanction.delete", sanction, summary=f"Xóa kỷ luật {SANCTION_LEVELS.get(sanction.level, '')} của "
                 f"{nomination.nominee_name}, ngày {short_date(sanction.decided_on)}")
    db.session.delete(sanction)
    db.session.commit()


# --- what a dossier still lacks -------------------------------------------------------------------


def _criteria_for(phase: Phase, kind: str) -> list[Criterion]:
    return list(db.session.scalars(select(Criterion).where(
        Criterion.campaign_id == phase.campaign_id, Criterion.retired.is_(False),
        Criterion.applies_to.in_((kind, "both"))).order_by(Criterion.position)))


def results_for(nomination: Nomination) -> dict[int, Result]:
    key = nomination.subject
    return {r.criterion_id: r for r in db.session.scalars(select(Result).where(
        Result.phase_id == nomination.phase_id, Result.subject == key))}


def _gaps(criteria: list[Criterion], results: dict[int, Result], summary: str) -> list[str]:
    manual = [c for c in criteria if c.source != "task_completion"]
    gaps = []
    missing = [c.code for c in manual if c.is_quantitative and (c.id not in results or results[c.id].value is None)]
    if missing:
        gaps.append(f"Chưa nhập kết quả các tiêu chí: {', '.join(missing)}.")
    no_evidence = [c.code for c in manual if c.evidence_required and (c.id not in results or not results[c.id].files)]
    if no_evidence:
        gaps.append(f"Thiếu minh chứng cho các tiêu chí: {', '.join(no_evidence)}.")
    if len(clean_text(summary)) < MIN_SUMMARY_CHARS:
        gaps.append(f"Báo cáo thành tích còn trống hoặc quá ngắn (cần ít nhất {MIN_SUMMARY_CHARS} ký tự).")
    return gaps


def gaps_by_nomination(nominations: list[Nomination]) -> dict[int, list[str]]:
    """What each dossier still lacks before it can be submitted (three queries for any number)."""
    if not nominations:
        return {}
    campaign_ids = {n.phase.campaign_id for n in nominations}
    criteria = db.session.scalars(select(Criterion).join(Criterion.group).where(
        Criterion.campaign_id.in_(campaign_ids), Criterion.retired.is_(False))
        .order_by(CriterionGroup.position, Criterion.position, Criterion.id)).all()
    results = db.session.scalars(select(Result).where(
        Result.phase_id.in_({n.phase_id for n in nominations}), Result.subject.in_({n.subject for n in nominations}))
        .options(selectinload(Result.files))).all()
    by_subject: dict[tuple[int, str], dict[int, Result]] = {}
    for result in results:
        by_subject.setdefault((result.phase_id, result.subject), {})[result.criterion_id] = result
    gaps = {}
    for nomination in nominations:
        applicable = [c for c in criteria if c.campaign_id == nomination.phase.campaign_id
                      and c.applies_to in (nomination.nominee_kind, "both")]
        gaps[nomination.id] = _gaps(applicable, by_subject.get((nomination.phase_id, nomination.subject), {}),
                                    nomination.summary)
    return gaps


def dossier_gaps(nomination: Nomination) -> list[str]:
    """What is still missing before the dossier can be submitted (Vietnamese, one sentence each)."""
    return gaps_by_nomination([nomination])[nomination.id]


def with_unit(value: Decimal | None, unit: str) -> str:
    """95.5, '%' → '95,5%'; 50, 'tin bài/năm' → '50 tin bài/năm'."""
    if value is None:
        return ""
    text = number(value, 4)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _level_words(level: str | None) -> str:
    return {"co_so": "cấp cơ sở", "tinh": "cấp tỉnh", "toan_quoc": "toàn quốc"}.get(level or "", "")


def draft_summary(phase: Phase, person: Person | None, unit: Unit) -> str:
    """A first draft of the achievement summary, from the results and initiatives already recorded."""
    key = subject_key(person.id if person else None, unit.id)
    rows = db.session.execute(select(Result, Criterion).join(Criterion).where(
        Result.phase_id == phase.id, Result.subject == key).order_by(Criterion.position)).all()
    lines = []
    for result, criterion in rows:
        if criterion.is_quantitative and result.value is not None:
            target = criterion.target_for(phase.id)
            unit = criterion.unit_of_measure
            goal = f" (chỉ tiêu {with_unit(target.value, unit)})" if target else ""
            lines.append(f"- {criterion.name}: đạt {with_unit(result.value, unit)}{goal}.")
        elif result.explanation:
            lines.append(f"- {criterion.name}: {result.explanation}")
    if person is not None:
        query = select(Initiative).join(InitiativeAuthor).where(InitiativeAuthor.person_id == person.id)
    else:
        query = select(Initiative).where(Initiative.unit_id.in_(unit_subtree_ids(unit.id)))
    for initiative in db.session.scalars(query.order_by(Initiative.id)):
        level = _level_words(initiative.level)
        recognised = f", được công nhận {level}" if level else ""
        decision = f" (Quyết định số {initiative.decision_number})" if level and initiative.decision_number else ""
        lines.append(f"- Sáng kiến «{initiative.title}»{recognised}{decision}.")
    return "\n".join(lines)


def nominee_initiatives(nomination: Nomination) -> list[Initiative]:
    """A person's initiatives (as an author), or those of a collective's units."""
    if nomination.person_id:
        query = select(Initiative).join(InitiativeAuthor).where(InitiativeAuthor.person_id == nomination.person_id)
    else:
        query = select(Initiative).where(Initiative.unit_id.in_(unit_subtree_ids(nomination.nominee_unit_id)))
    return list(db.session.scalars(query.options(
        selectinload(Initiative.authors).joinedload(InitiativeAuthor.person), selectinload(Initiative.files))
        .order_by(Initiative.id.desc())).unique())


# --- what the rules say ---------------------------------------------------------------------------


def _year_considered(phase: Phase) -> int:
    return min(phase.end_date.year, local_now().year)


def _facts(phase: Phase, *, subject: str, person_id: int | None, nominee_unit_id: int,
           members_complete: bool | None, exclude_id: int | None = None
           ) -> tuple[NomineeFacts, dict[tuple[str, str], int]]:
    """What the eligibility rules need about a nominee (saved or only chosen on the form), and, for a
    collective, how many members were counted for a title because they are proposed for it in the same
    round ({(code, name): count}). A handful of queries, whatever the nominee."""
    year = _year_considered(phase)
    # The period a sanction counts in: the phase, and the year the award is considered for.
    start, end = min(phase.start_date, dt.date(year, 1, 1)), max(phase.end_date, dt.date(year, 12, 31))
    pending_query = select(AwardForm.code).join(Nomination).where(Nomination.phase_id == phase.id,
                                                                  Nomination.subject == subject)
    if exclude_id:
        pending_query = pending_query.where(Nomination.id != exclude_id)
    pending = set(db.session.scalars(pending_query))
    if person_id:
        records = db.session.execute(select(AwardRecord.year, AwardForm.code).join(AwardForm).where(
            AwardRecord.person_id == person_id)).all()
        titles: dict[int, set[str]] = {}
        for record_year, code in records:
            titles.setdefault(record_year, set()).add(code)
        levels = list(db.session.scalars(select(Initiative.level).join(InitiativeAuthor).where(
            InitiativeAuthor.person_id == person_id, Initiative.level.is_not(None))))
        sanctions = [(s.level, s.decided_on) for s in db.session.scalars(select(Sanction).where(
            Sanction.person_id == person_id, Sanction.decided_on.between(start, end)))]
        return NomineeFacts(kind="individual", year=year, titles_by_year=titles, pending_titles=pending,
                            initiative_levels=levels, sanctions=sanctions), {}
    members = unit_subtree_ids(nominee_unit_id)
    member_count = db.session.scalar(select(func.count(Person.id)).where(Person.unit_id.in_(members),
                                                                         Person.active.is_(True))) or 0
    holders: dict[str, set[int]] = {}
    for code, pid in db.session.execute(select(AwardForm.code, AwardRecord.person_id).join(AwardForm)
                                        .join(Person, Person.id == AwardRecord.person_id)
                                        .where(Person.unit_id.in_(members), Person.active.is_(True),
                                               AwardRecord.year == year)):
        holders.setdefault(code, set()).add(pid)
    proposed: dict[tuple[str, str], set[int]] = {}
    for code, name, pid in db.session.execute(select(AwardForm.code, AwardForm.name, Nomination.person_id)
                                              .join(AwardForm).join(Person, Person.id == Nomination.person_id)
                                              .where(Nomination.phase_id == phase.id, Person.active.is_(True),
                                                     Person.unit_id.in_(members))):
        if pid not in holders.get(code, set()):
            proposed.setdefault((code, name), set()).add(pid)
    for (code, _name), pids in proposed.items():
        holders.setdefault(code, set()).update(pids)
    sanction_levels = list(db.session.scalars(select(Sanction.level).join(Person).where(
        Person.unit_id.in_(members), Sanction.decided_on.between(start, end))))
    return NomineeFacts(kind="collective", year=year, pending_titles=pending, members=member_count,
                        member_titles={code: len(pids) for code, pids in holders.items()},
                        all_members_complete=members_complete, member_sanction_levels=sanction_levels), {
        key: len(pids) for key, pids in proposed.items()}


def nominee_facts(nomination: Nomination) -> NomineeFacts:
    return _facts(nomination.phase, subject=nomination.subject, person_id=nomination.person_id,
                  nominee_unit_id=nomination.nominee_unit_id, members_complete=nomination.members_complete,
                  exclude_id=nomination.id)[0]


def conditions_of(award_form: AwardForm) -> list[Condition]:
    rows = db.session.scalars(select(AwardCondition).where(AwardCondition.award_form_id == award_form.id)
                              .options(joinedload(AwardCondition.title))
                              .order_by(AwardCondition.alternative, AwardCondition.id)).all()
    return [Condition(kind=c.kind, alternative=c.alternative, title_code=c.title.code if c.title else None,
                      title_name=c.title.name if c.title else "", years=c.years, count=c.count, level=c.level,
                      percent=c.percent, strict=c.strict) for c in rows]


_UNCHANGED = object()


def eligibility(nomination: Nomination, members_complete=_UNCHANGED) -> Eligibility:
    """The rules' verdict on a dossier; `members_complete` as the officer has just chosen it on the form."""
    complete = nomination.members_complete if members_complete is _UNCHANGED else members_complete
    return eligibility_for(nomination.phase, nomination.award_form, person=nomination.person,
                           unit=nomination.nominee_unit, members_complete=complete, exclude_id=nomination.id)


def eligibility_for(phase: Phase, award_form: AwardForm, *, person: Person | None, unit: Unit | None,
                    members_complete: bool | None = None, exclude_id: int | None = None) -> Eligibility:
    """The rules' verdict on a nominee chosen on the form, before (or after) the dossier exists."""
    unit_id = person.unit_id if person is not None else unit.id
    facts, proposed = _facts(phase, subject=subject_key(person.id if person else None, unit_id),
                             person_id=person.id if person else None, nominee_unit_id=unit_id,
                             members_complete=members_complete, exclude_id=exclude_id)
    conditions = conditions_of(award_form)
    verdict = evaluate(conditions, facts)
    counted = {c.title_code for c in conditions if c.kind in ("member_title_share", "member_with_title")}
    verdict.notes.extend(f"Tính cả {n} thành viên đang được đề nghị «{name}» cùng đợt."
                         for (code, name), n in sorted(proposed.items()) if code in counted)
    return verdict


@dataclass
class QuotaUse:
    unit_count: int  # this unit's nominations for the award in the phase
    total: int  # every unit's
    limit: int | None  # the phase's quota, None when unlimited

    def describe(self) -> str:
        mine = f"Đơn vị đã đề nghị {self.unit_count}"
        if self.limit is None:
            return f"{mine}; hình thức này không giới hạn số lượng."
        return f"{mine}; toàn Ban {self.total}/{self.limit} theo chỉ tiêu của giai đoạn."

    @property
    def over(self) -> bool:
        return self.limit is not None and self.total > self.limit


def quota_use(phase: Phase, award_form: AwardForm, unit_id: int) -> QuotaUse:
    counts = dict(db.session.execute(select(Nomination.unit_id, func.count(Nomination.id)).where(
        Nomination.phase_id == phase.id, Nomination.award_form_id == award_form.id).group_by(Nomination.unit_id)).all())
    quota = db.session.scalar(select(AwardQuota).where(AwardQuota.phase_id == phase.id,
                                                       AwardQuota.award_form_id == award_form.id))
    limit = None
    if quota is not None:
        staff = db.session.scalar(select(func.count(Person.id)).where(Person.active.is_(True))) or 0
        units = db.session.scalar(select(func.count(Unit.id)).where(Unit.active.is_(True))) or 0
        limit = quota_limit(quota.kind, quota.value, staff=staff, units=units)
    return QuotaUse(counts.get(unit_id, 0), sum(counts.values()), limit)


# --- results as the pages show them ---------------------------------------------------------------


@dataclass
class ResultLine:
    """One criterion for one nominee: the result recorded (or computed), its target and attainment."""

    criterion: Criterion
    result: Result | None
    target: Decimal | None
    attainment: Decimal | None
    computed: object | None = None  # rules.tasks.CompletionRate for a 'task_completion' criterion

    @property
    def automatic(self) -> bool:
        return self.criterion.source == "task_completion"

    @property
    def value(self) -> Decimal | None:
        if self.automatic:
            return getattr(self.computed, "percent", None)
        return self.result.value if self.result is not None else None

    @property
    def missing(self) -> bool:
        return not self.automatic and self.criterion.is_quantitative and self.value is None

    @property
    def no_evidence(self) -> bool:
        return (not self.automatic and self.criterion.evidence_required
                and (self.result is None or not self.result.files))

    @property
    def entered(self) -> bool:
        return self.automatic or (self.result is not None and (self.result.value is not None
                                                               or bool(self.result.explanation)))


@dataclass
class SubjectSheet:
    """A nominee's results in a phase: the unit itself (collective criteria) or a nominated person."""

    subject: str
    unit: Unit
    person: Person | None
    nominations: list[Nomination] = field(default_factory=list)
    lines: list[ResultLine] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "individual" if self.person is not None else "collective"

    @property
    def label(self) -> str:
        return self.person.full_name if self.person is not None else self.unit.name

    @property
    def locked_by(self) -> Nomination | None:
        return next((n for n in self.nominations if n.status in LOCKED_STATUSES), None)

    @property
    def missing_count(self) -> int:
        return sum(1 for line in self.lines if line.missing)

    @property
    def no_evidence_count(self) -> int:
        return sum(1 for line in self.lines if line.no_evidence)


def _completion_rates(phase: Phase) -> dict | None:
    """Each unit's on-time completion rate of the plan tasks at the end of `phase` (None when the plan
    module is not installed)."""
    try:
        from ..rules.tasks import completion_rate, cutoff_date
        from . import plan as plan_service
    except ImportError:  # pragma: no cover - the plan module ships separately
        return None
    # As of the end of the phase, or of today while the phase runs: a task not yet due is not counted.
    as_of = cutoff_date(phase.end_date, local_now().date())
    tasks = db.session.scalars(select(PlanTask).where(PlanTask.campaign_id == phase.campaign_id).options(
        selectinload(PlanTask.partners), selectinload(PlanTask.reports))).all()
    rates = plan_service.completion_rates(tasks, as_of)
    return {"rates": rates, "empty": completion_rate([], as_of)}


def _campaign_criteria(campaign_id: int) -> list[Criterion]:
    return list(db.session.scalars(select(Criterion).join(Criterion.group).where(
        Criterion.campaign_id == campaign_id, Criterion.retired.is_(False))
        .options(selectinload(Criterion.targets), contains_eager(Criterion.group))
        .order_by(CriterionGroup.position, Criterion.position, Criterion.id)))


def build_sheets(phase: Phase, subjects: list[SubjectSheet]) -> list[SubjectSheet]:
    """Fill each nominee's lines: criteria, results with files, targets, attainment (fixed queries)."""
    if not subjects:
        return subjects
    criteria = _campaign_criteria(phase.campaign_id)
    results = {(r.subject, r.criterion_id): r for r in db.session.scalars(
        select(Result).where(Result.phase_id == phase.id, Result.subject.in_([s.subject for s in subjects]))
        .options(selectinload(Result.files)))}
    rates = None
    if any(c.source == "task_completion" and c.applies_to in ("collective", "both") for c in criteria) and any(
            s.kind == "collective" for s in subjects):
        rates = _completion_rates(phase)
    for sheet in subjects:
        sheet.lines = []
        for criterion in criteria:
            if criterion.applies_to not in (sheet.kind, "both"):
                continue
            target = criterion.target_for(phase.id)
            result = results.get((sheet.subject, criterion.id))
            computed = None
            if criterion.source == "task_completion" and rates is not None and sheet.kind == "collective":
                computed = rates["rates"].get(sheet.unit.id) or rates["empty"]
            line = ResultLine(criterion, result, target.value if target else None, None, computed)
            if criterion.is_quantitative and line.value is not None and target is not None:
                ratio = attainment(line.value, target.value, higher_is_better=criterion.higher_is_better)
                line.attainment = (ratio * 100).quantize(Decimal("0.1"))
            sheet.lines.append(line)
    return subjects


NOMINATION_LOAD = (
    joinedload(Nomination.phase).joinedload(Phase.campaign),
    joinedload(Nomination.award_form),
    joinedload(Nomination.unit),
    joinedload(Nomination.nominee_unit),
    joinedload(Nomination.person).joinedload(Person.unit),
)


def results_sheets(phase: Phase, unit: Unit) -> list[SubjectSheet]:
    """The results page of `unit` (and its sub-units) in `phase`: the unit's collective criteria, those of
    every sub-unit it nominates, and the individual criteria of every person it nominates."""
    scope = unit_subtree_ids(unit.id)
    nominations = db.session.scalars(select(Nomination).where(
        Nomination.phase_id == phase.id, Nomination.unit_id.in_(scope)).options(*NOMINATION_LOAD)
        .order_by(Nomination.id)).all()
    sheets: dict[str, SubjectSheet] = {f"U{unit.id}": SubjectSheet(f"U{unit.id}", unit, None)}
    for nomination in nominations:
        sheet = sheets.get(nomination.subject)
        if sheet is None:
            sheet = sheets[nomination.subject] = SubjectSheet(nomination.subject, nomination.nominee_unit,
                                                              nomination.person)
        sheet.nominations.append(nomination)
    ordered = sorted(sheets.values(), key=lambda s: (s.kind == "individual", s.unit.sort_order if s.person is None
                                                     else 0, s.person.sort_key if s.person else "", s.subject))
    return build_sheets(phase, ordered)


def nomination_sheet(nomination: Nomination) -> SubjectSheet:
    sheet = SubjectSheet(nomination.subject, nomination.nominee_unit, nomination.person, [nomination])
    return build_sheets(nomination.phase, [sheet])[0]


def subject_of(actor: User, subject: str) -> tuple[Unit, Person | None]:
    """The unit and person a subject key ('P12', 'U3') names, if `actor` may read it; PermissionDenied
    otherwise, LookupError when it names nothing."""
    if len(subject) < 2 or subject[0] not in "PU" or not subject[1:].isdigit() or len(subject) > 12:
        raise LookupError(subject)
    ident = int(subject[1:])
    if subject[0] == "P":
        person = db.session.get(Person, ident)
        if person is None:
            raise LookupError(subject)
        unit = person.unit
    else:
        person, unit = None, db.session.get(Unit, ident)
        if unit is None:
            raise LookupError(subject)
    if not can_read_unit(actor, unit.id):
        raise PermissionDenied()
    return unit, person


# --- lists ----------------------------------------------------------------------------------------


def _scoped(query: Select, actor: User, column) -> Select:
    scope = unit_scope(actor)
    return query if scope is None else query.where(column.in_(scope))


def nominations_query(actor: User, *, phase_id: int | None = None, status: str | None = None,
                      unit_id: int | None = None) -> Select:
    """The nominations `actor` may read, with what a list shows loaded in the same query."""
    query = _scoped(select(Nomination).options(*NOMINATION_LOAD), actor, Nomination.unit_id)
    if phase_id:
        query = query.where(Nomination.phase_id == phase_id)
    if status:
        query = query.where(Nomination.status == status)
    if unit_id:
        query = query.where(Nomination.unit_id.in_(unit_subtree_ids(unit_id)))
    return query.order_by(Nomination.phase_id.desc(), Nomination.updated_at.desc(), Nomination.id.desc())


def appraisal_query(actor: User, *, phase_id: int | None = None, unit_id: int | None = None) -> Select:
    """The office's queue: dossiers waiting for appraisal, the earliest submitted first."""
    query = select(Nomination).options(*NOMINATION_LOAD).where(Nomination.status == NominationStatus.SUBMITTED)
    query = _scoped(query, actor, Nomination.unit_id)
    if phase_id:
        query = query.where(Nomination.phase_id == phase_id)
    if unit_id:
        query = query.where(Nomination.unit_id.in_(unit_subtree_ids(unit_id)))
    return query.order_by(Nomination.submitted_at, Nomination.id)


def status_counts(actor: User, phase_id: int | None = None) -> dict[str, int]:
    query = _scoped(select(Nomination.status, func.count(Nomination.id)), actor, Nomination.unit_id)
    if phase_id:
        query = query.where(Nomination.phase_id == phase_id)
    return dict(db.session.execute(query.group_by(Nomination.status)).all())


def initiatives_query(actor: User, *, unit_id: int | None = None) -> Select:
    query = _scoped(select(Initiative), actor, Initiative.unit_id).options(
        joinedload(Initiative.unit), selectinload(Initiative.authors).joinedload(InitiativeAuthor.person),
        selectinload(Initiative.files))
    if unit_id:
        query = query.where(Initiative.unit_id.in_(unit_subtree_ids(unit_id)))
    return query.order_by(Initiative.id.desc())


def last_returns(nominations: list[Nomination]) -> dict[int, NominationEvent]:
    """The office's latest 'returned' step of each returned dossier (one query)."""
    ids = [n.id for n in nominations if n.status == NominationStatus.RETURNED]
    if not ids:
        return {}
    latest = (select(func.max(NominationEvent.id)).where(NominationEvent.nomination_id.in_(ids),
                                                         NominationEvent.action == "returned")
              .group_by(NominationEvent.nomination_id))
    return {e.nomination_id: e for e in db.session.scalars(select(NominationEvent).where(
        NominationEvent.id.in_(latest)))}


@dataclass
class UnitOverview:
    """The unit officer's home page: windows, dossiers with what they lack, the office's requests."""

    windows: list[PhaseWindow]
    nominations: list[Nomination]
    gaps: dict[int, list[str]]
    returns: dict[int, NominationEvent]

    @property
    def returned(self) -> list[Nomination]:
        return [n for n in self.nominations if n.id in self.returns]

    @property
    def open_windows(self) -> list[PhaseWindow]:
        return [w for w in self.windows if w.is_open]


def unit_overview(actor: User) -> UnitOverview:
    """Everything the unit officer's home page shows, in a fixed number of queries."""
    windows = phase_windows()
    running = [w.phase.id for w in windows]
    nominations = db.session.scalars(nominations_query(actor).where(Nomination.phase_id.in_(running))).unique().all()
    editable = [n for n in nominations if n.unit_may_edit]
    return UnitOverview(windows, nominations, gaps_by_nomination(editable), last_returns(nominations))


def people_choices(actor: User) -> list[Person]:
    """The active people a unit officer may nominate or name as authors (their unit and sub-units)."""
    return list(db.session.scalars(select(Person).where(Person.unit_id.in_(unit_subtree_ids(actor.unit_id)),
                                                        Person.active.is_(True))
                                   .options(joinedload(Person.unit)).order_by(Person.sort_key, Person.id)))
