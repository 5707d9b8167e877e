"""Counting places and locking an event, so that confirmed participants never exceed the capacity."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Event, EventRegistration, RegistrationState, utcnow


def lock_event(event_id: int) -> Event:
    """Load the event and lock its row until commit (PostgreSQL: SELECT … FOR UPDATE).

    Every change that hands out or frees a place takes this lock first, so two
    registrations for the same event are decided one after the other.
    SQLite has no row locks; it allows only one writing transaction at a time.
    """
    event = db.session.scalar(
        sa.select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    )
    if event is None:  # deleted meanwhile
        raise LookupError(event_id)
    return event


def places_taken(event: Event) -> int:
    """Confirmed participants plus open waiting-list offers (an offered place is held)."""
    now = utcnow()
    count = db.session.scalar(
        sa.select(sa.func.count(EventRegistration.id)).where(
            EventRegistration.event_id == event.id,
            sa.or_(
                EventRegistration.state == RegistrationState.REGISTERED,
                sa.and_(
                    EventRegistration.state == RegistrationState.WAITLIST,
                    EventRegistration.offer_expires_at > now,
                ),
            ),
        )
    )
    return count or 0


def places_left(event: Event) -> int | None:
    """Free places; None when the event has no capacity limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - places_taken(event), 0)


def waiting_count(event: Event) -> int:
    count = db.session.scalar(
        sa.select(sa.func.count(EventRegistration.id)).where(
            EventRegistration.event_id == event.id, EventRegistration.state == RegistrationState.WAITLIST
        )
    )
    return count or 0


def state_counts(event_ids: list[int]) -> dict[tuple[int, RegistrationState], int]:
    """Number of registrations per (event, state), for lists."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        sa.select(EventRegistration.event_id, EventRegistration.state, sa.func.count(EventRegistration.id))
        .where(EventRegistration.event_id.in_(event_ids))
        .group_by(EventRegistration.event_id, EventRegistration.state)
    )
    return {(event_id, state): count for event_id, state, count in rows}
