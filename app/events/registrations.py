"""Registering for an event: members in one click, guests with double opt-in; cancelling."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.events import notifications
from app.events.links import new_nonce
from app.events.places import lock_event, places_left, waiting_count
from app.events.states import move
from app.events.waitlist import offer_free_places
from app.extensions import db
from app.models import (
    ACTIVE_STATES,
    Account,
    Event,
    EventRegistration,
    Membership,
    QuestionKind,
    RegistrationState,
    utcnow,
)

S = RegistrationState
YES, NO = "ja", "nein"


@dataclass
class Registrant:
    """Who registers: a member account, or a guest with name, address and consent."""

    name: str
    email: str
    institution: str = ""
    account: Account | None = None
    consent_text: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    locale: str = "de"


def is_member(network_id: int, account: Account | None) -> bool:
    """An active membership of the account in the network."""
    if account is None:
        return False
    return (
        db.session.scalar(
            sa.select(Membership.id).where(
                Membership.network_id == network_id,
                Membership.account_id == account.id,
                Membership.ended_at.is_(None),
            )
        )
        is not None
    )


def find_own_registration(event: Event, email: str) -> EventRegistration | None:
    return db.session.scalar(
        sa.select(EventRegistration).where(
            EventRegistration.event_id == event.id, EventRegistration.email == email.lower()
        )
    )


def check_answers(event: Event, answers: dict[str, str]) -> dict[str, str]:
    """Answers to the event's questions, checked; errors at the field `q<id>`."""
    errors: list[tuple[str | None, str]] = []
    clean: dict[str, str] = {}
    for question in event.questions:
        key = str(question.id)
        value = (answers.get(key) or "").strip()
        if question.kind is QuestionKind.CHOICE and value and value not in question.option_list:
            errors.append((f"q{question.id}", _("Bitte wählen Sie eine der angebotenen Antworten.")))
        elif question.kind is QuestionKind.YES_NO and value and value not in (YES, NO):
            errors.append((f"q{question.id}", _("Bitte antworten Sie mit Ja oder Nein.")))
        elif question.required and not value:
            errors.append((f"q{question.id}", _("Bitte beantworten Sie diese Frage.")))
        elif len(value) > 2000:
            errors.append((f"q{question.id}", _("Bitte fassen Sie sich kürzer (höchstens 2000 Zeichen).")))
        clean[key] = value
    if errors:
        raise DomainError(errors[0][1], errors=errors)
    return clean


def _decide_place(event: Event, registration: EventRegistration, *, actor_label: str) -> None:
    """Place, waiting list or approval queue; the event row is locked by the caller."""
    if event.needs_approval and registration.state is not S.PENDING_APPROVAL:
        _move(registration, S.PENDING_APPROVAL, actor_label=actor_label)
        return
    free = places_left(event)
    if (free is None or free > 0) and waiting_count(event) == 0:
        _move(registration, S.REGISTERED, actor_label=actor_label)
    elif event.waiting_list:
        registration.waitlisted_at = utcnow()
        _move(registration, S.WAITLIST, actor_label=actor_label)
        offer_free_places(event)
    else:
        raise DomainError(_("Die Veranstaltung ist leider ausgebucht."))


def _move(registration: EventRegistration, state: RegistrationState, *, actor_label: str) -> None:
    move(registration, state, actor_label=actor_label, new=registration.id is None)


def register(event: Event, person: Registrant) -> EventRegistration:
    """Register a member (decided at once) or a guest (decided after confirming the address)."""
    event = lock_event(event.id)
    if not event.registration_is_open():
        raise DomainError(_("Für diese Veranstaltung ist zurzeit keine Anmeldung möglich."))
    member = is_member(event.network_id, person.account)
    if person.account is not None and not member:
        raise DomainError(_("Nur Mitglieder des Netzwerks können sich mit ihrem Konto anmelden."))
    if person.account is None and not event.guests_allowed:
        raise DomainError(_("Diese Veranstaltung ist nur für Mitglieder des Netzwerks."))
    answers = check_answers(event, person.answers)
    email = person.email.lower()
    registration = find_own_registration(event, email)
    if registration is not None and registration.state in ACTIVE_STATES:
        raise DomainError(
            _("Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung. Den Link dazu finden Sie in Ihrer E-Mail."),
            field="email" if person.account is None else None,
        )
    if registration is None:
        registration = EventRegistration(event=event, email=email)
    registration.link_nonce = new_nonce()  # links of an earlier registration stop working
    registration.account = person.account
    registration.name, registration.institution = person.name, person.institution
    registration.answers, registration.locale = answers, person.locale
    registration.offer_expires_at = registration.reminder_sent_at = registration.checked_in_at = None
    if person.account is None:
        registration.consent_text, registration.consent_at = person.consent_text, utcnow()
        _move(registration, S.UNCONFIRMED, actor_label=person.name)
        db.session.add(registration)
        db.session.flush()
        notifications.mail_confirm_guest(registration)
        return registration
    db.session.add(registration)
    _decide_place(event, registration, actor_label=person.name)
    db.session.flush()
    notifications.mail_state(registration)
    return registration


def confirm_guest(registration: EventRegistration) -> EventRegistration:
    """The guest clicked the link in the mail: now the place is decided (a second click does nothing)."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.state is not S.UNCONFIRMED:
        return registration
    if not event.registration_is_open():
        raise DomainError(_("Die Anmeldung zu dieser Veranstaltung ist inzwischen geschlossen."))
    _decide_place(event, registration, actor_label=registration.name)
    db.session.flush()
    notifications.mail_state(registration)
    return registration


def may_cancel(registration: EventRegistration) -> bool:
    return registration.state in ACTIVE_STATES and utcnow() < registration.event.cancellation_deadline


def cancel(registration: EventRegistration, *, actor: Account | None = None) -> EventRegistration:
    """The person cancels (until the event's cut-off); a freed place goes to the waiting list."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if not may_cancel(registration):
        raise DomainError(_("Eine Abmeldung über diesen Link ist nicht mehr möglich."))
    held_place = registration.state is S.REGISTERED or registration.has_open_offer
    move(registration, S.CANCELLED, actor=actor, actor_label=registration.name)
    notifications.mail_cancelled(registration)
    if held_place:
        offer_free_places(event)
    db.session.flush()
    return registration
