"""In giấy khen (/giay-khen): the office's blanks (phôi) with their calibration page and a preview of the
layout, and the certificates of an issued decision printed on one of them (one, a selection, or all).
Thin: every write and every check in services/certificates.py. The office alone (permissions.can_keep_records)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from ... import permissions
from ...documents.certificate_pdf import ALIGNS, FIELD_KEYS, FIELDS, PT_TO_MM, box_height, place_lines
from ...extensions import db
from ...models import DocumentKind
from ...models.records import ORIENTATIONS, PAPERS, CertificateProfile
from ...services import PermissionDenied, ServiceError, decisions
from ...services import certificates as service
from .. import get_or_404, refuse, reopens_at
from ..forms import BaseForm, VietnameseDecimalField
from . import bp

ALIGN_LABELS = {"L": "Trái", "C": "Giữa", "R": "Phải"}
PARTS = ("x", "y", "width", "size")


class ProfileForm(BaseForm):
    version = HiddenField()
    name = StringField("Tên phôi", validators=[Optional(), Length(max=service.NAME_LIMIT)],
                       render_kw={"placeholder": "Phôi Giấy khen của Trưởng Ban (A4 ngang)"})
    paper = SelectField("Khổ giấy", choices=list(PAPERS.items()), validate_choice=False)
    orientation = SelectField("Chiều giấy", choices=list(ORIENTATIONS.items()), validate_choice=False)
    offset_x = VietnameseDecimalField("Độ lệch ngang của máy in (mm)", places=1, example="1,5",
                                      description="Dương: dịch sang phải; âm: sang trái.")
    offset_y = VietnameseDecimalField("Độ lệch dọc của máy in (mm)", places=1, example="-2",
                                      description="Dương: dịch xuống; âm: lên.")
    award_form_id = SelectField("Dùng mặc định cho hình thức khen thưởng", choices=[], validate_choice=False)
    note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=service.NOTE_LIMIT)])
    active = BooleanField("Đang sử dụng")


for _spec in FIELDS:
    _key = _spec.key
    setattr(ProfileForm, f"{_key}_enabled", BooleanField(f"In ô «{_spec.label}»"))
    setattr(ProfileForm, f"{_key}_x", VietnameseDecimalField("x (mm)", places=1, example="38,5"))
    setattr(ProfileForm, f"{_key}_y", VietnameseDecimalField("y (mm)", places=1, example="84"))
    setattr(ProfileForm, f"{_key}_width", VietnameseDecimalField("Rộng (mm)", places=1, example="221"))
    setattr(ProfileForm, f"{_key}_size", VietnameseDecimalField(
        "Cỡ chữ (pt)", [Optional(), NumberRange(min=0)], places=1, example="14"))
    setattr(ProfileForm, f"{_key}_align", SelectField("Căn", choices=list(ALIGN_LABELS.items()),
                                                      validate_choice=False))
    setattr(ProfileForm, f"{_key}_bold", BooleanField("Đậm"))
    setattr(ProfileForm, f"{_key}_italic", BooleanField("Nghiêng"))


def _profile_form(formdata=None, data: service.ProfileInput | None = None) -> ProfileForm:
    form = ProfileForm(formdata=formdata)
    form.award_form_id.choices = [("", "— Mọi hình thức —")] + [(str(i), n) for i, n in service.award_form_choices()]
    if formdata is None and data is not None:
        form.name.data, form.paper.data, form.orientation.data = data.name, data.paper, data.orientation
        form.offset_x.data, form.offset_y.data = data.offset_x, data.offset_y
        form.award_form_id.data = str(data.award_form_id or "")
        form.note.data, form.active.data = data.note, data.active
        for key, row in data.fields.items():
            getattr(form, f"{key}_enabled").data = row.enabled
            for part in PARTS:
                getattr(form, f"{key}_{part}").data = getattr(row, part)
            getattr(form, f"{key}_align").data = row.align
            getattr(form, f"{key}_bold").data = row.bold
            getattr(form, f"{key}_italic").data = row.italic
    return form


def _input_of(form: ProfileForm) -> service.ProfileInput:
    award = form.award_form_id.data or ""
    return service.ProfileInput(
        name=form.name.data or "", paper=form.paper.data or "", orientation=form.orientation.data or "",
        offset_x=form.offset_x.data, offset_y=form.offset_y.data,
        award_form_id=int(award) if str(award).isdigit() else None, note=form.note.data or "",
        active=bool(form.active.data),
        fields={key: service.FieldInput(
            enabled=bool(getattr(form, f"{key}_enabled").data),
            **{part: getattr(form, f"{key}_{part}").data for part in PARTS},
            align=getattr(form, f"{key}_align").data or "C", bold=bool(getattr(form, f"{key}_bold").data),
            italic=bool(getattr(form, f"{key}_italic").data)) for key in FIELD_KEYS})


def _require_office() -> None:
    permissions.can_keep_records(current_user).require()


def _preview(data: service.ProfileInput, document=None) -> dict:
    """The sheet at scale with every box and its sample text (the first awardee's when a decision is chosen)."""
    profile = service.profile_from_input(data)
    try:
        texts = service.sample_texts(document)
    except ServiceError:
        texts = service.sample_texts(None)
    width, height = profile.size_mm
    boxes = [{"key": key, "label": spec.label, "box": profile.fields[key], "height": box_height(key, profile.fields[key])}
             for spec in FIELDS if (key := spec.key) in profile.fields]
    return {"width": width, "height": height, "boxes": boxes, "lines": place_lines(profile, texts),
            "pt": PT_TO_MM}


def _samples() -> list:
    return [document for document, count in service.printable_decisions(50) if count]


def _form_page(form: ProfileForm, profile: CertificateProfile | None, status: int = 200):
    document = None
    chosen = request.args.get("quyet-dinh", "")
    if chosen.isdigit():
        document = decisions.load_document(int(chosen))
        if document is None or document.kind != DocumentKind.DECISION or not document.is_issued:
            document = None
    data = _input_of(form)
    return render_template("records/certificate_profile.html", tab="certificates", form=form, profile=profile,
                           field_specs=FIELDS, preview=_preview(data, document), samples=_samples(),
                           sample=document, aligns=ALIGNS), status


# --- the index -------------------------------------------------------------------------------------------------


@bp.get("/giay-khen")
@login_required
def certificates():
    _require_office()
    return render_template("records/certificates.html", tab="certificates", profiles=service.profiles(),
                           documents=service.printable_decisions())


# --- the blanks ------------------------------------------------------------------------------------------------


@bp.route("/giay-khen/phoi/moi", methods=["GET", "POST"])
@login_required
def new_profile():
    _require_office()
    if request.method == "GET":
        data = service.ProfileInput.default(request.args.get("kho", "A4"), request.args.get("chieu", "landscape"))
        return _form_page(_profile_form(data=data), None)
    form = _profile_form(formdata=request.form)
    if not form.validate_on_submit():
        return _form_page(form, None, 422)
    try:
        profile = service.create_profile(current_user, _input_of(form))
    except ServiceError as err:
        refuse(err, form)
        return _form_page(form, None, 422)
    flash(f"Đã lưu phôi «{profile.name}». In trang căn chỉnh trên một tờ phôi để kiểm tra vị trí.", "success")
    return redirect(url_for("records.certificate_profile", profile_id=profile.id))


@bp.route("/giay-khen/phoi/<int:profile_id>", methods=["GET", "POST"])
@login_required
def certificate_profile(profile_id: int):
    _require_office()
    profile = get_or_404(CertificateProfile, profile_id)
    if request.method == "GET":
        form = _profile_form(data=service.ProfileInput.of(profile))
        form.version.data = profile.version
        return _form_page(form, profile)
    form = _profile_form(formdata=request.form)
    if not form.validate_on_submit():
        return _form_page(form, profile, 422)
    try:
        service.update_profile(current_user, profile, _input_of(form), seen_version=form.version.data)
    except ServiceError as err:
        refuse(err, form)
        return _form_page(form, profile, 422)
    flash(f"Đã lưu phôi «{profile.name}».", "success")
    return redirect(url_for("records.certificate_profile", profile_id=profile.id))


@bp.get("/giay-khen/phoi/<int:profile_id>/can-chinh.pdf")
@login_required
def calibration(profile_id: int):
    _require_office()
    profile = get_or_404(CertificateProfile, profile_id)
    data = service.calibration_pdf(current_user, profile)
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                     download_name=f"can-chinh-phoi-{profile.id}.pdf", max_age=0)


