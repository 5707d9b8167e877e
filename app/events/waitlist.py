"""The waiting list: offers with a deadline when a place frees up; expired offers pass on."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.events import notifications
from app.events.places import lock_event, places_left
from app.events.states import move
from app.extensions import db
from app.models import Account, Event, EventRegistration, RegistrationHistory, RegistrationState, utcnow

S = RegistrationState


def _expire_overdue(event: Event) -> int:
    """Offers of this event past their deadline: the person leaves the list and is told."""
    now = utcnow()
    overdue = db.session.scalars(
        sa.select(EventRegistration).where(
            EventRegistration.event_id == event.id,
            EventRegistration.state == S.WAITLIST,
            EventRegistration.offer_expires_at <= now,
        )
    ).all()
    for registration in overdue:
        move(registration, S.CANCELLED, actor_label="System", message="Platzangebot abgelaufen")
        notifications.mail_offer_expired(registration)
    return len(overdue)


def offer_free_places(event: Event) -> list[EventRegistration]:
    """Offer every free place to the next person waiting (call with the event locked)."""
    _expire_overdue(event)
    now = utcnow()
    if event.is_cancelled or now >= event.starts_at:
        return []
    free = places_left(event)
    query = (
        sa.select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.state == S.WAITLIST,
            EventRegistration.offer_expires_at.is_(None),
        )
        .order_by(EventRegistration.waitlisted_at, EventRegistration.id)
    )
    if free is not None:
        if free <= 0:
            return []
        query = query.limit(free)
    offered = list(db.session.scalars(query))
    deadline = min(now + timedelta(hours=event.offer_hours), event.starts_at)
    for registration in offered:
        registration.offer_expires_at = deadline
        db.session.add(
            RegistrationHistory(
                registration=registration,
                from_state=S.WAITLIST,
                to_state=S.WAITLIST,
                actor_label="System",
                message=f"Platzangebot bis {deadline.isoformat()}",
            )
        )
        notifications.mail_offer(registration)
    db.session.flush()
    return offered


def accept_offer(registration: EventRegistration) -> EventRegistration:
    """Take the offered place while the offer is open."""
    lock_event(registration.event_id)
    db.session.refresh(registration)
    if not registration.has_open_offer:
        raise DomainError(_("Dieses Platzangebot ist nicht mehr gültig."))
    move(registration, S.REGISTERED, actor_label=registration.name, message="Platzangebot angenommen")
    notifications.mail_state(registration)
    db.session.flush()
    return registration


def expire_offers() -> int:
    """Expire overdue offers of all events and pass the places on (`flask events remind`)."""
    now = utcnow()
    event_ids = db.session.scalars(
        sa.select(EventRegistration.event_id)
        .where(EventRegistration.state == S.WAITLIST, EventRegistration.offer_expires_at <= now)
        .distinct()
    ).all()
    expired = 0
    for event_id in event_ids:
        event = lock_event(event_id)
        expired += _expire_overdue(event)
        offer_free_places(event)
        db.session.commit()
    return expired


def pass_on(event: Event, actor: Account | None = None) -> list[EventRegistration]:
    """After a place was freed or the capacity raised: lock and offer."""
    return offer_free_places(lock_event(event.id))
