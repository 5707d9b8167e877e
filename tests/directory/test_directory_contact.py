"""Contact form for members whose e-mail address is hidden: the message arrives, the address stays hidden."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db, limiter
from app.models import OutboxMessage, Visibility
from config import TestConfig
from tests.conftest import IsolatedClient, login

MESSAGE = "Guten Tag, ich plane einen Bürgerrat und würde mich gern austauschen."


@pytest.fixture
def network(make_network):
    return make_network(slug="allianz", name="Allianz")


@pytest.fixture
def hidden(network, make_member):
    return make_member(
        network,
        first_name="Hanna",
        last_name="Verborgen",
        email="hanna.geheim@example.org",
        email_visibility=Visibility.NOBODY,
    )


@pytest.fixture
def sender(network, make_member):
    return make_member(network, first_name="Sam", last_name="Sender", email="sam@example.org", listed=False).account


def test_message_reaches_the_member_without_revealing_the_address(client, login_as, hidden, sender, smtp):
    login_as(sender)
    page = client.get(f"/netzwerke/allianz/verzeichnis/{hidden.id}").get_data(as_text=True)
    assert "Nachricht senden" in page and "hanna.geheim" not in page
    response = client.post(
        f"/netzwerke/allianz/verzeichnis/{hidden.id}/nachricht", data={"message": MESSAGE}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Ihre Nachricht wurde gesendet." in page and "hanna.geheim" not in page
    received = smtp.to("hanna.geheim@example.org")
    assert len(received) == 1
    text = smtp.text(received[0])
    assert MESSAGE in text and "Sam Sender" in text and "sam@example.org" in text
    assert "Allianz" in received[0]["Subject"]


def test_empty_or_too_long_messages_are_explained_and_kept(client, login_as, hidden, sender, smtp):
    login_as(sender)
    page = client.post(f"/netzwerke/allianz/verzeichnis/{hidden.id}/nachricht", data={"message": "kurz"}).get_data(
        as_text=True
    )
    assert "Bitte schreiben Sie zwischen 10 und 2000 Zeichen." in page and "kurz</textarea>" in page
    page = client.post(f"/netzwerke/allianz/verzeichnis/{hidden.id}/nachricht", data={"message": ""}).get_data(
        as_text=True
    )
    assert "Bitte schreiben Sie eine Nachricht." in page
    assert smtp.messages == []


def test_no_contact_form_when_the_address_is_shown(client, login_as, network, make_member, sender):
    visible = make_member(network, email="offen@example.org")
    login_as(sender)
    page = client.get(f"/netzwerke/allianz/verzeichnis/{visible.id}").get_data(as_text=True)
    assert "mailto:offen@example.org" in page and "Nachricht senden" not in page
    response = client.post(f"/netzwerke/allianz/verzeichnis/{visible.id}/nachricht", data={"message": MESSAGE})
    assert response.status_code == 404


def test_unlisted_or_foreign_members_cannot_be_contacted(
    client, login_as, network, make_network, make_member, sender, smtp
):
    unlisted = make_member(network, listed=False, email_visibility=Visibility.NOBODY)
    foreign = make_member(make_network(slug="fremd"), email_visibility=Visibility.NOBODY)
    login_as(sender)
    for membership in (unlisted, foreign):
        response = client.post(f"/netzwerke/allianz/verzeichnis/{membership.id}/nachricht", data={"message": MESSAGE})
        assert response.status_code == 404
    assert smtp.messages == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_contact_is_rate_limited(backend, tmp_path_factory, smtp_server, make_network, make_member):
    from tests.conftest import database_url

    app = create_app(
        TestConfig,
        RATELIMIT_ENABLED=True,
        SQLALCHEMY_DATABASE_URI=database_url(backend, tmp_path_factory),
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=smtp_server.port,
    )
    with app.app_context():
        limiter.reset()
        network = make_network(slug="allianz")
        hidden = make_member(network, email_visibility=Visibility.NOBODY)
        sender = make_member(network).account
        app.test_client_class = IsolatedClient
        client = app.test_client()
        login(client, sender.email)
        codes = [
            client.post(f"/netzwerke/allianz/verzeichnis/{hidden.id}/nachricht", data={"message": MESSAGE}).status_code
            for _ in range(6)
        ]
        assert codes == [302] * 5 + [429]
        limiter.reset()
        db.session.remove()
