"""Random single-use tokens; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, TypeGuard, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult

from app.extensions import db
from app.models import Token, TokenPurpose, utcnow


def new_token() -> str:
    """A URL-safe random token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(purpose: TokenPurpose, lifetime: timedelta, **links) -> str:
    """Store a new token for `purpose` and return its clear text (for the mail only)."""
    token = new_token()
    db.session.add(Token(purpose=purpose, token_hash=hash_token(token), expires_at=utcnow() + lifetime, **links))
    db.session.flush()
    return token


def find_token(purpose: TokenPurpose, token: str) -> Token | None:
    """The token row for a clear token, used or not, expired or not."""
    if not token or len(token) > 128:
        return None
    return db.session.scalar(sa.select(Token).where(Token.purpose == purpose, Token.token_hash == hash_token(token)))


def token_is_usable(row: Token | None) -> TypeGuard[Token]:
    return row is not None and row.used_at is None and row.expires_at > utcnow()


def consume_token(row: Token) -> bool:
    """Mark a token used exactly once (conditional update: safe against double clicks)."""
    result = db.session.execute(
        sa.update(Token)
        .where(Token.id == row.id, Token.used_at.is_(None), Token.expires_at > utcnow())
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(row)
    return cast("CursorResult[Any]", result).rowcount == 1
