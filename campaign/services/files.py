"""Uploaded files (evidence, reports, dossiers): checked by their content, stored outside static/ under a
random name, recorded with their SHA-256.

A file's type is read from its first bytes, never from its name: PDF (%PDF-), PNG (its 8-byte
signature), JPEG (FF D8 FF), and Word / Excel (a zip holding word/document.xml resp. xl/workbook.xml).
The name the user gave is kept for display and as the download name, never for the path.

Transactions: `store_upload` and `delete_file` take part in the caller's transaction and do not commit.
A file written by `store_upload` is removed again when that transaction does not commit (rollback, an
error, the request ending); a file given to `delete_file` leaves the disk only once the transaction has
committed. So neither an orphan file nor a row without its file is left behind.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.utils import secure_filename

from ..extensions import db
from ..models import StoredFile, User
from ..vietnamese import file_size
from . import ServiceError, audit


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


KINDS = {
    "pdf": FileKind("pdf", "application/pdf", "PDF"),
    "docx": FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "Word (.docx)"),
    "xlsx": FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "Excel (.xlsx)"),
    "jpg": FileKind("jpg", "image/jpeg", "ảnh JPG"),
    "png": FileKind("png", "image/png", "ảnh PNG"),
}
# The extensions accepted, and the kind of content each must hold.
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "jpg": "jpg", "jpeg": "jpg", "png": "png"}
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in EXTENSIONS)
NOT_ACCEPTED = "Loại tệp không được chấp nhận: chỉ nhận PDF, Word (.docx), Excel (.xlsx), JPG, PNG."
DEFAULT_MAX_MB = 10
_STORAGE_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|docx|xlsx|jpg|png)$")
_FORBIDDEN_IN_NAME = re.compile(r'[<>:"|?*]')
_NEW_FILES = "campaign_new_files"
_DOOMED_FILES = "campaign_doomed_files"


# --- the content --------------------------------------------------------------------------------


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff(data: bytes) -> str | None:
    """The kind of content ('pdf', 'docx', 'xlsx', 'jpg', 'png') read from the bytes; None if none of these."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def extension_of(filename: str | None) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def max_upload_bytes() -> int:
    return int(current_app.config.get("MAX_UPLOAD_MB", DEFAULT_MAX_MB) or DEFAULT_MAX_MB) * 1024 * 1024


def too_large_message() -> str:
    return f"Tệp quá lớn: tối đa {current_app.config.get('MAX_UPLOAD_MB', DEFAULT_MAX_MB)} MB."


def display_name(filename: str | None) -> str:
    """The name shown and offered on download: the user's own (Vietnamese) name, without any folder,
    composed (NFC), characters Windows refuses replaced; werkzeug's secure_filename when nothing usable
    remains. Refuses a name that is unsafe: empty, hidden ('.x', '..'), or holding control characters."""
    raw = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    if any(unicodedata.category(ch) == "Cc" for ch in raw):
        raise ServiceError("Tên tệp không hợp lệ: tên chứa ký tự điều khiển. Hãy đổi tên tệp rồi tải lên lại.",
                           field="file")
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name or name.startswith("."):
        raise ServiceError("Tên tệp không hợp lệ: hãy đổi tên tệp (ví dụ «bao-cao.pdf») rồi tải lên lại.",
                           field="file")
    name = _FORBIDDEN_IN_NAME.sub("_", name)
    stem, _, ext = name.rpartition(".")
    if not stem.strip(" _."):  # nothing readable left: an ASCII name, or a plain one
        safe = secure_filename(raw)
        name = safe if "." in safe.strip(".") and safe.lower().endswith(f".{ext.lower()}") else f"tep.{ext.lower()}"
    if len(name) > 255:
        name = stem[: 250 - len(ext)].rstrip() + "." + ext
    return name


def check_content(data: bytes, filename: str | None) -> FileKind:
    """The kind of an upload, or a ServiceError (Vietnamese) saying why it is refused."""
    if not data:
        raise ServiceError("Tệp trống: không có nội dung.", field="file")
    if len(data) > max_upload_bytes():
        raise ServiceError(too_large_message(), field="file")
    ext = extension_of(filename)
    expected = EXTENSIONS.get(ext)
    if expected is None:
        raise ServiceError(NOT_ACCEPTED, field="file")
    found = sniff(data)
    if found != expected:
        detail = f" (nội dung là {KINDS[found].label})" if found else ""
        raise ServiceError(f"Nội dung tệp không khớp với phần mở rộng .{ext}{detail}. {NOT_ACCEPTED}", field="file")
    return KINDS[expected]


