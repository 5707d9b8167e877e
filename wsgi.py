"""WSGI entry point: `gunicorn wsgi:app` (and FLASK_APP=wsgi for the flask CLI)."""

from app import ConfigurationError, create_app

try:
    app = create_app()
except ConfigurationError as error:
    # One clear line instead of a traceback, for gunicorn, systemd and the flask CLI alike.
    raise SystemExit(f"Teilhabe: {error}") from None
