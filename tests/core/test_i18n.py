"""English, the second UI language: a complete catalog, English pages after the switch, German by default."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from tests.apply_support import apply_as_person, page
from tests.i18n_support import PO_FILE, ROOT, extract_messages, msgid_key, read_catalog

TRANSLATABLE = re.compile(r"""\b_\(\s*["']|\{%-?\s*trans\b""")

BRACES = re.compile(r"\{[a-z_]+\}")
FIX = f"Run `make translations` and translate the new entries in {PO_FILE.relative_to(ROOT)}"


def test_every_entry_of_the_english_catalog_is_translated():
    catalog = read_catalog()
    assert not catalog.fuzzy, "the catalog header is marked fuzzy, so it would not be compiled"
    assert len(catalog) > 0

    untranslated, fuzzy, broken = [], [], []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
        # {netzwerk}-style placeholders (filled with str.replace) are not checked by Babel.
        if any(set(BRACES.findall(ids[-1])) != set(BRACES.findall(s)) for s in strings if s):
            broken.append(f"{message.id!r}: placeholders {BRACES.findall(ids[-1])}")
    for message, errors in catalog.check():  # %(name)s placeholders that differ from the msgid
        broken.append(f"{message.id!r}: {'; '.join(map(str, errors))}")

    assert not untranslated, f"{FIX}. Untranslated:\n" + "\n".join(map(repr, untranslated))
    assert not fuzzy, "Review these fuzzy entries and remove the fuzzy flag:\n" + "\n".join(map(repr, fuzzy))
    assert not broken, "Placeholders differ between msgid and translation:\n" + "\n".join(broken)


def test_every_string_in_the_sources_is_in_the_catalog():
    extracted = extract_messages()
    known = {msgid_key(message.id) for message in read_catalog() if message.id}

    missing = sorted(set(extracted) - known)
    assert not missing, f"{FIX}. Not in the catalog yet:\n" + "\n".join(
        f"{extracted[msgid][0]}: {msgid!r}" for msgid in missing
    )
    stale = sorted(known - set(extracted))
    assert not stale, "Run `make translations` to drop entries no longer used:\n" + "\n".join(map(repr, stale))


def test_the_extraction_covers_every_template_folder():
    """Babel skips folders starting with "_" by default: templates/_macros/ went untranslated."""
    extracted_files = {
        location.rsplit(":", 1)[0] for locations in extract_messages().values() for location in locations
    }
    templates = ROOT / "templates"
    folders = sorted({path.parent for path in templates.rglob("*") if path.suffix in {".html", ".txt"}})
    assert templates / "_macros" in folders
    for folder in folders:
        with_strings = [
            path.relative_to(ROOT).as_posix()
            for path in sorted(folder.glob("*.*"))
            if path.suffix in {".html", ".txt"} and TRANSLATABLE.search(path.read_text(encoding="utf-8"))
        ]
        missed = [name for name in with_strings if name not in extracted_files]
        assert not missed, f"the extraction skips {folder.relative_to(ROOT)}/: nothing extracted from {missed}"


def english(client):
    """Choose English with the language switch in the page header."""
    response = client.get("/sprache/en?next=/")
    assert response.status_code == 302


@pytest.fixture
def network(make_network):
    return make_network(slug="netz", name="Netz für Tests", themenkreise=("Transparenz",))


@pytest.mark.parametrize(
    ("url", "status", "english_texts", "german_texts"),
    [
        (
            "/",
            200,
            ["Networks for citizen participation", "Become a member", "Skip to content"],
            ["Netzwerke für Bürgerbeteiligung", "Mitglied werden", "Zum Inhalt springen"],
        ),
        (
            "/netzwerke/netz/",
            200,
            ["Become a member", "Working groups", "Legal notice"],
            ["Mitglied werden", "Impressum"],
        ),
        (
            "/netzwerke/netz/mitglied-werden/schritt/1",
            200,
            ["Step 1 of 4", "Membership application: Netz für Tests", "First name", "Last name", "Next"],
            ["Schritt 1 von 4", "Vorname", "Nachname", "Weiter"],
        ),
        ("/anmelden", 200, ["Log in", "Password", "Forgotten password?"], ["Anmelden", "Passwort vergessen?"]),
        (
            "/gibt-es-nicht",
            404,
            ["Page not found", "To the list of networks"],
            ["Seite nicht gefunden", "Zur Übersicht der Netzwerke"],
        ),
    ],
)
def test_pages_are_english_after_the_language_switch(client, network, url, status, english_texts, german_texts):
    response = client.get(url)
    assert response.status_code == status
    text = page(response)
    assert '<html lang="de">' in text
    for german in german_texts:
        assert german in text

    english(client)
    response = client.get(url)
    assert response.status_code == status
    text = page(response)
    assert '<html lang="en">' in text
    for shown in english_texts:
        assert shown in text, f"{shown!r} missing on {url} in English"
    for german in german_texts:
        assert german not in text, f"{german!r} still German on {url}"
    assert "Deutsch" in text  # the switch back


def test_german_network_texts_are_marked_german_in_the_english_ui(client, make_network):
    make_network(
        slug="netz",
        name="Netz für Tests",
        short_description="Ein Netzwerk für Beteiligung",
        description="Wir **fördern** Beteiligung vor Ort.",
    )
    german = BeautifulSoup(page(client.get("/netzwerke/netz/")), "html.parser")
    assert german.find("html")["lang"] == "de"
    assert not german.select("main [lang]"), "no lang attribute needed while the page is German"

    english(client)
    for url, text in [("/netzwerke/netz/", "Wir fördern Beteiligung vor Ort."), ("/", "Ein Netzwerk für Beteiligung")]:
        soup = BeautifulSoup(page(client.get(url)), "html.parser")
        assert soup.find("html")["lang"] == "en"
        holder = soup.find(lambda tag, text=text: tag.get("lang") and tag.get_text(" ", strip=True) == text)
        assert holder is not None and holder["lang"] == "de", f"{text!r} is not marked lang=de on {url}"


def test_german_stays_the_default_and_the_choice_is_kept(client, network):
    assert '<html lang="de">' in page(client.get("/netzwerke/netz/"))

    english(client)
    assert '<html lang="en">' in page(client.get("/netzwerke/netz/"))
    assert '<html lang="en">' in page(client.get("/anmelden"))

    client.get("/sprache/de?next=/")
    text = page(client.get("/anmelden"))
    assert '<html lang="de">' in text and "Passwort vergessen?" in text


def test_form_errors_are_english(client, network):
    english(client)
    response = client.post("/netzwerke/netz/mitglied-werden/schritt/1", data={"action": "next"})
    text = page(response)
    assert "Please enter your first name." in text
    assert "Bitte geben Sie" not in text
    assert "Please correct the following entries:" in text  # the error summary (templates/_macros/)
    assert "Bitte korrigieren" not in text


def test_an_application_made_in_english_gets_english_mail(client, runner, smtp):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    english(client)

    response = apply_as_person(client)
    assert response.status_code == 302

    (mail,) = smtp.to("zoe@example.org")
    assert mail["Subject"] == "Please confirm your membership application: Allianz Vielfältige Demokratie"
    text = smtp.text(mail)
    assert text.startswith("Dear Zoë Müller-Lüdenscheidt,")
    assert "Please confirm your email address using this link" in text
    assert "Kind regards" in text and "Guten Tag" not in text
    assert smtp.last_link("zoe@example.org", contains="/antrag/bestaetigen/")


@pytest.mark.parametrize(("lang", "expected"), [("de", "14.02.2026, 13:00 Uhr"), ("en", "14 Feb 2026, 13:00")])
def test_dates_follow_the_language(app, lang, expected):
    moment = datetime(2026, 2, 14, 12, 0, tzinfo=UTC)  # 13:00 in Berlin
    with app.test_request_context(f"/?lang={lang}"):
        assert render_template_string("{{ moment | datetime }}", moment=moment) == expected
        assert render_template_string("{{ day | date }}", day=date(2026, 2, 14)) == expected.split(",")[0]


def test_a_mail_in_another_language_inside_a_request_uses_that_language_and_the_page_its_own(app):
    """The catalogue is remembered per request *and* language: force_locale (a mail to an
    English-speaking member while a German page is rendered) must not get the page's German, and
    the page must not keep the mail's English afterwards."""
    from flask_babel import force_locale
    from flask_babel import gettext as python_gettext

    from app.core.regions import bundesland_name

    template = "{{ _('Zu groß') }}|{{ _('Kein Zugriff') }}"
    with app.test_request_context("/"):
        assert render_template_string(template) == "Zu groß|Kein Zugriff"
        assert bundesland_name("BY") == "Bayern"
        with force_locale("en"):
            assert render_template_string(template) == "Too large|Access denied"
            assert python_gettext("Zu groß") == "Too large"
            assert bundesland_name("BY") == "Bavaria"
        assert render_template_string(template) == "Zu groß|Kein Zugriff"
        assert python_gettext("Zu groß") == "Zu groß"
        assert bundesland_name("BY") == "Bayern"
