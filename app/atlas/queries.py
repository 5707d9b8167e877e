"""Reading the atlas: public pages, the author's own entries and the coordinators' queue."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.atlas.search import AtlasQuery, find_entries, land_counts
from app.atlas.transitions import OPEN_STATES
from app.core.pagination import Page
from app.extensions import db
from app.models import AtlasEntry, AtlasHistory, AtlasSettings, AtlasState, AtlasUpdate, Network

PER_PAGE = 20
S = AtlasState


def public_network(slug: str) -> Network | None:
    """A network whose atlas is switched on."""
    return db.session.scalar(
        sa.select(Network).join(AtlasSettings, AtlasSettings.network_id == Network.id)
        .where(Network.slug == slug, AtlasSettings.enabled.is_(True))
    )  # fmt: skip


def _published_options():
    return (
        selectinload(AtlasEntry.methods),
        selectinload(AtlasEntry.network),
    )


def search_page(query: AtlasQuery, number: int) -> Page:
    """One page of published entries: index lookup, then one statement per relation (constant count)."""
    total, ids = find_entries(query, PER_PAGE, (number - 1) * PER_PAGE)
    if not ids:
        return Page(items=[], number=1, per_page=PER_PAGE, total=total)
    by_id = {
        e.id: e
        for e in db.session.scalars(sa.select(AtlasEntry).where(AtlasEntry.id.in_(ids)).options(*_published_options()))
    }
    items = [by_id[i] for i in ids if i in by_id]
    pages = max(1, -(-total // PER_PAGE))
    return Page(items=items, number=min(number, pages), per_page=PER_PAGE, total=total)


def counts_by_land(network: Network | None) -> dict[str, int]:
    return land_counts(network.id if network else None)


def published_entry(entry_id: int, network: Network | None = None) -> AtlasEntry | None:
    """A published entry of a network with the atlas switched on, with its published updates."""
    query = (
        sa.select(AtlasEntry)
        .join(AtlasSettings, AtlasSettings.network_id == AtlasEntry.network_id)
        .where(AtlasEntry.id == entry_id, AtlasEntry.state == S.PUBLISHED, AtlasSettings.enabled.is_(True))
        .options(*_published_options(), selectinload(AtlasEntry.updates))
    )
    if network is not None:
        query = query.where(AtlasEntry.network_id == network.id)
    return db.session.scalar(query)


def published_entries(network: Network | None, limit: int | None = None) -> list[AtlasEntry]:
    """All published entries (for the downloads and the feed), newest publication first."""
    query = (
        sa.select(AtlasEntry)
        .join(AtlasSettings, AtlasSettings.network_id == AtlasEntry.network_id)
        .where(AtlasEntry.state == S.PUBLISHED, AtlasSettings.enabled.is_(True))
        .options(*_published_options(), selectinload(AtlasEntry.updates))
        .order_by(AtlasEntry.published_at.desc(), AtlasEntry.id.desc())
    )
    if network is not None:
        query = query.where(AtlasEntry.network_id == network.id)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def own_entries(network: Network, author_id: int) -> list[AtlasEntry]:
    return list(
        db.session.scalars(
            sa.select(AtlasEntry).where(AtlasEntry.network_id == network.id, AtlasEntry.author_id == author_id)
            .order_by(AtlasEntry.updated_at.desc())
        )
    )  # fmt: skip


def own_entry(network: Network, author_id: int, entry_id: int) -> AtlasEntry | None:
    return db.session.scalar(
        sa.select(AtlasEntry).where(
            AtlasEntry.id == entry_id, AtlasEntry.network_id == network.id, AtlasEntry.author_id == author_id
        )
    )


def review_entry(network: Network, entry_id: int) -> AtlasEntry | None:
    """An entry coordinators may see: anything but other people's drafts."""
    return db.session.scalar(
        sa.select(AtlasEntry)
        .where(AtlasEntry.id == entry_id, AtlasEntry.network_id == network.id, AtlasEntry.state != S.DRAFT)
        .options(selectinload(AtlasEntry.methods), selectinload(AtlasEntry.updates))
    )


TABS = (
    ("offen", (S.SUBMITTED, S.IN_REVIEW, S.QUERY)),
    ("veroeffentlicht", (S.PUBLISHED,)),
    ("abgelehnt", (S.REJECTED,)),
)


def review_queue(network: Network, tab: str, number: int) -> tuple[Page, dict[str, int]]:
    """Entries to review (oldest submission first); "offen" also lists published entries with open updates."""
    states = dict(TABS).get(tab, TABS[0][1])
    condition: sa.ColumnElement[bool] = AtlasEntry.state.in_(states)
    pending_update = sa.exists().where(AtlasUpdate.entry_id == AtlasEntry.id, AtlasUpdate.state.in_(OPEN_STATES))
    if tab == "offen":
        condition = sa.or_(condition, sa.and_(AtlasEntry.state == S.PUBLISHED, pending_update))
    base = sa.select(AtlasEntry).where(AtlasEntry.network_id == network.id, condition)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    number = min(number, pages)
    items = list(
        db.session.scalars(
            base.options(selectinload(AtlasEntry.author), selectinload(AtlasEntry.updates))
            .order_by(AtlasEntry.submitted_at, AtlasEntry.id).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
        )
    )  # fmt: skip
    counts = {}
    for key, tab_states in TABS:
        cond: sa.ColumnElement[bool] = AtlasEntry.state.in_(tab_states)
        if key == "offen":
            cond = sa.or_(cond, sa.and_(AtlasEntry.state == S.PUBLISHED, pending_update))
        counts[key] = (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(AtlasEntry).where(AtlasEntry.network_id == network.id, cond)
            )
            or 0
        )
    return Page(items=items, number=number, per_page=PER_PAGE, total=total), counts


def history_for(entry: AtlasEntry, *, include_internal: bool) -> list[AtlasHistory]:
    query = sa.select(AtlasHistory).where(AtlasHistory.entry_id == entry.id).order_by(AtlasHistory.id)
    if not include_internal:
        query = query.where(AtlasHistory.internal.is_(False))
    return list(db.session.scalars(query))
