"""Login and logout (placeholder until the accounts feature lands)."""

from flask import redirect, url_for
from flask_login import logout_user

from app.auth import bp


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    return redirect(url_for("public.index"))


@bp.post("/abmelden")
def logout():
    logout_user()
    return redirect(url_for("public.index"))
