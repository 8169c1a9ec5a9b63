"""The certificates (Giấy khen) of an issued decision, printed on the office's pre-printed blanks.

- The blanks (phôi, `CertificateProfile`): created and edited by the office (`create_profile`,
  `update_profile`), each checked field by field (inside the sheet, font sizes 6–72 pt, widths above 0, the
  printer offset within ±50 mm) with the message beside the field.
- `certificates_for`: an issued decision turned into the certificates' texts (documents/certificate_pdf.py
  lays them out): the awardee's name, position and unit as the decision's list writes them
  (decisions.position_unit), the reason from the decision's texts ("Đã có thành tích …"), the award form,
  the decision's number and date, the place and date, the signer as the decision was signed
  (decisions.signing_block).
- `print_pdf`: one, a selection or all of a decision's certificates on a chosen blank (the blank linked to the
  decision's award form by default), recorded in the audit log. A draft is never printed: its number and
  date do not exist yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from .. import permissions
from ..documents.certificate_pdf import (
    ALIGNS,
    FIELD_KEYS,
    FIELD_LABELS,
    OFFSET_LIMIT,
    SAMPLES,
    SIZE_MAX,
    SIZE_MIN,
    Certificate,
    FieldBox,
    Profile,
    build_calibration_page,
    build_certificates,
    default_fields,
    mm_text,
    suggested_box,
)
from ..documents.layout import place_date_line
from ..extensions import db
from ..models import AwardForm, DocumentEntry, DocumentKind, DocumentStatus, OfficialDocument, Unit, User
from ..models.records import ORIENTATIONS, PAPERS, CertificateProfile
from ..vietnamese import clean_text, fold, short_date
from . import PermissionDenied, ServiceError, audit, check_version, decisions, transactional
from .org import get_agency

NAME_LIMIT = 120
NOTE_LIMIT = 2000
DRAFT_MESSAGE = ("Quyết định còn là dự thảo: chỉ in giấy khen khi quyết định đã ban hành (đã có số, ngày ký).")


# --- the blanks -----------------------------------------------------------------------------------------------


@dataclass
class FieldInput:
    """One field's row of the profile form, as typed (None: left empty, or not a number)."""

    enabled: bool = False
    x: Decimal | None = None
    y: Decimal | None = None
    width: Decimal | None = None
    size: Decimal | None = None
    align: str = "C"
    bold: bool = False
    italic: bool = False


@dataclass
class ProfileInput:
    name: str = ""
    paper: str = "A4"
    orientation: str = "landscape"
    offset_x: Decimal | None = Decimal(0)
    offset_y: Decimal | None = Decimal(0)
    award_form_id: int | None = None
    note: str = ""
    active: bool = True
    fields: dict[str, FieldInput] = field(default_factory=dict)

    @classmethod
    def of(cls, profile: CertificateProfile) -> ProfileInput:
        boxes = profile.fields or {}
        return cls(name=profile.name, paper=profile.paper, orientation=profile.orientation,
                   offset_x=Decimal(str(profile.offset_x_mm or 0)), offset_y=Decimal(str(profile.offset_y_mm or 0)),
                   award_form_id=profile.award_form_id, note=profile.note or "", active=profile.active,
                   fields={key: _input_of(FieldBox.of(boxes[key]), True) if key in boxes
                           else _input_of(suggested_box(key, profile.paper, profile.orientation), False)
                           for key in FIELD_KEYS})

    @classmethod
    def default(cls, paper: str = "A4", orientation: str = "landscape") -> ProfileInput:
        paper = paper if paper in PAPERS else "A4"
        orientation = orientation if orientation in ORIENTATIONS else "landscape"
        boxes = default_fields(paper, orientation)
        return cls(paper=paper, orientation=orientation,
                   fields={key: _input_of(suggested_box(key, paper, orientation), key in boxes)
                           for key in FIELD_KEYS})


