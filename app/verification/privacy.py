"""What deleting an account means for verifications (called by the members feature's erasure hook).

Verifications of the person's own memberships go with the memberships (ON DELETE CASCADE); what
the person did as a coordinator stays the network's record, without their name.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.core.history import DELETED_ACCOUNT_LABEL
from app.extensions import db
from app.models import Membership, Verification, VerificationEvent


def forget_account(account_id: int) -> None:
    own = sa.select(Membership.id).where(Membership.account_id == account_id)
    mine = sa.select(Verification.id).where(Verification.membership_id.in_(own))
    db.session.execute(sa.delete(VerificationEvent).where(VerificationEvent.verification_id.in_(mine)))
    db.session.execute(sa.delete(Verification).where(Verification.id.in_(mine)))
    db.session.execute(
        sa.update(VerificationEvent)
        .where(VerificationEvent.actor_id == account_id)
        .values(actor_id=None, actor_label=DELETED_ACCOUNT_LABEL)
        .execution_options(synchronize_session=False)
    )


def export_conditions(t, account_id: int, email: str, membership_ids: list[int]) -> dict[str, Any]:
    """For the data export: my contact roles and invitations to me; the verifications of my
    memberships or requested by me, with their history; the domains I entered."""
    contacts, verifications, events = t["membership_contacts"], t["verifications"], t["verification_events"]
    mine = sa.or_(verifications.c.membership_id.in_(membership_ids), verifications.c.requested_by_id == account_id)
    return {
        "membership_contacts": sa.or_(contacts.c.account_id == account_id, contacts.c.email == email),
        "verifications": mine,
        "verification_events": events.c.verification_id.in_(sa.select(verifications.c.id).where(mine)),
        "verified_domains": t["verified_domains"].c.added_by_id == account_id,
    }
