"""Server-side login sessions: one row per login, so a logout or password change ends it everywhere."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.engine import CursorResult

from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.models import Account, CoordinatorAssignment, LoginSession, utcnow

SEEN_REFRESH = timedelta(minutes=5)


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


def _session_statement() -> sa.Select:
    # One statement for the login session's account, its idle clock and whether it coordinates a
    # network (the navigation shows "Anträge"): every page a logged-in person sees asks for them.
    coordinates = sa.exists().where(CoordinatorAssignment.account_id == LoginSession.account_id)
    return (
        sa.select(Account, LoginSession.id, LoginSession.last_seen_at, coordinates.label("coordinates"))
        .join(LoginSession, LoginSession.account_id == Account.id)
        .where(LoginSession.token_hash == sa.bindparam("token_hash"))
    )


# Built once: constructing the statement cost as much as running it (every logged-in request).
SESSION_STATEMENT = _session_statement()


def load_account_for_session(token: str) -> Account | None:
    """The account whose login session has this token, if it is still valid.

    A session unused for LOGIN_SESSION_IDLE_DAYS ends; `last_seen_at` is refreshed at
    most every few minutes so that ordinary page views do not each write to the database.
    """
    if not token or len(token) > 128:
        return None
    row = db.session.execute(SESSION_STATEMENT, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    account, session_id, last_seen_at, coordinates_any = row
    if account.disabled:
        return None
    now = utcnow()
    if last_seen_at < now - timedelta(days=current_app.config["LOGIN_SESSION_IDLE_DAYS"]):
        db.session.execute(sa.delete(LoginSession).where(LoginSession.id == session_id))
        db.session.commit()
        return None
    if last_seen_at < now - SEEN_REFRESH:
        db.session.execute(sa.update(LoginSession).where(LoginSession.id == session_id).values(last_seen_at=now))
        db.session.commit()
    account.login_token = token
    account.login_session_id = session_id
    account.coordinator_flag = bool(coordinates_any)
    return account


def end_idle_login_sessions(now=None) -> int:
    """Delete login sessions unused for LOGIN_SESSION_IDLE_DAYS (run by `flask privacy purge`)."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["LOGIN_SESSION_IDLE_DAYS"])
    result = db.session.execute(sa.delete(LoginSession).where(LoginSession.last_seen_at < cutoff))
    return cast("CursorResult[Any]", result).rowcount or 0


def end_other_login_sessions(account: Account, keep_token: str | None) -> None:
    """Log out every other browser of this account (after a password change)."""
    query = sa.delete(LoginSession).where(LoginSession.account_id == account.id)
    if keep_token:
        query = query.where(LoginSession.token_hash != hash_token(keep_token))
    db.session.execute(query)
