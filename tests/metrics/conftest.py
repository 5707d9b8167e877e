"""The app of these tests has /metrics switched on (a module may override `metrics_token`)."""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.conftest import _reset_schema, database_url

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def metrics_token() -> str:
    return TOKEN


@pytest.fixture
def app(backend, smtp_server, tmp_path_factory, metrics_token):
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url(backend, tmp_path_factory),
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=smtp_server.port,
        METRICS_TOKEN=metrics_token,
    )
    with app.app_context():
        _reset_schema(backend)
        yield app
        db.session.remove()
        db.engine.dispose()
