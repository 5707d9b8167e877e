"""Fixtures: app per database backend, client, runner, real SMTP server, factories.

Every test runs on SQLite; when TEST_DATABASE_URL is set, it runs on PostgreSQL too
(the `backend` fixture is parametrized). Each test starts with empty tables.
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.auth.accounts import hash_password
from app.directory import search_ddl
from app.extensions import db, limiter
from app.members.organisations import normalise_organisation_name
from app.models import (
    Account,
    ApplicantKind,
    CoordinatorAssignment,
    Membership,
    Network,
    Organisation,
    Themenkreis,
)
from app.models.page_generation import FIRST_ROW as FIRST_GENERATION
from config import TestConfig
from tests.i18n_support import compile_catalog

TEST_PASSWORD = "Beteiligung-2026!"


def limits(**changed: str) -> dict[str, str]:
    """The rate-limit table with some limits changed (pass as RATE_LIMITS=... to create_app)."""
    return {**TestConfig.RATE_LIMITS, **changed}


def backends() -> list[str]:
    names = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        names.append("postgresql")
    return names


# --------------------------------------------------------------------------- SMTP


@dataclass
class SMTPCollector:
    """A real SMTP server (aiosmtpd) on a free port that keeps what it receives."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)  # the bytes as they came over the wire
    refuse: bool = False  # simulate an SMTP server that rejects every mail
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        if self.refuse:
            return "451 Requested action aborted: local error in processing"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
            self.raw.append(envelope.content)
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.raw.clear()
        self.refuse = False

    def to(self, address: str) -> list[EmailMessage]:
        """Messages addressed to `address` (case-insensitive)."""
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""

    def links(self, message: EmailMessage) -> list[str]:
        """All http(s) links in the plain-text part."""
        return re.findall(r"https?://[^\s<>\"]+", self.text(message))

    def last_link(self, address: str, contains: str = "") -> str:
        for message in reversed(self.to(address)):
            for link in self.links(message):
                if contains in link:
                    return link
        raise AssertionError(f"no link containing {contains!r} in mail to {address}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SMTPCollector]:
    collector = SMTPCollector(port=free_port())
    controller = Controller(collector, hostname=collector.host, port=collector.port)
    controller.start()
    yield collector
    controller.stop()


@pytest.fixture
def smtp(smtp_server: SMTPCollector) -> SMTPCollector:
    """The SMTP server, emptied for this test."""
    smtp_server.clear()
    return smtp_server


# --------------------------------------------------------------------------- app and database


@pytest.fixture(scope="session", autouse=True)
def english_catalog() -> None:
    """Compile messages.mo (a build artefact, not in git) before any page is rendered in English."""
    compile_catalog()


_schema_ready: set[str] = set()


@functools.cache
def postgresql_url() -> str:
    """TEST_DATABASE_URL, or under pytest-xdist a database of this worker's own ("test_gw0" ...).

    The workers run at the same time and each empties all tables before every test, so they
    must never share a database. The worker's database is created on first use.
    """
    base = sa.make_url(os.environ["TEST_DATABASE_URL"])
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return os.environ["TEST_DATABASE_URL"]
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def database_url(backend: str, tmp_path_factory) -> str:
    if backend == "postgresql":
        return postgresql_url()
    path = tmp_path_factory.getbasetemp() / "teilhabe-test.sqlite3"
    return f"sqlite:///{path}"


def _reset_schema(backend: str) -> None:
    """Create the schema once per backend and run, then empty all tables before each test."""
    if backend not in _schema_ready:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        search_ddl.create_search_objects(db.engine)
        _schema_ready.add(backend)
        return
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if backend == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
        connection.execute(FIRST_GENERATION)  # the counter row create_all and migration 0016 insert
    search_ddl.clear_search_objects(db.engine)


@pytest.fixture(scope="session", params=backends())
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend: str, smtp_server: SMTPCollector, tmp_path_factory):
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url(backend, tmp_path_factory),
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=smtp_server.port,
    )
    with app.app_context():
        _reset_schema(backend)
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _postgresql_only(request) -> None:
    """Tests marked `postgresql_only` race real transactions: SQLite serialises writers."""
    if request.node.get_closest_marker("postgresql_only") and request.getfixturevalue("backend") != "postgresql":
        pytest.skip("needs real concurrent transactions (PostgreSQL; runs in CI with TEST_DATABASE_URL)")


