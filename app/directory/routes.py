"""Routes of this blueprint."""

from app.directory import bp  # noqa: F401
