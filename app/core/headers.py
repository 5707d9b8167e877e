"""Response headers set in one place: no caching of private pages, HSTS over HTTPS."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

HSTS = "max-age=31536000; includeSubDomains"


def _is_private() -> bool:
    """A page for one person: anything answered to a logged-in account, or a link with a token."""
    if request.endpoint == "static":
        return False
    if "token" in (request.view_args or {}) or request.blueprint == "apply":
        return True  # status pages with a token and the application form with its answers
    return bool(current_user and current_user.is_authenticated)


def init_app(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        if _is_private():
            # Shared computers, proxies and the back button must not keep personal data.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
