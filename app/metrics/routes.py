"""GET /metrics in the Prometheus text format, for a scraper holding METRICS_TOKEN."""

from __future__ import annotations

import hmac
import os

from flask import Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import limiter
from app.metrics import bp
from app.metrics.database import DatabaseCollector


def _authorised() -> bool:
    expected = current_app.config["METRICS_TOKEN"]
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), expected.encode())


def _process_registry() -> CollectorRegistry:
    """Under gunicorn the workers' counters are summed from PROMETHEUS_MULTIPROC_DIR."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


@bp.route("/metrics")
@limiter.exempt
def metrics() -> Response:
    """Request metrics of this app server plus database figures read now."""
    if not _authorised():
        response = Response("Bearer token required\n", status=401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    try:
        body = generate_latest(_process_registry()) + generate_latest(database)
    except SQLAlchemyError:  # the scraper sees "unavailable", the log says why
        current_app.logger.exception("metrics: database figures could not be read")
        abort(503)
    response = Response(body, content_type=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response
