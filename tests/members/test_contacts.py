"""Organisation and municipality members with several contact persons (issue #16): invite, accept,
hand over the main role, the last-contact rule, the directory, one membership per organisation."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa

from app.extensions import db
from app.models import ApplicantKind, ApplicationState, Membership, MembershipContact, Visibility
from tests.conftest import TEST_PASSWORD, html, login
from tests.members.conftest import deliver
from tests.review_support import make_application

NEW_PASSWORD = "Kommune-Beteiligung-2026"


def page_of(membership: Membership) -> str:
    return f"/mitgliedschaften/{membership.id}/ansprechpersonen"


def invite_and_accept(app, client, smtp, membership, email="zweite@jena.example", last_name="Zweite"):
    """The main contact (logged in on `client`) invites; the invited person accepts in their own browser."""
    response = client.post(
        page_of(membership) + "/einladen", data={"first_name": "Zora", "last_name": last_name, "email": email}
    )
    assert response.status_code == 302
    deliver()
    link = smtp.last_link(email, contains="/ansprechperson/einladung/")
    guest = app.test_client()
    path = urlsplit(link).path
    assert "Ansprechperson werden" in guest.get(path).get_data(as_text=True)
    accepted = guest.post(
        path, data={"confirm": "y", "listed": "y", "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}
    )
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/anmelden")
    return db.session.scalar(
        sa.select(MembershipContact)
        .where(MembershipContact.membership_id == membership.id, MembershipContact.account_id.is_not(None))
        .order_by(MembershipContact.id.desc())
    )


def test_main_contact_invites_hands_over_and_the_last_contact_cannot_leave(app, client, smtp, jena, login_as):
    login_as(jena.account)
    row = invite_and_accept(app, client, smtp, jena)
    assert row.account.email == "zweite@jena.example" and row.account.first_name == "Zora"
    roles = [tr.select("td")[1].get_text(strip=True) for tr in html(client.get(page_of(jena))).select("tbody tr")]
    assert roles[0] == "Hauptansprechperson" and roles[1].startswith("Ansprechperson seit")

    # Leaving as main contact needs a successor.
    refused = client.post(page_of(jena) + "/verlassen", data={"leave-successor": ""})
    assert refused.status_code == 422
    assert "Bitte wählen Sie, wer Hauptansprechperson wird" in refused.get_data(as_text=True)

    # Hand over: the membership now belongs to the second contact; the first stays a contact.
    assert client.post(page_of(jena) + "/uebergeben", data={"successor": str(row.id)}).status_code == 302
    membership = db.session.get(Membership, jena.id)
    assert membership.account.email == "zweite@jena.example" and membership.ended_at is None
    deliver()
    assert smtp.to("haupt@jena.example") and smtp.to("zweite@jena.example")
    assert "Zora Zweite ist jetzt Hauptansprechperson" in smtp.text(smtp.to("haupt@jena.example")[-1])

    # The former main contact leaves: their account stays, the membership stays with the organisation.
    assert client.post(page_of(jena) + "/verlassen", data={}).status_code == 302
    assert db.session.get(Membership, jena.id).ended_at is None
    assert client.get(page_of(jena)).status_code == 404
    assert client.get("/mein-bereich/organisationen").status_code == 200

    # The new main contact is now the last one: leaving is refused with a clear message.
    second = app.test_client()
    login(second, "zweite@jena.example", NEW_PASSWORD)
    last = second.post(page_of(jena) + "/verlassen", data={})
    assert last.status_code == 422
    assert "Sie sind die einzige Ansprechperson" in last.get_data(as_text=True)
    assert db.session.get(Membership, jena.id).ended_at is None


def test_contact_sees_my_organisations_and_the_directory(app, client, smtp, jena, kommunen, make_member, login_as):
    other = make_member(kommunen, kind=ApplicantKind.MUNICIPALITY, organisation="Stadt Gera", email="gera@example.org")
    login_as(jena.account)
    invite_and_accept(app, client, smtp, jena)
    contact = app.test_client()
    login(contact, "zweite@jena.example", NEW_PASSWORD)
    mine = html(contact.get("/mein-bereich/organisationen"))
    assert "Stadt Jena" in mine.get_text() and "Ansprechperson" in mine.get_text()
    overview = html(contact.get("/mein-bereich/")).select_one("#ansprechperson").find_parent("section")
    assert "Stadt Jena" in overview.get_text() and kommunen.name in overview.get_text()
    assert contact.get(f"/netzwerke/{kommunen.slug}/verzeichnis").status_code == 200
    # On the organisation's directory page the listed contact appears, with their own visibility choices.
    profile = html(contact.get(f"/netzwerke/{kommunen.slug}/verzeichnis/{jena.id}")).get_text()
    assert "Weitere Ansprechpersonen" in profile and "Zora Zweite" in profile and "zweite@jena.example" in profile
    row = db.session.scalar(sa.select(MembershipContact).where(MembershipContact.account_id.is_not(None)))
    row.account.email_visibility = Visibility.NOBODY
    db.session.commit()
    profile = html(contact.get(f"/netzwerke/{kommunen.slug}/verzeichnis/{jena.id}")).get_text()
    assert "Zora Zweite" in profile and "zweite@jena.example" not in profile
    # A contact only manages what the main contact may: no invitation form, and another member is a 404.
    invite = contact.post(page_of(jena) + "/einladen", data={"last_name": "X", "email": "x@example.org"})
    assert invite.status_code == 404
    assert contact.get(page_of(other)).status_code == 404


def test_invitation_errors_show_at_the_field(client, jena, login_as):
    login_as(jena.account)
    response = client.post(page_of(jena) + "/einladen", data={"last_name": "Haupt", "email": "haupt@jena.example"})
    assert response.status_code == 422
    error = html(response).select_one("#email-error")
    assert error is not None and "bereits Ansprechperson" in error.get_text()
    assert client.post(page_of(jena) + "/einladen", data={"last_name": "", "email": "kaputt"}).status_code == 422


def test_coordinator_manages_contacts_and_hands_over(app, client, smtp, jena, kommunen, make_account, login_as):
    login_as(jena.account)
    row = invite_and_accept(app, client, smtp, jena)
    coordinator = make_account(email="koordination@kommunen.example", coordinates=[kommunen])
    coord = app.test_client()
    login(coord, coordinator.email, TEST_PASSWORD)
    assert "Ansprechpersonen verwalten" in coord.get(f"/koordination/{kommunen.slug}/mitglieder/{jena.id}").get_data(
        as_text=True
    )
    assert coord.post(page_of(jena) + "/uebergeben", data={"successor": str(row.id)}).status_code == 302
    assert db.session.get(Membership, jena.id).account.email == "zweite@jena.example"


def test_one_membership_per_organisation_counts_every_contact(
    app, client, smtp, jena, kommunen, make_account, login_as
):
    """A further contact of Stadt Jena applies again: a hint, and no second membership."""
    login_as(jena.account)
    invite_and_accept(app, client, smtp, jena)
    application, _ = make_application(
        kommunen, ApplicationState.IN_REVIEW, kind=ApplicantKind.MUNICIPALITY, email="zweite@jena.example",
        institution="Stadt Jena",
    )  # fmt: skip
    coordinator = make_account(email="koordination@kommunen.example", coordinates=[kommunen])
    coord = app.test_client()
    login(coord, coordinator.email, TEST_PASSWORD)
    detail = coord.get(f"/koordination/{kommunen.slug}/antraege/{application.id}").get_data(as_text=True)
    assert "Diese E-Mail-Adresse gehört bereits einem Mitglied" in detail
    response = coord.post(
        f"/koordination/{kommunen.slug}/antraege/{application.id}/annehmen",
        data={"approve-version": str(application.version)},
    )
    text = response.get_data(as_text=True) if response.status_code != 302 else coord.get(
        response.headers["Location"]
    ).get_data(as_text=True)  # fmt: skip
    assert "Es gibt nur eine Mitgliedschaft pro Organisation" in text
    active = db.session.scalars(
        sa.select(Membership).where(Membership.network_id == kommunen.id, Membership.ended_at.is_(None))
    ).all()
    assert len(active) == 1


def test_expired_or_unknown_invitation_link_is_404(client):
    assert client.get("/ansprechperson/einladung/unbekannt").status_code == 404


def test_deleting_the_main_contacts_account_keeps_the_organisation_a_member(app, client, smtp, jena, login_as):
    login_as(jena.account)
    row = invite_and_accept(app, client, smtp, jena)
    successor_id = row.account_id
    response = client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert response.status_code in (200, 302)
    membership = db.session.get(Membership, jena.id)
    assert membership is not None and membership.ended_at is None and membership.account_id == successor_id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MembershipContact).where(
        MembershipContact.ended_at.is_(None), MembershipContact.account_id.is_not(None)
    )) == 0  # fmt: skip


def test_existing_account_accepts_without_password_and_can_be_removed(app, client, smtp, jena, make_account, login_as):
    make_account(email="bekannt@jena.example", first_name="Bea", last_name="Bekannt")
    login_as(jena.account)
    client.post(page_of(jena) + "/einladen", data={"last_name": "Bekannt", "email": "bekannt@jena.example"})
    deliver()
    path = urlsplit(smtp.last_link("bekannt@jena.example", contains="/ansprechperson/einladung/")).path
    guest = app.test_client()
    assert "Ihr Passwort bleibt unverändert" in guest.get(path).get_data(as_text=True)
    assert guest.post(path, data={"confirm": "y"}).status_code == 302
    row = db.session.scalar(sa.select(MembershipContact).where(MembershipContact.account_id.is_not(None)))
    assert row.account.first_name == "Bea" and not row.listed
    # The link works once.
    assert guest.get(path).status_code == 404
    # The contact chooses to be listed; the main contact removes them later.
    contact = app.test_client()
    login(contact, "bekannt@jena.example", TEST_PASSWORD)
    assert contact.post(page_of(jena) + "/verzeichnis", data={"listed": "y"}).status_code == 302
    db.session.refresh(row)
    assert row.listed
    assert client.post(page_of(jena) + f"/{row.id}/entfernen").status_code == 302
    db.session.refresh(row)
    assert row.ended_at is not None
    assert contact.get(page_of(jena)).status_code == 404
