"""The public event page and list: Berlin time, Markdown, places left, link only for participants."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app.models import Audience, today_in_germany
from tests.events.conftest import berlin

NEXT_YEAR = today_in_germany().year + 1


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_event_page_in_berlin_time_with_markdown_and_places(client, make_network, make_event):
    network = make_network(slug="sachsen")
    event = make_event(
        network, title="Netzwerktreffen", starts_at=berlin(NEXT_YEAR, 2, 14, 13), hours=4, place="Dresden",
        description="**Jetzt anmelden** und <script>alert(1)</script> mitmachen!", capacity=20,
        online=True, online_link="https://geheim.example/raum",
    )  # fmt: skip

    page = soup(client.get(f"/netzwerke/sachsen/veranstaltungen/{event.id}"))

    assert page.select_one("h1").get_text(strip=True) == "Netzwerktreffen"
    assert page.select_one("time").get_text(strip=True) == f"14.02.{NEXT_YEAR}, 13:00–17:00 Uhr"
    assert page.select_one(".prose strong").get_text() == "Jetzt anmelden"
    assert page.select_one(".prose script") is None
    assert "noch 20 von 20 Plätzen frei" in page.select_one(".places-left").get_text(" ", strip=True)
    assert page.select_one(f"a[href='/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden']")
    assert "geheim.example" not in str(page)


def test_english_page_and_summer_time(client, make_network, make_event):
    network = make_network(slug="sachsen")
    event = make_event(network, starts_at=berlin(NEXT_YEAR, 7, 1, 9), hours=7)
    client.get("/sprache/en")

    page = soup(client.get(f"/netzwerke/sachsen/veranstaltungen/{event.id}"))

    assert page.select_one("time").get_text(strip=True) == f"1 Jul {NEXT_YEAR}, 09:00–16:00"
    assert page.select_one("time")["datetime"].startswith(f"{NEXT_YEAR}-07-01T07:00")


def test_network_page_links_events_and_the_list(client, make_network, make_event):
    network = make_network(slug="allianz")
    event = make_event(network, title="Jahrestagung", audience=Audience.MEMBERS)

    page = soup(client.get("/netzwerke/allianz/"))

    assert page.select_one(f"a[href='/netzwerke/allianz/veranstaltungen/{event.id}']").get_text() == "Jahrestagung"
    assert page.select_one("a[href='/netzwerke/allianz/veranstaltungen']")


def test_unknown_and_foreign_events_are_404(client, make_network, make_event):
    make_network(slug="sachsen")
    other = make_network(slug="andere")
    foreign = make_event(other)

    urls = (
        f"/netzwerke/sachsen/veranstaltungen/{foreign.id}",
        "/netzwerke/sachsen/veranstaltungen/99999999999",
        "/netzwerke/unbekannt/veranstaltungen",
        f"/netzwerke/sachsen/veranstaltungen/{foreign.id}/anmelden",
    )
    for url in urls:
        assert client.get(url).status_code == 404, url
