"""Private pages are never cached; HSTS over HTTPS; the password policy refuses public guesses."""

from __future__ import annotations

import pytest

from app.auth.passwords import password_problem
from app.models import ApplicationState
from tests.conftest import TEST_PASSWORD, login
from tests.review_support import make_application

PRIVATE = [
    "/mein-bereich/",
    "/mein-bereich/profil",
    "/mein-bereich/daten",
    "/netzwerke/allianz/verzeichnis",
    "/netzwerke/allianz/verzeichnis/{membership}",
    "/koordination/",
    "/koordination/allianz/antraege",
    "/koordination/allianz/antraege/{application}",
    "/koordination/allianz/mitglieder",
    "/verwaltung/",
    "/verwaltung/statistik",
    "/passwort-aendern",
    "/",  # a public page, but it shows who is logged in
]
TOKEN_PAGES = [
    "/antrag/status/{status_token}",
    "/passwort-zuruecksetzen/unbekannt",
    "/einladung/unbekannt",
    "/antrag/bestaetigen/unbekannt",
]
PUBLIC = ["/", "/impressum", "/netzwerke/allianz/", "/anmelden"]


@pytest.fixture
def world(make_network, make_account, make_member):
    allianz = make_network(slug="allianz", directory_enabled=True)
    person = make_account("chefin@example.org", admin=True, coordinates=[allianz])
    membership = make_member(allianz, person)
    application, status_token = make_application(allianz, ApplicationState.RECEIVED)
    return {"membership": membership.id, "application": application.id, "status_token": status_token}


@pytest.mark.parametrize("path", PRIVATE)
def test_pages_of_a_logged_in_person_are_not_stored(client, world, path):
    login(client, "chefin@example.org")
    response = client.get(path.format(**world))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", TOKEN_PAGES)
def test_pages_behind_a_token_are_not_stored(client, world, path):
    response = client.get(path.format(**world))
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_for_visitors_may_be_cached(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_only_when_cookies_are_secure(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(
    "password",
    [
        "Demo-Teilhabe-2026",  # the README's public demo password
        "Teilhabe2026!",
        "T3ilh4be-Konto",
        "meine.teilhabe",
        "superman1",
        "desmond1",
        "bigdaddy",
        "iloveyou2",  # from the shipped breach list
    ],
)
def test_the_password_policy_refuses_public_guesses(app, password):
    assert password_problem(password, "person@example.org") is not None


def test_the_policy_still_accepts_a_long_unusual_password(app):
    assert password_problem("Runder-Tisch-im-Rathaus-7", "person@example.org") is None


def test_setting_the_demo_password_is_refused_at_the_field(client, make_account):
    account = make_account("person@example.org")
    login(client, account.email)
    page = client.post(
        "/passwort-aendern",
        data={
            "current_password": TEST_PASSWORD,
            "password": "Demo-Teilhabe-2026",
            "password_repeat": "Demo-Teilhabe-2026",
        },
    ).get_data(as_text=True)
    assert "darf den Namen dieser Anwendung" in page
