"""The permission matrix: every route of the app × every role.

The list of routes comes from the app's URL map, so a new route without a row in
ROUTE_RULES fails `test_every_route_has_a_rule`. Each row lists one or more requests
(method, URL values, form data) and the expected outcome for every role:

    OK         200, or a redirect somewhere other than the login page
    LOGIN      redirect to /anmelden?next=… (anonymous visitors on protected pages)
    NOT_FOUND  404 – anything of another network, and areas a role must not know about
    FORBIDDEN  403

URL values name objects of the `world` below ("a" is the slug of network A,
"application_a" the id of an application in A, ...); other values are used literally.
After a successful request other than GET the next role gets a fresh world, so side
effects of one role (deleting, approving) never change what the next role sees.

Adding a route: add a row `"blueprint.endpoint": [Case(...)]` to ROUTE_RULES, using the
helpers `everyone()`, `logged_in()`, `coordinators_of_a()`, `admins_only()` or an explicit
dict; add objects your route needs to `build_world()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for

from app import create_app
from app.atlas.settings import configure, ensure_default_methods
from app.auth.accounts import issue_invitation
from app.core import history
from app.core.tokens import hash_token, issue_token, new_token
from app.events.feeds import renew_feed
from app.events.links import feed_token, new_nonce, registration_token
from app.extensions import db
from app.members.messages import unsubscribe_token
from app.models import (
    Account,
    ApplicantKind,
    Application,
    ApplicationState,
    AtlasEntry,
    AtlasMethod,
    AtlasState,
    AtlasUpdate,
    Cohort,
    CohortMilestone,
    CohortParticipation,
    Event,
    EventRegistration,
    HistoryKind,
    Laendergruppe,
    MemberImport,
    MemberInvitation,
    MemberMessage,
    Membership,
    MembershipContact,
    Network,
    ParticipationState,
    RegistrationState,
    SealCase,
    SealState,
    TokenPurpose,
    Verification,
    VerificationMethod,
    VerifiedDomain,
    Visibility,
    utcnow,
)
from app.models.atlas_fields import AtlasLevel, AtlasLicence, AtlasTopic
from config import TestConfig
from tests.conftest import IsolatedClient, _reset_schema, login

OK = "ok"
LOGIN = "login"
NOT_FOUND = 404
FORBIDDEN = 403

ANONYMOUS = "anonymous"
APPLICANT = "applicant"  # anonymous, but holds the private status link of application_a
MEMBER_A = "member_a"
COORDINATOR_A = "coordinator_a"
COORDINATOR_B = "coordinator_b"
ADMIN = "admin"
ROLES = (ANONYMOUS, APPLICANT, MEMBER_A, COORDINATOR_A, COORDINATOR_B, ADMIN)

# Endpoints that serve files and have no permission rule.
UNCHECKED = {"static", "kern_asset"}

# The applicant role first opens this page (endpoint, URL values) – the private status page,
# once it exists – so that whatever it remembers in the session is present in every request.
APPLICANT_ENTRY: tuple[str, dict[str, str]] | None = ("apply.status", {"token": "status_token_a"})


@dataclass(frozen=True)
class Case:
    expect: dict[str, object]
    method: str = "GET"
    values: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)


def everyone(outcome: object = OK) -> dict[str, object]:
    return dict.fromkeys(ROLES, outcome)


def logged_in() -> dict[str, object]:
    return {**everyone(OK), ANONYMOUS: LOGIN, APPLICANT: LOGIN}


def coordinators_of_a(**overrides) -> dict[str, object]:
    """Coordinators of network A and admins; members and other coordinators get 404."""
    return {
        ANONYMOUS: LOGIN,
        APPLICANT: LOGIN,
        MEMBER_A: NOT_FOUND,
        COORDINATOR_A: OK,
        COORDINATOR_B: NOT_FOUND,
        ADMIN: OK,
        **overrides,
    }


def members_of_a() -> dict[str, object]:
    """Members of network A only; everyone else who is logged in gets 404."""
    return {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, MEMBER_A: OK}


def admins_only() -> dict[str, object]:
    return {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, ADMIN: OK}


A = {"slug": "a"}
APP_A = {"slug": "a", "application_id": "application_a"}
EVENT_A = {"slug": "a", "event_id": "open_event_a"}
REGISTRATION_A = {"slug": "a", "event_id": "open_event_a", "registration_id": "registration_a"}
INVITATION_A = {"slug": "a", "invitation_id": "member_invitation_a"}
IMPORT_A = {"slug": "a", "import_id": "import_a"}
COHORT_A = {"slug": "a", "cohort_id": "cohort_a"}
MILESTONE_A = {"slug": "a", "cohort_id": "cohort_a", "milestone_id": "milestone_a"}
PARTICIPATION_A = {"slug": "a", "cohort_id": "cohort_a", "participation_id": "participation_a"}
SEAL_CASE_A = {"slug": "a", "case_id": "seal_case_a"}
MEMBERSHIP_A = {"membership_id": "membership_a"}
VERIFICATION_A = {"slug": "a", "verification_id": "verification_a"}
# Contacts and coordinators pass the permission check; an empty form is then refused at its fields.
CONTACT_MANAGERS_REFUSE = {
    ANONYMOUS: LOGIN, APPLICANT: LOGIN, MEMBER_A: 422, COORDINATOR_A: 422, COORDINATOR_B: NOT_FOUND, ADMIN: 422,
}  # fmt: skip
NOTE = {"message": "Eine Notiz", "reason": "Ein Grund", "version": "application_a_version"}

ROUTE_RULES: dict[str, list[Case]] = {
    # public pages
    "public.index": [Case(everyone())],
    "public.network": [Case(everyone(), values=A)],
    "public.impressum": [Case(everyone())],
    "public.privacy": [Case(everyone())],
    "public.accessibility": [Case(everyone())],
    "public.switch_language": [Case(everyone(), values={"lang": "de", "next": "/"})],
    # health checks (the test schema is made without migrations, so /readyz is not ready)
    "health.healthz": [Case(everyone())],
    "health.readyz": [Case(everyone(503))],
    # applying
    "apply.start": [Case(everyone(), values=A)],
    "apply.step": [
        Case(everyone(), values={"slug": "a", "step": "1"}),
        Case(everyone(), method="POST", values={"slug": "a", "step": "1"}, data={"first_name": "Kim"}),
        Case(everyone(NOT_FOUND), values={"slug": "a", "step": "7"}),
    ],
    "apply.submit": [Case(everyone(), method="POST", values=A)],
    "apply.sent": [Case(everyone(), values=A)],
    "apply.privacy": [Case(everyone(), values=A), Case(everyone(NOT_FOUND), values={"slug": "unknown"})],
    # The applicant's capability links: whoever holds the link may use it (no login).
    "apply.confirm": [Case(everyone(NOT_FOUND), values={"token": "unknown"})],
    "apply.status": [
        Case(everyone(), values={"token": "status_token_a"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "apply.answer": [
        Case(everyone(), method="POST", values={"token": "status_token_a"}, data={"answer": "Antwort"}),
        Case(everyone(NOT_FOUND), method="POST", values={"token": "unknown"}, data={"answer": "Antwort"}),
    ],
    "apply.withdraw": [
        Case(everyone(), values={"token": "status_token_a"}),
        Case(everyone(), method="POST", values={"token": "status_token_a"}),
        Case(everyone(NOT_FOUND), method="POST", values={"token": "unknown"}),
    ],
    "apply.resend": [Case(everyone()), Case(everyone(), method="POST", data={"email": "antrag-a@example.org"})],
    "apply.resend_done": [Case(everyone())],
    # auth
    "auth.login": [Case(everyone()), Case(everyone(), method="POST", data={"email": "x@example.org"})],
    "auth.logout": [Case(everyone(), method="POST")],
    "auth.forgot_password": [Case(everyone()), Case(everyone(), method="POST", data={"email": "x@example.org"})],
    # Capability links: whoever holds a valid link may use it (and nothing else).
    "auth.reset_password": [
        Case(everyone(), values={"token": "reset_token"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "auth.accept_invitation": [
        Case(everyone(), values={"token": "invitation_token"}),
        Case(everyone(NOT_FOUND), method="POST", values={"token": "unknown"}),
    ],
    "auth.change_password": [Case(logged_in()), Case(logged_in(), method="POST")],
    # member area: every page is about the logged-in person only
    "account.overview": [Case(logged_in())],
    "account.profile": [Case(logged_in()), Case(logged_in(), method="POST")],
    "account.preview": [Case(logged_in())],
    "account.change_email": [Case(logged_in()), Case(logged_in(), method="POST")],
    "account.confirm_email": [
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
        Case(everyone(NOT_FOUND), method="POST", values={"token": "unknown"}),
    ],
    "account.leave": [
        Case(
            {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, MEMBER_A: OK},
            values={"membership_id": "membership_a"},
        ),
        Case(
            {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, MEMBER_A: OK},
            method="POST",
            values={"membership_id": "membership_a"},
        ),
    ],
    "account.my_data": [Case(logged_in())],
    "account.export_json": [Case(logged_in())],
    "account.export_html": [Case(logged_in())],
    "account.delete_account": [Case(logged_in()), Case(logged_in(), method="POST")],
    # member directory: members and coordinators of the network, admins
    "directory.index": [
        Case(coordinators_of_a(member_a=OK), values=A),
        Case(
            coordinators_of_a(member_a=NOT_FOUND, coordinator_a=NOT_FOUND, admin=NOT_FOUND), values={"slug": "unknown"}
        ),
    ],
    "directory.profile": [
        Case(coordinators_of_a(member_a=OK), values={"slug": "a", "membership_id": "membership_a"}),
        # A member of B addressed through A's directory.
        Case(
            coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND),
            values={"slug": "a", "membership_id": "membership_b"},
        ),
    ],
    "directory.contact": [
        # Nobody writes to themselves: the member of A gets 404 on their own entry.
        Case(
            coordinators_of_a(),
            method="POST",
            values={"slug": "a", "membership_id": "membership_a"},
            data={"message": "Hallo, ich würde mich gern austauschen."},
        ),
    ],
    # review
    "review.overview": [
        Case({**logged_in(), MEMBER_A: FORBIDDEN}),
    ],
    "review.queue": [
        Case(coordinators_of_a(), values=A),
        Case(coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND), values={"slug": "unknown"}),
    ],
    "review.detail": [
        Case(coordinators_of_a(), values=APP_A),
        # An unconfirmed application is not real yet: invisible even to its coordinators.
        Case(
            coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND),
            values={"slug": "a", "application_id": "unconfirmed_a"},
        ),
        # An application of B addressed through A's URL.
        Case(
            coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND),
            values={"slug": "a", "application_id": "application_b"},
        ),
    ],
    "review.take": [Case(coordinators_of_a(), method="POST", values=APP_A, data=NOTE)],
    "review.ask": [Case(coordinators_of_a(), method="POST", values=APP_A, data=NOTE)],
    "review.approve": [Case(coordinators_of_a(), method="POST", values=APP_A, data=NOTE)],
    "review.reject": [Case(coordinators_of_a(), method="POST", values=APP_A, data=NOTE)],
    "review.note": [Case(coordinators_of_a(), method="POST", values=APP_A, data=NOTE)],
    "review.reopen": [
        Case(
            coordinators_of_a(coordinator_a=FORBIDDEN),
            method="POST",
            values={"slug": "a", "application_id": "rejected_a"},
            data=NOTE,
        ),
    ],
    "review.bulk": [
        Case(coordinators_of_a(), method="POST", values=A, data={"action": "take", "application_ids": "application_a"}),
    ],
    "review.export_applications": [Case(coordinators_of_a(), method="POST", values=A)],
    "review.export_members": [Case(coordinators_of_a(), method="POST", values=A)],
    # members (coordination area, invitation and unsubscribe links, Mein Bereich)
    "members.index": [Case(coordinators_of_a(), values=A)],
    "members.member": [
        Case(coordinators_of_a(), values={"slug": "a", "membership_id": "membership_a"}),
        Case(
            coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND),
            values={"slug": "a", "membership_id": "membership_b"},
        ),
    ],
    # events: public pages, capability links of a registration, feeds
    "events.index": [Case(everyone(), values=A), Case(everyone(NOT_FOUND), values={"slug": "unknown"})],
    "events.show": [
        Case(everyone(), values=EVENT_A),
        Case(everyone(NOT_FOUND), values={"slug": "b", "event_id": "open_event_a"}),
        Case(everyone(NOT_FOUND), values={"slug": "a", "event_id": "99999999999"}),
    ],
    "events.register_page": [
        Case(everyone(), values=EVENT_A),
        Case(everyone(), method="POST", values=EVENT_A, data={"name": "Alex"}),
        Case(everyone(NOT_FOUND), values={"slug": "b", "event_id": "open_event_a"}),
    ],
    "events.sent": [Case(everyone(), values=EVENT_A)],
    "events.event_ics": [Case(everyone(), values=EVENT_A)],
    "events.registration": [
        Case(everyone(), values={"token": "registration_token_a"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "events.registration_ics": [
        Case(everyone(), values={"token": "registration_token_a"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "events.confirm": [
        Case(everyone(), values={"token": "registration_token_a"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "events.cancel_registration": [
        Case(everyone(), method="POST", values={"token": "registration_token_a"}),
        Case(everyone(NOT_FOUND), method="POST", values={"token": "unknown"}),
    ],
    "events.accept": [
        Case(everyone(), method="POST", values={"token": "registration_token_a"}),
        Case(everyone(NOT_FOUND), method="POST", values={"token": "unknown"}),
    ],
    "events.network_feed": [Case(everyone(), values=A), Case(everyone(NOT_FOUND), values={"slug": "unknown"})],
    "events.themenkreis_feed": [
        Case(everyone(), values={"slug": "a", "group_id": "themenkreis_a"}),
        Case(everyone(NOT_FOUND), values={"slug": "b", "group_id": "themenkreis_a"}),
    ],
    "events.laendergruppe_feed": [
        Case(everyone(), values={"slug": "a", "group_id": "laendergruppe_a"}),
        Case(everyone(NOT_FOUND), values={"slug": "b", "group_id": "laendergruppe_a"}),
    ],
    "events.personal_feed": [
        Case(everyone(), values={"token": "feed_token_a"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "events.subscribe_help": [Case(everyone())],
    "events.mine": [Case(logged_in())],
    "events.renew_personal_feed": [Case(logged_in(), method="POST")],
    # events: coordination (coordinators of the network and admins)
    "events.manage": [Case(coordinators_of_a(), values=A)],
    "events.new": [Case(coordinators_of_a(), values=A), Case(coordinators_of_a(), method="POST", values=A)],
    "events.edit": [
        Case(coordinators_of_a(), values=EVENT_A),
        Case(coordinators_of_a(), method="POST", values=EVENT_A),
        Case(
            coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND),
            values={"slug": "b", "event_id": "open_event_a"},
        ),
    ],
    "events.cancel": [Case(coordinators_of_a(), method="POST", values=EVENT_A)],
    "events.delete": [Case(coordinators_of_a(), method="POST", values=EVENT_A)],
    "events.participants": [
        Case(coordinators_of_a(), values=EVENT_A),
        Case(
            coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND),
            values={"slug": "b", "event_id": "open_event_a"},
        ),
    ],
    "events.export_csv": [Case(coordinators_of_a(), values=EVENT_A)],
    "events.export_xlsx": [Case(coordinators_of_a(), values=EVENT_A)],
    "events.message": [
        Case(coordinators_of_a(), values=EVENT_A),
        Case(coordinators_of_a(), method="POST", values=EVENT_A, data={"subject": "Hallo", "body": "Text"}),
    ],
    "events.approve_registration": [Case(coordinators_of_a(), method="POST", values=REGISTRATION_A)],
    "events.decline_registration": [
        Case(coordinators_of_a(), values=REGISTRATION_A),
        Case(coordinators_of_a(), method="POST", values=REGISTRATION_A, data={"message": "Leider nicht."}),
        Case(
            coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND),
            values={"slug": "a", "event_id": "event_a", "registration_id": "registration_a"},
        ),
    ],
    "events.check_in": [Case(coordinators_of_a(), method="POST", values=REGISTRATION_A, data={"present": "y"})],
    "members.invitation": [Case(coordinators_of_a(), values=INVITATION_A)],
    "members.cancel_invitation": [Case(coordinators_of_a(), method="POST", values=INVITATION_A)],
    "members.add": [Case(coordinators_of_a(), values=A)],
    "members.export": [Case(coordinators_of_a(), method="POST", values={"slug": "a", "extension": "csv"})],
    "members.notify_setting": [Case(coordinators_of_a(admin=NOT_FOUND), method="POST", values=A)],
    "members.upload": [Case(coordinators_of_a(), values=A)],
    "members.check": [Case(coordinators_of_a(), values=IMPORT_A)],
    "members.mapping": [Case(coordinators_of_a(), method="POST", values=IMPORT_A, data={"column-0": "email"})],
    "members.confirm": [Case(coordinators_of_a(), method="POST", values=IMPORT_A)],
    "members.rejected": [Case(coordinators_of_a(), values=IMPORT_A)],
    "members.archive": [Case(coordinators_of_a(), values=A)],
    "members.message": [Case(coordinators_of_a(), values={"slug": "a", "message_id": "message_a"})],
    "members.compose": [Case(coordinators_of_a(), values=A)],
    "members.accept_invitation": [
        Case(everyone(), values={"token": "member_invitation_token"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "members.unsubscribe": [
        Case(everyone(), values={"token": "unsubscribe_token_a"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    "members.my_messages": [Case(logged_in())],
    # programme years and the seal
    "programmes.member": [Case(members_of_a(), values=A)],
    "programmes.apply": [Case(members_of_a(), method="POST", values=COHORT_A)],
    "programmes.interest": [Case(members_of_a(), method="POST", values=COHORT_A)],
    "programmes.withdraw_page": [Case(members_of_a(), method="POST", values=COHORT_A)],
    "programmes.member_tick": [Case(members_of_a(), method="POST", values=MILESTONE_A)],
    "programmes.seal_apply": [
        Case(members_of_a(), method="POST", values=A, data={"year": "2031", "statement": "Bürgerrat"})
    ],
    "programmes.manage": [Case(coordinators_of_a(), values=A)],
    "programmes.new_cohort": [Case(coordinators_of_a(), values=A), Case(coordinators_of_a(), method="POST", values=A)],
    "programmes.edit_cohort": [
        Case(coordinators_of_a(), values=COHORT_A),
        Case(
            {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN},
            values={"slug": "b", "cohort_id": "cohort_a"},
        ),
    ],
    "programmes.cohort": [Case(coordinators_of_a(), values=COHORT_A)],
    "programmes.move_up_page": [
        Case(coordinators_of_a(), method="POST", values={**COHORT_A, "participation_id": "waiting_a"})
    ],
    "programmes.participation": [Case(coordinators_of_a(), values=PARTICIPATION_A)],
    "programmes.coordinator_tick": [
        Case(coordinators_of_a(), method="POST", values={**PARTICIPATION_A, "milestone_id": "milestone_a"})
    ],
    "programmes.seal_cases": [Case(coordinators_of_a(), values=A)],
    "programmes.nominate_page": [
        Case(coordinators_of_a(), method="POST", values=A, data={"membership_id": "membership_a", "year": "2031"})
    ],
    "programmes.criteria": [Case(coordinators_of_a(), method="POST", values=A, data={"criteria": "Vielfalt | 5"})],
    "programmes.seal_case": [Case(coordinators_of_a(), values=SEAL_CASE_A)],
    "programmes.review": [Case(coordinators_of_a(), method="POST", values=SEAL_CASE_A)],
    "programmes.decide_page": [
        Case(coordinators_of_a(), method="POST", values=SEAL_CASE_A, data={"decision": "reject"})
    ],
    "programmes.ask_page": [Case(coordinators_of_a(), method="POST", values=SEAL_CASE_A)],
    "programmes.seal_answer": [Case(members_of_a(), method="POST", values=SEAL_CASE_A)],
    "programmes.renew_page": [
        Case(coordinators_of_a(), method="POST", values={"slug": "a", "case_id": "awarded_case_a"})
    ],
    "programmes.holders_page": [Case(everyone(), values=A), Case(everyone(NOT_FOUND), values={"slug": "unknown"})],
    "programmes.verify": [
        Case(everyone(), values={"code": "seal_code_a"}),
        Case(everyone(NOT_FOUND), values={"code": "unknown"}),
    ],
    "programmes.graphic": [
        Case(everyone(), values={"code": "seal_code_a"}),
        Case(everyone(NOT_FOUND), values={"code": "unknown"}),
    ],
    # organisation contacts (issue #16): contacts of the membership, its network's coordinators, admins
    "members.my_organisations": [Case(logged_in())],
    "members.contacts_page": [Case(coordinators_of_a(member_a=OK), values=MEMBERSHIP_A)],
    "members.invite_contact": [Case(CONTACT_MANAGERS_REFUSE, method="POST", values=MEMBERSHIP_A)],
    "members.hand_over": [Case(CONTACT_MANAGERS_REFUSE, method="POST", values=MEMBERSHIP_A)],
    "members.leave_contact": [Case(CONTACT_MANAGERS_REFUSE, method="POST", values=MEMBERSHIP_A)],
    "members.remove_contact": [
        Case(coordinators_of_a(member_a=OK), method="POST", values={**MEMBERSHIP_A, "contact_id": "contact_a"})
    ],
    "members.contact_listed": [
        Case({**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN}, method="POST", values=MEMBERSHIP_A)
    ],
    "members.accept_contact": [
        Case(everyone(), values={"token": "contact_token_a"}),
        Case(everyone(NOT_FOUND), values={"token": "unknown"}),
    ],
    # verification (issue #16): the coordination's queue and decisions, the member's request page
    "verification.queue_page": [Case(coordinators_of_a(), values=A)],
    "verification.detail": [
        Case(coordinators_of_a(), values=VERIFICATION_A),
        Case({**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN}, values={**VERIFICATION_A, "slug": "b"}),
    ],
    "verification.ask": [Case(coordinators_of_a(coordinator_a=422, admin=422), method="POST", values=VERIFICATION_A)],
    "verification.accept": [
        Case(coordinators_of_a(coordinator_a=422, admin=422), method="POST", values=VERIFICATION_A)
    ],
    "verification.reject": [
        Case(coordinators_of_a(coordinator_a=422, admin=422), method="POST", values=VERIFICATION_A)
    ],
    "verification.attest": [
        Case(coordinators_of_a(), values={"slug": "a", "membership_id": "membership_a"}),
        Case(
            {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, COORDINATOR_B: NOT_FOUND},
            values={"slug": "b", "membership_id": "membership_a"},
        ),
    ],
    "verification.domain_list": [Case(coordinators_of_a(), values=A)],
    "verification.domain_remove": [
        Case(coordinators_of_a(), method="POST", values={"slug": "a", "domain_id": "domain_a"})
    ],
    "verification.request_page": [
        Case({**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, MEMBER_A: OK}, values=MEMBERSHIP_A)
    ],
    "verification.answer": [
        Case(
            {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, MEMBER_A: 422},
            method="POST",
            values=MEMBERSHIP_A,
        )
    ],
    # administration
    "admin.index": [Case(admins_only())],
    "admin.statistics": [Case(admins_only())],
    "admin.network_new": [Case(admins_only()), Case(admins_only(), method="POST")],
    "admin.network": [
        Case(admins_only(), values=A),
        Case({**admins_only(), ADMIN: NOT_FOUND}, values={"slug": "unknown"}),
    ],
    "admin.network_edit": [Case(admins_only(), values=A), Case(admins_only(), method="POST", values=A)],
    "admin.network_delete": [Case(admins_only(), values=A), Case(admins_only(), method="POST", values=A)],
    "admin.network_statistics": [Case(admins_only(), values=A)],
    "admin.coordinators": [Case(admins_only(), values=A), Case(admins_only(), method="POST", values=A)],
    "admin.coordinator_notify": [
        Case(admins_only(), method="POST", values={"slug": "a", "account_id": "coordinator_a_account"}),
    ],
    "admin.coordinator_remove": [
        Case(admins_only(), method="POST", values={"slug": "a", "account_id": "coordinator_a_account"}),
        Case(
            {**admins_only(), ADMIN: NOT_FOUND},
            method="POST",
            values={"slug": "b", "account_id": "coordinator_a_account"},
        ),
    ],
    "admin.themenkreise": [Case(admins_only(), values=A), Case(admins_only(), method="POST", values=A)],
    "admin.themenkreis_edit": [
        Case(admins_only(), values={"slug": "a", "themenkreis_id": "themenkreis_a"}),
        Case({**admins_only(), ADMIN: NOT_FOUND}, values={"slug": "b", "themenkreis_id": "themenkreis_a"}),
        Case(admins_only(), method="POST", values={"slug": "a", "themenkreis_id": "themenkreis_a"}),
    ],
    "admin.themenkreis_move": [
        Case(
            admins_only(),
            method="POST",
            values={"slug": "a", "themenkreis_id": "themenkreis_a"},
            data={"direction": "down"},
        ),
    ],
    "admin.themenkreis_delete": [
        Case(admins_only(), method="POST", values={"slug": "a", "themenkreis_id": "themenkreis_a"}),
    ],
    "admin.laendergruppen": [Case(admins_only(), values=A), Case(admins_only(), method="POST", values=A)],
    "admin.laendergruppe_edit": [
        Case(admins_only(), values={"slug": "a", "group_id": "laendergruppe_a"}),
        Case(admins_only(), method="POST", values={"slug": "a", "group_id": "laendergruppe_a"}),
    ],
    "admin.laendergruppe_delete": [
        Case(admins_only(), method="POST", values={"slug": "a", "group_id": "laendergruppe_a"}),
        # Objects of network A addressed through network B's URL: 404 even for admins.
        Case({**admins_only(), ADMIN: NOT_FOUND}, method="POST", values={"slug": "b", "group_id": "laendergruppe_a"}),
    ],
}


# --------------------------------------------------------------------------- Beteiligungsatlas
# Network A has the atlas switched on; member A wrote a draft, a submitted entry (in the
# coordinators' queue) and a published entry with a status update waiting for review.
DRAFT_A = {"slug": "a", "entry_id": "atlas_draft_a"}
SUBMITTED_A = {"slug": "a", "entry_id": "atlas_submitted_a"}
PUBLISHED_A = {"slug": "a", "entry_id": "atlas_published_a"}
UPDATE_A = {"slug": "a", "entry_id": "atlas_published_a", "update_id": "atlas_update_a"}


def member_a_only(**overrides) -> dict[str, object]:
    """The author's own pages: member A; everyone else logged in gets 404 (not revealed)."""
    return {**everyone(NOT_FOUND), ANONYMOUS: LOGIN, APPLICANT: LOGIN, MEMBER_A: OK, **overrides}


