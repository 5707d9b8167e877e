"""Login, logout, password reset, invitations."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.extensions import login_manager

bp = Blueprint("auth", __name__)


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        from app.auth.sessions import load_account_for_session

        return load_account_for_session(token)


# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("routes",)
