"""The review queue's search index: the folded words of each application (app/review/search.py).

In ``db.metadata`` (so ``create_all`` and the test fixtures handle it) but maintained by hand in
migrations 0011 and 0015 together with its FTS5 table / tsvector column (names starting with
``review_fts``, ``ix_review_fts`` and ``trg_review_fts``; see app/models/schema.include_object).
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models.application import ApplicationState
from app.models.base import UTCDateTime, str_enum

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
    # Copies of the application's network, state and created_at, written only by triggers
    # (migration 0015): the queue counts a common word's hits per state from one index range,
    # ix_review_fts_queue (network_id, state, created_at, application_id) with the text.
    sa.Column("network_id", sa.Integer, nullable=True),
    sa.Column("state", str_enum(ApplicationState), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=True),
)
