"""The applicant's journey: multi-step form, confirmation, status page."""

from flask import Blueprint

bp = Blueprint("apply", __name__)

from app.apply import routes, status  # noqa: E402,F401
