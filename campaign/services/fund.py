"""The reward fund's ledger (Quỹ thi đua, khen thưởng), one per year (rules/fund.py: the earlier years' closing
balance carried in as the opening balance, computed, never stored).

- `add_entry`, `update_entry`, `delete_entry`: the office's lines by hand: income (the year's allocation and
  other sources, the decision that gives it in `basis`) and spending outside the decisions. Only the office
  writes (permissions.can_keep_records); every refusal is a ServiceError beside its field.
- `post_decision`: called by services/decisions.issue inside its transaction (it commits nothing): an issued
  decision's bonuses (the sum of its DocumentEntry amounts, fixed on issue) become one spending line dated the
  decision's day; when the decision replaces another (`corrects_id`, services/decisions.replace_issued), the
  replaced decision's posting is given back by a 'reversal' income line first, dated the replacing decision's
  day (so in its year's ledger: what was spent in an earlier year stays spent there). Only the board's own
  decisions post: an award decided above (a submission's outcome) is paid from that authority's fund. Posted
  lines are the decisions' and are never edited or deleted by hand: a wrong decision is corrected by a
  replacing one.
- `ledger`, `balance`, `ledger_xlsx`: the year's ledger (a fixed number of queries), its balance, its sheet.
- `draft_warning`: the documents page's warning when a draft decision's bonuses exceed the balance of the
  year it would be issued in (a warning, never a refusal).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from .. import permissions
from ..extensions import db
from ..models import FUND_KINDS, DocumentKind, FundEntry, OfficialDocument, User, local_now
from ..rules import fund as rules
from ..vietnamese import clean_text, money, number, parse_date, parse_number, short_date
from . import ServiceError, audit, check_version, transactional

ENTRY_FIELDS = ["year", "kind", "entry_date", "amount", "description", "basis"]
DESCRIPTION_MAX, BASIS_MAX = 500, 300
YEAR_MIN, YEAR_MAX = 2000, 2100
POSTED = ("Dòng này được ghi tự động khi ban hành quyết định, không sửa hoặc xóa bằng tay được: "
          "hãy lập quyết định thay thế nếu quyết định có sai sót.")


def current_year() -> int:
    """The year the page opens on: today's, in Vietnam time."""
    return local_now().year


def year_from(text: str | None) -> int | None:
    """?nam=2026 as a ledger's year; None for anything else (the page then opens on the current year)."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX else None


# --- the office's lines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryValues:
    year: int
    kind: str
    entry_date: dt.date
    amount: int
    description: str
    basis: str


def parse_entry(data: Mapping[str, str]) -> EntryValues:
    """The form's texts read and checked; every problem at once, each beside its field."""
    problems: dict[str, str] = {}
    kind = str(data.get("kind") or "")
    if kind not in rules.KINDS:
        problems["kind"] = "Hãy chọn khoản thu hoặc khoản chi."
    year = year_from(str(data.get("year") or ""))
    if year is None:
        problems["year"] = f"Năm của sổ quỹ là một số từ {YEAR_MIN} đến {YEAR_MAX}."
    date_text = str(data.get("entry_date") or "")
    day = parse_date(date_text)
    if problem := rules.date_problem(day, date_text, year):
        problems["entry_date"] = problem
    amount_text = str(data.get("amount") or "")
    value = parse_number(amount_text)
    if problem := rules.amount_problem(value, amount_text):
        problems["amount"] = problem
    description = clean_text(data.get("description"))
    if not description:
        problems["description"] = ("Hãy nhập nội dung, ví dụ «Kinh phí thi đua, khen thưởng năm 2026»."
                                   if kind != rules.SPENDING else "Hãy nhập nội dung khoản chi.")
    elif len(description) > DESCRIPTION_MAX:
        problems["description"] = f"Tối đa {number(DESCRIPTION_MAX)} ký tự (đã nhập {number(len(description))})."
    basis = clean_text(data.get("basis"))
    if len(basis) > BASIS_MAX:
        problems["basis"] = f"Tối đa {number(BASIS_MAX)} ký tự (đã nhập {number(len(basis))})."
    elif not basis and kind == rules.INCOME:
        problems["basis"] = ("Hãy ghi quyết định giao kinh phí, ví dụ «Quyết định số 125/QĐ-UBND ngày 10/01/2026 "
                             "của UBND tỉnh».")
    if problems:
        raise ServiceError.of(problems)
    return EntryValues(year, kind, day, int(value), description, basis)  # type: ignore[arg-type]


