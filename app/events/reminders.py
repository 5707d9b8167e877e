"""Reminders before an event: each confirmed participant gets exactly one."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.events import notifications
from app.extensions import db
from app.models import Event, EventRegistration, RegistrationState, utcnow

# Events are at most this far ahead when their reminder is due (reminder_hours ≤ 720).
HORIZON = timedelta(hours=721)


def due_reminders() -> list[int]:
    """Ids of confirmed registrations whose event starts within its reminder time and has no reminder yet."""
    now = utcnow()
    rows = db.session.execute(
        sa.select(EventRegistration.id, Event.starts_at, Event.reminder_hours)
        .join(Event)
        .where(
            EventRegistration.state == RegistrationState.REGISTERED,
            EventRegistration.reminder_sent_at.is_(None),
            Event.cancelled_at.is_(None),
            Event.starts_at > now,
            Event.starts_at <= now + HORIZON,
        )
        .order_by(Event.starts_at, EventRegistration.id)
    ).all()
    return [row.id for row in rows if row.starts_at - timedelta(hours=row.reminder_hours) <= now]


def send_reminder(registration_id: int) -> bool:
    """Claim the reminder with a conditional update (nobody gets two, even with two runners), then queue it."""
    result = db.session.execute(
        sa.update(EventRegistration)
        .where(
            EventRegistration.id == registration_id,
            EventRegistration.reminder_sent_at.is_(None),
            EventRegistration.state == RegistrationState.REGISTERED,
        )
        .values(reminder_sent_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    registration = db.session.get(EventRegistration, registration_id)
    if registration is None:
        return False
    db.session.refresh(registration)
    notifications.mail_reminder(registration)
    db.session.flush()
    return True
