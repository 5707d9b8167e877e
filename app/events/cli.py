"""`flask events remind`: reminders, expired waiting-list offers; safe to run as often as wanted."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.events.reminders import due_reminders, send_reminder
from app.events.waitlist import expire_offers
from app.extensions import db

events_cli = AppGroup("events", help="Veranstaltungen: Erinnerungen und Warteliste.")


@events_cli.command("remind")
def remind() -> None:
    """Pass on expired waiting-list offers and queue due reminders in the outbox (idempotent)."""
    expired = expire_offers()
    sent = 0
    for registration_id in due_reminders():
        if send_reminder(registration_id):
            sent += 1
        db.session.commit()
    click.echo(f"Erinnerungen: {sent}, abgelaufene Platzangebote: {expired}")