# --- printing a decision's certificates -----------------------------------------------------------------------------


def _decision_or_404(document_id: int):
    document = decisions.load_document(document_id)
    if document is None or document.kind != DocumentKind.DECISION:
        abort(404)
    return document


def _print_page(document, *, message: str = "", selected=None, profile_id=None, status: int = 200):
    choices = service.profiles(active_only=True)
    units = service.preload_units()  # the awardees' unit chains without a query per parent
    if profile_id is None:
        default = service.default_profile(document, choices)
        profile_id = default.id if default else None
    return render_template(
        "records/certificate_print.html", tab="certificates", document=document, profiles=choices,
        profile_id=profile_id, message=message, position_unit=decisions.position_unit,
        selected=set(selected) if selected is not None else {e.id for e in document.entries},
        draft_message=None if document.is_issued else service.DRAFT_MESSAGE, units=units), status


@bp.get("/giay-khen/quyet-dinh/<int:document_id>")
@login_required
def certificate_decision(document_id: int):
    _require_office()
    # ?chon=khong: every box unticked, to tick the few to print
    return _print_page(_decision_or_404(document_id), selected=[] if request.args.get("chon") == "khong" else None)


@bp.route("/giay-khen/quyet-dinh/<int:document_id>/in", methods=["GET", "POST"])
@login_required
@reopens_at("records.certificate_decision")
def print_certificates(document_id: int):
    _require_office()
    document = _decision_or_404(document_id)
    form = BaseForm()
    chosen = [int(v) for v in request.form.getlist("entries") if v.isdigit()]
    only = request.form.get("only", "")
    entry_ids = [int(only)] if only.isdigit() else (None if request.form.get("all") else chosen)
    raw_profile = request.form.get("profile_id", "")
    profile = db.session.get(CertificateProfile, int(raw_profile)) if raw_profile.isdigit() else None
    if not form.validate_on_submit():
        return _print_page(document, message="; ".join(form.form_errors) or "Biểu mẫu đã hết hạn: hãy tải lại trang.",
                           selected=chosen, profile_id=profile.id if profile else None, status=422)
    try:
        data = service.print_pdf(current_user, document, profile, entry_ids)
    except PermissionDenied:
        raise  # the 403 page, with its reason
    except ServiceError as err:
        return _print_page(document, message=err.message, selected=chosen,
                           profile_id=profile.id if profile else None, status=422)
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                     download_name=service.filename(document), max_age=0)

