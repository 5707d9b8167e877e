"""The four journeys of issue 6, clicked through in Chromium against the live app.

Every page a journey reaches passes the checkpoint: no server or console error, zero axe
violations (WCAG 2.1 A/AA and 2.2 AA), and screenshots at 1280 px and 375 px under test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Network
from tests.browser.flows import (
    ALLIANZ,
    ALLIANZ_SLUG,
    Applicant,
    accepted_member,
    act,
    apply_for_membership,
    approve,
    confirm_and_open_status,
    log_in,
    log_out,
    open_application_from_queue,
    state_badge,
    take_into_review,
)
from tests.browser.helpers import MOBILE, button, by_label, mail_texts, wait_for_mail

pytestmark = pytest.mark.browser


def test_1_applicant_applies_confirms_and_sees_the_status(page, checkpoint, smtp):
    applicant = Applicant()
    apply_for_membership(page, applicant, checkpoint)
    confirm_and_open_status(page, applicant, smtp, checkpoint)
    expect(page.get_by_role("main")).to_contain_text("Verlauf")


def test_4_applicant_journey_without_javascript_on_a_phone(contexts, checkpoint, smtp):
    context = contexts.new(java_script_enabled=False, viewport=MOBILE, is_mobile=True, has_touch=True)
    page = context.new_page()
    applicant = Applicant(first_name="Ğül", last_name="Çelik", institution="Landratsamt Saalfeld-Rudolstadt")
    apply_for_membership(page, applicant, checkpoint, javascript=False)
    confirm_and_open_status(page, applicant, smtp, checkpoint)
    no_sideways_scrolling = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scrolling, "the status page fits a 375 px screen"


@pytest.fixture
def allianz(app):
    return db.session.scalar(sa.select(Network).where(Network.slug == ALLIANZ_SLUG))


@pytest.fixture
def coordinator(allianz, make_account):
    return make_account("koordination@bipar.example", first_name="Kai", last_name="Koordination", coordinates=[allianz])


def test_2_coordinator_sees_duplicate_asks_and_approves(contexts, checkpoint, smtp, coordinator):
    first = Applicant(first_name="Jonas", last_name="Erster", institution="Stadtverwaltung Saalfeld/Saale")
    second = Applicant(first_name="Ğül", last_name="Çelik", institution="Stadt Saalfeld")
    first_page, applicant_page = contexts.new().new_page(), contexts.new().new_page()
    for applicant, page in ((first, first_page), (second, applicant_page)):
        apply_for_membership(page, applicant, with_detours=False)
        confirm_and_open_status(page, applicant, smtp)

    page = contexts.new().new_page()
    log_in(page, coordinator.email, check=checkpoint)
    open_application_from_queue(page, second, checkpoint)
    hints = page.locator("section", has=page.get_by_role("heading", name="Hinweise auf mögliche Dubletten"))
    expect(hints).to_be_visible()
    expect(hints.get_by_role("link", name=re.compile(first.name))).to_be_visible()
    checkpoint(page, "antrag-mit-dublettenhinweis")

    take_into_review(page)
    question = "Arbeiten Sie im selben Amt wie Jonas Erster? Dann bitten wir um eine gemeinsame Mitgliedschaft."
    act(page, "Rückfrage stellen", "Rückfrage senden", {"Ihre Rückfrage an die Antragsteller*in": question})
    expect(page.get_by_role("status")).to_contain_text("Die Rückfrage wurde an die Antragsteller*in geschickt.")
    expect(state_badge(page)).to_have_text("Rückfrage")
    checkpoint(page, "rueckfrage-gestellt")

    # The applicant answers on the status page (the question mail carries a fresh status link).
    status_link = wait_for_mail(smtp, second.email, contains="/antrag/status/")
    assert any(question in text for text in mail_texts(smtp, second.email)), "the question is in the mail"
    applicant_page.goto(status_link)
    expect(applicant_page.get_by_role("main")).to_contain_text(question)
    checkpoint(applicant_page, "status-rueckfrage")
    answer = "Nein, ich arbeite im Landratsamt, nicht in der Stadtverwaltung."
    by_label(applicant_page, "Ihre Antwort").fill(answer)
    button(applicant_page, "Antwort senden").click()
    expect(applicant_page.get_by_role("status")).to_contain_text("Ihre Antwort wurde an die Koordination übermittelt")
    expect(applicant_page.locator("#stand")).to_contain_text("in Prüfung")
    checkpoint(applicant_page, "status-beantwortet")

    page.reload()
    expect(state_badge(page)).to_have_text("in Prüfung")
    expect(page.locator("section", has=page.locator("#verlauf"))).to_contain_text(answer)
    approve(page)
    checkpoint(page, "angenommen")
    assert wait_for_mail(smtp, second.email, contains="/einladung/")


def test_3_new_member_sets_password_and_finds_a_listed_peer(
    contexts, checkpoint, smtp, allianz, coordinator, make_member
):
    transparenz = next(tk for tk in allianz.themenkreise if tk.name == "Transparenz")
    make_member(
        allianz,
        themenkreise=[transparenz],
        organisation="Landkreis Görlitz",
        email="petra@peer.example",
        first_name="Petra",
        last_name="Peerhoff",
        institution="Landkreis Görlitz",
    )
    make_member(
        allianz,
        listed=False,
        themenkreise=[transparenz],
        email="ulla@hidden.example",
        first_name="Ulla",
        last_name="Unsichtbar",
        institution="Stadt Verborgen",
    )
    member = Applicant(first_name="Mira", last_name="Neumitglied", institution="Bezirksamt Pankow")
    page = contexts.new().new_page()
    invitation = accepted_member(page, contexts.new().new_page(), member, coordinator.email, smtp)

    page.goto(invitation)
    checkpoint(page, "einladung")
    password = "Mein neues Beteiligungs-Passwort 2026"
    by_label(page, "Neues Passwort").fill(password)
    by_label(page, "Neues Passwort wiederholen").fill(password)
    button(page, "Passwort speichern und anmelden").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Abmelden")).to_be_visible()
    checkpoint(page, "passwort-gesetzt")
    log_out(page)
    log_in(page, member.email, password)
    checkpoint(page, "angemeldet")

    page.get_by_role("banner").get_by_role("link", name="Mein Bereich").click()
    page.get_by_role("link", name="Mein Profil", exact=True).click()
    checkpoint(page, "profil")
    page.get_by_role("group", name="Wer darf Ihre Telefonnummer sehen?").get_by_label(
        "Mitglieder meiner Netzwerke"
    ).check()
    listed = page.get_by_role("checkbox", name=re.compile("Im Mitgliederverzeichnis von „Allianz"))
    listed.check()
    button(page, "Profil speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr Profil wurde gespeichert.")
    expect(listed).to_be_checked()
    checkpoint(page, "profil-gespeichert")

    page.get_by_role("link", name="Meine Netzwerke", exact=True).click()
    page.get_by_role("link", name=re.compile(rf"^Mitgliederverzeichnis\W+{ALLIANZ}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitgliederverzeichnis")
    checkpoint(page, "verzeichnis")
    by_label(page, "Themenkreis").select_option(label="Transparenz")
    button(page, "Suchen").click()
    results = page.locator("#ergebnisse").locator("xpath=..")
    expect(results.get_by_role("link", name="Petra Peerhoff")).to_be_visible()
    expect(results.get_by_role("link", name=member.name)).to_be_visible()
    expect(results).not_to_contain_text("Unsichtbar")
    checkpoint(page, "verzeichnis-themenkreis")

    results.get_by_role("link", name="Petra Peerhoff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Petra Peerhoff")
    checkpoint(page, "mitgliedsprofil")
    page.go_back()

    by_label(page, "Suche").fill("Unsichtbar")
    button(page, "Suchen").click()
    expect(page.locator("#ergebnisse")).to_have_text("0 Mitglieder gefunden")
    expect(page.get_by_role("main")).not_to_contain_text("Ulla")
    checkpoint(page, "verzeichnis-nicht-gefunden")
