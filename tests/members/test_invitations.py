"""Invited members: not listed, not counted, one invitation and one reminder; accepting records
consent with the text version and hash, sets a password and puts them in the directory."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from app.core.consent import text_hash
from app.extensions import db
from app.models import Account, ConsentText, MemberInvitation, Membership, OutboxMessage, utcnow
from tests.conftest import TEST_PASSWORD, login
from tests.members.conftest import deliver

NEW_PASSWORD = "Netzwerk-Beteiligung-77"


def add_by_hand(client, **values):
    data = {
        "first_name": "Jürgen",
        "last_name": "Müller",
        "email": "juergen@example.org",
        "postcode": "02826",
        "city": "Görlitz",
        "country": "Deutschland",
        "kind": "person",
        "themenkreise": ["1"],
    }
    data.update(values)
    return client.post("/koordination/allianz/mitglieder/neu", data=data)


def test_invited_person_confirms_and_appears_in_the_directory(
    client, login_as, coordinator, network, smtp, make_member
):
    viewer = make_member(network, email="viewer@example.org").account
    login_as(coordinator)
    response = add_by_hand(client)
    assert response.status_code == 302
    invitation = db.session.scalars(sa.select(MemberInvitation)).one()
    # Invited: not listed, not counted, no membership.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 1
    page = client.get("/koordination/allianz/mitglieder").get_data(as_text=True)
    assert "Aktiv: 1 · Eingeladen: 1 · Beendet: 0" in page and "eingeladen" in page
    # Queued, not sent inside the request; the worker delivers it.
    assert smtp.to("juergen@example.org") == []
    deliver()
    (mail,) = smtp.to("juergen@example.org")
    assert "Allianz Vielfältige Demokratie" in mail["Subject"]
    link = smtp.last_link("juergen@example.org", "/mitgliedschaft/einladung/")
    assert link.startswith("http://localhost/")
    client.post("/abmelden")

    path = link.removeprefix("http://localhost")
    form = client.get(path).get_data(as_text=True)
    assert "Datenschutzerklärung" in form and "juergen@example.org" in form
    # Missing consent and a weak password are shown at the fields.
    refused = client.post(path, data={"confirm": "y", "password": "kurz", "password_repeat": "kurz"})
    assert "Bitte stimmen Sie der Datenschutzerklärung zu." in refused.get_data(as_text=True)
    response = client.post(
        path,
        data={"confirm": "y", "consent": "y", "listed": "y", "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD},
    )
    assert response.status_code == 302
    account = db.session.scalars(sa.select(Account).where(Account.email == "juergen@example.org")).one()
    membership = db.session.scalars(sa.select(Membership).where(Membership.account_id == account.id)).one()
    assert membership.is_active and membership.listed_in_directory
    assert [tk.name for tk in membership.themenkreise] == ["Transparenz"]
    db.session.refresh(invitation)
    consent = db.session.get(ConsentText, invitation.consent_text_id)
    assert consent.version == 1 and consent.sha256 == text_hash(consent.text)
    assert "Verwaltung meiner Mitgliedschaft" in consent.text
    assert invitation.email == ""  # the data now lives in the account only
    # The link is used up.
    assert client.get(path).status_code == 404

    assert login(client, "juergen@example.org", NEW_PASSWORD).status_code == 200
    client.post("/abmelden")
    login(client, viewer.email, TEST_PASSWORD)
    directory = client.get("/netzwerke/allianz/verzeichnis").get_data(as_text=True)
    assert "Müller" in directory


def test_existing_account_keeps_its_password(client, login_as, coordinator, make_account, smtp):
    make_account(email="juergen@example.org", first_name="Jürgen", last_name="Müller")
    login_as(coordinator)
    add_by_hand(client)
    deliver()
    client.post("/abmelden")
    path = smtp.last_link("juergen@example.org", "/mitgliedschaft/einladung/").removeprefix("http://localhost")
    page = client.get(path).get_data(as_text=True)
    assert "Ihr Passwort bleibt unverändert" in page
    assert client.post(path, data={"confirm": "y", "consent": "y"}).status_code == 302
    assert login(client, "juergen@example.org", TEST_PASSWORD).status_code == 200


def test_add_by_hand_refuses_members_and_open_invitations(client, login_as, coordinator, network, make_member):
    make_member(network, email="member@example.org")
    login_as(coordinator)
    page = add_by_hand(client, email="member@example.org").get_data(as_text=True)
    assert "member@example.org ist bereits Mitglied dieses Netzwerks." in page
    assert add_by_hand(client).status_code == 302
    assert "ist bereits eingeladen" in add_by_hand(client).get_data(as_text=True)
    assert "Bitte geben Sie eine Postleitzahl mit fünf Ziffern an" in add_by_hand(
        client, email="x@example.org", postcode="123"
    ).get_data(as_text=True)


def test_one_reminder_then_expiry_and_purge(app, client, login_as, coordinator, runner, smtp):
    login_as(coordinator)
    add_by_hand(client)
    deliver()
    first_link = smtp.last_link("juergen@example.org", "/mitgliedschaft/einladung/")
    with freeze_time(utcnow() + timedelta(days=15)):
        assert "Erinnerungen eingereiht: 1." in runner.invoke(args=["members", "remind"]).output
        assert "Erinnerungen eingereiht: 0." in runner.invoke(args=["members", "remind"]).output
        deliver()
    with freeze_time(utcnow() + timedelta(days=20)):
        assert "Erinnerungen eingereiht: 0." in runner.invoke(args=["members", "remind"]).output
    assert len(smtp.to("juergen@example.org")) == 2
    assert "Erinnerung" in smtp.to("juergen@example.org")[1]["Subject"]
    second_link = smtp.last_link("juergen@example.org", "/mitgliedschaft/einladung/")
    assert second_link != first_link
    client.post("/abmelden")
    assert client.get(first_link.removeprefix("http://localhost")).status_code == 404
    assert client.get(second_link.removeprefix("http://localhost")).status_code == 200
    with freeze_time(utcnow() + timedelta(days=31)):
        assert client.get(second_link.removeprefix("http://localhost")).status_code == 404
        result = runner.invoke(args=["privacy", "purge"])
        assert "Abgelaufene oder zurückgenommene Einladungen gelöscht: 1." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberInvitation)) == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(MemberInvitation)
            .where(MemberInvitation.email == "juergen@example.org")
        )
        == 0
    )


def test_cancelled_invitation_link_stops_working(client, login_as, coordinator, smtp):
    login_as(coordinator)
    add_by_hand(client)
    deliver()
    invitation = db.session.scalars(sa.select(MemberInvitation)).one()
    response = client.post(f"/koordination/allianz/mitglieder/einladungen/{invitation.id}/zuruecknehmen")
    assert response.status_code == 302
    client.post("/abmelden")
    link = smtp.last_link("juergen@example.org", "/mitgliedschaft/einladung/")
    assert client.get(link.removeprefix("http://localhost")).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
