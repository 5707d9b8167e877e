"""`flask members ...`: import a member list, send due reminders."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.extensions import db

members_cli = AppGroup("members", help="Members of a network: import, reminders.")

CLI_LABEL = "Kommandozeile"


@members_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--network", "slug", required=True, help="Slug of the network (from /netzwerke/<slug>/).")
@click.option("--dry-run", is_flag=True, help="Only check the file and print the problems; store nothing.")
def import_members(file: Path, slug: str, dry_run: bool) -> None:
    """Import a member list (CSV or XLSX): every valid row gets an invitation."""
    from app.core.errors import DomainError
    from app.members import imports
    from app.networks.queries import find_network

    network = find_network(slug)
    if network is None:
        raise click.UsageError(f"Netzwerk „{slug}“ gibt es nicht.")
    try:
        member_import = imports.start_import(network, None, file.name, file.read_bytes())
        check = imports.check_import(member_import)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Spalten: {', '.join(f'{check.header[int(i)]} → {f}' for i, f in check.mapping.items())}")
    if check.unmapped:
        click.echo(f"Nicht zugeordnet (ignoriert): {', '.join(check.unmapped)}")
    for problem in check.problems:
        click.echo(f"FEHLER: {problem}")
    for row in check.rows:
        for message in row.errors:
            click.echo(f"Zeile {row.number}: FEHLER: {message}")
        for message in row.warnings:
            click.echo(f"Zeile {row.number}: Hinweis: {message}")
    summary = (
        f"{len(check.rows)} Zeilen: {check.count('new')} neu, {check.count('skip')} übersprungen, "
        f"{check.count('error')} mit Fehlern."
    )
    if dry_run or check.problems:
        db.session.rollback()
        click.echo(f"Probelauf: {summary} Nichts gespeichert.")
        if check.problems:
            raise SystemExit(1)
        return
    imports.run_import(member_import, None, actor_label=CLI_LABEL)
    db.session.commit()
    click.echo(f"Importiert: {summary} Einladungen eingereiht: {member_import.invited}.")


@members_cli.command("remind")
def remind() -> None:
    """Send the one reminder to invitations still open after MEMBER_INVITATION_REMINDER_DAYS (run daily)."""
    from app.members.housekeeping import remind_due

    count = remind_due()
    db.session.commit()
    click.echo(f"Erinnerungen eingereiht: {count}.")
