"""The public atlas's search index: one narrow row per *published* entry, with full-text search.

Like the directory (app/directory/search.py): filters are stored as tags next to the folded
words, so text and any filter combination are one full-text index lookup (SQLite FTS5 table
``atlas_fts``; PostgreSQL generated ``tsvector``/``text[]`` columns with one GIN index). Browsing
without text and with at most the Bundesland filter walks a B-tree already in sort order.
The sort key puts the newest procedures first, then titles in German order.
Rows are written here when an entry or one of its updates is published (decisions.py) and
disappear with the entry (foreign key, ON DELETE CASCADE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.directory.search_index import sort_key, tokens
from app.extensions import db
from app.models import AtlasEntry, AtlasState, today_in_germany
from app.models.atlas import atlas_index

_ALNUM = re.compile(r"[^a-z0-9]")


def tag(prefix: str, value: object) -> str:
    """A filter tag as one index token: ("t", "social_welfare") → "tsocialwelfare"."""
    return prefix + _ALNUM.sub("", str(value).lower())


def entry_years(entry: AtlasEntry, today: date | None = None) -> list[int]:
    """The years a procedure ran in (capped at 30, so a wrong start year cannot flood the tags)."""
    if not entry.start_year:
        return []
    last = (today or today_in_germany()).year if entry.ongoing else (entry.end_year or entry.start_year)
    return list(range(entry.start_year, max(entry.start_year, last) + 1))[:30]


def index_row(entry: AtlasEntry) -> dict:
    tags = [tag("n", entry.network_id), tag("b", entry.bundesland or "xx")]
    if entry.level:
        tags.append(tag("l", entry.level.value))
    if entry.topic:
        tags.append(tag("t", entry.topic.value))
    if entry.initiator:
        tags.append(tag("i", entry.initiator.value))
    tags += [tag("m", method.id) for method in entry.methods]
    tags += [tag("y", year) for year in entry_years(entry)]
    text = " ".join(
        [entry.title, entry.summary, entry.organiser, entry.body, entry.result, entry.impact]
        + [method.name for method in entry.methods]
    )
    newest_first = f"{9999 - (entry.start_year or 0):04d}{12 - (entry.start_month or 0):02d}"
    return {
        "entry_id": entry.id,
        "network_id": entry.network_id,
        "bundesland": entry.bundesland or "",
        "sort_key": (newest_first + "\x01" + sort_key(entry.title))[:300],
        "search_text": " ".join(dict.fromkeys(tokens(text))),
        "tags": " ".join(tags),
    }


def remove(entry_id: int) -> None:
    db.session.execute(sa.delete(atlas_index).where(atlas_index.c.entry_id == entry_id))


def reindex(entry: AtlasEntry) -> None:
    """Replace the entry's index row (only published entries have one)."""
    db.session.flush()
    remove(entry.id)
    if entry.state is AtlasState.PUBLISHED:
        db.session.execute(sa.insert(atlas_index), [index_row(entry)])


def rebuild() -> int:
    """Rebuild the whole index from the entries (after bulk imports); returns the number of rows."""
    db.session.execute(sa.delete(atlas_index))
    entries = db.session.scalars(
        sa.select(AtlasEntry)
        .where(AtlasEntry.state == AtlasState.PUBLISHED)
        .options(selectinload(AtlasEntry.methods))
        .execution_options(yield_per=1000)
    )
    rows = [index_row(entry) for entry in entries]
    for start in range(0, len(rows), 1000):
        db.session.execute(sa.insert(atlas_index), rows[start : start + 1000])
    return len(rows)


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class AtlasQuery:
    """What a visitor asks for; everything is optional (network_id None = all networks)."""

    network_id: int | None = None
    words: tuple[str, ...] = ()
    bundesland: str = ""
    level: str = ""
    method_id: int | None = None
    topic: str = ""
    year: int | None = None
    initiator: str = ""

    @property
    def tags(self) -> list[str]:
        pairs = (
            ("n", self.network_id), ("b", self.bundesland), ("l", self.level), ("m", self.method_id),
            ("t", self.topic), ("y", self.year), ("i", self.initiator),
        )  # fmt: skip
        return [tag(prefix, value) for prefix, value in pairs if value]

    @property
    def needs_text_index(self) -> bool:
        return bool(self.words or self.level or self.method_id or self.topic or self.year or self.initiator)


