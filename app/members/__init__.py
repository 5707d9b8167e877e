"""Members of a network: memberships and organisations; after admission: import the existing
list, invite, manage members, write to them."""

from flask import Blueprint

bp = Blueprint("members", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("import_routes", "message_routes", "public_routes", "routes", "contact_routes")