ATLAS_RULES: dict[str, list[Case]] = {
    # public: the atlas, a network's atlas, entries and open data (drafts are nobody's business)
    "atlas.index": [Case(everyone())],
    "atlas.network_index": [Case(everyone(), values=A), Case(everyone(NOT_FOUND), values={"slug": "b"})],
    "atlas.embed": [Case(everyone(), values=A), Case(everyone(NOT_FOUND), values={"slug": "b"})],
    "atlas.entry": [
        Case(everyone(), values={"entry_id": "atlas_published_a"}),
        Case(everyone(NOT_FOUND), values={"entry_id": "atlas_draft_a"}),
        Case(everyone(NOT_FOUND), values={"entry_id": "atlas_submitted_a"}),
    ],
    "atlas.entry_json": [
        Case(everyone(), values={"entry_id": "atlas_published_a"}),
        Case(everyone(NOT_FOUND), values={"entry_id": "atlas_submitted_a"}),
    ],
    "atlas.entry_csv": [
        Case(everyone(), values={"entry_id": "atlas_published_a"}),
        Case(everyone(NOT_FOUND), values={"entry_id": "atlas_draft_a"}),
    ],
    "atlas.download": [
        Case(everyone(), values={"fmt": "json"}),
        Case(everyone(), values={"slug": "a", "fmt": "csv"}),
        Case(everyone(NOT_FOUND), values={"slug": "b", "fmt": "csv"}),
    ],
    "atlas.feed": [Case(everyone()), Case(everyone(), values=A), Case(everyone(NOT_FOUND), values={"slug": "b"})],
    # the author's own entries (members of network A)
    # Coordinators of the network (and admins) may enter procedures, too, e.g. from a report.
    "atlas.my_entries": [Case(member_a_only(coordinator_a=OK, admin=OK), values=A)],
    "atlas.new_entry": [Case(member_a_only(coordinator_a=OK, admin=OK), method="POST", values=A)],
    "atlas.my_entry": [Case(member_a_only(), values=DRAFT_A), Case(member_a_only(), values=PUBLISHED_A)],
    "atlas.step": [
        Case(member_a_only(), values={**DRAFT_A, "step": "1"}),
        Case(member_a_only(), method="POST", values={**DRAFT_A, "step": "1"}, data={"action": "back"}),
    ],
    "atlas.review_own": [Case(member_a_only(), values=DRAFT_A)],
    "atlas.delete_draft": [Case(member_a_only(), method="POST", values=DRAFT_A)],
    "atlas.add_update": [
        Case(member_a_only(), method="POST", values=PUBLISHED_A, data={"month": "3", "year": "2027", "text": "Neu"})
    ],
    "atlas.answer_update": [
        Case(member_a_only(member_a=422), method="POST", values=UPDATE_A, data={"u0-message": ""}),
    ],
    # coordination of network A (and admins)
    "atlas.review_queue": [Case(coordinators_of_a(), values=A)],
    "atlas.review_detail": [
        Case(coordinators_of_a(), values=SUBMITTED_A),
        Case(coordinators_of_a(coordinator_a=NOT_FOUND, admin=NOT_FOUND), values=DRAFT_A),
    ],
    "atlas.review_take": [Case(coordinators_of_a(), method="POST", values=SUBMITTED_A)],
    "atlas.review_ask": [
        Case(coordinators_of_a(), method="POST", values=SUBMITTED_A, data={"question-message": "Welches Jahr?"})
    ],
    "atlas.review_note": [Case(coordinators_of_a(), method="POST", values=SUBMITTED_A, data={"note-message": "Notiz"})],
    "atlas.review_publish": [Case(coordinators_of_a(), method="POST", values=SUBMITTED_A)],
    "atlas.review_reject": [
        Case(coordinators_of_a(), method="POST", values=SUBMITTED_A, data={"reject-reason": "Kein Verfahren"})
    ],
    "atlas.review_update": [
        Case(coordinators_of_a(), method="POST", values={**UPDATE_A, "action": "veroeffentlichen"}),
    ],
    # administration of the atlas
    "atlas.admin": [Case(admins_only())],
    "atlas.admin_network": [
        # The form's fields carry the network's id: an empty form reaches validation (422) only for admins.
        Case({**admins_only(), ADMIN: 422}, method="POST", values={"network_id": "network_a"}),
    ],
    "atlas.admin_add_method": [
        Case(admins_only(), method="POST", data={"name": "Bürgergutachten im Quartier", "participedia": ""}),
    ],
    "atlas.admin_toggle_method": [
        Case(admins_only(), method="POST", values={"method_id": "atlas_method", "switch": "aus"}),
    ],
}
ROUTE_RULES.update(ATLAS_RULES)


