"""Konto löschen: afterwards the person's e-mail address is stored nowhere in the database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.core import history
from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.models import (
    Account,
    Application,
    ApplicationDraft,
    ApplicationState,
    HistoryEntry,
    HistoryKind,
    Membership,
    OutboxMessage,
    Visibility,
)
from tests.conftest import TEST_PASSWORD, login
from tests.privacy.test_privacy_export import EMAIL, make_person


def places_containing(needle: str) -> list[str]:
    """Every table (including the full-text index tables) and column whose stored value contains `needle`."""
    hits = []
    inspector = sa.inspect(db.engine)
    with db.engine.connect() as connection:
        for table in inspector.get_table_names():
            result = connection.execute(sa.text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if value is not None and needle.casefold() in str(value).casefold():
                        hits.append(f"{table}.{column}")
    return sorted(set(hits))


@pytest.fixture
def world(make_network, make_account, make_member):
    network = make_network(slug="allianz", name="Allianz", contact_email=EMAIL)
    account, membership, application = make_person(network, make_account, make_member)
    # Traces elsewhere: a coordinator's note about the person on someone else's application,
    # a contact message the person sent, a form draft with the address, an unconfirmed application.
    other = make_member(
        network, first_name="Otto", last_name="Other", email="otto@example.org", email_visibility=Visibility.NOBODY
    )
    coordinator = make_account(email="koordination@example.org", coordinates=[network])
    foreign = Application(
        network_id=network.id,
        state=ApplicationState.RECEIVED,
        first_name="Otto",
        last_name="Other",
        email="otto@example.org",
        submission_token=new_token(),
        status_token_hash=hash_token(new_token()),
    )
    draft = ApplicationDraft(token=new_token(), network_id=network.id, data={"email": EMAIL, "first_name": "Petra"})
    unconfirmed = Application(
        network_id=network.id,
        state=ApplicationState.UNCONFIRMED,
        first_name="Petra",
        last_name="Person",
        email=EMAIL,
        submission_token=new_token(),
        status_token_hash=hash_token(new_token()),
    )
    db.session.add_all([foreign, draft, unconfirmed])
    db.session.flush()
    history.record(
        HistoryKind.NOTE,
        application=foreign,
        actor=coordinator,
        internal=True,
        message=f"Kennt {EMAIL} aus dem Netzwerk",
    )
    db.session.add(
        OutboxMessage(
            recipient="otto@example.org",
            subject="Nachricht",
            account_id=other.account_id,
            body_text=f"Antworten Sie an: {EMAIL}",
            template="directory_contact",
        )
    )
    db.session.commit()
    return {
        "network": network,
        "account": account,
        "membership": membership,
        "application": application,
        "other": other,
        "foreign": foreign,
    }


def test_delete_account_erases_the_address_everywhere(client, login_as, world):
    account = world["account"]
    account_id, membership_id = account.id, world["membership"].id
    login_as(account)
    assert places_containing(EMAIL)  # the scan finds the address before
    page = client.get("/mein-bereich/konto-loeschen").get_data(as_text=True)
    assert "lässt sich nicht rückgängig machen" in page

    response = client.post(
        "/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"}, follow_redirects=True
    )
    assert "Ihr Konto und Ihre Daten wurden gelöscht." in response.get_data(as_text=True)

    assert places_containing(EMAIL) == []
    assert places_containing("Hauptstraße 1") == [] and places_containing("Mein Antragstext") == []
    assert db.session.get(Account, account_id) is None
    assert db.session.get(Membership, membership_id) is None
    # Logged out, and the old password opens nothing.
    assert client.get("/mein-bereich/").status_code == 302
    assert "E-Mail-Adresse oder Passwort sind nicht richtig." in login(client, EMAIL).get_data(as_text=True)


def test_what_the_networks_keep_is_anonymous(client, login_as, world):
    application = world["application"]
    network_id = world["network"].id
    login_as(world["account"])
    client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})
    kept = db.session.get(Application, application.id)
    assert kept.state is ApplicationState.ACCEPTED and kept.network_id == network_id
    assert kept.anonymised_at is not None and kept.account_id is None
    assert (kept.first_name, kept.email, kept.phone, kept.description) == ("", "", "", "")
    entries = db.session.scalars(sa.select(HistoryEntry).where(HistoryEntry.application_id == application.id)).all()
    assert entries and all(entry.message == "" for entry in entries)
    assert all("Petra" not in entry.actor_label for entry in db.session.scalars(sa.select(HistoryEntry)))


def test_other_people_are_untouched(client, login_as, world):
    other_id, foreign_id = world["other"].id, world["foreign"].id
    login_as(world["account"])
    client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})
    other = db.session.get(Membership, other_id)
    assert other is not None and other.account.email == "otto@example.org"
    foreign = db.session.get(Application, foreign_id)
    assert foreign.email == "otto@example.org" and foreign.anonymised_at is None
    note = db.session.scalar(sa.select(HistoryEntry).where(HistoryEntry.application_id == foreign.id))
    assert note.message == "Kennt [entfernt] aus dem Netzwerk" and note.actor_id is not None
    assert places_containing("otto@example.org")


def test_deletion_needs_the_password_and_the_checkbox(client, login_as, world):
    account = world["account"]
    login_as(account)
    page = client.post("/mein-bereich/konto-loeschen", data={"password": "falsch", "confirm": "y"}).get_data(
        as_text=True
    )
    assert "Das Passwort ist nicht richtig." in page
    page = client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD}).get_data(as_text=True)
    assert "Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten." in page
    assert db.session.get(Account, account.id) is not None
    assert places_containing(EMAIL)


def test_deleted_members_leave_the_directory(client, login_as, world, make_member):
    viewer = make_member(world["network"]).account
    viewer_email = viewer.email
    login_as(world["account"])
    client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})
    login(client, viewer_email)
    page = client.get("/netzwerke/allianz/verzeichnis?q=petra").get_data(as_text=True)
    assert "0 Mitglieder gefunden" in page


def test_the_last_admin_cannot_delete_their_account(client, login_as, make_account):
    admin = make_account(admin=True)
    admin_id = admin.id
    login_as(admin)

    page = client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"}).get_data(
        as_text=True
    )

    assert "als einzige Person Verwaltungsrechte" in page
    assert db.session.get(Account, admin_id) is not None

    make_account(admin=True)
    client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert db.session.get(Account, admin_id) is None


# --------------------------------------------------------------------------- #12 item 11: no ghost member


def test_deleting_an_account_withdraws_its_open_applications_and_nothing_can_be_done_with_them(
    client, login_as, make_network, make_account, smtp
):
    from tests.review_support import make_application

    network = make_network(slug="netz", name="Netz")
    person = make_account(email="geist@example.org", first_name="Gerda", last_name="Geist")
    open_one, _ = make_application(network, ApplicationState.IN_REVIEW, email="geist@example.org", account_id=person.id)
    open_id = open_one.id
    login_as(person)
    client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})

    db.session.expire_all()
    application = db.session.get(Application, open_id)
    assert application.state is ApplicationState.WITHDRAWN
    assert application.anonymised_at is not None
    entries = db.session.scalars(
        sa.select(HistoryEntry).where(HistoryEntry.application_id == open_id).order_by(HistoryEntry.id)
    ).all()
    assert entries[-1].to_state is ApplicationState.WITHDRAWN
    assert entries[-1].actor_id is None and entries[-1].actor_label == history.DELETED_ACCOUNT_LABEL

    coordinator = make_account(email="k@example.org", coordinates=[network])
    admin = make_account(email="admin@example.org", admin=True)
    base = f"/koordination/netz/antraege/{open_id}"
    for who in (coordinator, admin):
        client.post("/abmelden")
        login_as(who)
        detail = client.get(base).get_data(as_text=True)
        assert "keine Bearbeitung mehr möglich" in detail
        for action in ("in-pruefung", "rueckfrage", "annehmen", "ablehnen", "notiz", "wieder-oeffnen"):
            response = client.post(
                f"{base}/{action}",
                data={
                    "take-version": str(application.version),
                    "question-version": str(application.version),
                    "question-message": "Noch da?",
                    "approve-version": str(application.version),
                    "reject-version": str(application.version),
                    "reject-reason": "Geist",
                    "note-version": str(application.version),
                    "note-message": "Notiz",
                    "reopen-version": str(application.version),
                    "reopen-reason": "Wieder auf",
                },
                follow_redirects=True,
            )
            assert response.status_code in (200, 403), action
        db.session.expire_all()
        application = db.session.get(Application, open_id)
        assert application.state is ApplicationState.WITHDRAWN
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 0
    assert not [m for m in smtp.messages if not str(m["To"]).strip()]
    notes = db.session.scalars(
        sa.select(HistoryEntry).where(HistoryEntry.application_id == open_id, HistoryEntry.kind == HistoryKind.NOTE)
    ).all()
    assert notes == []


def test_a_purged_rejected_application_cannot_be_reopened(client, login_as, make_network, make_account):
    from app.privacy.erasure import anonymise_applications
    from tests.review_support import make_application

    network = make_network(slug="netz", name="Netz")
    rejected, _ = make_application(network, ApplicationState.REJECTED)
    anonymise_applications([rejected.id])
    db.session.commit()
    admin = make_account(email="admin@example.org", admin=True)
    login_as(admin)
    base = f"/koordination/netz/antraege/{rejected.id}"
    assert "Entscheidung wieder öffnen" not in client.get(base).get_data(as_text=True)
    db.session.expire_all()
    version = db.session.get(Application, rejected.id).version
    response = client.post(
        f"{base}/wieder-oeffnen", data={"reopen-version": str(version), "reopen-reason": "x"}, follow_redirects=True
    )
    assert "anonymisiert" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, rejected.id).state is ApplicationState.REJECTED
