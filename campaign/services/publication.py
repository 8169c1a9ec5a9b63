"""Công khai: the office publishes an approved session's recommended list to every account for a set number of
days before it issues the decisions and submissions; anyone logged in files objections (ý kiến phản ánh); the
office records how each was handled; the minutes and the submissions cite the result.

- `publish`: the list of an approved session, from a start date for 1–30 days (one current publication a
  session; withdraw it to publish again).
- `withdraw`: the office takes it back, with the reason (refused once a decision or submission of the
  session has been issued since it was published: those cite it).
- `file_objection`: any active account, while the publication is open (its first to its last day in Vietnam
  time), about one recommended nominee or about the list in general.
- `handle_objection`: accepted (the note says what it changes) or rejected (the note gives the reasoning),
  with who and when; the office may revise it until a document of the session is issued.
- `issue_blockers` and `summary_sentence`: what the issuing of the session's decisions and submissions, and
  the minutes' or submissions' text, read of it.

What is published is the list only: the nominee, their unit and the award form; never scores or votes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from .. import permissions
from ..extensions import db
from ..models import (
    AgendaItem,
    AwardForm,
    CouncilSession,
    DocumentKind,
    DocumentStatus,
    Handling,
    Nomination,
    Objection,
    OfficialDocument,
    Phase,
    Publication,
    SessionStatus,
    Unit,
    User,
    local_now,
    utcnow,
)
from ..vietnamese import clean_text, number, parse_date, short_date
from . import PermissionDenied, ServiceError, audit, check_version, transactional

DAYS_MIN, DAYS_MAX = 1, 30
DEFAULT_DAYS = 7
TEXT_MIN, TEXT_MAX = 10, 5000
NOTE_MAX = 2000
HANDLING_NOTE_MIN, HANDLING_NOTE_MAX = 10, 5000
PER_AUTHOR_MAX = 20  # objections of one account on one publication
ISSUED_KINDS = (DocumentKind.DECISION, DocumentKind.SUBMISSION)


def _require_office(actor: User) -> None:
    answer = permissions.can_publish(actor)
    if not answer:
        raise PermissionDenied(answer.reason)


def _today() -> dt.date:
    return local_now().date()


def _multiline(text: str | None) -> str:
    lines = [clean_text(line) for line in str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def _listing_documents(session: CouncilSession) -> list[OfficialDocument]:
    return list(db.session.scalars(select(OfficialDocument).where(
        OfficialDocument.session_id == session.id, OfficialDocument.kind.in_(ISSUED_KINDS))))


# --- reading ---------------------------------------------------------------------------------------------


def publication_of(session: CouncilSession) -> Publication | None:
    """The session's current publication (the latest not withdrawn), or None."""
    return db.session.scalars(select(Publication).where(
        Publication.session_id == session.id, Publication.withdrawn_at.is_(None))
        .order_by(Publication.id.desc())).first()


def publications_of(session: CouncilSession) -> list[Publication]:
    """Every publication of the session, the newest first, with their objections, authors and handlers."""
    return list(db.session.scalars(select(Publication).where(Publication.session_id == session.id).options(
        joinedload(Publication.created_by), joinedload(Publication.withdrawn_by),
        selectinload(Publication.objections).options(
            joinedload(Objection.nomination).options(joinedload(Nomination.person),
                                                     joinedload(Nomination.nominee_unit),
                                                     joinedload(Nomination.award_form)),
            joinedload(Objection.handled_by)))
        .order_by(Publication.id.desc())).unique())


def load_publication(publication_id: int) -> Publication | None:
    return db.session.scalars(select(Publication).where(Publication.id == publication_id)
                              .options(joinedload(Publication.session))).first()


def load_objection(objection_id: int) -> Objection | None:
    return db.session.scalars(select(Objection).where(Objection.id == objection_id).options(
        joinedload(Objection.publication).joinedload(Publication.session))).first()


