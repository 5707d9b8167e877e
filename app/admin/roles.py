"""Admin actions on roles: coordinator assignments of a network and invitations of new people."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.admin import notifications
from app.auth import accounts
from app.core.errors import DomainError
from app.extensions import db
from app.models import Account, CoordinatorAssignment, Network

log = logging.getLogger(__name__)


def coordinator_assignments(network: Network) -> list[CoordinatorAssignment]:
    """The network's coordinators with their accounts, by name."""
    return list(
        db.session.scalars(
            sa.select(CoordinatorAssignment)
            .join(Account, Account.id == CoordinatorAssignment.account_id)
            .where(CoordinatorAssignment.network_id == network.id)
            .options(selectinload(CoordinatorAssignment.account))
            .order_by(Account.last_name, Account.first_name, Account.email)
        )
    )


def find_assignment(network: Network, account_id: int) -> CoordinatorAssignment | None:
    return db.session.get(CoordinatorAssignment, (account_id, network.id))


def assign_coordinator(
    network: Network, *, email: str, first_name: str = "", last_name: str = "", actor: Account
) -> tuple[Account, bool]:
    """Make the account with this e-mail a coordinator of the network; returns (account, invited).

    An unknown address gets a new account without password and an invitation mail with a
    single-use link to set one; an account that never set its password gets a fresh invitation;
    everybody else gets a short notice about the new role.
    """
    email = accounts.normalise_email(email)
    account = accounts.find_account_by_email(email)
    if account is not None and account.disabled:
        raise DomainError(_("Dieses Konto ist gesperrt und kann keine Koordination übernehmen."), field="email")
    if account is not None and find_assignment(network, account.id) is not None:
        raise DomainError(_("%(name)s koordiniert dieses Netzwerk bereits.", name=account.display_name), field="email")
    if account is None:
        account = accounts.create_account(email, first_name=first_name, last_name=last_name)
    accounts.assign_coordinator(account, network)

    invited = not account.password_hash
    if invited:
        notifications.invite_coordinator(account, network, actor, accounts.issue_invitation(account))
    else:
        notifications.tell_new_coordinator(account, network, actor)
    log.info("Admin %s made account %s coordinator of %s (invited=%s)", actor.id, account.id, network.slug, invited)
    return account, invited


def remove_coordinator(assignment: CoordinatorAssignment, *, actor: Account) -> None:
    """End a coordinator role; the account itself stays."""
    log.info(
        "Admin %s removed account %s as coordinator of network %s",
        actor.id,
        assignment.account_id,
        assignment.network_id,
    )
    db.session.delete(assignment)
    db.session.flush()


def set_notification(assignment: CoordinatorAssignment, notify: bool) -> None:
    """Switch the mail per confirmed application on or off for one coordinator."""
    assignment.notify = notify
    db.session.flush()
