"""Logged-in pages come from memory only while nothing has changed, and only to their own browser."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core import generation
from app.extensions import db
from app.models import Application, ApplicationState, LoginSession, utcnow
from tests.conftest import login

DIRECTORY = "/netzwerke/allianz/verzeichnis"
PAGES = [DIRECTORY, "/koordination/allianz/antraege", "/mein-bereich/"]


@pytest.fixture
def cached(app):
    app.config["VIEWER_PAGE_CACHE_SECONDS"] = 30
    return app


@pytest.fixture
def network(make_network):
    return make_network(slug="allianz", name="Allianz")


@pytest.fixture
def viewer(network, make_member, make_account):
    account = make_account(first_name="Vera", last_name="Betrachterin", coordinates=[network])
    make_member(network, account)
    return account


@pytest.fixture
def colleague(network, make_member):
    return make_member(network, first_name="Kai", last_name="Kollegin").account


def fetch(client, url: str, caplog) -> tuple[str, bool]:
    """The page and whether it was answered from memory (the request log says so)."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="teilhabe.request"):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    [line] = [record for record in caplog.records if record.name == "teilhabe.request"]
    return response.get_data(as_text=True), line.cached


def rename(account, last_name: str) -> None:
    account.last_name = last_name
    db.session.commit()


@pytest.mark.parametrize("url", PAGES)
def test_a_reload_comes_from_memory_and_runs_no_sql_through_the_app(cached, client, viewer, colleague, url, caplog):
    login(client, viewer.email)
    first, from_memory = fetch(client, url, caplog)
    assert not from_memory
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        second, from_memory = fetch(client, url, caplog)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert from_memory and second == first
    assert statements == []


def test_any_committed_change_shows_on_the_next_request(cached, client, viewer, colleague, caplog):
    login(client, viewer.email)
    assert "Kollegin" in fetch(client, DIRECTORY, caplog)[0]
    assert fetch(client, DIRECTORY, caplog)[1]

    rename(colleague, "Neuname")  # through the ORM, as every form does
    page, from_memory = fetch(client, DIRECTORY, caplog)
    assert not from_memory and "Neuname" in page and "Kollegin" not in page
    assert fetch(client, DIRECTORY, caplog)[1]

    db.session.execute(sa.text("UPDATE accounts SET last_name = 'Rohname' WHERE id = :id"), {"id": colleague.id})
    db.session.commit()  # raw SQL through the session (an erasure does this) counts too
    page, from_memory = fetch(client, DIRECTORY, caplog)
    assert not from_memory and "Rohname" in page

    db.session.execute(sa.update(Application).values(state=ApplicationState.ACCEPTED))  # bulk, no rows: still a write
    db.session.commit()
    assert not fetch(client, DIRECTORY, caplog)[1]


def test_a_write_outside_the_session_shows_when_the_time_is_up(cached, client, viewer, colleague, caplog, monkeypatch):
    login(client, viewer.email)
    fetch(client, DIRECTORY, caplog)
    with db.engine.begin() as connection:  # like psql or a restore: the app cannot know
        connection.execute(sa.text("UPDATE accounts SET last_name = 'Heimlich' WHERE id = :id"), {"id": colleague.id})
    page, from_memory = fetch(client, DIRECTORY, caplog)
    assert from_memory and "Kollegin" in page

    import app.core.viewercache as cache_module

    later = cache_module.time.monotonic() + 31
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: later)
    page, from_memory = fetch(client, DIRECTORY, caplog)
    assert not from_memory and "Heimlich" in page


def test_after_logout_a_copied_cookie_gets_no_kept_page(cached, app, client, viewer, caplog):
    login(client, viewer.email)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert fetch(thief, "/mein-bereich/", caplog)[1] is False
    assert fetch(thief, "/mein-bereich/", caplog)[1] is True  # kept for this cookie

    client.post("/abmelden")

    response = thief.get("/mein-bereich/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden")


def test_nobody_gets_another_persons_page(cached, app, client, viewer, colleague, caplog):
    login(client, viewer.email)
    other = app.test_client()
    login(other, colleague.email)
    for _ in range(2):
        mine = client.get("/mein-bereich/").get_data(as_text=True)
        theirs = other.get("/mein-bereich/").get_data(as_text=True)
        assert "Guten Tag, Vera Betrachterin." in mine and "Betrachterin" not in theirs
        assert "Guten Tag, Kai Kollegin." in theirs and "Kollegin" not in mine


def test_a_page_that_showed_a_flash_message_is_not_kept(cached, client, viewer, caplog):
    page = login(client, viewer.email).get_data(as_text=True)  # the login lands on Mein Bereich
    assert "kern-alert" in page
    again, from_memory = fetch(client, "/mein-bereich/", caplog)
    assert not from_memory and "kern-alert" not in again


def test_reading_pages_moves_nothing_and_each_commit_moves_the_generation_once(cached, client, viewer, colleague):
    login(client, viewer.email)
    # An idle clock older than five minutes is written on the next page view: no data change.
    db.session.execute(sa.update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    before = generation.current(db.session)
    for url in PAGES * 2:
        assert client.get(url).status_code == 200
    assert db.session.scalar(sa.select(LoginSession.last_seen_at)) > utcnow() - timedelta(minutes=1)
    assert generation.current(db.session) == before

    colleague.first_name = "Kim"
    db.session.flush()
    colleague.last_name = "Zwei"
    db.session.commit()
    assert generation.current(db.session) == before + 1


def test_without_the_counter_row_nothing_is_kept(cached, client, viewer, caplog):
    db.session.execute(sa.text("DELETE FROM page_generation"))
    db.session.commit()
    login(client, viewer.email)
    fetch(client, DIRECTORY, caplog)
    assert not fetch(client, DIRECTORY, caplog)[1]


@pytest.mark.postgresql_only
def test_concurrent_writers_each_move_the_generation(cached, make_racing_app, viewer, make_account):
    """The counter is one row updated at the end of each writing transaction: no move is lost."""
    accounts = [make_account().id for _ in range(8)]
    before = generation.current(db.session)
    racing = make_racing_app(pool_size=8)
    start = threading.Barrier(len(accounts))
    errors: list[BaseException] = []

    def write(account_id: int) -> None:
        try:
            with racing.app_context():
                from app.models import Account

                start.wait()
                db.session.get(Account, account_id).last_name = f"Parallel{account_id}"
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(account_id,)) for account_id in accounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    assert generation.current(db.session) == before + len(accounts)


def test_the_mail_worker_sending_a_burst_leaves_kept_pages_alone(cached, client, viewer, smtp, caplog):
    from app.outbox.worker import send_due
    from tests.outbox.support import queue_many

    login(client, viewer.email)
    fetch(client, DIRECTORY, caplog)
    queue_many(30)
    before = generation.current(db.session)
    assert send_due().sent == 30
    assert generation.current(db.session) == before
    assert fetch(client, DIRECTORY, caplog)[1]
