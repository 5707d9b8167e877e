"""Full-text search objects for the directory (FTS5 on SQLite, tsvector/trigram on PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa


def create_search_objects(engine: sa.Engine) -> None:
    """Create what the migrations create by hand (used by tests that build the schema with create_all)."""


def clear_search_objects(engine: sa.Engine) -> None:
    """Empty hand-maintained search tables between tests."""
