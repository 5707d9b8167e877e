"""Configuration from the environment; production refuses an insecure SECRET_KEY."""

import subprocess
import sys

import pytest

from app import ConfigurationError, create_app
from config import ProductionConfig, TestConfig


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "dev-insecure-change-me")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_starts_with_a_real_secret_key(monkeypatch, tmp_path):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "BASE_URL", "https://teilhabe.example.org")
    app = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.sqlite3")
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_gunicorn_entry_point_fails_with_one_clear_line_without_secret_key(tmp_path):
    # SECRET_KEY empty rather than absent: after `make run` the checkout's .env holds a development
    # key, which config.py would otherwise load for a variable the environment does not set.
    env = {"PATH": "/usr/bin:/bin", "TEILHABE_ENV": "production", "HOME": str(tmp_path), "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], capture_output=True, text=True, env=env, cwd=".", timeout=60
    )
    assert result.returncode != 0
    assert "Teilhabe: SECRET_KEY is not set" in result.stderr


def test_database_url_from_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db.example/teilhabe")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.Config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db.example/teilhabe"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(config)


def test_behind_a_trusted_proxy_the_visitor_address_and_scheme_are_used(tmp_path):
    from flask import request

    app = create_app(TestConfig, TRUSTED_PROXIES=1, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/proxy.sqlite3")

    @app.get("/_probe")
    def probe():
        return f"{request.remote_addr} {request.scheme}"

    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    assert app.test_client().get("/_probe", headers=headers).get_data(as_text=True) == "203.0.113.7 https"


def test_without_trusted_proxy_forwarded_headers_are_ignored(tmp_path):
    from flask import request

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/proxy.sqlite3")

    @app.get("/_probe")
    def probe():
        return request.remote_addr

    headers = {"X-Forwarded-For": "203.0.113.7"}
    assert app.test_client().get("/_probe", headers=headers).get_data(as_text=True) == "127.0.0.1"


def test_rate_limits_come_from_one_table_overridable_by_environment(monkeypatch):
    from config import RATE_LIMIT_DEFAULTS, rate_limits_from_env

    monkeypatch.setenv("RATE_LIMIT_LOGIN_IP", "100 per 5 minutes")
    monkeypatch.setenv("APPLY_SUBMIT_LIMIT", "20 per hour")  # the older name still works
    limits = rate_limits_from_env()
    assert limits["login_ip"] == "100 per 5 minutes"
    assert limits["apply_submit"] == "20 per hour"
    assert limits["forgot_password"] == RATE_LIMIT_DEFAULTS["forgot_password"]
    assert set(limits) == set(RATE_LIMIT_DEFAULTS)
