"""Thống kê (/thong-ke): biểu 0601 and 0603 of Thông tư 02/2023/TT-BNV for a year (?nam=), as they will
print, each downloadable as .xlsx, and the board's own summary of the year's awards with its charts.
Read by the office, the board's leaders and the admin (permissions.can_read_records)."""

from __future__ import annotations

import io

from flask import abort, render_template, request, send_file
from flask_login import current_user, login_required

from ...models import local_now
from ...permissions import can_read_records
from ...rules.statistics import FORM_0601, FORM_0603
from ...services import statistics as service
from . import bp

MIN_YEAR, MAX_YEAR = 1945, 2100


def _year() -> int:
    """?nam=2025; anything else (absent, not a number, out of range): the current year in Vietnam."""
    text = (request.args.get("nam") or "").strip()
    if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return local_now().year


def _require_reader() -> None:
    if not can_read_records(current_user):
        abort(403)


@bp.get("/thong-ke")
@login_required
def statistics():
    _require_reader()
    year = _year()
    years = service.years_offered()
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return render_template("records/statistics.html", tab="statistics", year=year, years=years,
                           form_0601=service.table_0601(year), form_0603=service.table_0603(year),
                           summary=service.board_summary(year), today=local_now().date())


@bp.get("/thong-ke/<code>.xlsx")
@login_required
def statistics_xlsx(code: str):
    _require_reader()
    builders = {"0601": (FORM_0601, service.xlsx_0601), "0603": (FORM_0603, service.xlsx_0603)}
    if code not in builders:
        abort(404)
    form_code, build = builders[code]
    year = _year()
    return send_file(io.BytesIO(build(year)), mimetype=service.XLSX_MIMETYPE, as_attachment=True,
                     download_name=service.filename(form_code, year), max_age=0)
