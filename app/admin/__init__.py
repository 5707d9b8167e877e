"""Platform administration: networks, Themenkreise, coordinators, statistics (events: app/events)."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("coordinators", "groups", "routes")