# --------------------------------------------------------------------------- the world


def _application(network, state, email, **values) -> tuple[Application, str]:
    status_token = new_token()
    application = Application(
        network_id=network.id,
        state=state,
        first_name="Alex",
        last_name="Beispiel",
        email=email,
        institution=values.pop("institution", "Stadt Beispielstadt"),
        submission_token=new_token(),
        status_token_hash=hash_token(status_token),
        **{"confirmed_at": utcnow(), **values},
    )
    db.session.add(application)
    db.session.flush()
    return application, status_token


def build_world(make_network, make_account, make_member) -> dict[str, object]:
    """Networks A and B with applications, members, events; one account per role; valid links."""
    network_a = make_network(slug="a", name="Netzwerk A", themenkreise=("Transparenz", "Qualität"))
    network_b = make_network(slug="b", name="Netzwerk B", themenkreise=("Kompetenz",))
    # E-mail hidden, so that other members reach member A through the directory's contact form.
    member_a = make_member(
        network_a, email="mitglied-a@example.org", organisation="Verein A", email_visibility=Visibility.NOBODY
    )
    membership_b = make_member(network_b, email="mitglied-b@example.org")
    coordinator_a = make_account(email="koordination-a@example.org", coordinates=[network_a])
    coordinator_b = make_account(email="koordination-b@example.org", coordinates=[network_b])
    admin = make_account(email="admin@example.org", admin=True)
    invited = make_account(email="eingeladen@example.org", password=None)
    forgetful = make_account(email="vergesslich@example.org")

    application_a, status_token_a = _application(network_a, ApplicationState.RECEIVED, "antrag-a@example.org")
    application_a.themenkreise = list(network_a.themenkreise[:1])
    application_b, _ = _application(network_b, ApplicationState.RECEIVED, "antrag-b@example.org")
    unconfirmed_a, _ = _application(network_a, ApplicationState.UNCONFIRMED, "neu-a@example.org", confirmed_at=None)
    rejected_a, _ = _application(
        network_a, ApplicationState.REJECTED, "abgelehnt-a@example.org", applicant_kind=ApplicantKind.PERSON
    )
    history.record(HistoryKind.NOTE, application=application_a, message="intern", internal=True)

    group_a = Laendergruppe(network=network_a, name="Ländergruppe Berlin-Brandenburg", bundeslaender="BE,BB")
    now = utcnow()
    event_a = Event(network=network_a, title="Jahrestagung", starts_at=now, ends_at=now, place="Berlin")
    soon = now + timedelta(days=10)
    open_event_a = Event(
        network=network_a,
        title="Werkstatt",
        starts_at=soon,
        ends_at=soon + timedelta(hours=3),
        registration_required=True,
        capacity=5,
        needs_approval=True,
    )
    registration_a = EventRegistration(
        event=open_event_a,
        name="Gast A",
        email="gast-a@example.org",
        state=RegistrationState.PENDING_APPROVAL,
        link_nonce=new_nonce(),
    )
    db.session.add_all([group_a, event_a, open_event_a, registration_a])
    member_invitation_token = new_token()
    invitation_a = MemberInvitation(
        network=network_a,
        email="eingeladen-a@example.org",
        last_name="Eingeladen",
        token_hash=hash_token(member_invitation_token),
        expires_at=now + timedelta(days=30),
    )
    import_a = MemberImport(
        network=network_a,
        filename="liste.csv",
        rows_total=2,
        data={
            "header": ["E-Mail", "Nachname"],
            "rows": [["neu-a@example.org", "Neu"], ["kaputt", "Kaputt"]],
            "mapping": {"0": "email", "1": "last_name"},
        },
    )
    message_a = MemberMessage(network_id=network_a.id, subject="Rundschreiben", body="Hallo")
    contact_token = new_token()
    contact_a = MembershipContact(
        membership_id=member_a.id, email="ansprechperson-a@example.org", last_name="Ansprechperson",
        token_hash=hash_token(contact_token), expires_at=now + timedelta(days=30),
    )  # fmt: skip
    verification_a = Verification(
        network_id=network_a.id, membership_id=member_a.id, method=VerificationMethod.ATTESTATION, label="Verein",
        request_text="Bitte bestätigen", requested_by_id=member_a.account_id,
    )  # fmt: skip
    domain_a = VerifiedDomain(
        network_id=network_a.id, organisation_id=member_a.organisation_id, domain="verein-a.example"
    )
    db.session.add_all([group_a, event_a, invitation_a, import_a, message_a, contact_a, verification_a, domain_a])
    db.session.flush()
    feed_a = renew_feed(member_a.account)
    programme = _programme_world(network_a, member_a, make_member(network_a, email="wartet-a@example.org"))
    world = {
        "a": network_a.slug,
        "b": network_b.slug,
        "network_a": network_a.id,
        "network_b": network_b.id,
        "application_a": application_a.id,
        "application_a_version": str(application_a.version),
        "application_b": application_b.id,
        "unconfirmed_a": unconfirmed_a.id,
        "rejected_a": rejected_a.id,
        "status_token_a": status_token_a,
        "membership_a": member_a.id,
        "membership_b": membership_b.id,
        "member_a_account": member_a.account_id,
        "organisation_a": member_a.organisation_id,
        "coordinator_a_account": coordinator_a.id,
        "coordinator_b_account": coordinator_b.id,
        "admin_account": admin.id,
        "themenkreis_a": network_a.themenkreise[0].id,
        "laendergruppe_a": group_a.id,
        "event_a": event_a.id,
        "open_event_a": open_event_a.id,
        "registration_a": registration_a.id,
        "registration_token_a": registration_token(registration_a),
        "feed_token_a": feed_token(feed_a),
        "invitation_token": issue_invitation(invited),
        "member_invitation_a": invitation_a.id,
        "member_invitation_token": member_invitation_token,
        "import_a": import_a.id,
        "message_a": message_a.id,
        "contact_a": contact_a.id,
        "contact_token_a": contact_token,
        "verification_a": verification_a.id,
        "domain_a": domain_a.id,
        "unsubscribe_token_a": unsubscribe_token(member_a.id),
        **programme,
        "reset_token": issue_token(TokenPurpose.PASSWORD_RESET, timedelta(hours=2), account_id=forgetful.id),
        "emails": {
            MEMBER_A: "mitglied-a@example.org",
            COORDINATOR_A: "koordination-a@example.org",
            COORDINATOR_B: "koordination-b@example.org",
            ADMIN: "admin@example.org",
        },
    }
    world.update(_atlas_world(network_a, member_a.account))
    db.session.commit()
    assert db.session.get(Membership, member_a.id) is not None
    return world