def open_publications(today: dt.date | None = None) -> list[Publication]:
    """The publications open on `today` (Vietnam time by default), the one ending first first."""
    today = today or _today()
    return list(db.session.scalars(select(Publication).where(
        Publication.withdrawn_at.is_(None), Publication.starts_on <= today, Publication.ends_on >= today)
        .options(joinedload(Publication.session).joinedload(CouncilSession.phase).joinedload(Phase.campaign))
        .order_by(Publication.ends_on, Publication.id)).unique())


def _recommended_stmt(session_ids: list[int]):
    return (select(AgendaItem).where(AgendaItem.session_id.in_(session_ids), AgendaItem.outcome == "recommended")
            .options(joinedload(AgendaItem.nomination).options(
                joinedload(Nomination.award_form), joinedload(Nomination.person),
                joinedload(Nomination.nominee_unit).joinedload(Unit.parent)))
            .order_by(AgendaItem.session_id, AgendaItem.outcome_order, AgendaItem.position, AgendaItem.id))


def recommended_nominations(session: CouncilSession) -> list[Nomination]:
    """The nominations the approved session recommends, in the ranking's order."""
    return [item.nomination for item in db.session.scalars(_recommended_stmt([session.id])).unique()]


@dataclass(frozen=True)
class ListRow:
    nomination_id: int
    name: str
    collective: bool
    unit: str  # 'Chuyên viên, Phòng Kế hoạch – Đầu tư' for a person, the parent unit for a collective


@dataclass(frozen=True)
class FormList:
    award_form: str
    rows: list[ListRow]


def unit_text(nomination: Nomination, agency_name: str = "") -> str:
    """'Chuyên viên, Phòng Kế hoạch – Đầu tư' for a person; a collective's parent unit, or the board."""
    unit = nomination.nominee_unit
    if nomination.person is not None:
        parts = [nomination.person.position] if nomination.person.position else []
        return ", ".join(parts + ([unit.name] if unit is not None else []))
    return unit.parent.name if unit is not None and unit.parent is not None else agency_name


def published_lists(session_ids: list[int]) -> dict[int, list[FormList]]:
    """The published list of each session, per award form (in the forms' order): name, unit, award form; one
    query for any number of sessions."""
    if not session_ids:
        return {}
    grouped: dict[int, dict[int, list[Nomination]]] = defaultdict(lambda: defaultdict(list))
    forms: dict[int, AwardForm] = {}
    for item in db.session.scalars(_recommended_stmt(session_ids)).unique():
        grouped[item.session_id][item.nomination.award_form_id].append(item.nomination)
        forms[item.nomination.award_form_id] = item.nomination.award_form
    from .org import get_agency

    agency = get_agency()
    agency_name = agency.name if agency is not None else ""
    result: dict[int, list[FormList]] = {}
    for session_id, by_form in grouped.items():
        ordered = sorted(by_form, key=lambda fid: (forms[fid].position, fid))
        result[session_id] = [FormList(forms[fid].name, [
            ListRow(n.id, n.nominee_name, n.nominee_kind == "collective", unit_text(n, agency_name))
            for n in sorted(by_form[fid], key=lambda n: n.nominee_kind != "collective")]) for fid in ordered]
    return result


def objections_of(author: User) -> list[Objection]:
    """The objections `author` filed, the newest first, with how they were handled."""
    return list(db.session.scalars(select(Objection).where(Objection.author_id == author.id).options(
        joinedload(Objection.publication).joinedload(Publication.session),
        joinedload(Objection.nomination).options(joinedload(Nomination.person),
                                                 joinedload(Nomination.nominee_unit)))
        .order_by(Objection.id.desc())).unique())


def _counts(publication: Publication) -> tuple[int, int, int]:
    """(accepted, rejected, not handled) objections of the publication, counted in SQL."""
    rows = dict(db.session.execute(select(Objection.handling, func.count(Objection.id))
                                   .where(Objection.publication_id == publication.id)
                                   .group_by(Objection.handling)).all())
    return rows.get(Handling.ACCEPTED, 0), rows.get(Handling.REJECTED, 0), rows.get(None, 0)


