"""Demo content of the members feature: invited and ended members and a sent message, so that
`make run` shows every member state and the message archive."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.members import invitations, messages
from app.models import (
    Account,
    CoordinatorAssignment,
    MemberInvitation,
    MemberMessage,
    Membership,
    Network,
    OutboxMessage,
    OutboxStatus,
    utcnow,
)

DEMO_NETWORK = "allianz-vielfaeltige-demokratie"
INVITED = (
    ("Jürgen", "Müller-Lüdenscheidt", "juergen.mueller@beispiel.example", "Stadt Görlitz", "02826", "Görlitz", "SN"),
    ("Zoë", "Weiß", "zoe.weiss@beispiel.example", "Bürgerstiftung Dresden", "01097", "Dresden", "SN"),
    ("Ole", "Hansen", "ole.hansen@beispiel.example", "Kreisverwaltung Nordfriesland", "25813", "Husum", "SH"),
)
MESSAGE_BODY = (
    "Liebe Mitglieder des Themenkreises,\n\n"
    "wir laden Sie herzlich zum nächsten **Treffen des Themenkreises** ein. Themen:\n\n"
    "- Stand des Beteiligungsatlas\n- Verabredungen für die Jahrestagung\n\n"
    "Bitte antworten Sie einfach auf diese E-Mail.\n\nIhre Koordination"
)


def seed_member_states() -> bool:
    """Once per database: three invited people, two ended memberships and one sent message."""
    network = db.session.scalar(sa.select(Network).where(Network.slug == DEMO_NETWORK))
    if network is None or db.session.scalar(
        sa.select(MemberInvitation.id).where(MemberInvitation.network_id == network.id).limit(1)
    ):
        return False
    active = db.session.scalars(
        sa.select(Membership)
        .where(Membership.network_id == network.id, Membership.ended_at.is_(None))
        .order_by(Membership.id)
    ).all()
    if len(active) < 4:
        return False
    for membership, reason in zip(active[-2:], ("Ruhestand", "Wechsel der Organisation"), strict=True):
        membership.ended_at = utcnow()
        membership.end_reason = reason
        membership.listed_in_directory = False
    tk = network.themenkreise[0] if network.themenkreise else None
    people = [
        {
            "first_name": first,
            "last_name": last,
            "email": email,
            "institution": org,
            "postcode": plz,
            "city": city,
            "bundesland": land,
            "themenkreis_ids": [tk.id] if tk else [],
        }
        for first, last, email, org, plz, city, land in INVITED
    ]
    invitations.invite_many(network, people, None)
    # The demo does not mail invented addresses: the invitations count as sent.
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.template == "member_invitation", OutboxMessage.sent_at.is_(None))
        .values(status=OutboxStatus.SENT, sent_at=utcnow())
    )
    author = db.session.scalar(
        sa.select(Account)
        .join(CoordinatorAssignment, CoordinatorAssignment.account_id == Account.id)
        .where(CoordinatorAssignment.network_id == network.id)
        .limit(1)
    )
    segment = messages.segment_from_key(network, f"tk:{tk.id}" if tk else "all:")
    if (
        author is not None
        and segment is not None
        and not db.session.scalar(sa.select(MemberMessage.id).where(MemberMessage.network_id == network.id).limit(1))
    ):
        count = messages.count_recipients(network, segment)
        if count:
            message = messages.queue_message(
                network,
                author,
                subject="Einladung zum Treffen des Themenkreises",
                body=MESSAGE_BODY,
                segment=segment,
                reply_to=network.contact_email or author.email,
                expected=count,
            )
            db.session.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.member_message_id == message.id)
                .values(status=OutboxStatus.SENT, sent_at=utcnow())
            )
    db.session.flush()
    return True
