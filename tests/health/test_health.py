"""/healthz and /readyz: what a load balancer sees, without login, cookie or rate limit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db, limiter
from app.health.checks import migration_heads
from tests.apply_support import sibling_app
from tests.conftest import IsolatedClient, free_port


@pytest.fixture
def migrated(app):
    """Stamp the test schema (made by create_all) as migrated to head, as `flask db upgrade` does."""
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        for head in migration_heads():
            connection.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
    yield
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def other(app, **overrides):
    sibling = sibling_app(app, **overrides)
    sibling.test_client_class = IsolatedClient
    return sibling


def test_healthz_answers_without_login_cookie_or_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_database_is_migrated_to_head(client, migrated):
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checks"] == {"database": "ok", "migrations": "ok", "redis": "not configured"}
    assert "Set-Cookie" not in response.headers


def test_readyz_names_migrations_behind_head(client, migrated):
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failing"] == ["migrations"]
    assert body["checks"]["migrations"].startswith("at 0001, expected")
    assert response.headers["Retry-After"]


def test_readyz_without_migrations_table_is_not_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["migrations"]


def test_readyz_names_an_unreachable_database_without_secrets(app):
    url = f"postgresql+psycopg://teilhabe:geheim-passwort@127.0.0.1:{free_port()}/teilhabe"
    down = other(app, SQLALCHEMY_DATABASE_URI=url)
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert response.get_json()["checks"]["database"] == "unreachable"
    assert response.get_json()["failing"] == ["database", "migrations"]
    assert "geheim" not in body and "teilhabe@" not in body and str(down.config["SQLALCHEMY_DATABASE_URI"]) not in body
    assert down.test_client().get("/healthz").status_code == 200  # alive, just not ready


def test_readyz_names_an_unreachable_redis(app, migrated):
    down = other(app, RATELIMIT_STORAGE_URI=f"redis://:geheim@127.0.0.1:{free_port()}/0")
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"] == "unreachable"
    assert response.get_json()["failing"] == ["redis"]
    assert "geheim" not in response.get_data(as_text=True)
    with down.app_context():
        db.engine.dispose()


def test_readyz_checks_a_reachable_redis(app, migrated):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/3"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis not running on 127.0.0.1:6379")
    ready = other(app, RATELIMIT_STORAGE_URI=url)
    response = ready.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["redis"] == "ok"
    with ready.app_context():
        db.engine.dispose()


def test_health_endpoints_are_not_rate_limited(app, migrated):
    limited = other(app, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    client = limited.test_client()
    try:
        assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5
        assert [client.get("/readyz").status_code for _ in range(5)] == [200] * 5
        assert [client.get("/impressum").status_code for _ in range(3)] == [200, 200, 429]  # others are
    finally:
        limiter.limit_manager.set_default_limits([])  # the limiter object is shared by all test apps
        with limited.app_context():
            db.engine.dispose()
