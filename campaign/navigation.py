"""Each role's menu: what it shows is what that role can open."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Role


@dataclass(frozen=True)
class MenuItem:
    label: str
    endpoint: str
    active: bool = False


# (label, endpoint, the endpoint prefix of the pages that belong to the item)
HOME = ("Trang chủ", "dashboard.home", "dashboard.")
AGENCY = ("Cơ quan", "org.agency", "org.agency")
UNITS = ("Đơn vị", "org.units", "org.unit")
PEOPLE = ("Cán bộ", "org.people", "org.pe")
ACCOUNTS = ("Tài khoản", "admin.users", "admin.user")
AUDIT = ("Nhật ký", "admin.audit_log", "admin.audit")

_MENUS: dict[str, list[tuple[str, str, str]]] = {
    Role.ADMIN: [HOME, AGENCY, UNITS, PEOPLE, ACCOUNTS, AUDIT],
    Role.OFFICE: [HOME, AGENCY, UNITS, PEOPLE, ACCOUNTS, AUDIT],
    Role.UNIT_OFFICER: [HOME, ("Cán bộ đơn vị", "org.people", "org.pe")],
    Role.LEADER: [HOME],
    Role.COUNCIL_CHAIR: [HOME],
    Role.COUNCIL_SECRETARY: [HOME],
    Role.COUNCIL_MEMBER: [HOME],
}


def menu_for(user, endpoint: str) -> list[MenuItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        MenuItem(label, target, endpoint.startswith(prefix))
        for label, target, prefix in _MENUS.get(user.role, [])
    ]