def _decimal(value: float) -> Decimal:
    if value is None:
        return None
    exact = Decimal(f"{float(value):.1f}")
    return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact


def _input_of(box: FieldBox, enabled: bool) -> FieldInput:
    return FieldInput(enabled=enabled, x=_decimal(box.x), y=_decimal(box.y), width=_decimal(box.width),
                      size=_decimal(box.size), align=box.align, bold=box.bold, italic=box.italic)


def profiles(*, active_only: bool = False) -> list[CertificateProfile]:
    query = select(CertificateProfile).options(joinedload(CertificateProfile.award_form))
    if active_only:
        query = query.where(CertificateProfile.active.is_(True))
    return list(db.session.scalars(query.order_by(CertificateProfile.active.desc(), CertificateProfile.name,
                                                  CertificateProfile.id)))


def award_form_choices() -> list[tuple[int, str]]:
    return [(f.id, f.name) for f in db.session.scalars(
        select(AwardForm).where(AwardForm.active.is_(True)).order_by(AwardForm.position, AwardForm.id))]


def profile_of(row: CertificateProfile) -> Profile:
    """The builder's dataclass of a stored blank."""
    boxes = {key: FieldBox.of(value) for key, value in (row.fields or {}).items()
             if key in FIELD_KEYS and isinstance(value, dict)}
    return Profile(paper=row.paper, orientation=row.orientation, offset_x=float(row.offset_x_mm or 0),
                   offset_y=float(row.offset_y_mm or 0), fields=boxes, name=row.name)


def profile_from_input(data: ProfileInput) -> Profile:
    """The builder's dataclass of the form's values (the preview of a form not saved yet); fields that are
    not whole (an empty box) are left out."""
    boxes = {}
    for key in FIELD_KEYS:
        row = data.fields.get(key)
        if row is None or not row.enabled or None in (row.x, row.y, row.width, row.size):
            continue
        boxes[key] = FieldBox(float(row.x), float(row.y), float(row.width), float(row.size),
                              row.align if row.align in ALIGNS else "C", row.bold, row.italic)
    paper = data.paper if data.paper in PAPERS else "A4"
    orientation = data.orientation if data.orientation in ORIENTATIONS else "landscape"
    return Profile(paper=paper, orientation=orientation, offset_x=float(data.offset_x or 0),
                   offset_y=float(data.offset_y or 0), fields=boxes, name=data.name)


