"""The coordinators' queue: filters, tab counts, pages and the overview of their networks.

Unconfirmed applications are not real yet: no query here ever returns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, load_only, selectinload

from app.core.pagination import Page, paginate
from app.extensions import db
from app.models import BERLIN, Account, Application, ApplicationState, ConsentRecord, Network
from app.models.application import application_themenkreise
from app.review import queue_index, search

S = ApplicationState
PER_PAGE = 25
COUNT_CAP = 1000
VISIBLE_STATES = tuple(state for state in S if state is not S.UNCONFIRMED)
OPEN_CONFIRMED = (S.RECEIVED, S.IN_REVIEW, S.QUERY)

# Tabs of the queue: (key used in the URL, label, states shown).
TABS: list[tuple[str, object, tuple[ApplicationState, ...]]] = [
    ("open", _l("Offen"), OPEN_CONFIRMED),
    ("received", S.RECEIVED.label, (S.RECEIVED,)),
    ("in_review", S.IN_REVIEW.label, (S.IN_REVIEW,)),
    ("query", S.QUERY.label, (S.QUERY,)),
    ("accepted", S.ACCEPTED.label, (S.ACCEPTED,)),
    ("rejected", S.REJECTED.label, (S.REJECTED,)),
    ("withdrawn", S.WITHDRAWN.label, (S.WITHDRAWN,)),
    ("all", _l("Alle"), VISIBLE_STATES),
]
TAB_STATES = {key: states for key, _, states in TABS}
LIST_COLUMNS = ("id", "network_id", "state", "first_name", "last_name", "email", "institution", "created_at",
                "confirmed_at", "assigned_to_id", "version")  # fmt: skip


def find_reviewable_application(network: Network, application_id: int, *, full: bool = False) -> Application | None:
    """One application of the network as coordinators may see it (never an unconfirmed one)."""
    query = sa.select(Application).where(
        Application.id == application_id,
        Application.network_id == network.id,
        Application.state.in_(VISIBLE_STATES),
    )
    if full:
        query = query.options(
            selectinload(Application.themenkreise),
            selectinload(Application.assigned_to),
            selectinload(Application.consent_records).selectinload(ConsentRecord.consent_text),
        )
    return db.session.scalar(query)


DEFAULT_TAB = "open"


@dataclass
class QueueFilters:
    tab: str = DEFAULT_TAB
    themenkreis_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    assigned_to_id: int | None = None  # "only mine"
    # Whether the search words match many applications (see _common_words); looked up once.
    common_words: bool | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.tab not in TAB_STATES:
            self.tab = DEFAULT_TAB
        self.text = (self.text or "").strip()[:100]
        # 0001-01-01 or 9999-12-31 would overflow the time-zone arithmetic: clamp to a sane range.
        self.date_from = _clamped(self.date_from)
        self.date_to = _clamped(self.date_to)

    @property
    def created_from(self) -> datetime | None:
        """Start of the first day (Berlin time), or None."""
        return _berlin_midnight(self.date_from) if self.date_from else None

    @property
    def created_before(self) -> datetime | None:
        """Start of the day after the last day (Berlin time), or None."""
        return _berlin_midnight(self.date_to + timedelta(days=1)) if self.date_to else None


EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2199, 12, 31)


def _clamped(day: date | None) -> date | None:
    return None if day is None else min(max(day, EARLIEST_DAY), LATEST_DAY)


def _berlin_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BERLIN).astimezone(UTC)


def _filtered(
    network: Network,
    filters: QueueFilters,
    states: tuple[ApplicationState, ...] | None = None,
    hits: sa.CTE | None = None,
    per_state: int | None = None,
    counting: bool = False,
) -> sa.Select:
    """The applications matching the filters; with `per_state`, at most that many of each state.

    A page of a tab of several states is among the first (page × 25) rows of each state in
    queue order: one index range per state that stops there, instead of reading every row of
    the tab's states to sort them ("only mine", dates and Themenkreis on later pages). Not with
    a text search: its own plan (few hits read, or the queue's index walked) stops already.
    """
    states = TAB_STATES[filters.tab] if states is None else states
    if per_state is not None and not filters.text and (len(states) > 1 or _by_links(filters)):
        ranges = [_state_range(network, filters, state).limit(per_state).subquery() for state in states]
        ids: sa.Select | sa.CompoundSelect = sa.union_all(*(sa.select(part.c[0]) for part in ranges))
        return sa.select(Application).where(Application.id.in_(ids), Application.network_id == network.id)
    if _by_links(filters):
        ids = _linked(network, filters, states)
        return sa.select(Application).where(Application.id.in_(ids), Application.network_id == network.id)
    query = sa.select(Application).where(Application.network_id == network.id, Application.state.in_(states))
    if filters.themenkreis_id:
        links = application_themenkreise.c
        query = query.where(
            sa.exists().where(links.application_id == Application.id, links.themenkreis_id == filters.themenkreis_id)
        )
    if filters.created_from:
        query = query.where(Application.created_at >= filters.created_from)
    if filters.created_before:
        query = query.where(Application.created_at < filters.created_before)
    if filters.assigned_to_id:
        query = query.where(Application.assigned_to_id == filters.assigned_to_id)
    if filters.text:
        words = search.query_words(filters.text)
        if not words:
            return query.where(sa.false())  # only punctuation: nothing can match
        if _common_words(network, filters, words):
            # Many hits: walk the queue's own index in its order and check each row against
            # the full-text index, so a page or a capped count stops early.
            query = query.where(search.row_matches(network.id, words, Application.id, probe=counting))
        elif per_state and hits is None and not (filters.assigned_to_id or filters.themenkreis_id):
            # Few hits, a page: the first of them in queue order, from the search rows' copies.
            first = search.first_hits(
                _dialect(), network.id, words, states, per_state, filters.created_from, filters.created_before
            )
            query = query.where(Application.id.in_(first))
        else:
            # Few hits: read them and look each application up.
            query = query.where(
                Application.id.in_(
                    (search.hits_first(_dialect(), network.id, words) if hits is None else hits).select()
                )
            )
    return query


def _state_range(network: Network, filters: QueueFilters, state: ApplicationState) -> sa.Select:
    """The ids of one state's matching applications in queue order (one index range)."""
    if _by_links(filters):
        return _linked(network, filters, (state,))
    return _ordered(_filtered(network, filters, (state,))).with_only_columns(Application.id)


def _by_links(filters: QueueFilters) -> bool:
    """Read a Themenkreis filter from the link index (with or without dates)?

    Not with "only mine" (its own index is narrower) nor with a text search (its hits or the
    queue's index drive it; PostgreSQL would read every index text to join it to the links).
    """
    return bool(filters.themenkreis_id) and not filters.assigned_to_id and not filters.text


def _linked(network: Network, filters: QueueFilters, states: tuple[ApplicationState, ...]) -> sa.Select:
    return queue_index.linked_ids(
        network.id, filters.themenkreis_id or 0, states, filters.created_from, filters.created_before
    )


def _few_hits(network: Network, filters: QueueFilters) -> bool:
    """Is there a text search whose words match few applications (read once as a CTE)?"""
    words = search.query_words(filters.text)
    return bool(words) and not _common_words(network, filters, words)


COMMON_HITS = 2000


def _common_words(network: Network, filters: QueueFilters, words: tuple[str, ...]) -> bool:
    """Do the words match more than COMMON_HITS applications? (One index lookup that stops there.)"""
    if filters.common_words is None:
        hits = _text_hits(network, words).subquery()
        first = sa.select(hits.c[0]).limit(COMMON_HITS + 1).subquery()
        filters.common_words = (db.session.scalar(sa.select(sa.func.count()).select_from(first)) or 0) > COMMON_HITS
    return filters.common_words


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _text_hits(network: Network, words: tuple[str, ...]) -> sa.TextualSelect | sa.Select:
    return search.matching_ids(_dialect(), network.id, words)


def _ordered(query: sa.Select) -> sa.Select:
    """Oldest first: the application waiting longest is on top."""
    return query.order_by(Application.created_at, Application.id)


def queue_page(
    network: Network, filters: QueueFilters, number: int = 1, per_page: int = PER_PAGE, total: int | None = None
) -> Page:
    """One page of the queue; `total` (the current tab's count from tab_counts) saves a count."""
    # assigned_to joined (many-to-one): the same statements whether or not a page has assignees.
    # Only the columns the list shows: an application carries dozens of answers it does not need.
    per_state = None  # without the total, paginate counts this query: it must not be cut short
    if total is not None:  # past the end shows the last page (see paginate)
        number = min(max(number, 1), max(1, -(-total // per_page)))
        per_state = number * per_page
    query = _ordered(_filtered(network, filters, per_state=per_state)).options(
        load_only(*(getattr(Application, name) for name in LIST_COLUMNS)),
        selectinload(Application.themenkreise),
        joinedload(Application.assigned_to).load_only(Account.first_name, Account.last_name, Account.email),
    )
    return paginate(query, number, per_page, total=total)


def filtered_applications(network: Network, filters: QueueFilters) -> list[Application]:
    """Every application matching the filters (for the CSV export), with what the export shows."""
    query = _ordered(_filtered(network, filters)).options(
        selectinload(Application.themenkreise), selectinload(Application.assigned_to)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class TabCount:
    """How many applications a tab shows: exact, or (above the cap) a lower bound shown as "1.000+"."""

    value: int
    exact: bool = True

    def __str__(self) -> str:
        return format_number(self.value) + ("" if self.exact else "+")


def count_cap(number: int, per_page: int | None = None) -> int:
    """Counts stop here: far enough to page on from page `number`, never a count of everything."""
    return max(COUNT_CAP, (number + 3) * (per_page or PER_PAGE))


def tab_counts(network: Network, filters: QueueFilters, cap: int = COUNT_CAP) -> dict[str, TabCount]:
    """How many applications each tab shows with the other filters applied (one statement).

    Each state is counted up to `cap` + 1 rows (an index range scan that stops there), so the
    statement costs the same for 1,000 and 100,000 applications; above the cap a tab shows a
    lower bound ("1.000+"). The counts are read in the same snapshot as the page, so they are
    exact whenever they are not capped; no counter is stored that concurrent decisions could
    leave stale. A Themenkreis filter counts index ranges of the links (app/review/queue_index.py).
    """
    # A text search is looked up once for all states (a CTE used more than once is materialised).
    # Without "only mine" or a Themenkreis, the search rows' copies of state and dates suffice.
    words = search.query_words(filters.text)
    copies = bool(words) and not (filters.assigned_to_id or filters.themenkreis_id)
    found = search.matching_entries(_dialect(), network.id, words) if copies else _text_hits(network, words)
    hits = found.cte("review_hits") if _few_hits(network, filters) else None
    rows = (
        search.state_matches(network.id, words, state, hits, filters.created_from, filters.created_before)
        if copies
        else _linked(network, filters, (state,))
        if _by_links(filters)
        else _filtered(network, filters, (state,), hits, counting=True)
        for state in VISIBLE_STATES
    )
    counts = [
        sa.select(sa.func.count())
        .select_from(query.with_only_columns(sa.literal(1)).limit(cap + 1).subquery())
        .scalar_subquery()
        for query in rows
    ]
    row = db.session.execute(sa.select(*counts)).one()
    by_state: dict[ApplicationState, int] = dict(zip(VISIBLE_STATES, row, strict=True))
    result = {}
    for key, _, states in TABS:
        result[key] = TabCount(
            sum(min(by_state[state], cap) for state in states), all(by_state[state] <= cap for state in states)
        )
    return result
