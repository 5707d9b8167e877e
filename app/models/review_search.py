"""The review queue's search index: the folded words of each application (app/review/search.py).

In ``db.metadata`` (so ``create_all`` and the test fixtures handle it) but maintained by hand in
migration 0011 together with its FTS5 table / tsvector column (names starting with
``review_fts``, ``ix_review_fts`` and ``trg_review_fts``; see app/models/schema.include_object).
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db

review_index = sa.Table(
    "review_fts_entries",
    db.metadata,
    sa.Column(
        "application_id",
        sa.ForeignKey("applications.id", ondelete="CASCADE", name="fk_review_fts_entries_application"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("search_text", sa.Text, nullable=False),
)
