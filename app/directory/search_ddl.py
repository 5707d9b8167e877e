"""Dialect-specific objects of the directory search index: SQLite FTS5 and triggers, PostgreSQL tsvector.

Deployments get them from migration 0002 (which keeps its own copy, as migrations must not
change with the app); tests that build the schema with ``create_all`` call create_search_objects.
Why these objects exist: see app/directory/search.py.
"""

from __future__ import annotations

import sqlalchemy as sa

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS directory_fts USING fts5(search_text, tags, "
    "content='directory_fts_text', content_rowid='membership_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER IF NOT EXISTS trg_search_text_insert AFTER INSERT ON directory_fts_text BEGIN "
    "INSERT INTO directory_fts(rowid, search_text, tags) VALUES (new.membership_id, new.search_text, new.tags); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS trg_search_text_delete AFTER DELETE ON directory_fts_text BEGIN "
    "INSERT INTO directory_fts(directory_fts, rowid, search_text, tags) "
    "VALUES ('delete', old.membership_id, old.search_text, old.tags); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS trg_search_text_update AFTER UPDATE ON directory_fts_text BEGIN "
    "INSERT INTO directory_fts(directory_fts, rowid, search_text, tags) "
    "VALUES ('delete', old.membership_id, old.search_text, old.tags); "
    "INSERT INTO directory_fts(rowid, search_text, tags) VALUES (new.membership_id, new.search_text, new.tags); "
    "END",
    # SQLite does not enforce foreign keys unless asked to: cascade and remove entries with triggers.
    "CREATE TRIGGER IF NOT EXISTS trg_search_entries_delete AFTER DELETE ON directory_fts_entries BEGIN "
    "DELETE FROM directory_fts_text WHERE membership_id = old.membership_id; "
    "DELETE FROM directory_fts_themen WHERE membership_id = old.membership_id; "
    "END",
    "CREATE TRIGGER IF NOT EXISTS trg_search_membership_hidden "
    "AFTER UPDATE OF listed_in_directory, ended_at ON memberships "
    "WHEN NOT new.listed_in_directory OR new.ended_at IS NOT NULL BEGIN "
    "DELETE FROM directory_fts_entries WHERE membership_id = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS trg_search_membership_deleted AFTER DELETE ON memberships BEGIN "
    "DELETE FROM directory_fts_entries WHERE membership_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS trg_search_account_hidden "
    "AFTER UPDATE OF disabled, description, description_visibility ON accounts "
    "WHEN new.disabled OR new.description IS NOT old.description "
    "OR new.description_visibility IS NOT old.description_visibility BEGIN "
    "DELETE FROM directory_fts_entries WHERE account_id = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS trg_search_account_deleted AFTER DELETE ON accounts BEGIN "
    "DELETE FROM directory_fts_entries WHERE account_id = old.id; END",
]

POSTGRESQL_DDL = [
    "ALTER TABLE directory_fts_text ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "ALTER TABLE directory_fts_text ADD COLUMN IF NOT EXISTS tag_array text[] "
    "GENERATED ALWAYS AS (string_to_array(tags, ' ')) STORED",
    "CREATE INDEX IF NOT EXISTS ix_search_text_fts ON directory_fts_text USING gin (tag_array, search_vector)",
    "CREATE OR REPLACE FUNCTION trg_search_hide_membership() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM directory_fts_entries WHERE membership_id = NEW.id; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION trg_search_hide_account() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM directory_fts_entries WHERE account_id = NEW.id; RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS trg_search_membership_hidden ON memberships",
    "CREATE TRIGGER trg_search_membership_hidden AFTER UPDATE OF listed_in_directory, ended_at ON memberships "
    "FOR EACH ROW WHEN (NOT NEW.listed_in_directory OR NEW.ended_at IS NOT NULL) "
    "EXECUTE FUNCTION trg_search_hide_membership()",
    "DROP TRIGGER IF EXISTS trg_search_account_hidden ON accounts",
    "CREATE TRIGGER trg_search_account_hidden AFTER UPDATE OF disabled, description, description_visibility "
    "ON accounts FOR EACH ROW WHEN (NEW.disabled OR NEW.description IS DISTINCT FROM OLD.description "
    "OR NEW.description_visibility IS DISTINCT FROM OLD.description_visibility) "
    "EXECUTE FUNCTION trg_search_hide_account()",
]


def create_search_objects(engine: sa.Engine) -> None:
    """Create what the migrations create by hand (used by tests that build the schema with create_all)."""
    statements = SQLITE_DDL if engine.dialect.name == "sqlite" else POSTGRESQL_DDL
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # A stale FTS table may survive drop_all (it is not in the metadata).
            connection.exec_driver_sql("DROP TABLE IF EXISTS directory_fts")
        for statement in statements:
            connection.exec_driver_sql(statement)


def clear_search_objects(engine: sa.Engine) -> None:
    """Empty hand-maintained search tables between tests (the entries table is emptied with the others)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO directory_fts(directory_fts) VALUES ('rebuild')")