def _require_keeper(actor: User) -> None:
    permissions.can_keep_records(actor).require()


def _require_manual(entry: FundEntry) -> None:
    if entry.source != rules.MANUAL:
        raise ServiceError(POSTED)


def _line_text(entry: FundEntry) -> str:
    return f"{FUND_KINDS[entry.kind].lower()} {money(entry.amount)} ngày {short_date(entry.entry_date)}: «{entry.description}»"


@transactional
def add_entry(actor: User, data: Mapping[str, str]) -> FundEntry:
    """A line by hand: an income (an allocation, with its decision) or a spending outside the decisions."""
    _require_keeper(actor)
    values = parse_entry(data)
    entry = FundEntry(year=values.year, kind=values.kind, source=rules.MANUAL, entry_date=values.entry_date,
                      amount=values.amount, description=values.description, basis=values.basis,
                      created_by_id=actor.id)
    db.session.add(entry)
    audit.record("fund.add", entry, actor=actor, summary=f"Ghi sổ quỹ năm {entry.year}: {_line_text(entry)}",
                 changes={k: [None, v] for k, v in audit.snapshot(entry, ENTRY_FIELDS).items()})
    return entry


@transactional
def update_entry(actor: User, entry: FundEntry, data: Mapping[str, str], seen_version=None) -> FundEntry:
    _require_keeper(actor)
    _require_manual(entry)
    check_version(entry, seen_version)
    values = parse_entry(data)
    before = audit.snapshot(entry, ENTRY_FIELDS)
    for name in ENTRY_FIELDS:
        setattr(entry, name, getattr(values, name))
    changes = audit.diff(before, audit.snapshot(entry, ENTRY_FIELDS))
    if changes:
        db.session.flush()
        audit.record("fund.edit", entry, actor=actor, summary=f"Sửa dòng sổ quỹ năm {entry.year}: {_line_text(entry)}",
                     changes=changes)
    return entry


@transactional
def delete_entry(actor: User, entry: FundEntry, seen_version=None) -> None:
    _require_keeper(actor)
    _require_manual(entry)
    check_version(entry, seen_version)
    audit.record("fund.delete", entry, actor=actor, summary=f"Xóa dòng sổ quỹ năm {entry.year}: {_line_text(entry)}",
                 changes={k: [v, None] for k, v in audit.snapshot(entry, ENTRY_FIELDS).items()})
    db.session.delete(entry)


# --- the decisions' postings ------------------------------------------------------------------------------


def decision_reference(document: OfficialDocument) -> str:
    """'Quyết định số 46/QĐ-KKTKCN ngày 30/12/2025'."""
    return f"Quyết định số {document.number_text} ngày {short_date(document.issued_on)}"


def decision_total(document: OfficialDocument) -> int:
    """The bonuses an issued decision pays: the sum of its entries' amounts (fixed on issue)."""
    return sum(entry.amount or 0 for entry in document.entries)


def _posting(document_id: int, source: str) -> FundEntry | None:
    return db.session.scalars(select(FundEntry).where(FundEntry.document_id == document_id,
                                                      FundEntry.source == source)).first()


