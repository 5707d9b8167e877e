"""Public pages: network list, network pages, legal pages, language switch."""

from flask import Blueprint

bp = Blueprint("public", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("routes",)
