"""Figures read from the database at scrape time: outbox, waiting applications, registrations.

They describe the installation, not one process, so they are computed on every scrape
instead of being kept in (per-worker) gauges; each query is a single indexed aggregate.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from app.extensions import db
from app.models import Application, Network, OutboxMessage, OutboxStatus, utcnow
from app.models.application import OPEN_STATES, ApplicationState

# The coordination's queue: applications that wait for a decision of the coordination.
WAITING_STATES = (ApplicationState.RECEIVED, ApplicationState.IN_REVIEW)

# Hook for the events feature: when a table with this name exists in the models, its rows
# are counted per event and per state/status column. Nothing is reported while it is absent.
EVENT_REGISTRATIONS_TABLE = "event_registrations"


def outbox_metrics() -> Iterator[Metric]:
    """Messages per outbox status and the age of the oldest message still to be sent."""
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status))
    counts: dict[OutboxStatus, int] = {row[0]: row[1] for row in rows}
    by_status = GaugeMetricFamily("teilhabe_outbox_messages", "Outbox messages by status.", labels=["status"])
    for status in OutboxStatus:
        by_status.add_metric([status.value], counts.get(status, 0))
    yield by_status
    yield GaugeMetricFamily(
        "teilhabe_outbox_pending", "Mails waiting to be sent (pending).", value=counts.get(OutboxStatus.PENDING, 0)
    )
    yield GaugeMetricFamily(
        "teilhabe_outbox_failed",
        "Mails given up after all attempts (failed).",
        value=counts.get(OutboxStatus.FAILED, 0),
    )
    oldest = db.session.scalar(
        sa.select(sa.func.min(OutboxMessage.created_at)).where(OutboxMessage.status == OutboxStatus.PENDING)
    )
    age = (utcnow() - _as_utc(oldest)).total_seconds() if oldest is not None else 0.0
    yield GaugeMetricFamily(
        "teilhabe_outbox_oldest_pending_age_seconds",
        "Seconds since the oldest pending mail was queued (0 when none is pending).",
        value=max(age, 0.0),
    )


def application_metrics() -> Iterator[Metric]:
    """Open applications per network and state, and the coordination's queue per network."""
    rows = db.session.execute(
        sa.select(Network.slug, Application.state, sa.func.count(Application.id))
        .join(Application, Application.network_id == Network.id)
        .where(Application.state.in_(OPEN_STATES))
        .group_by(Network.slug, Application.state)
    ).all()
    slugs = db.session.scalars(sa.select(Network.slug).order_by(Network.slug)).all()
    counts = {(slug, state): number for slug, state, number in rows}
    open_family = GaugeMetricFamily(
        "teilhabe_applications_open", "Open applications by network and state.", labels=["network", "state"]
    )
    waiting = GaugeMetricFamily(
        "teilhabe_applications_waiting",
        "Applications waiting for the coordination (received or in review) by network.",
        labels=["network"],
    )
    for slug in slugs:
        for state in sorted(OPEN_STATES, key=lambda s: s.value):
            open_family.add_metric([slug, state.value], counts.get((slug, state), 0))
        waiting.add_metric([slug], sum(counts.get((slug, state), 0) for state in WAITING_STATES))
    yield open_family
    yield waiting


def event_registration_metrics(table: sa.Table | None = None) -> Iterator[Metric]:
    """Registrations per event and state, once the events feature has its table."""
    table = table if table is not None else db.metadata.tables.get(EVENT_REGISTRATIONS_TABLE)
    if table is None or "event_id" not in table.c:
        return
    state = next((table.c[name] for name in ("state", "status") if name in table.c), None)
    columns = [table.c.event_id] + ([state] if state is not None else [])
    rows = db.session.execute(sa.select(*columns, sa.func.count()).group_by(*columns)).all()
    family = GaugeMetricFamily(
        "teilhabe_event_registrations", "Event registrations by event and state.", labels=["event", "state"]
    )
    for row in rows:
        state_value = row[1] if state is not None else "all"
        family.add_metric([str(row[0]), str(getattr(state_value, "value", state_value))], row[-1])
    yield family


class DatabaseCollector(Collector):
    """Collects the database figures in one short read-only transaction."""

    def collect(self) -> Iterator[Metric]:
        try:
            yield from outbox_metrics()
            yield from application_metrics()
            yield from event_registration_metrics()
        finally:
            db.session.rollback()


def _as_utc(value):
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
