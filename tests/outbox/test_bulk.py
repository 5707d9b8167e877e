"""queue_mails: one INSERT for many recipients, each mail rendered for its recipient, sent once."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.outbox import BulkRecipient, flush_committed, queue_mails
from app.extensions import db
from app.models import Network, OutboxMessage, OutboxStatus
from tests.outbox.support import delivered_ids


def test_bulk_queued_mails_are_rendered_per_recipient_and_sent_once(app, make_network, make_account, smtp):
    network = make_network(name="Netzwerk Bürgerhaushalt")
    accounts = [make_account(f"mitglied{n}@example.org", first_name=f"Vorname{n}") for n in range(120)]
    recipients = [BulkRecipient(a.email, account_id=a.id, context={"account": a}) for a in accounts]
    db.session.expire_all()

    ids = queue_mails(
        "coordinator_assigned",
        "Neu: Koordination im „Netzwerk Bürgerhaushalt“\r\nBcc: x@example.org",
        recipients,
        network=db.session.get(Network, network.id),
        link="http://localhost/koordination/",
    )
    db.session.commit()
    flush_committed()

    assert len(ids) == 120
    assert set(delivered_ids(smtp)) == set(ids) and max(delivered_ids(smtp).values()) == 1
    message = smtp.to("mitglied7@example.org")[0]
    assert "Bcc" not in message and "Bürgerhaushalt" in str(message["Subject"])
    assert "Guten Tag Vorname7 Muster" in smtp.text(message)
    rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    assert [row.account_id for row in rows] == [a.id for a in accounts]


def test_nothing_is_queued_for_no_recipients_or_a_rolled_back_transaction(app, make_network, smtp):
    network = make_network()
    assert queue_mails("coordinator_assigned", "Betreff", [], network=network) == []
    queue_mails(
        "coordinator_assigned",
        "Betreff",
        [BulkRecipient("a@example.org", context={"account": {"display_name": "A"}})],
        network=network,
        link="x",
    )
    db.session.rollback()
    flush_committed()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert smtp.messages == []
