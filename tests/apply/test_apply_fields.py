"""Every field rule of the application form with good and bad values, and what the page says."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Application, ApplicationDraft
from tests.apply_support import (
    ACTIVITY,
    INSTITUTION,
    PERSON,
    application_of,
    fill_steps,
    page,
    post_step,
    send,
    step_url,
)

SLUG = "allianz"
TK = "<themenkreis>"  # replaced by the id of the network's first Themenkreis
BASE = {1: PERSON, 2: INSTITUTION, 3: {**ACTIVITY, "themenkreise": TK}}
CONDITIONS = "Ich unterstütze die Leitgedanken und möchte aktiv in einem Themenkreis mitarbeiten."


@pytest.fixture
def allianz(make_network):
    """Configured like the Allianz of the demo content."""
    return make_network(
        slug=SLUG,
        name="Allianz Vielfältige Demokratie",
        one_membership_per_organisation=True,
        themenkreis_required=True,
        conditions="Eine Mitgliedschaft pro Organisation.",
        conditions_confirmation=CONDITIONS,
        themenkreise=("Transparenz", "Qualität"),
    )


@pytest.fixture
def at_step(client, allianz):
    """Open the form and complete the steps before `step`; returns the data for each step."""

    def go(step: int) -> dict[int, dict]:
        data = {
            n: {k: (str(allianz.themenkreise[0].id) if v == TK else v) for k, v in d.items()} for n, d in BASE.items()
        }
        client.get(f"/netzwerke/{SLUG}/mitglied-werden")
        for number in range(1, step):
            assert post_step(client, SLUG, number, data[number]).status_code == 302
        return data

    return go


def stored(name: str):
    db.session.expire_all()
    return db.session.scalar(sa.select(ApplicationDraft)).data["values"][name]


GOOD = [
    (1, {"first_name": "Zoë"}, "first_name", "Zoë"),
    (1, {"first_name": "  Ğül  "}, "first_name", "Ğül"),
    (1, {"first_name": "Anna   Lena"}, "first_name", "Anna Lena"),
    (1, {"first_name": "Dr. Jean-Luc"}, "first_name", "Dr. Jean-Luc"),
    (1, {"last_name": "Müller-Lüdenscheidt"}, "last_name", "Müller-Lüdenscheidt"),
    (1, {"last_name": "Çelik"}, "last_name", "Çelik"),
    (1, {"last_name": "O'Brien"}, "last_name", "O'Brien"),
    (1, {"last_name": "Nguyễn"}, "last_name", "Nguyễn"),
    (1, {"email": " Zoe.Mueller@Example.ORG "}, "email", "zoe.mueller@example.org"),
    (1, {"email": "kim+netzwerk@beispiel.de"}, "email", "kim+netzwerk@beispiel.de"),
    (1, {"phone": "030 1234567"}, "phone", "+49301234567"),
    (1, {"phone": "0171/2345678"}, "phone", "+491712345678"),
    (1, {"phone": "+49 (30) 1234567"}, "phone", "+49301234567"),
    (1, {"phone": "+33 1 42 68 53 00"}, "phone", "+33142685300"),
    (1, {"phone": ""}, "phone", ""),
    (2, {"postcode": "01067"}, "postcode", "01067"),
    (2, {"postcode": " 10117 "}, "postcode", "10117"),
    (2, {"country": "Österreich", "postcode": "1010"}, "postcode", "1010"),
    (2, {"street": ""}, "street", ""),
    (
        2,
        {"institution": "Landeszentrale für politische Bildung"},
        "institution",
        "Landeszentrale für politische Bildung",
    ),
    (3, {"description": "x" * 1500}, "description", "x" * 1500),
    (3, {"description": "Zeile eins\r\nZeile zwei"}, "description", "Zeile eins\nZeile zwei"),
    (3, {"description": "a" * 1498 + "\r\n" + "b"}, "description", "a" * 1498 + "\n" + "b"),
]


@pytest.mark.parametrize("step, values, name, expected", GOOD, ids=lambda v: repr(v)[:40])
def test_good_values_are_accepted_and_normalised(client, at_step, step, values, name, expected):
    data = at_step(step)
    response = post_step(client, SLUG, step, {**data[step], **values})
    assert response.status_code == 302, page(response)
    assert stored(name) == expected


BAD = [
    (1, {"first_name": ""}, "first_name", "Bitte geben Sie Ihren Vornamen an."),
    (1, {"first_name": "   "}, "first_name", "Bitte geben Sie Ihren Vornamen an."),
    (1, {"first_name": "Kim3"}, "first_name", "Bitte verwenden Sie nur Buchstaben"),
    (1, {"last_name": "<script>"}, "last_name", "Bitte verwenden Sie nur Buchstaben"),
    (1, {"last_name": ""}, "last_name", "Bitte geben Sie Ihren Nachnamen an."),
    (1, {"first_name": "A" * 101}, "first_name", "höchstens 100 Zeichen (derzeit 101)"),
    (1, {"email": ""}, "email", "Bitte geben Sie Ihre E-Mail-Adresse an."),
    (1, {"email": "zoe@"}, "email", "Bitte geben Sie eine gültige E-Mail-Adresse an"),
    (1, {"email": "zoe example.org"}, "email", "Bitte geben Sie eine gültige E-Mail-Adresse an"),
    (1, {"email": "a" * 250 + "@example.org"}, "email", "höchstens 254 Zeichen"),
    (1, {"phone": "12"}, "phone", "Bitte geben Sie eine gültige Telefonnummer an"),
    (1, {"phone": "Telefon"}, "phone", "Bitte geben Sie eine gültige Telefonnummer an"),
    (2, {"institution": ""}, "institution", "Bitte geben Sie die Institution an"),
    (2, {"institution": "I" * 201}, "institution", "höchstens 200 Zeichen (derzeit 201)"),
    (2, {"function": ""}, "function", "Bitte geben Sie Ihre Funktion an."),
    (2, {"postcode": "1011"}, "postcode", "Postleitzahl mit fünf Ziffern"),
    (2, {"postcode": "ABCDE"}, "postcode", "Postleitzahl mit fünf Ziffern"),
    (2, {"postcode": "101170"}, "postcode", "Postleitzahl mit fünf Ziffern"),
    (2, {"postcode": ""}, "postcode", "Bitte geben Sie die Postleitzahl an."),
    (2, {"country": "Österreich", "postcode": "12345678901"}, "postcode", "höchstens 10 Zeichen"),
    (2, {"city": ""}, "city", "Bitte geben Sie den Ort an."),
    (2, {"city": "O" * 101}, "city", "höchstens 100 Zeichen"),
    (2, {"country": ""}, "country", "Bitte geben Sie das Land an."),
    (2, {"street": "S" * 201}, "street", "höchstens 200 Zeichen"),
    (3, {"description": ""}, "description", "Bitte beschreiben Sie kurz Ihre Tätigkeiten"),
    (3, {"description": "x" * 1501}, "description", "höchstens 1500 Zeichen (derzeit 1501)"),
    (3, {"themenkreise": ""}, "themenkreise", "Bitte wählen Sie einen Themenkreis."),
    (3, {"themenkreise": "99999"}, "themenkreise", "Bitte wählen Sie eine der angebotenen Möglichkeiten."),
    (3, {"themenkreise": "abc"}, "themenkreise", "Bitte wählen Sie einen Themenkreis."),
]


@pytest.mark.parametrize("step, values, name, message", BAD, ids=lambda v: repr(v)[:40])
def test_bad_values_are_explained_at_the_field_and_in_the_summary(client, at_step, step, values, name, message):
    data = at_step(step)
    response = post_step(client, SLUG, step, {**data[step], **values})

    assert response.status_code == 200
    text = page(response)
    assert message in text
    assert f'id="{name}-error"' in text
    # A radio group or checkbox list is linked through its first input (a fieldset takes no focus).
    assert re.search(rf'<a class="kern-link" href="#{name}(-0)?">[^<]*{re.escape(message[:20])}', text)
    assert "<title>Fehler:" in text
    assert text.count('class="kern-error"') == 1  # only the broken field complains


def test_error_markup_links_message_and_field(client, at_step):
    data = at_step(1)
    text = page(post_step(client, SLUG, 1, {**data[1], "email": "zoe@"}))

    email_input = re.search(r'<input[^>]*name="email"[^>]*>', text).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="email-hint email-error"' in email_input
    assert 'id="fehlerliste"' in text and "data-error-summary" in text and 'role="alert"' in text
    first_name = re.search(r'<input[^>]*name="first_name"[^>]*>', text).group(0)
    assert "aria-invalid" not in first_name


def test_everything_typed_is_kept_after_an_error(client, at_step):
    data = at_step(2)
    typed = {**data[2], "institution": "Bürgerbüro <Süd> & Co", "postcode": "1234", "street": "Hauptstr. 5"}
    text = page(post_step(client, SLUG, 2, typed))

    assert 'value="Bürgerbüro &lt;Süd&gt; &amp; Co"' in text
    assert 'value="1234"' in text and 'value="Hauptstr. 5"' in text and 'value="Köln"' in text
    # ... and also after leaving the page and coming back.
    assert 'value="1234"' in page(client.get(step_url(SLUG, 2)))


def test_a_themenkreis_of_another_network_is_refused(client, at_step, make_network):
    other = make_network(slug="andere", themenkreise=("Fremd",))
    data = at_step(3)
    text = page(post_step(client, SLUG, 3, {**data[3], "themenkreise": str(other.themenkreise[0].id)}))
    assert "Bitte wählen Sie eine der angebotenen Möglichkeiten." in text


def test_several_themenkreise_where_the_network_allows_it(client, make_network):
    network = make_network(
        slug="viele", multiple_themenkreise=True, themenkreise=("Transparenz", "Qualität", "Kompetenz")
    )
    client.get("/netzwerke/viele/mitglied-werden")
    post_step(client, "viele", 1, PERSON)
    post_step(client, "viele", 2, INSTITUTION)
    step3 = page(client.get(step_url("viele", 3)))
    assert 'type="checkbox"' in step3 and "Themenkreise" in step3
    ids = [str(tk.id) for tk in network.themenkreise]
    response = client.post(step_url("viele", 3), data={**ACTIVITY, "themenkreise": [ids[0], ids[2]], "action": "next"})
    assert response.status_code == 302
    step4 = page(client.get(step_url("viele", 4)))
    assert "Transparenz, Kompetenz" in step4
    send(client, "viele", step4)
    assert [tk.name for tk in application_of(PERSON["email"]).themenkreise] == ["Transparenz", "Kompetenz"]


ORGANISATION = {
    "institution": "Bürgerstiftung Freiburg",
    "organisation_type": "civil_society",
    "postcode": "79098",
    "city": "Freiburg",
    "country": "Deutschland",
}


@pytest.mark.parametrize(
    "values, message",
    [
        ({"organisation_type": ""}, "Bitte wählen Sie die Art der Organisation."),
        ({"organisation_type": "raumschiff"}, "Bitte wählen Sie eine der angebotenen Möglichkeiten."),
        ({"institution": ""}, "Bitte geben Sie den Namen der Organisation an."),
        ({"website": "kein link"}, "Bitte geben Sie eine Web-Adresse an"),
        ({"website": "javascript:alert(1)"}, "Bitte geben Sie eine Web-Adresse an"),
        ({"website": "ftp://dateien.example"}, "Bitte geben Sie eine Web-Adresse an"),
        ({"website": "localhost"}, "Bitte geben Sie eine Web-Adresse an"),
        ({"website": "http://["}, "Bitte geben Sie eine Web-Adresse an"),  # urlsplit raises: never a 500
        ({"website": "https://beispiel.de:99999"}, "Bitte geben Sie eine Web-Adresse an"),
    ],
)
def test_organisation_fields(client, make_network, values, message):
    make_network(slug="orgs", accepts_persons=False, accepts_organisations=True)
    client.get("/netzwerke/orgs/mitglied-werden")
    post_step(client, "orgs", 1, PERSON)
    text = page(post_step(client, "orgs", 2, {**ORGANISATION, **values}))
    assert message in text


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("www.buergerstiftung.example", "https://www.buergerstiftung.example"),
        ("http://buergerstiftung.example/ueber-uns", "http://buergerstiftung.example/ueber-uns"),
        ("", ""),
    ],
)
def test_website_is_normalised(client, make_network, typed, expected):
    make_network(slug="orgs", accepts_persons=False, accepts_organisations=True)
    client.get("/netzwerke/orgs/mitglied-werden")
    post_step(client, "orgs", 1, PERSON)
    assert post_step(client, "orgs", 2, {**ORGANISATION, "website": typed}).status_code == 302
    assert stored("website") == expected


def test_labels_autocomplete_and_hints_of_the_allianz_form(client, at_step):
    at_step(1)
    step1 = page(client.get(step_url(SLUG, 1)))
    for name, label, token in [
        ("first_name", "Vorname", "given-name"),
        ("last_name", "Nachname", "family-name"),
        ("email", "E-Mail", "email"),
        ("phone", "Telefon", "tel"),
    ]:
        assert re.search(rf'<label class="kern-label" for="{name}">{label}\b', step1), label
        assert re.search(rf'<input[^>]*autocomplete="{token}"[^>]*name="{name}"', step1), token
    assert re.search(r'for="phone">Telefon <span class="kern-label__optional">\(optional\)', step1)
    assert re.search(r'for="email">E-Mail</label>', step1)  # required: no optional mark

    post_step(client, SLUG, 1, PERSON)
    step2 = page(client.get(step_url(SLUG, 2)))
    for name, label, token in [
        ("institution", "Institution", "organization"),
        ("function", "Funktion", "organization-title"),
        ("street", "Straße und Hausnummer", "address-line1"),
        ("postcode", "PLZ", "postal-code"),
        ("city", "Ort", "address-level2"),
        ("country", "Land", "country-name"),
    ]:
        assert re.search(rf'<label class="kern-label" for="{name}">{label}\b', step2), label
        assert re.search(rf'<input[^>]*autocomplete="{token}"[^>]*name="{name}"', step2), token
    assert 'value="Deutschland"' in step2
    assert "Schritt 2 von 4" in step2 and "Institution und Anschrift" in step2

    post_step(client, SLUG, 2, INSTITUTION)
    step3 = page(client.get(step_url(SLUG, 3)))
    assert (
        '<label class="kern-label" for="description">Kurze Darstellung Ihrer Tätigkeiten, Erfahrungen und '
        "Interessen im Bereich der Partizipation</label>"
    ) in step3
    assert 'data-counter="1500"' in step3
    assert re.search(r'<fieldset[^>]*id="themenkreise"[^>]*>\s*<legend class="kern-label">Themenkreis</legend>', step3)
    assert step3.count('type="radio"') == 2


def test_consent_and_directory_checkboxes(client, at_step):
    data = at_step(4)
    step4 = page(client.get(step_url(SLUG, 4)))
    directory = re.search(r'<input[^>]*name="wants_directory_listing"[^>]*>', step4).group(0)
    assert "checked" not in directory
    assert 'for="wants_directory_listing">Im Mitgliederverzeichnis sichtbar sein</label>' in step4
    assert re.search(
        r'<label class="kern-label" for="consent_privacy">Ich habe die <a class="kern-link" '
        rf'href="/netzwerke/{SLUG}/datenschutz"[^>]*>Datenschutzerklärung',
        step4,
    )
    assert f'for="consent_conditions">{CONDITIONS}</label>' in step4
    assert 'formaction="/netzwerke/allianz/mitglied-werden/schritt/4"' in step4

    refused = send(client, SLUG, step4, {"consent_privacy": None, "consent_conditions": None})
    assert refused.status_code == 200
    text = page(refused)
    assert "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben" in text
    assert "Bitte bestätigen Sie die Bedingungen der Mitgliedschaft." in text
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 0
    assert data  # the summary is still there after the error
    assert "Müller-Lüdenscheidt" in text

    send(client, SLUG, step4, {"wants_directory_listing": "y"})
    assert application_of(PERSON["email"]).wants_directory_listing is True


def test_networks_without_directory_do_not_ask(client, make_network):
    make_network(slug="ohne", directory_enabled=False, themenkreise=())
    step4 = fill_steps(client, "ohne", PERSON, INSTITUTION, ACTIVITY)
    assert "wants_directory_listing" not in step4
    assert "Themenkreis" not in step4
    assert send(client, "ohne", step4, {"wants_directory_listing": "y"}).status_code == 302
    assert application_of(PERSON["email"]).wants_directory_listing is False


GARBAGE = [
    ({"first_name": "Z" * 200_000}, 200),
    ({"last_name": "ä" * 100_000}, 200),
    ({"first_name": "Zo\x00ë"}, 400),
    ({"applicant_kind": "admin", "is_admin": "1", "state": "accepted"}, 302),
    ({"action": "explode"}, 302),
    ({"themenkreise": [str(n) for n in range(2000)]}, 302),
    ({"email": "zoe@example.org\r\nBcc: alle@example.org"}, 200),
]


@pytest.mark.parametrize("values, status", GARBAGE, ids=lambda v: repr(v)[:30])
def test_garbage_never_breaks_the_form(client, at_step, values, status):
    data = at_step(1)
    response = post_step(client, SLUG, 1, {**data[1], **values})
    assert response.status_code == status
    if status == 400:
        assert "Ungültige Anfrage" in page(response)


def test_too_large_requests_get_a_friendly_page(client, at_step):
    data = at_step(1)
    response = post_step(client, SLUG, 1, {**data[1], "last_name": "x" * 2_000_000})
    assert response.status_code == 413
    assert "Zu groß" in page(response)


def test_nothing_can_be_smuggled_into_the_application(client, at_step):
    data = at_step(4)
    for step in (1, 2, 3):
        post_step(client, SLUG, step, {**data[step], "state": "accepted", "account_id": "1"})
    step4 = page(client.get(step_url(SLUG, 4)))
    send(client, SLUG, step4, {"state": "accepted", "version": "99"})
    application = application_of(PERSON["email"])
    assert application.state.value == "unconfirmed" and application.account_id is None


def test_long_texts_are_never_cut_off_by_the_browser(client, at_step):
    """No maxlength on the text area: pasted text stays complete, the counter and the server explain."""
    at_step(3)
    step3 = page(client.get(step_url(SLUG, 3)))
    textarea = re.search(r"<textarea[^>]*>", step3).group(0)
    assert "maxlength" not in textarea and 'data-counter="1500"' in textarea
