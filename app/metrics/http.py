"""Request count and latency by endpoint, method and status (prometheus_client)."""

from __future__ import annotations

import time

from flask import Flask, g, request
from prometheus_client import Counter, Histogram

# Endpoint names come from the URL map, so the label set is bounded (no raw paths, no ids).
REQUESTS = Counter(
    "teilhabe_http_requests_total",
    "HTTP requests answered, by endpoint, method and status.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "teilhabe_http_request_duration_seconds",
    "Time from the start of the request to the response, by endpoint, method and status.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def endpoint_label() -> str:
    """The matched endpoint, or "unmatched" for 404s and other requests without a rule."""
    return request.endpoint or "unmatched"


def install_hooks(app: Flask) -> None:
    """Time every request; after_request also runs for error pages (404, 500)."""

    @app.before_request
    def start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def record_response(response):
        started = g.pop("metrics_started", None)
        duration = time.perf_counter() - started if started is not None else None
        record(endpoint_label(), request.method, response.status_code, duration)
        return response


def record(endpoint: str, method: str, status: int, seconds: float | None) -> None:
    """Count one answered request (also those answered from the visitor page cache)."""
    labels = (endpoint, method if method in KNOWN_METHODS else "other", str(status))
    REQUESTS.labels(*labels).inc()
    if seconds is not None:
        LATENCY.labels(*labels).observe(seconds)