def _atlas_world(network: Network, author: Account) -> dict[str, object]:
    """The atlas of network A: a draft, a submitted and a published entry with an open update."""
    ensure_default_methods()
    configure(network, enabled=True, licence=AtlasLicence.CC_BY, embed_origins="")
    now = utcnow()
    complete = {
        "summary": "Kurz", "body": "Lang", "organiser": "Stadt A", "bundesland": "BE", "level": AtlasLevel.KOMMUNE,
        "topic": AtlasTopic.PLANNING, "start_year": 2026, "start_month": 3, "ongoing": True,
    }  # fmt: skip
    draft = AtlasEntry(network=network, author=author, title="Entwurf")
    submitted = AtlasEntry(
        network=network, author=author, title="Eingereicht", state=AtlasState.SUBMITTED, submitted_at=now, **complete
    )
    published = AtlasEntry(
        network=network, author=author, title="Veröffentlicht", state=AtlasState.PUBLISHED, submitted_at=now,
        published_at=now, **complete,
    )  # fmt: skip
    method = db.session.scalars(sa.select(AtlasMethod).order_by(AtlasMethod.id)).first()
    submitted.methods = published.methods = [method]
    update = AtlasUpdate(entry=published, year=2027, month=3, text="Ergebnis übergeben")
    db.session.add_all([draft, submitted, published, update])
    db.session.flush()
    return {
        "atlas_draft_a": draft.id,
        "atlas_submitted_a": submitted.id,
        "atlas_published_a": published.id,
        "atlas_update_a": update.id,
        "atlas_method": method.id,
    }


