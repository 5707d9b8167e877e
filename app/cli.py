"""Thin CLI commands that call services: seed-demo, outbox, privacy, accounts."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db

outbox_cli = AppGroup("outbox", help="Outgoing mail.")
privacy_cli = AppGroup("privacy", help="Data protection (DSGVO) housekeeping.")
accounts_cli = AppGroup("accounts", help="Manage accounts and roles.")


@click.command("seed-demo")
@click.option("--members", type=click.IntRange(min=0), default=0, help="Also add N fictional members.")
@click.option("--seed", type=int, default=None, help="Random seed for reproducible members.")
@click.option("--if-empty", is_flag=True, help="Add members only when there are none yet (for `make run`).")
def seed_demo(members: int, seed: int | None, if_empty: bool) -> None:
    """Load the demo networks (idempotent) and optionally fictional members."""
    from app.services.demo import has_members, seed_members, seed_networks

    created = seed_networks()
    if if_empty and has_members():
        members = 0
    added = seed_members(members, seed=seed) if members else 0
    db.session.commit()
    click.echo(f"Netzwerke angelegt: {created} (vorhandene unverändert). Mitglieder hinzugefügt: {added}.")


@outbox_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=500, help="At most this many mails per run.")
def outbox_send(limit: int) -> None:
    """Send due mails from the outbox (retries failed ones with backoff)."""
    from app.services.outbox import send_due

    sent, failed = send_due(limit=limit)
    click.echo(f"Gesendet: {sent}, fehlgeschlagen (später erneut): {failed}")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(accounts_cli)
