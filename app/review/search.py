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
found again. Each row also carries copies of its application's network, state and created_at,
written only by triggers (migration 0015), so the queue counts and pages a search per state
from the search rows alone. The database objects: app/review/search_ddl.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.directory.search_index import network_words, tokens
from app.models import Application, ApplicationState
from app.models.review_search import review_index
from app.review import search_ddl  # noqa: F401  (registers the index DDL for create_all)

FIELDS = ("first_name", "last_name", "institution", "email")


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
    return sa.select(review_index.c.application_id).where(_tsquery_matches(prefixed))


def _tsquery_matches(prefixed: list[str]) -> sa.TextClause:
    # Quoted lexemes: a word is never read as a tsquery operator.
    tsquery = " & ".join(f"'{word}':*" for word in prefixed)
    return sa.text("search_vector @@ to_tsquery('simple'::regconfig, :review_tsquery)").bindparams(
        review_tsquery=tsquery
    )


def matching_entries(dialect: str, network_id: int, words: tuple[str, ...]) -> sa.Select:
    """The matching search rows with their copies (application_id, state, created_at), for counts.

    Counting a search's few hits per state from these needs no application rows: before, every
    state's count looked up each hit's application (six states × 750 hits for a surname).
    """
    entries = review_index.c
    query = sa.select(entries.application_id, entries.state, entries.created_at)
    if dialect == "sqlite":
        return query.where(entries.application_id.in_(matching_ids(dialect, network_id, words)))
    return query.where(_tsquery_matches(network_words(network_id, words)))


def first_hits(
    dialect: str,
    network_id: int,
    words: tuple[str, ...],
    states: tuple[ApplicationState, ...],
    limit: int,
    created_from: datetime | None = None,
    created_before: datetime | None = None,
) -> sa.Select:
    """The ids of the first `limit` hits of these states in queue order, from the search rows' copies.

    For a page of a search with few hits: the hits are read (with their copies of state and
    created_at) and sorted, and only the page's applications are read, not every hit's.
    """
    hits = matching_entries(dialect, network_id, words).cte("review_hits")
    hits = hits.prefix_with("MATERIALIZED", dialect="postgresql")
    query = sa.select(hits.c.application_id).where(hits.c.state.in_(states))
    if created_from is not None:
        query = query.where(hits.c.created_at >= created_from)
    if created_before is not None:
        query = query.where(hits.c.created_at < created_before)
    return query.order_by(hits.c.created_at, hits.c.application_id).limit(limit)


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
    patterns = _patterns(network_id, words)
    if probe:
        text = sa.select(PADDED).where(review_index.c.application_id == id_column).scalar_subquery()
        return sa.and_(*(text.like(pattern) for pattern in patterns))
    return sa.exists().where(review_index.c.application_id == id_column, *(PADDED.like(p) for p in patterns))


# A literal space, not a bound one: PostgreSQL's statistics on this very expression
# (review_fts_padded, migration 0014) then tell the planner how many rows a word keeps.
PADDED = sa.literal_column("' '", sa.Text) + review_index.c.search_text


def _patterns(network_id: int, words: tuple[str, ...]) -> list[str]:
    return [f"% {word}%" for word in network_words(network_id, words)]


def state_matches(
    network_id: int,
    words: tuple[str, ...],
    state: ApplicationState,
    hits: sa.CTE | None = None,
    created_from: datetime | None = None,
    created_before: datetime | None = None,
) -> sa.Select:
    """The ids of one state's applications matching the words, from the search rows' copies alone.

    With `hits` (few hits, read once by matching_entries) from those rows; without (common
    words) one range of ix_review_fts_queue whose entries carry the text, so a capped count
    reads about cap × (applications ÷ hits) index entries and no table rows. Before, a count
    checked every application of the state against the search index, or looked up every hit's
    application: two tables per row (80–145 ms for all states' counts of a common word at 100,000).
    """
    created: sa.ColumnElement
    if hits is None:
        entries = review_index.c
        query = sa.select(entries.application_id).where(
            entries.network_id == network_id,
            entries.state == state,
            *(PADDED.like(p) for p in _patterns(network_id, words)),
        )
        created = entries.created_at
    else:
        query, created = sa.select(hits.c.application_id).where(hits.c.state == state), hits.c.created_at
    if created_from is not None:
        query = query.where(created >= created_from)
    if created_before is not None:
        query = query.where(created < created_before)
    return query
