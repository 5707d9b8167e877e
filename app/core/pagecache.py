"""Whole public pages for visitors without cookies, answered before Flask runs.

`/`, a network page and an event page look the same for every visitor who is not logged in,
has no flash message waiting and has not switched the language (all three live in the session
cookie); they are most of the anonymous traffic. A view marked with `cached_for_visitors` has
its finished response (security headers, compression and all) kept in memory for
PUBLIC_PAGE_CACHE_SECONDS (production: 30 s, each worker its own copy); the next GET without
any cookie for the same address, host and Accept-Encoding is answered by this WSGI middleware
without building a request, a session or a template, like a reverse proxy's micro-cache. A
change by an administrator therefore shows to visitors within that time, and at once to
everyone with a session (the administrator included). Anyone with a cookie, any other method,
any status but 200 and any response that sets a cookie go through Flask as usual.

Cached answers still get their own X-Request-ID, a request log line and, when metrics are on,
their count and latency under the view's endpoint.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, current_app, make_response, request, session

from app import requestlog

MARKER = "X-Teilhabe-Page-Cache"  # set by the view, read and removed by the middleware
MAX_ENTRIES = 512  # pages per worker; beyond that the cache starts afresh
# What makes two requests get different bytes: address, host (also as forwarded) and encoding.
KEY_PARTS = (
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "wsgi.url_scheme",
    "HTTP_ACCEPT_ENCODING",
)


def cached_for_visitors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Offer this view's page to the visitor cache (only the middleware decides what it keeps)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        if (
            current_app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0) > 0
            and request.method == "GET"
            and not request.cookies
            and response.status_code == 200
            and not session.modified
            and request.url_rule is not None
        ):
            response.headers[MARKER] = f"{request.endpoint} {request.url_rule.rule}"
        return response

    return wrapper


@dataclass(frozen=True)
class Entry:
    expires: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    endpoint: str
    rule: str


class VisitorPageCache:
    """WSGI middleware in front of the Flask app (inside WhiteNoise, outside ProxyFix)."""

    def __init__(self, wsgi_app: Callable, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.app = app
        self.entries: dict[tuple[str, ...], Entry] = {}
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        seconds = self.app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0)
        if seconds <= 0 or environ.get("REQUEST_METHOD") != "GET" or environ.get("HTTP_COOKIE"):
            return self._without_marker(environ, start_response)
        key = tuple(str(environ.get(part, "")) for part in KEY_PARTS)
        entry = self.entries.get(key)
        if entry is not None and entry.expires > time.monotonic():
            return answer(self.app, entry, environ, start_response)
        return self._fill(key, seconds, environ, start_response)

    def _without_marker(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def strip(status: str, headers: list[tuple[str, str]], exc_info=None):
            return start_response(status, [(n, v) for n, v in headers if n != MARKER], exc_info)

        return self.wsgi_app(environ, strip)

    def _fill(self, key: tuple[str, ...], seconds: int, environ: dict, start_response: Callable) -> Iterable[bytes]:
        body, page = capture(self.wsgi_app, MARKER, environ, start_response)
        if page is None:
            return body
        endpoint, _, rule = page.marker.partition(" ")
        with self.lock:
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[key] = Entry(time.monotonic() + seconds, page.status, page.headers, page.body, endpoint, rule)
        return [page.body]


@dataclass(frozen=True)
class Captured:
    status: str
    headers: list[tuple[str, str]]  # without the marker and the request id
    body: bytes
    marker: str


def capture(
    wsgi_app: Callable, marker_name: str, environ: dict, start_response: Callable
) -> tuple[Iterable[bytes], Captured | None]:
    """Run the app; keep its answer if the view marked it, the status is 200 and no cookie is set.

    The marker header never leaves the server. Returns the body to send and, when kept, the page.
    """
    seen: dict[str, Any] = {}

    def capturing(status: str, headers: list[tuple[str, str]], exc_info=None):
        marker = next((value for name, value in headers if name == marker_name), None)
        kept = [(name, value) for name, value in headers if name != marker_name]
        names = {name.lower() for name, _ in kept}
        if marker and status.startswith("200 ") and "set-cookie" not in names:
            seen.update(status=status, headers=kept, marker=marker)
        return start_response(status, kept, exc_info)

    body = wsgi_app(environ, capturing)
    if "marker" not in seen:
        return body, None
    try:
        data = b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    stored = [(name, value) for name, value in seen["headers"] if name.lower() != "x-request-id"]
    return [data], Captured(seen["status"], stored, data, seen["marker"])


def answer(
    app: Flask, entry: Entry, environ: dict, start_response: Callable, started: float | None = None
) -> Iterable[bytes]:
    """Send a kept page with its own request id, log line and metrics count (both page caches)."""
    started = time.perf_counter() if started is None else started
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    request_id = incoming if requestlog.REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    start_response(entry.status, [*entry.headers, ("X-Request-ID", request_id)])
    duration = time.perf_counter() - started
    requestlog.log_request("GET", entry.rule, entry.endpoint, 200, duration * 1000, request_id, cached=True)
    if app.config.get("METRICS_TOKEN"):
        from app.metrics import http as metrics

        metrics.record(entry.endpoint, "GET", 200, duration)
    return [entry.body]


def init_app(app: Flask) -> None:
    """Install the middleware in front of the app (before WhiteNoise wraps it for static files)."""
    cache = VisitorPageCache(app.wsgi_app, app)
    app.extensions["teilhabe_page_cache"] = cache
    app.wsgi_app = cache  # type: ignore[method-assign]
