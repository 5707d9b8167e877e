"""Readiness checks: database reachable, migrations at head, Redis reachable where configured.

Each check answers "ok", "not configured" or a short reason that names no host, user or
password (the details go to the log).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from flask import current_app

from app.extensions import db

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
OK = "ok"


@functools.cache
def migration_heads() -> frozenset[str]:
    """The newest revision(s) shipped with this code (read once per process)."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def check_database() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        log.warning("Readiness: database unreachable", exc_info=True)
        db.session.rollback()
        return "unreachable"
    return OK


def check_migrations() -> str:
    try:
        current = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return "not migrated (run flask db upgrade)"
    heads = migration_heads()
    if current != heads:
        found = ", ".join(sorted(current)) or "none"
        return f"at {found}, expected {', '.join(sorted(heads))} (run flask db upgrade)"
    return OK


def redis_url() -> str | None:
    url = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    return url if url.split(":", 1)[0] in {"redis", "rediss", "redis+unix"} else None


def check_redis() -> str:
    url = redis_url()
    if url is None:
        return "not configured"
    import redis

    timeout = current_app.config["REDIS_TIMEOUT"]
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except redis.RedisError:
        log.warning("Readiness: Redis unreachable", exc_info=True)
        return "unreachable"
    finally:
        client.close()
    return OK


def readiness() -> dict[str, str]:
    """Every check by name; the migrations check needs the database."""
    checks = {"database": check_database()}
    checks["migrations"] = check_migrations() if checks["database"] == OK else "unknown (database unreachable)"
    checks["redis"] = check_redis()
    return checks


def is_ready(checks: dict[str, str]) -> bool:
    return all(value in (OK, "not configured") for value in checks.values())
