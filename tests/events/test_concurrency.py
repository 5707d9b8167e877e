"""Places hold under load: 50 people register at the same moment for the last 5 places.

Real concurrent transactions, so PostgreSQL only (SQLite allows one writer per file).
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.core.errors import DomainError
from app.events.registrations import Registrant, register
from app.extensions import db
from app.models import Account, Event, EventRegistration, RegistrationState

pytestmark = pytest.mark.postgresql_only

S = RegistrationState
PEOPLE = 50
# Transactions racing at the same moment (PostgreSQL allows 100 connections by default).
POOL = 25


def fill(event: Event, accounts: list[Account]) -> None:
    for account in accounts:
        register(event, Registrant(name=account.display_name, email=account.email, account=account))
    db.session.commit()


def register_all_at_once(app, event_id: int, account_ids: list[int]) -> list[str]:
    """Every thread waits at a barrier, then registers and commits in its own transaction.

    Nothing touches the database before the barrier, so no thread holds a pooled connection
    while the others wait; the pool (POOL connections) lets that many transactions race at once.
    """
    barrier = threading.Barrier(len(account_ids))
    outcomes = [""] * len(account_ids)

    def worker(index: int, account_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                account = db.session.get(Account, account_id)
                event = db.session.get(Event, event_id)
                person = Registrant(name=account.display_name, email=account.email, account=account)
                try:
                    registration = register(event, person)
                    db.session.commit()
                    outcomes[index] = registration.state.value
                except DomainError as error:
                    db.session.rollback()
                    outcomes[index] = f"refused: {error.message}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(account_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def counts(event_id: int) -> dict[RegistrationState, int]:
    db.session.expire_all()
    rows = db.session.execute(
        sa.select(EventRegistration.state, sa.func.count())
        .where(EventRegistration.event_id == event_id)
        .group_by(EventRegistration.state)
    )
    return dict(rows.all())


@pytest.fixture
def racing_app(make_racing_app):
    return make_racing_app(pool_size=POOL)


@pytest.mark.parametrize("waiting_list", [True, False])
def test_fifty_people_for_the_last_five_places(app, racing_app, make_network, make_member, make_event, waiting_list):
    network = make_network(slug="sachsen")
    members = [make_member(network).account for _ in range(PEOPLE + 5)]
    event = make_event(network, capacity=10, waiting_list=waiting_list)
    fill(event, members[:5])  # 5 of 10 places taken before the rush
    event_id, ids = event.id, [account.id for account in members[5:]]
    db.session.remove()

    outcomes = register_all_at_once(racing_app, event_id, ids)

    assert "" not in outcomes  # every thread finished
    assert outcomes.count("registered") == 5
    if waiting_list:
        assert outcomes.count("waitlist") == PEOPLE - 5
        assert counts(event_id) == {S.REGISTERED: 10, S.WAITLIST: PEOPLE - 5}
    else:
        assert outcomes.count("refused: Die Veranstaltung ist leider ausgebucht.") == PEOPLE - 5
        assert counts(event_id) == {S.REGISTERED: 10}
