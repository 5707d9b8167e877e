"""Beteiligungsatlas in Chromium: a member reports a procedure, the coordinator asks back and publishes,
a visitor finds it by Bundesland and method. Every page passes the checkpoint (axe 0 violations,
no console/server error, fits 375 px); the entry form also works with JavaScript switched off."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Network
from tests.browser.flows import act, log_in, log_out
from tests.browser.helpers import button, by_label

pytestmark = pytest.mark.browser

SAXONY = "netzwerk-buergerbeteiligung-sachsen"
TITLE = "Bürgerrat Elbwiesen"


def saxony() -> Network:
    return db.session.scalar(sa.select(Network).where(Network.slug == SAXONY))


def report_procedure(page, check) -> None:
    """The four steps and the summary, with the keyboard-free defaults of a plain HTML form."""
    page.goto(f"/netzwerke/{SAXONY}/atlas")
    page.get_by_role("link", name="Ein Verfahren melden").click()
    check(page, "atlas-meine")
    button(page, "Neues Verfahren melden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verfahren")
    check(page, "atlas-schritt-1")
    by_label(page, "Titel des Verfahrens").fill(TITLE)
    by_label(page, "Kurzbeschreibung").fill("Geloste Bürger*innen beraten über die Zukunft der Elbwiesen.")
    by_label(page, "Thema").select_option(label="Stadt- und Regionalentwicklung")
    button(page, "Speichern und weiter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ort und Ebene")
    by_label(page, "Durchführende Kommune oder Stelle").fill("Stadt Pirna")
    by_label(page, "Bundesland").select_option("SN")
    by_label(page, "Amtlicher Gemeindeschlüssel (AGS)").fill("09162000")  # Bavarian key: rejected
    page.get_by_label("Kommune", exact=True).check()
    page.get_by_label("Rat/Parlament", exact=True).check()
    button(page, "Speichern und weiter").click()
    expect(page.locator(".kern-error")).to_contain_text("gehört damit nicht zum gewählten Bundesland")
    check(page, "atlas-schritt-2-fehler")
    by_label(page, "Amtlicher Gemeindeschlüssel (AGS)").fill("14628270")
    button(page, "Speichern und weiter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Durchführung")
    check(page, "atlas-schritt-3")
    page.get_by_label("Bürgerrat", exact=True).check()
    page.get_by_label("Zufallsauswahl", exact=True).check()
    by_label(page, "Zahl der Teilnehmenden").fill("40")
    by_label(page, "Beginn: Monat").select_option("3")
    by_label(page, "Beginn: Jahr").fill("2026")
    by_label(page, "Ende: Monat").select_option("6")
    by_label(page, "Ende: Jahr").fill("2026")
    button(page, "Speichern und weiter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ergebnis und Links")
    check(page, "atlas-schritt-4")
    by_label(page, "Ergebnis").fill("Zwölf Empfehlungen an den Stadtrat.")
    button(page, "Speichern und weiter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prüfen und einreichen")
    check(page, "atlas-einreichen")
    button(page, "Einreichen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr Eintrag ist eingereicht")
    check(page, "atlas-mein-eintrag")


def test_member_reports_coordinator_asks_back_and_publishes_visitor_finds_it(
    contexts, checkpoint, make_member, make_account
):
    member = make_member(saxony(), first_name="Mira", last_name="Melder")
    coordinator = make_account(coordinates=[saxony()])
    admin = make_account(admin=True)

    # A member without JavaScript reports the procedure.
    member_page = contexts.new(java_script_enabled=False).new_page()
    log_in(member_page, member.account.email)
    report_procedure(member_page, checkpoint)

    # The coordinator asks a question back.
    coordinator_page = contexts.new().new_page()
    log_in(coordinator_page, coordinator.email)
    coordinator_page.goto(f"/koordination/{SAXONY}/atlas")
    checkpoint(coordinator_page, "atlas-warteschlange")
    coordinator_page.get_by_role("link", name=TITLE, exact=True).click()
    checkpoint(coordinator_page, "atlas-pruefung")
    act(coordinator_page, "Rückfrage stellen", "Rückfrage senden", {"Ihre Rückfrage": "Wie viele Sitzungen gab es?"})
    expect(coordinator_page.get_by_role("status")).to_contain_text("Die Rückfrage wurde an die Autor*in geschickt.")

    # The member answers.
    member_page.reload()
    member_page.get_by_role("link", name="Rückfrage beantworten").click()
    expect(member_page.get_by_text("Wie viele Sitzungen gab es?")).to_be_visible()
    checkpoint(member_page, "atlas-antworten")
    by_label(member_page, "Ihre Antwort an die Koordination").fill("Vier Sitzungen.")
    button(member_page, "Antwort senden").click()
    expect(member_page.get_by_role("status")).to_contain_text("Ihre Antwort ist bei der Koordination.")

    # The coordinator publishes.
    coordinator_page.reload()
    expect(coordinator_page.get_by_text("Vier Sitzungen.")).to_be_visible()
    act(coordinator_page, "Veröffentlichen", "Eintrag veröffentlichen")
    expect(coordinator_page.get_by_role("status")).to_contain_text("Der Eintrag ist veröffentlicht.")
    checkpoint(coordinator_page, "atlas-veroeffentlicht")

    # The member adds a dated status update; the coordinator publishes it.
    member_page.reload()
    by_label(member_page, "Monat").select_option("3")
    by_label(member_page, "Jahr").fill("2027")
    by_label(member_page, "Was ist neu?").fill("Ergebnisse an den Stadtrat übergeben")
    button(member_page, "Aktualisierung einreichen").click()
    expect(member_page.get_by_role("status")).to_contain_text("Ihre Aktualisierung ist eingereicht")
    coordinator_page.reload()
    button(coordinator_page, "Aktualisierung veröffentlichen").click()
    expect(coordinator_page.get_by_role("status")).to_contain_text("Die Aktualisierung ist veröffentlicht.")

    # A visitor filters by Bundesland and method and opens the entry.
    visitor = contexts.new().new_page()
    visitor.goto("/atlas")
    checkpoint(visitor, "atlas-oeffentlich")
    by_label(visitor, "Bundesland").select_option("SN")
    by_label(visitor, "Methode").select_option(label="Bürgerrat")
    by_label(visitor, "Suche").fill("Elbwiesen")
    button(visitor, "Suchen").click()
    expect(visitor.locator(".atlas-count")).to_contain_text("1 Verfahren gefunden")
    checkpoint(visitor, "atlas-gefiltert")
    visitor.get_by_role("link", name=TITLE, exact=True).click()
    expect(visitor.locator(".atlas-source")).to_contain_text("gemeldet von Mitglied Mira Melder")
    expect(visitor.get_by_text("Ergebnisse an den Stadtrat übergeben")).to_be_visible()
    expect(visitor.locator(".atlas-licence")).to_contain_text("CC BY 4.0")
    checkpoint(visitor, "atlas-eintrag")
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="als CSV (für Excel)").click()
    assert download.value.suggested_filename.endswith(".csv")

    visitor.goto(f"/netzwerke/{SAXONY}/atlas/einbetten?bundesland=SN")
    checkpoint(visitor, "atlas-einbettung")
    visitor.goto(f"/netzwerke/{SAXONY}/atlas")
    checkpoint(visitor, "atlas-netzwerk")

    log_out(coordinator_page)
    log_in(coordinator_page, admin.email)
    coordinator_page.goto("/verwaltung/atlas")
    expect(coordinator_page.get_by_role("heading", level=1)).to_have_text("Beteiligungsatlas")
    checkpoint(coordinator_page, "atlas-verwaltung")


def test_visitor_without_javascript_searches_by_keyboard(contexts, checkpoint):
    page = contexts.new(java_script_enabled=False).new_page()
    page.goto("/atlas")
    expect(page.locator(".atlas-count")).to_contain_text("20 Verfahren gefunden")
    by_label(page, "Suche").focus()
    page.keyboard.type("Bürgerrat")
    page.keyboard.press("Tab")
    expect(by_label(page, "Bundesland")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # submits the search form from the text field
    expect(page.locator(".atlas-count")).to_contain_text("Verfahren gefunden")
    assert "q=B%C3%BCrgerrat" in page.url
    checkpoint(page, "atlas-tastatur-ohne-js")
    map_title = page.locator("svg[role=img] title")
    expect(map_title).to_have_text("Karte: Verfahren je Bundesland")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Participation atlas")
    checkpoint(page, "atlas-englisch")
