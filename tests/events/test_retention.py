"""Guests who never confirm: the registration (name, address, answers) is deleted after the
confirmation window by `flask privacy purge`; confirmed ones and fresh ones stay."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import EventRegistration, RegistrationHistory, RegistrationState, utcnow
from tests.events.test_registration import guest_form, registration_of


def _age(email: str, days: float) -> None:
    registration = registration_of(email)
    registration.created_at = utcnow() - timedelta(days=days)
    db.session.commit()


def test_unconfirmed_guests_are_deleted_after_the_confirmation_window(client, runner, make_network, make_event, smtp):
    network = make_network(slug="sachsen")
    event = make_event(network, capacity=5)
    url = f"/netzwerke/sachsen/veranstaltungen/{event.id}/anmelden"
    for email in ("alt@example.org", "frisch@example.org", "bestaetigt@example.org"):
        assert client.post(url, data=guest_form(email=email)).status_code == 302
    (mail,) = smtp.to("alt@example.org")
    assert "Der Link ist 7 Tage gültig" in mail.get_body(("plain",)).get_content()
    client.get(smtp.last_link("bestaetigt@example.org", "/bestaetigen"))
    assert registration_of("bestaetigt@example.org").state is RegistrationState.REGISTERED
    _age("alt@example.org", 7.01)
    _age("frisch@example.org", 6.9)
    _age("bestaetigt@example.org", 30)
    old_id = registration_of("alt@example.org").id

    output = runner.invoke(args=["privacy", "purge"]).output

    assert "Unbestätigte Anmeldungen zu Veranstaltungen gelöscht: 1." in output
    db.session.expire_all()
    emails = set(db.session.scalars(sa.select(EventRegistration.email)))
    assert emails == {"frisch@example.org", "bestaetigt@example.org"}
    history = db.session.scalar(
        sa.select(sa.func.count()).select_from(RegistrationHistory).where(RegistrationHistory.registration_id == old_id)
    )
    assert history == 0
    # The old link now says it is not valid (404), it does not register anyone.
    assert client.get(smtp.last_link("alt@example.org", "/bestaetigen")).status_code == 404
