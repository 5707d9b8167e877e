"""Web plumbing shared by all blueprints: filters, error pages, headers, assets."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import TypeGuard
from urllib.parse import urlsplit

from flask import Flask, abort, render_template, request, send_from_directory
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from app.core import converters
from app.core.i18n import current_language

log = logging.getLogger(__name__)
# Seconds a client should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 30

# html=False: raw HTML in Markdown is escaped, so operator texts cannot inject markup.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})

KERN_DIST = Path(__file__).resolve().parents[2] / "node_modules" / "@kern-ux" / "native" / "dist"

ERROR_TEXTS = {
    400: (_l("Ungültige Anfrage"), _l("Die Anfrage konnte nicht verarbeitet werden.")),
    403: (_l("Kein Zugriff"), _l("Sie haben keine Berechtigung für diese Seite.")),
    404: (
        _l("Seite nicht gefunden"),
        _l("Die gesuchte Seite gibt es nicht (mehr). Vielleicht hilft die Übersicht der Netzwerke weiter."),
    ),
    405: (_l("Nicht erlaubt"), _l("Diese Aktion ist auf dieser Seite nicht möglich.")),
    413: (_l("Zu groß"), _l("Die gesendeten Daten sind zu groß.")),
    429: (
        _l("Zu viele Anfragen"),
        _l("Sie haben diese Aktion zu oft in kurzer Zeit ausgeführt. Bitte warten Sie einen Moment."),
    ),
    503: (
        _l("Vorübergehend nicht erreichbar"),
        _l("Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute noch einmal."),
    ),
    500: (
        _l("Ein Fehler ist aufgetreten"),
        _l("Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später erneut."),
    ),
}


def render_markdown(text: str | None) -> Markup:
    """Render operator-provided Markdown safely (raw HTML is escaped)."""
    return _rendered_markdown(text or "")


@lru_cache(maxsize=512)
def _rendered_markdown(text: str) -> Markup:
    # Network texts change rarely and are shown on every visit: keyed by the text itself, a
    # changed text is simply a new entry (no invalidation needed); at most 512 texts are kept.
    return Markup(_markdown.render(text))  # noqa: S704 - markdown-it escapes raw HTML (html=False)


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """Only relative paths on this site are followed after login or language switch."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


def _one_line(record: logging.LogRecord) -> logging.LogRecord:
    """A log message never contains a raw CR/LF (a crafted URL cannot forge a log line)."""
    message = record.getMessage
    record.getMessage = lambda: message().replace("\r", "\\r").replace("\n", "\\n")  # type: ignore[method-assign]
    return record


def _one_line_log_records() -> None:
    """Wrap whatever record factory is installed (the request log adds its request id)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "one_line", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        return _one_line(previous(*args, **kwargs))

    # Markers on the function object; the request log's marker is carried over, so neither
    # wrapper wraps the other again when the next app is created (tests create hundreds).
    setattr(factory, "one_line", True)  # noqa: B010
    setattr(factory, "adds_request_id", getattr(previous, "adds_request_id", False))  # noqa: B010
    logging.setLogRecordFactory(factory)


def init_app(app: Flask) -> None:
    from app.core.history import display_actor_label

    converters.register(app)  # before any route: bounded ids and no NUL in every path value
    _one_line_log_records()

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["actor_label"] = display_actor_label
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_globals():
        return {
            "current_language": current_language(),
            "languages": app.config["LANGUAGES"],
        }

    @app.route("/assets/kern/<path:filename>")
    def kern_asset(filename: str):
        """Serve the KERN design system from node_modules (installed by make)."""
        if not KERN_DIST.is_dir():
            abort(404)
        return send_from_directory(KERN_DIST, filename, max_age=86400)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not getattr(response, "allow_framing", False):  # set by views with their own frame-ancestors
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return (
            render_template(
                "errors/error.html",
                code=400,
                title=_l("Sitzung abgelaufen"),
                message=_l(
                    "Das Formular war zu lange geöffnet oder wurde bereits gesendet. "
                    "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
                ),
            ),
            400,
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if isinstance(error, SecurityError):
            # An untrusted Host header: no URL can be built, so no page with links either.
            return "Bad Request: unknown host", 400, {"Content-Type": "text/plain; charset=utf-8"}
        title, message = ERROR_TEXTS.get(code, (error.name, error.description))
        response = error.get_response()
        response.data = render_template("errors/error.html", code=code, title=title, message=message)
        response.content_type = "text/html; charset=utf-8"
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    def database_unavailable(error):
        """Database outage: 503 with Retry-After (the client may try again), not a 500."""
        from app.extensions import db

        log.warning("Database unavailable on %s %s: %s", request.method, request.path, type(error).__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is gone; the session is discarded anyway
            db.session.remove()
        title, message = ERROR_TEXTS[503]
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        try:
            body = render_template("errors/error.html", code=503, title=title, message=message)
        except Exception:  # noqa: BLE001 - the page itself may need the database (the logged-in account)
            return f"{title}. {message}", 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}
        return body, 503, headers

    @app.errorhandler(500)
    def server_error(error):
        from app.extensions import db

        db.session.rollback()
        title, message = ERROR_TEXTS[500]
        return render_template("errors/error.html", code=500, title=title, message=message), 500

    @app.before_request
    def reject_nul_bytes():
        # Some databases (PostgreSQL) refuse NUL in text: answer 400 instead of 500.
        for values in (request.args, request.form):
            for value in values.values():
                if "\x00" in value:
                    abort(400)
