"""Platform administration: networks, Themenkreise, coordinators, events, statistics."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import coordinators, events, groups, routes  # noqa: E402,F401
