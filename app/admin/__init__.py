"""Platform administration: networks, Themenkreise, coordinators, events, statistics."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import routes  # noqa: E402,F401
