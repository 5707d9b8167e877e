"""Event data and DSGVO: registrations are in the data export and gone after deleting the account."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import CalendarFeed, EventRegistration
from tests.conftest import TEST_PASSWORD
from tests.privacy.test_privacy_delete import places_containing


def test_export_lists_registrations_and_deleting_the_account_removes_them(
    client, make_network, make_member, make_event, login_as, smtp
):
    network = make_network(slug="sachsen")
    membership = make_member(network, email="kim.loeschen@example.org")
    event = make_event(network, questions=[("Ernährung", "text", "", False)])
    login_as(membership.account)
    client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden",
                data={f"q{event.questions[0].id}": "vegan, bitte"})  # fmt: skip
    client.post("/mein-bereich/veranstaltungen/kalender")

    exported = client.get("/mein-bereich/daten/meine-daten.json").get_json()
    assert exported["tables"]["event_registrations"][0]["answers"] == {str(event.questions[0].id): "vegan, bitte"}
    assert exported["tables"]["event_registrations"][0]["link_nonce"] != db.session.scalar(
        sa.select(EventRegistration.link_nonce)
    )  # the private link's secret is not handed out
    assert exported["tables"]["calendar_feeds"]

    client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})

    assert db.session.scalar(sa.select(sa.func.count(EventRegistration.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(CalendarFeed.account_id))) == 0
    assert places_containing("kim.loeschen@example.org") == []
