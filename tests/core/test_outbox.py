"""Mail through the transactional outbox: SMTP down, retries, exactly once, escaping, headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from app.core.outbox import flush_committed, queue_mail
from app.extensions import db
from app.models import Application, ApplicationState, OutboxMessage, OutboxStatus
from tests.apply_support import (
    ACTIVITY,
    INSTITUTION,
    PERSON,
    application_of,
    fill_steps,
    page,
    send,
    sibling_app,
)
from tests.conftest import IsolatedClient, free_port

REAL_CLOCK = ["asyncio", "aiosmtpd"]


@pytest.fixture
def network(make_network):
    return make_network(slug="netz", name="Netzwerk Bürgerhaushalt", themenkreise=())


def apply(client, **step2):
    return send(client, "netz", fill_steps(client, "netz", PERSON, {**INSTITUTION, **step2}, ACTIVITY))


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_smtp_down_then_up_nothing_lost_sent_once(client, network, smtp, runner):
    smtp.refuse = True

    response = apply(client)

    assert response.status_code == 302
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page(client.get(response.location))
    assert application_of(PERSON["email"]).state is ApplicationState.UNCONFIRMED
    [message] = outbox()
    assert message.status is OutboxStatus.PENDING and message.attempts == 1
    assert "451" in message.last_error
    assert smtp.messages == []

    smtp.refuse = False
    result = runner.invoke(args=["outbox", "send"])
    assert "Gesendet: 0" in result.output  # not due yet: backoff
    assert smtp.messages == []

    with freeze_time(datetime.now(UTC) + timedelta(minutes=2), ignore=REAL_CLOCK):
        result = runner.invoke(args=["outbox", "send"])
        assert result.exit_code == 0 and "Gesendet: 1" in result.output
        again = runner.invoke(args=["outbox", "send"])
        assert "Gesendet: 0" in again.output
    assert len(smtp.to(PERSON["email"])) == 1
    assert outbox()[0].status is OutboxStatus.SENT

    # The delivered link works.
    client.post(smtp.last_link(PERSON["email"], contains="/antrag/bestaetigen/"))
    assert application_of(PERSON["email"]).state is ApplicationState.RECEIVED


def test_closed_smtp_port_keeps_the_mail_for_later(app, network, smtp):
    down = sibling_app(app, MAIL_PORT=free_port())
    down.test_client_class = IsolatedClient
    client = down.test_client()

    response = apply(client)

    assert response.status_code == 302
    assert application_of(PERSON["email"]) is not None
    [message] = outbox()
    assert message.status is OutboxStatus.PENDING
    assert "Connection" in message.last_error or "Errno" in message.last_error
    with down.app_context():
        db.engine.dispose()


def test_without_mail_server_development_prints_mails_to_the_console(app, network, capsys):
    console = sibling_app(app, MAIL_SERVER=None, MAIL_CONSOLE=True)
    console.test_client_class = IsolatedClient
    client = console.test_client()

    apply(client)

    printed = capsys.readouterr().out
    assert f"----- E-Mail an {PERSON['email']} -----" in printed
    assert "http://localhost/antrag/bestaetigen/" in printed
    assert outbox()[0].status is OutboxStatus.SENT
    with console.app_context():
        db.engine.dispose()


def test_mails_are_german_plain_text_plus_html(client, network, smtp):
    apply(client)
    [message] = smtp.to(PERSON["email"])
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert "Guten Tag Zoë Müller-Lüdenscheidt," in smtp.text(message)
    assert "<p>Guten Tag Zoë Müller-Lüdenscheidt,</p>" in smtp.html(message)
    assert str(message["Subject"]) == "Bitte bestätigen Sie Ihren Mitgliedsantrag: Netzwerk Bürgerhaushalt"
    assert message["Auto-Submitted"] == "auto-generated"


def test_user_values_are_escaped_in_html_mails(client, network, smtp):
    apply(client, institution="<b>Fett</b> & Co")
    client.post(smtp.last_link(PERSON["email"], contains="/antrag/bestaetigen/"))

    receipt = smtp.to(PERSON["email"])[-1]
    assert "&lt;b&gt;Fett&lt;/b&gt; &amp; Co" in smtp.html(receipt)
    assert "<b>Fett</b>" not in smtp.html(receipt)
    assert "<b>Fett</b> & Co" in smtp.text(receipt)  # plain text needs no escaping


def test_header_injection_is_impossible(client, make_network, make_account, smtp):
    evil = make_network(slug="boese", name="Netz\r\nBcc: boese@example.org", themenkreise=())
    make_account("koordination@example.org", coordinates=[evil])
    send(client, "boese", fill_steps(client, "boese", PERSON, INSTITUTION, ACTIVITY))
    client.post(smtp.last_link(PERSON["email"], contains="/antrag/bestaetigen/"))

    [notification] = smtp.to("koordination@example.org")
    assert notification["Bcc"] is None
    assert "\n" not in str(notification["Subject"])
    assert smtp.to("boese@example.org") == []

    queue_mail(
        "application_withdrawn",
        "x@example.org\r\nBcc: boese@example.org",
        "Hallo\nBcc: boese@example.org",
        application=db.session.scalar(sa.select(Application)),
        network=evil,
    )
    db.session.commit()
    flush_committed()
    assert smtp.to("boese@example.org") == []
    assert all(message["Bcc"] is None for message in smtp.messages)


def test_nothing_is_queued_when_the_submission_fails(client, network, smtp):
    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY)
    send(client, "netz", step4, {"consent_privacy": None})
    assert outbox() == [] and smtp.messages == []


@pytest.mark.parametrize("locale", ["de", "en"])
def test_the_html_part_is_marked_with_the_language_of_the_mail(app, make_account, locale):
    """Screen readers pronounce a mail by its <html lang>; it follows the mail's language (#9)."""
    account = make_account(email="sprache@example.org")
    message = queue_mail(
        "password_reset", account.email, "Betreff", locale=locale, account=account, link="http://localhost/x", hours=2
    )
    assert f'<html lang="{locale}">' in message.body_html
