"""Reading networks and their events."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import Event, Network, utcnow


def list_networks() -> list[Network]:
    """All networks, alphabetically, with their Themenkreise loaded."""
    return list(
        db.session.scalars(sa.select(Network).options(selectinload(Network.themenkreise)).order_by(Network.name))
    )


def find_network(slug: str) -> Network | None:
    return db.session.scalar(sa.select(Network).where(Network.slug == slug))


def upcoming_events(network_ids: list[int], limit: int = 10) -> list[Event]:
    """Events of these networks that have not ended yet, soonest first."""
    if not network_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.network_id.in_(network_ids), Event.ends_at >= utcnow())
            .options(joinedload(Event.network), joinedload(Event.themenkreis), joinedload(Event.laendergruppe))
            .order_by(Event.starts_at)
            .limit(limit)
        )
    )
