"""The office's window extensions (gia hạn nộp hồ sơ cho một đơn vị): the list and the grant form, also
posted from a dossier's page and the appraisal queue (templates/dossiers/_extension.html)."""

from __future__ import annotations

import datetime as dt
import re

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ...extensions import db
from ...models import Phase, Role, Unit, UnitExtension, local_now
from ...permissions import phase_window
from ...services import ServiceError
from ...services import dossiers as queries
from ...services import extensions as extension_service
from .. import get_or_404, refuse, roles_required
from ..forms import BaseForm, VietnameseDateField
from ..org.views import unit_choices
from .views import bp

_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[:hg.]\s*(\d{2})?)?\s*$", re.IGNORECASE)


class TimeOfDayField(StringField):
    """A time typed as 17:00, 17h, 17h30 or 8 (24-hour clock); the raw text stays when it is wrong."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        match = _TIME.match(text)
        hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 0)
        if hour > 23 or minute > 59:
            raise ValueError("Giờ không hợp lệ (dạng giờ:phút, 24 giờ, ví dụ 17:00).")
        self.data = dt.time(hour, minute)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if isinstance(self.data, dt.time) else ""


class ExtensionForm(BaseForm):
    phase_id = SelectField("Giai đoạn", coerce=lambda v: int(v) if str(v).isdigit() else None,
                           validators=[DataRequired("Hãy chọn giai đoạn.")])
    unit_id = SelectField("Đơn vị", coerce=lambda v: int(v) if str(v).isdigit() else None,
                          validators=[DataRequired("Hãy chọn đơn vị.")])
    until_date = VietnameseDateField("Gia hạn đến ngày", validators=[InputRequired("Hãy nhập ngày gia hạn.")])
    until_time = TimeOfDayField("Giờ", default=dt.time(17, 0), render_kw={"placeholder": "17:00",
                                                                          "inputmode": "numeric"})
    reason = TextAreaField("Lý do gia hạn", validators=[InputRequired("Hãy ghi lý do gia hạn."),
                                                        Length(max=extension_service.REASON_MAX)],
                           render_kw={"rows": 2})
    next = HiddenField()

    def until(self) -> dt.datetime | None:
        if self.until_date.data is None:
            return None
        return dt.datetime.combine(self.until_date.data, self.until_time.data or dt.time(17, 0))


def _safe_next(target: str | None) -> str | None:
    return target if target and target.startswith("/") and not target.startswith("//") else None


def _choices(form: ExtensionForm) -> None:
    form.phase_id.choices = [(None, "— Chọn giai đoạn —")] + [
        (w.phase.id, f"{w.phase.name} – {w.phase.campaign.title}") for w in queries.phase_windows()]
    form.unit_id.choices = unit_choices(None, blank="— Chọn đơn vị —")


def _page(form: ExtensionForm, status: int = 200):
    windows = queries.phase_windows()
    return render_template("dashboard/extensions.html", form=form, windows=windows,
                           extensions=extension_service.extensions_of([w.phase.id for w in windows]),
                           now=local_now()), status


@bp.route("/gia-han", methods=["GET", "POST"])
@roles_required(*Role.MANAGERS)
def extensions():
    form = ExtensionForm()
    _choices(form)
    if request.method == "GET":
        form.phase_id.data = request.args.get("giai-doan", type=int)
        form.unit_id.data = request.args.get("don-vi", type=int)
        return _page(form)
    if form.validate_on_submit():
        phase, unit = db.session.get(Phase, form.phase_id.data), db.session.get(Unit, form.unit_id.data)
        try:
            if phase is None or unit is None:
                raise ServiceError("Hãy chọn giai đoạn và đơn vị.", field="phase_id")
            extension = extension_service.grant_extension(current_user, phase, unit, form.until(),
                                                          form.reason.data or "")
        except ServiceError as err:
            refuse(err, form)
        else:
            window = phase_window(phase, unit_id=unit.id)
            flash(f"Đã gia hạn nộp hồ sơ {phase.name} cho {unit.name} đến "
                  f"{extension.until:%H:%M %d/%m/%Y}: đơn vị sửa, nộp (lại) được hồ sơ"
                  f"{' (' + window.time_left + ')' if window.is_open else ''}.", "success")
            return redirect(_safe_next(form.next.data) or url_for(".extensions"))
    return _page(form)


@bp.route("/gia-han/<int:extension_id>/thu-hoi", methods=["POST"])
@roles_required(*Role.MANAGERS)
def extension_withdraw(extension_id: int):
    extension = get_or_404(UnitExtension, extension_id)
    name, phase = extension.unit.name, extension.phase.name
    try:
        extension_service.withdraw_extension(current_user, extension)
    except ServiceError as err:
        refuse(err)
    else:
        flash(f"Đã thu hồi gia hạn {phase} của {name}.", "success")
    return redirect(_safe_next(request.form.get("next")) or url_for(".extensions"))


def extension_form_for(phase: Phase, unit: Unit, next_url: str) -> ExtensionForm:
    """The grant form prefilled for one unit in one phase (a dossier's page, the appraisal queue)."""
    form = ExtensionForm(formdata=None, prefix="")
    _choices(form)
    form.phase_id.data, form.unit_id.data, form.next.data = phase.id, unit.id, next_url
    current = extension_service.extension_of(phase, unit)
    if current is not None:
        form.until_date.data, form.until_time.data = current.until.date(), current.until.time()
    return form