def _programme_world(network, member, waiting_member) -> dict[str, object]:
    """A running cohort of network A (member A takes part, another waits) and two seal cases."""
    today = utcnow().date()
    cohort = Cohort(
        network_id=network.id,
        name="Methodenprogramm",
        places=1,
        applications_open_on=today - timedelta(days=1),
        applications_close_on=today + timedelta(days=30),
        starts_on=today + timedelta(days=40),
        ends_on=today + timedelta(days=400),
        milestones=[CohortMilestone(title="Zielgruppen definiert")],
    )
    db.session.add(cohort)
    db.session.flush()
    participation = CohortParticipation(
        cohort_id=cohort.id, membership_id=member.id, state=ParticipationState.PARTICIPANT
    )
    waiting = CohortParticipation(
        cohort_id=cohort.id, membership_id=waiting_member.id, state=ParticipationState.WAITING
    )
    open_case = SealCase(
        network_id=network.id, membership_id=member.id, year=2030, state=SealState.NOMINATED, code="o" * 22
    )
    awarded = SealCase(
        network_id=network.id,
        membership_id=member.id,
        year=2029,
        state=SealState.AWARDED,
        valid_until=today + timedelta(days=300),
        code="a" * 22,
    )
    db.session.add_all([participation, waiting, open_case, awarded])
    db.session.flush()
    return {
        "cohort_a": cohort.id,
        "milestone_a": cohort.milestones[0].id,
        "participation_a": participation.id,
        "waiting_a": waiting.id,
        "seal_case_a": open_case.id,
        "awarded_case_a": awarded.id,
        "seal_code_a": awarded.code,
    }


