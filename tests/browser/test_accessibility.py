"""Accessibility (BITV 2.0 / WCAG 2.1 AA) in a real browser: axe-core plus what axe cannot check."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import DESCRIPTION, Applicant, apply_for_membership, confirm_and_open_status
from tests.browser.helpers import MOBILE, button, by_label, wait_for_mail

pytestmark = pytest.mark.browser

ALLIANZ = "allianz-vielfaeltige-demokratie"

PUBLIC_PAGES = [
    ("start", "/"),
    ("netzwerk", f"/netzwerke/{ALLIANZ}/"),
    ("netzwerk-kommunen", "/netzwerke/kommunen-der-offenen-gesellschaft/"),
    ("impressum", "/impressum"),
    ("datenschutz", "/datenschutz"),
    ("barrierefreiheit", "/barrierefreiheit"),
    ("nicht-gefunden", "/gibt-es-nicht"),
    ("anmelden", "/anmelden"),
]

FOCUSED_STYLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    return {
        visible: outline || shadow,
        what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + ' "' + (el.innerText || el.value || '').trim().slice(0, 40) + '"',
        inBody: el !== document.body,
    };
}"""


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_public_pages_have_no_axe_violations(page: Page, checkpoint, name, path):
    response = page.goto(path)
    assert response.status == (404 if name == "nicht-gefunden" else 200)
    expect(page.locator("main h1")).to_be_visible()  # the page really rendered its content
    checkpoint(page, name)  # asserts: zero axe violations, no console or server error, fits 375 px


def test_html_lang_follows_the_language_switch(page: Page, checkpoint):
    page.goto(f"/netzwerke/{ALLIANZ}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(f"/netzwerke/{ALLIANZ}/"), "the switch returns to the same page"
    checkpoint(page, "netzwerk-englisch")

    page.goto(f"/netzwerke/{ALLIANZ}/mitglied-werden")  # the form, in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    checkpoint(page, "antrag-englisch")
    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert "/mitglied-werden/schritt/1" in page.url, "the switch back returns to the form"
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="English")).to_be_visible()


def test_skip_link_is_first_and_moves_focus_to_main(page: Page):
    page.goto(f"/netzwerke/{ALLIANZ}/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Zum Inhalt springen")
    expect(skip).to_be_in_viewport()  # visible when focused, hidden otherwise

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside_main, "after the skip link, the next Tab lands inside <main>"


@pytest.mark.parametrize(
    ("path", "width"),
    [(f"/netzwerke/{ALLIANZ}/", 1280), (f"/netzwerke/{ALLIANZ}/", MOBILE["width"]), ("/anmelden", 1280)],
    ids=["netzwerk-1280", "netzwerk-375", "anmelden-1280"],
)
def test_focus_is_visible_on_every_focusable_element(page: Page, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    missing, seen = [], set()
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED_STYLE)
        if not state["inBody"] or state["what"] in seen:
            break
        seen.add(state["what"])
        if not state["visible"]:
            missing.append(state["what"])
    assert len(seen) > 4, "the page has focusable elements"
    assert not missing, f"no visible focus indicator (outline or box-shadow) on: {missing}"


def test_page_titles_are_unique_and_descriptive(page: Page):
    titles = set()
    for _, path in PUBLIC_PAGES[:6]:
        page.goto(path)
        title = page.title()
        assert re.search(r"\S+ – Teilhabe$", title), f"{path}: title {title!r} names the page"
        titles.add(title)
    assert len(titles) == 6


# --------------------------------------------------------------------------- the form, keyboard only

FOCUSED = """() => {
    const el = document.activeElement;
    const labels = el.labels ? [...el.labels].map(l => l.innerText).join(' ') : '';
    return {
        tag: el.tagName.toLowerCase(), type: (el.getAttribute('type') || '').toLowerCase(),
        id: el.id, label: (labels || el.getAttribute('aria-label') || el.innerText || '').trim(),
        checked: !!el.checked, value: el.value || '',
    };
}"""


def focus_is_visible(page: Page) -> str | None:
    """None when the focused element shows an outline or box-shadow, else a description of it."""
    state = page.evaluate(FOCUSED_STYLE)
    return None if state["visible"] or not state["inBody"] else state["what"]


KEYBOARD_VALUES = {
    "Vorname": "Ğül",
    "Nachname": "Çelik",
    "Institution": "Stadt Rudolstadt",
    "Funktion": "Beteiligungsbeauftragte",
    "PLZ": "07407",
    "Ort": "Rudolstadt",
    DESCRIPTION: "Ich begleite Bürgerhaushalte und Jugendbeteiligung in einer Kleinstadt.",
}


