"""Nominations (hồ sơ đề nghị khen thưởng): the unit creates, edits, submits; the office returns or
accepts. Every change of state goes through services.workflow.transition; whether the unit may edit is
permissions.can_edit_nomination. Prior awards and sanctions of the nominee are entered on a dossier too.

Every function takes an optional `now` (Vietnam time) so that the demo loader replays this real workflow
at the dates it shows; pages leave it out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    RETURN_TOPICS,
    AwardForm,
    AwardRecord,
    Nomination,
    Person,
    Phase,
    Sanction,
    Unit,
    User,
    subject_key,
)
from ..models.base import VIETNAM_OFFSET, local_now
from ..permissions import can_edit_nomination, can_write_phase
from ..rules.eligibility import Eligibility
from ..rules.levels import SANCTION_LEVELS
from ..rules.workflow import Action, NominationStatus
from ..vietnamese import clean_text, short_date
from . import PermissionDenied, ServiceError, audit, check_version, transactional
from . import files as file_service
from .results import attach_files
from .sheets import dossier_gaps, draft_summary
from .workflow import add_event, check, transition

NOMINATION_FIELDS = ["duties", "summary", "members_complete"]


def _utc(now: dt.datetime | None) -> dt.datetime:
    return (now or local_now()) - VIETNAM_OFFSET


@transactional
def create_nomination(actor: User, *, phase: Phase, award_form: AwardForm, nominee_unit: Unit | None,
                      person: Person | None, duties: str = "", summary: str = "",
                      members_complete: bool | None = None, now: dt.datetime | None = None) -> Nomination:
    """Open a dossier (draft) for one nominee and one award form in a phase whose window is open."""
    if person is not None:
        nominee_unit = person.unit
    if nominee_unit is None:
        raise ServiceError("Hãy chọn tập thể được đề nghị.", field="nominee_unit_id")
    can_write_phase(actor, phase, nominee_unit.id, now).require()
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
    at = _utc(now)
    nomination = Nomination(phase_id=phase.id, award_form_id=award_form.id, unit_id=actor.unit_id,
                            nominee_kind=kind, nominee_unit_id=nominee_unit.id,
                            person_id=person.id if person else None, subject=key, duties=(duties or "").strip(),
                            summary=(summary or "").strip() or draft_summary(phase, person, nominee_unit),
                            members_complete=members_complete if kind == "collective" else None,
                            created_by_id=actor.id, status=NominationStatus.DRAFT, created_at=at, updated_at=at)
    db.session.add(nomination)
    add_event(nomination, actor, "created", now=now)
    try:  # the insert: the same nominee may have been proposed at the same moment from another browser
        db.session.flush()
    except IntegrityError as err:
        raise ServiceError(duplicate, field="award_form_id") from err
    audit.record("nomination.create", nomination, actor=actor,
                 summary=f"Tạo hồ sơ đề nghị «{award_form.name}» cho {person.full_name if person else nominee_unit.name}")
    return nomination


@transactional
def update_nomination(actor: User, nomination: Nomination, data: dict, *, uploads=None,
                      seen_version: int | None = None, now: dt.datetime | None = None) -> Nomination:
    can_edit_nomination(actor, nomination, now).require()
    check_version(nomination, seen_version)
    data = dict(data)
    if nomination.nominee_kind != "collective":
        data.pop("members_complete", None)
    before = audit.snapshot(nomination, NOMINATION_FIELDS)
    for name in NOMINATION_FIELDS:
        if name in data:
            value = data[name]
            setattr(nomination, name, value.strip() if isinstance(value, str) else value)
    nomination.updated_at = _utc(now)
    attach_files(actor, nomination.files, uploads, nomination.unit_id)
    audit.record("nomination.update", nomination, actor=actor, summary=f"Sửa hồ sơ đề nghị của {nomination.nominee_name}",
                 changes=audit.diff(before, audit.snapshot(nomination, NOMINATION_FIELDS)))
    return nomination


@transactional
def delete_nomination(actor: User, nomination: Nomination, seen_version: int | None = None, *,
                      now: dt.datetime | None = None) -> None:
    """Delete a draft never submitted, with its files (a returned dossier keeps its history)."""
    can_write_phase(actor, nomination.phase, nomination.unit_id, now).require()
    if nomination.status != NominationStatus.DRAFT or nomination.submitted_at is not None:
        raise ServiceError("Chỉ xóa được hồ sơ đang soạn, chưa nộp lần nào.")
    check_version(nomination, seen_version)
    for stored in list(nomination.files):
        nomination.files.remove(stored)
        file_service.delete_file(actor, stored)
    audit.record("nomination.delete", nomination, actor=actor,
                 summary=f"Xóa hồ sơ đề nghị «{nomination.award_form.name}» của {nomination.nominee_name}")
    db.session.delete(nomination)


SUBMIT_LOCKS = "Sau khi nộp, hồ sơ bị khóa cho đến khi Văn phòng trả lại."


def unmet_conditions_warning(verdict: Eligibility | None, nominee: str) -> str:
    """The unmet conditions of the eligibility verdict (services.facts.eligibility, the panel's), as the
    submit confirmation and the message after submitting name them; "" when every condition is met."""
    if verdict is None or verdict.eligible:
        return ""
    return (f"Lưu ý: {nominee} chưa đủ điều kiện: " + " ".join(verdict.reasons)
            + " Hồ sơ vẫn nộp được; Văn phòng sẽ thẩm định theo các điều kiện này.")


def submit_confirmation(verdict: Eligibility | None, nominee: str, resubmit: bool = False) -> str:
    """The question asked before submitting: it names the conditions not met."""
    question = "Nộp lại hồ sơ?" if resubmit else "Nộp hồ sơ?"
    return " ".join(filter(None, [question, unmet_conditions_warning(verdict, nominee), SUBMIT_LOCKS]))


@transactional
def submit_nomination(actor: User, nomination: Nomination, seen_version: int | None = None, *,
                      now: dt.datetime | None = None) -> Nomination:
    """Submit (or resubmit after a return): the dossier locks until the office returns it."""
    can_write_phase(actor, nomination.phase, nomination.unit_id, now).require()
    check_version(nomination, seen_version)
    if nomination.unit_may_edit:
        missing = dossier_gaps(nomination)
        if missing:
            raise ServiceError("Chưa nộp được: " + " ".join(missing))
    transition(actor, nomination, Action.SUBMIT, now=now)
    nomination.submitted_at = _utc(now)
    return nomination


@transactional
def return_nomination(actor: User, nomination: Nomination, points: list[dict], note: str = "",
                      seen_version: int | None = None, *, now: dt.datetime | None = None) -> Nomination:
    """The office sends a dossier back with a reason for each point to correct."""
    check(actor, nomination, Action.RETURN, now=now)
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
    transition(actor, nomination, Action.RETURN, note=note, points=kept, now=now)
    return nomination


@transactional
def accept_nomination(actor: User, nomination: Nomination, note: str = "",
                      seen_version: int | None = None, *, now: dt.datetime | None = None) -> Nomination:
    """The office accepts the dossier for the council's review."""
    check(actor, nomination, Action.ACCEPT, now=now)
    check_version(nomination, seen_version)
    transition(actor, nomination, Action.ACCEPT, note=note, now=now)
    return nomination


WITHDRAW_REASON_MIN, WITHDRAW_REASON_MAX = 10, 2000


@transactional
def withdraw_nomination(actor: User, nomination: Nomination, reason: str, seen_version: int | None = None, *,
                        now: dt.datetime | None = None) -> Nomination:
    """The unit takes back a dossier it submitted, before the office returns or accepts it, saying why: the
    reason stays in the timeline (the office reads it there and on its home page) and the audit log; the
    dossier is a draft again, edited and submitted again like any draft."""
    check(actor, nomination, Action.WITHDRAW, now=now)
    check_version(nomination, seen_version)
    reason = (reason or "").strip()
    if len(reason) < WITHDRAW_REASON_MIN:
        raise ServiceError(f"Hãy ghi lý do rút hồ sơ (ít nhất {WITHDRAW_REASON_MIN} ký tự) để Văn phòng biết.",
                           field="reason")
    if len(reason) > WITHDRAW_REASON_MAX:
        raise ServiceError(f"Lý do rút hồ sơ dài tối đa {WITHDRAW_REASON_MAX} ký tự.", field="reason")
    transition(actor, nomination, Action.WITHDRAW, note=reason, now=now, audit_reason=True)
    nomination.updated_at = _utc(now)
    return nomination


# --- prior awards and sanctions, entered on a dossier ---------------------------------------------




def _holder(nomination: Nomination) -> dict:
    if nomination.person_id:
        return {"person_id": nomination.person_id}
    return {"nominee_unit_id": nomination.nominee_unit_id}


def _delete_record(actor: User, nomination: Nomination, record: AwardRecord | Sanction, action: str, summary: str,
                   now: dt.datetime | None) -> None:
    """Delete a prior award or a sanction of the dossier's nominee, with its audit event."""
    can_edit_nomination(actor, nomination, now).require()
    if any(getattr(record, field, None) != value for field, value in _holder(nomination).items()):
        raise PermissionDenied()  # another nominee's record (a sanction is never a collective's)
    audit.record(action, record, summary=summary, actor=actor)
    db.session.delete(record)


@transactional
def add_award_record(actor: User, nomination: Nomination, data: dict, *, now: dt.datetime | None = None) -> AwardRecord:
    """Record an award the nominee already received: year, title (or a form of the catalogue), decision."""
    can_edit_nomination(actor, nomination, now).require()
    today = (now or local_now()).date()
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
                 f"{title} năm {year}", actor=actor)
    return record


