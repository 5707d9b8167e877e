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

The tables belong to ``db.metadata`` (so ``create_all`` and the test fixtures handle them)
but are maintained by hand in migration 0002 (names starting with ``directory_fts`` and
``ix_search_``; see app/models/schema.include_object).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Account, ApplicantKind, Membership, Organisation, Visibility
from app.models.membership import membership_themenkreise
from app.services.regions import bundesland_for_postcode

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
        sa.ForeignKey(
            "directory_fts_entries.membership_id", ondelete="CASCADE", name="fk_directory_fts_themen_entry"
        ),
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

# Dialect-specific objects, created after the tables (tests: create_search_objects; deployments: 0002).
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


# --------------------------------------------------------------------------- text normalisation

_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str | None) -> str:
    """Lower case without diacritics, ß → ss: "Ärger" → "arger" (DIN 5007-1 dictionary order)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str | None) -> list[str]:
    """Folded words: the unit both search engines index and match (letters and digits only)."""
    return [token for token in _NON_WORD.split(fold(text)) if token]


def sort_key(*parts: str | None) -> str:
    """A collation-independent German sort key: "Ärger, Kim" sorts between "Adler" and "Bauer"."""
    return "\x01".join(" ".join(tokens(part)) for part in parts)[:300]


# --------------------------------------------------------------------------- maintenance

ACCOUNT_FIELDS = (
    "first_name", "last_name", "institution", "function", "city", "postcode", "country", "bundesland",
    "description", "description_visibility", "disabled",
)  # fmt: skip
ORGANISATION_FIELDS = ("name", "city", "postcode", "country", "bundesland")

_m = Membership.__table__
_a = Account.__table__
_o = Organisation.__table__


def _rows_query() -> sa.Select:
    return sa.select(
        _m.c.id, _m.c.network_id, _m.c.account_id, _m.c.kind, _m.c.laendergruppe_id,
        _m.c.listed_in_directory, _m.c.ended_at,
        _a.c.first_name, _a.c.last_name, _a.c.institution, _a.c.function, _a.c.city, _a.c.postcode,
        _a.c.country, _a.c.bundesland, _a.c.description, _a.c.description_visibility, _a.c.disabled,
        _o.c.name.label("org_name"), _o.c.city.label("org_city"), _o.c.postcode.label("org_postcode"),
        _o.c.country.label("org_country"), _o.c.bundesland.label("org_bundesland"),
    ).select_from(_m.join(_a, _a.c.id == _m.c.account_id).outerjoin(_o, _o.c.id == _m.c.organisation_id))  # fmt: skip


def member_land(organisation: tuple | None, person: tuple) -> str:
    """The Bundesland of a member: the organisation's address if it has one, else the person's."""
    for address in (organisation, person):
        if address is None:
            continue
        postcode, country, stored = address
        if postcode or stored:
            return bundesland_for_postcode(postcode, country) or stored or ""
    return ""


def _is_listed(row) -> bool:
    return bool(row.listed_in_directory) and row.ended_at is None and not row.disabled


def network_words(network_id: int, words: Iterable[str]) -> list[str]:
    """Words are indexed per network ("n7xmuller"), so a search only reads its own network's postings."""
    return [f"n{network_id}x{word}" for word in words]


def entry_tags_for(network_id: int, kind: str, land: str, group_id: int | None, themenkreis_ids: Iterable[int]):
    """Filter tags; kind and Land are per network, Ländergruppen and Themenkreise have global ids."""
    tags = [f"n{network_id}k{kind}"]
    if land:
        tags.append(f"n{network_id}b{land.lower()}")
    if group_id:
        tags.append(f"g{group_id}")
    tags.extend(f"t{tk}" for tk in themenkreis_ids)
    return tags


def _entry(row, themenkreis_ids: list[int]) -> tuple[dict, dict, list[dict]]:
    kind = row.kind if isinstance(row.kind, ApplicantKind) else ApplicantKind(row.kind)
    land = member_land(
        (row.org_postcode, row.org_country, row.org_bundesland) if row.org_name is not None else None,
        (row.postcode, row.country, row.bundesland),
    )
    if kind is not ApplicantKind.PERSON and row.org_name:
        key = sort_key(row.org_name, row.last_name, row.first_name)
    else:
        key = sort_key(row.last_name, row.first_name)
    description_visible = row.description_visibility in (Visibility.MEMBERS, Visibility.MEMBERS.value)
    words = tokens(
        " ".join(
            (
                row.first_name, row.last_name, row.org_name or "", row.institution, row.function,
                row.org_city or "", row.city, row.description if description_visible else "",
            )
        )
    )  # fmt: skip
    entry_tags = entry_tags_for(row.network_id, kind.value, land, row.laendergruppe_id, themenkreis_ids)
    entry = {
        "membership_id": row.id,
        "network_id": row.network_id,
        "account_id": row.account_id,
        "kind": kind.value,
        "bundesland": land,
        "laendergruppe_id": row.laendergruppe_id,
        "sort_key": key,
    }
    text = {
        "membership_id": row.id,
        "sort_key": key,
        "search_text": " ".join(network_words(row.network_id, words)),
        "tags": " ".join(entry_tags),
    }
    themen = [
        {"membership_id": row.id, "themenkreis_id": tk, "network_id": row.network_id, "sort_key": key}
        for tk in themenkreis_ids
    ]
    return entry, text, themen


