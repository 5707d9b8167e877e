"""Beteiligungsatlas: members report participation procedures, coordinators review, the public finds them."""

from flask import Blueprint

from app.atlas import search_ddl  # noqa: F401  (registers the index DDL for create_all)

bp = Blueprint("atlas", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("routes", "member_routes", "review_routes", "admin_routes")
