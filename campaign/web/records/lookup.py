"""Tra cứu khen thưởng: the lookup across every person's and collective's history (/tra-cuu), one person's
(/tra-cuu/ca-nhan/<id>) and one unit's (/tra-cuu/tap-the/<id>) history with the chain of consecutive years
and what they may aim for next, and the .xlsx of each. Reads only: services/history.py answers, and refuses
(403) whoever may not look up (council members; a unit officer outside its scope)."""

from __future__ import annotations

import io

from flask import current_app, render_template, request, send_file
from flask_login import current_user, login_required

from ... import permissions
from ...models import SANCTION_LEVELS, Person, Role, Unit
from ...services import history
from ...services.reports import ascii_slug
from .. import get_or_404, page_number
from ..org.views import unit_choices
from . import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_ARGS = {"ca-nhan": "individual", "tap-the": "collective"}


def _int(name: str, low: int = 1, high: int = 10**9) -> int | None:
    text = (request.args.get(name) or "").strip()
    if not text.isdigit() or len(text) > 9:
        return None
    value = int(text)
    return value if low <= value <= high else None


def _criteria() -> history.Query:
    return history.Query(q=(request.args.get("q") or "").strip()[:100], unit_id=_int("don-vi"),
                         year=_int("nam", 1945, 2100), award_form_id=_int("hinh-thuc"),
                         kind=KIND_ARGS.get(request.args.get("loai", ""), ""))


def _args(criteria: history.Query) -> dict:
    kinds = {v: k for k, v in KIND_ARGS.items()}
    return {"q": criteria.q or None, "don-vi": criteria.unit_id, "nam": criteria.year,
            "hinh-thuc": criteria.award_form_id, "loai": kinds.get(criteria.kind)}


@bp.get("/tra-cuu")
@login_required
def lookup():
    scope = history.lookup_scope(current_user)
    criteria = _criteria()
    page = history.search_page(current_user, criteria, page_number(), current_app.config["PAGE_SIZE"])
    return render_template("records/lookup.html", tab="lookup", page=page, criteria=criteria,
                           args=_args(criteria), units=unit_choices(scope, blank="Mọi đơn vị"),
                           award_forms=history.award_forms(), award_line=history.award_line)


@bp.get("/tra-cuu/ket-qua.xlsx")
@login_required
def lookup_xlsx():
    criteria = _criteria()
    found = history.search(current_user, criteria.q, criteria.unit_id, criteria.year, criteria.award_form_id,
                           criteria.kind)
    return send_file(_bytes(history.search_xlsx(found)), mimetype=XLSX, as_attachment=True,
                     download_name="tra-cuu-khen-thuong.xlsx")


def _bytes(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def _history_page(found: history.History):
    return render_template("records/lookup_history.html", tab="lookup", history=found,
                           sanction_levels=SANCTION_LEVELS, decision_text=history.decision_text,
                           award_line=history.award_line,
                           may_read_documents=permissions.can_read_documents(current_user),
                           may_read_dossiers=current_user.role in (Role.UNIT_OFFICER, *Role.MANAGERS))


@bp.get("/tra-cuu/ca-nhan/<int:person_id>")
@login_required
def person_history(person_id: int):
    history.lookup_scope(current_user)  # 403 before 404: a council member learns nothing of who exists
    return _history_page(history.person_history(current_user, get_or_404(Person, person_id)))


@bp.get("/tra-cuu/tap-the/<int:unit_id>")
@login_required
def unit_history(unit_id: int):
    history.lookup_scope(current_user)
    return _history_page(history.unit_history(current_user, get_or_404(Unit, unit_id)))


def _history_xlsx(found: history.History):
    return send_file(_bytes(history.history_xlsx(found)), mimetype=XLSX, as_attachment=True,
                     download_name=f"lich-su-khen-thuong-{ascii_slug(found.name)}.xlsx")


@bp.get("/tra-cuu/ca-nhan/<int:person_id>/lich-su.xlsx")
@login_required
def person_history_xlsx(person_id: int):
    history.lookup_scope(current_user)
    return _history_xlsx(history.person_history(current_user, get_or_404(Person, person_id)))


@bp.get("/tra-cuu/tap-the/<int:unit_id>/lich-su.xlsx")
@login_required
def unit_history_xlsx(unit_id: int):
    history.lookup_scope(current_user)
    return _history_xlsx(history.unit_history(current_user, get_or_404(Unit, unit_id)))

