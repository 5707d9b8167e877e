"""Accounts: passwords (argon2id), login sessions, lookup."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from app.extensions import db
from app.models import Account, LoginSession, utcnow
from app.services.tokens import hash_token, new_token

# A hash to verify against when the account does not exist, so that timing
# does not reveal which e-mail addresses have accounts.
_DUMMY_HASH: dict[tuple[int, int], str] = {}


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["ARGON2_TIME_COST"],
        memory_cost=current_app.config["ARGON2_MEMORY_COST"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher().hash(password)


def check_password(account: Account | None, password: str) -> bool:
    """True if the password matches; spends the same time when there is no account."""
    hasher = _hasher()
    if account is None or not account.password_hash:
        key = (hasher.time_cost, hasher.memory_cost)
        if key not in _DUMMY_HASH:
            _DUMMY_HASH[key] = hasher.hash("dummy-password-for-timing")
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASH[key], password)
        return False
    try:
        hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)
    return True


def find_account_by_email(email: str) -> Account | None:
    return db.session.scalar(sa.select(Account).where(Account.email == normalise_email(email)))


def start_login_session(account: Account, user_agent: str = "") -> str:
    """Create a server-side login session and return its token (kept in the cookie)."""
    token = new_token()
    db.session.add(LoginSession(token_hash=hash_token(token), account=account, user_agent=user_agent[:200]))
    account.last_login_at = utcnow()
    db.session.flush()
    return token


def end_login_session(token: str | None) -> None:
    """Delete the login session, so a copied cookie no longer works."""
    if token:
        db.session.execute(sa.delete(LoginSession).where(LoginSession.token_hash == hash_token(token)))


def end_all_login_sessions(account: Account) -> None:
    db.session.execute(sa.delete(LoginSession).where(LoginSession.account_id == account.id))


def load_account_for_session(token: str) -> Account | None:
    """The account whose login session has this token, if it is still valid."""
    if not token or len(token) > 128:
        return None
    login_session = db.session.scalar(
        sa.select(LoginSession).where(LoginSession.token_hash == hash_token(token))
    )
    if login_session is None or login_session.account.disabled:
        return None
    account = login_session.account
    account.login_token = token
    return account
