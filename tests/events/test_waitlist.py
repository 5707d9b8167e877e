"""Waiting list with timed offers, the approval queue, and `flask events remind`."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from bs4 import BeautifulSoup
from freezegun import freeze_time

from app.extensions import db
from app.models import EventRegistration, RegistrationState, utcnow
from tests.events.conftest import ics_of

S = RegistrationState


def state_of(email: str) -> RegistrationState:
    return db.session.scalars(sa.select(EventRegistration.state).where(EventRegistration.email == email)).one()


def register_guest(client, smtp, event, email: str, name: str = "Alex Gast") -> str:
    """Register and confirm a guest; returns the path of the private link."""
    client.post(
        f"/netzwerke/{event.network.slug}/veranstaltungen/{event.id}/anmelden",
        data={"name": name, "email": email, "consent": "y"},
    )
    client.get(smtp.last_link(email, "/bestaetigen"))
    return private_path(smtp, email)


def private_path(smtp, email: str) -> str:
    return "/" + smtp.last_link(email, "/veranstaltungen/anmeldung/").split("/", 3)[3]


def test_full_event_puts_people_on_the_waiting_list_and_a_cancellation_makes_an_offer(
    client, make_network, make_event, smtp
):
    network = make_network(slug="sachsen")
    event = make_event(network, capacity=1, waiting_list=True, offer_hours=24)
    first = register_guest(client, smtp, event, "erste@example.org")
    register_guest(client, smtp, event, "zweite@example.org")
    register_guest(client, smtp, event, "dritte@example.org")
    assert [state_of(f"{n}@example.org") for n in ("erste", "zweite", "dritte")] == [
        S.REGISTERED,
        S.WAITLIST,
        S.WAITLIST,
    ]
    assert "Warteliste" in smtp.to("zweite@example.org")[-1]["Subject"]
    page = BeautifulSoup(
        client.get(f"/netzwerke/sachsen/veranstaltungen/{event.id}").get_data(as_text=True), "html.parser"
    )
    assert "ausgebucht" in page.select_one(".places-left").get_text()

    client.post(first + "/abmelden")

    offer = smtp.to("zweite@example.org")[-1]
    assert "Ein Platz ist frei geworden" in offer["Subject"]
    assert state_of("dritte@example.org") is S.WAITLIST and len(smtp.to("dritte@example.org")) == 2
    # The offered place is held: a newcomer goes to the waiting list.
    register_guest(client, smtp, event, "neu@example.org")
    assert state_of("neu@example.org") is S.WAITLIST

    client.post(private_path(smtp, "zweite@example.org") + "/platz-annehmen")

    assert state_of("zweite@example.org") is S.REGISTERED
    confirmation = smtp.to("zweite@example.org")[-1]
    assert "Anmeldung bestätigt" in confirmation["Subject"] and ics_of(confirmation).walk("VEVENT")


def test_unanswered_offer_expires_with_remind_and_passes_on(client, runner, make_network, make_event, smtp):
    network = make_network(slug="sachsen")
    event = make_event(network, days=10, capacity=1, offer_hours=12)
    first = register_guest(client, smtp, event, "erste@example.org")
    register_guest(client, smtp, event, "zweite@example.org")
    register_guest(client, smtp, event, "dritte@example.org")
    client.post(first + "/abmelden")
    stale = private_path(smtp, "zweite@example.org")

    with freeze_time(utcnow() + timedelta(hours=13)):
        result = runner.invoke(args=["events", "remind"])
        runner.invoke(args=["outbox", "send"])
        late = client.post(stale + "/platz-annehmen", follow_redirects=True)

    assert result.exit_code == 0 and "abgelaufene Platzangebote: 1" in result.output
    assert state_of("zweite@example.org") is S.CANCELLED
    assert "abgelaufen" in smtp.to("zweite@example.org")[-1]["Subject"]
    assert "Ein Platz ist frei geworden" in smtp.to("dritte@example.org")[-1]["Subject"]
    assert "nicht mehr gültig" in late.get_data(as_text=True)


def test_approval_queue_accept_and_decline_with_message(client, make_network, make_account, make_event, smtp, login_as):
    network = make_network(slug="allianz")
    coordinator = make_account(email="koordination@example.org", coordinates=[network])
    event = make_event(network, capacity=5, needs_approval=True)
    register_guest(client, smtp, event, "ja@example.org", name="Jana Ja")
    register_guest(client, smtp, event, "nein@example.org", name="Nico Nein")
    assert state_of("ja@example.org") is S.PENDING_APPROVAL
    assert "eingegangen" in smtp.to("ja@example.org")[-1]["Subject"]
    login_as(coordinator)
    url = f"/koordination/allianz/veranstaltungen/{event.id}/teilnehmende"
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    assert "2 warten auf Freigabe" in page.select_one(".participant-summary").get_text(" ", strip=True)
    ids = {r.email: r.id for r in db.session.scalars(sa.select(EventRegistration))}

    client.post(f"/koordination/allianz/veranstaltungen/{event.id}/anmeldungen/{ids['ja@example.org']}/freigeben")
    empty = client.post(
        f"/koordination/allianz/veranstaltungen/{event.id}/anmeldungen/{ids['nein@example.org']}/ablehnen",
        data={"message": ""},
    )
    client.post(
        f"/koordination/allianz/veranstaltungen/{event.id}/anmeldungen/{ids['nein@example.org']}/ablehnen",
        data={"message": "Leider nur für Verwaltungen."},
    )

    assert "Bitte schreiben Sie eine kurze Begründung." in empty.get_data(as_text=True)
    assert state_of("ja@example.org") is S.REGISTERED
    assert state_of("nein@example.org") is S.DECLINED
    assert "Leider nur für Verwaltungen." in smtp.text(smtp.to("nein@example.org")[-1])
    assert "Anmeldung bestätigt" in smtp.to("ja@example.org")[-1]["Subject"]


def test_remind_once_before_the_start_also_for_late_registrations(client, runner, make_network, make_event, smtp):
    network = make_network(slug="sachsen")
    event = make_event(network, days=3, reminder_hours=24)
    register_guest(client, smtp, event, "frueh@example.org")
    start = event.starts_at

    with freeze_time(start - timedelta(hours=30)):
        early = runner.invoke(args=["events", "remind"])
    with freeze_time(start - timedelta(hours=20)):
        first = runner.invoke(args=["events", "remind"])
        second = runner.invoke(args=["events", "remind"])
        runner.invoke(args=["outbox", "send"])
    with freeze_time(start - timedelta(hours=10)):
        register_guest(client, smtp, event, "spaet@example.org")
        late = runner.invoke(args=["events", "remind"])
        again = runner.invoke(args=["events", "remind"])
        runner.invoke(args=["outbox", "send"])

    assert "Erinnerungen: 0" in early.output
    assert "Erinnerungen: 1" in first.output and "Erinnerungen: 0" in second.output
    assert "Erinnerungen: 1" in late.output and "Erinnerungen: 0" in again.output
    for email in ("frueh@example.org", "spaet@example.org"):
        reminders = [m for m in smtp.to(email) if m["Subject"].startswith("Erinnerung")]
        assert len(reminders) == 1
        assert ics_of(reminders[0]).walk("VEVENT")


def test_change_and_cancellation_are_mailed_to_everyone_registered(
    client, make_network, make_account, make_event, smtp, login_as
):
    network = make_network(slug="sachsen")
    admin = make_account(email="admin@example.org", admin=True)
    event = make_event(network, capacity=1, place="Dresden")
    register_guest(client, smtp, event, "platz@example.org")
    register_guest(client, smtp, event, "warte@example.org")
    login_as(admin)
    local = event.starts_at.astimezone(ZoneInfo("Europe/Berlin"))
    data = {
        "title": event.title, "day": local.strftime("%d.%m.%Y"), "start_time": local.strftime("%H:%M"),
        "end_time": "23:59", "place": "Leipzig", "registration_required": "y", "capacity": "1",
        "waiting_list": "y", "themenkreis_id": "0", "laendergruppe_id": "0",
    }  # fmt: skip
    client.post(f"/koordination/sachsen/veranstaltungen/{event.id}/bearbeiten", data=data)

    changed = smtp.to("platz@example.org")[-1]
    assert "Geänderte Veranstaltung" in changed["Subject"] and "Leipzig" in smtp.text(changed)
    assert str(ics_of(changed).walk("VEVENT")[0]["SEQUENCE"]) == "1"
    assert "Geänderte Veranstaltung" in smtp.to("warte@example.org")[-1]["Subject"]

    client.post(f"/koordination/sachsen/veranstaltungen/{event.id}/absagen")

    cancelled = smtp.to("platz@example.org")[-1]
    assert "Abgesagt" in cancelled["Subject"]
    assert str(ics_of(cancelled).walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert "Abgesagt" in smtp.to("warte@example.org")[-1]["Subject"]
