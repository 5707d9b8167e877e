"""The real app served over HTTP in a thread, against its own database, for browser tests."""

from __future__ import annotations

import os
import threading
import traceback
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask, got_request_exception
from werkzeug.serving import BaseWSGIServer, make_server

from app import create_app
from app.directory import search_ddl
from app.extensions import db
from config import TestConfig

DEMO_MEMBERS = 24  # a few fictional members so the directory is not empty


@dataclass
class LiveServer:
    """A running app: `url` for the browser, `app` for seeding and asserting in the test."""

    app: Flask
    backend: str
    url: str = ""
    server: BaseWSGIServer | None = None
    thread: threading.Thread | None = None
    # Tracebacks of exceptions raised while handling requests (shown in failures).
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # Links in mails sent outside a request (CLI, outbox retries) point here too.
        self.app.config["BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, name="live-server", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def take_errors(self) -> list[str]:
        """Server-side exceptions since the last call (and forget them)."""
        with self.lock:
            errors, self.errors = self.errors, []
        return errors

    def record_error(self, sender, exception, **extra) -> None:
        with self.lock:
            self.errors.append("".join(traceback.format_exception(exception)))


def browser_database_url(backend: str, tmp_path_factory) -> str:
    """A database of its own, so the live server never shares tables with the other tests.

    SQLite: a file in pytest's temporary folder. PostgreSQL: BROWSER_DATABASE_URL, or a new
    database "<name of TEST_DATABASE_URL>_browser_<pid>" (so two test runs never share one),
    dropped again by drop_browser_database() at the end.
    """
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'browser.sqlite3'}"
    if os.environ.get("BROWSER_DATABASE_URL"):
        return os.environ["BROWSER_DATABASE_URL"]
    base = sa.make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{base.database}_browser_{os.getpid()}"
    _administer(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def drop_browser_database(url: str) -> None:
    """Drop a database made by browser_database_url (never BROWSER_DATABASE_URL)."""
    if url == os.environ.get("BROWSER_DATABASE_URL") or not url.startswith("postgresql"):
        return
    _administer(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')


def _administer(*statements: str) -> None:
    engine = sa.create_engine(sa.make_url(os.environ["TEST_DATABASE_URL"]), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        engine.dispose()


def create_live_app(database_url: str, smtp_host: str, smtp_port: int) -> Flask:
    """The app as a browser meets it: CSRF on, real SMTP; rate limits off, no minimum fill time."""
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        MAIL_SERVER=smtp_host,
        MAIL_PORT=smtp_port,
        WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False,
        MIN_FILL_SECONDS=0,
        # Render the app's own 500 page like production; the exception is still recorded.
        PROPAGATE_EXCEPTIONS=False,
    )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        search_ddl.create_search_objects(db.engine)
    return app


def start_live_server(backend: str, database_url: str, smtp_host: str, smtp_port: int) -> LiveServer:
    live = LiveServer(app=create_live_app(database_url, smtp_host, smtp_port), backend=backend)
    got_request_exception.connect(live.record_error, live.app, weak=False)
    live.start()
    return live


def reset_and_seed(live: LiveServer) -> None:
    """Empty every table, then load the demo content with `flask seed-demo` (needs an app context)."""
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if live.backend == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
    search_ddl.clear_search_objects(db.engine)
    result = live.app.test_cli_runner().invoke(args=["seed-demo", "--members", str(DEMO_MEMBERS), "--seed", "1"])
    assert result.exit_code == 0, result.output
    live.take_errors()