def _check(data: ProfileInput, profile: CertificateProfile | None) -> dict:
    """The problems of the form's values, by form field name ('name', 'offset_x', 'reason_width' …); or the
    values to store."""
    problems: dict[str, str] = {}
    name = clean_text(data.name)
    if not name:
        problems["name"] = "Hãy nhập tên phôi (ví dụ «Phôi Giấy khen của Trưởng Ban (A4 ngang)»)."
    elif len(name) > NAME_LIMIT:
        problems["name"] = f"Tên phôi tối đa {NAME_LIMIT} ký tự."
    else:
        taken = db.session.execute(select(CertificateProfile.id, CertificateProfile.name)).all()
        if any((profile is None or row_id != profile.id) and other.casefold() == name.casefold()
               for row_id, other in taken):
            problems["name"] = f"Đã có phôi tên «{name}»: hãy đặt tên khác."
    if data.paper not in PAPERS:
        problems["paper"] = "Hãy chọn khổ giấy A4 hoặc A3."
    if data.orientation not in ORIENTATIONS:
        problems["orientation"] = "Hãy chọn khổ ngang hoặc khổ dọc."
    for key, label in (("offset_x", "ngang"), ("offset_y", "dọc")):
        value = getattr(data, key)
        if value is None:
            problems[key] = f"Hãy nhập độ lệch {label} của máy in (mm, 0 nếu không lệch)."
        elif not -OFFSET_LIMIT <= value <= OFFSET_LIMIT:
            problems[key] = f"Độ lệch máy in từ −{OFFSET_LIMIT} đến {OFFSET_LIMIT} mm (đã nhập {mm_text(value)})."
    if data.award_form_id is not None and db.session.get(AwardForm, data.award_form_id) is None:
        problems["award_form_id"] = "Hình thức khen thưởng không có trong danh mục."
    if len(data.note or "") > NOTE_LIMIT:
        problems["note"] = f"Ghi chú tối đa {NOTE_LIMIT} ký tự."
    sheet = Profile(paper=data.paper if data.paper in PAPERS else "A4",
                    orientation=data.orientation if data.orientation in ORIENTATIONS else "landscape")
    sheet_w, sheet_h = sheet.size_mm
    boxes: dict[str, dict] = {}
    for key in FIELD_KEYS:
        row = data.fields.get(key)
        if row is None or not row.enabled:
            continue
        label = FIELD_LABELS[key]
        for part, what in (("x", "vị trí ngang (x)"), ("y", "vị trí dọc (y)"), ("width", "độ rộng"),
                           ("size", "cỡ chữ")):
            if getattr(row, part) is None:
                problems[f"{key}_{part}"] = f"Hãy nhập {what} của ô «{label}»."
        if row.x is not None and not 0 <= row.x < sheet_w:
            problems[f"{key}_x"] = f"Vị trí ngang phải nằm trong tờ giấy: từ 0 đến dưới {mm_text(sheet_w)} mm."
        if row.y is not None and not 0 <= row.y < sheet_h:
            problems[f"{key}_y"] = f"Vị trí dọc phải nằm trong tờ giấy: từ 0 đến dưới {mm_text(sheet_h)} mm."
        if row.width is not None:
            if row.width <= 0:
                problems[f"{key}_width"] = "Độ rộng phải lớn hơn 0 mm."
            elif row.x is not None and 0 <= row.x < sheet_w and row.x + row.width > sheet_w:
                problems[f"{key}_width"] = (f"Ô vượt mép phải của tờ giấy: x + độ rộng = {mm_text(row.x + row.width)} mm, "
                                            f"tờ giấy rộng {mm_text(sheet_w)} mm.")
        if row.size is not None and not SIZE_MIN <= row.size <= SIZE_MAX:
            problems[f"{key}_size"] = f"Cỡ chữ từ {SIZE_MIN} đến {SIZE_MAX} pt (đã nhập {mm_text(row.size)})."
        if row.align not in ALIGNS:
            problems[f"{key}_align"] = "Hãy chọn căn trái, giữa hoặc phải."
        if not any(k.startswith(f"{key}_") for k in problems):
            boxes[key] = FieldBox(float(row.x), float(row.y), float(row.width), float(row.size), row.align,
                                  bool(row.bold), bool(row.italic)).as_dict()
    if not any(row.enabled for row in data.fields.values()):
        problems["fields"] = "Hãy chọn ít nhất một ô để in trên phôi."
    if problems:
        raise ServiceError.of(problems)
    return {"name": name, "paper": data.paper, "orientation": data.orientation,
            "offset_x_mm": Decimal(data.offset_x).quantize(Decimal("0.1")),
            "offset_y_mm": Decimal(data.offset_y).quantize(Decimal("0.1")),
            "award_form_id": data.award_form_id, "note": (data.note or "").strip(), "active": bool(data.active),
            "fields": boxes}


def _require_office(actor: User) -> None:
    answer = permissions.can_keep_records(actor)
    if not answer:
        raise PermissionDenied(answer.reason)


def _fields_text(boxes: dict) -> str:
    """The audit log's reading of the boxes: 'Họ và tên: x 38, y 84, rộng 221, cỡ 24, giữa, đậm; …'."""
    aligns = {"L": "trái", "C": "giữa", "R": "phải"}
    parts = []
    for key in FIELD_KEYS:
        box = boxes.get(key)
        if box is None:
            continue
        style = ", ".join(s for s, on in (("đậm", box.get("bold")), ("nghiêng", box.get("italic"))) if on)
        parts.append(f"{FIELD_LABELS[key]}: x {mm_text(box['x'])}, y {mm_text(box['y'])}, rộng {mm_text(box['width'])}, "
                     f"cỡ {mm_text(box['size'])}, {aligns.get(box.get('align'), '')}" + (f", {style}" if style else ""))
    return "; ".join(parts)