# --------------------------------------------------------------------------- running the matrix


def _url_map_endpoints() -> set[str]:
    app = create_app(TestConfig)
    return {rule.endpoint for rule in app.url_map.iter_rules()} - UNCHECKED


ENDPOINTS = _url_map_endpoints()
CASES = [
    pytest.param(endpoint, number, id=f"{endpoint}-{case.method}-{number}")
    for endpoint in sorted(ROUTE_RULES)
    if endpoint in ENDPOINTS
    for number, case in enumerate(ROUTE_RULES[endpoint])
]


def test_every_route_has_a_rule():
    missing = sorted(ENDPOINTS - set(ROUTE_RULES))
    assert not missing, f"routes without a row in ROUTE_RULES (tests/test_permissions.py): {missing}"


def test_every_rule_names_an_existing_route():
    stale = sorted(set(ROUTE_RULES) - ENDPOINTS)
    assert not stale, f"rows in ROUTE_RULES for routes that no longer exist: {stale}"


def test_every_rule_covers_every_role():
    for endpoint, cases in ROUTE_RULES.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{endpoint}: expectations for {sorted(case.expect)}"


def _resolve(values: dict[str, str], world: dict[str, object]) -> dict[str, object]:
    return {key: world.get(value, value) if isinstance(value, str) else value for key, value in values.items()}