def _write_entries(connection: sa.Connection, rows: list) -> int:
    listed = [row for row in rows if _is_listed(row)]
    if not listed:
        return 0
    by_membership: dict[int, list[int]] = defaultdict(list)
    ids = [row.id for row in listed]
    for membership_id, themenkreis_id in connection.execute(
        sa.select(membership_themenkreise.c.membership_id, membership_themenkreise.c.themenkreis_id)
        .where(membership_themenkreise.c.membership_id.in_(ids))
        .order_by(membership_themenkreise.c.themenkreis_id)
    ):
        by_membership[membership_id].append(themenkreis_id)
    entries, texts, themen = [], [], []
    for row in listed:
        entry, text, entry_themen = _entry(row, by_membership[row.id])
        entries.append(entry)
        texts.append(text)
        themen.extend(entry_themen)
    connection.execute(sa.insert(directory_entries), entries)
    connection.execute(sa.insert(directory_text), texts)
    if themen:
        connection.execute(sa.insert(directory_themen), themen)
    return len(entries)


def _chunks(values: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def reindex_memberships(connection: sa.Connection, membership_ids: Iterable[int]) -> None:
    """Recompute the index rows of these memberships (drop unlisted ones); runs in the caller's transaction."""
    ids = sorted({mid for mid in membership_ids if mid is not None})
    for chunk in _chunks(ids):
        for table in (directory_themen, directory_text, directory_entries):
            connection.execute(sa.delete(table).where(table.c.membership_id.in_(chunk)))
        _write_entries(connection, list(connection.execute(_rows_query().where(_m.c.id.in_(chunk)))))


def reindex_account(account: Account) -> None:
    """Refresh the index rows of all memberships of an account (normally automatic, see module doc)."""
    db.session.flush()
    connection = db.session.connection()
    reindex_memberships(connection, connection.scalars(sa.select(_m.c.id).where(_m.c.account_id == account.id)))


def rebuild_index(connection: sa.Connection, batch: int = 2000) -> int:
    """Rebuild the whole index from the memberships (after bulk inserts or a migration); returns the row count."""
    for table in (directory_themen, directory_text, directory_entries):
        connection.execute(sa.delete(table))
    written, last_id = 0, 0
    while True:
        rows = list(
            connection.execute(
                _rows_query()
                .where(_m.c.id > last_id, _m.c.listed_in_directory.is_(True), _m.c.ended_at.is_(None))
                .order_by(_m.c.id)
                .limit(batch)
            )
        )
        if not rows:
            return written
        written += _write_entries(connection, rows)
        last_id = rows[-1].id


def _changed(obj, fields: Iterable[str]) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


@sa.event.listens_for(Session, "after_flush")
def _reindex_after_flush(session: Session, flush_context) -> None:
    """Keep the index in step with every ORM change to members, accounts and organisations."""
    membership_ids: set[int] = set()
    account_ids: set[int] = set()
    organisation_ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Membership):
            membership_ids.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Membership):
            if session.is_modified(obj):
                membership_ids.add(obj.id)
        elif isinstance(obj, Account):
            if _changed(obj, ACCOUNT_FIELDS):
                account_ids.add(obj.id)
        elif isinstance(obj, Organisation) and _changed(obj, ORGANISATION_FIELDS):
            organisation_ids.add(obj.id)
    if not (membership_ids or account_ids or organisation_ids):
        return
    connection = session.connection()
    if account_ids:
        membership_ids.update(connection.scalars(sa.select(_m.c.id).where(_m.c.account_id.in_(account_ids))))
    if organisation_ids:
        membership_ids.update(
            connection.scalars(sa.select(_m.c.id).where(_m.c.organisation_id.in_(organisation_ids)))
        )
    deleted = {obj.id for obj in session.deleted if isinstance(obj, Membership)}
    reindex_memberships(connection, membership_ids - deleted)


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
    # CROSS JOIN keeps the FTS table as the outer loop: hits first, then their sort keys.
    ids = db.session.execute(
        sa.text(
            "SELECT e.membership_id FROM directory_fts AS f CROSS JOIN directory_fts_entries AS e "
            "ON e.membership_id = f.rowid WHERE directory_fts MATCH :match "
            "ORDER BY e.sort_key, e.membership_id LIMIT :limit OFFSET :offset"
        ),
        {"match": expression, "limit": limit, "offset": _clamp(total, limit, offset)},
    ).scalars()
    return total, list(ids)


def _find_by_tsvector(query: MemberQuery, limit: int, offset: int) -> tuple[int, list[int]]:
    """PostgreSQL: one statement returns the page and (as a window count) the total: one index pass."""
    conditions, params = [], {}
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
