"""/metrics: token required, request counts by endpoint and status, figures equal to the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from app.extensions import db
from app.metrics.database import event_registration_metrics
from app.models import ApplicationState, OutboxMessage, OutboxStatus, utcnow
from tests.metrics.conftest import TOKEN
from tests.review_support import make_application

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def scrape(client) -> dict[tuple[str, tuple], float]:
    """All samples of one scrape as {(name, sorted labels): value}."""
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def requests_counted(samples, endpoint: str, status: str) -> float:
    return sum(
        value
        for (name, labels), value in samples.items()
        if name == "teilhabe_http_requests_total" and ("endpoint", endpoint) in labels and ("status", status) in labels
    )


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": "Bearer"},
    ],
)
def test_scrape_without_the_right_token_is_refused(client, headers):
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "teilhabe_" not in response.get_data(as_text=True)


def test_requests_are_counted_by_endpoint_and_status(client):
    before = scrape(client)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert client.get("/gibt-es-nicht").status_code == 404
    after = scrape(client)

    assert requests_counted(after, "public.index", "200") - requests_counted(before, "public.index", "200") == 3
    assert requests_counted(after, "unmatched", "404") - requests_counted(before, "unmatched", "404") == 1
    latency_count = sum(
        value
        for (name, labels), value in after.items()
        if name == "teilhabe_http_request_duration_seconds_count" and ("endpoint", "public.index") in labels
    )
    assert latency_count >= 3
    # Paths never become labels: no raw URL appears in the exposition.
    assert not any("gibt-es-nicht" in str(labels) for _, labels in after)


def test_outbox_and_application_figures_match_the_database(client, make_network):
    allianz = make_network(slug="allianz")
    sachsen = make_network(slug="sachsen")
    make_network(slug="leer")
    for state, count in (
        (ApplicationState.RECEIVED, 3),
        (ApplicationState.IN_REVIEW, 2),
        (ApplicationState.QUERY, 1),
        (ApplicationState.UNCONFIRMED, 4),
        (ApplicationState.ACCEPTED, 5),
    ):
        for _ in range(count):
            make_application(allianz, state)
    make_application(sachsen, ApplicationState.IN_REVIEW)
    make_application(sachsen, ApplicationState.REJECTED)

    now = utcnow()
    for status, age_minutes in (
        (OutboxStatus.PENDING, 30),
        (OutboxStatus.PENDING, 5),
        (OutboxStatus.SENT, 120),
        (OutboxStatus.FAILED, 600),
        (OutboxStatus.FAILED, 10),
        (OutboxStatus.SENDING, 1),
    ):
        db.session.add(
            OutboxMessage(
                recipient="a@example.org",
                subject="Test",
                body_text="Hallo",
                status=status,
                created_at=now - timedelta(minutes=age_minutes),
            )
        )
    db.session.commit()

    samples = scrape(client)

    def value(name, **labels):
        return samples[(name, tuple(sorted(labels.items())))]

    assert value("teilhabe_applications_waiting", network="allianz") == 5
    assert value("teilhabe_applications_waiting", network="sachsen") == 1
    assert value("teilhabe_applications_waiting", network="leer") == 0
    assert value("teilhabe_applications_open", network="allianz", state="query") == 1
    assert value("teilhabe_applications_open", network="allianz", state="unconfirmed") == 4
    assert value("teilhabe_applications_open", network="sachsen", state="received") == 0
    assert value("teilhabe_outbox_pending") == 2
    assert value("teilhabe_outbox_failed") == 2
    assert value("teilhabe_outbox_messages", status="sending") == 1
    assert value("teilhabe_outbox_messages", status="sent") == 1
    # The oldest pending mail was queued 30 minutes before the scrape (not the failed one).
    assert 30 * 60 <= value("teilhabe_outbox_oldest_pending_age_seconds") < 40 * 60


def test_empty_outbox_reports_zero_age(client):
    samples = scrape(client)
    assert samples[("teilhabe_outbox_oldest_pending_age_seconds", ())] == 0
    assert samples[("teilhabe_outbox_pending", ())] == 0


def test_event_registrations_are_absent_until_the_events_feature_has_its_table(client):
    samples = scrape(client)
    if "event_registrations" not in db.metadata.tables:
        assert not any(name.startswith("teilhabe_event_registrations") for name, _ in samples)


def test_event_registration_hook_counts_per_event_and_state(app):
    """The hook for the events feature, shown on a stand-in table of the expected shape."""
    metadata = sa.MetaData()
    table = sa.Table(
        "metrics_test_registrations",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer),
        sa.Column("state", sa.String(20)),
    )
    metadata.create_all(db.engine)
    try:
        rows = [(7, "registered")] * 3 + [(7, "waitlist")] * 2 + [(9, "registered")]
        db.session.execute(table.insert(), [{"event_id": e, "state": s} for e, s in rows])
        families = list(event_registration_metrics(table))
        db.session.rollback()
    finally:
        metadata.drop_all(db.engine)
    found = {tuple(sample.labels.values()): sample.value for sample in families[0].samples}
    assert found == {("7", "registered"): 3, ("7", "waitlist"): 2, ("9", "registered"): 1}
