"""Registering: members in one click, guests with double opt-in, .ics mail, private link, cancelling."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from app.extensions import db
from app.models import Audience, EventRegistration, RegistrationHistory, RegistrationState, utcnow
from tests.events.conftest import ics_of

S = RegistrationState


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def guest_form(**changes) -> dict:
    data = {"name": "Gül Çelik", "email": "guel@example.org", "institution": "Stadt Leipzig", "consent": "y"}
    data.update(changes)
    return data


def registration_of(email: str) -> EventRegistration:
    return db.session.scalars(sa.select(EventRegistration).where(EventRegistration.email == email)).one()


def test_member_registers_in_one_click_and_gets_the_ics(client, make_network, make_member, make_event, login_as, smtp):
    network = make_network(slug="sachsen")
    membership = make_member(network, email="kim@example.org")
    event = make_event(network, capacity=10, online=True, online_link="https://konferenz.example/raum")
    login_as(membership.account)

    page = soup(client.get(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden"))
    assert page.select_one("#name") is None  # nothing to type for members
    response = client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data={}, follow_redirects=True)

    assert "Sie sind angemeldet" in response.get_data(as_text=True)
    assert registration_of("kim@example.org").state is S.REGISTERED
    (mail,) = smtp.to("kim@example.org")
    assert "Anmeldung bestätigt" in mail["Subject"]
    calendar = ics_of(mail)
    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == event.title
    assert item.decoded("DTSTART") == event.starts_at
    assert "https://konferenz.example/raum" in str(item["LOCATION"])  # confirmed: link included
    assert "https://konferenz.example/raum" in smtp.text(mail)
    manage = smtp.last_link("kim@example.org", "/veranstaltungen/anmeldung/")
    assert manage.startswith("http://teilhabe.test/") or manage.startswith("http://")


def test_guest_double_opt_in_then_place_and_answers(client, make_network, make_event, smtp):
    network = make_network(slug="sachsen")
    event = make_event(
        network,
        capacity=5,
        questions=[
            ("Ernährung", "choice", "vegetarisch\nvegan\nalles", True),
            ("Erstes Treffen?", "yes_no", "", False),
        ],
    )
    q1, q2 = event.questions

    response = client.post(
        f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden",
        data=guest_form(**{f"q{q1.id}": "vegan", f"q{q2.id}": "ja"}),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/anmelden/gesendet")
    registration = registration_of("guel@example.org")
    assert registration.state is S.UNCONFIRMED
    assert registration.answers == {str(q1.id): "vegan", str(q2.id): "ja"}
    assert "Veranstaltung" in registration.consent_text and registration.consent_at is not None
    (confirm_mail,) = smtp.to("guel@example.org")
    assert not list(confirm_mail.iter_attachments())

    confirm = smtp.last_link("guel@example.org", "/bestaetigen")
    page = client.get(confirm, follow_redirects=True)

    assert "angemeldet" in soup(page).select_one(".registration-state").get_text()
    db.session.refresh(registration)
    assert registration.state is S.REGISTERED
    mail = smtp.to("guel@example.org")[-1]
    assert ics_of(mail).walk("VEVENT")
    # A second click on the link changes nothing and sends nothing.
    client.get(confirm)
    assert len(smtp.to("guel@example.org")) == 2
    states = [(row.from_state, row.to_state) for row in registration.history]
    assert states == [(None, S.UNCONFIRMED), (S.UNCONFIRMED, S.REGISTERED)]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Bitte geben Sie Ihren Namen an."),
        ({"email": "kein-at"}, "email", "gültige E-Mail-Adresse"),
        ({"consent": ""}, "consent", "Bitte stimmen Sie"),
    ],
)
def test_guest_form_errors_show_at_the_field(client, make_network, make_event, changes, field, message):
    network = make_network(slug="sachsen")
    event = make_event(network)

    response = client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data=guest_form(**changes))

    assert response.status_code == 200
    assert message in soup(response).select_one(f"#{field}-error").get_text()
    assert db.session.scalar(sa.select(sa.func.count(EventRegistration.id))) == 0


def test_required_question_and_tampered_choice_are_refused(client, make_network, make_event):
    network = make_network(slug="sachsen")
    event = make_event(network, questions=[("Ernährung", "choice", "vegetarisch\nvegan", True)])
    question = event.questions[0]
    url = f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden"

    missing = client.post(url, data=guest_form())
    tampered = client.post(url, data=guest_form(**{f"q{question.id}": "<script>"}))

    assert "Bitte beantworten Sie diese Frage." in soup(missing).select_one(f"#q{question.id}-error").get_text()
    assert "angebotenen Antworten" in soup(tampered).select_one(f"#q{question.id}-error").get_text()
    assert db.session.scalar(sa.select(sa.func.count(EventRegistration.id))) == 0


def test_same_address_twice_is_told_at_the_field(client, make_network, make_event):
    network = make_network(slug="sachsen")
    event = make_event(network)
    url = f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden"
    client.post(url, data=guest_form())

    response = client.post(url, data=guest_form(email="GUEL@example.org"))

    assert "bereits eine Anmeldung" in soup(response).select_one("#email-error").get_text()


def test_members_only_event_refuses_guests_and_non_members(client, make_network, make_account, make_event, login_as):
    network = make_network(slug="allianz")
    event = make_event(network, audience=Audience.MEMBERS)

    anonymous = client.get(f"/netzwerke/allianz/veranstaltungen/{event.id}/anmelden")
    posted = client.post(f"/netzwerke/allianz/veranstaltungen/{event.id}/anmelden", data=guest_form())
    login_as(make_account())
    outsider = client.get(f"/netzwerke/allianz/veranstaltungen/{event.id}/anmelden")

    assert anonymous.status_code == posted.status_code == outsider.status_code == 403
    assert "Nur für Mitglieder" in anonymous.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(EventRegistration.id))) == 0


@pytest.mark.parametrize(
    "values",
    [
        {"registration_required": False},
        {"cancelled_at": "now"},
        {"registration_opens_at": "future"},
        {"registration_closes_at": "past"},
    ],
)
def test_closed_registration_is_refused(client, make_network, make_event, values):
    network = make_network(slug="sachsen")
    moments = {"now": utcnow(), "future": utcnow() + timedelta(days=1), "past": utcnow() - timedelta(hours=1)}
    event = make_event(network, **{key: moments.get(value, value) for key, value in values.items()})

    page = client.get(f"/netzwerke/sachsen/veranstaltungen/{event.id}")
    response = client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data=guest_form())

    assert response.status_code == 409
    assert not soup(page).select(f"a[href$='/veranstaltungen/{event.id}/anmelden']")
    assert db.session.scalar(sa.select(sa.func.count(EventRegistration.id))) == 0


def test_cancel_through_the_private_link_until_the_cut_off(client, make_network, make_event, smtp):
    network = make_network(slug="sachsen")
    event = make_event(network, cancellation_hours=48)
    client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data=guest_form())
    client.get(smtp.last_link("guel@example.org", "/bestaetigen"))
    link = smtp.last_link("guel@example.org", "/veranstaltungen/anmeldung/")
    path = link.split("://", 1)[1].split("/", 1)[1]

    page = soup(client.get("/" + path))
    assert page.select_one("form[action*='/veranstaltungen/anmeldung/'][action$='/abmelden']") is not None
    client.post("/" + path + "/abmelden", follow_redirects=True)

    registration = registration_of("guel@example.org")
    assert registration.state is S.CANCELLED
    assert "Abmeldung bestätigt" in smtp.to("guel@example.org")[-1]["Subject"]
    # Registering again works and makes the old link worthless.
    client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data=guest_form())
    assert client.get("/" + path).status_code == 404


def test_no_cancelling_after_the_cut_off(client, make_network, make_member, make_event, login_as, smtp):
    network = make_network(slug="sachsen")
    membership = make_member(network, email="kim@example.org")
    event = make_event(network, days=1, cancellation_hours=48)
    login_as(membership.account)
    client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data={})
    path = "/" + smtp.last_link("kim@example.org", "/veranstaltungen/anmeldung/").split("/", 3)[3]

    page = soup(client.get(path))
    response = client.post(path + "/abmelden", follow_redirects=True)

    assert page.select_one("form[action*='/veranstaltungen/anmeldung/'][action$='/abmelden']") is None
    assert "nicht mehr möglich" in response.get_data(as_text=True)
    assert registration_of("kim@example.org").state is S.REGISTERED


@pytest.mark.parametrize("token", ["x", "a" * 300, "WzEsImFiYyJd.invalid"])
def test_wrong_private_links_are_404(client, token):
    assert client.get(f"/veranstaltungen/anmeldung/{token}").status_code == 404
    assert client.post(f"/veranstaltungen/anmeldung/{token}/abmelden").status_code == 404


def test_history_records_every_transition(client, make_network, make_event, smtp):
    network = make_network(slug="sachsen")
    event = make_event(network)
    client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data=guest_form())
    client.get(smtp.last_link("guel@example.org", "/bestaetigen"))

    rows = db.session.scalars(sa.select(RegistrationHistory).order_by(RegistrationHistory.id)).all()

    assert [row.to_state for row in rows] == [S.UNCONFIRMED, S.REGISTERED]
    assert all(row.actor_label == "Gül Çelik" for row in rows)
