"""Quỹ thi đua, khen thưởng (/quy-thi-dua): the year's ledger (?nam=2026, the current year in Vietnam time by
default), its sheet, and the office's lines by hand. Read: the office, the leaders, the admin
(permissions.can_read_records); write: the office (can_keep_records, checked again by services/fund.py)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import Length, Optional

from ... import permissions
from ...models import FUND_KINDS
from ...services import ServiceError
from ...services import fund as service
from .. import refuse, reopens_at
from ..forms import BaseForm
from . import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EntryForm(BaseForm):
    """The texts as typed: services/fund.parse_entry reads and checks them (each message beside its field)."""

    version = HiddenField()
    kind = SelectField("Loại", choices=list(FUND_KINDS.items()), validate_choice=False)
    year = StringField("Năm của sổ quỹ", validators=[Optional(), Length(max=10)],
                       render_kw={"inputmode": "numeric", "autocomplete": "off", "data-maxlength": False})
    entry_date = StringField("Ngày ghi sổ", validators=[Optional(), Length(max=20)],
                             render_kw={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "data-maxlength": False})
    amount = StringField("Số tiền (đồng)", validators=[Optional(), Length(max=30)],
                         render_kw={"inputmode": "numeric", "placeholder": "2.340.000", "autocomplete": "off",
                                    "data-maxlength": False})
    description = StringField("Nội dung", validators=[Optional(), Length(max=service.DESCRIPTION_MAX)],
                              render_kw={"placeholder": "Kinh phí thi đua, khen thưởng năm …"})
    basis = StringField("Căn cứ (quyết định giao kinh phí, chứng từ chi)",
                        validators=[Optional(), Length(max=service.BASIS_MAX)],
                        render_kw={"placeholder": "Quyết định số …/QĐ-UBND ngày … của UBND tỉnh"})

    def data_for_service(self) -> dict[str, str]:
        return {name: getattr(self, name).data or "" for name in service.ENTRY_FIELDS}


def _year() -> int:
    return service.year_from(request.args.get("nam")) or service.current_year()


def _new_form(year: int) -> EntryForm:
    form = EntryForm(formdata=None)
    form.year.data = str(year)
    form.kind.data = "income"
    return form


def _page(year: int, *, form: EntryForm | None = None, status: int = 200):
    permissions.can_read_records(current_user).require()
    may_write = bool(permissions.can_keep_records(current_user))
    if may_write and form is None:
        form = _new_form(year)
    return render_template("records/fund.html", tab="fund", book=service.ledger(year), form=form if may_write
                           else None, may_write=may_write,
                           may_open_documents=bool(permissions.can_read_documents(current_user))), status


@bp.get("/quy-thi-dua")
@login_required
def fund():
    return _page(_year())


@bp.get("/quy-thi-dua/so-quy.xlsx")
@login_required
def fund_xlsx():
    permissions.can_read_records(current_user).require()
    year = _year()
    return send_file(io.BytesIO(service.ledger_xlsx(year)), mimetype=XLSX, as_attachment=True,
                     download_name=service.ledger_filename(year))


@bp.route("/quy-thi-dua/them", methods=["GET", "POST"])
@login_required
@reopens_at("records.fund")
def fund_add():
    permissions.can_keep_records(current_user).require()
    form = EntryForm()
    year = service.year_from(form.year.data) or _year()
    if not form.validate_on_submit():
        return _page(year, form=form, status=422)
    try:
        entry = service.add_entry(current_user, form.data_for_service())
    except ServiceError as err:
        refuse(err, form)
        return _page(year, form=form, status=422)
    flash(f"Đã ghi vào sổ quỹ năm {entry.year}.", "success")
    return redirect(url_for("records.fund", nam=entry.year) + "#so-quy")


def _entry_or_404(entry_id: int):
    permissions.can_keep_records(current_user).require()
    entry = service.load_entry(entry_id)
    if entry is None:
        abort(404)
    return entry


def _edit_page(entry, form: EntryForm, status: int = 200):
    return render_template("records/fund_edit.html", tab="fund", entry=entry, form=form), status


@bp.route("/quy-thi-dua/<int:entry_id>/sua", methods=["GET", "POST"])
@login_required
def fund_edit(entry_id: int):
    entry = _entry_or_404(entry_id)
    if request.method == "GET":
        if entry.source != "manual":
            flash(service.POSTED, "error")
            return redirect(url_for("records.fund", nam=entry.year))
        form = EntryForm(formdata=None, data=service.entry_form_data(entry))
        form.version.data = entry.version
        return _edit_page(entry, form)
    form = EntryForm()
    if not form.validate_on_submit():
        return _edit_page(entry, form, 422)
    try:
        service.update_entry(current_user, entry, form.data_for_service(), seen_version=form.version.data)
    except ServiceError as err:
        refuse(err, form)
        entry = service.load_entry(entry_id) or entry
        return _edit_page(entry, form, 422)
    flash("Đã lưu dòng sổ quỹ.", "success")
    return redirect(url_for("records.fund", nam=entry.year) + "#so-quy")


class VersionForm(BaseForm):
    version = HiddenField()


@bp.route("/quy-thi-dua/<int:entry_id>/xoa", methods=["GET", "POST"])
@login_required
@reopens_at("records.fund_edit")
def fund_delete(entry_id: int):
    entry = _entry_or_404(entry_id)
    year = entry.year
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.delete_entry(current_user, entry, seen_version=form.version.data)
    except ServiceError as err:
        refuse(err)
        return redirect(url_for("records.fund", nam=year))
    flash("Đã xóa dòng sổ quỹ.", "success")
    return redirect(url_for("records.fund", nam=year) + "#so-quy")
