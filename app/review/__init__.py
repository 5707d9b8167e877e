"""Coordinator review: queue, application detail, decisions, exports."""

from flask import Blueprint

bp = Blueprint("review", __name__)

from app.review import actions, routes  # noqa: E402,F401
