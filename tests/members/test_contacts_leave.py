"""*Mitgliedschaft beenden* in the member area for organisations with several contacts (issue #16):
hand over and leave, end for everyone (confirmed), a further contact leaves only their role, the
only contact is told plainly; a confirmed e-mail change decides the domain verification."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Account,
    ApplicantKind,
    Membership,
    MembershipContact,
    Verification,
    VerificationMethod,
    VerifiedDomain,
    utcnow,
)
from tests.conftest import TEST_PASSWORD, html, login
from tests.members.conftest import deliver


@pytest.fixture
def add_contact(make_account):
    def add(membership: Membership, email: str, first_name: str = "Zora", last_name: str = "Zweite"):
        account = make_account(email=email, first_name=first_name, last_name=last_name)
        row = MembershipContact(membership_id=membership.id, account_id=account.id, since=utcnow(), listed=True)
        db.session.add(row)
        db.session.commit()
        return row

    return add


def leave_url(membership: Membership) -> str:
    return f"/mein-bereich/mitgliedschaften/{membership.id}/beenden"


def signed_in(app, email: str):
    client = app.test_client()
    assert login(client, email, TEST_PASSWORD).status_code == 200
    return client


def active_contact_emails(membership: Membership) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(Account.email)
            .join(MembershipContact, MembershipContact.account_id == Account.id)
            .where(MembershipContact.membership_id == membership.id, MembershipContact.ended_at.is_(None))
            .order_by(Account.email)
        )
    )


def test_a_further_contact_leaving_ends_only_their_own_role(app, jena, add_contact):
    row = add_contact(jena, "zweite@jena.example")
    contact = signed_in(app, "zweite@jena.example")
    overview = html(contact.get("/mein-bereich/")).select_one("#ansprechperson").find_parent("section")
    link = overview.select_one(f'a[href="{leave_url(jena)}"]')
    assert link is not None and "Als Ansprechperson austreten" in link.get_text()
    page = html(contact.get(leave_url(jena)))
    assert "endet nur Ihre Rolle als Ansprechperson" in page.get_text()
    assert page.select_one('button[name="choice"][value="contact"]') is not None
    assert page.select_one('button[value="end"]') is None  # a further contact cannot end the membership

    response = contact.post(leave_url(jena), data={"choice": "contact"}, follow_redirects=True)
    assert "Sie sind nicht mehr Ansprechperson. Ihr Konto bleibt bestehen." in response.get_data(as_text=True)
    membership = db.session.get(Membership, jena.id)
    assert membership.ended_at is None and membership.account.email == "haupt@jena.example"
    assert db.session.get(MembershipContact, row.id).ended_at is not None
    assert db.session.get(Account, row.account_id) is not None  # the account stays
    assert contact.get(leave_url(jena)).status_code == 404
    assert contact.get(f"/mitgliedschaften/{jena.id}/ansprechpersonen").status_code == 404


def test_a_further_contact_cannot_end_the_organisations_membership(app, jena, add_contact):
    add_contact(jena, "zweite@jena.example")
    contact = signed_in(app, "zweite@jena.example")
    refused = contact.post(leave_url(jena), data={"choice": "end", "for_everyone": "y"})
    assert refused.status_code == 422
    assert "Nur die Hauptansprechperson kann die Mitgliedschaft beenden." in html(refused).select_one(
        ".error-summary"
    ).get_text(" ", strip=True)
    assert db.session.get(Membership, jena.id).ended_at is None


def test_the_main_contact_hands_over_and_leaves(app, smtp, jena, add_contact):
    second = add_contact(jena, "zweite@jena.example")
    add_contact(jena, "dritte@jena.example", first_name="Dora", last_name="Dritte")
    main = signed_in(app, "haupt@jena.example")
    page = html(main.get(leave_url(jena)))
    text = page.get_text(" ", strip=True)
    assert "Rolle übergeben und austreten" in text and "Mitgliedschaft für alle beenden" in text
    assert "Alle Ansprechpersonen verlieren den Zugang" in text and "Dora Dritte" in text
    options = [option.get_text() for option in page.select("#successor option")]
    assert options == ["Bitte wählen", "Zora Zweite", "Dora Dritte"]

    # No successor chosen: a clear message at the field, nothing changes.
    refused = main.post(leave_url(jena), data={"choice": "handover", "successor": ""})
    assert refused.status_code == 422
    error = html(refused).select_one("#successor-error")
    assert error is not None and "Bitte wählen Sie, wer Hauptansprechperson wird" in error.get_text()
    refused = main.post(leave_url(jena), data={"choice": "handover", "successor": "99999999999"})
    assert refused.status_code == 422
    assert db.session.get(Membership, jena.id).account.email == "haupt@jena.example"

    response = main.post(leave_url(jena), data={"choice": "handover", "successor": str(second.id)})
    assert response.status_code == 302
    db.session.expire_all()
    membership = db.session.get(Membership, jena.id)
    assert membership.ended_at is None and membership.account.email == "zweite@jena.example"
    assert active_contact_emails(membership) == ["dritte@jena.example"]  # Hanna is no contact any more
    assert db.session.scalar(sa.select(Account.id).where(Account.email == "haupt@jena.example")) is not None
    assert "Stadt Jena" not in html(main.get("/mein-bereich/")).get_text()
    assert main.get(leave_url(jena)).status_code == 404
    deliver()
    assert "Zora Zweite ist jetzt Hauptansprechperson" in smtp.text(smtp.to("haupt@jena.example")[-1])


def test_ending_for_everyone_needs_an_explicit_confirmation(app, jena, add_contact):
    add_contact(jena, "zweite@jena.example")
    main = signed_in(app, "haupt@jena.example")
    refused = main.post(leave_url(jena), data={"choice": "end"})
    assert refused.status_code == 422
    error = html(refused).select_one("#for_everyone-error")
    assert error is not None and "Bitte bestätigen Sie, dass die Mitgliedschaft für alle endet" in error.get_text()
    assert db.session.get(Membership, jena.id).ended_at is None
    # A post without a button (an old page, a script) never ends it for everyone either.
    assert main.post(leave_url(jena), data={}).status_code == 422
    assert db.session.get(Membership, jena.id).ended_at is None

    response = main.post(leave_url(jena), data={"choice": "end", "for_everyone": "y"}, follow_redirects=True)
    assert "Ihre Mitgliedschaft in „Kommunen der Offenen Gesellschaft“ ist beendet." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Membership, jena.id).ended_at is not None
    # The further contact lost access, but keeps their account.
    contact = signed_in(app, "zweite@jena.example")
    assert contact.get(f"/mitgliedschaften/{jena.id}/ansprechpersonen").status_code == 404
    assert html(contact.get("/mein-bereich/")).select_one("#ansprechperson") is None


def test_the_only_contact_is_told_that_leaving_ends_the_membership(app, jena):
    main = signed_in(app, "haupt@jena.example")
    page = html(main.get(leave_url(jena)))
    text = page.get_text(" ", strip=True)
    assert "Sie sind die einzige Ansprechperson von Stadt Jena" in text
    assert "endet die Mitgliedschaft der Organisation in diesem Netzwerk" in text
    assert page.select_one("#successor") is None and page.select_one("#for_everyone") is None
    assert [b.get("value") for b in page.select("form button")][-1] == "end"
    response = main.post(leave_url(jena), data={"choice": "end"})
    assert response.status_code == 302
    assert db.session.get(Membership, jena.id).ended_at is not None


def test_a_contact_who_arrived_meanwhile_makes_the_only_contact_confirm(app, jena, add_contact):
    main = signed_in(app, "haupt@jena.example")
    assert "einzige Ansprechperson" in main.get(leave_url(jena)).get_data(as_text=True)
    add_contact(jena, "zweite@jena.example")  # accepted an invitation while the page was open
    refused = main.post(leave_url(jena), data={"choice": "end"})
    assert refused.status_code == 422 and html(refused).select_one("#for_everyone-error") is not None
    assert db.session.get(Membership, jena.id).ended_at is None


def test_leave_page_of_someone_else_or_a_huge_id_is_404(app, jena, kommunen, make_member):
    other = make_member(kommunen, kind=ApplicantKind.MUNICIPALITY, organisation="Stadt Gera", email="g@gera.example")
    client = signed_in(app, "g@gera.example")
    assert client.get(leave_url(jena)).status_code == 404
    assert client.post(leave_url(jena), data={"choice": "end"}).status_code == 404
    assert client.get("/mein-bereich/mitgliedschaften/99999999999/beenden").status_code == 404
    assert db.session.get(Membership, jena.id).ended_at is None and other.ended_at is None


# --------------------------------------------------------------------------- e-mail change and domains


def change_email(client, smtp, new_email: str) -> None:
    client.post("/mein-bereich/email", data={"email": new_email, "password": TEST_PASSWORD})
    deliver()
    path = urlsplit(smtp.last_link(new_email, contains="/mein-bereich/email/bestaetigen/")).path
    assert client.post(path).status_code == 302


def domain_verifications(membership: Membership) -> list[Verification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Verification).where(
                Verification.membership_id == membership.id, Verification.method == VerificationMethod.DOMAIN
            )
        )
    )


@pytest.fixture
def jena_domain(kommunen, jena):
    db.session.add(VerifiedDomain(network_id=kommunen.id, organisation_id=jena.organisation_id, domain="jena.de"))
    db.session.commit()


def test_moving_onto_the_verified_domain_verifies_and_moving_off_ends_it(app, smtp, jena, jena_domain):
    main = signed_in(app, "haupt@jena.example")
    assert domain_verifications(jena) == []
    change_email(main, smtp, "hanna.haupt@jena.de")
    [verification] = domain_verifications(jena)
    assert verification.is_valid and verification.domain == "jena.de"
    page = html(main.get(f"/mitgliedschaften/{jena.id}/ansprechpersonen"))
    assert "E-Mail-Domain jena.de" in page.select_one(".verification-badge").get_text(" ", strip=True)

    # Off the domain, and no other contact is on it: the domain verification ends now.
    change_email(signed_in(app, "hanna.haupt@jena.de"), smtp, "hanna@privat.example")
    [verification] = domain_verifications(jena)
    assert not verification.is_valid
    page = html(signed_in(app, "hanna@privat.example").get(f"/mitgliedschaften/{jena.id}/ansprechpersonen"))
    assert page.select_one(".verification-badge") is None


def test_a_further_contacts_new_address_counts_and_another_contact_keeps_it(app, smtp, jena, jena_domain, add_contact):
    add_contact(jena, "zweite@jena.example")
    add_contact(jena, "dritte@jena.de", first_name="Dora", last_name="Dritte")
    assert domain_verifications(jena) == []  # contacts added by hand here; the address change decides
    change_email(signed_in(app, "zweite@jena.example"), smtp, "zora@jena.de")
    [verification] = domain_verifications(jena)
    assert verification.is_valid
    # Zora moves off the domain, but Dora is still on it: the verification stays.
    change_email(signed_in(app, "zora@jena.de"), smtp, "zora@privat.example")
    [verification] = domain_verifications(jena)
    assert verification.is_valid
