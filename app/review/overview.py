"""The coordinators' overview: open applications per network and state, and how many are mine."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.models import Account, Application, ApplicationState, Network
from app.review.queue import OPEN_CONFIRMED


@dataclass
class NetworkSummary:
    network: Network
    counts: dict[ApplicationState, int] = field(default_factory=dict)
    mine: int = 0

    @property
    def open_total(self) -> int:
        return sum(self.counts.get(state, 0) for state in OPEN_CONFIRMED)


def overview(networks: list[Network], account: Account) -> list[NetworkSummary]:
    """Open applications per network and state, and how many are assigned to me (one query)."""
    summaries = {network.id: NetworkSummary(network) for network in networks}
    if not summaries:
        return []
    mine = sa.func.sum(sa.case((Application.assigned_to_id == account.id, 1), else_=0))
    rows = db.session.execute(
        sa.select(Application.network_id, Application.state, sa.func.count(), mine)
        .where(Application.network_id.in_(summaries), Application.state.in_(OPEN_CONFIRMED))
        .group_by(Application.network_id, Application.state)
    ).all()
    for network_id, state, count, assigned in rows:
        summary = summaries[network_id]
        summary.counts[state] = count
        summary.mine += int(assigned or 0)
    return list(summaries.values())
