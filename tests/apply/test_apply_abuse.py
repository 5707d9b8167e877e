"""Abuse protection: honeypot, minimum fill time, rate limits per IP address."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db, limiter
from app.models import Application, ApplicationDraft, OutboxMessage
from tests.apply_support import (
    ACTIVITY,
    INSTITUTION,
    PERSON,
    fill_steps,
    page,
    send,
    sibling_app,
    submit_url,
)
from tests.conftest import IsolatedClient, limits


@pytest.fixture
def network(make_network):
    return make_network(slug="netz", themenkreise=())


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def other_app(app):
    """Build an app with other settings on the same database; disposed afterwards."""
    built = []

    def build(**overrides):
        new = sibling_app(app, **overrides)
        new.test_client_class = IsolatedClient
        built.append(new)
        if new.config["RATELIMIT_ENABLED"]:
            with new.app_context():
                limiter.reset()
        return new

    yield build
    for new in built:
        with new.app_context():
            db.engine.dispose()


def test_filled_honeypot_gets_the_normal_answer_but_nothing_is_stored(client, network, smtp):
    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY)
    assert 'class="honeypot" aria-hidden="true"' in step4 and 'tabindex="-1"' in step4

    response = send(client, "netz", step4, {"homepage": "http://spam.example"})

    assert response.status_code == 302 and response.location.endswith("/mitglied-werden/gesendet")
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page(client.get(response.location))
    assert count(Application) == 0 and count(ApplicationDraft) == 0 and count(OutboxMessage) == 0
    assert smtp.messages == []


def test_honeypot_filled_on_an_earlier_step_counts_too(client, network, smtp):
    fill_steps(client, "netz", {**PERSON, "homepage": "x"}, INSTITUTION, ACTIVITY)
    step4 = page(client.get("/netzwerke/netz/mitglied-werden/schritt/4"))
    assert send(client, "netz", step4).status_code == 302
    assert count(Application) == 0 and smtp.messages == []


def test_too_fast_is_treated_like_a_bot(other_app, network, smtp):
    slow = other_app(MIN_FILL_SECONDS=3600)
    client = slow.test_client()

    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY)
    response = send(client, "netz", step4)

    assert response.status_code == 302 and response.location.endswith("/mitglied-werden/gesendet")
    assert count(Application) == 0 and smtp.messages == []


def test_people_who_take_their_time_get_through(other_app, network, smtp):
    client = other_app(MIN_FILL_SECONDS=1).test_client()
    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY)
    draft = db.session.scalar(sa.select(ApplicationDraft))
    draft.data = {**draft.data, "started": draft.data["started"] - 600}  # ten minutes ago
    db.session.commit()

    assert send(client, "netz", step4).status_code == 302
    assert count(Application) == 1


def test_submissions_are_limited_per_ip_with_a_friendly_page(other_app, network, smtp):
    client = other_app(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(apply_submit="2 per hour")).test_client()
    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY)
    refused = {"consent_privacy": None}
    for _ in range(4):  # a form sent back with errors does not count (#12 item 17: one office, many people)
        assert send(client, "netz", step4, refused).status_code == 200
    for number in range(2):  # two stored applications from this address
        if number:
            step4 = fill_steps(
                client, "netz", {**PERSON, "email": f"zweite{number}@example.org"}, INSTITUTION, ACTIVITY
            )
        assert send(client, "netz", step4).status_code == 302
        if not number:
            assert send(client, "netz", step4).status_code == 302  # a double click does not count either
    assert count(Application) == 2

    step4 = fill_steps(client, "netz", {**PERSON, "email": "dritte@example.org"}, INSTITUTION, ACTIVITY)
    response = send(client, "netz", step4)

    assert response.status_code == 429
    text = page(response)
    assert "Zu viele Versuche in kurzer Zeit" in text and "Ihre bisherigen Angaben" in text
    assert count(Application) == 2
    # Another address is not affected.
    other = client.post(submit_url("netz"), data={}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code != 429
    # Moving between the steps is never limited.
    for _ in range(5):
        assert client.get("/netzwerke/netz/mitglied-werden/schritt/1").status_code == 200


def test_resend_is_limited_per_ip(other_app, smtp):
    client = other_app(RATELIMIT_ENABLED=True, RATE_LIMITS=limits(apply_resend="3 per hour")).test_client()
    for _ in range(3):
        assert client.post("/antrag/link-erneut-senden", data={"email": "zoe@example.org"}).status_code == 302
    response = client.post("/antrag/link-erneut-senden", data={"email": "zoe@example.org"})
    assert response.status_code == 429
    assert "Zu viele Versuche in kurzer Zeit" in page(response)
    assert client.get("/antrag/link-erneut-senden").status_code == 200  # the form itself is not limited


def test_resend_is_limited_per_address_from_changing_ip_addresses(other_app, smtp):
    app = other_app(
        RATELIMIT_ENABLED=True, RATE_LIMITS=limits(apply_resend="100 per hour", apply_resend_address="2 per hour")
    )
    client = app.test_client()

    def resend(address: str, ip: str):
        return client.post("/antrag/link-erneut-senden", data={"email": address}, environ_base={"REMOTE_ADDR": ip})

    assert resend("zoe@example.org", "198.51.100.1").status_code == 302
    assert resend("ZOE@example.org", "198.51.100.2").status_code == 302
    assert resend("zoe@example.org", "198.51.100.3").status_code == 429
    assert resend("jonas@example.org", "198.51.100.3").status_code == 302  # other addresses are not affected
