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
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty values."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Rate limits (Flask-Limiter notation), all in one table. Each can be overridden by the
# environment as RATE_LIMIT_<NAME>, e.g. RATE_LIMIT_LOGIN_IP="100 per 5 minutes"; the older
# variables APPLY_SUBMIT_LIMIT, APPLY_RESEND_LIMIT, APPLY_RESEND_ADDRESS_LIMIT, LOGIN_IP_LIMIT and
# LOGIN_ACCOUNT_LIMIT are still read.
RATE_LIMIT_DEFAULTS = {
    "apply_submit": "10 per hour",  # sending an application, per IP address
    "apply_resend": "5 per hour",  # "Link erneut senden", per IP address
    "apply_resend_address": "3 per hour",  # "Link erneut senden", per e-mail address
    "login_ip": "60 per 5 minutes",  # login attempts per IP address (generous: offices share one)
    "login_account": "10 per 15 minutes",  # failed logins per account (normalised e-mail)
    "forgot_password": "5 per 15 minutes",
    "set_password": "10 per 5 minutes",  # reset and invitation links
    "change_email": "5 per hour",
    "confirm_email": "10 per 5 minutes",
    "delete_account": "5 per 15 minutes",
    "directory_contact": "5 per hour;20 per day",  # contact form, per sender account
    "event_register": "20 per hour",  # registering for an event, per IP address
    "accept_invitation": "10 per 5 minutes",  # accepting an invitation to become a member or contact
    "unsubscribe": "30 per 5 minutes",  # one-click unsubscribe from member messages
}
_LEGACY_LIMIT_VARIABLES = {
    "apply_submit": "APPLY_SUBMIT_LIMIT",
    "apply_resend": "APPLY_RESEND_LIMIT",
    "apply_resend_address": "APPLY_RESEND_ADDRESS_LIMIT",
    "login_ip": "LOGIN_IP_LIMIT",
    "login_account": "LOGIN_ACCOUNT_LIMIT",
}


def rate_limits_from_env() -> dict[str, str]:
    """The table above with the environment's overrides."""
    limits = {}
    for name, default in RATE_LIMIT_DEFAULTS.items():
        legacy = _LEGACY_LIMIT_VARIABLES.get(name)
        limits[name] = os.environ.get(f"RATE_LIMIT_{name.upper()}") or (legacy and os.environ.get(legacy)) or default
    return limits


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def default_database_url() -> str:
    return "sqlite:///" + str(BASE_DIR / "instance" / "teilhabe.sqlite3")


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or default_database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # PostgreSQL limits, applied by database_engine_options(); gunicorn's timeout (gunicorn.conf.py)
    # stays above connect + pool wait + statement so a slow query ends as an error page, not a
    # killed worker. Seconds, except the pool sizes (connections per process).
    DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 5)
    DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 30)
    DB_POOL_SIZE = env_int("DB_POOL_SIZE", 5)
    DB_MAX_OVERFLOW = env_int("DB_MAX_OVERFLOW", 10)
    DB_POOL_TIMEOUT = env_int("DB_POOL_TIMEOUT", 10)

    # Logging: "text" (one line per record) or "json" (one object per line), and the level.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # Public address of the site: every link in every mail is built from it, never from the
    # request's Host header (which the client chooses). Required in production.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # Host names the app answers to besides BASE_URL's host (comma-separated); any other Host
    # header gets 400. create_app sets Flask's TRUSTED_HOSTS from both.
    EXTRA_TRUSTED_HOSTS = env_list("EXTRA_TRUSTED_HOSTS")

    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Teilhabe <noreply@teilhabe.example>")
    # Print mails to the console when no MAIL_SERVER is set (development only).
    MAIL_CONSOLE = env_bool("MAIL_CONSOLE", default=False)
    # Seconds any SMTP operation (connect, greeting, each command) may take before it is given up.
    MAIL_TIMEOUT = env_float("MAIL_TIMEOUT", 10.0)

    # Background mail worker (`flask outbox work`): wait between polls when nothing is due,
    # mails per claimed batch (sent over one SMTP connection), and the age after which a claim
    # of a worker that died is taken over (must exceed the time one batch can take).
    OUTBOX_POLL_SECONDS = env_float("OUTBOX_POLL_SECONDS", 2.0)
    OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 50)
    OUTBOX_STALE_SECONDS = env_int("OUTBOX_STALE_SECONDS", 600)
    # Send right after a request's commit instead of in the worker (tests only; never in production).
    OUTBOX_EAGER = env_bool("OUTBOX_EAGER", default=False)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", default=True)
    RATELIMIT_HEADERS_ENABLED = True
    RATE_LIMITS = rate_limits_from_env()
    # Redis unreachable: count in this process's memory instead (logged), so login, submit and
    # reset keep working; Redis is asked again with growing pauses and used once it is back.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Prefix of the rate-limit keys, for installations that share one Redis database.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")
    # Seconds a Redis connect or command may take (rate limits, readiness check).
    REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 1.0)
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}

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

    # argon2id parameters (argon2-cffi defaults are the RFC 9106 low-memory profile)
    ARGON2_TIME_COST = env_int("ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_COST = env_int("ARGON2_MEMORY_COST", 65536)

    # Number of reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For/-Proto
    # headers are trusted, so rate limits see the visitor's address and the scheme is https.
    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
    # X-Forwarded-Host is trusted only when set (number of proxies that set it); nginx passes
    # the Host header itself, so the default 0 ignores it.
    TRUSTED_PROXIES_HOST = env_int("TRUSTED_PROXIES_HOST", 0)

    # Prometheus metrics at /metrics: off (404) unless a token is set; scrapers send
    # "Authorization: Bearer <token>". Under gunicorn also set PROMETHEUS_MULTIPROC_DIR.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

    # Seconds `/` and network pages are served from memory to visitors without cookies (0: off).
    PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 30)
    # Seconds at most a logged-in page (directory, review queue, Mein Bereich) is answered again
    # from memory to the same browser while no data has changed (app/core/viewercache.py; 0: off).
    VIEWER_PAGE_CACHE_SECONDS = env_int("VIEWER_PAGE_CACHE_SECONDS", 30)

    HOST = os.environ.get("HOST", "127.0.0.1")
    PORT = env_int("PORT", 5000)


