"""Mails of the platform administration: a new coordinator is invited or told about the role."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.models import Account, Network


def invite_coordinator(account: Account, network: Network, actor: Account, token: str) -> None:
    """An account without a password: the invitation with the link to set one."""
    queue_mail(
        "coordinator_invitation",
        account.email,
        _l("Einladung zur Koordination von „%(network)s“", network=network.name),
        locale=account.locale or "de",
        account_id=account.id,
        link=external_url("auth.accept_invitation", token=token),
        days=current_app.config["INVITATION_TOKEN_DAYS"],
        account=account,
        network=network,
        invited_by=actor,
    )


def tell_new_coordinator(account: Account, network: Network, actor: Account) -> None:
    """Someone who can already log in: a short notice about the new role."""
    queue_mail(
        "coordinator_assigned",
        account.email,
        _l("Sie koordinieren jetzt „%(network)s“", network=network.name),
        locale=account.locale or "de",
        account_id=account.id,
        link=external_url("review.overview"),
        account=account,
        network=network,
        invited_by=actor,
    )
