"""Rate limits by name: the values live in one table, config.RATE_LIMIT_DEFAULTS (overridable)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app


def rate_limit(name: str) -> Callable[[], str]:
    """The named limit for `@limiter.limit(...)`, read when a request comes (so tests can change it)."""

    def current() -> str:
        return current_app.config["RATE_LIMITS"][name]

    current.__name__ = f"rate_limit_{name}"
    return current