# --- what issuing and the documents read --------------------------------------------------------------------


def issue_blockers(session: CouncilSession, today: dt.date | None = None) -> list[str]:
    """Why a decision or submission of the session may not be issued yet: its publication not yet ended, its
    objections not all handled. Empty when nothing stands in the way (or the session was never published)."""
    publication = publication_of(session)
    if publication is None:
        return []
    today = today or _today()
    blockers = []
    if today < publication.starts_on:
        blockers.append(f"Danh sách sẽ được công khai từ ngày {short_date(publication.starts_on)} đến hết ngày "
                        f"{short_date(publication.ends_on)}: chưa ban hành được trước khi hết thời hạn công khai.")
    elif today <= publication.ends_on:
        blockers.append(f"Danh sách đang được công khai đến hết ngày {short_date(publication.ends_on)}.")
    pending = _counts(publication)[2]
    if pending:
        blockers.append(f"Còn {pending} ý kiến phản ánh chưa được xử lý.")
    return blockers


def _two(count: int) -> str:
    return f"{count:02d}"


def summary_sentence(session: CouncilSession, today: dt.date | None = None) -> str:
    """The sentence the minutes or a submission cite: '' when the list was not published; else 'Danh sách đề
    nghị khen thưởng đã được công khai từ ngày 02/01/2026 đến ngày 08/01/2026; có 02 ý kiến phản ánh, đã xem
    xét và xử lý: 01 ý kiến được tiếp thu, 01 ý kiến không được chấp nhận.' (or '…; không có ý kiến phản
    ánh.')."""
    publication = publication_of(session)
    if publication is None:
        return ""
    today = today or _today()
    verb = "đang được công khai" if today <= publication.ends_on else "đã được công khai"
    head = (f"Danh sách đề nghị khen thưởng {verb} từ ngày {short_date(publication.starts_on)} "
            f"đến ngày {short_date(publication.ends_on)}")
    accepted, rejected, pending = _counts(publication)
    total = accepted + rejected + pending
    if not total:
        return f"{head}; không có ý kiến phản ánh."
    parts = []
    if accepted:
        parts.append(f"{_two(accepted)} ý kiến được tiếp thu")
    if rejected:
        parts.append(f"{_two(rejected)} ý kiến không được chấp nhận")
    if not pending:
        return f"{head}; có {_two(total)} ý kiến phản ánh, đã xem xét và xử lý: {', '.join(parts)}."
    parts.append(f"{_two(pending)} ý kiến đang được xem xét")
    return f"{head}; có {_two(total)} ý kiến phản ánh: {', '.join(parts)}."


# --- the office's writes ------------------------------------------------------------------------------------


def parse_window(starts_on_text: str, days_text: str, today: dt.date) -> tuple[dt.date, int]:
    problems = {}
    text = (starts_on_text or "").strip()
    starts_on = parse_date(text) if len(text) <= 20 else None
    if not text:
        problems["starts_on"] = "Hãy nhập ngày bắt đầu công khai dạng ngày/tháng/năm (ví dụ 05/12/2027)."
    elif starts_on is None:
        problems["starts_on"] = "Ngày không hợp lệ: hãy nhập dạng ngày/tháng/năm, ví dụ 05/12/2027."
    elif starts_on < today:
        problems["starts_on"] = f"Ngày bắt đầu công khai không thể trước hôm nay ({short_date(today)})."
    elif starts_on > today + dt.timedelta(days=365):
        problems["starts_on"] = "Ngày bắt đầu công khai không quá một năm kể từ hôm nay."
    days_value = (days_text or "").strip()
    days = None
    if not days_value:
        problems["days"] = f"Hãy nhập số ngày công khai (từ {DAYS_MIN} đến {DAYS_MAX})."
    elif not (days_value.isascii() and days_value.isdigit()) or not DAYS_MIN <= int(days_value) <= DAYS_MAX:
        problems["days"] = f"Số ngày công khai là một số nguyên từ {DAYS_MIN} đến {DAYS_MAX}."
    else:
        days = int(days_value)
    if problems:
        raise ServiceError.of(problems)
    return starts_on, days  # type: ignore[return-value]