def post_decision(document: OfficialDocument, actor: User | None = None) -> list[FundEntry]:
    """Post an issued decision's bonuses to the fund, and give back the posting of the decision it replaces
    (see the module). Inside the caller's transaction: commits nothing. Returns the lines added."""
    from .decisions import counts_text, entry_counts

    if document.kind != DocumentKind.DECISION or not document.is_issued:
        return []
    added: list[FundEntry] = []
    who = getattr(actor, "id", None) or document.issued_by_id
    day = document.issued_on
    if document.corrects_id and _posting(document.corrects_id, rules.REVERSAL) is None:
        replaced = _posting(document.corrects_id, rules.DECISION)
        if replaced is not None:
            old = db.session.get(OfficialDocument, document.corrects_id)
            line = FundEntry(year=day.year, kind=rules.INCOME, source=rules.REVERSAL, entry_date=day,
                             amount=replaced.amount, document_id=old.id, created_by_id=who,
                             description=(f"Hoàn lại tiền thưởng theo {decision_reference(old)} (được thay thế bởi "
                                          f"{decision_reference(document)})")[:DESCRIPTION_MAX],
                             basis=decision_reference(document)[:BASIS_MAX])
            db.session.add(line)
            audit.record("fund.reverse", line, actor=actor,
                         summary=f"Sổ quỹ năm {day.year}: {_line_text(line)}")
            added.append(line)
    total = decision_total(document)
    if total > 0 and _posting(document.id, rules.DECISION) is None:
        counts = counts_text(*entry_counts(document))
        line = FundEntry(year=day.year, kind=rules.SPENDING, source=rules.DECISION, entry_date=day, amount=total,
                         document_id=document.id, created_by_id=who,
                         description=f"Tiền thưởng theo {decision_reference(document)} ({counts})"[:DESCRIPTION_MAX],
                         basis=decision_reference(document)[:BASIS_MAX])
        db.session.add(line)
        audit.record("fund.post", line, actor=actor, summary=f"Sổ quỹ năm {day.year}: {_line_text(line)}")
        added.append(line)
    return added


# --- reading ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    entry: FundEntry
    balance: int  # after this line

    @property
    def income(self) -> int | None:
        return self.entry.amount if self.entry.kind == rules.INCOME else None

    @property
    def spending(self) -> int | None:
        return self.entry.amount if self.entry.kind == rules.SPENDING else None

    @property
    def manual(self) -> bool:
        return self.entry.source == rules.MANUAL


@dataclass(frozen=True)
class Ledger:
    year: int
    opening: int
    rows: list[LedgerRow]
    totals: rules.Totals
    closing: int
    years: list[int]  # the years with lines, and the current one: the page's year links

    @property
    def posted_spending(self) -> int:
        return self.totals.of(rules.SPENDING, rules.DECISION)


def _sums(condition) -> list[tuple[str, int]]:
    return [(kind, int(total or 0)) for kind, total in db.session.execute(
        select(FundEntry.kind, func.sum(FundEntry.amount)).where(condition).group_by(FundEntry.kind))]


def balance(year: int) -> int:
    """The fund's balance at the end of `year`: every line up to that year with its sign (one query)."""
    return rules.opening_balance(_sums(FundEntry.year <= year))


def opening(year: int) -> int:
    """The balance carried into `year` from the earlier years (one query)."""
    return rules.opening_balance(_sums(FundEntry.year < year))


def ledger_years(year: int | None = None) -> list[int]:
    years = set(db.session.scalars(select(FundEntry.year).distinct()))
    years.add(current_year())
    if year is not None:
        years.add(year)
    return sorted(years)


def ledger(year: int) -> Ledger:
    """The year's ledger: the opening balance, the lines by date with the running balance, the totals and the
    closing balance. Three queries whatever the number of lines."""
    carried = opening(year)
    entries = list(db.session.scalars(select(FundEntry).where(FundEntry.year == year)
                                      .options(joinedload(FundEntry.document))
                                      .order_by(FundEntry.entry_date, FundEntry.id)))
    lines = [rules.Line(e.entry_date, e.kind, e.amount, e.source, e.id) for e in entries]
    book = rules.year_ledger(year, carried, lines)
    by_id = {e.id: e for e in entries}
    rows = [LedgerRow(by_id[line.order], after) for line, after in zip(book.lines, book.running, strict=True)]
    return Ledger(year, carried, rows, book.totals, book.closing, ledger_years(year))