def _client_for(app, role: str, world: dict[str, object]):
    app.test_client_class = IsolatedClient
    client = app.test_client()
    if role in world["emails"]:
        response = login(client, world["emails"][role], follow_redirects=False)
        assert response.status_code == 302 and "/anmelden" not in response.headers["Location"], role
    elif role == APPLICANT and APPLICANT_ENTRY is not None:
        endpoint, values = APPLICANT_ENTRY
        with app.test_request_context():
            client.get(url_for(endpoint, **_resolve(values, world)))
    return client


def _outcome(response) -> object:
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response.headers["Location"])
        return LOGIN if target.path == "/anmelden" and "next=" in target.query else OK
    if response.status_code == 200:
        return OK
    return response.status_code


@pytest.mark.parametrize("endpoint, number", CASES)
def test_permission_matrix(app, backend, endpoint, number, make_network, make_account, make_member):
    case = ROUTE_RULES[endpoint][number]
    world = None
    mismatches = []
    got = None
    for role in ROLES:
        # A refused request changes nothing; after a successful POST the next role gets a fresh world.
        if world is None or (case.method != "GET" and got == OK):
            if world is not None:
                db.session.remove()
                _reset_schema(backend)
            world = build_world(make_network, make_account, make_member)
        client = _client_for(app, role, world)
        values = _resolve(case.values, world)
        data = _resolve(case.data, world)
        with app.test_request_context():
            url = url_for(endpoint, **values)
        response = client.open(url, method=case.method, data=data)
        got = _outcome(response)
        if got != case.expect[role]:
            mismatches.append(f"{role}: expected {case.expect[role]}, got {got} ({case.method} {url})")
    assert not mismatches, "\n".join(mismatches)
