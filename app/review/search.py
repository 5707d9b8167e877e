"""The review queue's text search: an index of the folded words of every application.

The queue searches first name, last name, institution and e-mail address. ``ILIKE '%word%'``
over four columns reads every application of the network (20 ms at 100,000 applications on
SQLite, growing with the data); so, like the directory (app/directory/search.py), each
application has one row in ``review_fts_entries`` with its folded words, prefixed with the
network (``n7xmuller``: a search reads only its own network's postings). SQLite indexes it with
an FTS5 table ``review_fts`` (external content, kept in sync by triggers), PostgreSQL with a
generated ``tsvector`` column and a GIN index. A search word matches the beginning of a word
("web" finds "Weber", "aylin@example" finds "aylin@example.org"), case- and accent-insensitive.

Rows are written from Python (an ``after_flush`` hook on every ORM session, installed by
create_app) and removed by the database: the foreign key cascades, and the
``trg_review_fts_changed`` trigger drops a row as soon as a name, institution or e-mail address
changes, even by a raw SQL update (erasure anonymises that way), so an erased name is never
found again. Migration 0011 keeps its own copy of the statements below.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.directory.search_index import network_words, tokens
from app.models import Application, ApplicationState
from app.models.review_search import review_index

FIELDS = ("first_name", "last_name", "institution", "email")

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


# --------------------------------------------------------------------------- rows


def search_text(network_id: int, first_name: str, last_name: str, institution: str, email: str) -> str:
    return " ".join(network_words(network_id, tokens(" ".join((first_name, last_name, institution, email)))))


_a = Application.__table__


def reindex(connection: sa.Connection, application_ids: Iterable[int]) -> int:
    """Write the index rows of these applications afresh (used by the hook, rebuilds and benchmarks)."""
    ids = sorted(set(application_ids))
    written = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        connection.execute(sa.delete(review_index).where(review_index.c.application_id.in_(chunk)))
        rows = connection.execute(
            sa.select(_a.c.id, _a.c.network_id, _a.c.first_name, _a.c.last_name, _a.c.institution, _a.c.email).where(
                _a.c.id.in_(chunk)
            )
        ).all()
        if rows:
            connection.execute(
                sa.insert(review_index),
                [
                    {
                        "application_id": row.id,
                        "search_text": search_text(
                            row.network_id, row.first_name or "", row.last_name or "", row.institution or "",
                            row.email or "",
                        ),
                    }
                    for row in rows
                ],
            )  # fmt: skip
        written += len(rows)
    return written


def rebuild(connection: sa.Connection) -> int:
    """Index every application (after a bulk import that bypassed the ORM)."""
    return reindex(connection, connection.scalars(sa.select(_a.c.id)).all())


def install_session_hooks() -> None:
    """Keep the index current on every flush (called once by create_app; idempotent)."""
    if not sa.event.contains(Session, "after_flush", _reindex_after_flush):
        sa.event.listen(Session, "after_flush", _reindex_after_flush)


def _reindex_after_flush(session: Session, flush_context) -> None:
    ids = {obj.id for obj in session.new if isinstance(obj, Application)}
    for obj in session.dirty:
        if isinstance(obj, Application):
            state = sa.inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in (*FIELDS, "network_id")):
                ids.add(obj.id)
    if ids:
        reindex(session.connection(), ids)


# --------------------------------------------------------------------------- queries


def query_words(text: str | None, limit: int = 6) -> tuple[str, ...]:
    """The search words of a user query, folded like the index (at most `limit`)."""
    return tuple(dict.fromkeys(tokens((text or "")[:100])))[:limit]


def matching_ids(dialect: str, network_id: int, words: tuple[str, ...]) -> sa.TextualSelect | sa.Select:
    """A subquery of the ids of the network's applications whose words start with every search word."""
    prefixed = network_words(network_id, words)
    if dialect == "sqlite":
        expression = " AND ".join(f'"{word}" *' for word in prefixed)
        return (
            sa.text("SELECT rowid FROM review_fts WHERE review_fts MATCH :review_match")
            .bindparams(review_match=expression)
            .columns(sa.column("rowid", sa.Integer))
        )
    # Quoted lexemes: a word is never read as a tsquery operator.
    tsquery = " & ".join(f"'{word}':*" for word in prefixed)
    return sa.select(review_index.c.application_id).where(
        sa.text("search_vector @@ to_tsquery('simple'::regconfig, :review_tsquery)").bindparams(review_tsquery=tsquery)
    )


def hits_first(dialect: str, network_id: int, words: tuple[str, ...]) -> sa.CTE:
    """The search's hits as a CTE that is read first (for words with few hits).

    MATERIALIZED on PostgreSQL: left to itself, it walked the queue in its order and checked
    every application's words until it had a page (7,000 probes with parallel workers: 60–90 ms
    for a surname with 750 hits at 100,000, against 7 ms for reading the hits and sorting them).
    """
    cte = matching_ids(dialect, network_id, words).cte("review_hits")
    return cte.prefix_with("MATERIALIZED", dialect="postgresql")


def row_matches(network_id: int, words: tuple[str, ...], id_column, *, probe: bool = False) -> sa.ColumnElement[bool]:
    """Does the application `id_column` match every search word? A probe by primary key, for common words.

    The indexed text is the folded words separated by spaces ("n7xjorg n7xweber"), so a word
    prefix is " n7xweb" in " " + text; folded words hold letters and digits only (no LIKE
    wildcards). Costs a microsecond per row where the full-text engines cost milliseconds.

    As EXISTS (for pages) PostgreSQL plans it as a join, judged by the statistics of
    migration 0014: an index walk in queue order that stops after the page. With `probe` (for
    counts) it is a scalar subquery, which stays a look-up per row of the state's index range
    on both databases: as a join, PostgreSQL read the whole search index for each smaller
    state's count instead (30 ms a state at 100,000 against 8–12 ms).
    """
    # A literal space, not a bound one: PostgreSQL's statistics on this very expression
    # (review_fts_padded, migration 0014) then tell the planner how many rows a word keeps.
    padded = sa.literal_column("' '", sa.Text) + review_index.c.search_text
    patterns = [f"% {word}%" for word in network_words(network_id, words)]
    if probe:
        text = sa.select(padded).where(review_index.c.application_id == id_column).scalar_subquery()
        return sa.and_(*(text.like(pattern) for pattern in patterns))
    return sa.exists().where(
        review_index.c.application_id == id_column, *(padded.like(pattern) for pattern in patterns)
    )


def common_word_range(
    network_id: int,
    words: tuple[str, ...],
    state: ApplicationState,
    created_from: datetime | None = None,
    created_before: datetime | None = None,
) -> sa.Select:
    """The ids of one state's applications that match common words, from ix_review_fts_queue alone.

    One index range (network, state, dates) whose entries carry the text: a capped count reads
    about cap × (applications ÷ hits) index entries and no table rows, where a probe per
    application of the state read two tables for each (100–170 ms for all states at 100,000).
    """
    entries = review_index.c
    padded = sa.literal_column("' '", sa.Text) + entries.search_text
    query = sa.select(entries.application_id).where(
        entries.network_id == network_id,
        entries.state == state,
        *(padded.like(f"% {word}%") for word in network_words(network_id, words)),
    )
    if created_from is not None:
        query = query.where(entries.created_at >= created_from)
    if created_before is not None:
        query = query.where(entries.created_at < created_before)
    return query
