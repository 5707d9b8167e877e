"""Login throttling per account (keyed on the normalised e-mail), on top of the per-IP limit.

The per-IP limit alone lets an attacker spread guesses over many addresses and locks out
everyone behind one municipal NAT address; counting failures per e-mail address stops the
first without the second. Unknown addresses are counted the same way (no enumeration).
"""

from __future__ import annotations

from flask import current_app
from limits import RateLimitItem, parse

from app.auth.accounts import normalise_email
from app.extensions import limiter
from app.models import Account


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED"))


def _failure_limit() -> RateLimitItem:
    return parse(current_app.config["RATE_LIMITS"]["login_account"])


def _notice_limit() -> RateLimitItem:
    """At most one notice mail per window of the failure limit."""
    return parse(f"1 per {_failure_limit().get_expiry()} seconds")


def login_blocked(email: str) -> bool:
    """True when this address had too many failed logins in the current window."""
    if not _enabled():
        return False
    return not limiter.limiter.test(_failure_limit(), "login-account", normalise_email(email))


def record_failed_login(email: str, account: Account | None) -> None:
    """Count a failed login; tell the owner once per window when the account becomes locked."""
    if not _enabled():
        return
    key = normalise_email(email)
    limiter.limiter.hit(_failure_limit(), "login-account", key)
    if account is None or not login_blocked(key):
        return
    if limiter.limiter.hit(_notice_limit(), "login-notice", key):
        from app.auth.notifications import mail_login_locked

        mail_login_locked(account, minutes=_failure_limit().get_expiry() // 60)


def lock_minutes() -> int:
    return max(1, _failure_limit().get_expiry() // 60)