@transactional
def publish(actor: User, session: CouncilSession, *, starts_on_text: str, days_text: str, note: str = "",
            today: dt.date | None = None) -> Publication:
    """Publish the approved session's recommended list from `starts_on_text` for `days_text` days."""
    _require_office(actor)
    if session.status != SessionStatus.APPROVED:
        raise ServiceError("Chỉ công khai danh sách khi Chủ tịch Hội đồng đã phê duyệt kết quả phiên họp.")
    current = publication_of(session)
    if current is not None:
        raise ServiceError(f"Danh sách của phiên họp đã được công khai từ ngày {short_date(current.starts_on)} "
                           f"đến ngày {short_date(current.ends_on)}: hãy thu hồi trước khi công khai lại.")
    if not recommended_nominations(session):
        raise ServiceError("Phiên họp không có tập thể, cá nhân nào được đề nghị khen thưởng để công khai.")
    documents = _listing_documents(session)
    if documents and all(d.status == DocumentStatus.ISSUED for d in documents):
        raise ServiceError("Mọi quyết định và tờ trình của phiên họp đã ban hành: việc công khai phải làm trước "
                           "khi ban hành.")
    today = today or _today()
    note_text = _multiline(note)
    problems = {}
    try:
        starts_on, days = parse_window(starts_on_text, days_text, today)
    except ServiceError as error:
        problems.update(error.problems)
    if len(note_text) > NOTE_MAX:
        problems["note"] = f"Tối đa {number(NOTE_MAX)} ký tự (đã nhập {number(len(note_text))})."
    if problems:
        raise ServiceError.of(problems)
    publication = Publication(session_id=session.id, starts_on=starts_on,
                              ends_on=starts_on + dt.timedelta(days=days - 1), note=note_text,
                              created_by_id=actor.id)
    db.session.add(publication)
    db.session.flush()
    audit.record("publication.publish", publication, actor=actor,
                 summary=f"Công khai danh sách đề nghị khen thưởng của «{session.title}» từ ngày "
                         f"{short_date(publication.starts_on)} đến ngày {short_date(publication.ends_on)}")
    return publication


@transactional
def withdraw(actor: User, publication: Publication, reason: str, seen_version=None) -> Publication:
    """Take the publication back, with the reason. Refused once a decision or submission of the session was
    issued after it was published (those documents rest on it)."""
    _require_office(actor)
    check_version(publication, seen_version)
    if publication.withdrawn_at is not None:
        raise ServiceError("Danh sách này đã được thu hồi.")
    text = _multiline(reason)
    if len(text) < 5:
        raise ServiceError("Hãy ghi lý do thu hồi.", "reason")
    if len(text) > NOTE_MAX:
        raise ServiceError(f"Tối đa {number(NOTE_MAX)} ký tự (đã nhập {number(len(text))}).", "reason")
    if any(d.status == DocumentStatus.ISSUED and d.issued_at and d.issued_at >= publication.created_at
           for d in _listing_documents(publication.session)):
        raise ServiceError("Đã có văn bản của phiên họp được ban hành sau khi công khai: không thu hồi được.")
    publication.withdrawn_at = utcnow()
    publication.withdrawn_by_id = actor.id
    publication.withdrawn_reason = text
    audit.record("publication.withdraw", publication, actor=actor,
                 summary=f"Thu hồi danh sách công khai của «{publication.session.title}»: {text[:200]}")
    return publication


