"""Member area (placeholder)."""

from flask_login import login_required

from app.account import bp


@bp.get("/")
@login_required
def overview():
    return ""
