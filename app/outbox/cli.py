"""`flask outbox send` (one pass) and `flask outbox work` (the long-running worker)."""

from __future__ import annotations

import signal

import click
from flask import current_app
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Outgoing mail.")


@outbox_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=500, help="At most this many mails per run.")
def outbox_send(limit: int) -> None:
    """Send due mails from the outbox once (retries failed ones with backoff), then exit."""
    from app.outbox.worker import send_due

    result = send_due(limit=limit)
    click.echo(f"Gesendet: {result.sent}, fehlgeschlagen (später erneut): {result.failed}")


@outbox_cli.command("work")
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0.05),
    default=None,
    help="Seconds to wait when nothing is due (default OUTBOX_POLL_SECONDS).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=1000),
    default=None,
    help="Mails claimed and sent over one SMTP connection (default OUTBOX_BATCH_SIZE).",
)
def outbox_work(poll_interval: float | None, batch_size: int | None) -> None:
    """Run the mail worker until SIGTERM or Ctrl-C (finishes the current mail, then stops)."""
    from app.outbox.worker import Worker

    config = current_app.config
    worker = Worker(
        poll_seconds=poll_interval or float(config["OUTBOX_POLL_SECONDS"]),
        batch_size=batch_size or int(config["OUTBOX_BATCH_SIZE"]),
    )
    signal.signal(signal.SIGTERM, worker.request_stop)
    signal.signal(signal.SIGINT, worker.request_stop)
    click.echo(f"Mail-Worker läuft (alle {worker.poll_seconds:g} s). Beenden mit Strg+C oder SIGTERM.")
    worker.run()
    click.echo(f"Mail-Worker beendet. Gesendet: {worker.sent}, nicht gesendet: {worker.failed}")
