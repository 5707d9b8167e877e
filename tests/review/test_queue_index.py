"""The Themenkreis filter reads copies of state and created_at on the links, kept right by the database."""

from __future__ import annotations

import random
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.apply.submission import withdraw_application
from app.extensions import db
from app.models import Application, ApplicationState, review_index
from app.models.application import application_themenkreise
from app.review import decisions
from app.review import queue as review_queue
from tests.review_support import make_application

S = ApplicationState
links = application_themenkreise.c


@pytest.fixture
def network(make_network):
    return make_network(slug="allianz", themenkreise=("Transparenz", "Qualität", "Vielfalt"))


def stale_links() -> list:
    """Links whose copies differ from their application (none may ever be)."""
    db.session.expire_all()
    return db.session.execute(
        sa.select(links.application_id, links.themenkreis_id, links.state, Application.state)
        .join(Application, Application.id == links.application_id)
        .where(
            sa.or_(
                links.state.is_(None),
                links.state != Application.state,
                links.created_at.is_(None),
                links.created_at != Application.created_at,
            )
        )
    ).all()


def stale_search_copies() -> list:
    """Search index rows whose copies differ from their application (none may ever be)."""
    db.session.expire_all()
    entries = review_index.c
    return db.session.execute(
        sa.select(entries.application_id, entries.state, Application.state)
        .join(Application, Application.id == entries.application_id)
        .where(
            sa.or_(
                entries.network_id.is_distinct_from(Application.network_id),
                entries.state.is_distinct_from(Application.state),
                entries.created_at.is_distinct_from(Application.created_at),
            )
        )
    ).all()


def link_states(application: Application) -> set[str]:
    return {
        state.value
        for state in db.session.scalars(sa.select(links.state).where(links.application_id == application.id))
    }


def test_links_and_search_copies_follow_every_state_change(app, network, make_account):
    coordinator = make_account(coordinates=[network])
    admin = make_account(admin=True)
    first, second, third = network.themenkreise
    application, _ = make_application(network, S.RECEIVED, themenkreise=[first, second])
    other, _ = make_application(network, S.RECEIVED, themenkreise=[first])
    db.session.commit()
    assert link_states(application) == {"received"} and stale_links() == []

    steps = [
        (lambda: decisions.take_into_review(application, coordinator), "in_review"),
        (lambda: decisions.ask_question(application, coordinator, "Welche Stadt?"), "query"),
        (lambda: decisions.take_into_review(application, coordinator), "in_review"),
        (lambda: decisions.reject(application, coordinator, "Passt nicht."), "rejected"),
        (lambda: decisions.reopen(application, admin, "Versehen."), "in_review"),
        (lambda: decisions.approve(application, coordinator), "accepted"),
    ]
    for step, expected in steps:
        step()
        db.session.commit()
        assert link_states(application) == {expected}
        assert stale_links() == [] and stale_search_copies() == []

    withdraw_application(other)
    db.session.commit()
    assert link_states(other) == {"withdrawn"}

    # A link added later gets the current state; so does one written by raw SQL.
    application.themenkreise.append(third)
    db.session.commit()
    db.session.execute(sa.delete(application_themenkreise).where(links.application_id == other.id))
    db.session.execute(sa.insert(application_themenkreise).values(application_id=other.id, themenkreis_id=second.id))
    db.session.commit()
    assert link_states(application) == {"accepted"} and link_states(other) == {"withdrawn"}
    assert stale_links() == []

    # Raw SQL updates of the application (erasure, bulk fixes) and a link moved to another application.
    spare, _ = make_application(network, S.QUERY)
    db.session.commit()
    db.session.execute(
        sa.update(Application)
        .where(Application.id == application.id)
        .values(state=S.REJECTED, created_at=datetime(2024, 5, 1, 12, tzinfo=UTC))
    )
    db.session.execute(
        sa.update(application_themenkreise).where(links.application_id == other.id).values(application_id=spare.id)
    )
    db.session.commit()
    assert link_states(application) == {"rejected"} and link_states(spare) == {"query"}
    assert stale_links() == [] and stale_search_copies() == []
    # A changed name rewrites the search row (the old one is dropped): its copies are filled again.
    application.last_name = "Neumann"
    db.session.commit()
    assert db.session.scalar(sa.select(review_index.c.state).where(review_index.c.application_id == application.id))
    assert stale_search_copies() == []


TABS = [key for key, _, _ in review_queue.TABS]


