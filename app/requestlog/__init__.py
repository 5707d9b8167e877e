"""One log line per request, a request id in every log line, text or JSON, no forged lines.

The request id comes from a well-formed `X-Request-ID` header (set by nginx or a load balancer)
or is generated; it is returned in the response and stamped on every log record made while the
request runs, whatever the logger (a log record factory, so gunicorn, SQLAlchemy and the app
alike). CR and LF in messages are escaped, so user input can never start a new log line.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from flask import Flask, g, has_request_context, request

from app.requestlog.formatting import configure_logging

log = logging.getLogger("teilhabe.request")

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The request id of a page answered from the visitor cache (app.core.pagecache), outside Flask.
_outside_flask: ContextVar[str] = ContextVar("teilhabe_request_id", default="-")


def current_request_id() -> str:
    if has_request_context():
        return getattr(g, "request_id", "-")
    return _outside_flask.get()


def log_request(
    method: str, path: str, endpoint: str, status: int, duration_ms: float, request_id: str, cached: bool = False
) -> None:
    """The one line per request (also for pages answered from the visitor cache)."""
    token = _outside_flask.set(request_id)
    try:
        log.info(
            "%s %s %s %.1fms%s",
            method,
            path,
            status,
            duration_ms,
            " cached" if cached else "",
            extra={
                "method": method,
                "path": path,
                "endpoint": endpoint,
                "status": status,
                "duration_ms": round(duration_ms, 1),
                "cached": cached,
            },
        )
    finally:
        _outside_flask.reset(token)


def _install_record_factory() -> None:
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    factory.adds_request_id = True  # type: ignore[attr-defined]
    factory.one_line = getattr(previous, "one_line", False)  # type: ignore[attr-defined]  # see app.core.web
    logging.setLogRecordFactory(factory)


def init_app(app: Flask) -> None:
    _install_record_factory()
    log.disabled = False  # logging.config.fileConfig (Alembic's env.py) disables existing loggers
    if not app.testing:  # under pytest its logging plugin collects the records
        configure_logging(app.config.get("LOG_FORMAT", "text"), app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def _start_request_log() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _write_request_log(response):
        response.headers["X-Request-ID"] = current_request_id()
        started = getattr(g, "request_started", None)
        duration = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        # The route pattern, not the path: tokens in paths (/passwort-zuruecksetzen/<token>) and
        # personal values stay out of the log; unmatched paths are escaped by the formatter.
        path = request.url_rule.rule if request.url_rule is not None else request.path
        log_request(request.method, path, request.endpoint or "", response.status_code, duration, current_request_id())
        return response
