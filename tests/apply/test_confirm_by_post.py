"""Opening a confirmation link shows a button; only pressing it (POST) confirms the application."""

from __future__ import annotations

import re

from app.models import ApplicationState
from tests.apply_support import ALLIANZ, PERSON, application_of, apply_as_person, network

CONFIRM = "/antrag/bestaetigen/"


def test_get_shows_a_button_and_only_post_confirms(client, runner, smtp, make_account):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    coordinator = make_account("koordination@allianz.example", coordinates=[network(ALLIANZ)])
    apply_as_person(client)
    link = smtp.last_link(PERSON["email"], contains=CONFIRM)

    # A mail scanner pre-fetching the link (twice, even) confirms nothing.
    for _ in range(2):
        shown = client.get(link)
        assert shown.status_code == 200
        text = shown.get_data(as_text=True)
        assert re.search(r'<form[^>]*method="post"', text)
        assert re.search(r"<button[^>]*>\s*(<span[^>]*>)?Bestätigen", text)
    assert application_of(PERSON["email"]).state is ApplicationState.UNCONFIRMED
    assert not smtp.to(coordinator.email)

    response = client.post(link)
    assert response.status_code == 302 and "/antrag/status/" in response.location
    assert application_of(PERSON["email"]).state is ApplicationState.RECEIVED
    assert len(smtp.to(coordinator.email)) == 1
    assert "bereits verwendet" in client.get(link).get_data(as_text=True)
