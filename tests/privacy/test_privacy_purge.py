"""`flask privacy purge`: retention of unconfirmed, rejected and withdrawn applications (frozen clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from app.core import history
from app.core.tokens import hash_token, issue_token, new_token
from app.extensions import db
from app.models import (
    Application,
    ApplicationDraft,
    ApplicationState,
    HistoryEntry,
    HistoryKind,
    OutboxMessage,
    OutboxStatus,
    Token,
    TokenPurpose,
)

NOW = datetime(2026, 11, 21, 3, 15, tzinfo=UTC)
S = ApplicationState


@pytest.fixture
def network(make_network):
    return make_network(slug="allianz")


@pytest.fixture
def make_application(network):
    def make(state: ApplicationState, *, age: timedelta, decided: timedelta | None = None, email: str):
        created = NOW - age
        with freeze_time(created):
            application = Application(
                network_id=network.id,
                state=state,
                first_name="Petra",
                last_name=f"Person-{email}",
                email=email,
                phone="+493012345678",
                street="Hauptstraße 1",
                city="Berlin",
                description=f"Text von {email}",
                submission_token=new_token(),
                status_token_hash=hash_token(new_token()),
                created_at=created,
                decided_at=NOW - decided if decided else None,
            )
            db.session.add(application)
            db.session.flush()
            issue_token(TokenPurpose.CONFIRM_APPLICATION, timedelta(days=7), application_id=application.id)
            history.record(
                HistoryKind.STATE_CHANGE,
                application=application,
                actor_label=f"Petra Person-{email}",
                message=f"Antwort von {email}",
                to_state=state,
            )
            db.session.add(
                OutboxMessage(
                    recipient=email,
                    subject="Ihr Antrag",
                    body_text=f"Hallo {email}",
                    application_id=application.id,
                    status=OutboxStatus.SENT,
                    created_at=NOW,
                )
            )
        db.session.commit()
        return application.id

    return make


def purge(runner) -> str:
    with freeze_time(NOW):
        result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    return result.output


def rows_mentioning(email: str) -> int:
    count = 0
    for model, columns in (
        (Application, [Application.email, Application.description]),
        (HistoryEntry, [HistoryEntry.message, HistoryEntry.actor_label]),
        (OutboxMessage, [OutboxMessage.recipient, OutboxMessage.body_text]),
    ):
        count += db.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(sa.or_(*(c.like(f"%{email}%") for c in columns)))
        )
    return count


def test_unconfirmed_applications_are_deleted_after_seven_days(runner, make_application):
    old = make_application(S.UNCONFIRMED, age=timedelta(days=7, minutes=1), email="alt@example.org")
    fresh = make_application(S.UNCONFIRMED, age=timedelta(days=6, hours=23), email="frisch@example.org")
    output = purge(runner)
    assert "Unbestätigte Anträge gelöscht: 1." in output
    assert db.session.get(Application, old) is None
    assert db.session.get(Application, fresh) is not None
    assert rows_mentioning("alt@example.org") == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Token).where(Token.application_id == old)) == 0
    assert rows_mentioning("frisch@example.org") > 0


@pytest.mark.parametrize("state", [S.REJECTED, S.WITHDRAWN])
def test_rejected_and_withdrawn_are_anonymised_after_the_retention_period(runner, make_application, state):
    old = make_application(
        state, age=timedelta(days=200), decided=timedelta(days=180, minutes=1), email="alt@example.org"
    )
    recent = make_application(state, age=timedelta(days=200), decided=timedelta(days=179), email="neu@example.org")
    output = purge(runner)
    assert "anonymisiert: 1." in output

    application = db.session.get(Application, old)
    assert application is not None and application.state is state  # kept for statistics
    assert application.anonymised_at == NOW
    assert (application.email, application.phone, application.street, application.description) == ("", "", "", "")
    assert rows_mentioning("alt@example.org") == 0
    assert all("Petra" not in entry.actor_label for entry in application.history)
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.application_id == old))
    assert mail is None or (mail.recipient == "" and mail.body_text == "")
    assert db.session.get(Application, recent).email == "neu@example.org"
    assert rows_mentioning("neu@example.org") >= 3


def test_accepted_and_open_applications_are_never_touched(runner, make_application):
    accepted = make_application(
        S.ACCEPTED, age=timedelta(days=900), decided=timedelta(days=800), email="mitglied@example.org"
    )
    waiting = make_application(S.RECEIVED, age=timedelta(days=400), email="wartet@example.org")
    purge(runner)
    assert db.session.get(Application, accepted).email == "mitglied@example.org"
    assert db.session.get(Application, waiting).email == "wartet@example.org"


def test_retention_period_is_configurable(app, runner, make_application):
    app.config["RETENTION_DAYS"] = 30
    old = make_application(S.REJECTED, age=timedelta(days=40), decided=timedelta(days=31), email="a@example.org")
    purge(runner)
    assert db.session.get(Application, old).anonymised_at is not None


def test_purge_is_idempotent_and_cleans_old_drafts_and_mails(runner, network, make_application):
    make_application(S.REJECTED, age=timedelta(days=400), decided=timedelta(days=300), email="a@example.org")
    stale = NOW - timedelta(days=8)
    db.session.add(
        ApplicationDraft(
            token=new_token(),
            network_id=network.id,
            data={"email": "d@example.org"},
            created_at=stale,
            updated_at=stale,
        )
    )
    db.session.add(ApplicationDraft(token=new_token(), network_id=network.id, data={}, created_at=NOW, updated_at=NOW))
    db.session.add(
        OutboxMessage(
            recipient="x@example.org",
            subject="Alt",
            body_text="alt",
            status=OutboxStatus.SENT,
            created_at=NOW - timedelta(days=181),
        )
    )
    db.session.commit()
    first = purge(runner)
    assert "anonymisiert: 1." in first and "Formularentwürfe gelöscht: 1." in first
    assert "Alte E-Mails gelöscht: 1." in first
    second = purge(runner)
    assert "gelöscht: 0. Abgelehnte/zurückgezogene Anträge anonymisiert: 0." in second
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApplicationDraft)) == 1
