"""Browser journey of *Mitgliedschaft beenden* for a municipality with several contacts (issue #16):
the main contact sees two options, is stopped before ending for everyone without confirming, hands
over with the keyboard and leaves; a further contact leaves only their role without JavaScript; the
last contact is told plainly and ends the membership. Every page: zero axe violations, 375 px."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.browser.flows import log_in
from tests.browser.helpers import button, by_label

pytestmark = pytest.mark.browser

KOMMUNEN = "kommunen-der-offenen-gesellschaft"


@pytest.fixture
def jena(app, make_member, make_account):
    from app.extensions import db
    from app.models import ApplicantKind, MembershipContact, Network, utcnow

    network = db.session.scalars(sa.select(Network).filter_by(slug=KOMMUNEN)).one()
    membership = make_member(
        network, kind=ApplicantKind.MUNICIPALITY, organisation="Stadt Jena", email="haupt@jena.example",
        first_name="Hanna", last_name="Haupt",
    )  # fmt: skip
    for email, first, last in (("zweite@jena.example", "Zora", "Zweite"), ("dritte@jena.example", "Dora", "Dritte")):
        account = make_account(email=email, first_name=first, last_name=last)
        db.session.add(MembershipContact(membership_id=membership.id, account_id=account.id, since=utcnow()))
    db.session.commit()
    return membership


def test_leaving_an_organisation_membership(page: Page, contexts, checkpoint, jena):
    leave = f"/mein-bereich/mitgliedschaften/{jena.id}/beenden"
    log_in(page, "haupt@jena.example")
    page.goto("/mein-bereich/")
    page.get_by_role("link", name=re.compile(r"^Mitgliedschaft beenden")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitgliedschaft beenden")
    expect(page.get_by_role("heading", name="Rolle übergeben und austreten")).to_be_visible()
    expect(page.get_by_text("Alle Ansprechpersonen verlieren den Zugang.")).to_be_visible()
    checkpoint(page, "zwei-moeglichkeiten")

    # Ending for everyone needs the explicit confirmation.
    button(page, "Mitgliedschaft für alle beenden").click()
    expect(page.locator("#for_everyone-error")).to_contain_text("Bitte bestätigen Sie")
    checkpoint(page, "bestaetigung-fehlt")

    # Hand over with the keyboard only: choose, Tab to the button, Enter.
    successor = by_label(page, "Wer wird Hauptansprechperson?")
    successor.focus()
    successor.select_option(label="Zora Zweite")
    page.keyboard.press("Tab")
    expect(button(page, "Rolle übergeben und austreten")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sie sind nicht mehr Ansprechperson.")
    expect(page.get_by_role("main")).not_to_contain_text("Stadt Jena")
    checkpoint(page, "uebergeben-und-ausgetreten")

    # A further contact leaves only their own role, without JavaScript.
    third = contexts.new(java_script_enabled=False).new_page()
    log_in(third, "dritte@jena.example")
    third.goto("/mein-bereich/")
    third.get_by_role("link", name=re.compile(r"^Als Ansprechperson austreten.*Stadt Jena")).click()
    expect(third.get_by_role("heading", level=1)).to_have_text("Als Ansprechperson austreten")
    checkpoint(third, "weitere-ansprechperson")
    button(third, "Als Ansprechperson austreten").click()
    expect(third.get_by_role("status")).to_contain_text("Sie sind nicht mehr Ansprechperson.")

    # The last contact is told plainly that leaving ends the membership.
    last = contexts.new().new_page()
    log_in(last, "zweite@jena.example")
    last.goto(leave)
    expect(last.get_by_text("Sie sind die einzige Ansprechperson von Stadt Jena", exact=False)).to_be_visible()
    checkpoint(last, "einzige-ansprechperson")
    button(last, "Mitgliedschaft jetzt beenden").click()
    expect(last.get_by_role("status")).to_contain_text("ist beendet")
    checkpoint(last, "beendet")
