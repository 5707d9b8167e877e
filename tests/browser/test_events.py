"""Events in Chromium (issue 11): a guest and a member register for the Sachsen workshop,
the member cancels, the guest gets the place through the waiting list; a coordinator sees
and exports the participants. Every page passes the checkpoint (axe 0 violations, 375 px)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Event, Network
from tests.browser.flows import log_in
from tests.browser.helpers import MOBILE, button, by_label, wait_for_mail

pytestmark = pytest.mark.browser

SACHSEN_SLUG = "netzwerk-buergerbeteiligung-sachsen"
WORKSHOP = "Online-Werkstatt: Formate und Methoden"


@pytest.fixture
def sachsen(app):
    return db.session.scalar(sa.select(Network).where(Network.slug == SACHSEN_SLUG))


@pytest.fixture
def workshop(sachsen):
    """The demo workshop with one place left, so that the second person waits."""
    event = next(event for event in sachsen.events if event.title == WORKSHOP)
    event.capacity = 1
    db.session.commit()
    return event


def ics_attached(smtp, address: str) -> bool:
    return any(
        part.get_content_type() == "text/calendar" for mail in smtp.to(address) for part in mail.iter_attachments()
    )


def open_workshop(page, check) -> None:
    page.goto(f"/netzwerke/{SACHSEN_SLUG}/")
    page.get_by_role("link", name="Alle Veranstaltungen und Kalender-Abonnement").click()
    check(page, "veranstaltungen")
    page.get_by_role("main").get_by_role("link", name=WORKSHOP).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORKSHOP)
    check(page, "veranstaltung")


def test_guest_and_member_register_cancel_and_the_waiting_list_moves_up(
    contexts, checkpoint, smtp, sachsen, workshop, make_member
):
    member = make_member(sachsen, email="kim.mitglied@example.org", first_name="Kim", last_name="Mitglied")
    member_page = contexts.new().new_page()
    log_in(member_page, member.account.email)
    open_workshop(member_page, checkpoint)
    member_page.get_by_role("link", name="Anmelden", exact=True).and_(
        member_page.get_by_role("main").get_by_role("link", name="Anmelden", exact=True)
    ).click()
    checkpoint(member_page, "anmelden-mitglied")
    member_page.get_by_label("Bürgerrat").check()
    button(member_page, "Verbindlich anmelden").click()
    expect(member_page.get_by_role("status")).to_contain_text("Sie sind angemeldet.")
    expect(member_page.get_by_role("main")).to_contain_text("https://konferenz.example.org/sachsen-werkstatt")
    checkpoint(member_page, "angemeldet")
    assert ics_attached(smtp, member.account.email)

    # The guest registers without JavaScript on a phone: the one place is taken, so: waiting list.
    guest = contexts.new(java_script_enabled=False, viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    guest.goto(f"/netzwerke/{SACHSEN_SLUG}/veranstaltungen/{workshop.id}")
    expect(guest.locator(".places-left")).to_contain_text("ausgebucht")
    guest.get_by_role("main").get_by_role("link", name="Anmelden", exact=True).click()
    checkpoint(guest, "anmelden-gast")
    button(guest, "Anmeldung absenden").click()
    expect(guest.locator("#fehlerliste")).to_be_visible()
    checkpoint(guest, "anmelden-gast-fehler")
    by_label(guest, "Name").fill("Ğül Çelik")
    by_label(guest, "E-Mail").fill("guel.gast@example.org")
    by_label(guest, "Institution").fill("Stadt Görlitz")
    guest.get_by_label(re.compile("Ich bin einverstanden")).check()
    button(guest, "Anmeldung absenden").click()
    expect(guest.get_by_role("heading", level=1)).to_contain_text("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    checkpoint(guest, "gast-gesendet")
    guest.goto(wait_for_mail(smtp, "guel.gast@example.org", "/bestaetigen"))
    expect(guest.locator(".registration-state")).to_contain_text("Warteliste")
    checkpoint(guest, "gast-warteliste")

    # The member cancels through the private link of the confirmation mail.
    member_page.goto(wait_for_mail(smtp, member.account.email, "/veranstaltungen/anmeldung/"))
    checkpoint(member_page, "eigene-anmeldung")
    button(member_page, "Von der Veranstaltung abmelden").click()
    expect(member_page.locator(".registration-state")).to_contain_text("abgemeldet")
    checkpoint(member_page, "abgemeldet")

    # The guest gets the offer by mail and takes the place.
    offer_link = wait_for_mail(smtp, "guel.gast@example.org", "/veranstaltungen/anmeldung/")
    assert any("Ein Platz ist frei geworden" in str(m["Subject"]) for m in smtp.to("guel.gast@example.org"))
    guest.goto(offer_link)
    expect(guest.get_by_role("main")).to_contain_text("Ein Platz ist für Sie frei geworden.")
    checkpoint(guest, "platzangebot")
    button(guest, "Platz annehmen").click()
    expect(guest.locator(".registration-state")).to_contain_text("angemeldet")
    expect(guest.get_by_role("main")).to_contain_text("https://konferenz.example.org/sachsen-werkstatt")
    checkpoint(guest, "platz-angenommen")
    assert ics_attached(smtp, "guel.gast@example.org")

    member_page.goto("/mein-bereich/veranstaltungen")
    button(member_page, "Kalender-Adresse erstellen").click()
    expect(member_page.get_by_label("Ihre Kalender-Adresse")).to_have_value(re.compile(r"/kalender/.+\.ics$"))
    checkpoint(member_page, "meine-veranstaltungen")
    member_page.get_by_role("link", name="So abonnieren Sie einen Kalender").first.click()
    checkpoint(member_page, "kalender-abonnieren")


def test_coordinator_sees_and_exports_the_participants(contexts, checkpoint, smtp, sachsen, workshop, make_account):
    coordinator = make_account("koordination@sachsen.example", first_name="Kai", last_name="Koordination",
                               coordinates=[sachsen])  # fmt: skip
    guest = contexts.new().new_page()
    guest.goto(f"/netzwerke/{SACHSEN_SLUG}/veranstaltungen/{workshop.id}/anmelden")
    by_label(guest, "Name").fill("Alex Gast")
    by_label(guest, "E-Mail").fill("alex.gast@example.org")
    guest.get_by_label("Zukunftswerkstatt").check()
    guest.get_by_label(re.compile("Ich bin einverstanden")).check()
    button(guest, "Anmeldung absenden").click()
    guest.goto(wait_for_mail(smtp, "alex.gast@example.org", "/bestaetigen"))

    page = contexts.new().new_page()
    log_in(page, coordinator.email)
    page.goto(f"/koordination/{SACHSEN_SLUG}/veranstaltungen")
    checkpoint(page, "koordination-veranstaltungen")
    page.locator("tr", has_text=WORKSHOP).get_by_role("link", name=re.compile("^Teilnehmende")).click()
    checkpoint(page, "teilnehmende")
    row = page.locator("table.participants tbody tr", has_text="Alex Gast")
    expect(row).to_contain_text("angemeldet")
    expect(row).to_contain_text("Zukunftswerkstatt")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export als CSV (Excel)").click()
    content = download.value.path().read_bytes().decode("utf-8")
    assert content.startswith("\ufeffName;E-Mail;") and "alex.gast@example.org" in content
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Export als XLSX").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")

    page.locator("table.participants").get_by_role("button", name=re.compile(r"^Anwesend")).click()
    expect(page.locator("table.participants")).to_contain_text("anwesend")
    page.get_by_role("link", name="Nachricht an alle Teilnehmenden").click()
    checkpoint(page, "nachricht")
    by_label(page, "Betreff").fill("Technik-Check")
    by_label(page, "Nachricht").fill("Bitte testen Sie vorab Ihr Mikrofon.")
    button(page, "Empfänger*innen zählen").click()
    expect(page.locator(".recipient-count")).to_contain_text("1 Person")
    button(page, "An 1 Person senden").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Nachricht geht an 1 Personen.")
    assert any(str(m["Subject"]) == "Technik-Check" for m in smtp.to("alex.gast@example.org"))

    page.goto(f"/koordination/{SACHSEN_SLUG}/veranstaltungen/{workshop.id}/bearbeiten")
    checkpoint(page, "einstellungen")
    assert db.session.get(Event, workshop.id).capacity == 1
