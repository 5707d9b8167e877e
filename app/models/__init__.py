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
from app.models.base import utcnow
from app.models.history import HistoryEntry, HistoryKind
from app.models.invitation import ImportState, MemberImport, MemberInvitation, invitation_themenkreise
from app.models.member_message import MemberMessage
from app.models.membership import Membership
from app.models.network import ApplicantKind, Event, Laendergruppe, Network, Themenkreis
from app.models.organisation import Organisation, OrganisationType
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.search import directory_entries, directory_text, directory_themen
from app.models.token import Token, TokenPurpose

__all__ = [
    "FINAL_STATES",
    "OPEN_STATES",
    "Account",
    "ApplicantKind",
    "Application",
    "ApplicationDraft",
    "ApplicationState",
    "ConsentKind",
    "ConsentRecord",
    "ConsentText",
    "CoordinatorAssignment",
    "Event",
    "HistoryEntry",
    "HistoryKind",
    "ImportState",
    "Laendergruppe",
    "LoginSession",
    "MemberImport",
    "MemberInvitation",
    "MemberMessage",
    "Membership",
    "Network",
    "Organisation",
    "OrganisationType",
    "OutboxMessage",
    "OutboxStatus",
    "Themenkreis",
    "Token",
    "TokenPurpose",
    "Visibility",
    "directory_entries",
    "directory_text",
    "directory_themen",
    "invitation_themenkreise",
    "utcnow",
]
