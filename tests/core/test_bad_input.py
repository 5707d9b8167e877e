"""Bad input is answered, never a 500: ids out of range, NUL bytes, broken URLs, odd dates,
CR/LF in logged URLs, and a database outage (503 with Retry-After)."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from werkzeug.routing.converters import AnyConverter

from app import create_app
from app.core.converters import MAX_ID, BoundedIntConverter, SafePathConverter, TextConverter
from app.extensions import db
from config import TestConfig
from forms.validators import normalise_website
from tests.conftest import IsolatedClient, free_port
from tests.review_support import make_application


@pytest.fixture
def network(make_network):
    return make_network(slug="netz", name="Netzwerk Bürgerhaushalt", directory_enabled=True)


def test_every_route_uses_the_bounded_converters(app: Flask):
    """Registered app-wide: every `<int:…>` of every blueprint, today's and tomorrow's, is bounded."""
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if rule.endpoint == "static":
                continue
            assert isinstance(converter, BoundedIntConverter | TextConverter | SafePathConverter | AnyConverter), (
                rule.rule,
                name,
            )
            if isinstance(converter, BoundedIntConverter):
                assert converter.max is not None and converter.max <= MAX_ID  # e.g. <int(min=1, max=4):step>


@pytest.mark.parametrize("number", [str(MAX_ID + 1), "4294967296", "9223372036854775808", "9" * 40])
def test_ids_beyond_the_integer_range_are_404(client, login_as, make_account, network, number):
    coordinator = make_account(email="k@example.org", coordinates=[network], admin=True)
    login_as(coordinator)
    for path in (
        f"/koordination/netz/antraege/{number}",
        f"/koordination/netz/mitglieder/{number}",
        f"/netzwerke/netz/verzeichnis/{number}",
        f"/netzwerke/netz/mitglied-werden/schritt/{number}",
        f"/verwaltung/netzwerke/netz/themenkreise/{number}",
        f"/verwaltung/netzwerke/netz/veranstaltungen/{number}",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/koordination/netz/antraege/{number}/annehmen").status_code == 404
    assert client.get(f"/koordination/netz/antraege/{MAX_ID}").status_code == 404  # the largest id: looked up


@pytest.mark.parametrize(
    "path",
    [
        "/netzwerke/a%00b/",
        "/netzwerke/%00/verzeichnis",
        "/antrag/status/ab%00cd",
        "/einladung/%00",
        "/assets/kern/a%00b.css",
        "/sprache/d%00e",
        "/static/a%00b.css",
    ],
)
def test_nul_bytes_in_path_values_are_404(client, network, path):
    assert client.get(path).status_code in (400, 404)


def test_nul_bytes_in_a_coordinator_path_are_404(client, login_as, make_account, network):
    login_as(make_account(email="k@example.org", coordinates=[network]))
    assert client.get("/koordination/ne%00tz/antraege").status_code == 404


@pytest.mark.parametrize(
    "value",
    [
        "http://[",
        "https://[::1",
        "http://x:99999",
        "http://beispiel.de:-1",
        "http://]",
        "javascript:alert(1)",
        "http://",
        "https://.",
        "http://a b.de",
        "\x7f",
        "ftp://beispiel.de",
    ],
)
def test_website_validator_never_raises(value):
    assert normalise_website(value) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("www.beispiel.de", "https://www.beispiel.de"),
        ("http://beispiel.de/pfad?x=1", "http://beispiel.de/pfad?x=1"),
        ("HTTPS://Beispiel.de", "https://Beispiel.de"),
    ],
)
def test_website_validator_completes_addresses(value, expected):
    assert normalise_website(value) == expected


def test_admin_network_website_http_bracket_is_a_message(client, login_as, make_account, network):
    login_as(make_account(email="admin@example.org", admin=True))
    page = client.get("/verwaltung/netzwerke/netz/bearbeiten")
    assert page.status_code == 200
    response = client.post("/verwaltung/netzwerke/netz/bearbeiten", data={"name": "Netz", "website": "http://["})
    assert response.status_code == 200
    assert "gültige Adresse" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "date_from=9999-12-31",
        "date_to=9999-12-31",
        "date_from=0001-01-01",
        "date_to=0001-01-01",
        "date_from=0001-01-01&date_to=9999-12-31",
        "themenkreis=99999999999999999999",
        "page=99999999999999999999",
    ],
)
def test_queue_filters_at_the_edges_of_the_calendar(client, login_as, make_account, network, query):
    make_application(network)
    login_as(make_account(email="k@example.org", coordinates=[network]))
    assert client.get(f"/koordination/netz/antraege?{query}").status_code == 200
    assert client.post(f"/koordination/netz/export/antraege?{query}").status_code in (200, 302)


def test_bulk_form_with_ids_beyond_the_integer_range(client, login_as, make_account, network):
    application, _ = make_application(network)
    login_as(make_account(email="k@example.org", coordinates=[network]))
    response = client.post(
        "/koordination/netz/antraege/sammelaktion",
        data={
            "application_ids": [str(application.id), str(MAX_ID + 1), "9" * 30],
            "action": "take",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200


def test_a_url_with_cr_lf_cannot_forge_a_log_line(app, caplog):
    @app.get("/kaputt/<path:rest>")
    def broken(rest):
        raise RuntimeError("kaputt")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: logged, then the 500 page
    client = app.test_client()
    with caplog.at_level(logging.INFO):
        response = client.get("/kaputt/x%0D%0AINFO%20gef%C3%A4lscht%20admin%20login%0Aok")
    assert response.status_code == 500
    messages = [record.getMessage() for record in caplog.records]
    assert any("kaputt" in message for message in messages)
    for message in messages:
        assert "\n" not in message and "\r" not in message
    assert not any(line.startswith("INFO gefälscht") for line in caplog.text.splitlines())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_database_outage_answers_503_with_retry_after(kind, tmp_path):
    url = (
        f"sqlite:///{tmp_path}/fehlt/ordner/db.sqlite3"
        if kind == "sqlite"
        else f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/weg?connect_timeout=2"
    )
    outage = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    outage.test_client_class = IsolatedClient
    with outage.app_context():
        client = outage.test_client()
        for path in ("/", "/netzwerke/netz/", "/anmelden"):
            response = (
                client.get(path)
                if path != "/anmelden"
                else client.post(path, data={"email": "a@example.org", "password": "x"})
            )
            assert response.status_code == 503, path
            assert response.headers["Retry-After"].isdigit()
            assert "nicht erreichbar" in response.get_data(as_text=True)
        db.engine.dispose()
