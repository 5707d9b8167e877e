"""`flask backup` and `flask restore` (thin: the work is in app.backup.dumps)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from app.backup.dumps import BackupError, backup_database, database_has_tables, restore_database, summarise
from app.extensions import db


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=True),
    default=None,
    help="File, or directory for a time-stamped file (default: instance/backups/).",
)
@click.option(
    "--keep", type=click.IntRange(min=1), default=None, help="Keep only the newest N backups in the directory."
)
def backup_command(output: Path | None, keep: int | None) -> None:
    """Back up the whole database (pg_dump for PostgreSQL, online backup for SQLite)."""
    try:
        path = backup_database(
            current_app.config["SQLALCHEMY_DATABASE_URI"], output, Path(current_app.instance_path), keep=keep
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    size = f"{path.stat().st_size:,}".replace(",", ".")  # German thousands separator
    click.echo(f"Sicherung geschrieben: {path} ({size} Bytes)")


@click.command("restore")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Replace a database that already has tables without asking.")
def restore_command(source: Path, yes: bool) -> None:
    """Restore a backup of `flask backup` into the configured database (replaces its contents)."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # no connection of this process may hold the tables being replaced
    if database_has_tables(db.engine) and not yes:
        click.confirm(
            "Die Datenbank enthält bereits Tabellen; ihr Inhalt wird durch die Sicherung ersetzt. Fortfahren?",
            abort=True,
        )
        db.engine.dispose()
    try:
        restore_database(url, source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    db.engine.dispose()
    summary = summarise(db.engine)
    click.echo(
        f"Wiederhergestellt aus {source}: {summary.applications} Anträge, {summary.memberships} Mitgliedschaften, "
        f"{summary.outbox_messages} E-Mails im Postausgang; Migrationsstand: {summary.migration}."
    )
    click.echo("Danach: `flask db upgrade` (falls die Sicherung älter als der Code ist), dann die App-Server starten.")
