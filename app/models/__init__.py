"""All models, imported here so that Alembic and the app see the full metadata."""

from app.models.account import Account, CoordinatorAssignment, LoginSession, Visibility
from app.models.application import (
    FINAL_STATES,
    OPEN_STATES,
    Application,
    ApplicationDraft,
    ApplicationState,
    ConsentKind,
    ConsentRecord,
    ConsentText,
)
from app.models.atlas import (
    AtlasEntry,
    AtlasHistory,
    AtlasHistoryKind,
    AtlasMethod,
    AtlasSettings,
    AtlasState,
    AtlasUpdate,
)
from app.models.base import BERLIN, today_in_germany, utcnow
from app.models.event import (
    ACTIVE_STATES,
    MAX_QUESTIONS,
    Audience,
    CalendarFeed,
    Event,
    EventQuestion,
    EventRegistration,
    QuestionKind,
    RegistrationHistory,
    RegistrationState,
)
from app.models.history import HistoryEntry, HistoryKind
from app.models.invitation import ImportState, MemberImport, MemberInvitation, invitation_themenkreise
from app.models.member_message import MemberMessage
from app.models.membership import Membership
from app.models.membership_contact import MembershipContact
from app.models.network import ApplicantKind, Laendergruppe, Network, Themenkreis
from app.models.organisation import Organisation, OrganisationType
from app.models.outbox import OutboxAttachment, OutboxMessage, OutboxStatus
from app.models.page_generation import page_generation
from app.models.programme import (
    Cohort,
    CohortInterestNotice,
    CohortMilestone,
    CohortParticipation,
    MilestoneTick,
    ParticipationState,
    SealCase,
    SealCriterion,
    SealReview,
    SealState,
)
from app.models.review_search import review_index
from app.models.search import directory_entries, directory_text, directory_themen
from app.models.token import Token, TokenPurpose
from app.models.verification import (
    Verification,
    VerificationEvent,
    VerificationMethod,
    VerificationState,
    VerifiedDomain,
)

__all__ = [
    "ACTIVE_STATES",
    "BERLIN",
    "FINAL_STATES",
    "MAX_QUESTIONS",
    "OPEN_STATES",
    "Account",
    "ApplicantKind",
    "Application",
    "ApplicationDraft",
    "ApplicationState",
    "AtlasEntry",
    "AtlasHistory",
    "AtlasHistoryKind",
    "AtlasMethod",
    "AtlasSettings",
    "AtlasState",
    "AtlasUpdate",
    "Audience",
    "CalendarFeed",
    "Cohort",
    "CohortInterestNotice",
    "CohortMilestone",
    "CohortParticipation",
    "ConsentKind",
    "ConsentRecord",
    "ConsentText",
    "CoordinatorAssignment",
    "Event",
    "EventQuestion",
    "EventRegistration",
    "HistoryEntry",
    "HistoryKind",
    "ImportState",
    "Laendergruppe",
    "LoginSession",
    "MemberImport",
    "MemberInvitation",
    "MemberMessage",
    "Membership",
    "MembershipContact",
    "MilestoneTick",
    "Network",
    "Organisation",
    "OrganisationType",
    "OutboxAttachment",
    "OutboxMessage",
    "OutboxStatus",
    "ParticipationState",
    "QuestionKind",
    "RegistrationHistory",
    "RegistrationState",
    "SealCase",
    "SealCriterion",
    "SealReview",
    "SealState",
    "Themenkreis",
    "Token",
    "TokenPurpose",
    "Verification",
    "VerificationEvent",
    "VerificationMethod",
    "VerificationState",
    "VerifiedDomain",
    "Visibility",
    "directory_entries",
    "directory_text",
    "directory_themen",
    "invitation_themenkreise",
    "page_generation",
    "review_index",
    "today_in_germany",
    "utcnow",
]
