"""Mails to participants: each queued in the outbox with the change it reports."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.events.calendar import CONTENT_TYPE, event_file, file_name
from app.events.links import registration_token
from app.models import EventRegistration, RegistrationState


def registration_url(registration: EventRegistration) -> str:
    return external_url("events.registration", token=registration_token(registration))


def _mail(registration: EventRegistration, template: str, subject, *, ics: bool = False, **context) -> None:
    event = registration.event
    attachments: tuple[tuple[str, str, str], ...] = ()
    if ics:
        content = event_file(event, with_link=registration.state is RegistrationState.REGISTERED)
        attachments = ((file_name(event), CONTENT_TYPE, content.decode("utf-8")),)
    queue_mail(
        template,
        registration.email,
        subject,
        locale=registration.locale,
        account_id=registration.account_id,
        attachments=attachments,
        registration=registration,
        event=event,
        network=event.network,
        manage_url=registration_url(registration),
        event_url=external_url("events.show", slug=event.network.slug, event_id=event.id),
        **context,
    )


def mail_confirm_guest(registration: EventRegistration) -> None:
    """Double opt-in: the guest confirms the address before the registration counts."""
    _mail(
        registration,
        "event_confirm",
        _l("Bitte bestätigen Sie Ihre Anmeldung: %(title)s", title=registration.event.title),
        confirm_url=external_url("events.confirm", token=registration_token(registration)),
        days=current_app.config["CONFIRMATION_TOKEN_DAYS"],
    )


def mail_state(registration: EventRegistration) -> None:
    """Tell the person where the registration stands now (place, waiting list or approval)."""
    title = registration.event.title
    if registration.state is RegistrationState.REGISTERED:
        _mail(registration, "event_registered", _l("Anmeldung bestätigt: %(title)s", title=title), ics=True)
    elif registration.state is RegistrationState.WAITLIST:
        _mail(registration, "event_waitlist", _l("Sie stehen auf der Warteliste: %(title)s", title=title))
    elif registration.state is RegistrationState.PENDING_APPROVAL:
        _mail(registration, "event_pending", _l("Anmeldung eingegangen: %(title)s", title=title))


def mail_declined(registration: EventRegistration, message: str) -> None:
    _mail(
        registration,
        "event_declined",
        _l("Ihre Anmeldung: %(title)s", title=registration.event.title),
        message=message,
    )


def mail_offer(registration: EventRegistration) -> None:
    _mail(
        registration,
        "event_offer",
        _l("Ein Platz ist frei geworden: %(title)s", title=registration.event.title),
    )


def mail_offer_expired(registration: EventRegistration) -> None:
    _mail(
        registration,
        "event_offer_expired",
        _l("Ihr Platzangebot ist abgelaufen: %(title)s", title=registration.event.title),
    )


def mail_cancelled(registration: EventRegistration) -> None:
    _mail(registration, "event_cancelled_by_you", _l("Abmeldung bestätigt: %(title)s", title=registration.event.title))


def mail_reminder(registration: EventRegistration) -> None:
    _mail(
        registration,
        "event_reminder",
        _l("Erinnerung: %(title)s", title=registration.event.title),
        ics=True,
    )


def mail_event_changed(registration: EventRegistration) -> None:
    _mail(
        registration,
        "event_changed",
        _l("Geänderte Veranstaltung: %(title)s", title=registration.event.title),
        ics=registration.state is RegistrationState.REGISTERED,
    )


def mail_event_cancelled(registration: EventRegistration) -> None:
    _mail(
        registration,
        "event_cancelled",
        _l("Abgesagt: %(title)s", title=registration.event.title),
        ics=registration.state is RegistrationState.REGISTERED,
    )


def mail_message(registration: EventRegistration, subject: str, body: str, reply_to: str) -> None:
    """A coordinator's message; every participant gets an own mail, so no address is shown."""
    event = registration.event
    queue_mail(
        "event_message",
        registration.email,
        subject,
        locale=registration.locale,
        account_id=registration.account_id,
        reply_to=reply_to,
        registration=registration,
        event=event,
        network=event.network,
        body=body,
        event_url=external_url("events.show", slug=event.network.slug, event_id=event.id),
    )
