"""Health checks for load balancers and orchestrators: /healthz (alive) and /readyz (ready)."""

from flask import Blueprint

bp = Blueprint("health", __name__)

# Modules whose views attach to `bp`; create_app imports them.
VIEWS = ("routes",)
