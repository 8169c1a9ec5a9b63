"""Đăng ký thi đua: a unit officer sees the windows and fills in the unit's registration (collective target,
its people's titles, its commitments) while a window is open, read-only after; the office opens and edits
the windows, reads the summary (units × titles, who has not registered) and downloads it (.xlsx) and the
DANH SÁCH ĐĂNG KÝ DANH HIỆU THI ĐUA (.docx, one unit's or the board's)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from ...extensions import db
from ...models import Phase, RegistrationWindow, Role, Unit, local_now
from ...models.registration import REGISTRATION_NOTE_MAX
from ...permissions import can_read_registration, can_register, unit_scope
from ...services import ServiceError
from ...services import registration as service
from .. import get_or_404, refuse, roles_required
from ..forms import BaseForm, VietnameseDateTimeField

bp = Blueprint("registration", __name__, url_prefix="/dang-ky-thi-dua")

READERS = (Role.UNIT_OFFICER, *Role.MANAGERS)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value):
    return int(value) if str(value or "").isdigit() else None


class WindowForm(BaseForm):
    version = HiddenField()
    phase_id = SelectField("Giai đoạn (năm xét danh hiệu)", coerce=_int)
    opens_at = VietnameseDateTimeField("Mở đăng ký từ")
    closes_at = VietnameseDateTimeField("Hạn đăng ký")
    note = TextAreaField("Ghi chú cho đơn vị", validators=[Optional(), Length(max=REGISTRATION_NOTE_MAX)],
                         render_kw={"rows": 2})


class RegistrationForm(BaseForm):
    """The fixed part of the form; the people's titles (`title_<person id>`, several) and the commitments
    (`commitment_<criterion id>`) are read from the request (their number follows the unit)."""

    version = HiddenField()
    collective_award_form_id = SelectField("Danh hiệu đăng ký cho tập thể đơn vị", coerce=_int)


def _send(data: bytes, name: str, mimetype: str):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)


def _window_or_404(window_id: int) -> RegistrationWindow:
    return get_or_404(RegistrationWindow, window_id)


# --- the list of windows ------------------------------------------------------------------------------


@bp.route("/")
@roles_required(*READERS)
def index():
    now = local_now()
    windows = service.windows()
    scope = unit_scope(current_user)
    mine: list[Unit] = []
    done: dict[tuple[int, int], bool] = {}
    if scope is not None:  # a unit officer: their unit and its sub-units
        mine = [u for u in service.registering_units() if u.id in scope]
        done = service.registered_units({w.id for w in windows}, {u.id for u in mine})
    counts = service.registration_counts({w.id for w in windows}) if scope is None else {}
    return render_template("registration/index.html", windows=windows, now=now, mine=mine, done=done,
                           counts=counts, expected=len(service.registering_units()) if scope is None else 0,
                           states={w.id: service.state_of(w, now) for w in windows},
                           labels=service.STATE_LABELS, office=scope is None)


# --- the office: a window ------------------------------------------------------------------------------


def _phase_choices(form: WindowForm, window: RegistrationWindow | None) -> None:
    taken = {w.phase_id for w in service.windows()}
    phases = db.session.scalars(db.select(Phase).join(Phase.campaign).order_by(Phase.start_date.desc())).all()
    form.phase_id.choices = [(None, "— Chọn giai đoạn —")] + [
        (p.id, f"{p.name} – {p.campaign.title}") for p in phases
        if p.id not in taken or (window is not None and p.id == window.phase_id)]


@bp.route("/dot/moi", methods=["GET", "POST"], defaults={"window_id": None})
@bp.route("/dot/<int:window_id>/sua", methods=["GET", "POST"])
@roles_required(*Role.MANAGERS)
def window_form(window_id: int | None):
    window = _window_or_404(window_id) if window_id is not None else None
    form = WindowForm(obj=window) if window is not None and request.method == "GET" else WindowForm()
    _phase_choices(form, window)
    if request.method == "GET" and window is None:
        form.phase_id.data = request.args.get("giai-doan", type=int)
    if window is not None and request.method == "GET":
        form.version.data = window.version
    if request.method == "POST" and form.validate_on_submit():
        phase = db.session.get(Phase, form.phase_id.data) if form.phase_id.data else None
        if window is not None:
            phase = window.phase
        try:
            if phase is None:
                raise ServiceError("Hãy chọn giai đoạn.", field="phase_id")
            if window is None and service.window_of(phase) is not None:
                raise ServiceError(f"{phase.name} đã có đợt đăng ký: hãy sửa đợt đó.", field="phase_id")
            saved = service.save_window(current_user, phase, form.opens_at.data, form.closes_at.data,
                                        form.note.data or "", form.version.data or None)
        except ServiceError as err:
            refuse(err, form)
        else:
            flash(f"Đã lưu đợt đăng ký thi đua {saved.round_label}.", "success")
            return redirect(url_for(".summary", window_id=saved.id))
    return render_template("registration/window_form.html", form=form, window=window)


# --- a unit's registration ------------------------------------------------------------------------------


def _data_from_request(form: RegistrationForm) -> service.RegistrationData:
    lines = {}
    commitments = {}
    for key in request.form:
        if key.startswith("title_") and key[6:].isdigit():
            lines[int(key[6:])] = {int(v) for v in request.form.getlist(key) if v.isdigit()}
        elif key.startswith("commitment_") and key[11:].isdigit():
            commitments[int(key[11:])] = request.form.get(key, "")
    return service.RegistrationData(form.collective_award_form_id.data, lines, commitments)


@bp.route("/dot/<int:window_id>/don-vi/<int:unit_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def unit_form(window_id: int, unit_id: int):
    window = _window_or_404(window_id)
    unit = get_or_404(Unit, unit_id)
    can_read_registration(current_user, unit.id).require()
    now = local_now()
    may = can_register(current_user, unit.id, window, now)
    registration = service.registration_of(window, unit)
    form = RegistrationForm()
    collective = service.collective_forms()
    form.collective_award_form_id.choices = [(None, "— Không đăng ký danh hiệu tập thể —")] + [
        (f.id, f.name) for f in collective]
    people, forms, criteria = service.people_of(unit), service.individual_forms(), service.commitment_criteria(window)
    problems: dict[str, str] = {}
    if request.method == "POST":
        if not may:
            if may.forbidden:
                abort(403)
            flash(may.reason, "error")
            return redirect(url_for(".unit_form", window_id=window.id, unit_id=unit.id))
        data = _data_from_request(form)
        if form.validate_on_submit():
            try:
                service.save_registration(current_user, unit, window, data, form.version.data or "")
            except ServiceError as err:
                refuse(err, form)
                problems = dict(err.problems)
            else:
                flash(f"Đã lưu đăng ký thi đua {window.round_label} của {unit.name}. Đơn vị sửa được đến "
                      f"{window.closes_at:%H:%M ngày %d/%m/%Y}.", "success")
                return redirect(url_for(".unit_form", window_id=window.id, unit_id=unit.id))
    else:
        data = service.prefill(window, unit, saved=registration, people=people, individual=forms,
                               collective=collective, criteria=criteria)
        form.collective_award_form_id.data = data.collective_award_form_id
        form.version.data = registration.version if registration else ""
    return render_template(
        "registration/unit_form.html", window=window, unit=unit, form=form, data=data, may=may,
        registration=registration, people=people, forms=forms, criteria=criteria, problems=problems,
        state=service.state_of(window, now), labels=service.STATE_LABELS)


@bp.route("/dot/<int:window_id>/don-vi/<int:unit_id>/danh-sach.docx")
@roles_required(*READERS)
def unit_docx(window_id: int, unit_id: int):
    window = _window_or_404(window_id)
    unit = get_or_404(Unit, unit_id)
    can_read_registration(current_user, unit.id).require()
    if service.registration_of(window, unit) is None:
        abort(404)
    return _send(service.registration_list_docx(window, unit), service.list_filename(window, unit), DOCX)


# --- the office: the summary ------------------------------------------------------------------------------


@bp.route("/dot/<int:window_id>/tong-hop")
@roles_required(*Role.MANAGERS)
def summary(window_id: int):
    window = _window_or_404(window_id)
    now = local_now()
    return render_template("registration/summary.html", window=window, data=service.summary(window),
                           state=service.state_of(window, now), labels=service.STATE_LABELS)


@bp.route("/dot/<int:window_id>/tong-hop.xlsx")
@roles_required(*Role.MANAGERS)
def summary_xlsx(window_id: int):
    window = _window_or_404(window_id)
    return _send(service.summary_xlsx(window), service.list_filename(window, None, "xlsx"), XLSX)


@bp.route("/dot/<int:window_id>/danh-sach.docx")
@roles_required(*Role.MANAGERS)
def board_docx(window_id: int):
    window = _window_or_404(window_id)
    return _send(service.registration_list_docx(window), service.list_filename(window), DOCX)
