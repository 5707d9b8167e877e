"""Calendar files and feeds: parsed back with icalendar, required RFC 5545 properties present."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from app.extensions import db
from app.models import Laendergruppe, utcnow

REQUIRED_EVENT_PROPERTIES = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.get_data()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.rstrip().endswith(b"END:VCALENDAR")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines (RFC 5545 3.1)
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    for item in calendar.walk("VEVENT"):
        for name in REQUIRED_EVENT_PROPERTIES:
            assert name in item, name
    return calendar


def summaries(calendar: Calendar) -> set[str]:
    return {str(item["SUMMARY"]) for item in calendar.walk("VEVENT")}


def test_event_file_and_feeds_per_network_themenkreis_and_laendergruppe(client, make_network, make_event):
    network = make_network(slug="allianz", themenkreise=("Transparenz", "Qualität"))
    group = Laendergruppe(network=network, name="Ländergruppe Berlin-Brandenburg")
    db.session.add(group)
    db.session.commit()
    transparenz = network.themenkreise[0]
    tk_event = make_event(network, title="Themenkreis Transparenz", themenkreis_id=transparenz.id,
                          online=True, online_link="https://geheim.example/raum")  # fmt: skip
    group_event = make_event(network, title="Abend der Ländergruppe", laendergruppe_id=group.id, place="Berlin")
    make_event(network, title="Jahrestagung, Tag 1; mit \\ Sonderzeichen", days=30)
    other = make_network(slug="andere")
    make_event(other, title="Fremde Veranstaltung")

    single = parse(client.get(f"/netzwerke/allianz/veranstaltungen/{tk_event.id}/kalender.ics"))
    (item,) = single.walk("VEVENT")
    assert item.decoded("DTSTART") == tk_event.starts_at and item.decoded("DTEND") == tk_event.ends_at
    assert "geheim" not in single.to_ical().decode()  # the link is for confirmed participants only

    everything = parse(client.get("/netzwerke/allianz/kalender.ics"))
    assert summaries(everything) == {"Themenkreis Transparenz", "Abend der Ländergruppe",
                                     "Jahrestagung, Tag 1; mit \\ Sonderzeichen"}  # fmt: skip
    assert len({str(item["UID"]) for item in everything.walk("VEVENT")}) == 3
    tk = parse(client.get(f"/netzwerke/allianz/themenkreise/{transparenz.id}/kalender.ics"))
    assert summaries(tk) == {"Themenkreis Transparenz"}
    regional = parse(client.get(f"/netzwerke/allianz/laendergruppen/{group.id}/kalender.ics"))
    assert summaries(regional) == {"Abend der Ländergruppe"}
    assert str(regional.walk("VEVENT")[0]["LOCATION"]) == "Berlin"
    assert group_event.id


@pytest.mark.parametrize(
    "url",
    [
        "/netzwerke/unbekannt/kalender.ics",
        "/netzwerke/allianz/themenkreise/99999/kalender.ics",
        "/netzwerke/allianz/laendergruppen/99999999999/kalender.ics",
        "/netzwerke/allianz/veranstaltungen/99999999999/kalender.ics",
        "/kalender/falsch/meine-veranstaltungen.ics",
    ],
)
def test_unknown_feeds_are_404(client, make_network, url):
    make_network(slug="allianz")
    assert client.get(url).status_code == 404


def test_themenkreis_of_another_network_is_404(client, make_network):
    make_network(slug="allianz")
    other = make_network(slug="andere", themenkreise=("Fremd",))
    assert client.get(f"/netzwerke/allianz/themenkreise/{other.themenkreise[0].id}/kalender.ics").status_code == 404


def test_personal_feed_behind_a_renewable_token(app, client, make_network, make_member, make_event, login_as, smtp):
    network = make_network(slug="sachsen")
    membership = make_member(network, email="kim@example.org")
    mine = make_event(network, title="Meine Werkstatt", online=True, online_link="https://raum.example/kim")
    make_event(network, title="Nicht angemeldet")
    login_as(membership.account)
    client.post(f"/netzwerke/sachsen/veranstaltungen/{mine.id}/anmelden", data={})

    page = BeautifulSoup(client.get("/mein-bereich/veranstaltungen").get_data(as_text=True), "html.parser")
    assert page.select_one("#feed-url") is None
    assert "Meine Werkstatt" in page.select_one(".event-list").get_text()
    client.post("/mein-bereich/veranstaltungen/kalender")
    page = BeautifulSoup(client.get("/mein-bereich/veranstaltungen").get_data(as_text=True), "html.parser")
    first_url = page.select_one("#feed-url")["value"]
    first_path = "/" + first_url.split("/", 3)[3]

    calendar_app = app.test_client()  # no session: calendar programs have none
    feed = parse(calendar_app.get(first_path))
    assert summaries(feed) == {"Meine Werkstatt"}
    assert "https://raum.example/kim" in feed.to_ical().decode()

    client.post("/mein-bereich/veranstaltungen/kalender")
    page = BeautifulSoup(client.get("/mein-bereich/veranstaltungen").get_data(as_text=True), "html.parser")
    second_path = "/" + page.select_one("#feed-url")["value"].split("/", 3)[3]

    assert second_path != first_path
    assert calendar_app.get(first_path).status_code == 404
    assert summaries(parse(calendar_app.get(second_path))) == {"Meine Werkstatt"}


def test_subscribe_help_explains_outlook_thunderbird_and_phones(client):
    text = client.get("/kalender-abonnieren").get_data(as_text=True)
    for name in ("Outlook", "Thunderbird", "iPhone", "Android"):
        assert name in text


def test_past_event_still_in_feed_and_listed_separately(client, make_network, make_event):
    network = make_network(slug="sachsen")
    make_event(network, title="Netzwerktreffen 2022", starts_at=utcnow() - timedelta(days=400))
    make_event(network, title="Kommendes Treffen")

    feed = parse(client.get("/netzwerke/sachsen/kalender.ics"))
    page = BeautifulSoup(client.get("/netzwerke/sachsen/veranstaltungen").get_data(as_text=True), "html.parser")

    assert summaries(feed) == {"Netzwerktreffen 2022", "Kommendes Treffen"}
    assert "Kommendes Treffen" in page.select_one("section[aria-labelledby=upcoming]").get_text()
    past = page.select_one("section[aria-labelledby=past]").get_text()
    assert "Netzwerktreffen 2022" in past and "Kommendes Treffen" not in past
