"""Redis down: rate limits fall back to memory (and say so in the log); the site keeps working."""

from __future__ import annotations

import logging

import pytest

from app.extensions import db, limiter
from tests.apply_support import ACTIVITY, INSTITUTION, PERSON, application_of, fill_steps, send, sibling_app
from tests.conftest import TEST_PASSWORD, IsolatedClient, free_port


@pytest.fixture
def redis_down_app(app):
    """Production-like limits on a Redis URL that points at a closed port."""
    down = sibling_app(
        app,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",
    )
    down.test_client_class = IsolatedClient
    # The limiter object is shared by every app of the test process: start and end this test
    # with its storage considered alive, as in a freshly started server.
    limiter._storage_dead = False
    yield down
    limiter._storage_dead = False
    with down.app_context():
        db.engine.dispose()


def test_login_submit_and_reset_work_without_redis_and_the_fallback_is_logged(
    redis_down_app, make_network, make_account, smtp, caplog
):
    make_network(slug="netz", name="Netzwerk Bürgerhaushalt", themenkreise=())
    account = make_account("kim@example.org")
    client = redis_down_app.test_client()

    with caplog.at_level(logging.WARNING):
        login = client.post("/anmelden", data={"email": account.email, "password": TEST_PASSWORD})
        assert login.status_code == 302 and login.headers["Location"] == "/mein-bereich/"

    assert "falling back to in-memory storage" in caplog.text
    reset = client.post("/passwort-vergessen", data={"email": account.email})
    assert reset.status_code == 302
    reset.close()  # the reset link is made once the response is out (#12 item 4)
    assert len(smtp.to(account.email)) == 1

    applicant = redis_down_app.test_client()
    response = send(applicant, "netz", fill_steps(applicant, "netz", PERSON, INSTITUTION, ACTIVITY))
    assert response.status_code == 302
    assert application_of(PERSON["email"]) is not None


def test_limits_still_count_in_memory_while_redis_is_down(redis_down_app):
    client = redis_down_app.test_client()
    statuses = [
        client.post("/anmelden", data={"email": "x@example.org", "password": "falsch-falsch"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
