"""SQLAlchemy models, one module per aggregate."""

from .audit import AuditEvent
from .base import utcnow
from .org import EMPLOYMENT_TYPES, GENDERS, Agency, Person, Signer, Unit
from .user import MIN_PASSWORD_LENGTH, Role, User

__all__ = [
    "EMPLOYMENT_TYPES",
    "GENDERS",
    "MIN_PASSWORD_LENGTH",
    "Agency",
    "AuditEvent",
    "Person",
    "Role",
    "Signer",
    "Unit",
    "User",
    "utcnow",
]
