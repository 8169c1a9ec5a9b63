"""Import and export of units and people (.xlsx, .csv): downloads, and upload → preview → confirm.

The flow (the pending upload, its preview, confirm and cancel) is web/importing.py's; the checks and
writes are services/org_import.py's, the files written services/org_export.py's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import render_template, request, send_file
from flask_login import current_user, login_required
from flask_wtf.file import FileAllowed, FileField, FileRequired

from ...extensions import db
from ...imports import SPREADSHEETS
from ...models import local_now
from ...permissions import can_manage_org
from ...services import ServiceError, org_export, org_import
from .. import refuse, roles_required
from ..forms import BaseForm
from ..importing import ImportFlow, uploaded
from .views import MANAGERS, PeopleFilter, bp


@dataclass(frozen=True)
class Kind:
    name: str  # units, people
    slug: str  # don-vi, can-bo
    noun: str  # đơn vị, cán bộ
    title: str
    list_endpoint: str
    preview: object
    apply: object


KINDS = {
    "units": Kind("units", "don-vi", "đơn vị", "Nhập danh sách đơn vị từ tệp", "org.units",
                  org_import.preview_units, org_import.apply_units_import),
    "people": Kind("people", "can-bo", "cán bộ", "Nhập danh sách cán bộ từ tệp", "org.people",
                   org_import.preview_people, org_import.apply_people_import),
}


class ImportForm(BaseForm):
    file = FileField("Tệp dữ liệu (.xlsx, .xls, .ods hoặc .csv)", validators=[
        FileRequired("Hãy chọn tệp bảng tính (.xlsx, .xls, .ods) hoặc .csv để tải lên."),
        FileAllowed(list(SPREADSHEETS.extensions), SPREADSHEETS.refusal),
    ], render_kw={"accept": ",".join(f".{ext}" for ext in SPREADSHEETS.extensions)})


@bp.context_processor
def _transfer_globals():
    """The list pages show the import buttons to those who may import."""
    return {"can_import_org": can_manage_org(current_user)}


# --- downloads -----------------------------------------------------------------------------------


def _delimiter() -> str:
    """?phan-cach=cham-phay: a .csv separated by ";" (Excel where the decimal mark is a comma)."""
    return org_export.DELIMITERS.get(request.args.get("phan-cach", ""), ",")


def _download(data: bytes, stem: str, fmt: str):
    name = f"{stem}-{local_now().date():%Y-%m-%d}.{fmt}"
    return send_file(io.BytesIO(data), mimetype=org_export.MIMETYPES[fmt], as_attachment=True,
                     download_name=name, max_age=0)


@bp.route("/don-vi/xuat.<any(xlsx, csv):fmt>")
@roles_required(*MANAGERS)
def units_export(fmt: str):
    return _download(org_export.export_units(fmt, _delimiter()), "danh-sach-don-vi", fmt)


@bp.route("/can-bo/xuat.<any(xlsx, csv):fmt>")
@login_required
def people_export(fmt: str):
    """The staff list as filtered on the page (q, unit, loai, trang-thai), within the user's units."""
    people = db.session.scalars(PeopleFilter().query()).all()
    return _download(org_export.export_people(people, fmt, _delimiter()), "danh-sach-can-bo", fmt)


def _template(kind: str, fmt: str):
    return _download(org_export.template_file(kind, fmt), f"mau-nhap-{KINDS[kind].slug}", fmt)


# --- upload, preview, confirm, cancel ------------------------------------------------------------


def _flow(kind_name: str) -> ImportFlow:
    kind = KINDS[kind_name]
    base = f"org.{kind_name}_import"
    return ImportFlow(
        key=kind_name,
        check=lambda source: kind.preview(org_import.read_source(kind_name, source.filename, source.data),
                                          source.name),
        apply=lambda source: kind.apply(current_user, org_import.read_source(kind_name, source.filename, source.data),
                                        source.name),
        template="org/import_preview.html",
        endpoints={"start": base, "preview": f"{base}_preview", "confirm": f"{base}_confirm",
                   "cancel": f"{base}_cancel", "done": kind.list_endpoint},
        formats=SPREADSHEETS.extensions, done=f"{kind.noun} từ tệp", context={"kind": kind},
    )


def _upload(kind_name: str):
    flow = _flow(kind_name)
    form = ImportForm()
    if form.validate_on_submit():
        try:
            preview = flow.accept(uploaded(form.file.data))
        except ServiceError as err:
            refuse(err, form)
        else:
            return flow.render(preview)
    return render_template("org/import_upload.html", kind=KINDS[kind_name], form=form,
                           columns=org_import.KIND_COLUMNS[kind_name], flow=flow)


def _preview_page(kind_name: str):
    return _flow(kind_name).preview_page()


def _confirm(kind_name: str):
    return _flow(kind_name).confirm()


def _cancel(kind_name: str):
    return _flow(kind_name).cancel()


def _register(kind_name: str) -> None:
    slug = KINDS[kind_name].slug

    def view(func, name):
        def endpoint(**kwargs):
            return func(kind_name, **kwargs)

        endpoint.__name__ = name
        return roles_required(*MANAGERS)(endpoint)

    base = f"/{slug}/nhap"
    bp.add_url_rule(base, f"{kind_name}_import", view(_upload, f"{kind_name}_import"),
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/xem-truoc", f"{kind_name}_import_preview",
                    view(_preview_page, f"{kind_name}_import_preview"))
    bp.add_url_rule(f"{base}/xac-nhan", f"{kind_name}_import_confirm",
                    view(_confirm, f"{kind_name}_import_confirm"), methods=["POST"])
    bp.add_url_rule(f"{base}/huy", f"{kind_name}_import_cancel",
                    view(_cancel, f"{kind_name}_import_cancel"), methods=["POST"])
    bp.add_url_rule(f"{base}/mau.<any(xlsx, csv):fmt>", f"{kind_name}_import_template",
                    view(_template, f"{kind_name}_import_template"))


for _kind in KINDS:
    _register(_kind)
