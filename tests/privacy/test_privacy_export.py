"""Meine Daten herunterladen: every column of every table about a person is in the export.

The list of tables is derived from the model metadata (foreign keys), not from the export
code, so a new table or column that refers to a person cannot be forgotten.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.core import history
from app.core.tokens import hash_token, issue_token, new_token
from app.extensions import db
from app.models import (
    ApplicantKind,
    Application,
    ApplicationState,
    AtlasEntry,
    AtlasHistory,
    AtlasHistoryKind,
    AtlasMethod,
    AtlasUpdate,
    CalendarFeed,
    Cohort,
    CohortInterestNotice,
    CohortMilestone,
    CohortParticipation,
    ConsentKind,
    ConsentRecord,
    ConsentText,
    Event,
    EventRegistration,
    HistoryEntry,
    HistoryKind,
    MemberImport,
    MemberInvitation,
    MemberMessage,
    MembershipContact,
    MilestoneTick,
    OutboxAttachment,
    OutboxMessage,
    ParticipationState,
    RegistrationHistory,
    RegistrationState,
    SealCase,
    SealReview,
    SealState,
    TokenPurpose,
    Verification,
    VerificationEvent,
    VerificationMethod,
    VerifiedDomain,
    Visibility,
    utcnow,
)
from app.privacy import data_export

EMAIL = "person@example.org"


def tables_about_a_person() -> set[str]:
    """Accounts, every table that refers (transitively) to a person table, and the members' organisations."""
    tables = db.metadata.tables
    person = {"accounts"}
    grown = True
    while grown:
        grown = False
        for table in tables.values():
            if table.name in person or table.name in data_export.DERIVED_TABLES:
                continue
            if any(fk.column.table.name in person for fk in table.foreign_keys):
                person.add(table.name)
                grown = True
    # A membership may stand for an organisation: its data describes the member.
    person |= {fk.column.table.name for fk in tables["memberships"].foreign_keys} & {"organisations"}
    return person


def test_derived_tables_are_really_derived():
    """Only the search copies (directory, atlas, review queue) are left out of the export."""
    derived = {name for name in db.metadata.tables if name.startswith(("directory_fts", "atlas_fts", "review_fts"))}
    assert set(data_export.DERIVED_TABLES) == derived


