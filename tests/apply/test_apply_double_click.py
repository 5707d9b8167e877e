"""Double (and triple) click on "Antrag absenden": one application, and every click lands on
the same success page — never a 500, never an empty step 1."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Application
from tests.apply_support import ACTIVITY, INSTITUTION, PERSON, fill_steps, page, send
from tests.conftest import IsolatedClient

SENT = "/netzwerke/netz/mitglied-werden/gesendet"


@pytest.fixture
def network(make_network):
    return make_network(slug="netz", name="Netzwerk Bürgerhaushalt", themenkreise=())


def assert_success_page(client, response) -> None:
    assert response.status_code == 302, page(response)
    assert response.location.endswith(SENT)
    text = page(client.get(response.location))
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in text
    assert PERSON["email"] in text  # the same page as for the first click, with the address


def test_three_sequential_clicks_show_the_same_success_page(client, network, smtp):
    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY)
    for _ in range(3):
        assert_success_page(client, send(client, "netz", step4))
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 1
    assert len(smtp.to(PERSON["email"])) == 1


@pytest.mark.parametrize("clicks", [2, 3])
def test_simultaneous_clicks_of_one_session_store_one_application(app, backend, network, smtp, clicks):
    if backend != "postgresql":
        pytest.skip("needs real concurrent transactions (PostgreSQL; runs in CI with TEST_DATABASE_URL)")
    app.test_client_class = IsolatedClient
    first = app.test_client()
    step4 = fill_steps(first, "netz", PERSON, INSTITUTION, ACTIVITY)
    cookie = first.get_cookie("session")
    clients = [first]
    for _ in range(clicks - 1):  # the same browser session, as a double click sends it
        other = app.test_client()
        other.set_cookie("session", cookie.value, domain=cookie.domain, path=cookie.path)
        clients.append(other)
    barrier = threading.Barrier(clicks)
    responses: list = [None] * clicks
    errors: list[BaseException] = []

    def click(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = send(clients[index], "netz", step4)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=click, args=(i,)) for i in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    for client, response in zip(clients, responses, strict=True):
        assert_success_page(client, response)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Application.id))) == 1
    assert len(smtp.to(PERSON["email"])) == 1
