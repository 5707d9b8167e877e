"""Reading events for pages and feeds."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    ACTIVE_STATES,
    Account,
    Event,
    EventRegistration,
    Laendergruppe,
    Network,
    RegistrationState,
    Themenkreis,
    utcnow,
)

MAX_ID = 2**31 - 1
# Feeds show what is coming and what ended in the last months (calendars keep history).
FEED_LIMIT = 500


def event_or_404(network: Network, event_id: int) -> Event:
    """An event of this network; ids out of range and events of other networks are 404."""
    if not 0 < event_id <= MAX_ID:
        abort(404)
    event = db.session.scalar(sa.select(Event).where(Event.id == event_id, Event.network_id == network.id))
    if event is None:
        abort(404)
    return event


def group_or_404(model: type[Themenkreis] | type[Laendergruppe], network: Network, group_id: int):
    if not 0 < group_id <= MAX_ID:
        abort(404)
    group = db.session.scalar(sa.select(model).where(model.id == group_id, model.network_id == network.id))
    if group is None:
        abort(404)
    return group


def _events_query():
    return sa.select(Event).options(
        selectinload(Event.network), selectinload(Event.themenkreis), selectinload(Event.laendergruppe)
    )


def network_events(network: Network) -> tuple[list[Event], list[Event]]:
    """(upcoming soonest first, past latest first)."""
    now = utcnow()
    base = _events_query().where(Event.network_id == network.id)
    upcoming = list(db.session.scalars(base.where(Event.ends_at >= now).order_by(Event.starts_at)))
    past = list(db.session.scalars(base.where(Event.ends_at < now).order_by(Event.starts_at.desc()).limit(50)))
    return upcoming, past


def feed_events(*conditions) -> list[Event]:
    return list(
        db.session.scalars(_events_query().where(*conditions).order_by(Event.starts_at.desc()).limit(FEED_LIMIT))
    )


def registrations_of(account: Account) -> list[EventRegistration]:
    """The account's registrations (active and ended), next events first."""
    return list(
        db.session.scalars(
            sa.select(EventRegistration)
            .join(Event)
            .where(sa.or_(EventRegistration.account_id == account.id, EventRegistration.email == account.email))
            .options(selectinload(EventRegistration.event).selectinload(Event.network))
            .order_by(Event.starts_at.desc())
        )
    )


def confirmed_events_of(account: Account) -> list[Event]:
    """Events the account holds a place for (the personal feed)."""
    return list(
        db.session.scalars(
            _events_query()
            .join(EventRegistration)
            .where(
                sa.or_(EventRegistration.account_id == account.id, EventRegistration.email == account.email),
                EventRegistration.state == RegistrationState.REGISTERED,
            )
            .order_by(Event.starts_at.desc())
            .limit(FEED_LIMIT)
        )
    )


def participants(event: Event) -> list[EventRegistration]:
    """All registrations of an event, grouped by state, in the order they came."""
    order = {state: index for index, state in enumerate(
        [RegistrationState.PENDING_APPROVAL, RegistrationState.REGISTERED, RegistrationState.WAITLIST,
         RegistrationState.UNCONFIRMED, RegistrationState.CANCELLED, RegistrationState.DECLINED])}  # fmt: skip
    rows = db.session.scalars(
        sa.select(EventRegistration)
        .where(EventRegistration.event_id == event.id)
        .order_by(EventRegistration.waitlisted_at, EventRegistration.created_at, EventRegistration.id)
    ).all()
    return sorted(rows, key=lambda registration: order[registration.state])


def active_participants(event: Event, states: tuple[RegistrationState, ...]) -> list[EventRegistration]:
    return list(
        db.session.scalars(
            sa.select(EventRegistration)
            .where(EventRegistration.event_id == event.id, EventRegistration.state.in_(states))
            .order_by(EventRegistration.id)
        )
    )


__all__ = ["ACTIVE_STATES"]
