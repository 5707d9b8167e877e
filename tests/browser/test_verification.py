"""Browser journey of issue #16: a municipality's main contact invites a second contact, hands the
main role over, asks for verification; the coordination confirms it and the badge says how and
until when. Every page: zero axe violations, no console or server error, fits 375 px; the
coordination works without JavaScript, the handover is done with the keyboard."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.outbox.worker import send_due
from tests.browser.flows import log_in
from tests.browser.helpers import button, by_label, wait_for_mail

pytestmark = pytest.mark.browser

KOMMUNEN = "kommunen-der-offenen-gesellschaft"
SECOND_PASSWORD = "Zweite-Ansprechperson-42"


def deliver() -> None:
    while send_due(limit=500).sent:
        pass


@pytest.fixture
def jena(app, make_member, make_account):
    from app.extensions import db
    from app.models import ApplicantKind, Network

    network = db.session.scalars(sa.select(Network).filter_by(slug=KOMMUNEN)).one()
    membership = make_member(
        network, kind=ApplicantKind.MUNICIPALITY, organisation="Stadt Jena", email="haupt@jena.example",
        first_name="Hanna", last_name="Haupt",
    )  # fmt: skip
    coordinator = make_account(email="koordination@kommunen.example", coordinates=[network])
    return membership, coordinator


def test_contacts_handover_verification_and_badge(page: Page, contexts, checkpoint, smtp, jena):
    membership, coordinator = jena
    log_in(page, "haupt@jena.example")
    page.goto("/mein-bereich/organisationen")
    checkpoint(page, "meine-organisationen")
    page.get_by_role("link", name="Stadt Jena").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansprechpersonen: Stadt Jena")
    checkpoint(page, "ansprechpersonen")

    # The last contact cannot leave: the message says what to do instead.
    button(page, "Als Ansprechperson austreten").click()
    expect(page.get_by_text("Sie sind die einzige Ansprechperson", exact=False).first).to_be_visible()
    checkpoint(page, "austreten-verweigert")

    by_label(page, "Vorname").fill("Zora")
    by_label(page, "Nachname").fill("Zweite")
    by_label(page, "E-Mail-Adresse").fill("zweite@jena.example")
    button(page, "Einladen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Einladung wird per E-Mail verschickt.")
    deliver()
    link = wait_for_mail(smtp, "zweite@jena.example", contains="/ansprechperson/einladung/")

    second = contexts.new().new_page()
    second.goto(urlsplit(link).path)
    expect(second.get_by_role("heading", level=1)).to_have_text("Ansprechperson werden")
    checkpoint(second, "einladung-annehmen")
    second.get_by_label("Ja, ich möchte Ansprechperson sein.").check()
    second.get_by_label("Mit der Organisation im Mitgliederverzeichnis genannt werden").check()
    by_label(second, "Passwort").fill(SECOND_PASSWORD)
    by_label(second, "Passwort wiederholen").fill(SECOND_PASSWORD)
    button(second, "Einladung annehmen").click()
    expect(second.get_by_role("status")).to_contain_text("Sie sind jetzt Ansprechperson")

    # Hand over the main role with the keyboard only.
    page.reload()
    by_label(page, "Neue Hauptansprechperson").select_option(label="Zora Zweite")
    button(page, "Rolle übergeben").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Die Rolle der Hauptansprechperson ist übergeben.")
    checkpoint(page, "rolle-uebergeben")

    # The new main contact asks for verification.
    log_in(second, "zweite@jena.example", SECOND_PASSWORD)
    second.goto(f"/mein-bereich/verifizierung/{membership.id}")
    checkpoint(second, "verifizierung-beantragen")
    by_label(second, "Begründung").fill("Ich leite das Bürgerbüro der Stadt Jena.")
    button(second, "Antrag senden").click()
    expect(second.get_by_role("status")).to_contain_text("Ihr Antrag ist bei der Koordination.")
    checkpoint(second, "verifizierung-beantragt")

    # The coordination confirms it, without JavaScript.
    coordination = contexts.new(java_script_enabled=False).new_page()
    log_in(coordination, coordinator.email)
    coordination.goto(f"/koordination/{KOMMUNEN}/verifizierung")
    checkpoint(coordination, "verifizierung-warteschlange")
    coordination.get_by_role("link", name="Stadt Jena", exact=False).first.click()
    checkpoint(coordination, "verifizierung-antrag")
    until = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=365)).date()
    by_label(coordination, "Grund").first.fill("Im Rathaus telefonisch bestätigt.")
    by_label(coordination, "Gültig bis").fill(until.isoformat())
    button(coordination, "Verifizierung bestätigen").click()
    expect(coordination.get_by_role("status")).to_contain_text("Die Verifizierung ist bestätigt.")
    checkpoint(coordination, "verifizierung-bestaetigt")
    coordination.goto(f"/koordination/{KOMMUNEN}/verifizierung/domains")
    checkpoint(coordination, "verifizierung-domains")
    coordination.goto(f"/koordination/{KOMMUNEN}/verifizierung/mitglied/{membership.id}")
    checkpoint(coordination, "verifizierung-direkt")

    # The badge in the directory says how and until when.
    second.goto(f"/netzwerke/{KOMMUNEN}/verzeichnis/{membership.id}")
    expect(second.locator(".verification-badge")).to_contain_text(
        f"Bestätigt durch die Koordination: Kommune, gültig bis {until:%d.%m.%Y}"
    )
    checkpoint(second, "verzeichnis-abzeichen")
