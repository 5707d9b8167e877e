"""Commands of the verification feature (thin: they call the domain and commit)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db

verification_cli = AppGroup("verification", help="Verifizierung von Mitgliedern.")


@verification_cli.command("remind")
def remind() -> None:
    """Renew domain verifications, remind before an attestation expires (run daily)."""
    from app.verification.reminders import send_reminders

    result = send_reminders()
    db.session.commit()
    click.echo(f"Domain-Verifizierungen verlängert: {result.renewed}. Erinnerungen verschickt: {result.reminded}.")
