"""`flask seed-demo` shows issue #16: a verified municipality and a verified organisation with two contacts."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Membership, MembershipContact, Network, Verification, VerificationMethod
from app.verification.badges import badges_for


def test_seed_demo_shows_verified_members_and_stays_idempotent(runner):
    for _ in range(2):
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
    by_network = {network.slug: network for network in db.session.scalars(sa.select(Network))}
    saalfeld = db.session.scalar(
        sa.select(Membership).where(Membership.network_id == by_network["kommunen-der-offenen-gesellschaft"].id)
    )
    ulm = db.session.scalar(
        sa.select(Membership).where(Membership.network_id == by_network["beteiligungsnetzwerk-bw"].id)
    )
    badges = badges_for([saalfeld.id, ulm.id])
    assert badges[saalfeld.id].method is VerificationMethod.DOMAIN
    assert badges[ulm.id].method is VerificationMethod.ATTESTATION
    contacts = db.session.scalars(sa.select(MembershipContact).where(MembershipContact.membership_id == ulm.id)).all()
    assert len(contacts) == 1 and contacts[0].listed  # plus the main contact: two people
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Verification)) == 2