@transactional
def delete_award_record(actor: User, nomination: Nomination, record: AwardRecord, *,
                        now: dt.datetime | None = None) -> None:
    """Remove an award recorded by hand; one that an issued document of the module gave stays (the history
    later eligibility reads follows the register, and a wrong decision is replaced, not erased)."""
    if record.document_id is not None or record.nomination_id is not None:
        raise ServiceError(f"Khen thưởng «{record.title}» năm {record.year} theo Quyết định số "
                           f"{record.decision_number} đã ban hành trong phần mềm: không xóa được. Nếu quyết định có "
                           "sai sót, Văn phòng lập văn bản thay thế.")
    _delete_record(actor, nomination, record, "award_record.delete",
                   f"Xóa khen thưởng đã đạt của {nomination.nominee_name}: {record.title} năm {record.year}", now)


@transactional
def add_sanction(actor: User, nomination: Nomination, data: dict, *, now: dt.datetime | None = None) -> Sanction:
    """Record a sanction of the nominated person (kỷ luật): it weighs on their eligibility."""
    can_edit_nomination(actor, nomination, now).require()
    if not nomination.person_id:
        raise ServiceError("Kỷ luật được ghi cho từng cá nhân, không ghi cho tập thể.")
    if data.get("level") not in SANCTION_LEVELS:
        raise ServiceError("Hãy chọn hình thức kỷ luật.", field="level")
    decided_on = data.get("decided_on")
    if decided_on is None:
        raise ServiceError("Hãy nhập ngày quyết định kỷ luật.", field="decided_on")
    if decided_on > (now or local_now()).date():
        raise ServiceError("Ngày quyết định kỷ luật không được ở tương lai.", field="decided_on")
    sanction = Sanction(person_id=nomination.person_id, level=data["level"], decided_on=decided_on,
                        decision_number=clean_text(data.get("decision_number")), note=clean_text(data.get("note")))
    db.session.add(sanction)
    audit.record("sanction.create", sanction, summary=f"Ghi kỷ luật {SANCTION_LEVELS[data['level']]} của "
                 f"{nomination.nominee_name}, ngày {short_date(decided_on)}", actor=actor)
    return sanction


@transactional
def delete_sanction(actor: User, nomination: Nomination, sanction: Sanction, *,
                    now: dt.datetime | None = None) -> None:
    _delete_record(actor, nomination, sanction, "sanction.delete",
                   f"Xóa kỷ luật {SANCTION_LEVELS.get(sanction.level, '')} của {nomination.nominee_name}, "
                   f"ngày {short_date(sanction.decided_on)}", now)