def entry_form_data(entry: FundEntry) -> dict[str, str]:
    """An entry as its edit form shows it."""
    return {"year": str(entry.year), "kind": entry.kind, "entry_date": short_date(entry.entry_date),
            "amount": number(entry.amount), "description": entry.description, "basis": entry.basis or ""}


def load_entry(entry_id: int) -> FundEntry | None:
    return db.session.get(FundEntry, entry_id)


# --- the draft decision's check -------------------------------------------------------------------------------


def draft_warning(document: OfficialDocument, draft_total: int | None, today: dt.date | None = None) -> str | None:
    """For a draft decision: the warning when its bonuses exceed the fund's balance of the year it would be
    issued in (today's year). A replacing draft gives back the replaced decision's posting when issued, so that
    posting counts as available. One or two queries."""
    if document.kind != DocumentKind.DECISION or document.is_issued or not draft_total:
        return None
    year = (today or local_now().date()).year
    available = balance(year)
    if document.corrects_id:
        replaced = _posting(document.corrects_id, rules.DECISION)
        if replaced is not None and _posting(document.corrects_id, rules.REVERSAL) is None:
            available += replaced.amount
    return rules.draft_warning(available, draft_total, year)


# --- the sheet ---------------------------------------------------------------------------------------------------


def ledger_filename(year: int) -> str:
    return f"so-quy-thi-dua-khen-thuong-{year}.xlsx"


def ledger_xlsx(year: int) -> bytes:
    """The year's ledger as a sheet laid out for printing (org_export.print_setup): the title rows, the opening
    balance, the lines with the running balance, the year's totals and the closing balance."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .org import get_agency
    from .org_export import DATE_FORMAT, print_setup

    book = ledger(year)
    agency = get_agency()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"Sổ quỹ {year}"
    money_format = "#,##0"
    bold = Font(bold=True)
    sheet.cell(1, 1, (agency.name if agency else "").upper()).font = bold
    sheet.cell(2, 1, f"SỔ QUỸ THI ĐUA, KHEN THƯỞNG NĂM {year}").font = Font(bold=True, size=13)
    sheet.cell(3, 1, "Đơn vị tính: đồng").font = Font(italic=True)
    headers = [("STT", 6), ("Ngày", 12), ("Nội dung", 52), ("Căn cứ", 36), ("Thu", 16), ("Chi", 16), ("Số dư", 18)]
    for column, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(5, column, title)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = 6
    sheet.cell(row, 3, f"Số dư năm trước chuyển sang (đến hết năm {year - 1})").font = bold
    sheet.cell(row, 7, book.opening).number_format = money_format
    for index, line in enumerate(book.rows, start=1):
        row += 1
        entry = line.entry
        values = [index, entry.entry_date, entry.description, entry.basis, line.income, line.spending, line.balance]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if column == 2:
                cell.number_format = DATE_FORMAT
            elif column >= 5:
                cell.number_format = money_format
    row += 1
    sheet.cell(row, 3, "Cộng phát sinh trong năm").font = bold
    for column, value in ((5, book.totals.income), (6, book.totals.spending)):
        cell = sheet.cell(row, column, value)
        cell.font, cell.number_format = bold, money_format
    row += 1
    sheet.cell(row, 3, f"Số dư cuối năm {year}").font = bold
    cell = sheet.cell(row, 7, book.closing)
    cell.font, cell.number_format = bold, money_format
    row += 1
    sheet.cell(row, 3, f"Trong đó chi tiền thưởng theo quyết định: {money(book.posted_spending)}").font = Font(italic=True)
    sheet.freeze_panes = "A6"
    print_setup(sheet, f"Sổ quỹ thi đua, khen thưởng năm {year}", title_rows="5:5")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
