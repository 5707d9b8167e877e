"""The review pages issue a constant number of SQL statements, however many applications there are."""

from __future__ import annotations

import pytest

from app.models import ApplicationState
from tests.review_support import make_application

S = ApplicationState


@pytest.fixture
def world(make_network, make_account):
    network = make_network(slug="allianz", themenkreise=("Transparenz", "Qualität", "Kompetenz"))
    coordinator = make_account(coordinates=[network])
    return network, coordinator


def fill(network, coordinator, how_many: int) -> None:
    for number in range(how_many):
        make_application(
            network,
            (S.RECEIVED, S.IN_REVIEW, S.QUERY)[number % 3],
            themenkreise=network.themenkreise[: 1 + number % 3],
            assigned_to_id=coordinator.id if number % 2 else None,
            consent=False,
        )


def statements_for(client, count_queries, path: str) -> int:
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "path",
    [
        "/koordination/",
        "/koordination/allianz/antraege",
        "/koordination/allianz/antraege?status=all&q=example",
    ],
)
def test_queue_statement_count_does_not_grow_with_the_applications(client, login_as, world, path, count_queries):
    network, coordinator = world
    login_as(coordinator)
    fill(network, coordinator, 5)
    few = statements_for(client, count_queries, path)

    fill(network, coordinator, 45)
    many = statements_for(client, count_queries, path)

    assert many == few, f"{few} statements for 5 applications, {many} for 50"
    assert few <= 12


def test_members_list_statement_count_is_constant(client, login_as, world, make_member, count_queries):
    network, coordinator = world
    login_as(coordinator)
    for _ in range(3):
        make_member(network, organisation="Verein", themenkreise=network.themenkreise[:2])
    few = statements_for(client, count_queries, "/koordination/allianz/mitglieder")
    for _ in range(20):
        make_member(network, organisation="Verein", themenkreise=network.themenkreise[:2])
    assert statements_for(client, count_queries, "/koordination/allianz/mitglieder") == few
