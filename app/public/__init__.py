"""Public pages: network list, network pages, legal pages, language switch."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import routes  # noqa: E402,F401
