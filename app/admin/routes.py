"""Administration (placeholder)."""

from flask_login import login_required

from app.admin import bp


@bp.get("/")
@login_required
def index():
    return ""
