"""What people do in the browser, step by step, shared by the journeys and the a11y tests.

Fields are found by their visible label, buttons and links by their text, as a person would.
`check` is the checkpoint fixture (axe, screenshots) or `no_check` for set-up flows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import count

from playwright.sync_api import Page, expect

from tests.browser.helpers import button, by_label, fill_visible, wait_for_mail
from tests.conftest import TEST_PASSWORD

ALLIANZ_SLUG = "allianz-vielfaeltige-demokratie"
ALLIANZ = "Allianz Vielfältige Demokratie"
DESCRIPTION = "Kurze Darstellung Ihrer Tätigkeiten, Erfahrungen und Interessen im Bereich der Partizipation"
_numbers = count(1)


def no_check(page: Page, name: str, **options) -> None:
    """A checkpoint that checks nothing (for set-up flows already covered elsewhere)."""


@dataclass
class Applicant:
    first_name: str = "Zoë"
    last_name: str = "Müller-Lüdenscheidt"
    email: str = field(default_factory=lambda: f"antrag{next(_numbers)}@beispiel.example")
    institution: str = "Stadtverwaltung Saalfeld/Saale"
    function: str = "Referentin für Bürgerbeteiligung"
    street: str = "Markt 6"
    postcode: str = "07318"
    city: str = "Saalfeld/Saale"
    phone: str = "03671 5980"
    description: str = (
        "Ich organisiere Bürgerräte und Beteiligungswerkstätten in unserer Stadt und möchte "
        "Erfahrungen mit anderen Kommunen austauschen."
    )
    themenkreis: str = "Transparenz"
    listed: bool = True

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def fields(self) -> dict[str, str]:
        return {
            "Vorname": self.first_name,
            "Nachname": self.last_name,
            "E-Mail": self.email,
            "Institution": self.institution,
            "Funktion": self.function,
            "Straße und Hausnummer": self.street,
            "PLZ": self.postcode,
            "Ort": self.city,
            "Telefon": self.phone,
            DESCRIPTION: self.description,
        }


def expect_step(page: Page, number: int) -> None:
    expect(page.get_by_text(f"Schritt {number} von 4", exact=True)).to_be_visible()


def themenkreis_choice(page: Page, name: str):
    return page.get_by_role("group", name=re.compile("Themenkreis")).get_by_label(name, exact=True)


def apply_for_membership(
    page: Page,
    applicant: Applicant,
    check=no_check,
    *,
    with_detours: bool = True,
    javascript: bool = True,
) -> None:
    """From the start page to "Antrag absenden" for the Allianz.

    with_detours: make one validation error (a four-digit PLZ) and go back once with "Zurück".
    """
    page.goto("/")
    check(page, "start")
    page.get_by_role("link", name=ALLIANZ, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ALLIANZ)
    check(page, "netzwerk")
    page.get_by_role("link", name="Mitglied werden", exact=True).click()

    values, filled = applicant.fields(), set()
    if with_detours:
        values["PLZ"] = "0731"  # four digits: refused for Germany

    expect_step(page, 1)
    check(page, "schritt-1")
    fill_visible(page, values, filled)
    button(page, "Weiter").click()

    expect_step(page, 2)
    fill_visible(page, values, filled)
    button(page, "Weiter").click()
    if with_detours:
        expect_step(page, 2)  # still here: the PLZ is wrong
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("link", name=re.compile("Postleitzahl|PLZ"))).to_be_visible()
        if javascript:
            expect(summary).to_be_focused()
        plz = by_label(page, "PLZ")
        expect(plz).to_have_attribute("aria-invalid", "true")
        expect(by_label(page, "Institution")).to_have_value(applicant.institution)  # nothing lost
        check(page, "schritt-2-fehler")
        plz.fill(applicant.postcode)
        button(page, "Weiter").click()
    else:
        check(page, "schritt-2")

    expect_step(page, 3)
    fill_visible(page, values, filled)
    themenkreis_choice(page, applicant.themenkreis).check()
    if javascript:
        expect(page.get_by_text(f"{len(applicant.description)} / 1500")).to_be_visible()
    check(page, "schritt-3")
    if with_detours:
        button(page, "Zurück").click()
        expect_step(page, 2)
        expect(by_label(page, "PLZ")).to_have_value(applicant.postcode)
        button(page, "Weiter").click()
        expect_step(page, 3)
        expect(by_label(page, DESCRIPTION)).to_have_value(applicant.description)
        expect(themenkreis_choice(page, applicant.themenkreis)).to_be_checked()
    button(page, "Weiter").click()

    expect_step(page, 4)
    missing = set(values) - filled
    assert not missing, f"the form never showed these fields (labels as in issue 3): {sorted(missing)}"
    main = page.get_by_role("main")
    for shown in (applicant.first_name, applicant.last_name, applicant.institution, applicant.themenkreis):
        expect(main).to_contain_text(shown)
    expect(page.get_by_role("link", name=re.compile("^Ändern")).first).to_be_visible()
    page.get_by_role("checkbox", name=re.compile("Datenschutzerklärung")).check()
    page.get_by_role("checkbox", name=re.compile("Leitgedanken")).check()
    if applicant.listed:
        page.get_by_role("checkbox", name=re.compile("Im Mitgliederverzeichnis sichtbar sein")).check()
    check(page, "schritt-4")
    button(page, "Antrag absenden").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    expect(page.get_by_role("main")).to_contain_text(applicant.email)
    check(page, "gesendet")


def confirm_and_open_status(page: Page, applicant: Applicant, smtp, check=no_check) -> str:
    """Open the confirmation link from the mail; returns the status page URL."""
    link = wait_for_mail(smtp, applicant.email, contains="/antrag/bestaetigen/")
    page.goto(link)
    # Opening the link only shows a button (mail scanners open links too); pressing it confirms.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitgliedsantrag bestätigen")
    check(page, "bestätigen")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Mitgliedsantrag")
    expect(page.get_by_role("status")).to_contain_text("Ihr Antrag ist eingegangen")
    expect(page.locator("#stand")).to_contain_text("eingegangen")
    expect(page.get_by_role("link", name="Antrag zurückziehen")).to_be_visible()
    check(page, "status")
    status_link = wait_for_mail(smtp, applicant.email, contains="/antrag/status/")
    assert page.url == status_link, "the confirmation leads to the status page of the receipt mail"
    return status_link


def log_in(page: Page, email: str, password: str = TEST_PASSWORD, check=no_check) -> None:
    """Through the "Anmelden" link in the header and the login form."""
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Anmelden", exact=True).click()
    check(page, "anmelden")
    by_label(page, "E-Mail").fill(email)
    by_label(page, "Passwort").fill(password)
    button(page, "Anmelden").click()
    expect(page.get_by_role("status")).to_contain_text("Sie sind angemeldet.")


def log_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("status")).to_contain_text("Sie sind abgemeldet.")


# --------------------------------------------------------------------------- coordination


def open_application_from_queue(page: Page, applicant: Applicant, check=no_check) -> None:
    """From the header link "Anträge" via the network's queue to one application."""
    page.get_by_role("banner").get_by_role("link", name="Anträge", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anträge prüfen")
    check(page, "koordination-uebersicht")
    page.get_by_role("link", name=ALLIANZ, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anträge")
    check(page, "warteschlange")
    page.get_by_role("link", name=applicant.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(applicant.name)


def act(page: Page, section: str, submit: str, fields: dict[str, str] | None = None) -> None:
    """Open an action ("Rückfrage stellen", "Annehmen" ...), fill it, press its button."""
    action = page.locator("details.action").filter(has=page.locator("summary", has_text=section))
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    for text, value in (fields or {}).items():
        by_label(action, text).fill(value)
    action.get_by_role("button", name=submit, exact=True).click()


def state_badge(page: Page):
    return page.get_by_role("main").locator(".kern-badge").first


def take_into_review(page: Page) -> None:
    act(page, "In Prüfung nehmen", "In Prüfung nehmen")
    expect(page.get_by_role("status")).to_contain_text("Der Antrag ist jetzt in Prüfung und Ihnen zugewiesen.")
    expect(state_badge(page)).to_have_text("in Prüfung")


def approve(page: Page) -> None:
    act(page, "Annehmen", "Antrag annehmen")
    expect(page.get_by_role("status")).to_contain_text("Der Antrag wurde angenommen.")
    expect(state_badge(page)).to_have_text("angenommen")


def accepted_member(page: Page, coordinator_page: Page, applicant: Applicant, coordinator_email: str, smtp) -> str:
    """Set-up: apply, confirm, and a coordinator accepts; returns the invitation link."""
    apply_for_membership(page, applicant, with_detours=False)
    confirm_and_open_status(page, applicant, smtp)
    log_in(coordinator_page, coordinator_email)
    open_application_from_queue(coordinator_page, applicant)
    take_into_review(coordinator_page)
    approve(coordinator_page)
    return wait_for_mail(smtp, applicant.email, contains="/einladung/")
