"""Mails of the directory: a member's message through the contact form (the address stays hidden)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.outbox import queue_mail
from app.models import Account, Network


def mail_contact_message(sender: Account, recipient: Account, network: Network, message: str) -> None:
    """Deliver the message; "Antworten" in the mail program reaches the sender."""
    queue_mail(
        "directory_contact",
        recipient.email,
        _l("Nachricht über das Mitgliederverzeichnis von %(network)s", network=network.name),
        locale=recipient.locale,
        account_id=recipient.id,
        reply_to=sender.email,
        member=recipient,
        sender=sender,
        network=network,
        message=message,
    )
