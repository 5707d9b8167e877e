"""Teilhabe: membership applications, review and directory for participation networks."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from config import INSECURE_SECRET_KEY, Config, config_from_env, database_engine_options

ROOT_DIR = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """Raised when the app is configured in a way that must not run."""


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    """Application factory: config, extensions, blueprints, CLI and error pages."""
    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    app.config.from_object(config_class or config_from_env())
    app.config.update(overrides)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database_engine_options(app.config)
    _check_production_config(app)
    _configure_hosts(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from app import assets, extensions, requestlog
    from app.core import headers as security_headers
    from app.core import i18n, pagecache, viewercache, web

    requestlog.init_app(app)
    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT_DIR / "migrations"))
    extensions.mail.init_app(app)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    security_headers.init_app(app)
    viewercache.init_app(app)  # logged-in pages, inside the visitor cache
    pagecache.init_app(app)  # in front of the app, behind WhiteNoise (static files first)
    assets.init_app(app)

    from app import outbox
    from app.core import history
    from app.directory import search_index
    from app.review import search as review_search

    # Session hooks, registered here rather than by the side effect of some import.
    history.install_session_hooks()
    search_index.install_session_hooks()
    review_search.install_session_hooks()
    outbox.init_app(app)

    from app.auth import init_login

    init_login(app)
    _register_blueprints(app)

    from app import metrics

    metrics.init_app(app)

    from app import cli

    cli.init_app(app)
    return app


def _check_production_config(app: Flask) -> None:
    if app.debug or app.testing:
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == INSECURE_SECRET_KEY or len(key) < 16:
        raise ConfigurationError("SECRET_KEY is not set: set a random value of at least 16 characters (see README).")
    base = urlsplit(app.config.get("BASE_URL") or "")
    if base.scheme not in ("http", "https") or not base.hostname:
        raise ConfigurationError(
            "BASE_URL is not set: set the public address, e.g. https://teilhabe.example.org (see README)."
        )


def _configure_hosts(app: Flask) -> None:
    """Answer only to BASE_URL's host (and EXTRA_TRUSTED_HOSTS); trust proxy headers as configured."""
    if app.config.get("TRUSTED_HOSTS") is None:
        host = urlsplit(app.config.get("BASE_URL") or "").hostname
        hosts = [host] if host else []
        hosts += [h for h in app.config.get("EXTRA_TRUSTED_HOSTS") or [] if h not in hosts]
        app.config["TRUSTED_HOSTS"] = hosts or None
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # X-Forwarded-Host only when explicitly configured: it is as client-chosen as Host.
        x_host = app.config.get("TRUSTED_PROXIES_HOST", 0)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=x_host)  # type: ignore[method-assign]


# (package, URL prefix): each package's `bp` and the view modules named in its VIEWS.
BLUEPRINTS: tuple[tuple[str, str | None], ...] = (
    ("public", None),
    ("health", None),
    ("apply", None),
    ("auth", None),
    ("review", "/koordination"),
    ("account", "/mein-bereich"),
    ("directory", None),
    ("admin", "/verwaltung"),
    ("atlas", None),
    ("events", None),
    ("members", None),
    ("programmes", None),
    ("verification", None),
)


def _register_blueprints(app: Flask) -> None:
    for package_name, url_prefix in BLUEPRINTS:
        package = import_module(f"app.{package_name}")
        for view_module in package.VIEWS:
            import_module(f"app.{package_name}.{view_module}")
        app.register_blueprint(package.bp, url_prefix=url_prefix)
