"""Sending the outbox: the background worker (`flask outbox work`) and its SMTP delivery.

Requests only queue mail (app.core.outbox.queue_mail, in the request's transaction); the
worker sends it. With OUTBOX_EAGER (the test configuration) the worker's send step runs right
after a request's commit instead, still over real SMTP, so tests need no separate worker.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Offer the worker's send step to the outbox and, in eager mode, run it after each request."""
    from app.extensions import db
    from app.outbox.worker import send_now

    app.extensions["outbox_sender"] = send_now
    if not app.config.get("OUTBOX_EAGER"):
        return

    @app.after_request
    def _send_committed_mail(response):
        committed = db.session.info.pop("outbox_committed", None)
        if committed:
            send_now(committed)
        return response
