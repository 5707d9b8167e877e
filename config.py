"""Configuration classes, all values read from environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
load_dotenv(BASE_DIR / ".env")

INSECURE_SECRET_KEY = "dev-insecure-change-me"  # noqa: S105 - the value production refuses


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def default_database_url() -> str:
    return "sqlite:///" + str(BASE_DIR / "instance" / "teilhabe.sqlite3")


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or default_database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Public base URL used in e-mails when no request is active (CLI, outbox).
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Teilhabe <noreply@teilhabe.example>")
    # Print mails to the console when no MAIL_SERVER is set (development only).
    MAIL_CONSOLE = env_bool("MAIL_CONSOLE", default=False)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", default=True)
    RATELIMIT_HEADERS_ENABLED = True

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    # No form needs more than this; larger requests get a friendly 413 page instead of being parsed.
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 1024 * 1024)

    # Operator texts for the legal pages (plain text or Markdown); templates can be overridden too.
    IMPRESSUM_TEXT = os.environ.get("IMPRESSUM_TEXT", "")
    PRIVACY_TEXT = os.environ.get("PRIVACY_TEXT", "")
    ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", "")
    OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "")

    # Domain rules
    CONFIRMATION_TOKEN_DAYS = env_int("CONFIRMATION_TOKEN_DAYS", 7)
    INVITATION_TOKEN_DAYS = env_int("INVITATION_TOKEN_DAYS", 14)
    PASSWORD_RESET_HOURS = env_int("PASSWORD_RESET_HOURS", 2)
    # Imported or hand-added members: how long the invitation link works, and after how many days
    # the one reminder goes out (`flask members remind`); expired invitations are purged.
    MEMBER_INVITATION_DAYS = env_int("MEMBER_INVITATION_DAYS", 30)
    MEMBER_INVITATION_REMINDER_DAYS = env_int("MEMBER_INVITATION_REMINDER_DAYS", 14)
    # Member list upload (CSV/XLSX): larger than any form, so its own size and row limits.
    MEMBER_IMPORT_MAX_BYTES = env_int("MEMBER_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    MEMBER_IMPORT_MAX_ROWS = env_int("MEMBER_IMPORT_MAX_ROWS", 20000)
    RETENTION_DAYS = env_int("RETENTION_DAYS", 180)
    # A login unused for this long ends (idle timeout); `flask privacy purge` removes the rows.
    LOGIN_SESSION_IDLE_DAYS = env_int("LOGIN_SESSION_IDLE_DAYS", 14)
    MIN_FILL_SECONDS = env_int("MIN_FILL_SECONDS", 3)
    # Flask-Limiter limits per IP address for sending an application and for "Link erneut senden".
    APPLY_SUBMIT_LIMIT = os.environ.get("APPLY_SUBMIT_LIMIT", "10 per hour")
    APPLY_RESEND_LIMIT = os.environ.get("APPLY_RESEND_LIMIT", "5 per hour")
    APPLY_RESEND_ADDRESS_LIMIT = os.environ.get("APPLY_RESEND_ADDRESS_LIMIT", "3 per hour")

    # argon2id parameters (argon2-cffi defaults are the RFC 9106 low-memory profile)
    ARGON2_TIME_COST = env_int("ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_COST = env_int("ARGON2_MEMORY_COST", 65536)

    # Number of reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For/-Proto/-Host
    # headers are trusted, so rate limits see the visitor's address and mail links use https.
    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

    HOST = os.environ.get("HOST", "127.0.0.1")
    PORT = env_int("PORT", 5000)


class DevelopmentConfig(Config):
    DEBUG = True
    MAIL_CONSOLE = env_bool("MAIL_CONSOLE", default=True)


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = None
    MAIL_CONSOLE = False
    # Flask-Mail suppresses sending when TESTING; the tests use a real SMTP server instead.
    MAIL_SUPPRESS_SEND = False
    MIN_FILL_SECONDS = 0
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    SERVER_NAME = None
    BASE_URL = "http://localhost"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the configuration class named by TEILHABE_ENV (default: production)."""
    return CONFIGS[os.environ.get("TEILHABE_ENV", "production")]
