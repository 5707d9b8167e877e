"""Changing the e-mail address: confirmed by a link to the new address."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from app.extensions import db
from app.models import Account, LoginSession, utcnow
from tests.conftest import TEST_PASSWORD, IsolatedClient, login


@pytest.fixture
def account(make_account):
    return make_account(email="alt@example.org", first_name="Jana", last_name="Müller")


def request_change(client, new_email="neu@example.org", password=TEST_PASSWORD):
    return client.post("/mein-bereich/email", data={"email": new_email, "password": password}, follow_redirects=True)


def test_change_is_confirmed_by_a_link_to_the_new_address(client, login_as, account, smtp):
    login_as(account)
    page = request_change(client, "Neu@Example.org").get_data(as_text=True)
    assert "Wir haben einen Bestätigungslink an neu@example.org geschickt" in page
    assert db.session.get(Account, account.id).email == "alt@example.org"  # not yet
    assert smtp.to("alt@example.org") == []
    link = smtp.last_link("neu@example.org", contains="/mein-bereich/email/bestaetigen/")
    path = urlsplit(link).path

    # Opening the link only shows a button (mail scanners must not change the address).
    page = client.get(path).get_data(as_text=True)
    assert "neu@example.org" in page
    assert db.session.get(Account, account.id).email == "alt@example.org"

    response = client.post(path, follow_redirects=True)
    assert "Ihre neue E-Mail-Adresse ist bestätigt." in response.get_data(as_text=True)
    assert db.session.get(Account, account.id).email == "neu@example.org"
    notice = smtp.to("alt@example.org")
    assert len(notice) == 1 and "wurde soeben geändert" in smtp.text(notice[0])
    # The link works once; the new address logs in, the old one no longer does.
    assert client.get(path).status_code == 404
    client.post("/abmelden")
    assert login(client, "neu@example.org").status_code == 200
    assert "Meine Netzwerke" in client.get("/mein-bereich/").get_data(as_text=True)


def test_the_link_works_without_being_logged_in_and_ends_other_sessions(client, app, login_as, account, smtp):
    login_as(account)
    request_change(client)
    path = urlsplit(smtp.last_link("neu@example.org", contains="/bestaetigen/")).path
    app.test_client_class = IsolatedClient
    mail_browser = app.test_client()
    response = mail_browser.post(path, follow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden")
    assert db.session.get(Account, account.id).email == "neu@example.org"
    count = db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession))
    assert count == 0
    assert client.get("/mein-bereich/").status_code == 302  # the old browser is logged out


def test_wrong_password_and_same_address_are_refused(client, login_as, account, smtp):
    login_as(account)
    page = request_change(client, password="falsch").get_data(as_text=True)
    assert "Das Passwort ist nicht richtig." in page and 'value="neu@example.org"' in page
    page = request_change(client, "alt@example.org").get_data(as_text=True)
    assert "Das ist bereits Ihre E-Mail-Adresse." in page
    page = request_change(client, "kein-at-zeichen").get_data(as_text=True)
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in page
    assert smtp.messages == []


def test_an_address_taken_meanwhile_is_refused_at_confirmation(client, login_as, account, make_account, smtp):
    login_as(account)
    request_change(client)
    path = urlsplit(smtp.last_link("neu@example.org", contains="/bestaetigen/")).path
    make_account(email="neu@example.org")
    page = client.post(path).get_data(as_text=True)
    assert "gehört bereits zu einem anderen Konto" in page
    assert db.session.get(Account, account.id).email == "alt@example.org"


def test_only_the_newest_link_is_valid_and_links_expire(client, login_as, account, smtp):
    login_as(account)
    request_change(client, "erst@example.org")
    first = urlsplit(smtp.last_link("erst@example.org", contains="/bestaetigen/")).path
    request_change(client, "zweit@example.org")
    second = urlsplit(smtp.last_link("zweit@example.org", contains="/bestaetigen/")).path
    assert client.get(first).status_code == 404
    with freeze_time(utcnow() + timedelta(hours=49)):
        assert client.get(second).status_code == 404
        assert client.post(second).status_code == 404
    assert db.session.get(Account, account.id).email == "alt@example.org"


def test_unknown_link_is_404(client):
    response = client.get("/mein-bereich/email/bestaetigen/unbekannt")
    assert response.status_code == 404
    assert "Link nicht mehr gültig" in response.get_data(as_text=True)
