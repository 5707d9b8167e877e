"""Bulk actions from the queue: per-item results, illegal items skipped with a reason."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ApplicationState, Membership
from tests.review_support import history_of, make_application, refreshed

S = ApplicationState


@pytest.fixture
def network(make_network):
    return make_network(slug="allianz", themenkreise=("Transparenz", "Qualität"), directory_enabled=True)


@pytest.fixture
def coordinator(make_account, network):
    return make_account(coordinates=[network])


def bulk(client, action, applications, **extra):
    data = {"action": action, "application_ids": [str(a if isinstance(a, int) else a.id) for a in applications]}
    data.update(extra)
    return client.post("/koordination/allianz/antraege/sammelaktion", data=data)


def test_bulk_take_into_review(client, login_as, coordinator, network):
    first, _ = make_application(network, S.RECEIVED, first_name="Erste")
    second, _ = make_application(network, S.RECEIVED, first_name="Zweite")
    busy, _ = make_application(network, S.IN_REVIEW, first_name="Schon")
    login_as(coordinator)

    page = bulk(client, "take", [first, second, busy]).get_data(as_text=True)

    assert "2 von 3 Anträgen bearbeitet, 1 übersprungen." in page
    assert "bereits in Prüfung" in page
    for application in (first, second):
        application = refreshed(application)
        assert application.state is S.IN_REVIEW and application.assigned_to_id == coordinator.id


def test_bulk_approve_uses_the_applicants_choices_and_skips_illegal_ones(
    client, smtp, login_as, coordinator, network, make_member
):
    transparenz = network.themenkreise[0]
    ready, _ = make_application(
        network,
        S.IN_REVIEW,
        email="ready@example.org",
        first_name="Bereit",
        themenkreise=[transparenz],
        wants_directory_listing=True,
    )
    asked, _ = make_application(network, S.QUERY, email="asked@example.org", first_name="Gefragt")
    # Decided already (#12 item 17: "eingegangen" may now be accepted straight away).
    fresh, _ = make_application(network, S.REJECTED, email="fresh@example.org", first_name="Frisch")
    make_member(network, email="member@example.org")
    duplicate, _ = make_application(network, S.IN_REVIEW, email="member@example.org", first_name="Doppelt")
    login_as(coordinator)

    response = bulk(client, "approve", [ready, asked, fresh, duplicate])

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 von 4 Anträgen bearbeitet, 2 übersprungen." in page
    assert "Bereit" in page and "erledigt – jetzt „angenommen“" in page
    assert "Frisch" in page and "ist im Status „abgelehnt“ nicht möglich" in page
    assert "member@example.org ist bereits Mitglied dieses Netzwerks." in page
    assert refreshed(ready).state is S.ACCEPTED and refreshed(asked).state is S.ACCEPTED
    assert refreshed(fresh).state is S.REJECTED and refreshed(duplicate).state is S.IN_REVIEW
    membership = db.session.scalar(sa.select(Membership).where(Membership.application_id == ready.id))
    assert [tk.id for tk in membership.themenkreise] == [transparenz.id]
    assert membership.listed_in_directory is True
    assert len(smtp.to("ready@example.org")) == 1 and len(smtp.to("asked@example.org")) == 1
    assert smtp.to("fresh@example.org") == [] and smtp.to("member@example.org") == []


def test_bulk_reject_needs_a_reason_and_mails_each_applicant(client, smtp, login_as, coordinator, network):
    first, _ = make_application(network, S.IN_REVIEW, email="a@example.org")
    second, _ = make_application(network, S.QUERY, email="b@example.org")
    login_as(coordinator)

    page = bulk(client, "reject", [first, second]).get_data(as_text=True)
    assert "Bitte geben Sie einen internen Grund für die Ablehnung an." in page
    assert refreshed(first).state is S.IN_REVIEW and smtp.messages == []

    page = bulk(client, "reject", [first, second], reason="Kein Bezug zur Beteiligung").get_data(as_text=True)

    assert "2 von 2 Anträgen bearbeitet, 0 übersprungen." in page
    assert refreshed(first).state is S.REJECTED and refreshed(second).state is S.REJECTED
    assert len(smtp.to("a@example.org")) == 1 and len(smtp.to("b@example.org")) == 1
    assert any("Kein Bezug" in entry.message and entry.internal for entry in history_of(first))


def test_bulk_never_touches_other_networks_or_unconfirmed(client, login_as, coordinator, network, make_network):
    other = make_network(slug="andere")
    foreign, _ = make_application(other, S.RECEIVED)
    hidden, _ = make_application(network, S.UNCONFIRMED)
    login_as(coordinator)

    page = bulk(client, "take", [foreign, hidden, 999999]).get_data(as_text=True)

    assert page.count("Antrag nicht gefunden.") == 3
    assert refreshed(foreign).state is S.RECEIVED and refreshed(hidden).state is S.UNCONFIRMED


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "approve"}, "Bitte wählen Sie mindestens einen Antrag aus."),
        ({"action": "explode", "application_ids": ["1"]}, "Bitte wählen Sie eine Aktion."),
        ({"application_ids": ["1"]}, "Bitte wählen Sie eine Aktion."),
    ],
)
def test_bulk_without_selection_or_action_explains_itself(client, login_as, coordinator, network, data, message):
    make_application(network, S.RECEIVED)
    login_as(coordinator)

    response = client.post("/koordination/allianz/antraege/sammelaktion", data=data)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_bulk_with_garbage_ids_is_a_form_error_not_a_crash(client, login_as, coordinator, network):
    login_as(coordinator)
    response = client.post(
        "/koordination/allianz/antraege/sammelaktion", data={"action": "take", "application_ids": ["abc"]}
    )
    assert response.status_code == 200
    assert "Die Sammelaktion wurde nicht ausgeführt" in response.get_data(as_text=True)


def test_queue_page_offers_checkboxes_and_bulk_buttons(client, login_as, coordinator, network):
    application, _ = make_application(network, S.RECEIVED, first_name="Wählbar")
    login_as(coordinator)

    page = client.get("/koordination/allianz/antraege").get_data(as_text=True)

    assert f'name="application_ids" value="{application.id}"' in page
    assert "Auswählen: Wählbar" in page
    for value in ("take", "approve", "reject"):
        assert f'name="action" value="{value}"' in page


def test_bulk_approve_straight_from_received(client, smtp, login_as, coordinator, network):
    fresh, _ = make_application(network, S.RECEIVED, email="fresh@example.org", first_name="Frisch")
    login_as(coordinator)
    response = bulk(client, "approve", [fresh])
    assert "1 von 1 Anträgen bearbeitet" in response.get_data(as_text=True)
    assert refreshed(fresh).state is S.ACCEPTED
