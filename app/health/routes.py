"""/healthz and /readyz: cheap, no login, no session cookie, not rate limited."""

from __future__ import annotations

from flask import jsonify

from app.extensions import limiter
from app.health import bp
from app.health.checks import is_ready, readiness


def _uncached(response, status: int):
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process answers (no database access: a liveness probe must not fail on a DB outage)."""
    return _uncached(jsonify(status="ok"), 200)


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """Ready for traffic: 200 when every check passes, 503 naming the failing part otherwise."""
    checks = readiness()
    ready = is_ready(checks)
    failing = sorted(name for name, value in checks.items() if value not in ("ok", "not configured"))
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    if failing:
        body["failing"] = failing
    response = _uncached(jsonify(body), 200 if ready else 503)
    if not ready:
        response.headers["Retry-After"] = "10"
    return response
