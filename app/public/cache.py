"""A short-lived cache of whole public pages for visitors without cookies.

`/` and a network page look the same for every visitor who is not logged in, has no flash
message waiting and has not switched the language (all three live in the session cookie);
they are most of the anonymous traffic. Such a GET is answered from memory for
PUBLIC_PAGE_CACHE_SECONDS (production: 30 s, each worker its own copy), so a change by an
administrator shows to visitors within that time, and at once to everyone with a session
(the administrator included). Anyone with a cookie, any other method, any status but 200
and any page that touched the session on the way is rendered as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from flask import current_app, request, session

MAX_ENTRIES = 512  # pages of the cache per worker; beyond that it starts afresh


def _cache() -> dict[str, tuple[float, str]]:
    return current_app.extensions.setdefault("teilhabe_page_cache", {})


def cached_for_visitors(view: Callable[..., str]) -> Callable[..., str]:
    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0)
        if seconds <= 0 or request.method != "GET" or request.cookies:
            return view(*args, **kwargs)
        cache = _cache()
        key = request.full_path
        now = time.monotonic()
        hit = cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        page = view(*args, **kwargs)
        if isinstance(page, str) and not session.modified:
            if len(cache) >= MAX_ENTRIES:
                cache.clear()
            cache[key] = (now + seconds, page)
        return page

    return wrapper
