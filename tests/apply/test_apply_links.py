"""Links from mails: single-use confirmation, expiry, "Link erneut senden", status links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from app.extensions import db
from app.models import Application, ApplicationState, Token
from tests.apply_support import ALLIANZ, PERSON, application_of, apply_as_person, network, page

S = ApplicationState
CONFIRM = "/antrag/bestaetigen/"
STATUS = "/antrag/status/"
RESEND = "/antrag/link-erneut-senden"
# The SMTP test server runs an asyncio loop in a thread: it keeps the real clock.
REAL_CLOCK = ["asyncio", "aiosmtpd"]


@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0


def resend(client, email: str):
    response = client.post(RESEND, data={"email": email})
    response.close()  # resent links go out once the response is delivered
    return response


def test_confirmation_link_works_exactly_once(client, demo, smtp, make_account):
    coordinator = make_account("koordination@allianz.example", coordinates=[network(ALLIANZ)])
    apply_as_person(client)
    link = smtp.last_link(PERSON["email"], contains=CONFIRM)

    assert client.post(link).status_code == 302
    again = client.get(link)

    assert again.status_code == 200
    text = page(again)
    assert "Dieser Link wurde bereits verwendet" in text and "Link erneut senden" in text
    assert application_of(PERSON["email"]).state is S.RECEIVED
    assert len(smtp.to(PERSON["email"])) == 2  # confirmation and one receipt
    assert len(smtp.to(coordinator.email)) == 1


def test_the_token_is_random_and_only_its_hash_is_stored(client, demo, smtp):
    apply_as_person(client)
    token = smtp.last_link(PERSON["email"], contains=CONFIRM).rsplit("/", 1)[1]
    assert len(token) >= 32  # 256 random bits, URL-safe
    row = db.session.scalar(sa.select(Token))
    assert token not in row.token_hash and len(row.token_hash) == 64
    application = application_of(PERSON["email"])
    assert round((row.expires_at - row.created_at) / timedelta(days=1)) == 7
    assert application.submission_token != token


def test_expired_link_offers_a_new_one(client, demo, smtp):
    apply_as_person(client)
    link = smtp.last_link(PERSON["email"], contains=CONFIRM)

    with freeze_time(datetime.now(UTC) + timedelta(days=8), ignore=REAL_CLOCK):
        response = client.get(link)
    assert response.status_code == 410
    text = page(response)
    assert "Dieser Link ist abgelaufen" in text
    assert f'href="{RESEND}"' in text and "Link erneut senden" in text
    assert application_of(PERSON["email"]).state is S.UNCONFIRMED

    form = page(client.get(RESEND))
    assert 'autocomplete="email"' in form
    response = resend(client, "  ZOE@example.org ")
    assert response.status_code == 302
    assert "Wenn zu dieser Adresse ein offener Antrag vorliegt" in page(client.get(response.location))

    new_link = smtp.last_link(PERSON["email"], contains=CONFIRM)
    assert new_link != link
    assert client.post(new_link).status_code == 302
    assert application_of(PERSON["email"]).state is S.RECEIVED
    assert "bereits verwendet" in page(client.get(link))  # the old link now says: done already


def test_resend_gives_the_same_answer_for_unknown_addresses(client, demo, smtp):
    apply_as_person(client)
    smtp.clear()

    known = resend(client, PERSON["email"])
    unknown = resend(client, "niemand@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    assert page(client.get(known.location)) == page(client.get(unknown.location))
    assert len(smtp.to(PERSON["email"])) == 1
    assert smtp.to("niemand@example.org") == []


def test_resend_checks_the_address_and_keeps_the_input(client):
    response = client.post(RESEND, data={"email": "kein-at-zeichen"})
    assert response.status_code == 200
    text = page(response)
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in text
    assert 'value="kein-at-zeichen"' in text and 'aria-invalid="true"' in text


def test_resend_after_confirmation_sends_a_fresh_status_link(client, demo, smtp):
    apply_as_person(client)
    old_status = client.post(smtp.last_link(PERSON["email"], contains=CONFIRM)).location
    assert client.get(old_status).status_code == 200

    resend(client, PERSON["email"])

    message = smtp.to(PERSON["email"])[-1]
    assert "Link zu Ihrem Mitgliedsantrag" in str(message["Subject"])
    new_status = smtp.last_link(PERSON["email"], contains=STATUS)
    assert client.get(new_status).status_code == 200
    old = client.get(old_status)
    assert old.status_code == 404 and "Link erneut senden" in page(old)


def test_closed_applications_get_no_links(client, demo, smtp):
    apply_as_person(client)
    db.session.execute(sa.update(Application).values(state=S.REJECTED))
    db.session.commit()
    smtp.clear()

    resend(client, PERSON["email"])

    assert smtp.to(PERSON["email"]) == []


def test_no_new_confirmation_link_once_the_application_is_due_for_deletion(client, demo, smtp):
    apply_as_person(client)
    smtp.clear()

    with freeze_time(datetime.now(UTC) + timedelta(days=8), ignore=REAL_CLOCK):
        response = resend(client, PERSON["email"])

    assert response.status_code == 302  # the usual answer ...
    assert smtp.messages == []  # ... but a link to an application about to be purged would be useless


def test_resent_link_is_valid_as_long_as_the_application_is_kept(client, demo, smtp):
    apply_as_person(client)
    with freeze_time(datetime.now(UTC) + timedelta(days=5), ignore=REAL_CLOCK):
        resend(client, PERSON["email"])
    tokens = list(db.session.scalars(sa.select(Token).order_by(Token.id)))
    assert len(tokens) == 2
    assert abs(tokens[1].expires_at - tokens[0].expires_at) < timedelta(minutes=1)
    assert "Der Link gilt bis zum" in smtp.text(smtp.to(PERSON["email"])[-1])
