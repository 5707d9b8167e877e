"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.models.schema import include_object
from config import TestConfig


@pytest.fixture
def empty_database_url(backend, tmp_path):
    """A brand-new empty database: a file for SQLite, a fresh database on PostgreSQL."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    base = sa.make_url(os.environ["TEST_DATABASE_URL"])
    name = f"teilhabe_mig_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_database_matches_models(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        assert _differences(db.engine) == []
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"networks", "applications", "memberships", "accounts", "history_entries"} <= tables
        db.engine.dispose()


def test_downgrade_to_base_and_upgrade_again(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert _differences(db.engine) == []
        db.engine.dispose()


def test_upgrade_to_0013_fills_the_links_and_keeps_them_in_step(empty_database_url):
    """Existing links get their application's state and created_at; the triggers of 0013 follow changes."""
    from app.models import Application, ApplicationState, Network, Themenkreis
    from app.models.application import application_themenkreise as links
    from tests.review_support import make_application

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0012")
        network = Network(slug="allianz", name="Allianz", short_description="Ein Netzwerk.")
        network.themenkreise.append(Themenkreis(name="Transparenz", position=1))
        db.session.add(network)
        db.session.flush()
        application, _ = make_application(
            network, ApplicationState.QUERY, themenkreise=network.themenkreise, consent=False
        )
        db.session.commit()
        application_id = application.id
        db.session.remove()
        upgrade()
        copies = sa.select(links.c.state, links.c.created_at, Application.state, Application.created_at).join(
            Application, Application.id == links.c.application_id
        )
        [row] = db.session.execute(copies).all()
        assert row[0] == row[2] == ApplicationState.QUERY and row[1] == row[3]
        db.session.execute(
            sa.update(Application).where(Application.id == application_id).values(state=ApplicationState.ACCEPTED)
        )
        [row] = db.session.execute(copies).all()
        assert row[0] == ApplicationState.ACCEPTED
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_upgrade_to_0015_fills_the_search_copies_and_keeps_them_in_step(empty_database_url):
    """Existing search rows get their application's network, state and created_at; 0015's triggers follow."""
    from app.models import Application, ApplicationState, Network, review_index
    from tests.review_support import make_application

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0014")
        network = Network(slug="allianz", name="Allianz", short_description="Ein Netzwerk.")
        db.session.add(network)
        db.session.flush()
        application, _ = make_application(network, ApplicationState.QUERY, institution="Landkreis", consent=False)
        db.session.commit()
        application_id, network_id = application.id, network.id
        db.session.remove()
        upgrade()
        entries = review_index.c
        copies = sa.select(entries.network_id, entries.state, entries.created_at, Application.created_at).join(
            Application, Application.id == entries.application_id
        )
        [row] = db.session.execute(copies).all()
        assert (row[0], row[1]) == (network_id, ApplicationState.QUERY) and row[2] == row[3]
        db.session.execute(
            sa.update(Application).where(Application.id == application_id).values(state=ApplicationState.ACCEPTED)
        )
        [row] = db.session.execute(copies).all()
        assert row[1] == ApplicationState.ACCEPTED
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
