"""'Passwort vergessen' does the same work in the request for known and unknown addresses."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa
from flask import template_rendered

from app.extensions import db


@contextmanager
def recorded_work(app):
    """The templates rendered and SQL statements executed while the block runs."""
    work: list[str] = []

    def on_render(sender, template, context, **extra):
        work.append(f"render {template.name}")

    def on_sql(conn, cursor, statement, parameters, context, executemany):
        work.append(f"sql {statement.split()[0]} {statement}")

    template_rendered.connect(on_render, app)
    sa.event.listen(db.engine, "before_cursor_execute", on_sql)
    try:
        yield work
    finally:
        template_rendered.disconnect(on_render, app)
        sa.event.remove(db.engine, "before_cursor_execute", on_sql)


def request_reset(app, client, email: str):
    """Post the form; returns (response, work done before the response was delivered)."""
    with recorded_work(app) as work:
        response = client.post("/passwort-vergessen", data={"email": email})
    return response, work


def test_known_and_unknown_addresses_do_the_same_work_in_the_request(app, client, smtp, make_account):
    make_account("kim@example.org")

    known, known_work = request_reset(app, client, "kim@example.org")
    unknown, unknown_work = request_reset(app, client, "niemand@example.org")

    assert known_work == unknown_work
    assert not [step for step in known_work if "email/" in step or "tokens" in step or "outbox" in step]
    assert (known.status_code, known.location) == (unknown.status_code, unknown.location)
    assert smtp.messages == []  # nothing is sent before the response is delivered

    known.close()
    unknown.close()
    assert [str(m["To"]) for m in smtp.messages] == ["kim@example.org"]
    assert "/passwort-zuruecksetzen/" in smtp.last_link("kim@example.org")