def read_limited(file_storage) -> bytes:
    """The upload's bytes, reading at most one byte beyond the limit (an oversized file is not read whole)."""
    stream = getattr(file_storage, "stream", file_storage)
    return stream.read(max_upload_bytes() + 1)


# --- storage ------------------------------------------------------------------------------------


def upload_dir() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_file(stored: StoredFile) -> Path:
    """The path of a stored file on disk (FileNotFoundError when it is not there)."""
    if not _STORAGE_NAME.match(stored.storage_name or ""):
        raise FileNotFoundError(stored.storage_name)
    path = upload_dir() / stored.storage_name
    if not path.is_file():
        raise FileNotFoundError(stored.storage_name)
    return path


def store_upload(actor: User | None, file_storage, unit_id: int | None) -> StoredFile:
    """Check an upload (werkzeug FileStorage) and store it: the row is added to the caller's transaction.

    Refused with a Vietnamese ServiceError (field 'file'): no file, an empty or oversized file, a type not
    accepted, content that does not match the extension (a .txt renamed .pdf), an unsafe name. Nothing is
    written to disk before every check has passed."""
    if file_storage is None or not getattr(file_storage, "filename", ""):
        raise ServiceError("Hãy chọn tệp để tải lên.", field="file")
    name = display_name(file_storage.filename)
    data = read_limited(file_storage)
    kind = check_content(data, name)
    return _store(actor, data, name, kind, unit_id, "file.upload", f"Tải lên tệp «{name}» ({file_size(len(data))})")


def store_bytes(actor: User | None, data: bytes, name: str, extension: str, unit_id: int | None = None) -> StoredFile:
    """Keep a file the module generated (an issued document's .docx) like an upload: under a random name,
    with its SHA-256, in the caller's transaction (the disk follows it)."""
    kind = KINDS[extension]
    return _store(actor, data, display_name(name), kind, unit_id, "file.generate",
                  f"Lưu tệp «{display_name(name)}» ({file_size(len(data))})")


def _store(actor: User | None, data: bytes, name: str, kind: FileKind, unit_id: int | None, action: str,
           summary: str) -> StoredFile:
    storage_name = f"{secrets.token_hex(16)}.{kind.extension}"
    path = upload_dir() / storage_name
    with open(path, "xb") as fh:  # exclusive: never overwrite
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        stored = StoredFile(storage_name=storage_name, original_name=name, content_type=kind.content_type,
                            extension=kind.extension, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                            unit_id=unit_id, uploaded_by_id=getattr(actor, "id", None))
        db.session.add(stored)
        db.session.flush()
        db.session.info.setdefault(_NEW_FILES, []).append(str(path))
        audit.record(action, stored, actor=actor, summary=summary, changes={"sha256": [None, stored.sha256]})
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return stored


def delete_file(actor: User | None, stored: StoredFile) -> None:
    """Remove a stored file: the row now (in the caller's transaction), the disk file once it commits."""
    audit.record("file.delete", stored, actor=actor, summary=f"Xóa tệp «{stored.original_name}»")
    if _STORAGE_NAME.match(stored.storage_name or ""):
        db.session.info.setdefault(_DOOMED_FILES, []).append(str(upload_dir() / stored.storage_name))
    db.session.delete(stored)


def send_stored_file(stored: StoredFile):
    """The response that downloads a stored file under its original name (views check access first)."""
    try:
        path = open_file(stored)
    except FileNotFoundError:
        current_app.logger.error("Stored file missing on disk: %s", stored.storage_name)
        abort(404)
    return send_file(path, mimetype=stored.content_type, as_attachment=True, download_name=stored.original_name,
                     max_age=0, conditional=False, etag=False)


# --- no orphans: follow the transaction -----------------------------------------------------------


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_NEW_FILES, None)  # kept: their rows are committed
    for name in session.info.pop(_DOOMED_FILES, []):
        try:
            Path(name).unlink(missing_ok=True)
        except OSError:
            continue


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    # Still listed here: the transaction ended without committing, so their rows are gone.
    for name in session.info.pop(_NEW_FILES, []):
        try:
            Path(name).unlink(missing_ok=True)
        except OSError:
            continue
    session.info.pop(_DOOMED_FILES, None)  # the rows were not deleted: keep the files
