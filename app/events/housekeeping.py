"""Retention for events (`flask privacy purge`): guests who never confirmed their address."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import EventRegistration, RegistrationHistory, RegistrationState, utcnow


def purge_unconfirmed_registrations(now: datetime | None = None) -> int:
    """Delete guest registrations left unconfirmed for CONFIRMATION_TOKEN_DAYS, with their history.

    They hold a name and an address nobody confirmed; the confirmation mail says how long the
    link is valid. Returns how many were deleted.
    """
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["CONFIRMATION_TOKEN_DAYS"])
    stale = list(
        db.session.scalars(
            sa.select(EventRegistration.id).where(
                EventRegistration.state == RegistrationState.UNCONFIRMED, EventRegistration.created_at < cutoff
            )
        )
    )
    if stale:
        db.session.execute(sa.delete(RegistrationHistory).where(RegistrationHistory.registration_id.in_(stale)))
        db.session.execute(sa.delete(EventRegistration).where(EventRegistration.id.in_(stale)))
    return len(stale)