def _audit_value(key: str, value):
    if key == "fields":
        return _fields_text(value or {})
    if key == "orientation":
        return ORIENTATIONS.get(value, value)
    if isinstance(value, Decimal):
        return mm_text(value)
    return value


@transactional
def create_profile(actor: User, data: ProfileInput) -> CertificateProfile:
    _require_office(actor)
    values = _check(data, None)
    profile = CertificateProfile(**values)
    db.session.add(profile)
    audit.record("certificate_profile.create", profile, actor=actor, summary=f"Khai báo phôi giấy khen «{profile.name}»",
                 changes={k: [None, _audit_value(k, v)] for k, v in values.items()})
    return profile


@transactional
def update_profile(actor: User, profile: CertificateProfile, data: ProfileInput, seen_version=None) -> None:
    _require_office(actor)
    check_version(profile, seen_version)
    values = _check(data, profile)
    changes = {}
    for key, value in values.items():
        old = getattr(profile, key)
        same = (Decimal(str(old or 0)) == value) if isinstance(value, Decimal) else old == value
        if not same:
            changes[key] = [_audit_value(key, old), _audit_value(key, value)]
            setattr(profile, key, value)
    if not changes:
        return
    audit.record("certificate_profile.update", profile, actor=actor, summary=f"Sửa phôi giấy khen «{profile.name}»",
                 changes=changes)


def calibration_pdf(actor: User, profile: CertificateProfile | ProfileInput) -> bytes:
    _require_office(actor)
    built = profile_of(profile) if isinstance(profile, CertificateProfile) else profile_from_input(profile)
    return build_calibration_page(built)


# --- the certificates of a decision ------------------------------------------------------------------------------


def printable_decisions(limit: int = 100) -> list[tuple[OfficialDocument, int]]:
    """The issued decisions, the latest first, with how many awardees each lists."""
    counts = (select(DocumentEntry.document_id, func.count(DocumentEntry.id).label("n"))
              .group_by(DocumentEntry.document_id).subquery())
    rows = db.session.execute(
        select(OfficialDocument, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.document_id == OfficialDocument.id)
        .where(OfficialDocument.kind == DocumentKind.DECISION, OfficialDocument.status == DocumentStatus.ISSUED)
        .options(joinedload(OfficialDocument.award_form))
        .order_by(OfficialDocument.issued_on.desc(), OfficialDocument.number.desc(), OfficialDocument.id.desc())
        .limit(limit)).all()
    return [(document, n) for document, n in rows]


def require_printable(document: OfficialDocument) -> None:
    if document.kind != DocumentKind.DECISION:
        raise ServiceError("Chỉ in giấy khen theo một quyết định khen thưởng.")
    if not document.is_issued:
        raise ServiceError(DRAFT_MESSAGE)


def default_profile(document: OfficialDocument, choices: Iterable[CertificateProfile] | None = None) \
        -> CertificateProfile | None:
    """The active blank linked to the decision's award form; else one for any form; else the first active."""
    rows = [p for p in (choices if choices is not None else profiles(active_only=True)) if p.active]
    return (next((p for p in rows if p.award_form_id and p.award_form_id == document.award_form_id), None)
            or next((p for p in rows if p.award_form_id is None), None)
            or (rows[0] if rows else None))


def reason_text(document: OfficialDocument) -> str:
    """'Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm 2025.' from the decision's reason (Điều 1)."""
    reason = decisions.texts_of(document).get("reason", "").strip().rstrip(".")
    if not reason:
        return ""
    if fold(reason).startswith(fold("đã có thành tích")):
        return reason[0].upper() + reason[1:] + "."
    return f"Đã có thành tích {reason}."


