"""Coordinators: participant list with answers, CSV/XLSX export, message to all, check-in; other networks 404."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from app.extensions import db
from app.models import EventRegistration, OutboxMessage
from tests.events.test_waitlist import register_guest


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def workshop(client, make_network, make_account, make_member, make_event, smtp, login_as):
    """The Sachsen workshop with a member, two guests (one on the waiting list), logged in as coordinator."""
    network = make_network(slug="sachsen")
    coordinator = make_account(email="koordination@example.org", coordinates=[network])
    member = make_member(network, email="kim@example.org", first_name="Kim", last_name="Mitglied")
    event = make_event(network, capacity=2, questions=[("Ernährung", "choice", "vegetarisch\nvegan", False)])
    question = event.questions[0]
    login_as(member.account)
    client.post(f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden", data={f"q{question.id}": "vegan"})
    client.post("/abmelden")
    client.post(
        f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden",
        data={"name": "=HYPERLINK(1)", "email": "gast@example.org", "institution": "Stadt Görlitz", "consent": "y",
              f"q{question.id}": "vegetarisch"},
    )  # fmt: skip
    client.get(smtp.last_link("gast@example.org", "/bestaetigen"))
    register_guest(client, smtp, event, "warte@example.org", name="Wanda Warte")
    login_as(coordinator)
    return event


def test_participant_list_shows_guests_answers_and_states(client, workshop):
    page = soup(client.get(f"/koordination/sachsen/veranstaltungen/{workshop.id}/teilnehmende"))

    rows = {row.select_one("th").get_text(" ", strip=True): row for row in page.select("table.participants tbody tr")}
    assert set(rows) == {"Kim Mitglied Mitglied", "=HYPERLINK(1) Gast · Stadt Görlitz", "Wanda Warte Gast"}
    assert "Ernährung: vegan" in rows["Kim Mitglied Mitglied"].get_text()
    assert "angemeldet" in rows["Kim Mitglied Mitglied"].get_text()
    assert "Warteliste" in rows["Wanda Warte Gast"].get_text()
    assert "2 angemeldet von 2 Plätzen" in page.select_one(".participant-summary").get_text(" ", strip=True)


def test_csv_export_for_german_excel(client, workshop):
    response = client.get(f"/koordination/sachsen/veranstaltungen/{workshop.id}/teilnehmende.csv")

    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Name", "E-Mail", "Institution", "Art", "Status"] and rows[0][-1] == "Ernährung"
    by_mail = {row[1]: row for row in rows[1:]}
    assert by_mail["gast@example.org"][0] == "'=HYPERLINK(1)"  # no formula in Excel
    assert by_mail["gast@example.org"][-1] == "vegetarisch"
    assert by_mail["warte@example.org"][4] == "Warteliste"


def test_xlsx_export_opens_with_the_same_rows(client, workshop):
    response = client.get(f"/koordination/sachsen/veranstaltungen/{workshop.id}/teilnehmende.xlsx")

    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Name" and len(rows) == 4
    assert {row[1] for row in rows[1:]} == {"kim@example.org", "gast@example.org", "warte@example.org"}
    assert all(not str(row[0]).startswith("=") for row in rows[1:])


def test_message_counts_first_then_sends_one_mail_each_with_reply_to(client, workshop, smtp):
    url = f"/koordination/sachsen/veranstaltungen/{workshop.id}/nachricht"
    data = {"subject": "Raumänderung", "body": "Wir treffen uns in Raum 2."}

    counted = soup(client.post(url, data={**data, "step": "count"}))
    assert "2 Personen" in counted.select_one(".recipient-count").get_text()
    assert "kim@example.org" not in str(counted) and "gast@example.org" not in str(counted)
    assert (
        db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.template == "event_message"))
        == 0
    )

    client.post(url, data={**data, "step": "send", "confirmed_count": "2"})

    mails = [m for m in smtp.messages if m["Subject"] == "Raumänderung"]
    assert sorted(str(m["To"]) for m in mails) == ["gast@example.org", "kim@example.org"]
    assert all(str(m["Reply-To"]) == "koordination@example.org" for m in mails)
    assert "Raum 2" in smtp.text(mails[0])


def test_message_with_a_stale_count_is_not_sent(client, workshop, smtp):
    url = f"/koordination/sachsen/veranstaltungen/{workshop.id}/nachricht"

    response = client.post(url, data={"subject": "Hallo", "body": "Text", "step": "send", "confirmed_count": "7",
                                      "include_waiting": "y"})  # fmt: skip

    assert "jetzt 3" in response.get_data(as_text=True)
    assert not [m for m in smtp.messages if m["Subject"] == "Hallo"]


def test_check_in_marks(client, workshop):
    registration = db.session.scalars(
        sa.select(EventRegistration).where(EventRegistration.email == "kim@example.org")
    ).one()
    waiting = db.session.scalars(
        sa.select(EventRegistration).where(EventRegistration.email == "warte@example.org")
    ).one()
    base = f"/koordination/sachsen/veranstaltungen/{workshop.id}/anmeldungen"

    client.post(f"{base}/{registration.id}/anwesend", data={"present": "y"})
    page = soup(client.get(f"/koordination/sachsen/veranstaltungen/{workshop.id}/teilnehmende"))
    refused = client.post(f"{base}/{waiting.id}/anwesend", data={"present": "y"}, follow_redirects=True)

    assert "anwesend" in page.select_one(f"#r{registration.id}").get_text()
    assert "Nur angemeldete Teilnehmende" in refused.get_data(as_text=True)
    client.post(f"{base}/{registration.id}/anwesend", data={})
    db.session.refresh(registration)
    assert registration.checked_in_at is None


def test_coordinator_of_another_network_gets_404(client, workshop, make_network, make_account, login_as):
    other = make_network(slug="andere")
    login_as(make_account(coordinates=[other]))
    base = f"/koordination/sachsen/veranstaltungen/{workshop.id}"

    for url in (f"{base}/teilnehmende", f"{base}/teilnehmende.csv", f"{base}/bearbeiten", f"{base}/nachricht",
                f"/koordination/andere/veranstaltungen/{workshop.id}/teilnehmende"):  # fmt: skip
        assert client.get(url).status_code == 404, url
