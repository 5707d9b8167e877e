"""The applicant's journey over HTTP: network page → four steps → mail → confirmation → status."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    ApplicantKind,
    Application,
    ApplicationState,
    ConsentKind,
    CoordinatorAssignment,
    HistoryKind,
    OrganisationType,
)
from tests.apply_support import (
    ACTIVITY,
    ALLIANZ,
    BUERGERHAUSHALT,
    BW,
    INSTITUTION,
    KOMMUNEN,
    PERSON,
    application_of,
    apply_as_person,
    fill_steps,
    network,
    page,
    post_step,
    send,
    step_url,
    themenkreis_id,
)

S = ApplicationState
CONFIRM = "/antrag/bestaetigen/"
STATUS = "/antrag/status/"


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def test_allianz_journey_from_network_page_to_confirmed_application(client, demo, smtp, make_account):
    allianz = network(ALLIANZ)
    coordinator = make_account("koordination@allianz.example", coordinates=[allianz])
    silent = make_account("still@allianz.example", coordinates=[allianz])
    db.session.execute(
        sa.update(CoordinatorAssignment).where(CoordinatorAssignment.account_id == silent.id).values(notify=False)
    )
    db.session.commit()

    network_page = page(client.get(f"/netzwerke/{ALLIANZ}/"))
    assert f'href="/netzwerke/{ALLIANZ}/mitglied-werden"' in network_page

    response = client.get(f"/netzwerke/{ALLIANZ}/mitglied-werden", follow_redirects=True)
    first = page(response)
    assert "Schritt 1 von 4" in first and "Person" in first
    assert 'aria-current="step"' in first

    step4 = fill_steps(
        client, ALLIANZ, PERSON, INSTITUTION, {**ACTIVITY, "themenkreise": str(themenkreis_id(ALLIANZ, "Transparenz"))}
    )
    assert "Schritt 4 von 4" in step4
    assert "Antrag absenden" in step4 and "Zurück" in step4
    for shown in (
        "Zoë",
        "Müller-Lüdenscheidt",
        "zoe@example.org",
        "030 1234567",
        "Stadtverwaltung Köln",
        "Referentin für Bürgerbeteiligung",
        "50667",
        "Köln",
        "Transparenz",
        ACTIVITY["description"],
    ):
        assert shown in step4
    assert step4.count(">Ändern<") == 3

    response = send(client, ALLIANZ, step4)
    assert response.status_code == 302
    assert response.location.endswith(f"/netzwerke/{ALLIANZ}/mitglied-werden/gesendet")
    sent = page(client.get(response.location))
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in sent and "zoe@example.org" in sent

    application = application_of("zoe@example.org")
    assert application.state is S.UNCONFIRMED
    assert application.applicant_kind is ApplicantKind.PERSON
    assert (application.first_name, application.last_name) == ("Zoë", "Müller-Lüdenscheidt")
    assert application.phone == "+49301234567"
    assert [tk.name for tk in application.themenkreise] == ["Transparenz"]
    assert application.wants_directory_listing is False
    assert {record.consent_text.kind for record in application.consent_records} == {
        ConsentKind.PRIVACY,
        ConsentKind.CONDITIONS,
    }
    # Unconfirmed applications never reach coordinators.
    assert smtp.to(coordinator.email) == []

    [confirmation] = smtp.to("zoe@example.org")
    assert "bestätigen" in str(confirmation["Subject"])
    assert "Allianz Vielfältige Demokratie" in smtp.text(confirmation)
    assert 'href="http://localhost/antrag/bestaetigen/' in smtp.html(confirmation)
    link = smtp.last_link("zoe@example.org", contains=CONFIRM)

    # Opening the link only shows a button: a mail scanner fetching it confirms nothing.
    shown = client.get(link)
    assert shown.status_code == 200 and "Bestätigen" in page(shown)
    assert application_of("zoe@example.org").state is S.UNCONFIRMED
    response = client.post(link)
    assert response.status_code == 302 and STATUS in response.location
    status_page = page(client.get(response.location))
    assert "eingegangen" in status_page
    assert "Ihre E-Mail-Adresse ist bestätigt" in status_page
    assert "Antrag gestellt" in status_page and "E-Mail-Adresse bestätigt, Antrag eingegangen" in status_page
    assert "Antrag zurückziehen" in status_page
    application = application_of("zoe@example.org")
    assert application.state is S.RECEIVED and application.confirmed_at is not None

    receipt = smtp.to("zoe@example.org")[-1]
    receipt_text = smtp.text(receipt)
    assert "Eingangsbestätigung" in str(receipt["Subject"])
    assert "Stadtverwaltung Köln" in receipt_text and "Transparenz" in receipt_text
    assert "Im Mitgliederverzeichnis sichtbar sein: Nein" in receipt_text
    status_link = smtp.last_link("zoe@example.org", contains=STATUS)
    assert client.get(status_link).status_code == 200

    [notification] = smtp.to(coordinator.email)
    assert smtp.links(notification) == [f"http://localhost/koordination/{ALLIANZ}/antraege/{application.id}"]
    assert "Zoë Müller-Lüdenscheidt" in smtp.text(notification)
    assert smtp.to(silent.email) == []


def test_status_page_is_private_and_unknown_links_are_friendly(client, demo, smtp):
    apply_as_person(client)
    response = client.post(smtp.last_link("zoe@example.org", contains=CONFIRM), follow_redirects=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]

    for url in (f"{STATUS}falsch", f"{STATUS}{'x' * 500}", f"{CONFIRM}falsch"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Link erneut senden" in page(response)


def test_organisation_network_asks_for_the_organisation_and_a_contact_person(client, demo, smtp):
    step1 = page(client.get(f"/netzwerke/{BW}/mitglied-werden", follow_redirects=True))
    assert "Ansprechperson" in step1
    assert 'name="applicant_kind"' not in step1  # organisations only: nothing to choose

    post_step(client, BW, 1, {**PERSON, "email": "kontakt@buergerstiftung.example"})
    step2 = page(client.get(step_url(BW, 2)))
    for label in (
        "Name der Organisation",
        "Art der Organisation",
        "Website",
        "Ihre Funktion in der Organisation",
        "Straße und Hausnummer",
        "PLZ",
        "Ort",
        "Land",
    ):
        assert f">{label}" in step2
    assert 'autocomplete="organization"' in step2 and 'autocomplete="url"' in step2

    organisation = {
        "institution": "Bürgerstiftung Freiburg e.V.",
        "organisation_type": "civil_society",
        "website": "www.buergerstiftung-freiburg.example",
        "postcode": "79098",
        "city": "Freiburg",
        "country": "Deutschland",
    }
    assert post_step(client, BW, 2, organisation).status_code == 302
    assert post_step(client, BW, 3, ACTIVITY).status_code == 302
    step4 = page(client.get(step_url(BW, 4)))
    assert "Zivilgesellschaft" in step4 and "Name der Organisation" in step4
    assert send(client, BW, step4).status_code == 302

    application = application_of("kontakt@buergerstiftung.example")
    assert application.applicant_kind is ApplicantKind.ORGANISATION
    assert application.organisation_type is OrganisationType.CIVIL_SOCIETY
    assert application.institution == "Bürgerstiftung Freiburg e.V."
    assert application.institution_normalized == "bürgerstiftung freiburg"
    assert application.website == "https://www.buergerstiftung-freiburg.example"

    client.post(smtp.last_link("kontakt@buergerstiftung.example", contains=CONFIRM))
    assert application_of("kontakt@buergerstiftung.example").state is S.RECEIVED


def test_municipality_network_asks_for_the_municipality_and_its_conditions(client, demo, smtp):
    step1 = page(client.get(f"/netzwerke/{KOMMUNEN}/mitglied-werden", follow_redirects=True))
    assert "Ansprechperson" in step1
    municipality = {
        "institution": "Stadt Saalfeld/Saale",
        "website": "saalfeld.example",
        "function": "Bürgermeister",
        "postcode": "07318",
        "city": "Saalfeld/Saale",
        "country": "Deutschland",
    }
    step4 = fill_steps(client, KOMMUNEN, {**PERSON, "email": "rathaus@saalfeld.example"}, municipality, ACTIVITY)
    assert "Name der Kommune" in step4
    assert "Unsere Kommune möchte am Jahresprogramm teilnehmen" in step4

    refused = send(client, KOMMUNEN, step4, {"consent_conditions": None})
    assert refused.status_code == 200
    assert "Bitte bestätigen Sie die Bedingungen der Mitgliedschaft." in page(refused)
    assert application_of("rathaus@saalfeld.example") is None

    assert send(client, KOMMUNEN, step4).status_code == 302
    application = application_of("rathaus@saalfeld.example")
    assert application.applicant_kind is ApplicantKind.MUNICIPALITY
    assert application.organisation_type is OrganisationType.MUNICIPALITY
    assert application.institution == "Stadt Saalfeld/Saale"
    client.post(smtp.last_link("rathaus@saalfeld.example", contains=CONFIRM))
    assert application_of("rathaus@saalfeld.example").state is S.RECEIVED


def test_mixed_network_shows_the_fields_of_the_chosen_kind_without_javascript(client, demo, smtp):
    step1 = page(client.get(f"/netzwerke/{BUERGERHAUSHALT}/mitglied-werden", follow_redirects=True))
    assert "als Person" in step1 and "für eine Institution" in step1
    assert 'type="radio"' in step1 and 'name="applicant_kind"' in step1

    missing = post_step(client, BUERGERHAUSHALT, 1, PERSON)
    assert "Bitte wählen Sie, ob Sie als Person oder für eine Institution beantragen." in page(missing)

    post_step(client, BUERGERHAUSHALT, 1, {**PERSON, "applicant_kind": "organisation"})
    organisation_step = page(client.get(step_url(BUERGERHAUSHALT, 2)))
    assert "Name der Organisation" in organisation_step and "Art der Organisation" in organisation_step
    post_step(
        client,
        BUERGERHAUSHALT,
        2,
        {
            "institution": "Verein Bürgerhaushalt Jena",
            "organisation_type": "other",
            "website": "jena.example",
            "postcode": "07743",
            "city": "Jena",
            "country": "Deutschland",
        },
    )

    # Change of mind: back to step 1, now as a person; the organisation's fields disappear.
    post_step(client, BUERGERHAUSHALT, 1, {**PERSON, "applicant_kind": "person"})
    person_step = page(client.get(step_url(BUERGERHAUSHALT, 2)))
    assert ">Institution" in person_step and "Art der Organisation" not in person_step
    assert ">Funktion" in person_step
    assert "(optional)" in person_step  # institution and function are optional here
    assert 'value="Verein Bürgerhaushalt Jena"' in person_step  # typed before: still there
    post_step(
        client,
        BUERGERHAUSHALT,
        2,
        {"institution": "Verein Bürgerhaushalt Jena", "postcode": "07743", "city": "Jena", "country": "Deutschland"},
    )
    post_step(client, BUERGERHAUSHALT, 3, ACTIVITY)
    assert send(client, BUERGERHAUSHALT, page(client.get(step_url(BUERGERHAUSHALT, 4)))).status_code == 302

    application = application_of(PERSON["email"])
    assert application.applicant_kind is ApplicantKind.PERSON
    assert application.organisation_type is None and application.website == ""
    assert application.institution == "Verein Bürgerhaushalt Jena"
    assert application.themenkreise == []


def test_closed_network_says_so_instead_of_the_form(client, make_network):
    make_network(slug="zu", applications_open=False)

    for url in ("/netzwerke/zu/mitglied-werden", step_url("zu", 1)):
        response = client.get(url)
        assert response.status_code == 200
        text = page(response)
        assert "Zurzeit keine Aufnahme neuer Mitglieder" in text
        assert 'name="first_name"' not in text
    assert client.post(step_url("zu", 1), data=PERSON).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 0


def test_full_programme_says_places_are_taken(client, make_network, make_member):
    full = make_network(
        slug="programm",
        capacity=1,
        programme_period="Methodenprogramm 2026/27",
        accepts_persons=False,
        accepts_municipalities=True,
    )
    response = client.get("/netzwerke/programm/mitglied-werden")
    assert response.status_code == 302  # a place is free

    make_member(full, kind=ApplicantKind.MUNICIPALITY, organisation="Stadt Saalfeld")
    text = page(client.get("/netzwerke/programm/mitglied-werden"))
    assert "Alle Plätze sind vergeben" in text
    assert "Methodenprogramm 2026/27" in text


def test_unknown_network_and_step_are_404(client, make_network):
    make_network(slug="netz")
    assert client.get("/netzwerke/gibt-es-nicht/mitglied-werden").status_code == 404
    assert client.get(step_url("netz", 0)).status_code == 404
    assert client.get(step_url("netz", 5)).status_code == 404


def test_steps_cannot_be_skipped(client, make_network):
    make_network(slug="netz")
    client.get("/netzwerke/netz/mitglied-werden")
    response = client.get(step_url("netz", 3))
    assert response.status_code == 302 and response.location.endswith(step_url("netz", 1))


def test_back_keeps_everything_even_unfinished_input(client, make_network):
    make_network(slug="netz", themenkreise=("Transparenz",))
    client.get("/netzwerke/netz/mitglied-werden")
    post_step(client, "netz", 1, PERSON)
    # Half-filled step 2 with a wrong postcode: "Zurück" saves it without complaining.
    response = post_step(client, "netz", 2, {"institution": "Landkreis Görlitz", "postcode": "123"}, action="back")
    assert response.status_code == 302 and response.location.endswith(step_url("netz", 1))

    step1 = page(client.get(step_url("netz", 1)))
    assert 'value="Zoë"' in step1 and 'value="zoe@example.org"' in step1
    assert 'value="030 1234567"' in step1  # shown again in the national format

    post_step(client, "netz", 1, PERSON)
    step2 = page(client.get(step_url("netz", 2)))
    assert 'value="Landkreis Görlitz"' in step2 and 'value="123"' in step2
    assert "kern-error" not in step2


def test_change_links_lead_back_to_the_summary(client, demo):
    step4 = fill_steps(
        client, ALLIANZ, PERSON, INSTITUTION, {**ACTIVITY, "themenkreise": str(themenkreis_id(ALLIANZ, "Qualität"))}
    )
    change = re.search(r'href="([^"]*schritt/2\?summary=1)"', step4).group(1)
    step2 = page(client.get(change))
    assert 'name="summary" value="1"' in step2

    response = client.post(
        change.split("?")[0],
        data={**INSTITUTION, "city": "Bonn", "postcode": "53111", "summary": "1", "action": "next"},
    )
    assert response.location.endswith(step_url(ALLIANZ, 4))
    step4 = page(client.get(step_url(ALLIANZ, 4)))
    assert "Bonn" in step4 and "Qualität" in step4


def test_double_submit_creates_exactly_one_application(client, demo, smtp):
    step4 = fill_steps(
        client, ALLIANZ, PERSON, INSTITUTION, {**ACTIVITY, "themenkreise": str(themenkreis_id(ALLIANZ, "Kompetenz"))}
    )
    first = send(client, ALLIANZ, step4)
    second = send(client, ALLIANZ, step4)

    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 1
    assert len(smtp.to(PERSON["email"])) == 1


def test_a_race_of_two_submissions_ends_on_the_same_page(client, demo, smtp):
    """Two requests read the draft before either commits: the unique token stops the second."""
    from app.models import ApplicationDraft

    step4 = fill_steps(
        client, ALLIANZ, PERSON, INSTITUTION, {**ACTIVITY, "themenkreise": str(themenkreis_id(ALLIANZ, "Kompetenz"))}
    )
    draft = db.session.scalar(sa.select(ApplicationDraft))
    copy = ApplicationDraft(token=draft.token, network_id=draft.network_id, data=dict(draft.data))
    assert send(client, ALLIANZ, step4).status_code == 302
    db.session.add(copy)  # the draft as the second request still saw it
    db.session.commit()

    response = send(client, ALLIANZ, step4)
    assert response.status_code == 302 and response.location.endswith("/mitglied-werden/gesendet")
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 1
    assert len(smtp.to(PERSON["email"])) == 1


def test_after_sending_a_new_visit_starts_an_empty_form(client, demo, smtp):
    apply_as_person(client)
    step1 = page(client.get(f"/netzwerke/{ALLIANZ}/mitglied-werden", follow_redirects=True))
    assert 'value="Zoë"' not in step1
    apply_as_person(client, email="kollegin@example.org", first_name="Ğül", last_name="Çelik")
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 2


def test_withdraw_from_the_status_page(client, demo, smtp, make_account):
    coordinator = make_account("koordination@allianz.example", coordinates=[network(ALLIANZ)])
    apply_as_person(client)
    status_url = client.post(smtp.last_link(PERSON["email"], contains=CONFIRM)).location

    confirm_page = page(client.get(f"{status_url}/zurueckziehen"))
    assert "Möchten Sie Ihren Antrag wirklich zurückziehen?" in confirm_page
    assert 'method="post"' in confirm_page
    assert application_of(PERSON["email"]).state is S.RECEIVED  # looking is not withdrawing

    response = client.post(f"{status_url}/zurueckziehen", data={"reason": "Ich wechsle die Stelle."})
    assert response.status_code == 302
    status_page = page(client.get(status_url))
    assert "zurückgezogen" in status_page and "Ich wechsle die Stelle." in status_page
    assert "Antrag zurückziehen</span></a>" not in status_page

    application = application_of(PERSON["email"])
    assert application.state is S.WITHDRAWN and application.decided_at is not None
    assert "zurückgezogen" in str(smtp.to(PERSON["email"])[-1]["Subject"])
    withdrawn_mail = smtp.to(coordinator.email)[-1]
    assert "Ich wechsle die Stelle." in smtp.text(withdrawn_mail)

    again = client.post(f"{status_url}/zurueckziehen", data={}, follow_redirects=True)
    assert "kann nicht mehr zurückgezogen werden" in page(again)


def test_answering_a_question_of_the_coordinators(client, demo, smtp, make_account):
    from app.core.history import record
    from app.review.transitions import Actor, change_state

    coordinator = make_account("koordination@allianz.example", coordinates=[network(ALLIANZ)])
    apply_as_person(client)
    status_url = client.post(smtp.last_link(PERSON["email"], contains=CONFIRM)).location
    application = application_of(PERSON["email"])
    change_state(application, S.IN_REVIEW, actor=Actor.COORDINATOR, account=coordinator)
    record(HistoryKind.NOTE, application=application, actor=coordinator, message="Geheime Notiz", internal=True)
    change_state(
        application,
        S.QUERY,
        actor=Actor.COORDINATOR,
        account=coordinator,
        kind=HistoryKind.QUESTION,
        message="In welcher Abteilung arbeiten Sie?",
    )
    db.session.commit()

    status_page = page(client.get(status_url))
    assert "Rückfrage der Koordination" in status_page
    assert "In welcher Abteilung arbeiten Sie?" in status_page
    assert "Geheime Notiz" not in status_page
    assert coordinator.last_name not in status_page  # coordinators appear as "Koordination"

    empty = client.post(f"{status_url}/antwort", data={"answer": "   "})
    assert empty.status_code == 200
    assert "Bitte schreiben Sie Ihre Antwort." in page(empty)
    assert 'aria-invalid="true"' in page(empty)

    answer = "Im Amt für Stadtentwicklung,\nAbteilung Beteiligung."
    response = client.post(f"{status_url}/antwort", data={"answer": answer})
    assert response.status_code == 302

    application = application_of(PERSON["email"])
    assert application.state is S.IN_REVIEW
    [entry] = [e for e in application.history if e.kind is HistoryKind.ANSWER]
    assert entry.message == answer and entry.from_state is S.QUERY and entry.to_state is S.IN_REVIEW
    status_page = page(client.get(status_url))
    assert "Antwort auf die Rückfrage" in status_page and "Abteilung Beteiligung." in status_page
    assert 'name="answer"' not in status_page
    assert "Abteilung Beteiligung." in smtp.text(smtp.to(coordinator.email)[-1])

    late = client.post(f"{status_url}/antwort", data={"answer": "Noch etwas"}, follow_redirects=True)
    assert "nicht möglich" in page(late)
    assert len([e for e in application_of(PERSON["email"]).history if e.kind is HistoryKind.ANSWER]) == 1


def test_a_step_that_became_invalid_is_shown_again_with_its_errors(client, make_network, smtp):
    from app.models import Themenkreis

    netz = make_network(slug="netz", themenkreise=("Transparenz", "Qualität"), themenkreis_required=True)
    chosen = netz.themenkreise[1]
    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, {**ACTIVITY, "themenkreise": str(chosen.id)})
    db.session.delete(db.session.get(Themenkreis, chosen.id))  # an admin removes it meanwhile
    db.session.commit()

    response = send(client, "netz", step4)

    assert response.status_code == 302 and "/schritt/3" in response.location
    text = page(client.get(response.location))
    assert "Bitte prüfen Sie die Angaben in diesem Schritt." in text
    assert "Bitte wählen Sie eine der angebotenen Möglichkeiten." in text and 'id="fehlerliste"' in text
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 0
