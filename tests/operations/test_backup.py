"""flask backup / flask restore: a populated database comes back complete and the app serves it."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from app.models import ApplicationState, OutboxMessage, OutboxStatus, utcnow
from config import TestConfig
from tests.conftest import IsolatedClient, login
from tests.review_support import make_application

SNAPSHOT_QUERIES = {
    "applications": "SELECT id, network_id, state, email, last_name, version FROM applications ORDER BY id",
    "memberships": "SELECT id, network_id, account_id, listed_in_directory FROM memberships ORDER BY id",
    "outbox": "SELECT id, status, recipient, attempts, last_error FROM outbox_messages ORDER BY id",
    "accounts": "SELECT id, email, password_hash FROM accounts ORDER BY id",
}


def snapshot(engine: sa.Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(sa.text(sql))] for name, sql in SNAPSHOT_QUERIES.items()
        }


@pytest.fixture
def fresh_database_url(backend, tmp_path):
    """An empty database of the same kind, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    url = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{url.database}_restore"
    server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture
def populated(make_network, make_account, make_member):
    """Applications in several states, members, a coordinator and an outbox in every state."""
    allianz = make_network(slug="allianz", name="Allianz Vielfältige Demokratie")
    coordinator = make_account("koordination@example.org", coordinates=[allianz])
    make_member(allianz, first_name="Greta", last_name="Gesichert")
    make_member(allianz, first_name="Nora", last_name="Nichtgelistet", listed=False)
    for state in (ApplicationState.RECEIVED, ApplicationState.IN_REVIEW, ApplicationState.QUERY):
        make_application(allianz, state, last_name=f"Antrag{state.value.title().replace('_', '')}")
    make_application(allianz, ApplicationState.ACCEPTED, last_name="Angenommen")
    for number, status in enumerate(OutboxStatus):
        db.session.add(
            OutboxMessage(
                recipient=f"post{number}@example.org",
                subject="Test",
                body_text="Hallo",
                status=status,
                attempts=number,
                last_error="SMTPServerDisconnected" if status is OutboxStatus.FAILED else "",
                next_attempt_at=utcnow() + timedelta(minutes=number),
            )
        )
    db.session.commit()
    return coordinator


def test_backup_restored_into_a_fresh_database_is_the_same_and_served(
    app, runner, populated, fresh_database_url, tmp_path
):
    before = snapshot(db.engine)
    result = runner.invoke(args=["backup", "--output", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    [backup] = (tmp_path / "backups").iterdir()
    assert backup.name.startswith("teilhabe-")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # personal data: owner only
    assert str(backup) in result.output

    restored = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with restored.app_context():
        result = restored.test_cli_runner().invoke(args=["restore", str(backup)])
        assert result.exit_code == 0, result.output
        assert "4 Anträge, 2 Mitgliedschaften, 4 E-Mails im Postausgang" in result.output
        assert snapshot(db.engine) == before
        assert before["applications"] and before["memberships"] and before["outbox"]

        # The app serves from the restored database: the coordinator's password and queue came back.
        restored.test_client_class = IsolatedClient
        client = restored.test_client()
        assert login(client, "koordination@example.org").status_code == 200
        queue = client.get("/koordination/allianz/antraege").get_data(as_text=True)
        for name in ("AntragReceived", "AntragInReview"):
            assert name in queue
        directory = client.get("/netzwerke/allianz/verzeichnis")
        assert directory.status_code == 200
        assert "Gesichert" in directory.get_data(as_text=True)
        assert "Nichtgelistet" not in directory.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()


def test_restore_asks_before_replacing_a_database_with_tables(app, runner, populated, tmp_path):
    runner.invoke(args=["backup", "--output", str(tmp_path / "b")])
    [backup] = (tmp_path / "b").iterdir()
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()

    refused = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert refused.exit_code == 1
    assert "Aborted" in refused.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0

    confirmed = runner.invoke(args=["restore", str(backup), "--yes"])
    assert confirmed.exit_code == 0, confirmed.output
    db.session.remove()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 4


def test_restore_refuses_a_file_that_is_no_backup(app, runner, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("keine Sicherung")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code == 1
    assert "keine" in result.output and "Sicherung" in result.output
    missing = runner.invoke(args=["restore", str(tmp_path / "fehlt.dump"), "--yes"])
    assert missing.exit_code == 1
    assert "gibt es nicht" in missing.output


def test_backup_keeps_only_the_newest(app, runner, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    suffix = ".dump" if db.engine.dialect.name == "postgresql" else ".sqlite3"
    for day in ("20260101", "20260102", "20260103"):
        (folder / f"teilhabe-{day}-020000{suffix}").write_bytes(b"old")
    (folder / "eigene-datei.txt").write_text("bleibt")
    result = runner.invoke(args=["backup", "--output", str(folder), "--keep", "2"])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in folder.iterdir())
    assert names[0] == "eigene-datei.txt"
    assert len(names) == 3 and names[1] == f"teilhabe-20260103-020000{suffix}"
