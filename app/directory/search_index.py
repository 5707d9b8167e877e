"""Keeping the directory search index current: text folding, index rows, rebuilds and the ORM hook.

Rows are *added* and refreshed here, from Python: an ``after_flush`` hook on every ORM session,
so services need not remember. Rows are *removed* by the database itself (see search_ddl.py).
What the index is for and how it is queried: app/directory/search.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core.regions import bundesland_for_postcode
from app.extensions import db
from app.models import Account, ApplicantKind, Membership, Organisation, Visibility
from app.models.membership import membership_themenkreise
from app.models.search import directory_entries, directory_text, directory_themen

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


def install_session_hooks() -> None:
    """Keep the index current on every flush (called once by create_app; idempotent)."""
    if not sa.event.contains(Session, "after_flush", _reindex_after_flush):
        sa.event.listen(Session, "after_flush", _reindex_after_flush)


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
        membership_ids.update(connection.scalars(sa.select(_m.c.id).where(_m.c.organisation_id.in_(organisation_ids))))
    deleted = {obj.id for obj in session.deleted if isinstance(obj, Membership)}
    reindex_memberships(connection, membership_ids - deleted)