@transactional
def handle_objection(actor: User, objection: Objection, *, handling: str, note: str,
                     seen_version=None) -> Objection:
    """Record how the office handled the objection: 'accepted' (the note says what it changes) or 'rejected'
    (the note gives the reasoning), who and when. A handled objection may be revised until a decision or
    submission of the session is issued."""
    _require_office(actor)
    check_version(objection, seen_version)
    problems = {}
    if handling not in Handling.ALL:
        problems["handling"] = "Hãy chọn tiếp thu hoặc không chấp nhận."
    text = _multiline(note)
    if len(text) < HANDLING_NOTE_MIN:
        problems["note"] = ("Hãy ghi nội dung tiếp thu (điều gì thay đổi)." if handling == Handling.ACCEPTED
                            else "Hãy ghi lý do, căn cứ không chấp nhận." if handling == Handling.REJECTED
                            else "Hãy ghi nội dung xử lý.") + f" Ít nhất {HANDLING_NOTE_MIN} ký tự."
    elif len(text) > HANDLING_NOTE_MAX:
        problems["note"] = f"Tối đa {number(HANDLING_NOTE_MAX)} ký tự (đã nhập {number(len(text))})."
    if problems:
        raise ServiceError.of(problems)
    if objection.handling is not None and any(d.status == DocumentStatus.ISSUED
                                              for d in _listing_documents(objection.publication.session)):
        raise ServiceError("Văn bản của phiên họp đã ban hành: không sửa được việc xử lý ý kiến phản ánh.")
    before = {"handling": objection.handling, "handling_note": objection.handling_note}
    objection.handling = handling
    objection.handling_note = text
    objection.handled_at = utcnow()
    objection.handled_by_id = actor.id
    audit.record("objection.handle", objection, actor=actor,
                 summary=f"Xử lý ý kiến phản ánh số {objection.id}: {Handling.LABELS[handling].lower()}",
                 changes=audit.diff(before, {"handling": handling, "handling_note": text}))
    return objection


# --- everyone's write ---------------------------------------------------------------------------------------


@transactional
def file_objection(actor: User, publication: Publication, *, nomination_id, text: str,
                   today: dt.date | None = None) -> Objection:
    """An account's objection about one recommended nominee (`nomination_id`) or the list (None), while the
    publication is open."""
    permissions.can_object(actor, publication, today).require()
    problems = {}
    body = _multiline(text)
    if len(body) < TEXT_MIN:
        problems["text"] = (f"Hãy ghi nội dung ý kiến phản ánh (ít nhất {TEXT_MIN} ký tự)." if not body
                            else f"Nội dung quá ngắn: ít nhất {TEXT_MIN} ký tự (đã nhập {len(body)}).")
    elif len(body) > TEXT_MAX:
        problems["text"] = f"Tối đa {number(TEXT_MAX)} ký tự (đã nhập {number(len(body))})."
    chosen = None
    raw = str(nomination_id if nomination_id is not None else "").strip()
    if raw:
        ids = {n.id for n in recommended_nominations(publication.session)}
        if not (raw.isascii() and raw.isdigit()) or int(raw) not in ids:
            problems["nomination_id"] = "Hãy chọn một tập thể, cá nhân có trong danh sách công khai."
        else:
            chosen = int(raw)
    if problems:
        raise ServiceError.of(problems)
    mine = db.session.scalars(select(Objection.text).where(Objection.publication_id == publication.id,
                                                           Objection.author_id == actor.id)).all()
    if body in mine:
        raise ServiceError("Bạn đã gửi đúng ý kiến này rồi.", "text")
    if len(mine) >= PER_AUTHOR_MAX:
        raise ServiceError(f"Mỗi tài khoản gửi tối đa {PER_AUTHOR_MAX} ý kiến về một danh sách công khai.", "text")
    objection = Objection(publication_id=publication.id, nomination_id=chosen, author_id=actor.id,
                          author_name=actor.full_name[:120], text=body)
    db.session.add(objection)
    db.session.flush()
    audit.record("objection.file", objection, actor=actor,
                 summary=f"Gửi ý kiến phản ánh về danh sách công khai của «{publication.session.title}»")
    return objection
