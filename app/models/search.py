"""The directory's search index tables: a denormalised copy of the listed members (app/directory/search.py).

They belong to ``db.metadata`` (so ``create_all`` and the test fixtures handle them) but are
maintained by hand in migration 0002 (names starting with ``directory_fts`` and ``ix_search_``;
see app/models/schema.include_object). Rows are written by app/directory/search_index.py and
removed by the database itself (foreign keys and the triggers in app/directory/search_ddl.py).
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db

# Bytewise order on both databases: the key is already folded for German collation.
SortKey = sa.String(300).with_variant(sa.String(300, collation="C"), "postgresql")

directory_entries = sa.Table(
    "directory_fts_entries",
    db.metadata,
    sa.Column(
        "membership_id",
        sa.ForeignKey("memberships.id", ondelete="CASCADE", name="fk_directory_fts_entries_membership"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column(
        "network_id",
        sa.ForeignKey("networks.id", ondelete="CASCADE", name="fk_directory_fts_entries_network"),
        nullable=False,
    ),
    sa.Column(
        "account_id",
        sa.ForeignKey("accounts.id", ondelete="CASCADE", name="fk_directory_fts_entries_account"),
        nullable=False,
    ),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("bundesland", sa.String(2), nullable=False, default=""),
    sa.Column("laendergruppe_id", sa.Integer, nullable=True),
    sa.Column("sort_key", SortKey, nullable=False),
    sa.Index("ix_search_entries_network_sort", "network_id", "sort_key", "membership_id"),
    sa.Index("ix_search_entries_land_sort", "network_id", "bundesland", "sort_key", "membership_id"),
    sa.Index("ix_search_entries_kind_sort", "network_id", "kind", "sort_key", "membership_id"),
    sa.Index("ix_search_entries_group_sort", "network_id", "laendergruppe_id", "sort_key", "membership_id"),
    sa.Index("ix_search_entries_account", "account_id"),
)

# The searchable text, one row per entry. Kept apart from the (narrow) entries so that sorting
# thousands of hits by name reads few pages; PostgreSQL searches this table alone (hence sort_key).
directory_text = sa.Table(
    "directory_fts_text",
    db.metadata,
    sa.Column(
        "membership_id",
        sa.ForeignKey("directory_fts_entries.membership_id", ondelete="CASCADE", name="fk_directory_fts_text_entry"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("sort_key", SortKey, nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
)

directory_themen = sa.Table(
    "directory_fts_themen",
    db.metadata,
    sa.Column(
        "membership_id",
        sa.ForeignKey("directory_fts_entries.membership_id", ondelete="CASCADE", name="fk_directory_fts_themen_entry"),
        primary_key=True,
    ),
    sa.Column(
        "themenkreis_id",
        sa.ForeignKey("themenkreise.id", ondelete="CASCADE", name="fk_directory_fts_themen_themenkreis"),
        primary_key=True,
    ),
    sa.Column("network_id", sa.Integer, nullable=False),
    sa.Column("sort_key", SortKey, nullable=False),
    sa.Index("ix_search_themen_sort", "themenkreis_id", "network_id", "sort_key", "membership_id"),
)
