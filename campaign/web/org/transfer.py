"""Import and export of units and people (.xlsx, .csv): downloads, and upload → preview → confirm.

An upload is kept under UPLOAD_DIR/imports/ with a random name while the user reads the preview; its
token lives in the session. Nothing is written until the confirm POST, which checks the file again
and writes every row or none (services/org_transfer.py).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, send_file, session, url_for
from flask_login import current_user, login_required
from flask_wtf.file import FileAllowed, FileField, FileRequired

from ...extensions import db
from ...permissions import can_manage_org
from ...services import ServiceError
from ...services import org_transfer as transfer
from ...vietnamese import clean_text, number
from .. import roles_required
from ..forms import BaseForm
from .views import MANAGERS, PeopleFilter, bp

PREVIEW_PAGE_SIZE = 500
STALE_UPLOAD_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


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
                  transfer.preview_units, transfer.apply_units_import),
    "people": Kind("people", "can-bo", "cán bộ", "Nhập danh sách cán bộ từ tệp", "org.people",
                   transfer.preview_people, transfer.apply_people_import),
}


class ImportForm(BaseForm):
    file = FileField("Tệp dữ liệu (.xlsx hoặc .csv)", validators=[
        FileRequired("Hãy chọn tệp .xlsx hoặc .csv để tải lên."),
        FileAllowed(["xlsx", "csv"], "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv). Tệp .xls cũ: hãy mở "
                                     "bằng Excel và lưu lại dưới dạng .xlsx."),
    ], render_kw={"accept": ".xlsx,.csv"})


@bp.context_processor
def _transfer_globals():
    """The list pages show the import buttons to those who may import."""
    return {"can_import_org": can_manage_org(current_user)}


# --- downloads -----------------------------------------------------------------------------------


def _download(data: bytes, stem: str, fmt: str):
    name = f"{stem}-{dt.date.today():%Y-%m-%d}.{fmt}"
    return send_file(io.BytesIO(data), mimetype=transfer.MIMETYPES[fmt], as_attachment=True,
                     download_name=name, max_age=0)


@bp.route("/don-vi/xuat.<any(xlsx, csv):fmt>")
@roles_required(*MANAGERS)
def units_export(fmt: str):
    return _download(transfer.export_units(fmt), "danh-sach-don-vi", fmt)


@bp.route("/can-bo/xuat.<any(xlsx, csv):fmt>")
@login_required
def people_export(fmt: str):
    """The staff list as filtered on the page (q, unit, loai, trang-thai), within the user's units."""
    people = db.session.scalars(PeopleFilter().query()).all()
    return _download(transfer.export_people(people, fmt), "danh-sach-can-bo", fmt)


def _template(kind: str, fmt: str):
    return _download(transfer.template_file(kind, fmt), f"mau-nhap-{KINDS[kind].slug}", fmt)


# --- the stored upload ---------------------------------------------------------------------------


def _import_dir() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _session_key(kind: str) -> str:
    return f"org_import_{kind}"


def _stored(kind: str) -> tuple[Path, str] | None:
    """(the file, its original name) of this user's pending upload of `kind`, if it is still there."""
    entry = session.get(_session_key(kind))
    if not isinstance(entry, dict) or entry.get("user") != current_user.id:
        return None
    token, ext = str(entry.get("token", "")), str(entry.get("ext", ""))
    if not _TOKEN.match(token) or ext not in transfer.FORMATS:
        return None
    path = _import_dir() / f"{token}.{ext}"
    return (path, str(entry.get("name", ""))) if path.is_file() else None


def _discard(kind: str) -> None:
    stored = _stored(kind)
    if stored is not None:
        stored[0].unlink(missing_ok=True)
    session.pop(_session_key(kind), None)


def _store(kind: str, filename: str, data: bytes) -> None:
    _discard(kind)
    _sweep()
    ext = transfer.extension(filename)
    token = secrets.token_hex(16)
    (_import_dir() / f"{token}.{ext}").write_bytes(data)
    session[_session_key(kind)] = {"token": token, "ext": ext, "name": filename, "user": current_user.id}


def _sweep() -> None:
    """Uploads previewed but never confirmed nor cancelled go after a day."""
    limit = time.time() - STALE_UPLOAD_SECONDS
    for path in _import_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def _display_name(filename: str | None) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return clean_text(name)[:200] or "tep-tai-len"


# --- upload, preview, confirm, cancel ------------------------------------------------------------


