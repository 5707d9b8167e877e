"""Dialect-specific objects of the atlas search index: SQLite FTS5 + triggers, PostgreSQL tsvector + GIN.

Migration 0005 keeps its own copy (migrations must not change with the app). For schemas built
with ``create_all`` (tests, benchmarks) the same statements run from an ``after_create`` hook.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.models.atlas import atlas_index

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE atlas_fts USING fts5(search_text, tags, "
    "content='atlas_fts_entries', content_rowid='entry_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER trg_atlas_fts_insert AFTER INSERT ON atlas_fts_entries BEGIN "
    "INSERT INTO atlas_fts(rowid, search_text, tags) VALUES (new.entry_id, new.search_text, new.tags); END",
    "CREATE TRIGGER trg_atlas_fts_delete AFTER DELETE ON atlas_fts_entries BEGIN "
    "INSERT INTO atlas_fts(atlas_fts, rowid, search_text, tags) "
    "VALUES ('delete', old.entry_id, old.search_text, old.tags); END",
    "CREATE TRIGGER trg_atlas_fts_update AFTER UPDATE ON atlas_fts_entries BEGIN "
    "INSERT INTO atlas_fts(atlas_fts, rowid, search_text, tags) "
    "VALUES ('delete', old.entry_id, old.search_text, old.tags); "
    "INSERT INTO atlas_fts(rowid, search_text, tags) VALUES (new.entry_id, new.search_text, new.tags); END",
]

POSTGRESQL_DDL = [
    "ALTER TABLE atlas_fts_entries ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "ALTER TABLE atlas_fts_entries ADD COLUMN tag_array text[] GENERATED ALWAYS AS (string_to_array(tags, ' ')) STORED",
    "CREATE INDEX ix_atlas_fts_text ON atlas_fts_entries USING gin (tag_array, search_vector)",
]


@sa.event.listens_for(atlas_index, "after_create")
def _create_search_objects(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        # A stale FTS table may survive drop_all (it is not in the metadata).
        connection.exec_driver_sql("DROP TABLE IF EXISTS atlas_fts")
        statements = SQLITE_DDL
    else:
        statements = POSTGRESQL_DDL
    for statement in statements:
        connection.exec_driver_sql(statement)


@sa.event.listens_for(atlas_index, "after_drop")
def _drop_search_objects(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TABLE IF EXISTS atlas_fts")