def query_words(text: str | None, limit: int = 8) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tokens((text or "")[:200])))[:limit]


def _clamp(total: int, limit: int, offset: int) -> int:
    return max(0, min(offset, ((total - 1) // limit) * limit if total else 0))


def find_entries(query: AtlasQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    """(total, entry ids of one page), newest procedures first."""
    if query.needs_text_index:
        if db.session.get_bind().dialect.name == "sqlite":
            return _find_by_fts5(query, limit, offset)
        return _find_by_tsvector(query, limit, offset)
    t = atlas_index
    where = []
    if query.network_id:
        where.append(t.c.network_id == query.network_id)
    if query.bundesland:
        where.append(t.c.bundesland == query.bundesland)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(t).where(*where)) or 0
    if not total:
        return 0, []
    ids = db.session.scalars(
        sa.select(t.c.entry_id).where(*where).order_by(t.c.sort_key, t.c.entry_id)
        .limit(limit).offset(_clamp(total, limit, offset))
    ).all()  # fmt: skip
    return total, list(ids)


def _find_by_fts5(query: AtlasQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    expression = " AND ".join(
        [f'tags : "{value}"' for value in query.tags] + [f'search_text : "{word}" *' for word in query.words]
    )
    total = db.session.execute(
        sa.text("SELECT count(*) FROM atlas_fts WHERE atlas_fts MATCH :match"), {"match": expression}
    ).scalar()
    if not total:
        return 0, []
    ids = db.session.execute(
        sa.text(
            "SELECT e.entry_id FROM atlas_fts AS f CROSS JOIN atlas_fts_entries AS e ON e.entry_id = f.rowid "
            "WHERE atlas_fts MATCH :match ORDER BY e.sort_key, e.entry_id LIMIT :limit OFFSET :offset"
        ),
        {"match": expression, "limit": limit, "offset": _clamp(total, limit, offset)},
    ).scalars()
    return total, list(ids)


def _find_by_tsvector(query: AtlasQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    conditions: list[str] = []
    params: dict[str, object] = {}
    if query.tags:
        conditions.append("tag_array @> CAST(:tags AS text[])")
        params["tags"] = query.tags
    if query.words:
        conditions.append("search_vector @@ to_tsquery('simple'::regconfig, :tsquery)")
        params["tsquery"] = " & ".join(f"'{word}':*" for word in query.words)
    statement = sa.text(
        "SELECT entry_id, count(*) OVER () AS total FROM atlas_fts_entries "  # noqa: S608 - no user input
        f"WHERE {' AND '.join(conditions)} ORDER BY sort_key, entry_id LIMIT :limit OFFSET :offset"
    )
    rows = db.session.execute(statement, {**params, "limit": limit, "offset": offset}).all()
    if not rows and offset:
        first = db.session.execute(statement, {**params, "limit": 1, "offset": 0}).first()
        if first is None:
            return 0, []
        rows = db.session.execute(
            statement, {**params, "limit": limit, "offset": _clamp(first.total, limit, offset)}
        ).all()
    if not rows:
        return 0, []
    return rows[0].total, [row.entry_id for row in rows]


def land_counts(network_id: int | None) -> dict[str, int]:
    """Published entries per Bundesland (one GROUP BY over a covering index)."""
    t = atlas_index
    statement = sa.select(t.c.bundesland, sa.func.count()).group_by(t.c.bundesland)
    if network_id:
        statement = statement.where(t.c.network_id == network_id)
    return {land: count for land, count in db.session.execute(statement).all() if land}
