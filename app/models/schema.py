"""Alembic hooks shared by migrations/env.py and the migration tests."""

from __future__ import annotations

from app.models.base import UTCDateTime

# Objects maintained by hand in revisions (full-text search tables and triggers)
# that autogenerate must neither create nor drop.
HAND_MAINTAINED_PREFIXES = (
    "directory_fts", "ix_search_", "trg_search_", "atlas_fts", "ix_atlas_fts", "trg_atlas_fts",
    "review_fts", "ix_review_fts", "trg_review_fts",
)  # fmt: skip


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (name and name.startswith(HAND_MAINTAINED_PREFIXES))


def render_item(type_, obj, autogen_context):
    """Render our UTCDateTime as a plain timezone-aware DateTime in revisions."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
