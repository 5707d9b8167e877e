"""Public pages: network list, network page, 404, legal pages, language switch."""

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import Event


def test_index_lists_networks_with_join_link_only_when_open(client, make_network):
    make_network(name="Offenes Netz", slug="offen", accepts_persons=True, accepts_organisations=True)
    make_network(name="Geschlossenes Netz", slug="zu", applications_open=False)

    page = client.get("/").get_data(as_text=True)

    assert "Offenes Netz" in page and "Geschlossenes Netz" in page
    assert "Einzelpersonen, Organisationen und Initiativen" in page
    assert 'href="/netzwerke/offen/mitglied-werden"' in page
    assert 'href="/netzwerke/zu/mitglied-werden"' not in page
    assert "Zurzeit keine Aufnahme neuer Mitglieder" in page


def test_network_page_shows_description_conditions_themenkreise_and_upcoming_events(client, make_network):
    network = make_network(
        slug="allianz",
        description="Wir **vernetzen** Menschen.",
        conditions="Eine Mitgliedschaft pro Organisation.",
        themenkreise=("Transparenz", "Qualität"),
    )
    now = datetime.now(UTC)
    db.session.add_all(
        [
            Event(
                network=network,
                title="Jahrestagung",
                place="Berlin",
                starts_at=now + timedelta(days=30),
                ends_at=now + timedelta(days=30, hours=5),
            ),
            Event(
                network=network,
                title="Altes Treffen",
                place="Bonn",
                starts_at=now - timedelta(days=30),
                ends_at=now - timedelta(days=30) + timedelta(hours=2),
            ),
        ]
    )
    db.session.commit()

    page = client.get("/netzwerke/allianz/").get_data(as_text=True)

    assert "<strong>vernetzen</strong>" in page
    assert "Eine Mitgliedschaft pro Organisation." in page
    assert "Transparenz" in page and "Qualität" in page
    assert "Kommende Veranstaltungen" in page
    assert "Jahrestagung" in page
    assert "Altes Treffen" not in page


def test_event_times_are_shown_in_berlin_time_german_format(client, make_network):
    network = make_network(slug="zeit")
    # 09:00 UTC on 14 Feb 2030 is 10:00 in Berlin (CET).
    db.session.add(
        Event(
            network=network,
            title="Treffen",
            starts_at=datetime(2030, 2, 14, 9, 0, tzinfo=UTC),
            ends_at=datetime(2030, 2, 14, 14, 0, tzinfo=UTC),
        )
    )
    db.session.commit()

    page = client.get("/netzwerke/zeit/").get_data(as_text=True)

    assert "14.02.2030, 10:00 Uhr" in page
    assert "15:00 Uhr" in page


def test_markdown_in_descriptions_cannot_inject_html(client, make_network):
    make_network(slug="xss", description="<script>alert(1)</script> [x](javascript:alert(1))")

    page = client.get("/netzwerke/xss/").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_unknown_network_gives_friendly_404(client):
    response = client.get("/netzwerke/gibt-es-nicht/")

    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Seite nicht gefunden" in page
    assert 'href="/"' in page


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/impressum", "Impressum"),
        ("/datenschutz", "Datenschutzerklärung"),
        ("/barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages_exist_and_are_linked_in_footer(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert heading in response.get_data(as_text=True)
    assert f'href="{path}"' in client.get("/").get_data(as_text=True)


def test_operator_texts_come_from_configuration(app, client):
    app.config["IMPRESSUM_TEXT"] = "Betrieben von der **Stadt Musterstadt**."
    assert "<strong>Stadt Musterstadt</strong>" in client.get("/impressum").get_data(as_text=True)


def test_base_layout_has_lang_skip_link_and_no_external_assets(client):
    page = client.get("/").get_data(as_text=True)

    assert '<html lang="de">' in page
    assert 'href="#inhalt"' in page and 'id="inhalt"' in page
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]


def test_language_switch_to_english_and_back(client):
    response = client.get("/sprache/en?next=/impressum", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/impressum"
    assert '<html lang="en">' in page

    page = client.get("/sprache/de?next=/", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_language_switch_ignores_external_next(client):
    response = client.get("/sprache/en?next=https://evil.example/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_kern_assets_are_served_by_the_app(client):
    response = client.get("/assets/kern/kern.min.css")
    assert response.status_code == 200
    assert b".kern-btn" in response.data


def test_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


# --------------------------------------------------------------------------- #12 item 16


def test_network_page_shows_the_contact_address_and_website(client, make_network):
    make_network(slug="netz", contact_email="kontakt@netz.example", website="https://www.netz.example")
    page = client.get("/netzwerke/netz/").get_data(as_text=True)
    assert 'href="mailto:kontakt@netz.example"' in page
    assert 'href="https://www.netz.example"' in page


def test_a_full_network_says_so_on_its_page_and_offers_to_wait(client, make_network, make_member):
    network = make_network(
        slug="netz", capacity=1, programme_period="Programmjahr 2026", contact_email="kontakt@netz.example"
    )
    make_member(network)
    page = client.get("/netzwerke/netz/").get_data(as_text=True)
    assert "Für das Programmjahr 2026 sind alle 1 Plätze vergeben." in page
    assert "merkt Sie vor" in page and "mailto:kontakt@netz.example?subject=" in page
    assert 'href="/netzwerke/netz/mitglied-werden"' not in page  # no button that only then says "full"


def test_a_network_with_free_places_still_offers_to_join(client, make_network, make_member):
    network = make_network(slug="netz", capacity=2)
    make_member(network)
    page = client.get("/netzwerke/netz/").get_data(as_text=True)
    assert 'href="/netzwerke/netz/mitglied-werden"' in page and "Plätze des Netzwerks sind vergeben" not in page
