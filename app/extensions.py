"""Flask extensions, created bare and bound to the app in create_app()."""

import sqlite3
from collections.abc import Callable
from functools import cached_property

import sqlalchemy as sa
from babel.support import NullTranslations
from flask import g, has_app_context
from flask_babel import Babel, Domain, get_translations
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite enforces foreign keys (and their ON DELETE rules) only when asked to.

    Its built-in lower() (and so ILIKE) only knows ASCII; replace it with Python's, so that
    "müller" finds "Müller" as it does on PostgreSQL.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
mail = Mail()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


# --------------------------------------------------------------------------- translations
# Flask-Babel looks the catalogue up again for every string it translates (two context look-ups
# and a locale name each); a page translates dozens to hundreds of strings, so the catalogue is
# remembered on the request next to the locale it belongs to. `force_locale` (mails in the
# recipient's language) sets another locale, which is then looked up and remembered in turn.


def request_translations() -> NullTranslations:
    """The current catalogue, remembered on the request for its locale (force_locale changes it)."""
    return _remembered(get_translations)


def _remembered(look_up: Callable[[], NullTranslations]) -> NullTranslations:
    if not has_app_context():
        return look_up()
    context = getattr(g, "_flask_babel", None)
    if context is not None:
        remembered = getattr(context, "teilhabe_translations", None)
        if remembered is not None and remembered[0] is getattr(context, "babel_locale", None):
            return remembered[1]
    translations = look_up()
    context = getattr(g, "_flask_babel", None)
    if context is not None:
        context.teilhabe_translations = (getattr(context, "babel_locale", None), translations)
    return translations


class RequestCachedDomain(Domain):
    """Flask-Babel's domain, but `_()` and lazy strings in Python code reuse the request's catalogue."""

    def get_translations(self) -> NullTranslations:
        return _remembered(super().get_translations)


class TeilhabeBabel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return RequestCachedDomain(domain=self.domain)


babel = TeilhabeBabel()
