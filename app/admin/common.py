"""Shared helpers of the admin views: the access rule and the acting admin."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.admin import bp
from app.core.permissions import is_admin, require_login
from app.models import Account


@bp.before_request
def require_platform_admin() -> None:
    """Every admin page: anonymous → login, logged in but not admin → 404 (the area is not revealed)."""
    require_login()
    if not is_admin():
        abort(404)


def acting_admin() -> Account:
    """The logged-in admin as a plain Account (not the proxy) for services."""
    return current_user._get_current_object()
