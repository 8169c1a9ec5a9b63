"""The session's ranking out to .xlsx: a sheet per award form, one row per nominee.

Each row: the place, the nominee, the unit, the eligibility, every criterion's points per member — by the
member's name when the session attributes scores (`CouncilSession.scores_attributed`), else "Thành viên
1 … N" in an order that is not the decision's (a member's number cannot be read from the list of members) —,
the criterion's mean, median, spread (max − min) and disagreement flag, the same for the total, agreements
over all members, the ratio, the threshold, the result, the reason, the chair's move with its reason, the
summary of achievements. Only submitted sheets count (services/ranking.py); a recused member's cell says so.

A text beginning with = + - @ is stored as text (data type 's', quote prefix), never as a formula; numbers
are numbers. Laid out like services/org_export.py: A4 landscape, one page wide, page numbers.
"""

from __future__ import annotations

import hashlib
import io
import re
from decimal import Decimal
from fractions import Fraction

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..imports.table import FORMULA_START
from ..models import SessionMember
from ..rules.aggregation import Aggregate
from ..vietnamese import long_date, number
from .org_export import print_setup
from .ranking import OVERRIDE_LABELS, ListRanking, SessionRanking

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECUSED = "Tránh chấm"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def member_labels(session, members: list[SessionMember]) -> dict[int, str]:
    """person id → the column's name: the member's name, or "Thành viên k" in a stable order unrelated to
    the decision's (a hash of the session and the person)."""
    if session.scores_attributed:
        return {m.person_id: m.full_name for m in members}
    shuffled = sorted(members, key=lambda m: hashlib.sha256(f"{session.id}:{m.person_id}".encode()).hexdigest())
    return {m.person_id: f"Thành viên {k}" for k, m in enumerate(shuffled, start=1)}


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'") or "Danh sách"
    title, k = base[:31], 1
    while title.lower() in taken:
        k += 1
        suffix = f" ({k})"
        title = base[:31 - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def _put(sheet, row: int, column: int, value, *, bold: bool = False, fmt: str | None = None):
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True  # and Excel keeps it as text when the cell is edited
    if bold:
        cell.font = _BOLD
    if fmt:
        cell.number_format = fmt
    return cell


def _stats(agg: Aggregate | None) -> list:
    if agg is None or agg.insufficient:
        return [None, None, None, (agg.reason if agg else "")]
    return [agg.mean, agg.median, agg.spread, "Có" if agg.disagreement else "Không"]


def _block(sheet, start: int, ranked: ListRanking, labels: dict[int, str], order: list[int]) -> int:
    """Write one list from row `start`; return the next free row."""
    _put(sheet, start, 1, f"{ranked.title} · Ngưỡng: {ranked.threshold.describe()} tổng số thành viên Hội "
         f"đồng · {ranked.quota_text}", bold=True)
    for note in [*ranked.notes, *([ranked.error] if ranked.error else [])]:
        start += 1
        _put(sheet, start, 1, note)
    header = start + 1
    names = ["Thứ tự", "Tập thể / cá nhân", "Đơn vị", "Đủ điều kiện"]
    for criterion in ranked.criteria:
        names += [f"TC {criterion.code} ({number(criterion.max_points)} đ) – {labels[p]}" for p in order]
        names += [f"TC {criterion.code} – Trung bình", f"TC {criterion.code} – Trung vị",
                  f"TC {criterion.code} – Chênh lệch (cao − thấp)", f"TC {criterion.code} – Chênh lệch lớn"]
    names += ["Tổng điểm", "Tổng – Trung bình", "Tổng – Trung vị", "Tổng – Chênh lệch (cao − thấp)",
              "Tổng – Chênh lệch lớn", "Số phiếu đồng ý", "Tổng số thành viên", "Tỷ lệ đồng ý", "Ngưỡng",
              "Kết quả", "Lý do", "Đề xuất của Chủ tịch Hội đồng", "Tránh chấm", "Tóm tắt thành tích"]
    for column, name in enumerate(names, start=1):
        cell = _put(sheet, header, column, name, bold=True)
        cell.fill, cell.alignment = _HEADER_FILL, _WRAP
    line = header
    for place, row in enumerate(ranked.rows, start=1):
        line += 1
        nomination = row.nomination
        recused = {r.person_id for r in row.recusals}
        values: list = [place, nomination.nominee_name,
                        nomination.person.unit.name if nomination.person else nomination.unit.name,
                        "Có" if row.eligible else f"Không: {row.eligibility_reason}"]
        for criterion, agg in row.criteria:
            for person_id in order:
                values.append(RECUSED if person_id in recused else row.scores.get((person_id, criterion.id)))
            values += _stats(agg)
        total = row.total
        values += [row.total_score, *_stats(total)]
        move = ""
        if row.item.override:
            move = f"{OVERRIDE_LABELS[row.item.override]}: {row.item.override_reason}"
        values += [row.agreements, row.members, row.position.ratio, ranked.threshold.describe(), row.status_label,
                   row.position.reason, move,
                   "; ".join(f"{r.person.full_name} ({r.reason})" for r in row.recusals), nomination.summary]
        for column, value in enumerate(values, start=1):
            fmt = "0.00%" if column == len(values) - 6 else ("0.00" if isinstance(value, Decimal) else None)
            cell = _put(sheet, line, column, value, fmt=fmt)
            if isinstance(value, str) and len(value) > 30:
                cell.alignment = _WRAP
    return line + 2


def ranking_xlsx(result: SessionRanking) -> bytes:
    session = result.session
    members = list(session.members)
    labels = member_labels(session, members)
    order = [m.person_id for m in members] if session.scores_attributed else sorted(
        labels, key=lambda p: int(labels[p].rsplit(" ", 1)[1]))
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    by_form: dict[int, list[ListRanking]] = {}
    for ranked in result.lists:
        by_form.setdefault(ranked.award_form.id, []).append(ranked)
    if not by_form:
        sheet = workbook.create_sheet("Xếp hạng")
        _put(sheet, 1, 1, "Phiên họp chưa có hồ sơ nào trong chương trình.")
    for lists in by_form.values():
        form = lists[0].award_form
        sheet = workbook.create_sheet(sheet_title(form.name, taken))
        _put(sheet, 1, 1, f"KẾT QUẢ XÉT CỦA HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG: {form.name.upper()}").font = _TITLE
        _put(sheet, 2, 1, f"{session.title}, {long_date(session.held_on)}"
             + (f", tại {session.place}" if session.place else ""))
        scorers = ("điểm ghi theo tên thành viên" if session.scores_attributed
                   else "điểm ghi theo số thứ tự thành viên, không ghi tên")
        _put(sheet, 3, 1, f"Tổng số thành viên Hội đồng: {result.member_count}; tỷ lệ đồng ý tính trên tổng số "
             f"thành viên; {scorers}.")
        row = 5
        for ranked in lists:
            row = _block(sheet, row, ranked, labels, order)
        widths = [8, 28, 24, 16] + [11] * (sheet.max_column - 4)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for column in range(sheet.max_column - 3, sheet.max_column + 1):  # reason, move, recusals, summary
            sheet.column_dimensions[get_column_letter(column)].width = 45
        print_setup(sheet, form.name, title_rows="1:3", side_margin=0.4)  # the title rows on every page
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

