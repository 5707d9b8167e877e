"""The coordinators' overview and queue: tabs with counts, filters, search, order, pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.models import ApplicationState
from tests.conftest import html
from tests.review_support import make_application

S = ApplicationState


@pytest.fixture
def network(make_network):
    return make_network(
        slug="allianz", name="Allianz Vielfältige Demokratie", themenkreise=("Transparenz", "Qualität", "Kompetenz")
    )


@pytest.fixture
def coordinator(make_account, network):
    return make_account(email="koordination@example.org", coordinates=[network])


def names_in_table(page: str) -> list[str]:
    return [link.get_text() for link in html(page).select('table a[href^="/koordination/allianz/antraege/"]')]


def queue(client, **args) -> str:
    response = client.get("/koordination/allianz/antraege", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_overview_lists_my_networks_with_open_counts(client, login_as, make_network, make_account, network):
    other = make_network(slug="andere", name="Anderes Netzwerk")
    coordinator = make_account(coordinates=[network])
    make_application(network, S.RECEIVED)
    make_application(network, S.RECEIVED)
    make_application(network, S.IN_REVIEW, assigned_to_id=coordinator.id)
    make_application(network, S.UNCONFIRMED)
    make_application(other, S.RECEIVED, first_name="Fremd")
    login_as(coordinator)

    page = client.get("/koordination/").get_data(as_text=True)

    assert "Allianz Vielfältige Demokratie" in page and "Anderes Netzwerk" not in page
    assert "2 neue Anträge (eingegangen)" in page
    assert "1 Antrag in Prüfung" in page
    assert "0 Anträge mit Rückfrage" in page
    assert "1 davon Ihnen zugewiesen" in page


def test_admin_sees_every_network_and_members_without_role_are_refused(
    client, login_as, make_account, network, make_network, make_member
):
    make_network(slug="zweites", name="Zweites Netzwerk")
    login_as(make_account(admin=True))
    page = client.get("/koordination/").get_data(as_text=True)
    assert "Allianz Vielfältige Demokratie" in page and "Zweites Netzwerk" in page

    client.post("/abmelden")
    member = make_member(network)
    login_as(member.account)
    assert client.get("/koordination/").status_code == 403
    assert client.get("/koordination/allianz/antraege").status_code == 404


def test_queue_shows_open_applications_oldest_first_without_unconfirmed(client, login_as, coordinator, network):
    now = datetime.now(UTC)
    make_application(network, S.RECEIVED, first_name="Mittel", created_at=now - timedelta(days=5))
    make_application(network, S.IN_REVIEW, first_name="Alt", created_at=now - timedelta(days=20))
    make_application(network, S.QUERY, first_name="Neu", created_at=now - timedelta(days=1))
    make_application(network, S.UNCONFIRMED, first_name="Unbestätigt", created_at=now - timedelta(days=30))
    make_application(network, S.ACCEPTED, first_name="Fertig", created_at=now - timedelta(days=40))
    login_as(coordinator)

    page = queue(client)

    assert [name.split()[0] for name in names_in_table(page)] == ["Alt", "Mittel", "Neu"]
    assert "Unbestätigt" not in page
    assert 'aria-current="page"' in page and 'Offen <span class="tabs__count">(3)</span>' in page


def test_state_tabs_have_counts_and_filter(client, login_as, coordinator, network):
    for state, count in (
        (S.RECEIVED, 2),
        (S.IN_REVIEW, 1),
        (S.QUERY, 1),
        (S.ACCEPTED, 3),
        (S.REJECTED, 1),
        (S.WITHDRAWN, 1),
        (S.UNCONFIRMED, 4),
    ):
        for _ in range(count):
            make_application(network, state, first_name=state.value.replace("_", ""))
    login_as(coordinator)

    page = queue(client, status="accepted")

    expected = {
        "Offen": 4,
        "eingegangen": 2,
        "in Prüfung": 1,
        "Rückfrage": 1,
        "angenommen": 3,
        "abgelehnt": 1,
        "zurückgezogen": 1,
        "Alle": 9,
    }
    for label, count in expected.items():
        assert f'{label} <span class="tabs__count">({count})</span>' in page
    assert len(names_in_table(page)) == 3
    assert all(name.startswith("accepted") for name in names_in_table(page))
    assert len(names_in_table(queue(client, status="all"))) == 9
    assert len(names_in_table(queue(client, status="nonsense"))) == 4  # unknown tab: the default


def test_search_over_name_institution_and_email(client, login_as, coordinator, network):
    make_application(
        network, first_name="Zoë", last_name="Beispiel", institution="Stadt Saalfeld", email="zoe@saalfeld.example"
    )
    make_application(
        network, first_name="Jonas", last_name="Weber", institution="Universität Leipzig", email="jw@uni.example"
    )
    make_application(
        network, first_name="Aylin", last_name="Kaya", institution="Mehr Demokratie e.V.", email="aylin@example.org"
    )
    login_as(coordinator)

    assert names_in_table(queue(client, q="Weber")) == ["Jonas Weber"]
    assert names_in_table(queue(client, q="saalfeld")) == ["Zoë Beispiel"]
    assert names_in_table(queue(client, q="aylin@example")) == ["Aylin Kaya"]
    assert names_in_table(queue(client, q="Jonas Leipzig")) == ["Jonas Weber"]  # every word must match
    assert names_in_table(queue(client, q="UNIVERSITÄT")) == ["Jonas Weber"]  # case-insensitive beyond ASCII
    assert names_in_table(queue(client, q="zoë")) == ["Zoë Beispiel"]
    assert names_in_table(queue(client, q="100%_")) == []  # LIKE wildcards are literal
    page = queue(client, q="Weber")
    assert 'value="Weber"' in page  # the search stays in the field
    assert 'Offen <span class="tabs__count">(1)</span>' in page  # counts follow the search


def test_filter_by_themenkreis_date_and_mine(client, login_as, coordinator, network):
    transparenz, qualitaet, _ = network.themenkreise
    now = datetime.now(UTC)
    make_application(network, first_name="Transparent", themenkreise=[transparenz], created_at=now - timedelta(days=40))
    make_application(network, first_name="Qualitativ", themenkreise=[qualitaet], created_at=now - timedelta(days=3))
    make_application(
        network,
        S.IN_REVIEW,
        first_name="Meins",
        themenkreise=[qualitaet, transparenz],
        assigned_to_id=coordinator.id,
        created_at=now,
    )
    login_as(coordinator)

    assert sorted(n.split()[0] for n in names_in_table(queue(client, themenkreis=transparenz.id))) == [
        "Meins",
        "Transparent",
    ]
    since = (now - timedelta(days=10)).astimezone(UTC).date().isoformat()
    assert sorted(n.split()[0] for n in names_in_table(queue(client, date_from=since))) == ["Meins", "Qualitativ"]
    until = (now - timedelta(days=30)).date().isoformat()
    assert [n.split()[0] for n in names_in_table(queue(client, date_to=until))] == ["Transparent"]
    assert [n.split()[0] for n in names_in_table(queue(client, mine="y"))] == ["Meins"]


@pytest.mark.parametrize(
    "args",
    [
        {"date_from": "gestern"},
        {"date_from": "2026-02-30"},
        {"themenkreis": "abc"},
        {"themenkreis": "999999"},
        {"page": "-3"},
        {"page": "zwei"},
        {"page": "99999999999999999999"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_never_break_the_page(client, login_as, coordinator, network, args):
    make_application(network, first_name="Sichtbar")
    login_as(coordinator)

    page = queue(client, **args)

    assert "Sichtbar" in page


def test_date_range_in_the_wrong_order_is_explained(client, login_as, coordinator, network):
    login_as(coordinator)
    page = queue(client, date_from="2026-03-01", date_to="2026-02-01")
    assert "Das Ende des Zeitraums liegt vor dem Anfang." in page


def test_queue_is_paginated_and_keeps_the_filters(client, login_as, coordinator, network):
    now = datetime.now(UTC)
    for number in range(30):
        make_application(network, first_name=f"Person{number:02d}", created_at=now - timedelta(hours=100 - number))
    login_as(coordinator)

    first = queue(client, q="Person")
    second = queue(client, q="Person", page=2)

    assert len(names_in_table(first)) == 25 and len(names_in_table(second)) == 5
    assert names_in_table(first)[0].startswith("Person00") and names_in_table(second)[-1].startswith("Person29")
    assert "1–25 von 30 Anträgen" in first
    assert re.search(r'href="/koordination/allianz/antraege\?q=Person&amp;page=2"', first)
    assert queue(client, q="Person", page=9).count("Person") >= 5  # past the end: the last page


def test_coordinator_of_another_network_sees_nothing_of_it(client, login_as, make_network, make_account, network):
    other = make_network(slug="andere")
    make_application(network, first_name="Geheim")
    login_as(make_account(coordinates=[other]))

    assert client.get("/koordination/allianz/antraege").status_code == 404
    assert "Geheim" not in client.get("/koordination/").get_data(as_text=True)
    assert "Geheim" not in client.get("/koordination/andere/antraege?status=all").get_data(as_text=True)


def test_admin_on_a_fresh_installation_sees_an_empty_overview(client, login_as, make_account):
    login_as(make_account(admin=True))
    response = client.get("/koordination/")
    assert response.status_code == 200
    assert "Es sind noch keine Netzwerke eingerichtet." in response.get_data(as_text=True)
