"""Work that runs after the response is delivered, so its duration is not visible to the client."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import after_this_request, current_app

from app.core.outbox import send_after_commit
from app.extensions import db

log = logging.getLogger(__name__)


def after_response(action: Callable[..., object], *args) -> None:
    """Run `action(*args)` in its own app context once the response is out, then commit and send.

    Used where the work differs by a secret (does this address have an account?): the
    request itself then does the same steps either way.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                action(*args)
                db.session.commit()
                # Mail goes to the worker; only the tests' eager mode sends it here.
                send_after_commit(db.session.info.pop("outbox_committed", None) or set())
            except Exception:
                log.exception("Deferred %s failed", getattr(action, "__name__", action))
                db.session.rollback()

    @after_this_request
    def _later(response):
        response.call_on_close(run)
        return response