@pytest.mark.parametrize("common_hits", [0, 2000], ids=["common-words", "few-hits"])
def test_filters_show_what_the_data_says_in_queue_order(
    app, network, make_network, make_account, monkeypatch, common_hits
):
    """Pages and capped counts equal a plain reading of the data, on every tab and filter.

    With a Themenkreis they come from the links; on tabs of several states, pages come from one
    limited index range per state; counts of common words come from the search index's copies -
    all must give exactly the plain reading's rows and order.
    """
    monkeypatch.setattr(review_queue, "COUNT_CAP", 5)
    monkeypatch.setattr(review_queue, "COMMON_HITS", common_hits)
    first, second, _ = network.themenkreise
    coordinator = make_account(coordinates=[network])
    other_network = make_network(slug="andere")
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    states = [S.RECEIVED, S.IN_REVIEW, S.QUERY, S.ACCEPTED, S.REJECTED, S.WITHDRAWN, S.UNCONFIRMED]
    for number in range(48):
        chosen = [[first], [second], [first, second], []][number % 4]
        # Every third pair shares its time: the order falls back to the id.
        created = start + timedelta(hours=7 * (number // 2 if number % 3 == 0 else number))
        application, _ = make_application(
            network,
            states[(number * 5) % 7],
            themenkreise=chosen,
            created_at=created,
            consent=False,
            institution="Landkreis Nord" if number % 5 < 3 else "Stadt Süd",
        )
        if number % 3 != 1:
            application.assigned_to_id = coordinator.id
    make_application(other_network, S.RECEIVED, themenkreise=list(other_network.themenkreise), consent=False)
    db.session.commit()
    everything = db.session.scalars(
        sa.select(Application)
        .where(Application.network_id == network.id)
        .order_by(Application.created_at, Application.id)
    ).all()

    dates = {"date_from": date(2025, 3, 4), "date_to": date(2025, 3, 9)}
    mine = {"assigned_to_id": coordinator.id}
    text = {"text": "landkreis"}
    variants = [{}, dates, mine, {**mine, **dates}, text, {**text, **dates}, {**text, **mine}]
    for filters_args in [{"themenkreis_id": first.id, **variant} for variant in variants] + variants:
        for tab in TABS:
            filters = review_queue.QueueFilters(tab=tab, **filters_args)
            expected = [
                a.id
                for a in everything
                if a.state in review_queue.TAB_STATES[tab]
                and (not filters.themenkreis_id or first in a.themenkreise)
                and (not filters.assigned_to_id or a.assigned_to_id == coordinator.id)
                and (not filters.text or a.institution.startswith("Landkreis"))
                and (not filters.date_from or a.created_at >= review_queue._berlin_midnight(filters.date_from))
                and (
                    not filters.date_to
                    or a.created_at < review_queue._berlin_midnight(filters.date_to + timedelta(days=1))
                )
            ]
            for number in (1, 2, 3):
                cap = review_queue.count_cap(number, per_page=3)
                counts = review_queue.tab_counts(network, filters, cap=cap)
                states_of_tab = review_queue.TAB_STATES[tab]
                per_state = [sum(1 for a in everything if a.id in expected and a.state is s) for s in states_of_tab]
                assert counts[tab].value == sum(min(n, cap) for n in per_state), (tab, filters_args)
                assert counts[tab].exact == all(n <= cap for n in per_state)
                page = review_queue.queue_page(network, filters, number, per_page=3, total=counts[tab].value)
                last = max(1, -(-len(expected) // 3))
                shown = min(number, last)
                assert [a.id for a in page.items] == expected[(shown - 1) * 3 : shown * 3], (tab, number, filters_args)
                # Without a total the page counts for itself: nothing cut short, numbers clamped.
                alone = review_queue.queue_page(network, filters, number - 1, per_page=3)
                assert alone.total == len(expected)
                clamped = min(max(number - 1, 1), last)
                assert [a.id for a in alone.items] == expected[(clamped - 1) * 3 : clamped * 3]
            export = review_queue.filtered_applications(network, filters)
            assert [a.id for a in export] == expected


def test_a_themenkreis_of_another_network_shows_nothing(app, network, make_network):
    other = make_network(slug="andere")
    make_application(other, S.RECEIVED, themenkreise=list(other.themenkreise), consent=False)
    db.session.commit()
    filters = review_queue.QueueFilters(tab="all", themenkreis_id=other.themenkreise[0].id)
    assert review_queue.tab_counts(network, filters)["all"].value == 0
    assert review_queue.queue_page(network, filters).items == []


def test_postgresql_knows_how_many_rows_a_common_word_keeps(app, backend, network):
    """Statistics on the queue's row check (migration 0014): the planner's estimate is not 'a handful'.

    Without them PostgreSQL assumed a few matching rows for a word that a sixth of all applications
    contain, and read the whole search index instead of walking the queue's index.
    """
    if backend != "postgresql":
        pytest.skip("PostgreSQL only (set TEST_DATABASE_URL): SQLite's planner keeps no such statistics")
    rng = random.Random(7)  # not every third: the histogram's evenly spaced bounds would alias it
    matching = 0
    for _ in range(300):
        common = rng.random() < 1 / 3
        matching += common
        make_application(network, S.RECEIVED, institution="Landkreis" if common else "", consent=False)
    db.session.commit()
    word = f"n{network.id}xlandkreis"
    db.session.remove()
    db.engine.dispose()  # a fresh server session: nothing cached from before the statistics were read
    with db.engine.connect() as connection:
        connection.execute(sa.text("ANALYZE review_fts_entries"))
        connection.commit()
        plan = connection.execute(
            sa.text("EXPLAIN (FORMAT JSON) SELECT 1 FROM review_fts_entries WHERE ' ' || search_text LIKE :pattern"),
            {"pattern": f"% {word}%"},
        ).scalar()
    estimated = plan[0]["Plan"]["Plan Rows"]
    assert matching / 2 <= estimated <= matching * 2, (estimated, matching)  # without the statistics: 1


def test_postgresql_reads_a_rare_words_hits_before_the_queue_order(app, backend, network):
    """A search with few hits reads them first (a materialised CTE) and sorts them.

    Left to itself, PostgreSQL walked the whole queue in its order and checked every
    application's words until it had a page: 7,000 probes for a surname at 100,000.
    """
    if backend != "postgresql":
        pytest.skip("PostgreSQL only (set TEST_DATABASE_URL): SQLite reads FTS5 hits first anyway")
    make_application(network, S.RECEIVED, last_name="Seltenname", consent=False)
    make_application(network, S.ACCEPTED, last_name="Anders", consent=False)
    db.session.commit()
    filters = review_queue.QueueFilters(tab="all", text="seltenn")
    page = review_queue._ordered(review_queue._filtered(network, filters)).with_only_columns(Application.id).limit(25)
    sql = page.compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = db.session.execute(sa.text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar()

    def nodes(node: dict):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    scans = [(node["Node Type"], node.get("CTE Name")) for node in nodes(plan[0]["Plan"])]
    assert ("CTE Scan", "review_hits") in scans, scans
    assert [name for name, _ in scans if name.startswith("Gather")] == []
    assert review_queue.queue_page(network, filters, total=1).items[0].last_name == "Seltenname"


@pytest.mark.postgresql_only
@pytest.mark.parametrize("first", ["index row", "decision"])
def test_a_search_row_written_during_a_decision_gets_the_decided_state(app, network, first):
    """Whichever of the two commits first, the search row's copy ends with the decided state.

    Writing the row locks its application (FOR SHARE), so a decision waits for it and then
    updates it; a row written while a decision is open waits and then copies the new state.
    """
    application, _ = make_application(network, S.RECEIVED, last_name="Rennt", consent=False)
    db.session.commit()
    application_id = application.id
    db.session.remove()
    write_row = (
        "INSERT INTO review_fts_entries (application_id, search_text) VALUES (:id, 'n1xrennt')",
        {"id": application_id},
    )
    decide = ("UPDATE applications SET state = 'accepted' WHERE id = :id", {"id": application_id})
    with db.engine.connect() as holder, db.engine.connect() as waiter:
        holder.execute(sa.text("DELETE FROM review_fts_entries WHERE application_id = :id"), {"id": application_id})
        holder.commit()
        statement, params = write_row if first == "index row" else decide
        holder.execute(sa.text(statement), params)  # open transaction, lock held
        later, later_params = decide if first == "index row" else write_row
        done = threading.Event()

        def run_later() -> None:
            waiter.execute(sa.text(later), later_params)  # waits for the holder's lock
            waiter.commit()
            done.set()

        thread = threading.Thread(target=run_later)
        thread.start()
        assert not done.wait(0.5), "the second transaction must wait for the first"
        holder.commit()
        thread.join(timeout=10)
        assert done.is_set()
    assert (
        db.session.scalar(sa.select(review_index.c.state).where(review_index.c.application_id == application_id))
        == S.ACCEPTED
    )
    assert stale_search_copies() == []