def make_person(network, make_account, make_member, *, email: str = EMAIL):
    """A person with a row in every personal table."""
    account = make_account(
        email=email,
        first_name="Petra",
        last_name="Person",
        coordinates=[network],
        phone="+493012345678",
        street="Hauptstraße 1",
        description="Über mich",
        email_visibility=Visibility.NOBODY,
    )
    themenkreis = network.themenkreise[0]
    membership = make_member(network, account=account, organisation="Verein Person e.V.", themenkreise=[themenkreis])
    text = ConsentText(
        network_id=network.id, kind=ConsentKind.PRIVACY, version=1, text="Wir schützen Ihre Daten.", sha256="0" * 64
    )
    application = Application(
        network_id=network.id,
        state=ApplicationState.ACCEPTED,
        first_name="Petra",
        last_name="Person",
        email=email,
        phone="+493012345678",
        institution="Verein Person e.V.",
        description="Mein Antragstext",
        submission_token=new_token(),
        status_token_hash=hash_token(new_token()),
        account_id=account.id,
        organisation_id=membership.organisation_id,
        themenkreise=[themenkreis],
    )
    db.session.add_all([text, application])
    db.session.flush()
    db.session.add(ConsentRecord(application_id=application.id, consent_text_id=text.id))
    membership.application_id = application.id
    history.record(
        HistoryKind.ANSWER,
        application=application,
        actor_label="Petra Person",
        message=f"Meine Antwort, erreichbar unter {email}",
    )
    db.session.add(
        HistoryEntry(
            kind=HistoryKind.MEMBERSHIP,
            network_id=network.id,
            membership_id=membership.id,
            actor_id=account.id,
            message="Mitgliedschaft begonnen",
        )
    )
    issue_token(TokenPurpose.EMAIL_CHANGE, timedelta(hours=1), account_id=account.id, payload="neu@example.org")
    db.session.add(
        OutboxMessage(
            recipient=email,
            subject="Willkommen",
            body_text=f"Hallo {email}",
            account_id=account.id,
            application_id=application.id,
            template="welcome",
            attachments=[
                OutboxAttachment(filename="termin.ics", content_type="text/calendar", content="BEGIN:VCALENDAR")
            ],
        )
    )
    event = Event(network=network, title="Werkstatt", starts_at=utcnow(), ends_at=utcnow())
    registration = EventRegistration(
        event=event,
        account_id=account.id,
        name="Petra Person",
        email=email,
        state=RegistrationState.REGISTERED,
        link_nonce="0" * 32,
    )
    db.session.add_all([event, registration, CalendarFeed(account_id=account.id, nonce="1" * 32)])
    db.session.flush()
    db.session.add(
        RegistrationHistory(
            registration_id=registration.id,
            to_state=RegistrationState.REGISTERED,
            actor_id=account.id,
            actor_label="Petra Person",
        )
    )
    entry = AtlasEntry(
        network_id=network.id,
        author=account,
        title="Bürgerrat",
        source_name="Petra Person",
        methods=[AtlasMethod(name="Bürgerrat")],
    )
    db.session.add(entry)
    db.session.flush()
    db.session.add(AtlasUpdate(entry=entry, year=2027, month=3, text="Übergeben", author_id=account.id))
    db.session.add(AtlasHistory(entry=entry, actor_id=account.id, kind=AtlasHistoryKind.STATE_CHANGE))
    # Members feature: a list the person imported as coordinator, a message they wrote, and the
    # accepted invitation that holds their consent.
    db.session.add(
        MemberImport(
            network_id=network.id,
            actor_id=account.id,
            filename="liste.csv",
            data={"header": ["E-Mail"], "rows": [["andere@example.org"]], "mapping": {}},
        )
    )
    db.session.add(
        MemberMessage(
            network_id=network.id, author_id=account.id, subject="Rundschreiben", body=f"Antworten an {email}"
        )
    )
    db.session.add(
        MemberInvitation(
            network_id=network.id,
            email=email,
            token_hash=hash_token(new_token()),
            expires_at=utcnow() + timedelta(days=30),
            themenkreise=[themenkreis],
            invited_by_id=account.id,
        )
    )
    # Programme years and the seal: the person's municipality takes part, ticks and is scored.
    cohort = Cohort(
        network_id=network.id,
        name="Methodenprogramm 2027/28",
        applications_open_on=date(2027, 1, 1),
        applications_close_on=date(2027, 3, 1),
        starts_on=date(2027, 4, 1),
        ends_on=date(2028, 3, 31),
        milestones=[CohortMilestone(title="Zielgruppen definiert")],
    )
    db.session.add(cohort)
    db.session.flush()
    participation = CohortParticipation(
        cohort_id=cohort.id, membership_id=membership.id, state=ParticipationState.PARTICIPANT
    )
    case = SealCase(
        network_id=network.id, membership_id=membership.id, year=2027, state=SealState.APPLIED, code="c" * 22
    )
    db.session.add_all([participation, case])
    db.session.flush()
    db.session.add(
        MilestoneTick(
            participation_id=participation.id,
            milestone_id=cohort.milestones[0].id,
            reached_on=date(2027, 5, 1),
            ticked_by_id=account.id,
        )
    )
    db.session.add(SealReview(case_id=case.id, reviewer_id=account.id, conflict_of_interest=True, conflict_note="ich"))
    db.session.add(CohortInterestNotice(cohort_id=cohort.id, membership_id=membership.id))
    # Organisation contacts and verification: the person also speaks for another organisation,
    # asked for verification of their own membership and entered a verified domain.
    other = make_member(network, organisation="Stadt Beispiel", kind=ApplicantKind.MUNICIPALITY)
    db.session.add(MembershipContact(membership_id=other.id, account_id=account.id, since=utcnow(), listed=True))
    verification = Verification(
        network_id=network.id, membership_id=membership.id, method=VerificationMethod.ATTESTATION,
        label="Verein", request_text="Mein Nachweis", requested_by_id=account.id,
    )  # fmt: skip
    db.session.add(verification)
    db.session.flush()
    db.session.add(VerificationEvent(verification_id=verification.id, actor_id=account.id, message="Mein Nachweis"))
    db.session.add(
        VerifiedDomain(
            network_id=network.id, organisation_id=membership.organisation_id, domain="verein.example",
            added_by_id=account.id,
        )
    )  # fmt: skip
    db.session.commit()
    return account, membership, application


@pytest.fixture
def person(make_network, make_account, make_member):
    network = make_network(slug="allianz", name="Allianz")
    return make_person(network, make_account, make_member)


