"""The documents blueprint: the register, a session's documents, one document's page (edit, issue,
download as .docx, .xlsx, .pdf and the dossier bundle), the phase reviews."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("documents", __name__)

from . import publication, views  # noqa: E402, F401  (the routes register on bp)
