"""Mails of the verification feature, queued in the outbox (links only from BASE_URL)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.extensions import db
from app.models import Account, CoordinatorAssignment, Verification


def member_name(verification: Verification) -> str:
    membership = verification.membership
    return membership.organisation.name if membership.organisation else membership.account.display_name


def _coordinators(network_id: int) -> list[Account]:
    return list(
        db.session.scalars(
            sa.select(Account)
            .join(CoordinatorAssignment, CoordinatorAssignment.account_id == Account.id)
            .where(CoordinatorAssignment.network_id == network_id, Account.disabled.is_(False))
            .order_by(Account.id)
        )
    )


def tell_coordinators(verification: Verification, *, answered: bool = False) -> None:
    """A new request or an answer waits in the verification queue."""
    network = verification.membership.network
    link = external_url("verification.detail", slug=network.slug, verification_id=verification.id)
    for coordinator in _coordinators(network.id):
        queue_mail(
            "verification_coordinator",
            coordinator.email,
            _l("Verifizierung: %(name)s (%(network)s)", name=member_name(verification), network=network.name),
            locale=coordinator.locale or "de",
            account_id=coordinator.id,
            name=member_name(verification),
            network=network,
            answered=answered,
            link=link,
        )


def _to_member(verification: Verification, template: str, subject, **context) -> None:
    membership = verification.membership
    account = membership.account
    queue_mail(
        template,
        account.email,
        subject,
        locale=account.locale or "de",
        account_id=account.id,
        account=account,
        verification=verification,
        name=member_name(verification),
        network=membership.network,
        link=external_url("verification.request_page", membership_id=membership.id),
        **context,
    )


def mail_question(verification: Verification, message: str) -> None:
    _to_member(verification, "verification_question", _l("Rückfrage zu Ihrer Verifizierung"), message=message)


def mail_decision(verification: Verification) -> None:
    _to_member(verification, "verification_decision", _l("Entscheidung über Ihre Verifizierung"))


def mail_reminder(verification: Verification) -> None:
    """Before expiry: the member and the coordination learn that the badge will disappear."""
    _to_member(verification, "verification_reminder", _l("Ihre Verifizierung läuft bald ab"))
    network = verification.membership.network
    for coordinator in _coordinators(network.id):
        queue_mail(
            "verification_reminder_coordinator",
            coordinator.email,
            _l("Verifizierung läuft ab: %(name)s", name=member_name(verification)),
            locale=coordinator.locale or "de",
            account_id=coordinator.id,
            name=member_name(verification),
            verification=verification,
            network=network,
            link=external_url("verification.attest", slug=network.slug, membership_id=verification.membership_id),
        )
