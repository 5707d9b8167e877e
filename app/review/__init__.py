"""Coordinator review: queue, application detail, decisions, exports."""

from flask import Blueprint

from app.review import queue_index  # noqa: F401  (registers the link triggers for create_all)

bp = Blueprint("review", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("actions", "routes")
