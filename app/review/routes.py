"""Coordinator review (placeholder)."""

from flask_login import login_required

from app.review import bp


@bp.get("/")
@login_required
def overview():
    return ""
