"""Loaders of the review pages: a coordinator's network and one of its applications or memberships (404 otherwise)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from app.core.permissions import coordinator_network
from app.extensions import db
from app.models import Application, Membership, Network
from app.review.queue import find_reviewable_application


def load_application_for_review(slug: str, application_id: int, *, full: bool = False) -> tuple[Network, Application]:
    """The network and one of its applications for a coordinator; 404 for anything else.

    Unconfirmed applications are not real yet and never shown to coordinators.
    """
    network = coordinator_network(slug)
    application = find_reviewable_application(network, application_id, full=full)
    if application is None:
        abort(404)
    return network, application


def load_membership_for_review(slug: str, membership_id: int) -> tuple[Network, Membership]:
    network = coordinator_network(slug)
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.id == membership_id, Membership.network_id == network.id)
    )
    if membership is None:
        abort(404)
    return network, membership
