"""Member area: my networks, profile, privacy, data export and deletion."""

from flask import Blueprint

bp = Blueprint("account", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("routes",)
