"""`flask verification remind`: renew domain verifications whose contacts are still on the domain,
remind member and coordination once before an attestation expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Verification, VerificationMethod, VerificationState, utcnow
from app.verification import notifications
from app.verification.domains import verify_by_domain

REMIND_DAYS = 30


@dataclass
class ReminderResult:
    renewed: int = 0
    reminded: int = 0


def send_reminders() -> ReminderResult:
    """Each verification is handled once (reminded_at); the caller commits."""
    now = utcnow()
    result = ReminderResult()
    due = db.session.scalars(
        sa.select(Verification)
        .where(
            Verification.state == VerificationState.ACCEPTED,
            Verification.reminded_at.is_(None),
            Verification.valid_until > now,
            Verification.valid_until <= now + timedelta(days=REMIND_DAYS),
        )
        .order_by(Verification.id)
    ).all()
    for verification in due:
        verification.reminded_at = now
        if verification.membership.ended_at is not None:
            continue
        # The yearly re-check: still on the domain → a new year, "seit" stays the first date.
        if (
            verification.method is VerificationMethod.DOMAIN
            and verify_by_domain(verification.membership, since=verification.valid_from) is not None
        ):
            result.renewed += 1
            continue
        notifications.mail_reminder(verification)
        result.reminded += 1
    db.session.flush()
    return result
