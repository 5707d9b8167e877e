"""Which verifications are shown as badges: accepted and not yet expired, read at request time.

There is no job that switches badges off: `valid_until > now` is part of every query, so an
expired verification disappears from every page by itself.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Membership, MembershipContact, Verification, VerificationState, utcnow


def _valid():
    return sa.and_(Verification.state == VerificationState.ACCEPTED, Verification.valid_until > utcnow())


def badges_for(membership_ids: list[int]) -> dict[int, Verification]:
    """The current verification of each membership (the one valid longest), in one query."""
    ids = [mid for mid in membership_ids if mid is not None]
    if not ids:
        return {}
    found: dict[int, Verification] = {}
    rows = db.session.scalars(
        sa.select(Verification)
        .where(Verification.membership_id.in_(ids), _valid())
        .order_by(Verification.membership_id, Verification.valid_until)
    )
    for verification in rows:
        found[verification.membership_id] = verification  # the last one per membership lasts longest
    return found


def badge_for_account(network_id: int, account_id: int | None) -> Verification | None:
    """The verification of a member the person speaks for in this network (main or further contact)."""
    if account_id is None:
        return None
    further = sa.select(MembershipContact.membership_id).where(
        MembershipContact.account_id == account_id, MembershipContact.ended_at.is_(None)
    )
    return db.session.scalar(
        sa.select(Verification)
        .join(Membership, Membership.id == Verification.membership_id)
        .where(
            Membership.network_id == network_id,
            Membership.ended_at.is_(None),
            sa.or_(Membership.account_id == account_id, Membership.id.in_(further)),
            _valid(),
        )
        .order_by(Verification.valid_until.desc())
        .limit(1)
    )
