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
CAMPAIGNS = ("Phong trào", "setup.campaigns", "setup.c")
AWARDS = ("Khen thưởng", "setup.award_forms", "setup.award")
# The agency, its units and its people: one item, the pages' own tabs lead on (templates/org/_tabs.html).
ORG = ("Tổ chức", "org.units", "org.")
ACCOUNTS = ("Tài khoản", "admin.users", "admin.user")
AUDIT = ("Nhật ký", "admin.audit_log", "admin.audit")
DOSSIERS = ("Hồ sơ thi đua", "dossiers.nominations", "dossiers.")
APPRAISAL = ("Thẩm định hồ sơ", "dossiers.appraisal", "dossiers.")
FOLLOW_UP = ("Theo dõi, đôn đốc", "dashboard.follow_up", "dashboard.follow_up")
COUNCILS = ("Hội đồng", "council.councils", "council.council")
SESSIONS = ("Phiên họp", "council.sessions", "council.session")
DOCUMENTS = ("Văn bản", "documents.register", "documents.")
# Every account sees the published lists (services/publication.py); the page says when nothing is published.
REGISTRATION = ("Đăng ký thi đua", "registration.index", "registration.")
# Lookup, certificates, the fund and the statistics (web/records): one item, the pages' own tabs lead on.
RECORDS = ("Sổ khen thưởng", "records.lookup", "records.")
PUBLIC = ("Công khai", "documents.public_lists", "documents.public_")

_MENUS: dict[str, list[tuple[str, str, str]]] = {
    Role.ADMIN: [HOME, CAMPAIGNS, REGISTRATION, AWARDS, APPRAISAL, FOLLOW_UP, COUNCILS, SESSIONS, DOCUMENTS, RECORDS, PUBLIC,
                 ORG, ACCOUNTS, AUDIT],
    Role.OFFICE: [HOME, CAMPAIGNS, REGISTRATION, AWARDS, APPRAISAL, FOLLOW_UP, COUNCILS, SESSIONS, DOCUMENTS, RECORDS, PUBLIC,
                  ORG, ACCOUNTS, AUDIT],
    Role.UNIT_OFFICER: [HOME, CAMPAIGNS, REGISTRATION, DOSSIERS, ("Cán bộ đơn vị", "org.people", "org.pe"),
                         RECORDS, PUBLIC],
    Role.LEADER: [HOME, CAMPAIGNS, AWARDS, DOCUMENTS, RECORDS, PUBLIC],
    Role.COUNCIL_CHAIR: [HOME, SESSIONS, CAMPAIGNS, AWARDS, PUBLIC],
    Role.COUNCIL_SECRETARY: [HOME, SESSIONS, CAMPAIGNS, AWARDS, PUBLIC],
    Role.COUNCIL_MEMBER: [HOME, SESSIONS, CAMPAIGNS, AWARDS, PUBLIC],
}


# Pages reached from the top bar, not from the menu: no menu item is theirs.
OUTSIDE_MENU = {"dashboard.notifications"}


def menu_for(user, endpoint: str) -> list[MenuItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    if endpoint in OUTSIDE_MENU:
        endpoint = ""
    items = _MENUS.get(user.role, [])
    # The most specific prefix wins: "Công khai" (documents.public_) rather than "Văn bản" (documents.)
    longest = max((len(prefix) for _, _, prefix in items if endpoint.startswith(prefix)), default=0)
    return [
        MenuItem(label, target, endpoint.startswith(prefix) and len(prefix) == longest)
        for label, target, prefix in items
    ]
