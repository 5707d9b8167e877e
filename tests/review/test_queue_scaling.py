"""The queue stays quick at any size: capped tab counts and an indexed text search that follows every change."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Application, ApplicationState, review_index
from app.review import queue as review_queue
from tests.review.test_review_queue import names_in_table, queue
from tests.review_support import make_application

S = ApplicationState


@pytest.fixture
def network(make_network):
    return make_network(slug="allianz", themenkreise=("Transparenz", "Qualität"))


@pytest.fixture
def coordinator(make_account, network):
    return make_account(email="koordination@example.org", coordinates=[network])


def test_counts_above_the_cap_are_shown_as_a_lower_bound(client, login_as, coordinator, network, monkeypatch):
    monkeypatch.setattr(review_queue, "COUNT_CAP", 3)
    monkeypatch.setattr(review_queue, "PER_PAGE", 1)
    for _ in range(6):
        make_application(network, S.RECEIVED)
    make_application(network, S.QUERY)
    login_as(coordinator)

    page = queue(client)

    # Each state is counted up to the cap (here 3 at page 1 of 1 per page → max(3, 4) = 4).
    assert 'eingegangen <span class="tabs__count">(4+)</span>' in page
    assert 'Rückfrage <span class="tabs__count">(1)</span>' in page
    assert 'Offen <span class="tabs__count">(5+)</span>' in page
    assert 'angenommen <span class="tabs__count">(0)</span>' in page


def test_later_pages_raise_the_cap_so_paging_on_always_works(client, login_as, coordinator, network, monkeypatch):
    monkeypatch.setattr(review_queue, "COUNT_CAP", 2)
    for number in range(8):
        make_application(network, S.RECEIVED, first_name=f"Person{number}")
    login_as(coordinator)
    counts = review_queue.tab_counts(network, review_queue.QueueFilters(), cap=review_queue.count_cap(1, per_page=2))
    assert (counts["received"].value, counts["received"].exact) == (8, True)  # cap 8: max(2, (1 + 3) * 2)
    counts = review_queue.tab_counts(network, review_queue.QueueFilters(), cap=3)
    assert (counts["received"].value, counts["received"].exact, str(counts["received"])) == (3, False, "3+")


@pytest.mark.parametrize("common_hits", [0, 2000], ids=["probe-each-row", "read-the-hits"])
def test_search_matches_word_beginnings_in_any_order(client, login_as, coordinator, network, monkeypatch, common_hits):
    # Both plans: words with many hits are checked row by row, rare words read their hits.
    monkeypatch.setattr(review_queue, "COMMON_HITS", common_hits)
    make_application(network, first_name="Jörg", last_name="Weber-Schmidt", institution="Bürgerbüro Köln")
    make_application(network, first_name="Anna", last_name="Weberin", email="anna@stadt.example")
    login_as(coordinator)

    assert names_in_table(queue(client, q="weber")) == ["Jörg Weber-Schmidt", "Anna Weberin"]
    assert names_in_table(queue(client, q="schmidt jorg")) == ["Jörg Weber-Schmidt"]
    assert names_in_table(queue(client, q="buergerb koln")) == []  # ü is u, not ue
    assert names_in_table(queue(client, q="burgerb koln")) == ["Jörg Weber-Schmidt"]
    assert names_in_table(queue(client, q="stadt.example")) == ["Anna Weberin"]
    assert names_in_table(queue(client, q="%%")) == []  # no word at all matches nothing
    # The tab counts use the same plan (a probe per row of each state when the words are common).
    counts = review_queue.tab_counts(network, review_queue.QueueFilters(tab="all", text="weber"))
    assert (counts["all"].value, counts["received"].value, counts["accepted"].value) == (2, 2, 0)


def test_search_follows_name_changes_and_forgets_erased_names(client, login_as, coordinator, network):
    application, _ = make_application(network, first_name="Kim", last_name="Vorher")
    db.session.commit()
    login_as(coordinator)
    assert names_in_table(queue(client, q="vorher")) == ["Kim Vorher"]

    application.last_name = "Nachher"
    db.session.commit()
    assert names_in_table(queue(client, q="vorher")) == []
    assert names_in_table(queue(client, q="nachher")) == ["Kim Nachher"]

    # A raw SQL update (as erasure anonymises) drops the index row in the database itself.
    db.session.execute(sa.update(Application).where(Application.id == application.id).values(last_name="Gelöscht"))
    db.session.commit()
    assert names_in_table(queue(client, q="nachher")) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(review_index)) == 0


def test_search_never_finds_another_networks_applications(client, login_as, coordinator, network, make_network):
    other = make_network(slug="andere")
    make_application(other, first_name="Fremd", last_name="Anderswo")
    make_application(network, first_name="Eigen", last_name="Anderswo")
    login_as(coordinator)
    assert names_in_table(queue(client, q="anderswo")) == ["Eigen Anderswo"]


@pytest.mark.parametrize("args", [{}, {"q": "müller"}, {"status": "all", "themenkreis": "TK"}, {"page": "2"}])
def test_statements_per_queue_page_do_not_depend_on_the_data(
    client, login_as, coordinator, network, count_queries, args, monkeypatch
):
    monkeypatch.setattr(review_queue, "COUNT_CAP", 10)  # so the larger fill is past the cap
    args = {key: (str(network.themenkreise[0].id) if value == "TK" else value) for key, value in args.items()}
    login_as(coordinator)

    def fill(how_many: int) -> None:
        for number in range(how_many):
            make_application(
                network,
                (S.RECEIVED, S.ACCEPTED, S.QUERY)[number % 3],
                themenkreise=network.themenkreise[: 1 + number % 2],
                consent=False,
            )

    def statements() -> int:
        with count_queries() as sent:
            assert client.get("/koordination/allianz/antraege", query_string=args).status_code == 200
        return len(sent)

    fill(3)
    few = statements()
    fill(60)
    assert statements() == few
