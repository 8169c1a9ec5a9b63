"""One table of the document kinds: for each, the texts the office may edit, their defaults, the builder and
the symbol its number is given in. services/decisions.py drafts, edits and issues any document through it;
the kinds' own adapters (decisions.py, minutes.py, review_report.py, progress_report.py) fill the builders
of campaign/documents.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..models import DocumentKind, OfficialDocument
from ..vietnamese import long_date
from . import ServiceError, decisions
from .decisions import TextField
from .org import get_agency
from .org_export import print_setup
from .ranking_export import _put


@dataclass(frozen=True)
class Kind:
    fields: Callable[[OfficialDocument], list[TextField]]
    defaults: Callable[[OfficialDocument], dict[str, str]]
    build: Callable[..., bytes]  # (document, texts, *, number_value, issued_on) -> bytes
    symbol: Callable[[OfficialDocument], str]


def _fields(spec) -> list[TextField]:
    return [TextField(key, label, multiline) for key, label, multiline in spec]


def _minutes_kind(ballot: bool) -> Kind:
    def module():
        from . import minutes

        return minutes

    def fields(document):
        m = module()
        return _fields(m.BALLOT_FIELDS if ballot else m.MINUTES_FIELDS)

    def defaults(document):
        m = module()
        return (m.default_ballot_texts if ballot else m.default_minutes_texts)(document.session)

    def build(document, texts, *, number_value=None, issued_on=None):
        m = module()
        builder = m.ballot_result_docx if ballot else m.minutes_docx
        return builder(document.session, texts=texts, number=number_value, issued_on=issued_on)

    return Kind(fields, defaults, build, lambda document: "BB-HĐTĐKT")


def _review_kind() -> Kind:
    def fields(document):
        from .review_report import REVIEW_FIELDS

        return _fields(REVIEW_FIELDS)

    def defaults(document):
        from .review_report import default_review_texts

        return default_review_texts(document.phase)

    def build(document, texts, *, number_value=None, issued_on=None):
        from .review_report import review_report_docx

        return review_report_docx(document.phase, texts=texts, number=number_value, issued_on=issued_on)

    return Kind(fields, defaults, build, lambda document: f"BC-{get_agency().symbol}")


def _progress_kind() -> Kind:
    def plan_period(document):
        from .progress_report import find_plan, period_of

        plan = find_plan(document.phase.campaign, document.plan_key)
        period = period_of(plan, document.period) if plan is not None else None
        if plan is None or period is None:
            raise ServiceError("Kế hoạch hoặc kỳ báo cáo của văn bản này không còn trong dữ liệu.")
        return plan, period

    def fields(document):
        from .progress_report import PROGRESS_FIELDS

        return _fields(PROGRESS_FIELDS)

    def defaults(document):
        from .progress_report import default_progress_texts

        return default_progress_texts(*plan_period(document))

    def build(document, texts, *, number_value=None, issued_on=None):
        from .progress_report import progress_report_docx

        return progress_report_docx(*plan_period(document), texts=texts, number=number_value, issued_on=issued_on)

    return Kind(fields, defaults, build, lambda document: f"BC-{get_agency().symbol}")


def _submission_symbol(document: OfficialDocument) -> str:
    return "TTr-VP" if document.authority == "board" else f"TTr-{get_agency().symbol}"


KINDS: dict[str, Kind] = {
    DocumentKind.DECISION: Kind(lambda d: decisions.DECISION_FIELDS, decisions.default_texts,
                                decisions.build_decision_docx, lambda d: f"QĐ-{get_agency().symbol}"),
    DocumentKind.SUBMISSION: Kind(lambda d: decisions.SUBMISSION_FIELDS, decisions.default_texts,
                                  decisions.build_submission_docx, _submission_symbol),
    DocumentKind.MINUTES: _minutes_kind(ballot=False),
    DocumentKind.BALLOT: _minutes_kind(ballot=True),
    DocumentKind.REVIEW: _review_kind(),
    DocumentKind.PROGRESS: _progress_kind(),
}


def fields_of(document: OfficialDocument) -> list[TextField]:
    return KINDS[document.kind].fields(document)


def default_texts(document: OfficialDocument) -> dict[str, str]:
    return dict(KINDS[document.kind].defaults(document))


def build(document: OfficialDocument, texts: Mapping[str, str], *, number_value: int | None = None,
          issued_on=None) -> bytes:
    return KINDS[document.kind].build(document, texts, number_value=number_value, issued_on=issued_on)


def symbol_of(document: OfficialDocument) -> str:
    return KINDS[document.kind].symbol(document)


# --- the list as .xlsx ------------------------------------------------------------------------------------


def list_xlsx(document: OfficialDocument) -> bytes:
    """The decision's or submission's list as a sheet: title rows, one line per nominee with the award form,
    the position and unit and the bonus, the total; prints like every exported sheet (print_setup)."""
    agency = get_agency()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    number_line = (f"Số {document.number_text}, {long_date(document.issued_on)}" if document.is_issued
                   else "Dự thảo (chưa có số, ngày)")
    _put(sheet, 1, 1, f"DANH SÁCH KÈM THEO {document.kind_label.upper()}").font = Font(bold=True, size=13)
    _put(sheet, 2, 1, f"{document.title}: {number_line}; {agency.name}")
    headers = [("STT", 6), ("Họ và tên / Tên tập thể", 30), ("Tập thể / cá nhân", 12), ("Chức vụ – Đơn vị", 42),
               ("Hình thức khen thưởng", 30), ("Tiền thưởng (đồng)", 16)]
    for column, (title, width) in enumerate(headers, start=1):
        cell = _put(sheet, 4, column, title, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    amount_of = decisions.amounts(document) if document.kind == DocumentKind.DECISION else {}
    row = 5
    for index, entry in enumerate(document.entries, start=1):
        nomination = entry.nomination
        values = [index, nomination.nominee_name, "Tập thể" if nomination.nominee_kind == "collective" else "Cá nhân",
                  decisions.position_unit(nomination, agency), nomination.award_form.name, amount_of.get(entry.id)]
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, row, column, value, fmt="#,##0" if column == 6 else None)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        row += 1
    if amount_of:
        _put(sheet, row, 5, "Tổng cộng", bold=True)
        _put(sheet, row, 6, sum(a for a in amount_of.values() if a), bold=True, fmt="#,##0")
    sheet.freeze_panes = "A5"
    print_setup(sheet, document.title, title_rows="1:4")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