def test_every_column_of_every_personal_table_is_exported(client, login_as, person):
    account, _, _ = person
    login_as(account)  # creates the login session row
    response = client.get("/mein-bereich/daten/meine-daten.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    exported = document["tables"]

    expected = tables_about_a_person()
    assert expected <= set(exported), f"tables missing from the export: {sorted(expected - set(exported))}"
    for name in sorted(expected):
        rows = exported[name]
        assert rows, f"the test person has no exported row in {name}"
        columns = {column.name for column in db.metadata.tables[name].columns}
        for row in rows:
            assert columns <= set(row), f"{name}: columns missing from the export: {sorted(columns - set(row))}"


def test_export_has_the_values_and_redacts_secrets(client, login_as, person):
    account, membership, _ = person
    login_as(account)
    document = client.get("/mein-bereich/daten/meine-daten.json").get_json()
    tables = document["tables"]
    assert tables["accounts"][0]["email"] == EMAIL and tables["accounts"][0]["street"] == "Hauptstraße 1"
    assert tables["accounts"][0]["password_hash"] == data_export.REDACTED
    assert "argon2" not in json.dumps(document)
    assert tables["applications"][0]["description"] == "Mein Antragstext"
    assert tables["applications"][0]["status_token_hash"] == data_export.REDACTED
    assert tables["memberships"][0]["id"] == membership.id
    assert tables["organisations"][0]["name"] == "Verein Person e.V."
    assert tables["tokens"][0]["payload"] == "neu@example.org"
    assert tables["tokens"][0]["token_hash"] == data_export.REDACTED
    assert tables["login_sessions"][0]["token_hash"] == data_export.REDACTED
    assert document["consent_texts"][0]["text"] == "Wir schützen Ihre Daten."


def test_export_contains_nothing_about_other_people(client, login_as, person, make_account, make_member):
    account, membership, _ = person
    other = make_member(membership.network, first_name="Otto", last_name="Other", email="otto@example.org")
    other_application = Application(
        network_id=membership.network_id,
        state=ApplicationState.RECEIVED,
        first_name="Otto",
        last_name="Other",
        email="otto@example.org",
        description="Ottos Geheimnis",
        submission_token=new_token(),
        status_token_hash=hash_token(new_token()),
    )
    db.session.add(other_application)
    db.session.flush()
    # As a coordinator, the person asked Otto something: exported as a fact, without Otto's content.
    history.record(HistoryKind.QUESTION, application=other_application, actor=account, message="Frage an Otto Other")
    db.session.commit()
    login_as(account)
    body = client.get("/mein-bereich/daten/meine-daten.json").get_data(as_text=True)
    assert "otto@example.org" not in body and "Ottos Geheimnis" not in body and "Frage an Otto" not in body
    assert other.account.email not in body


def test_readable_html_export(client, login_as, person):
    account, _, _ = person
    login_as(account)
    response = client.get("/mein-bereich/daten/meine-daten.html")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    for title in (
        "Konto und Profil",
        "Mitgliedschaften",
        "Mitgliedsanträge",
        "Einwilligungen",
        "Verlauf",
        "Angemeldete Geräte",
        "E-Mails an Sie",
    ):
        assert title in page
    assert "Hauptstraße 1" in page and "Mein Antragstext" in page and "Wir schützen Ihre Daten." in page
    assert "argon2" not in page
    download = client.get("/mein-bereich/daten/meine-daten.html?download=1")
    assert "attachment" in download.headers["Content-Disposition"]


def test_export_needs_login(client):
    for url in ("/mein-bereich/daten/meine-daten.json", "/mein-bereich/daten/meine-daten.html"):
        assert client.get(url).status_code == 302


def test_data_page_offers_downloads_and_deletion(client, login_as, person):
    account, _, _ = person
    login_as(account)
    page = client.get("/mein-bereich/daten").get_data(as_text=True)
    assert "Meine Daten herunterladen" in page and "/mein-bereich/daten/meine-daten.json" in page
    assert "/mein-bereich/konto-loeschen" in page


def test_the_export_covers_all_rows_of_the_person(app, person):
    """Each personal table's rows found by the export are exactly the rows that point at the person."""
    account, membership, application = person
    data = data_export.collect_personal_data(account)
    assert [row["id"] for row in data["applications"]] == [application.id]
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(HistoryEntry)
        .where(sa.or_(HistoryEntry.application_id == application.id, HistoryEntry.membership_id == membership.id))
    )
    assert len(data["history_entries"]) == count == 2


def test_internal_notes_about_me_are_exported_without_the_coordinators_identity(client, login_as, person, make_account):
    """#12 item 18: Art. 15 covers notes about the person; the coordinator's name and address are not theirs."""
    account, _, application = person
    coordinator = make_account(
        email="kai.koordinator@example.org",
        first_name="Kai",
        last_name="Koordinator",
        coordinates=[application.network],
    )
    history.record(
        HistoryKind.NOTE,
        application=application,
        actor=coordinator,
        internal=True,
        message="Telefonat geführt, sehr engagiert",
    )
    application.assigned_to_id = coordinator.id
    db.session.commit()
    login_as(account)

    for path in ("/mein-bereich/daten/meine-daten.json", "/mein-bereich/daten/meine-daten.html"):
        text = client.get(path).get_data(as_text=True)
        assert "Telefonat geführt, sehr engagiert" in text  # the note about me is mine to see
        assert "kai.koordinator@example.org" not in text
        assert "Kai Koordinator" not in text
    document = client.get("/mein-bereich/daten/meine-daten.json").get_json()
    [note] = [row for row in document["tables"]["history_entries"] if row["message"].startswith("Telefonat")]
    assert note["actor_id"] is None and note["actor_label"] == "Koordination" and note["internal"] is True
    [row] = document["tables"]["applications"]
    assert row["assigned_to_id"] != coordinator.id


def test_the_note_form_tells_coordinators_what_the_person_will_see(client, login_as, make_account, person):
    _, _, application = person
    coordinator = make_account(email="k@example.org", coordinates=[application.network])
    login_as(coordinator)
    detail = client.get(f"/koordination/allianz/antraege/{application.id}").get_data(as_text=True)
    assert "Art. 15 DSGVO" in detail and "ohne Ihren Namen und Ihre E-Mail-Adresse" in detail
