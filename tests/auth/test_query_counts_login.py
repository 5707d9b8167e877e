"""A logged-in page loads the login session, its account and the coordinator flag with one statement."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from tests.conftest import login


def test_session_and_account_come_in_one_statement(app, client, make_account):
    account = make_account()
    login(client, account.email)
    client.get("/mein-bereich/")  # the first view may refresh last_seen_at
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/mein-bereich/").status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    session_lookups = [s for s in statements if "login_sessions" in s]
    assert len(session_lookups) == 1
    assert "JOIN login_sessions" in session_lookups[0]
    assert not any("coordinator_assignments" in s for s in statements if s not in session_lookups)
    assert not any(
        s.lstrip().startswith("SELECT") and "FROM accounts" in s and "WHERE accounts.id =" in s for s in statements
    )


def test_the_navigation_shows_the_queue_link_to_coordinators_only(app, make_network, make_account):
    network = make_network(slug="netz")
    for account, expected in ((make_account(), False), (make_account(coordinates=[network]), True)):
        visitor = app.test_client()
        login(visitor, account.email)
        page = visitor.get("/mein-bereich/").get_data(as_text=True)
        assert ('href="/koordination/"' in page) is expected