class DevelopmentConfig(Config):
    DEBUG = True
    PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0)
    VIEWER_PAGE_CACHE_SECONDS = env_int("VIEWER_PAGE_CACHE_SECONDS", 0)
    MAIL_CONSOLE = env_bool("MAIL_CONSOLE", default=True)
    EXTRA_TRUSTED_HOSTS = env_list("EXTRA_TRUSTED_HOSTS", "localhost,127.0.0.1")
    # `make run` starts a worker beside the web server; poll often so mail appears at once.
    OUTBOX_POLL_SECONDS = env_float("OUTBOX_POLL_SECONDS", 1.0)


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
    # The worker's send step runs after each request's commit, so tests see mail at once
    # (still over the real SMTP fixture); tests of the worker itself switch this off.
    OUTBOX_EAGER = True
    MAIL_TIMEOUT = 5.0
    MIN_FILL_SECONDS = 0
    PUBLIC_PAGE_CACHE_SECONDS = 0  # tests/public/test_page_cache.py switches it on
    VIEWER_PAGE_CACHE_SECONDS = 0  # tests/core/test_viewer_cache.py switches it on
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    SERVER_NAME = None
    BASE_URL = "http://localhost"
    # The test client sends "localhost"; the browser tests' live server listens on 127.0.0.1.
    EXTRA_TRUSTED_HOSTS = ["localhost", "127.0.0.1"]
    METRICS_TOKEN = ""  # tests that need /metrics switch it on themselves


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
    # No default: production refuses to start without the public address.
    BASE_URL = os.environ.get("BASE_URL", "")


def database_engine_options(config) -> dict:
    """SQLAlchemy engine options for the configured database (timeouts and pool for PostgreSQL)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        options.setdefault("pool_size", config["DB_POOL_SIZE"])
        options.setdefault("max_overflow", config["DB_MAX_OVERFLOW"])
        options.setdefault("pool_timeout", config["DB_POOL_TIMEOUT"])
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", config["DB_CONNECT_TIMEOUT"])
        # jit=off: PostgreSQL compiles a statement whose estimated cost passes jit_above_cost,
        # which pays off for analytics, not for a web page: the queue's tab counts for a common
        # word ran 75 ms and spent another 160 ms compiling (measured at 100,000 applications).
        connect_args.setdefault(
            "options", f"-c statement_timeout={int(config['DB_STATEMENT_TIMEOUT']) * 1000} -c jit=off"
        )
        options["connect_args"] = connect_args
    return options


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the configuration class named by TEILHABE_ENV (default: production)."""
    return CONFIGS[os.environ.get("TEILHABE_ENV", "production")]
