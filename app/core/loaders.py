"""Loading what a URL names: one network loader for every page (anything unknown is a 404)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm.interfaces import ORMOption

from app.extensions import db
from app.models import Network


def load_network(slug: str, *options: ORMOption) -> Network:
    """The network with this slug (with the given loader options), or a 404."""
    network = db.session.scalars(sa.select(Network).where(Network.slug == slug).options(*options)).unique().first()
    if network is None:
        abort(404)
    return network
