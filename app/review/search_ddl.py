"""Dialect-specific objects of the review queue's search index (see app/review/search.py).

SQLite: the FTS5 table ``review_fts`` with its triggers; PostgreSQL: the generated tsvector column
with its GIN index and the statistics of migration 0014. Both: the triggers that drop a row when a
searched field changes, and those that keep the row's copies of its application's network, state
and created_at with the index ``ix_review_fts_queue`` (migration 0015). Deployments get them from
migrations 0011, 0014 and 0015 (which keep their own copies, as migrations must not change with the
app); schemas built with ``create_all`` (tests, benchmarks) get them from the hooks below.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.models.review_search import review_index

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE review_fts USING fts5(search_text, "
    "content='review_fts_entries', content_rowid='application_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER trg_review_fts_insert AFTER INSERT ON review_fts_entries BEGIN "
    "INSERT INTO review_fts(rowid, search_text) VALUES (new.application_id, new.search_text); END",
    "CREATE TRIGGER trg_review_fts_delete AFTER DELETE ON review_fts_entries BEGIN "
    "INSERT INTO review_fts(review_fts, rowid, search_text) "
    "VALUES ('delete', old.application_id, old.search_text); END",
    "CREATE TRIGGER trg_review_fts_update AFTER UPDATE OF search_text ON review_fts_entries BEGIN "
    "INSERT INTO review_fts(review_fts, rowid, search_text) "
    "VALUES ('delete', old.application_id, old.search_text); "
    "INSERT INTO review_fts(rowid, search_text) VALUES (new.application_id, new.search_text); END",
    "CREATE TRIGGER trg_review_fts_changed AFTER UPDATE OF first_name, last_name, institution, email, network_id "
    "ON applications BEGIN DELETE FROM review_fts_entries WHERE application_id = new.id; END",
    # The queue's copies (migration 0015): filled just after the insert, following every change.
    "CREATE TRIGGER trg_review_fts_copy AFTER INSERT ON review_fts_entries BEGIN "
    "UPDATE review_fts_entries SET (network_id, state, created_at) = "
    "(SELECT network_id, state, created_at FROM applications WHERE applications.id = new.application_id) "
    "WHERE application_id = new.application_id; END",
    "CREATE TRIGGER trg_review_fts_follow AFTER UPDATE OF state, created_at ON applications "
    "WHEN old.state IS NOT new.state OR old.created_at IS NOT new.created_at BEGIN "
    "UPDATE review_fts_entries SET state = new.state, created_at = new.created_at "
    "WHERE application_id = new.id; END",
    "CREATE INDEX ix_review_fts_queue ON review_fts_entries "
    "(network_id, state, created_at, application_id, search_text)",
]

POSTGRESQL_DDL = [
    "ALTER TABLE review_fts_entries ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX ix_review_fts_text ON review_fts_entries USING gin (search_vector)",
    "CREATE OR REPLACE FUNCTION trg_review_fts_forget() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM review_fts_entries WHERE application_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER trg_review_fts_changed AFTER UPDATE OF first_name, last_name, institution, email, network_id "
    "ON applications FOR EACH ROW EXECUTE FUNCTION trg_review_fts_forget()",
    # How many rows a word keeps in row_matches()'s expression (migration 0014; PostgreSQL 14+).
    "CREATE STATISTICS IF NOT EXISTS review_fts_padded ON ((' ' || search_text)) FROM review_fts_entries",
    # The queue's copies (migration 0015). The insert locks its application row (FOR SHARE), so a
    # state change committed at the same time waits for the new row and then updates it too.
    "CREATE OR REPLACE FUNCTION trg_review_fts_copy() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN SELECT network_id, state, created_at INTO NEW.network_id, NEW.state, NEW.created_at "
    "FROM applications WHERE id = NEW.application_id FOR SHARE; RETURN NEW; END $$",
    "CREATE TRIGGER trg_review_fts_copy BEFORE INSERT ON review_fts_entries "
    "FOR EACH ROW EXECUTE FUNCTION trg_review_fts_copy()",
    "CREATE OR REPLACE FUNCTION trg_review_fts_follow() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE review_fts_entries SET state = NEW.state, created_at = NEW.created_at "
    "WHERE application_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER trg_review_fts_follow AFTER UPDATE OF state, created_at ON applications FOR EACH ROW "
    "WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.created_at IS DISTINCT FROM NEW.created_at) "
    "EXECUTE FUNCTION trg_review_fts_follow()",
    "CREATE INDEX ix_review_fts_queue ON review_fts_entries (network_id, state, created_at, application_id) "
    "INCLUDE (search_text)",
]


@sa.event.listens_for(review_index, "after_create")
def _create_search_objects(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        # A stale FTS table or trigger may survive drop_all (they are not in the metadata).
        connection.exec_driver_sql("DROP TABLE IF EXISTS review_fts")
        for name in ("trg_review_fts_changed", "trg_review_fts_follow"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        statements = SQLITE_DDL
    else:
        for name in ("trg_review_fts_changed", "trg_review_fts_follow"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON applications")
        statements = POSTGRESQL_DDL
    for statement in statements:
        connection.exec_driver_sql(statement)


@sa.event.listens_for(review_index, "after_drop")
def _drop_search_objects(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TABLE IF EXISTS review_fts")
