"""Upload → preview → confirm, for every import (units and people, plan tasks).

The source (an uploaded file, or a table pasted into the page) is kept under UPLOAD_DIR/imports/ with a
random name while the user reads the preview; its token lives in the session with the user and the scope
(the campaign) it belongs to. Nothing is written until the confirm POST, which checks the source again and
writes all of it or nothing (the service's unit of work). A source left pending for a day is removed.

Each importer supplies an `ImportFlow`: how to check and apply a source, its endpoints, its words and its
page (which shows the preview with templates/macros/imports.html).
"""

from __future__ import annotations

import math
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..imports import ImportFileError, Preview
from ..services import ServiceError
from ..services import files as file_service
from . import refuse

PAGE_SIZE = 500
STALE_SECONDS = 24 * 3600
PASTED_NAME = "Bảng dán vào ô nhập"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Source:
    data: bytes
    filename: str  # what the reader is given: its extension says what kind of source it is
    name: str  # what the user knows it by
    options: dict = field(default_factory=dict)  # what the page was told with it (the plan it comes from)


def uploaded(upload) -> Source:
    """An uploaded file, read up to the upload limit; ServiceError (beside the file field) beyond it."""
    name = file_service.display_name(upload.filename)
    data = file_service.read_limited(upload)
    if len(data) > file_service.max_upload_bytes():
        raise ImportFileError(file_service.too_large_message())
    return Source(data, name, name)


def pasted(text: str, options: dict | None = None) -> Source:
    return Source(text.encode("utf-8"), "bang-dan.txt", PASTED_NAME, options or {})


def pasted_html(markup: str, options: dict | None = None) -> Source:
    """What the rich paste area captured from the clipboard (a browser's, Word's or Writer's HTML)."""
    return Source(markup.encode("utf-8"), "bang-dan.html", PASTED_NAME, options or {})


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


@dataclass
class ImportFlow:
    key: str  # names the session entry and the stored files: units, people, plan
    check: Callable[[Source], Preview]  # the preview; writes nothing
    apply: Callable[[Source], Preview]  # writes every row or none
    template: str  # the preview page
    endpoints: dict[str, str]  # start, preview, confirm, cancel, done
    formats: tuple[str, ...]  # the extensions a stored source may have
    source: str = "tệp"  # what the user sends: "tệp", "bảng nhiệm vụ"
    again: str = "tải tệp lên lại"  # how to send it again
    done: str = "tệp"  # "Đã nhập {done} «…»"
    noun: str = "dòng"  # what a row of the preview is: "dòng", "nhiệm vụ"
    url_args: dict = field(default_factory=dict)  # the endpoints' arguments (the campaign)
    scope: int | None = None  # a pending source belongs to this (the campaign) as well as to its user
    context: dict = field(default_factory=dict)  # for the page

    def url(self, step: str, **args) -> str:
        return url_for(self.endpoints[step], **self.url_args, **args)

    # --- the pending source ---------------------------------------------------------------------

    @property
    def _session_key(self) -> str:
        return f"import_{self.key}"

    @staticmethod
    def _folder() -> Path:
        folder = Path(current_app.config["UPLOAD_DIR"]) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _path(self, entry) -> Path | None:
        if not isinstance(entry, dict):
            return None
        token, ext = str(entry.get("token", "")), str(entry.get("ext", ""))
        if not _TOKEN.match(token) or ext not in self.formats:
            return None
        return self._folder() / f"{self.key}-{token}.{ext}"

    def _entry(self) -> dict | None:
        entry = session.get(self._session_key)
        if not isinstance(entry, dict) or entry.get("user") != current_user.id or entry.get("scope") != self.scope:
            return None
        return entry

    def has_pending(self) -> bool:
        path = self._path(self._entry())
        return path is not None and path.is_file()

    def pending(self) -> Source | None:
        """This user's pending source, if it is still there; OSError when it cannot be read back."""
        entry = self._entry()
        path = self._path(entry)
        if path is None or not path.is_file():
            return None
        options = entry.get("options") if isinstance(entry.get("options"), dict) else {}
        return Source(path.read_bytes(), path.name, str(entry.get("name", "")), options)

    def discard(self) -> None:
        path = self._path(session.pop(self._session_key, None))
        if path is not None:
            path.unlink(missing_ok=True)

    def keep(self, source: Source) -> None:
        self.discard()
        self._sweep()
        token, ext = secrets.token_hex(16), file_service.extension_of(source.filename)
        (self._folder() / f"{self.key}-{token}.{ext}").write_bytes(source.data)
        session[self._session_key] = {"token": token, "ext": ext, "name": source.name, "user": current_user.id,
                                      "scope": self.scope, "options": dict(source.options)}

    def _sweep(self) -> None:
        """Sources previewed but never confirmed nor cancelled go after a day."""
        limit = time.time() - STALE_SECONDS
        for path in self._folder().iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                continue

    # --- the steps ---------------------------------------------------------------------------------

    def preview(self, source: Source) -> Preview:
        """The preview, or a ServiceError saying why the source cannot be used (never an unexpected error)."""
        try:
            return self.check(source)
        except ServiceError:
            raise
        except Exception as err:
            current_app.logger.exception("Import source could not be read")
            raise ImportFileError(f"Không đọc được {self.source} này: hãy kiểm tra lại, hoặc lưu thành tệp .xlsx "
                                  "rồi tải lên lại.") from err

    def accept(self, source: Source) -> Preview:
        """Check a new source and keep it for the confirmation (ServiceError: it is not kept)."""
        preview = self.preview(source)
        self.keep(source)
        return preview

    def render(self, preview: Preview):
        only_problems = request.args.get("chi-loi") == "1"
        rows = [r for r in preview.rows if r.needs_review] if only_problems else preview.rows
        page = request.args.get("page", "1")
        pagination = RowPage(rows, int(page) if page.isdigit() and len(page) < 7 else 1, PAGE_SIZE)
        return render_template(self.template, flow=self, preview=preview, pagination=pagination,
                               only_problems=only_problems, **self.context)

    def _pending_or_redirect(self):
        try:
            source = self.pending()
        except OSError:
            self.discard()
            flash(f"Không đọc lại được {self.source} đã tải lên: hãy {self.again}.", "warning")
            return None, redirect(self.url("start"))
        if source is None:
            flash(f"Không còn {self.source} nào đang chờ nhập: hãy {self.again}.", "warning")
            return None, redirect(self.url("start"))
        return source, None

    def preview_page(self):
        source, response = self._pending_or_redirect()
        if source is None:
            return response
        try:
            preview = self.preview(source)
        except ServiceError as err:
            self.discard()
            refuse(err)
            return redirect(self.url("start"))
        return self.render(preview)

    def confirm(self):
        source, response = self._pending_or_redirect()
        if source is None:
            return response
        try:
            preview = self.apply(source)
        except ImportFileError as err:
            self.discard()
            refuse(err)
            return redirect(self.url("start"))
        except ServiceError as err:
            refuse(err)
            return redirect(self.url("preview"))
        self.discard()
        flash(f"Đã nhập {self.done} «{preview.source_name}»: {preview.summary()}.", "success")
        if preview.ignored_headers:
            flash("Các cột không được nhập (bỏ qua): " + ", ".join(f"«{h}»" for h in preview.ignored_headers) + ".",
                  "warning")
        return redirect(self.url("done"))

    def cancel(self):
        self.discard()
        flash(f"Đã hủy nhập {self.source}: không có dữ liệu nào được ghi.", "info")
        return redirect(self.url("done"))
