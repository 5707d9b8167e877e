"""The approval queue of events that need it: coordinators accept or decline with a message."""

from __future__ import annotations

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.events import notifications
from app.events.places import lock_event, places_left, waiting_count
from app.events.states import move
from app.events.waitlist import offer_free_places
from app.extensions import db
from app.models import Account, EventRegistration, RegistrationState, utcnow

S = RegistrationState


def approve(registration: EventRegistration, *, actor: Account) -> EventRegistration:
    """Accept: a place if one is free, else the waiting list (or an error when there is none)."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.state is not S.PENDING_APPROVAL:
        raise DomainError(_("Diese Anmeldung wartet nicht mehr auf Freigabe."))
    free = places_left(event)
    if (free is None or free > 0) and waiting_count(event) == 0:
        move(registration, S.REGISTERED, actor=actor)
    elif event.waiting_list:
        registration.waitlisted_at = utcnow()
        move(registration, S.WAITLIST, actor=actor)
        offer_free_places(event)
    else:
        raise DomainError(_("Es ist kein Platz mehr frei. Erhöhen Sie die Zahl der Plätze oder lehnen Sie ab."))
    db.session.flush()
    notifications.mail_state(registration)
    return registration


def decline(registration: EventRegistration, message: str, *, actor: Account) -> EventRegistration:
    """Decline with a message to the person; a held place is passed on."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.state not in (S.PENDING_APPROVAL, S.WAITLIST):
        raise DomainError(_("Diese Anmeldung kann nicht mehr abgelehnt werden."))
    held_place = registration.has_open_offer
    move(registration, S.DECLINED, actor=actor, message=message)
    notifications.mail_declined(registration, message)
    if held_place:
        offer_free_places(event)
    db.session.flush()
    return registration


def set_checked_in(registration: EventRegistration, present: bool) -> None:
    """Mark (or unmark) a confirmed participant as present on the day."""
    if registration.state is not S.REGISTERED:
        raise DomainError(_("Nur angemeldete Teilnehmende können eingecheckt werden."))
    registration.checked_in_at = utcnow() if present else None
    db.session.flush()
