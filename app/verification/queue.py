"""What the coordination sees: open requests, current verifications, one verification's history."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Membership, Network, Verification, VerificationEvent, VerificationState, utcnow
from app.verification.decisions import OPEN_STATES


def open_requests(network: Network) -> list[Verification]:
    """Requests waiting for the coordination (oldest first); questions back at the end."""
    return list(
        db.session.scalars(
            sa.select(Verification)
            .options(joinedload(Verification.membership).joinedload(Membership.organisation))
            .where(Verification.network_id == network.id, Verification.state.in_(OPEN_STATES))
            .order_by(Verification.state == VerificationState.QUESTION, Verification.created_at, Verification.id)
        )
    )


def current_verifications(network: Network) -> list[Verification]:
    """Valid verifications, the soonest to expire first."""
    return list(
        db.session.scalars(
            sa.select(Verification)
            .options(joinedload(Verification.membership).joinedload(Membership.organisation))
            .join(Membership, Membership.id == Verification.membership_id)
            .where(
                Verification.network_id == network.id,
                Verification.state == VerificationState.ACCEPTED,
                Verification.valid_until > utcnow(),
                Membership.ended_at.is_(None),
            )
            .order_by(Verification.valid_until, Verification.id)
        )
    )


def verifications_of(membership: Membership) -> list[Verification]:
    """Every verification of a member, newest first (the record)."""
    return list(
        db.session.scalars(
            sa.select(Verification)
            .where(Verification.membership_id == membership.id)
            .order_by(Verification.created_at.desc(), Verification.id.desc())
        )
    )


def events_of(verification: Verification) -> list[VerificationEvent]:
    return list(
        db.session.scalars(
            sa.select(VerificationEvent)
            .where(VerificationEvent.verification_id == verification.id)
            .order_by(VerificationEvent.created_at, VerificationEvent.id)
        )
    )


def find_verification(network: Network, verification_id: int) -> Verification | None:
    verification = db.session.get(Verification, verification_id)
    return verification if verification is not None and verification.network_id == network.id else None


def find_membership(network: Network, membership_id: int) -> Membership | None:
    membership = db.session.get(Membership, membership_id)
    return membership if membership is not None and membership.network_id == network.id else None
