"""Timeouts are consistent: PostgreSQL limits from the environment, gunicorn's above them."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from config import Config, database_engine_options
from tests.apply_support import sibling_app

ROOT = Path(__file__).resolve().parents[2]


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_TIMEOUT", "WEB_CONCURRENCY", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_worker_timeout_is_above_every_request_timeout(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    worst_request = Config.DB_CONNECT_TIMEOUT + Config.DB_POOL_TIMEOUT + Config.DB_STATEMENT_TIMEOUT
    assert settings["timeout"] > worst_request
    assert settings["timeout"] > Config.REDIS_TIMEOUT * 2 + worst_request
    assert settings["accesslog"] is None  # the app logs each request once, with its request id
    assert settings["bind"] == "127.0.0.1:8000"
    assert gunicorn_settings(monkeypatch, GUNICORN_TIMEOUT="90", WEB_CONCURRENCY="3")["workers"] == 3


def test_postgresql_engine_options_come_from_the_environment():
    config = {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x@localhost/y",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "DB_POOL_SIZE": 7,
        "DB_MAX_OVERFLOW": 3,
        "DB_POOL_TIMEOUT": 4,
        "DB_CONNECT_TIMEOUT": 2,
        "DB_STATEMENT_TIMEOUT": 9,
    }
    options = database_engine_options(config)
    assert (options["pool_size"], options["max_overflow"], options["pool_timeout"]) == (7, 3, 4)
    assert options["connect_args"] == {"connect_timeout": 2, "options": "-c statement_timeout=9000 -c jit=off"}
    sqlite = database_engine_options({**config, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert sqlite == {"pool_pre_ping": True}  # SQLite's pool takes none of these


def test_postgresql_cancels_a_statement_over_the_timeout(app, backend):
    if backend != "postgresql":
        pytest.skip("PostgreSQL only (set TEST_DATABASE_URL): statement_timeout is a PostgreSQL setting")
    assert db.session.scalar(sa.text("SHOW statement_timeout")) == "30s"
    assert db.session.scalar(sa.text("SHOW jit")) == "off"  # no compiling of web pages' statements
    short = sibling_app(app, DB_STATEMENT_TIMEOUT=1, DB_POOL_SIZE=2)
    with short.app_context():
        try:
            assert db.engine.pool.size() == 2
            assert db.session.scalar(sa.text("SHOW statement_timeout")) == "1s"
            with pytest.raises(sa.exc.OperationalError, match="statement timeout"):
                db.session.execute(sa.text("SELECT pg_sleep(3)"))
            db.session.rollback()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_gunicorn_freezes_the_preloaded_app_before_forking(monkeypatch):
    """Workers' full garbage collections must not walk the app's import-time objects again."""
    import gc

    assert gc.get_freeze_count() == 0
    try:
        gunicorn_settings(monkeypatch, GUNICORN_PRELOAD="0")["pre_fork"](None, None)
        assert gc.get_freeze_count() == 0  # without preloading the workers build the app themselves
        gunicorn_settings(monkeypatch, GUNICORN_PRELOAD="1")["pre_fork"](None, None)
        assert gc.get_freeze_count() > 10_000  # modules, models, the test app: all out of reach
    finally:
        gc.unfreeze()