class RowPage:
    """One page of preview rows, shaped like Flask-SQLAlchemy's pagination for the pager macro."""

    def __init__(self, rows: list, page: int, per_page: int):
        self.total = len(rows)
        self.per_page = per_page
        self.pages = max(1, math.ceil(self.total / per_page))
        self.page = min(max(page, 1), self.pages)
        self.items = rows[(self.page - 1) * per_page:self.page * per_page]
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num = self.page - 1 if self.has_prev else None
        self.next_num = self.page + 1 if self.has_next else None

    def iter_pages(self, left_edge=2, left_current=2, right_current=4, right_edge=2):
        last = 0
        for num in range(1, self.pages + 1):
            if (num <= left_edge or num > self.pages - right_edge
                    or self.page - left_current <= num <= self.page + right_current):
                if last + 1 != num:
                    yield None
                yield num
                last = num


def _render_preview(kind: Kind, preview: transfer.ImportPreview):
    only_problems = request.args.get("chi-loi") == "1"
    rows = [r for r in preview.rows if r.problems] if only_problems else preview.rows
    page = request.args.get("page", "1")
    pagination = RowPage(rows, int(page) if page.isdigit() and len(page) < 7 else 1, PREVIEW_PAGE_SIZE)
    return render_template("org/import_preview.html", kind=kind, preview=preview, pagination=pagination,
                           only_problems=only_problems)


def _read(kind: Kind, filename: str, data: bytes) -> transfer.ImportPreview:
    """The preview of a file; ServiceError when the file cannot be used (never an unexpected error)."""
    try:
        return kind.preview(transfer.read_table(filename, data), filename)
    except ServiceError:
        raise
    except Exception as err:
        current_app.logger.exception("Import file could not be read")
        db.session.rollback()
        raise transfer.ImportFileError("Không đọc được tệp này: hãy kiểm tra lại tệp, hoặc lưu lại dưới dạng "
                                       ".xlsx rồi tải lên lại.") from err


def _upload(kind_name: str):
    kind = KINDS[kind_name]
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = _display_name(upload.filename)
        data = upload.read()
        try:
            preview = _read(kind, filename, data)
        except ServiceError as err:
            form.apply_service_error(err)
        else:
            _store(kind_name, filename, data)
            return _render_preview(kind, preview)
    return render_template("org/import_upload.html", kind=kind, form=form,
                           columns=transfer.KIND_COLUMNS[kind_name], pending=_stored(kind_name) is not None)


def _pending(kind: Kind):
    """The stored upload and its preview, or a redirect to the upload page with the reason."""
    stored = _stored(kind.name)
    if stored is None:
        flash("Không còn tệp nào đang chờ nhập: hãy tải tệp lên lại.", "warning")
        return None, redirect(url_for(f"org.{kind.name}_import"))
    path, filename = stored
    try:
        return (filename, path.read_bytes()), None
    except OSError:
        _discard(kind.name)
        flash("Không đọc lại được tệp đã tải lên: hãy tải tệp lên lại.", "warning")
        return None, redirect(url_for(f"org.{kind.name}_import"))


def _preview_page(kind_name: str):
    kind = KINDS[kind_name]
    pending, response = _pending(kind)
    if pending is None:
        return response
    filename, data = pending
    try:
        preview = _read(kind, filename, data)
    except ServiceError as err:
        _discard(kind_name)
        flash(err.message, "error")
        return redirect(url_for(f"org.{kind_name}_import"))
    return _render_preview(kind, preview)


def _confirm(kind_name: str):
    kind = KINDS[kind_name]
    pending, response = _pending(kind)
    if pending is None:
        return response
    filename, data = pending
    try:
        table = transfer.read_table(filename, data)
        preview = kind.apply(current_user, table, filename)
    except transfer.ImportFileError as err:
        db.session.rollback()
        _discard(kind_name)
        flash(err.message, "error")
        return redirect(url_for(f"org.{kind_name}_import"))
    except ServiceError as err:
        db.session.rollback()
        flash(err.message, "error")
        return redirect(url_for(f"org.{kind_name}_import_preview"))
    _discard(kind_name)
    flash(f"Đã nhập {kind.noun} từ tệp «{filename}»: thêm mới {number(preview.new_count)}, "
          f"cập nhật {number(preview.updated_count)}, không đổi {number(preview.unchanged_count)}.",
          "success")
    return redirect(url_for(kind.list_endpoint))


def _cancel(kind_name: str):
    _discard(kind_name)
    flash("Đã hủy nhập tệp: không có dữ liệu nào được ghi.", "info")
    return redirect(url_for(KINDS[kind_name].list_endpoint))


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
