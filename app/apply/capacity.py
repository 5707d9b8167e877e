"""Whether a network with limited places (Kommunen der Offenen Gesellschaft) is full."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Membership, Network


def capacity_reached(network: Network) -> bool:
    if not network.capacity:
        return False
    active = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.network_id == network.id, Membership.ended_at.is_(None)
        )
    )
    return (active or 0) >= network.capacity


# --------------------------------------------------------------------------- submit and confirm
