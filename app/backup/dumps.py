"""Write a database backup to a file and restore one into the configured database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

# Backups this module writes into a directory are named like this; --keep prunes only these.
NAME_PREFIX = "teilhabe-"
POSTGRESQL_SUFFIX = ".dump"
SQLITE_SUFFIX = ".sqlite3"
PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreSummary:
    applications: int
    memberships: int
    outbox_messages: int
    migration: str


def backup_database(database_url: str, output: Path | None, instance_path: Path, keep: int | None = None) -> Path:
    """Write a consistent backup; `output` is a file or a directory (default: instance/backups)."""
    url = make_url(database_url)
    suffix = _suffix(url)
    target = _target_file(output or instance_path / "backups", suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)  # the backup holds personal data: readable by the owner only, from the start
    try:
        if url.get_backend_name() == "postgresql":
            _pg_dump(url, partial)
        else:
            _sqlite_backup(_sqlite_path(url), partial)
        partial.replace(target)  # a backup file either is complete or does not exist
    finally:
        partial.unlink(missing_ok=True)
    if keep is not None and target.name.startswith(NAME_PREFIX):
        prune_backups(target.parent, suffix, keep)
    return target


def restore_database(database_url: str, source: Path) -> None:
    """Replace the contents of the configured database with the backup in `source`."""
    url = make_url(database_url)
    if not source.is_file():
        raise BackupError(f"Sicherung {source} gibt es nicht.")
    with source.open("rb") as handle:
        head = handle.read(16)
    if url.get_backend_name() == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source} ist keine PostgreSQL-Sicherung von `flask backup` (pg_dump -Fc).")
        _pg_restore(url, source)
    else:
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source} ist keine SQLite-Sicherung von `flask backup`.")
        _sqlite_backup(source, _sqlite_path(url))


def database_has_tables(engine: sa.Engine) -> bool:
    return bool(sa.inspect(engine).get_table_names())


def summarise(engine: sa.Engine) -> RestoreSummary:
    """Counts shown after a restore, so the operator sees at once what came back."""
    with engine.connect() as connection:

        def count(table: str) -> int:
            return connection.scalar(sa.text(f'SELECT count(*) FROM "{table}"'))  # noqa: S608 - fixed names

        migration = "–"
        if "alembic_version" in sa.inspect(connection).get_table_names():
            migration = connection.scalar(sa.text("SELECT version_num FROM alembic_version")) or "–"
        return RestoreSummary(count("applications"), count("memberships"), count("outbox_messages"), migration)


def prune_backups(directory: Path, suffix: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of this kind written by `flask backup`."""
    backups = sorted(directory.glob(f"{NAME_PREFIX}*{suffix}"), key=lambda p: p.name, reverse=True)
    removed = backups[keep:]
    for path in removed:
        path.unlink()
    return removed


# --------------------------------------------------------------------------- PostgreSQL


def _libpq_env(url: URL) -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore as libpq variables: no password in `ps`."""
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", str(url.port) if url.port else None),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value:
            env[key] = value
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} fehlt: bitte das Debian-Paket postgresql-client installieren.")
    return path


def _run(argv: list[str], url: URL) -> None:
    result = subprocess.run(argv, env=_libpq_env(url), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} ist fehlgeschlagen: {result.stderr.strip()[:2000]}")


def _pg_dump(url: URL, target: Path) -> None:
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], url)


def _pg_restore(url: URL, source: Path) -> None:
    # One transaction: a restore that fails half-way leaves the database as it was.
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url.database}",
            str(source),
        ],
        url,
    )


# --------------------------------------------------------------------------- SQLite


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Eine SQLite-Datenbank im Arbeitsspeicher kann nicht gesichert werden.")
    return Path(url.database)


def _sqlite_backup(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while others write."""
    if not source.is_file():
        raise BackupError(f"SQLite-Datenbank {source} gibt es nicht.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# --------------------------------------------------------------------------- file names


def _suffix(url: URL) -> str:
    return POSTGRESQL_SUFFIX if url.get_backend_name() == "postgresql" else SQLITE_SUFFIX


def _target_file(output: Path, suffix: str) -> Path:
    """A directory (existing, or a path without a file suffix) gets a time-stamped name."""
    if output.is_dir() or not output.suffix:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return output / f"{NAME_PREFIX}{stamp}{suffix}"
    return output
