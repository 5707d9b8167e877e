"""Permission checks, one place per kind.

Anything of a network the current user does not coordinate is a 404, not a 403:
the existence of another network's applications and members is not revealed.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from app.core.loaders import load_network
from app.extensions import db, login_manager
from app.models import (
    Account,
    CoordinatorAssignment,
    Network,
)


def is_admin(user=None) -> bool:
    user = user if user is not None else current_user
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)


def networks_of(user=None) -> list[Network]:
    """Networks whose applications the user may review: all for admins, else the assigned ones."""
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False):
        return []
    query = sa.select(Network).order_by(Network.name)
    if not user.is_admin:
        query = query.join(CoordinatorAssignment, CoordinatorAssignment.network_id == Network.id).where(
            CoordinatorAssignment.account_id == user.id
        )
    return list(db.session.scalars(query))


def may_coordinate(network: Network, user=None) -> bool:
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    assignment = db.session.get(CoordinatorAssignment, (user.id, network.id))
    return assignment is not None


def require_login() -> None:
    """Anonymous visitors are sent to the login page (with a relative `next`)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())


def require_coordinator(network: Network | None) -> Network:
    """The network, if the current user coordinates it (or is admin); else 404."""
    require_login()
    if network is None or not may_coordinate(network):
        abort(404)
    return network


def require_coordinator_of_any() -> list[Network]:
    """The networks the user coordinates (all for admins); 403 for logged-in users without any."""
    require_login()
    networks = networks_of()
    if not networks and not current_user.is_admin:
        abort(403)
    return networks


def require_admin() -> Account:
    """The current user if a platform admin; anonymous → login, others → 404 (the area is not revealed)."""
    require_login()
    if not current_user.is_admin:
        abort(404)
    return current_user


def coordinator_network(slug: str) -> Network:
    """Load a network by slug for coordinator views: 404 unless the user coordinates it."""
    require_login()
    return require_coordinator(load_network(slug))
