"""SQLAlchemy models, one module per aggregate."""

from .audit import AuditEvent
from .award import (
    AWARD_KINDS,
    AWARD_LEVELS,
    CONDITION_KINDS,
    INITIATIVE_LEVELS,
    QUOTA_KINDS,
    SANCTION_LEVELS,
    AwardCondition,
    AwardForm,
    AwardQuota,
    BaseSalaryRate,
)
from .base import local_now, utcnow
from .campaign import (
    AGGREGATIONS,
    APPLIES_TO,
    CAMPAIGN_KINDS,
    CAMPAIGN_SCOPES,
    CRITERION_SOURCES,
    MEASURES,
    REVIEW_KINDS,
    Campaign,
    CampaignStatus,
    Criterion,
    CriterionGroup,
    CriterionTarget,
    LegalBasis,
    Phase,
)
from .council import (
    AgendaItem,
    Attendance,
    BallotCast,
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Recusal,
    Score,
    SessionEvent,
    SessionMember,
    SessionStatus,
    VoteTally,
)
from .document import DocumentEntry, DocumentKind, DocumentStatus, OfficialDocument
from .dossier import (
    RETURN_TOPICS,
    AwardRecord,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationEvent,
    NominationStatus,
    Result,
    Sanction,
    subject_key,
)
from .extension import UnitExtension
from .files import StoredFile
from .org import EMPLOYMENT_TYPES, GENDERS, Agency, Person, Signer, Unit
from .plan import TASK_STATUSES, PlanTask, TaskReport, plan_task_partner
from .publication import Handling, Objection, Publication
from .records import FUND_KINDS, FUND_SOURCES, ORIENTATIONS, PAPERS, CertificateProfile, FundEntry
from .registration import RegistrationCommitment, RegistrationLine, RegistrationWindow, UnitRegistration
from .user import MIN_PASSWORD_LENGTH, Role, SessionEnd, User, UserSession

__all__ = [
    "AgendaItem", "Attendance", "BallotCast", "Council", "CouncilMember", "CouncilRole", "CouncilSession",
    "Recusal", "Score", "SessionEvent", "SessionMember", "SessionStatus", "VoteTally",
    "AGGREGATIONS", "APPLIES_TO", "AWARD_KINDS", "AWARD_LEVELS", "CAMPAIGN_KINDS", "CONDITION_KINDS",
    "CRITERION_SOURCES", "EMPLOYMENT_TYPES", "GENDERS", "INITIATIVE_LEVELS", "MEASURES", "MIN_PASSWORD_LENGTH",
    "QUOTA_KINDS", "RETURN_TOPICS", "REVIEW_KINDS", "AwardRecord", "Initiative", "InitiativeAuthor", "Nomination",
    "NominationEvent", "NominationStatus", "Result", "Sanction", "subject_key", "SANCTION_LEVELS", "TASK_STATUSES",
    "DocumentEntry", "DocumentKind", "DocumentStatus", "OfficialDocument", "Handling", "Objection", "Publication",
    "Agency", "AuditEvent", "AwardCondition", "AwardForm", "AwardQuota", "BaseSalaryRate", "Campaign",
    "CampaignStatus", "Criterion", "CriterionGroup", "CriterionTarget", "LegalBasis", "Person", "Phase",
    "PlanTask", "RegistrationCommitment", "RegistrationLine", "RegistrationWindow", "Role", "SessionEnd", "Signer", "StoredFile", "TaskReport", "Unit", "UnitExtension", "UnitRegistration", "User", "UserSession",
    "CAMPAIGN_SCOPES", "CertificateProfile", "FUND_KINDS", "FUND_SOURCES", "FundEntry", "ORIENTATIONS", "PAPERS",
    "local_now", "plan_task_partner", "utcnow",
]
