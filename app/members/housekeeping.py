"""Invitation housekeeping for the scheduled commands: the one reminder, and expiry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.engine import CursorResult

from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.members import notifications
from app.members.invitations import open_clause
from app.models import (
    MemberInvitation,
    utcnow,
)


def remind_due(now: datetime | None = None) -> int:
    """Send the one reminder to invitations open for REMINDER_DAYS (a new link replaces the old one)."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(MemberInvitation).where(
            open_clause(),
            MemberInvitation.reminded_at.is_(None),
            MemberInvitation.expires_at > now,
            MemberInvitation.created_at <= now - timedelta(days=current_app.config["MEMBER_INVITATION_REMINDER_DAYS"]),
        )
    ).all()
    tokens = []
    for invitation in due:
        tokens.append(new_token())
        invitation.token_hash = hash_token(tokens[-1])
        invitation.reminded_at = now
    db.session.flush()
    rows = []
    for network_id in {invitation.network_id for invitation in due}:
        mine = [(i, t) for i, t in zip(due, tokens, strict=True) if i.network_id == network_id]
        rows += notifications.invitation_rows(
            [i for i, _ in mine], mine[0][0].network, [t for _, t in mine], reminder=True
        )
    return notifications.queue_rows(rows)


def purge_expired(now: datetime | None = None) -> int:
    """Delete invitations never accepted that expired or were withdrawn (with the person's data)."""
    now = now or utcnow()
    result = db.session.execute(
        sa.delete(MemberInvitation)
        .where(
            MemberInvitation.accepted_at.is_(None),
            sa.or_(MemberInvitation.expires_at <= now, MemberInvitation.cancelled_at.is_not(None)),
        )
        .execution_options(synchronize_session=False)
    )
    return cast("CursorResult[Any]", result).rowcount or 0
