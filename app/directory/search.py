"""The directory's search index: a denormalised copy of the *listed* members, with full-text search.

Why separate tables
-------------------
The directory filters by network, Themenkreis, Ländergruppe, Bundesland and member type,
searches name, institution, function, city and description, and sorts by last name with
German collation (Ä = A, ß = ss) – for 100,000 members, in a few milliseconds, on SQLite
and PostgreSQL. Joining memberships, accounts, organisations and Themenkreise for every
request cannot use one index for all of that. So each listed, active membership has one
narrow row in ``directory_fts_entries`` (filters and a Python-computed sort key that is
collation-independent, the same on both databases), one row in ``directory_fts_text``
(the folded search words and filter tags) and one row per Themenkreis in
``directory_fts_themen``.

Full text: SQLite uses an FTS5 table ``directory_fts`` (external content, kept in sync by
triggers); PostgreSQL uses generated ``tsvector``/``text[]`` columns with one GIN index.
Words are indexed per network (``n7xmuller``: a search reads only its own network's postings),
and filters are stored as tags (``n7kperson n7bbe g3 t12``) so a search with filters is one
index intersection. Queries: see ``find_members``.

Privacy invariant: the tables only ever hold listed, active memberships of enabled accounts,
and the description only when the member shows it. Rows are *added* and refreshed from
Python (an ``after_flush`` hook on every ORM session, so services need not remember);
rows are *removed* by the database itself (foreign keys and ``trg_search_*`` triggers) as
soon as a membership is unlisted, ended or deleted, or an account is disabled, deleted or
changes its description – even by a raw SQL update. If Python maintenance is ever skipped,
a member is missing from the directory; nobody hidden ever appears.

Where the parts live
--------------------
- app/models/search.py: the index tables (in ``db.metadata``, maintained by hand in migration
  0002: names starting with ``directory_fts`` and ``ix_search_``; see app/models/schema.include_object);
- app/directory/search_ddl.py: the FTS5 table, the tsvector columns and the ``trg_search_*`` triggers;
- app/directory/search_index.py: folding, index rows, rebuilds and the ``after_flush`` hook;
- this module: the queries, and the names other modules use (re-exported below).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.directory.search_index import (
    fold,
    member_land,
    network_words,
    rebuild_index,
    reindex_account,
    reindex_memberships,
    sort_key,
    tokens,
)
from app.extensions import db
from app.models.search import directory_entries, directory_text, directory_themen

__all__ = [
    "MemberQuery",
    "directory_entries",
    "directory_text",
    "directory_themen",
    "find_members",
    "fold",
    "member_land",
    "query_words",
    "rebuild_index",
    "reindex_account",
    "reindex_memberships",
    "sort_key",
    "tokens",
]

# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class MemberQuery:
    """What the directory asks for; every field but network_id is optional."""

    network_id: int
    words: tuple[str, ...] = ()
    themenkreis_id: int | None = None
    laendergruppe_id: int | None = None
    bundesland: str = ""
    kind: str = ""

    @property
    def tags(self) -> list[str]:
        """The filter tags to intersect (every one of them implies the network)."""
        tags = []
        if self.kind:
            tags.append(f"n{self.network_id}k{self.kind}")
        if self.bundesland:
            tags.append(f"n{self.network_id}b{self.bundesland.lower()}")
        if self.laendergruppe_id:
            tags.append(f"g{self.laendergruppe_id}")
        if self.themenkreis_id:
            tags.append(f"t{self.themenkreis_id}")
        return tags

    @property
    def network_words(self) -> list[str]:
        return network_words(self.network_id, self.words)


def query_words(text: str | None, limit: int = 8) -> tuple[str, ...]:
    """The search words of a user query, folded like the index (at most `limit`)."""
    return tuple(dict.fromkeys(tokens((text or "")[:200])))[:limit]


def find_members(query: MemberQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    """(total, membership ids of one page) sorted by the German sort key.

    Plan: text or several filters → one full-text/tag index intersection, then sort the
    (few) hits; no text and at most one filter → walk a B-tree index already in sort order.
    """
    filters = sum(bool(value) for value in (query.themenkreis_id, query.laendergruppe_id, query.bundesland, query.kind))
    if query.words or filters >= 2:
        return _find_by_text(query, limit, offset)
    if query.themenkreis_id:
        t = directory_themen
        where = [t.c.themenkreis_id == query.themenkreis_id, t.c.network_id == query.network_id]
        return _count_and_page(t, where, limit, offset)
    e = directory_entries
    where = [e.c.network_id == query.network_id]
    if query.bundesland:
        where.append(e.c.bundesland == query.bundesland)
    if query.kind:
        where.append(e.c.kind == query.kind)
    if query.laendergruppe_id:
        where.append(e.c.laendergruppe_id == query.laendergruppe_id)
    return _count_and_page(e, where, limit, offset)


def _clamp(total: int, limit: int, offset: int) -> int:
    return max(0, min(offset, ((total - 1) // limit) * limit if total else 0))


def _count_and_page(table: sa.Table, where: list, limit: int, offset: int) -> tuple[int, list[int]]:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(*where)) or 0
    if not total:
        return 0, []
    ids = db.session.scalars(
        sa.select(table.c.membership_id)
        .where(*where)
        .order_by(table.c.sort_key, table.c.membership_id)
        .limit(limit)
        .offset(_clamp(total, limit, offset))
    ).all()
    return total, list(ids)


def _find_by_text(query: MemberQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    """Text and/or several filters: the hits come from one full-text index lookup, sorted afterwards."""
    if db.session.get_bind().dialect.name == "sqlite":
        return _find_by_fts5(query, limit, offset)
    return _find_by_tsvector(query, limit, offset)


# From this many hits a SQLite search walks the network's sort index instead of sorting the hits.
WALK_FROM_HITS = 500


def _find_by_fts5(query: MemberQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    """SQLite: counting in FTS5 alone is cheap; the page joins the narrow entries for the sort key."""
    expression = " AND ".join(
        [f'tags : "{tag}"' for tag in query.tags] + [f'search_text : "{word}" *' for word in query.network_words]
    )
    total = db.session.execute(
        sa.text("SELECT count(*) FROM directory_fts WHERE directory_fts MATCH :match"), {"match": expression}
    ).scalar()
    if not total:
        return 0, []
    parameters = {"match": expression, "limit": limit, "offset": _clamp(total, limit, offset)}
    if total >= WALK_FROM_HITS:
        # Many hits (a topic word, a short prefix): sorting thousands of them cost more than
        # walking the network's entries in sort order and keeping those among the hits (the hit
        # list is read once): 0.25 instead of 1.3 ms for 2,000 hits of 12,000. SQLite's planner
        # cannot know the number of hits, hence INDEXED BY.
        statement = (
            "SELECT e.membership_id FROM directory_fts_entries AS e INDEXED BY ix_search_entries_network_sort "
            "WHERE e.network_id = :network_id "
            "AND e.membership_id IN (SELECT rowid FROM directory_fts WHERE directory_fts MATCH :match) "
            "ORDER BY e.sort_key, e.membership_id LIMIT :limit OFFSET :offset"
        )
        parameters["network_id"] = query.network_id
    else:
        # CROSS JOIN keeps the FTS table as the outer loop: hits first, then their sort keys.
        statement = (
            "SELECT e.membership_id FROM directory_fts AS f CROSS JOIN directory_fts_entries AS e "
            "ON e.membership_id = f.rowid WHERE directory_fts MATCH :match "
            "ORDER BY e.sort_key, e.membership_id LIMIT :limit OFFSET :offset"
        )
    return total, list(db.session.execute(sa.text(statement), parameters).scalars())


def _find_by_tsvector(query: MemberQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    """PostgreSQL: one statement returns the page and (as a window count) the total: one index pass."""
    conditions: list[str] = []
    params: dict[str, object] = {}
    if query.tags:
        conditions.append("tag_array @> CAST(:tags AS text[])")
        params["tags"] = query.tags
    if query.words:
        conditions.append("search_vector @@ to_tsquery('simple'::regconfig, :tsquery)")
        # Quoted lexemes: a word is never read as a tsquery operator.
        params["tsquery"] = " & ".join(f"'{word}':*" for word in query.network_words)
    statement = sa.text(
        "SELECT membership_id, count(*) OVER () AS total FROM directory_fts_text "  # noqa: S608 - no user input
        f"WHERE {' AND '.join(conditions)} ORDER BY sort_key, membership_id LIMIT :limit OFFSET :offset"
    )
    rows = db.session.execute(statement, {**params, "limit": limit, "offset": offset}).all()
    if not rows and offset:
        # Past the last page: learn the total, then show the last page.
        first = db.session.execute(statement, {**params, "limit": 1, "offset": 0}).first()
        if first is None:
            return 0, []
        rows = db.session.execute(
            statement, {**params, "limit": limit, "offset": _clamp(first.total, limit, offset)}
        ).all()
    if not rows:
        return 0, []
    return rows[0].total, [row.membership_id for row in rows]