def keyboard_through_page(page: Page, values: dict[str, str], tick: tuple[str, ...], press: str) -> list[str]:
    """Tab through the page: type into labelled empty fields, Space on wanted boxes, Enter on `press`.

    Every element that gets the focus on the way must show it (outline or box-shadow).
    """
    done = []
    for _ in range(150):
        page.keyboard.press("Tab")
        invisible = focus_is_visible(page)
        assert invisible is None, f"no visible focus on {invisible} ({page.url})"
        focused = page.evaluate(FOCUSED)
        text = " ".join(focused["label"].replace("(optional)", "").split())
        if focused["tag"] in ("input", "textarea") and focused["type"] not in ("checkbox", "radio"):
            if text in values and not focused["value"]:
                page.keyboard.type(values[text])
                done.append(text)
        elif focused["type"] in ("checkbox", "radio"):
            if any(wanted in text for wanted in tick) and not focused["checked"]:
                page.keyboard.press("Space")
                done.append(text)
        elif focused["tag"] == "button" and text == press:
            page.keyboard.press("Enter")
            page.wait_for_load_state("load")
            return done
    raise AssertionError(f"the button {press!r} was never reached with Tab")


def test_whole_application_form_with_the_keyboard_alone(page: Page, smtp):
    page.goto(f"/netzwerke/{ALLIANZ}/")
    for _ in range(40):  # Tab to the "Mitglied werden" link, follow it with Enter
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.innerText.trim()") == "Mitglied werden":
            page.keyboard.press("Enter")
            break
    expect(page.get_by_text("Schritt 1 von 4", exact=True)).to_be_visible()

    email = "tastatur@beispiel.example"
    values = dict(KEYBOARD_VALUES, **{"E-Mail": email})
    typed = keyboard_through_page(page, values, (), "Weiter")
    expect(page.get_by_text("Schritt 2 von 4", exact=True)).to_be_visible()
    typed += keyboard_through_page(page, values, (), "Weiter")
    expect(page.get_by_text("Schritt 3 von 4", exact=True)).to_be_visible()
    # Radios: Tab enters the group on the first one, Space chooses it (no arrow keys needed).
    typed += keyboard_through_page(page, values, ("Integrierte Partizipation",), "Weiter")
    expect(page.get_by_text("Schritt 4 von 4", exact=True)).to_be_visible()
    typed += keyboard_through_page(page, values, ("Datenschutzerklärung", "Leitgedanken"), "Antrag absenden")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    assert set(values) <= set(typed), f"not reached with the keyboard: {set(values) - set(typed)}"
    assert wait_for_mail(smtp, email, contains="/antrag/bestaetigen/")


def test_failed_submit_focuses_the_error_summary_which_links_to_the_fields(page: Page, checkpoint):
    page.goto(f"/netzwerke/{ALLIANZ}/mitglied-werden")
    by_label(page, "E-Mail").fill("keine-adresse")
    button(page, "Weiter").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fehler:"))
    checkpoint(page, "schritt-1-fehler")

    links = summary.get_by_role("link")
    assert links.count() >= 3, "one link per wrong field (Vorname, Nachname, E-Mail)"
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")
        assert target and target.startswith("#"), f"summary link {link.inner_text()!r} points to a field"
        field = page.locator(target)
        expect(field).to_have_attribute("aria-invalid", "true")
        described = (field.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"#{ident}") for ident in described if ident.endswith("-error")]
        assert messages, f"{target}: aria-describedby names the error message"
        expect(messages[0]).to_be_visible()
        expect(messages[0]).to_contain_text(link.inner_text().strip())

    # Following a summary link with the keyboard brings focus to that field.
    page.keyboard.press("Tab")
    first = page.locator(":focus")
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page.locator(target)).to_be_focused()
    # Typed input survives the error: the wrong e-mail is still there to correct.
    expect(by_label(page, "E-Mail")).to_have_value("keine-adresse")


def test_success_messages_are_announced_in_a_status_region(page: Page, smtp):
    applicant = Applicant()
    apply_for_membership(page, applicant, with_detours=False)
    confirm_and_open_status(page, applicant, smtp)
    message = page.get_by_text("Ihre E-Mail-Adresse ist bestätigt")
    expect(message).to_be_visible()
    in_status = message.evaluate("el => !!el.closest('[role=status]')")
    assert in_status, "the success message is inside a role=status region"
