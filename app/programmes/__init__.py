"""Programme years (Durchgänge) with limited places, milestones, and the seal "Kommune der Offenen Gesellschaft"."""

from flask import Blueprint

bp = Blueprint("programmes", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("member_routes", "manage_routes", "seal_routes", "public_routes")
