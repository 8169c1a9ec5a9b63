"""The demo's reward fund (Quỹ thi đua, khen thưởng): each year's allocation by the province's decision, for the
previous annual round's year and the current round's (the years the rounds were created with, read back from
their phases, so a later run finds the same years), and one spending by hand in the previous year (the
certificates' blanks and frames), through the office's own service (services/fund.add_entry).

The bonuses of the decisions the council's replay issues (campaign/demo/council.py, through
services/decisions.issue) are posted by the issue itself: this step may run after it, the ledger is read by
date. A line that would be dated after the load day is dated on it. Found again by year and description: a
second run adds nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..extensions import db
from ..models import FundEntry, Role, User
from ..services import fund as service

# (year offset from the load day, kind, day, month, amount, description, basis): the province's allocations
# in January, larger than the round's bonuses; one spending outside the decisions.
LINES = (
    (-1, "income", 15, 1, 150_000_000, "Kinh phí thi đua, khen thưởng năm {year}",
     "Quyết định số {number}/QĐ-UBND ngày 10/01/{year} của {province} giao dự toán ngân sách năm {year}"),
    (-1, "spending", 20, 11, 4_500_000, "In phôi giấy khen, làm khung giấy khen năm {year}",
     "Hợp đồng số 15/{year}/HĐ-VP, hóa đơn ngày 20/11/{year}"),
    (0, "income", 14, 1, 160_000_000, "Kinh phí thi đua, khen thưởng năm {year}",
     "Quyết định số {number}/QĐ-UBND ngày 09/01/{year} của {province} giao dự toán ngân sách năm {year}"),
)


def _province(parent_body: str) -> str:
    """'UBND TỈNH KHÁNH HÒA' → 'UBND tỉnh Khánh Hòa'."""
    _head, _, name = parent_body.partition("TỈNH ")
    return f"UBND tỉnh {name.title()}" if name else parent_body


def fund_step(ctx) -> None:
    office = db.session.scalar(select(User).where(User.role == Role.OFFICE, User.active.is_(True)).order_by(User.id))
    if office is None or ctx.agency is None:
        return
    today = ctx.now.date()
    province = _province(ctx.agency.parent_body or "")
    current = ctx.rounds.get("current")
    base_year = current.start_date.year if current is not None else today.year
    for offset, kind, day, month, amount, description, basis in LINES:
        year = base_year + offset
        when = min(dt.date(year, month, day), today)
        text = description.format(year=year)
        if db.session.scalar(select(FundEntry.id).where(FundEntry.year == year, FundEntry.source == "manual",
                                                        FundEntry.description == text)) is not None:
            continue
        number = 40 + year % 100
        service.add_entry(office, {
            "kind": kind, "year": str(year), "entry_date": when.strftime("%d/%m/%Y"), "amount": str(amount),
            "description": text,
            "basis": basis.format(year=year, number=number, province=province)})
        ctx.count("fund_entry")
