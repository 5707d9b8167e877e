"""Prometheus metrics at /metrics: off by default, protected by METRICS_TOKEN.

Request count and latency come from prometheus_client (multiprocess mode under gunicorn when
PROMETHEUS_MULTIPROC_DIR is set); the database figures (outbox depth, waiting applications,
event registrations) are read at scrape time, so every app server reports the same values.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("metrics", __name__)


def init_app(app: Flask) -> None:
    """Register /metrics and the request hooks only when a token is configured."""
    if not app.config.get("METRICS_TOKEN"):
        return  # off by default: /metrics is an ordinary 404 and no hook runs
    from app.metrics import http, routes  # noqa: F401 - routes registers the view on bp

    http.install_hooks(app)
    app.register_blueprint(bp)