@pytest.fixture
def make_racing_app(app):
    """A second app on the test database with a pool big enough for many transactions at once."""
    made = []

    def make(pool_size: int):
        racing = create_app(
            TestConfig,
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            SQLALCHEMY_ENGINE_OPTIONS={"pool_size": pool_size, "max_overflow": 0, "pool_timeout": 60},
            MAIL_SERVER=app.config["MAIL_SERVER"],
            MAIL_PORT=app.config["MAIL_PORT"],
        )
        made.append(racing)
        return racing

    yield make
    for racing in made:
        with racing.app_context():
            db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    The fixture keeps an app context open for the test body (factories, asserts);
    without isolation every request would share its `g` (login user, locale) and
    its database session with the test.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():  # not inside a redirect followed in the isolated context
            db.session.expire_all()  # the test's own session sees what the request wrote
        return response


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --------------------------------------------------------------------------- factories


@pytest.fixture
def make_network(app) -> Callable[..., Network]:
    counter = iter(range(1, 10_000))

    def make(slug: str | None = None, themenkreise: tuple[str, ...] = ("Transparenz", "Qualität"), **values) -> Network:
        number = next(counter)
        values.setdefault("name", f"Testnetzwerk {number}")
        values.setdefault("short_description", "Ein Netzwerk für Tests.")
        network = Network(slug=slug or f"testnetz-{number}", **values)
        for position, name in enumerate(themenkreise, start=1):
            network.themenkreise.append(Themenkreis(name=name, position=position))
        db.session.add(network)
        db.session.commit()
        return network

    return make


@pytest.fixture
def make_account(app) -> Callable[..., Account]:
    counter = iter(range(1, 10_000))

    def make(
        email: str | None = None,
        password: str | None = TEST_PASSWORD,
        *,
        admin: bool = False,
        coordinates: list[Network] | tuple[Network, ...] = (),
        **values,
    ) -> Account:
        number = next(counter)
        values.setdefault("first_name", "Kim")
        values.setdefault("last_name", f"Muster{number}")
        account = Account(
            email=(email or f"person{number}@example.org").lower(),
            password_hash=hash_password(password) if password else None,
            is_admin=admin,
            **values,
        )
        db.session.add(account)
        db.session.flush()
        for network in coordinates:
            db.session.add(CoordinatorAssignment(account_id=account.id, network_id=network.id))
        db.session.commit()
        return account

    return make


@pytest.fixture
def make_member(app, make_account) -> Callable[..., Membership]:
    def make(
        network: Network,
        account: Account | None = None,
        *,
        listed: bool = True,
        themenkreise: list[Themenkreis] | None = None,
        organisation: str | None = None,
        kind: ApplicantKind = ApplicantKind.PERSON,
        **account_values,
    ) -> Membership:
        account = account or make_account(**account_values)
        org = None
        if organisation:
            org = Organisation(name=organisation, normalized_name=normalise_organisation_name(organisation))
        membership = Membership(
            network=network,
            account=account,
            organisation=org,
            kind=kind,
            listed_in_directory=listed,
            themenkreise=list(themenkreise or []),
        )
        db.session.add(membership)
        db.session.commit()
        return membership

    return make


def login(client, email: str, password: str = TEST_PASSWORD, follow_redirects: bool = True):
    """Log in through the real login form."""
    return client.post("/anmelden", data={"email": email, "password": password}, follow_redirects=follow_redirects)


@pytest.fixture
def login_as(client) -> Callable[[Account], object]:
    def do_login(account: Account, password: str = TEST_PASSWORD):
        response = login(client, account.email, password)
        assert response.status_code == 200
        return response

    return do_login


# --------------------------------------------------------------------------- reading pages and SQL


def html(response_or_text) -> BeautifulSoup:
    """A page parsed with a real HTML parser, to query with CSS selectors (`.select`, `.select_one`)."""
    text = response_or_text if isinstance(response_or_text, str) else response_or_text.get_data(as_text=True)
    return BeautifulSoup(text, "html.parser")


@pytest.fixture
def count_queries():
    """`with count_queries() as statements:` collects every SQL statement the block sends."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)

    return counting