def decision_line(document: OfficialDocument) -> str:
    """'Quyết định số 46/QĐ-KKTKCN ngày 30/12/2025'."""
    return f"Quyết định số {document.number_text} ngày {short_date(document.issued_on)}"


def preload_units() -> list[Unit]:
    """Every unit in the session's identity map, so the chains of the awardees' units (position_unit) are
    read without one query per parent: one query whatever the list's size."""
    return list(db.session.scalars(select(Unit)))


def certificates_for(document: OfficialDocument, entry_ids: Iterable[int] | None = None) -> list[Certificate]:
    """The certificates of an issued decision (load it with decisions.load_document), in the list's order:
    every awardee, or only the entries `entry_ids` names."""
    require_printable(document)
    entries = list(document.entries)
    if entry_ids is not None:
        wanted = {int(i) for i in entry_ids}
        unknown = wanted - {e.id for e in entries}
        if unknown:
            raise ServiceError("Có người được chọn không có trong quyết định này: hãy tải lại trang.", "entries")
        entries = [e for e in entries if e.id in wanted]
    if not entries:
        raise ServiceError("Hãy chọn ít nhất một tập thể, cá nhân để in giấy khen.", "entries")
    agency = get_agency()
    units = preload_units()  # noqa: F841  (kept alive while the chains are read)
    texts = decisions.texts_of(document)
    block = decisions.signing_block(agency, decisions.signer_row(texts)) if agency is not None else None
    place = place_date_line(agency.place_name if agency else "", document.issued_on)
    common = {
        "reason": reason_text(document),
        "decision": decision_line(document),
        "place_date": place,
        "signer_title": "\n".join(block.lines) if block else "",
        "signer_name": document.signer_name or (block.full_name if block else ""),
    }
    positions = {e.id: number for number, e in enumerate(document.entries, start=1)}
    certificates = []
    for entry in entries:
        nomination = entry.nomination
        certificates.append(Certificate({
            **common,
            "name": nomination.nominee_name,
            "position_unit": decisions.position_unit(nomination, agency),
            "award": nomination.award_form.name if nomination.award_form else "",
            "book_number": f"Số vào sổ: {positions[entry.id]:02d}/{document.number_text}",
        }))
    return certificates


def sample_texts(document: OfficialDocument | None) -> dict[str, str]:
    """The preview's texts: the first awardee's real certificate when a decision is chosen, else samples."""
    if document is not None and document.is_issued and document.entries:
        return certificates_for(document, [document.entries[0].id])[0].texts
    return dict(SAMPLES)


@transactional
def print_pdf(actor: User, document: OfficialDocument, profile: CertificateProfile,
              entry_ids: Iterable[int] | None = None) -> bytes:
    """The chosen certificates of an issued decision on `profile`'s blank, one page each (the office)."""
    _require_office(actor)
    if profile is None:
        raise ServiceError("Hãy chọn phôi giấy khen (khai báo phôi trước nếu chưa có).", "profile_id")
    if not profile.active:
        raise ServiceError(f"Phôi «{profile.name}» đã ngừng sử dụng: hãy chọn phôi khác.", "profile_id")
    certificates = certificates_for(document, entry_ids)
    data = build_certificates(profile_of(profile), certificates)
    count = len(certificates)
    audit.record("certificate.print", document, actor=actor,
                 summary=f"In {count} giấy khen theo Quyết định số {document.number_text} "
                         f"trên phôi «{profile.name}»",
                 changes={"count": [None, count], "profile": [None, profile.name]})
    return data


def filename(document: OfficialDocument) -> str:
    from .reports import ascii_slug

    return (ascii_slug(f"giay-khen-{document.number:02d}-{document.symbol}") or f"giay-khen-{document.id}") + ".pdf"
