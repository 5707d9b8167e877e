"""Logged-in pages answered from memory while nothing they could show has changed.

The member directory, the review queue and "Mein Bereich" are built anew for every request:
templates, 6-10 SQL statements, 30-70 M instructions. When the same person asks for the same
address again (reloading, going back, paging back and forth, a second tab) and no data has
changed in between, the answer would be the same bytes. A view marked with
`cached_for_viewer` offers its finished response (headers, compression and all) to this WSGI
middleware, which keeps it in the worker's memory for at most VIEWER_PAGE_CACHE_SECONDS
(production: 30 s) under

- the exact Cookie header (so only the browser it was built for can get it), the user agent,
  the address with its query, the host and the Accept-Encoding, and
- the data generation it was built under (app/core/generation.py) and the login session.

Before a kept page is sent again, one statement (on a connection of its own per worker) checks
that the data generation is still the same – any committed change of data anywhere moves it,
on every app server at once – and that the login session still exists (logging out, a
password change or an administrator ending it deletes the row). Otherwise the request goes
through Flask as usual. A page is built only after the generation was read, so it never
carries a newer number than its data.

Only GET requests with a cookie, status 200, no change to the session (no flash message was
shown) and no Set-Cookie are kept. What can lag is only what depends on the clock alone (an
event whose registration closes during those seconds); registering checks the real state.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, current_app, g, make_response, request, session
from flask_login import current_user

from app.core import generation, pagecache
from app.extensions import db
from app.models import LoginSession
from app.models.page_generation import page_generation

MARKER = "X-Teilhabe-Viewer-Cache"  # set by the view, read and removed by the middleware
MAX_ENTRIES = 2048  # pages per worker (a few KB each, compressed); beyond that it starts afresh
KEY_PARTS = (*pagecache.KEY_PARTS, "HTTP_COOKIE", "HTTP_USER_AGENT")
# Table names from the models; the one value is a bound parameter.
CHECK = (
    f"SELECT g.value, (SELECT count(*) FROM {LoginSession.__tablename__} s WHERE s.id = {{param}})"  # noqa: S608
    f" FROM {page_generation.name} g WHERE g.id = 1"
)


def cached_for_viewer(view: Callable[..., Any]) -> Callable[..., Any]:
    """Offer this view's page to the logged-in page cache (put it right under the route)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        built_under = g.get("page_generation")
        login_session = getattr(current_user, "login_session_id", None)
        if (
            built_under is not None
            and login_session is not None
            and response.status_code == 200
            and not session.modified
            and request.url_rule is not None
        ):
            response.headers[MARKER] = f"{built_under} {login_session} {request.endpoint} {request.url_rule.rule}"
        return response

    wrapper.cached_for_viewer = True  # type: ignore[attr-defined]
    return wrapper


def _read_generation() -> None:
    """Read the generation before anything of the page (the account included) is loaded."""
    if request.method != "GET" or not request.cookies or current_app.config["VIEWER_PAGE_CACHE_SECONDS"] <= 0:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "cached_for_viewer", False):
        g.page_generation = generation.current(db.session())


@dataclass(frozen=True)
class Kept:
    page: pagecache.Entry
    generation: int
    login_session: int


class ViewerPageCache:
    """WSGI middleware in front of the Flask app, inside the visitor page cache."""

    def __init__(self, wsgi_app: Callable, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.app = app
        self.entries: dict[tuple[str, ...], Kept] = {}
        self.lock = threading.Lock()
        self.local = threading.local()  # the checking connection, one per thread and process

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        seconds = self.app.config.get("VIEWER_PAGE_CACHE_SECONDS", 0)
        if seconds <= 0 or environ.get("REQUEST_METHOD") != "GET" or not environ.get("HTTP_COOKIE"):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()  # the log line's duration includes the check
        key = tuple(str(environ.get(part, "")) for part in KEY_PARTS)
        kept = self.entries.get(key)
        if kept is not None and kept.page.expires > time.monotonic() and self._still_valid(kept):
            return pagecache.answer(self.app, kept.page, environ, start_response, started)
        body, page = pagecache.capture(self.wsgi_app, MARKER, environ, start_response)
        with self.lock:
            if page is None:
                self.entries.pop(key, None)
                return body
            built_under, login_session, endpoint, rule = page.marker.split(" ", 3)
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            entry = pagecache.Entry(time.monotonic() + seconds, page.status, page.headers, page.body, endpoint, rule)
            self.entries[key] = Kept(entry, int(built_under), int(login_session))
        return body

    def _still_valid(self, kept: Kept) -> bool:
        try:
            row = self._check(kept.login_session)
        except Exception:  # noqa: BLE001 - any database trouble: build the page as usual
            self._drop_connection()
            return False
        return row is not None and row[0] == kept.generation and row[1] == 1

    def _check(self, login_session: int) -> tuple[int, int] | None:
        local = self.local
        if getattr(local, "pid", None) != os.getpid():
            local.pid, local.connection, local.sql = os.getpid(), None, ""
        if local.connection is None:
            local.connection, local.sql = self._connect()
        cursor = local.connection.cursor()
        try:
            cursor.execute(local.sql, (login_session,))
            return cursor.fetchone()
        finally:
            cursor.close()

    def _connect(self) -> tuple[Any, str]:
        """A connection of the app's engine (its settings and timeouts), outside the pool, autocommit."""
        with self.app.app_context():
            engine = db.engine
        pooled = engine.raw_connection()
        connection = pooled.driver_connection
        pooled.detach()
        if engine.dialect.name == "sqlite":
            connection.isolation_level = None  # type: ignore[union-attr]
            return connection, CHECK.format(param="?")
        connection.autocommit = True  # type: ignore[union-attr]
        return connection, CHECK.format(param="%s")

    def _drop_connection(self) -> None:
        connection = getattr(self.local, "connection", None)
        self.local.connection = None
        if connection is not None:
            with contextlib.suppress(Exception):  # already broken
                connection.close()


def init_app(app: Flask) -> None:
    """Read the generation first in every request, and install the middleware."""
    app.before_request_funcs.setdefault(None, []).insert(0, _read_generation)
    generation.install_session_hooks()
    cache = ViewerPageCache(app.wsgi_app, app)
    app.extensions["teilhabe_viewer_cache"] = cache
    app.wsgi_app = cache  # type: ignore[method-assign]
