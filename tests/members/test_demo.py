"""`flask seed-demo` shows every member state and a sent message (once, however often it runs)."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.members.demo import DEMO_NETWORK
from app.models import MemberInvitation, MemberMessage, Membership, Network, OutboxMessage, OutboxStatus


def test_seed_demo_has_invited_ended_and_a_sent_message(runner, make_account):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # networks only: nothing to show yet
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberInvitation)) == 0
    network = db.session.scalars(sa.select(Network).where(Network.slug == DEMO_NETWORK)).one()
    make_account(email="koordination@beispiel.example", coordinates=[network])
    for _ in range(2):
        result = runner.invoke(args=["seed-demo", "--members", "70", "--seed", "1", "--if-empty"])
        assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberInvitation)) == 3
    ended = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Membership)
        .where(Membership.network_id == network.id, Membership.ended_at.is_not(None))
    )
    assert ended == 2
    message = db.session.scalars(sa.select(MemberMessage)).one()
    statuses = set(
        db.session.scalars(sa.select(OutboxMessage.status).where(OutboxMessage.member_message_id == message.id))
    )
    assert message.recipient_count > 0 and statuses == {OutboxStatus.SENT}
