"""Demo data built from the seed plans: a whole board with its units, staff and accounts.

    load_demo("khanhhoa")  # seeds 000, 001, 003: Ban Quản lý KKT và KCN tỉnh Khánh Hòa (KKTKCN)
    load_demo("langson")   # seed 002: Ban Quản lý KKT cửa khẩu Đồng Đăng - Lạng Sơn (BQLKKTCK)

Each board comes with the seed campaign "Đổi mới sáng tạo, … chuyển đổi xanh": its phases with the
windows of its plan (on 1 December 2026 phase 1 runs, phase 2 has not opened), its criteria, the
award-form catalogue (catalogue.py) and, for Khánh Hòa, the plan tasks of seeds 001 and 003; the board's
regular campaign with the previous year's annual round accepted and the current year's open around the
load day; its leaders as people, and the council by decision with nine members who have accounts.

The boards are data (khanhhoa.py, langson.py, catalogue.py, names from names.py); steps.py is the one
loader. Running it again adds only what is missing, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..services import ServiceError, audit, unit_of_work
from . import khanhhoa, langson
from .spec import DemoSpec
from .steps import KIND_LABELS, STEPS, DemoAccount, DemoContext, campaign_summary

DEMO_PASSWORD = "demo12345"

AGENCIES: dict[str, DemoSpec] = {spec.key: spec for spec in (khanhhoa.SPEC, langson.SPEC)}

__all__ = ["AGENCIES", "DEMO_PASSWORD", "DemoAccount", "DemoResult", "load_demo"]


@dataclass
class DemoResult:
    agency: str  # khanhhoa, langson
    created: dict[str, int] = field(default_factory=dict)  # kind → rows created by this run
    accounts: list[DemoAccount] = field(default_factory=list)
    agency_name: str = ""
    symbol: str = ""
    campaign_lines: list[str] = field(default_factory=list)  # the demo campaign as it now stands

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def created_summary(self) -> str:
        """'1 cơ quan, 2 người ký, 7 đơn vị, 59 cá nhân, 15 tài khoản' (only the kinds created)."""
        return ", ".join(f"{n} {KIND_LABELS.get(kind, kind)}" for kind, n in self.created.items() if n)

    def describe(self) -> str:
        lines = [f"Dữ liệu mẫu: {self.agency_name or self.agency}" + (f" ({self.symbol})" if self.symbol else "")]
        if self.total_created:
            lines.append(f"Đã tạo mới: {self.created_summary()}.")
        else:
            lines.append("Không tạo thêm gì: dữ liệu mẫu đã có đủ, không có thay đổi.")
        lines.extend(self.campaign_lines)
        lines.append("Tài khoản mẫu:")
        for account in self.accounts:
            line = f"  {account.username} — {account.role_label}"
            if account.unit_name:
                line += f" — {account.unit_name}"
            if account.holder:
                line += f" ({account.holder})"
            if not account.demo_password:
                line += " [đã có từ trước, mật khẩu riêng: không phải mật khẩu mẫu]"
            lines.append(line)
        return "\n".join(lines)


def load_demo(agency: str) -> DemoResult:
    """Build the demo board `agency` in one transaction; only what is missing is created.

    Raises ServiceError (nothing written) when the database already belongs to another agency."""
    spec = AGENCIES.get(agency)
    if spec is None:
        choices = ", ".join(AGENCIES)
        raise ServiceError(f"Không có dữ liệu mẫu «{agency}». Hãy chọn một trong: {choices}.")
    ctx = DemoContext(spec=spec, password=DEMO_PASSWORD)
    with unit_of_work():  # the services the steps call join this one transaction
        for step in STEPS:
            step(ctx)
        result = DemoResult(agency=spec.key, created={k: ctx.created.get(k, 0) for k in KIND_LABELS} | ctx.created,
                            accounts=ctx.accounts, agency_name=ctx.agency.name, symbol=ctx.agency.symbol,
                            campaign_lines=campaign_summary(ctx))
        if result.total_created:
            audit.record("demo.load", ctx.agency,
                         summary=f"Nạp dữ liệu mẫu {spec.name}: tạo mới {result.created_summary()}")
    return result
