"""Figures for admins: open applications per network and statistics per network or overall."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from app.core.regions import BUNDESLAENDER
from app.extensions import db
from app.models import BERLIN, OPEN_STATES, Account, Application, ApplicationState, Membership, Network, Themenkreis
from app.models.membership import membership_themenkreise

# Open states in the order an application passes through them.
OPEN_STATE_ORDER = [s for s in ApplicationState if s in OPEN_STATES]
DECISIONS = (ApplicationState.ACCEPTED, ApplicationState.REJECTED)


@dataclass
class NetworkOverview:
    network: Network
    open_by_state: dict[ApplicationState, int]
    members: int

    @property
    def open_total(self) -> int:
        return sum(self.open_by_state.values())


def network_overview() -> list[NetworkOverview]:
    """All networks by name with their open applications per state and active members."""
    networks = list(db.session.scalars(sa.select(Network).order_by(Network.name)))
    open_counts: dict[int, dict[ApplicationState, int]] = {}
    rows = db.session.execute(
        sa.select(Application.network_id, Application.state, sa.func.count())
        .where(Application.state.in_(OPEN_STATE_ORDER))
        .group_by(Application.network_id, Application.state)
    )
    for network_id, state, count in rows:
        open_counts.setdefault(network_id, {})[state] = count
    members = _pairs(
        db.session.execute(
            sa.select(Membership.network_id, sa.func.count())
            .where(Membership.ended_at.is_(None))
            .group_by(Membership.network_id)
        ).all()
    )
    return [
        NetworkOverview(
            network=network,
            open_by_state={state: open_counts.get(network.id, {}).get(state, 0) for state in OPEN_STATE_ORDER},
            members=members.get(network.id, 0),
        )
        for network in networks
    ]


@dataclass
class MonthRow:
    month: date  # first day of the month (Europe/Berlin)
    confirmed: int = 0
    accepted: int = 0
    rejected: int = 0


@dataclass
class Statistics:
    by_state: list[tuple[ApplicationState, int]]
    months: list[MonthRow]
    median_decision_days: float | None
    decisions: int
    members: int
    listed: int
    by_group: list[tuple[str, int]] = field(default_factory=list)  # Themenkreis (network) or network (overall)
    without_themenkreis: int = 0
    by_bundesland: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total_applications(self) -> int:
        return sum(count for _, count in self.by_state)

    @property
    def listed_share(self) -> float | None:
        return self.listed / self.members if self.members else None


def _month_starts(today: date, count: int = 12) -> list[date]:
    """The first days of the last `count` months, oldest first, ending with today's month."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _berlin_month(value: datetime) -> date:
    local = value.astimezone(BERLIN)
    return date(local.year, local.month, 1)


def _scoped(query, column, network: Network | None):
    return query.where(column == network.id) if network is not None else query


def compute_statistics(network: Network | None = None, today: date | None = None) -> Statistics:
    """Statistics of one network, or of all networks together when network is None."""
    today = today or datetime.now(BERLIN).date()

    state_counts = _pairs(
        db.session.execute(
            _scoped(sa.select(Application.state, sa.func.count()), Application.network_id, network).group_by(
                Application.state
            )
        ).all()
    )
    by_state = [(state, state_counts.get(state, 0)) for state in ApplicationState]

    months = [MonthRow(month=start) for start in _month_starts(today)]
    by_month = {row.month: row for row in months}
    since = datetime.combine(months[0].month, datetime.min.time(), tzinfo=BERLIN).astimezone(UTC)
    confirmed = db.session.scalars(
        _scoped(sa.select(Application.confirmed_at), Application.network_id, network).where(
            Application.confirmed_at >= since
        )
    )
    for value in confirmed:
        row = by_month.get(_berlin_month(value))
        if row is not None:
            row.confirmed += 1
    decided = db.session.execute(
        _scoped(sa.select(Application.decided_at, Application.state), Application.network_id, network).where(
            Application.decided_at >= since, Application.state.in_(DECISIONS)
        )
    )
    for value, state in decided:
        row = by_month.get(_berlin_month(value))
        if row is not None:
            if state is ApplicationState.ACCEPTED:
                row.accepted += 1
            else:
                row.rejected += 1

    durations = [
        (decided_at - confirmed_at) / timedelta(days=1)
        for confirmed_at, decided_at in db.session.execute(
            _scoped(sa.select(Application.confirmed_at, Application.decided_at), Application.network_id, network).where(
                Application.state.in_(DECISIONS),
                Application.confirmed_at.is_not(None),
                Application.decided_at.is_not(None),
            )
        )
    ]

    active = _scoped(sa.select(sa.func.count(Membership.id)), Membership.network_id, network).where(
        Membership.ended_at.is_(None)
    )
    result = Statistics(
        by_state=by_state,
        months=months,
        median_decision_days=statistics.median(durations) if durations else None,
        decisions=len(durations),
        members=db.session.scalar(active) or 0,
        listed=db.session.scalar(active.where(Membership.listed_in_directory.is_(True))) or 0,
        by_bundesland=_members_by_bundesland(network),
    )
    if network is not None:
        result.by_group, result.without_themenkreis = _members_by_themenkreis(network)
    else:
        result.by_group = _members_by_network()
    return result


def _members_by_themenkreis(network: Network) -> tuple[list[tuple[str, int]], int]:
    """Active members per Themenkreis (a member in two counts in both) and those in none."""
    counts = _pairs(
        db.session.execute(
            sa.select(membership_themenkreise.c.themenkreis_id, sa.func.count())
            .join(Membership, Membership.id == membership_themenkreise.c.membership_id)
            .where(Membership.network_id == network.id, Membership.ended_at.is_(None))
            .group_by(membership_themenkreise.c.themenkreis_id)
        ).all()
    )
    themenkreise = db.session.scalars(
        sa.select(Themenkreis).where(Themenkreis.network_id == network.id).order_by(Themenkreis.position)
    )
    rows = [(tk.name, counts.get(tk.id, 0)) for tk in themenkreise]
    with_any = sa.select(membership_themenkreise.c.membership_id)
    without = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.network_id == network.id, Membership.ended_at.is_(None), Membership.id.not_in(with_any)
        )
    )
    return rows, without or 0


def _members_by_network() -> list[tuple[str, int]]:
    return [
        (name, count)
        for name, count in db.session.execute(
            sa.select(Network.name, sa.func.count(Membership.id))
            .outerjoin(Membership, sa.and_(Membership.network_id == Network.id, Membership.ended_at.is_(None)))
            .group_by(Network.id, Network.name)
            .order_by(Network.name)
        )
    ]


def _members_by_bundesland(network: Network | None) -> list[tuple[str, int]]:
    """Active members per Bundesland of their account, in the usual order; unknown last."""
    counts = Counter(
        _pairs(
            db.session.execute(
                _scoped(
                    sa.select(Account.bundesland, sa.func.count(Membership.id)).join(
                        Account, Account.id == Membership.account_id
                    ),
                    Membership.network_id,
                    network,
                )
                .where(Membership.ended_at.is_(None))
                .group_by(Account.bundesland)
            ).all()
        )
    )
    rows = [(name, counts.pop(code, 0)) for code, name in BUNDESLAENDER.items()]
    unknown = sum(counts.values())
    if unknown:
        rows.append(("", unknown))
    return rows


def _pairs(rows: Iterable[Any]) -> dict[Any, Any]:
    """Two-column result rows as a dict (first column -> second)."""
    return {row[0]: row[1] for row in rows}
