"""The review workflow through the web: detail page, take, ask, approve, reject, notes, reopen."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Account,
    ApplicantKind,
    ApplicationState,
    HistoryKind,
    LoginSession,
    Membership,
    Organisation,
    OrganisationType,
    Token,
    TokenPurpose,
)
from tests.review_support import history_of, mails_for, make_application, refreshed

S = ApplicationState
NEW_PASSWORD = "Mein-neues-Passwort-2026"


@pytest.fixture
def allianz(make_network):
    return make_network(
        slug="allianz",
        name="Allianz Vielfältige Demokratie",
        themenkreise=("Integrierte Partizipation", "Transparenz", "Qualität"),
        directory_enabled=True,
    )


@pytest.fixture
def coordinator(make_account, allianz):
    return make_account(
        email="koordination@example.org", first_name="Kai", last_name="Koordinator", coordinates=[allianz]
    )


def url(application, action: str = "") -> str:
    base = f"/koordination/{application.network.slug}/antraege/{application.id}"
    return f"{base}/{action}" if action else base


def post(client, application, action: str, prefix: str, version: int | None = None, **fields):
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data[f"{prefix}-version"] = str(application.version if version is None else version)
    return client.post(url(application, action), data=data)


# --------------------------------------------------------------------------- the detail page


def test_detail_shows_answers_consent_arrival_and_history(client, login_as, coordinator, allianz):
    application, _ = make_application(
        allianz,
        S.RECEIVED,
        first_name="Zoë",
        last_name="Müller-Lüdenscheidt",
        institution="Stadt Saalfeld",
        function="Referentin für Beteiligung",
        description="Ich organisiere Bürgerräte.",
        themenkreise=allianz.themenkreise[1:2],
        phone="+493012345678",
        wants_directory_listing=True,
    )
    login_as(coordinator)

    page = client.get(url(application)).get_data(as_text=True)

    assert "Zoë Müller-Lüdenscheidt" in page
    for answer in (
        "Stadt Saalfeld",
        "Referentin für Beteiligung",
        "Ich organisiere Bürgerräte.",
        "Transparenz",
        "030 12345678",
    ):
        assert answer in page
    assert "Einwilligungen" in page and "Prüfsumme (SHA-256)" in page
    assert re.search(r"[0-9a-f]{64}", page)
    assert "E-Mail bestätigt am" in page
    for title in ("In Prüfung nehmen", "Interne Notiz"):
        assert title in page
    # Deciding needs the application in review first: not offered yet.
    assert "Antrag annehmen" in page and "Rückfrage senden" not in page  # #12 item 17: decide from eingegangen


def test_take_into_review_assigns_me_and_is_recorded(client, login_as, coordinator, allianz):
    application, _ = make_application(allianz)
    login_as(coordinator)

    response = post(client, application, "in-pruefung", "take")

    assert response.status_code == 302
    application = refreshed(application)
    assert application.state is S.IN_REVIEW
    assert application.assigned_to_id == coordinator.id
    entry = history_of(application)[-1]
    assert (entry.from_state, entry.to_state, entry.actor_id) == (S.RECEIVED, S.IN_REVIEW, coordinator.id)
    page = client.get(url(application)).get_data(as_text=True)
    assert "Der Antrag ist jetzt in Prüfung und Ihnen zugewiesen." in page
    assert "Zuständig: Kai Koordinator" in page
    assert "Antrag annehmen" in page and "Rückfrage senden" in page and "Antrag ablehnen" in page


def test_a_second_coordinator_can_take_over(client, login_as, make_account, coordinator, allianz):
    application, _ = make_application(allianz, S.IN_REVIEW, assigned_to_id=coordinator.id)
    colleague = make_account(first_name="Rana", last_name="Kollegin", coordinates=[allianz])
    login_as(colleague)

    assert "Zuständigkeit übernehmen" in client.get(url(application)).get_data(as_text=True)
    post(client, application, "in-pruefung", "take")

    application = refreshed(application)
    assert application.assigned_to_id == colleague.id
    assert history_of(application)[-1].kind is HistoryKind.ASSIGNED


def test_question_is_mailed_with_a_new_status_link_and_the_answer_comes_back(
    client, smtp, login_as, coordinator, allianz
):
    application, old_token = make_application(allianz, S.IN_REVIEW, email="zoe@example.org")
    login_as(coordinator)

    response = post(
        client, application, "rueckfrage", "question", message="Bitte nennen Sie uns Ihre Funktion.\nDanke!"
    )

    assert response.status_code == 302
    assert refreshed(application).state is S.QUERY
    [mail] = smtp.to("zoe@example.org")
    assert mail["Subject"] == "Rückfrage zu Ihrem Mitgliedsantrag: Allianz Vielfältige Demokratie"
    text = smtp.text(mail)
    assert "Bitte nennen Sie uns Ihre Funktion." in text
    assert "frühere Links zu Ihrem Antrag funktionieren nicht mehr" in text
    link = smtp.last_link("zoe@example.org", contains="/antrag/status/")
    # The new link works, the old one no longer does (only the hash of the token is stored).
    assert client.get(link).status_code == 200
    assert client.get(f"/antrag/status/{old_token}").status_code == 404
    entry = history_of(application)[-1]
    assert entry.kind is HistoryKind.QUESTION and not entry.internal

    # The applicant answers on the status page; the answer shows in the coordinator's history.
    client.post("/abmelden")
    client.post(link.replace("http://localhost", "") + "/antwort", data={"answer": "Ich bin Referentin."})
    assert refreshed(application).state is S.IN_REVIEW
    login_as(coordinator)
    page = client.get(url(application)).get_data(as_text=True)
    assert "Ich bin Referentin." in page and "Bitte nennen Sie uns Ihre Funktion." in page


def test_question_needs_a_message(client, login_as, coordinator, allianz, smtp):
    application, _ = make_application(allianz, S.IN_REVIEW)
    login_as(coordinator)

    response = post(client, application, "rueckfrage", "question", message="   ")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bitte schreiben Sie Ihre Rückfrage." in page
    assert 'id="question-message-error"' in page
    assert re.search(r'<details class="kern-accordion action" id="aktion-question" open>', page)
    assert refreshed(application).state is S.IN_REVIEW
    assert smtp.messages == []


# --------------------------------------------------------------------------- approve


def test_approve_new_applicant_end_to_end(app, client, smtp, login_as, coordinator, allianz):
    """Approve → invitation mail → set password → the new member can log in."""
    application, _ = make_application(
        allianz,
        S.IN_REVIEW,
        email="neu@example.org",
        first_name="Zoë",
        last_name="Neumann",
        institution="Bürgerbüro Jena",
        function="Leitung",
        postcode="07743",
        city="Jena",
        phone="+493641123456",
        description="Ich moderiere Beteiligung.",
        themenkreise=allianz.themenkreise[:1],
        wants_directory_listing=False,
    )
    login_as(coordinator)
    chosen = [allianz.themenkreise[1].id, allianz.themenkreise[2].id]

    response = client.post(
        url(application, "annehmen"),
        data={
            "approve-version": str(application.version),
            "approve-themenkreise": [str(i) for i in chosen],
            "approve-listed": "y",
            "approve-message": "Schön, dass Sie dabei sind!",
        },
    )

    assert response.status_code == 302
    application = refreshed(application)
    assert application.state is S.ACCEPTED and application.decided_at is not None
    account = db.session.scalar(sa.select(Account).where(Account.email == "neu@example.org"))
    assert account is not None and account.password_hash is None
    # Profile copied from the application.
    assert (account.first_name, account.last_name, account.institution, account.function, account.city) == (
        "Zoë",
        "Neumann",
        "Bürgerbüro Jena",
        "Leitung",
        "Jena",
    )
    assert account.phone == "+493641123456" and account.bundesland == "TH"
    [membership] = db.session.scalars(sa.select(Membership)).all()
    assert membership.network_id == allianz.id and membership.account_id == account.id
    assert membership.application_id == application.id and membership.listed_in_directory is True
    assert sorted(tk.id for tk in membership.themenkreise) == sorted(chosen)
    assert application.account_id == account.id

    [mail] = smtp.to("neu@example.org")
    assert mail["Subject"] == "Willkommen im Netzwerk Allianz Vielfältige Demokratie"
    text = smtp.text(mail)
    assert "Schön, dass Sie dabei sind!" in text and "14 Tage gültig" in text
    link = smtp.last_link("neu@example.org", contains="/einladung/")

    client.post("/abmelden")
    client.post(link, data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(LoginSession).where(LoginSession.account_id == account.id)
        )
        == 1
    )
    client.post("/abmelden")
    response = client.post("/anmelden", data={"email": "neu@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302 and "/anmelden" not in response.headers["Location"]
    # The invitation link was single-use.
    assert client.get(link).status_code == 404


def test_approve_existing_account_gets_a_login_link_not_an_invitation(
    client, smtp, login_as, make_account, coordinator, allianz
):
    existing = make_account(email="bekannt@example.org", first_name="Ben", institution="Eigene Angabe")
    application, _ = make_application(
        allianz,
        S.QUERY,
        email="bekannt@example.org",
        first_name="Benjamin",
        institution="Aus dem Antrag",
        function="Referent",
    )
    login_as(coordinator)

    post(client, application, "annehmen", "approve")

    assert refreshed(application).state is S.ACCEPTED
    [mail] = smtp.to("bekannt@example.org")
    text = smtp.text(mail)
    assert "bereits ein Konto" in text and "http://localhost/anmelden" in text
    assert "/einladung/" not in text
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Token).where(Token.purpose == TokenPurpose.INVITATION))
        == 0
    )
    account = db.session.get(Account, existing.id)
    # The member's own profile wins; empty fields are filled in.
    assert (account.first_name, account.institution, account.function) == ("Ben", "Eigene Angabe", "Referent")


def test_approve_organisation_creates_or_links_the_organisation(client, login_as, make_network, make_account, smtp):
    network = make_network(slug="bw", accepts_persons=False, accepts_organisations=True, themenkreise=())
    coordinator = make_account(coordinates=[network])
    existing = Organisation(name="Mehr Demokratie e.V.", normalized_name="mehr demokratie")
    db.session.add(existing)
    db.session.commit()
    first, _ = make_application(
        network,
        S.IN_REVIEW,
        kind=ApplicantKind.ORGANISATION,
        institution="Mehr Demokratie e. V.",
        organisation_type=OrganisationType.CIVIL_SOCIETY,
    )
    second, _ = make_application(
        network,
        S.IN_REVIEW,
        kind=ApplicantKind.ORGANISATION,
        institution="Bürgerstiftung Ulm",
        organisation_type=OrganisationType.CIVIL_SOCIETY,
        city="Ulm",
        website="https://buergerstiftung-ulm.example",
    )
    login_as(coordinator)

    post(client, first, "annehmen", "approve")
    post(client, second, "annehmen", "approve")

    linked = db.session.scalar(sa.select(Membership).where(Membership.application_id == first.id))
    created = db.session.scalar(sa.select(Membership).where(Membership.application_id == second.id))
    assert linked.organisation_id == existing.id and linked.kind is ApplicantKind.ORGANISATION
    organisation = db.session.get(Organisation, created.organisation_id)
    assert (organisation.name, organisation.city, organisation.type) == (
        "Bürgerstiftung Ulm",
        "Ulm",
        OrganisationType.CIVIL_SOCIETY,
    )
    assert organisation.normalized_name == "bürgerstiftung ulm"


def test_approve_someone_who_is_already_a_member_is_refused(client, login_as, make_member, coordinator, allianz, smtp):
    member = make_member(allianz, email="schon@example.org")
    application, _ = make_application(allianz, S.IN_REVIEW, email="schon@example.org")
    login_as(coordinator)

    response = post(client, application, "annehmen", "approve")

    assert response.status_code == 200
    assert "schon@example.org ist bereits Mitglied dieses Netzwerks." in response.get_data(as_text=True)
    assert refreshed(application).state is S.IN_REVIEW
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 1
    assert smtp.messages == [] and member.id


# --------------------------------------------------------------------------- reject


def test_reject_needs_an_internal_reason(client, login_as, coordinator, allianz, smtp):
    application, _ = make_application(allianz, S.IN_REVIEW)
    login_as(coordinator)

    page = post(client, application, "ablehnen", "reject", reason="").get_data(as_text=True)

    assert "Bitte geben Sie einen internen Grund für die Ablehnung an." in page
    assert refreshed(application).state is S.IN_REVIEW and smtp.messages == []


def test_reject_mails_the_polite_default_and_keeps_the_reason_internal(client, smtp, login_as, coordinator, allianz):
    application, token = make_application(allianz, S.IN_REVIEW, email="nein@example.org")
    login_as(coordinator)

    post(client, application, "ablehnen", "reject", reason="Keine Tätigkeit im Bereich Beteiligung erkennbar")

    application = refreshed(application)
    assert application.state is S.REJECTED and application.decided_at is not None
    [mail] = smtp.to("nein@example.org")
    text = smtp.text(mail)
    assert "Ein Rechtsanspruch auf Mitgliedschaft besteht nicht." in text
    assert "Allianz Vielfältige Demokratie" in text
    assert "Keine Tätigkeit" not in text
    reason = next(e for e in history_of(application) if "Keine Tätigkeit" in e.message)
    assert reason.internal
    # The applicant's status page shows the decision but not the internal reason.
    client.post("/abmelden")
    status_page = client.get(f"/antrag/status/{token}").get_data(as_text=True)
    assert "abgelehnt" in status_page and "Keine Tätigkeit" not in status_page


def test_reject_uses_the_networks_own_text(client, smtp, login_as, make_network, make_account):
    network = make_network(rejection_template="Leider passt es im {netzwerk} gerade nicht, {name}.\n\nAlles Gute!")
    coordinator = make_account(coordinates=[network])
    application, _ = make_application(network, S.QUERY, email="x@example.org", first_name="Ada", last_name="Lovelace")
    login_as(coordinator)

    post(client, application, "ablehnen", "reject", reason="Kapazität")

    text = smtp.text(smtp.to("x@example.org")[0]).replace("\r\n", "\n")
    assert text.startswith("Guten Tag Ada Lovelace,\n\n")
    assert f"Leider passt es im {network.name} gerade nicht, Ada Lovelace.\n\nAlles Gute!" in text
    assert "Rechtsanspruch" not in text


def test_mail_html_part_escapes_what_people_typed(client, smtp, login_as, coordinator, allianz):
    application, _ = make_application(allianz, S.IN_REVIEW, email="html@example.org", first_name="<b>Eve</b>")
    login_as(coordinator)

    post(client, application, "rueckfrage", "question", message="<script>alert(1)</script>")

    html = smtp.html(smtp.to("html@example.org")[0])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Eve</b>" not in html


# --------------------------------------------------------------------------- notes, reopen, illegal steps


def test_internal_notes_are_shown_to_coordinators_only(client, login_as, coordinator, allianz):
    application, token = make_application(allianz, S.RECEIVED)
    login_as(coordinator)

    post(client, application, "notiz", "note", message="Kenne ich vom Beteiligungstag.")

    page = client.get(url(application)).get_data(as_text=True)
    assert "Kenne ich vom Beteiligungstag." in page and "intern" in page
    assert refreshed(application).state is S.RECEIVED  # a note changes nothing else
    client.post("/abmelden")
    assert "Kenne ich" not in client.get(f"/antrag/status/{token}").get_data(as_text=True)


def test_reopen_is_for_admins_with_a_reason_and_ends_the_membership(
    client, login_as, make_account, coordinator, allianz
):
    admin = make_account(admin=True)
    application, _ = make_application(allianz, S.IN_REVIEW, email="wieder@example.org")
    login_as(coordinator)
    post(client, application, "annehmen", "approve")
    assert refreshed(application).state is S.ACCEPTED
    assert "Wieder öffnen" not in client.get(url(application)).get_data(as_text=True)
    assert post(client, refreshed(application), "wieder-oeffnen", "reopen", reason="Irrtum").status_code == 403

    client.post("/abmelden")
    login_as(admin)
    page = post(client, refreshed(application), "wieder-oeffnen", "reopen", reason="").get_data(as_text=True)
    assert "Bitte geben Sie einen Grund an." in page
    post(client, refreshed(application), "wieder-oeffnen", "reopen", reason="Falsches Netzwerk gewählt")

    application = refreshed(application)
    assert application.state is S.IN_REVIEW and application.decided_at is None
    reopened = next(e for e in history_of(application) if e.kind is HistoryKind.REOPENED)
    assert reopened.actor_id == admin.id and not reopened.internal  # the applicant sees it (#12 item 12)
    assert "Falsches Netzwerk gewählt" not in reopened.message
    reason = [e for e in history_of(application) if e.internal and "Falsches Netzwerk gewählt" in e.message]
    assert reason and reason[0].kind is HistoryKind.NOTE  # the reason stays internal
    membership = db.session.scalar(sa.select(Membership).where(Membership.application_id == application.id))
    assert membership.ended_at is not None
    # It can be decided again (a new membership may be created).
    post(client, application, "annehmen", "approve")
    assert refreshed(application).state is S.ACCEPTED


def test_reopening_an_acceptance_revokes_the_unused_invitation(
    client, smtp, login_as, make_account, coordinator, allianz
):
    admin = make_account(admin=True)
    application, _ = make_application(allianz, S.IN_REVIEW, email="eingeladen@example.org")
    login_as(coordinator)
    post(client, application, "annehmen", "approve")
    invitation = smtp.last_link("eingeladen@example.org", contains="/einladung/")
    client.post("/abmelden")
    login_as(admin)
    post(client, refreshed(application), "wieder-oeffnen", "reopen", reason="Doch noch prüfen")
    client.post("/abmelden")

    page = client.get(invitation.replace("http://localhost", "")).get_data(as_text=True)

    assert "Link nicht mehr gültig" in page
    assert "Die Entscheidung über Ihren Mitgliedsantrag wurde wieder geöffnet" in page  # not "bereits verwendet"
    assert "bereits verwendet" not in page


def test_reopening_is_told_to_the_applicant_by_mail_and_on_the_status_page(
    client, smtp, login_as, make_account, coordinator, allianz
):
    admin = make_account(admin=True)
    application, _ = make_application(allianz, S.IN_REVIEW, email="zoe@example.org")
    login_as(coordinator)
    post(client, application, "annehmen", "approve")
    client.post("/abmelden")
    login_as(admin)
    post(client, refreshed(application), "wieder-oeffnen", "reopen", reason="Geheimer interner Grund")
    client.post("/abmelden")

    mail = smtp.to("zoe@example.org")[-1]
    assert "wird erneut geprüft" in str(mail["Subject"])
    text = smtp.text(mail)
    assert "wurde wieder geöffnet" in text and "Einladungslink" in text
    assert "Geheimer interner Grund" not in text
    status_link = smtp.last_link("zoe@example.org", contains="/antrag/status/")
    status = client.get(status_link.replace("http://localhost", "")).get_data(as_text=True)
    assert "in Prüfung" in status
    history_part = status[status.index('id="verlauf"') :]
    assert "Die Entscheidung wurde wieder geöffnet" in history_part
    # The last visible history entry is the reopening, after the acceptance.
    assert history_part.rindex("wieder geöffnet") > history_part.rindex("angenommen")
    assert "Geheimer interner Grund" not in status


@pytest.mark.parametrize(
    "state, action, prefix, fields",
    [
        (S.RECEIVED, "rueckfrage", "question", {"message": "x"}),
        (S.ACCEPTED, "ablehnen", "reject", {"reason": "x"}),
        (S.REJECTED, "annehmen", "approve", {}),
        (S.WITHDRAWN, "in-pruefung", "take", {}),
        (S.ACCEPTED, "in-pruefung", "take", {}),
        (S.QUERY, "rueckfrage", "question", {"message": "x"}),
    ],
)
def test_illegal_steps_are_refused_with_a_message(
    client, smtp, login_as, make_account, allianz, state, action, prefix, fields
):
    admin = make_account(admin=True)  # even an admin cannot skip the state machine
    application, _ = make_application(allianz, state)
    login_as(admin)

    response = post(client, application, action, prefix, **fields)

    assert response.status_code == 302
    assert "ist im Status" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert refreshed(application).state is state
    assert smtp.messages == []


def test_a_stale_page_gets_a_clear_message_and_changes_nothing(
    client, smtp, login_as, make_account, coordinator, allianz
):
    """Two coordinators on the same page: the second click is refused, no second mail."""
    application, _ = make_application(allianz, S.IN_REVIEW, email="zwei@example.org")
    seen_version = application.version
    colleague = make_account(coordinates=[allianz])
    login_as(colleague)
    post(client, application, "annehmen", "approve", version=seen_version)
    client.post("/abmelden")
    login_as(coordinator)

    response = post(client, refreshed(application), "ablehnen", "reject", version=seen_version, reason="Doppelt")

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "inzwischen von einer anderen Person bearbeitet" in page
    assert refreshed(application).state is S.ACCEPTED
    assert [m.template for m in mails_for(application)] == ["membership_invitation"]
    assert len(smtp.to("zwei@example.org")) == 1


def test_unconfirmed_applications_are_invisible_to_coordinators(client, login_as, coordinator, allianz):
    application, _ = make_application(allianz, S.UNCONFIRMED, first_name="Unbestätigt")
    login_as(coordinator)

    assert client.get(url(application)).status_code == 404
    assert post(client, application, "in-pruefung", "take").status_code == 404
    for status in ("open", "all"):
        assert "Unbestätigt" not in client.get(f"/koordination/allianz/antraege?status={status}").get_data(as_text=True)


def test_full_programme_is_pointed_out_when_accepting(client, login_as, make_network, make_account, make_member):
    network = make_network(slug="kommunen", capacity=1, programme_period="Methodenprogramm 2022/23")
    coordinator = make_account(coordinates=[network])
    make_member(network)
    application, _ = make_application(network, S.IN_REVIEW)
    login_as(coordinator)

    page = client.get(url(application)).get_data(as_text=True)

    assert "Alle Plätze von „Methodenprogramm 2022/23“ sind vergeben (1)." in page
    post(client, application, "annehmen", "approve")
    assert refreshed(application).state is S.ACCEPTED  # a warning, not a block


def test_history_is_recorded_in_german_even_when_the_coordinator_uses_english(client, login_as, coordinator, allianz):
    application, _ = make_application(allianz, S.IN_REVIEW)
    login_as(coordinator)
    client.get("/sprache/en")

    post(client, application, "ablehnen", "reject", reason="Kein Bezug zur Beteiligung")

    messages = [entry.message for entry in history_of(refreshed(application))]
    assert "Grund der Ablehnung: Kein Bezug zur Beteiligung" in messages
    page = client.get(url(application)).get_data(as_text=True)
    assert '<html lang="en">' in page


# --------------------------------------------------------------------------- #12 item 17


@pytest.mark.parametrize(
    "action, prefix, fields, state",
    [
        ("annehmen", "approve", {}, S.ACCEPTED),
        ("ablehnen", "reject", {"reason": "Passt nicht"}, S.REJECTED),
    ],
)
def test_decide_straight_from_received(client, smtp, login_as, coordinator, allianz, action, prefix, fields, state):
    application, _ = make_application(allianz, S.RECEIVED, email="zoe@example.org")
    login_as(coordinator)
    detail = client.get(url(application)).get_data(as_text=True)
    assert "Antrag annehmen" in detail and "Antrag ablehnen" in detail and "In Prüfung nehmen" in detail

    response = post(client, application, action, prefix, **fields)

    assert response.status_code == 302
    assert refreshed(application).state is state
    assert len(smtp.to("zoe@example.org")) == 1


def test_a_personal_reason_goes_with_the_rejection_the_internal_one_does_not(
    client, smtp, login_as, coordinator, allianz
):
    application, status_token = make_application(allianz, S.IN_REVIEW, email="zoe@example.org")
    login_as(coordinator)
    detail = client.get(url(application)).get_data(as_text=True)
    assert "Persönliche Nachricht an die Antragsteller*in" in detail

    post(
        client,
        application,
        "ablehnen",
        "reject",
        reason="Intern: Dublette",
        message="Ihr Verein ist bereits über den Landesverband Mitglied.",
    )

    [mail] = smtp.to("zoe@example.org")
    text, html = smtp.text(mail), smtp.html(mail)
    assert "bereits über den Landesverband Mitglied" in text and "bereits über den Landesverband Mitglied" in html
    assert "Intern: Dublette" not in text and "Intern: Dublette" not in html
    status = client.get(f"/antrag/status/{status_token}").get_data(as_text=True)
    assert "bereits über den Landesverband Mitglied" in status
    assert "Intern: Dublette" not in status
