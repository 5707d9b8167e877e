"""The applicant's side of an application: submit, confirm, resend, withdraw, answer.

Drafts of the multi-step form are in app.apply.drafts.

Functions flush and leave the commit to the caller; every mail is queued in the outbox
within the same transaction as the change it reports.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.apply.drafts import draft_kind
from app.apply.fields import (
    APPLICATION_FIELDS,
    step_fields,
    summary_sections,
    values_from_application,
)
from app.apply.notifications import mail_applicant, notify_coordinators, send_confirmation_link
from app.core import consent, history
from app.core.history import APPLICANT_LABEL
from app.core.outbox import external_url
from app.core.tokens import consume_token, find_token, hash_token, new_token, token_is_usable
from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import (
    OPEN_STATES,
    ApplicantKind,
    Application,
    ApplicationDraft,
    ApplicationState,
    ConsentKind,
    HistoryKind,
    Network,
    OrganisationType,
    TokenPurpose,
)
from app.review.transitions import Actor, change_state

S = ApplicationState


def application_for_submission(token: str | None) -> Application | None:
    """The application already created from this one-time form token (a double click)."""
    if not token:
        return None
    return db.session.scalar(sa.select(Application).where(Application.submission_token == token))


def submit_application(
    network: Network, draft: ApplicationDraft, *, locale: str, texts: dict[ConsentKind, str]
) -> Application:
    """Create the unconfirmed application from a complete draft and mail the confirmation link.

    The draft token becomes the submission token: a second submission of the same form
    violates its unique constraint (IntegrityError) instead of creating a duplicate.
    """
    values = draft.data["values"]
    kind = draft_kind(network, draft) or ApplicantKind.PERSON
    # Only the fields of the chosen kind: values typed before switching kinds are dropped.
    asked = {name for names in step_fields(network, kind).values() for name in names}
    fields = {name: values[name] for name in APPLICATION_FIELDS if name in asked and values.get(name) is not None}
    if kind is ApplicantKind.MUNICIPALITY:
        fields["organisation_type"] = OrganisationType.MUNICIPALITY
    if fields.get("organisation_type"):
        fields["organisation_type"] = OrganisationType(fields["organisation_type"])
    else:
        fields.pop("organisation_type", None)
    if not network.directory_enabled:
        fields["wants_directory_listing"] = False
    chosen = set(values.get("themenkreise") or [])
    application = Application(
        network=network,
        applicant_kind=kind,
        state=S.UNCONFIRMED,
        locale=locale,
        submission_token=draft.token,
        # The clear status token is first mailed after confirmation (see confirm_application).
        status_token_hash=hash_token(new_token()),
        institution_normalized=normalise_organisation_name(fields.get("institution", "")),
        themenkreise=[tk for tk in network.themenkreise if tk.id in chosen],
        **fields,
    )
    db.session.add(application)
    db.session.flush()  # IntegrityError here on a second submission of the same form
    consent.record_consents(application, texts, locale)
    history.record(
        HistoryKind.STATE_CHANGE, application=application, actor_label=APPLICANT_LABEL, to_state=S.UNCONFIRMED
    )
    send_confirmation_link(application)
    db.session.delete(draft)
    db.session.flush()
    return application


class ConfirmOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    READY = "ready"  # the link is valid; confirming needs the button (POST)
    ALREADY_CONFIRMED = "already_confirmed"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass
class ConfirmResult:
    outcome: ConfirmOutcome
    application: Application | None = None
    status_token: str | None = None


def check_confirmation_link(token: str) -> ConfirmResult:
    """What a confirmation link would do, without using it (mail scanners open links too)."""
    row = find_token(TokenPurpose.CONFIRM_APPLICATION, token)
    application = db.session.get(Application, row.application_id) if row and row.application_id else None
    if application is None:
        return ConfirmResult(ConfirmOutcome.INVALID)
    if application.state is not S.UNCONFIRMED:
        return ConfirmResult(ConfirmOutcome.ALREADY_CONFIRMED, application)
    if not token_is_usable(row):
        return ConfirmResult(ConfirmOutcome.EXPIRED, application)
    return ConfirmResult(ConfirmOutcome.READY, application)


def confirm_application(token: str) -> ConfirmResult:
    """Use a confirmation link (its button): the application is received, receipt and notices go out."""
    checked = check_confirmation_link(token)
    if checked.outcome is not ConfirmOutcome.READY:
        return checked
    application = checked.application
    row = find_token(TokenPurpose.CONFIRM_APPLICATION, token)
    if application is None or row is None or not consume_token(row):
        return ConfirmResult(ConfirmOutcome.EXPIRED, application)
    change_state(application, S.RECEIVED, actor=Actor.APPLICANT, actor_label=APPLICANT_LABEL)
    status_token = rotate_status_token(application)
    network = application.network
    mail_applicant(
        application,
        "application_receipt",
        _l("Eingangsbestätigung für Ihren Mitgliedsantrag: %(network)s", network=network.name),
        status_url=external_url("apply.status", token=status_token),
        summary=summary_sections(
            network, application.applicant_kind, values_from_application(application), with_listing=True
        ),
    )
    notify_coordinators(application, "coordinator_new_application", _l("Neuer Mitgliedsantrag"))
    return ConfirmResult(ConfirmOutcome.CONFIRMED, application, status_token)


def rotate_status_token(application: Application) -> str:
    """A new private status link; the old one stops working (only the hash is stored)."""
    token = new_token()
    application.status_token_hash = hash_token(token)
    db.session.flush()
    return token


def find_by_status_token(token: str) -> Application | None:
    if not token or len(token) > 128:
        return None
    return db.session.scalar(sa.select(Application).where(Application.status_token_hash == hash_token(token)))


def resend_links(email: str) -> None:
    """Send fresh links for every open application of this address; silent when there is none."""
    applications = db.session.scalars(
        sa.select(Application)
        .where(
            Application.email == email.strip().lower(),
            Application.state.in_(OPEN_STATES),
            Application.anonymised_at.is_(None),
        )
        .order_by(Application.id)
    ).all()
    for application in applications:
        if application.state is S.UNCONFIRMED:
            send_confirmation_link(application)
        else:
            mail_applicant(
                application,
                "application_status_link",
                _l("Der Link zu Ihrem Mitgliedsantrag: %(network)s", network=application.network.name),
                status_url=external_url("apply.status", token=rotate_status_token(application)),
            )


# --------------------------------------------------------------------------- status page actions


def withdraw_application(application: Application, reason: str = "") -> None:
    """The applicant withdraws; coordinators hear about it if they had seen the application."""
    was_confirmed = application.state is not S.UNCONFIRMED
    change_state(application, S.WITHDRAWN, actor=Actor.APPLICANT, actor_label=APPLICANT_LABEL, message=reason)
    mail_applicant(
        application,
        "application_withdrawn",
        _l("Ihr Mitgliedsantrag wurde zurückgezogen: %(network)s", network=application.network.name),
    )
    if was_confirmed:
        notify_coordinators(application, "coordinator_application_withdrawn", _l("Antrag zurückgezogen"), reason=reason)


def answer_query(application: Application, answer: str) -> None:
    """The applicant answers a Rückfrage: recorded as an answer, back to review."""
    change_state(
        application,
        S.IN_REVIEW,
        actor=Actor.APPLICANT,
        actor_label=APPLICANT_LABEL,
        message=answer,
        kind=HistoryKind.ANSWER,
    )
    notify_coordinators(application, "coordinator_answer", _l("Antwort auf Ihre Rückfrage"), answer=answer)


def open_question(application: Application) -> str:
    """The latest Rückfrage shown to the applicant, if any."""
    for entry in reversed(history.entries_for(application, include_internal=False)):
        if entry.kind is HistoryKind.QUESTION:
            return entry.message
    return ""
