"""Two coordinators decide the same application at the same moment: exactly one decision counts.

These tests run real concurrent transactions and therefore need PostgreSQL (SQLite has one
writer per file and would only test its own lock). In CI they run on PostgreSQL; on SQLite
they are skipped.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.core.errors import ConcurrentUpdate
from app.extensions import db
from app.models import (
    Account,
    Application,
    ApplicationState,
    HistoryEntry,
    HistoryKind,
    Membership,
    OutboxMessage,
)
from app.review import decisions
from tests.conftest import IsolatedClient, login
from tests.review_support import make_application

pytestmark = pytest.mark.postgresql_only

S = ApplicationState


def decide(action: str, application: Application, account: Account) -> None:
    if action == "approve":
        decisions.approve(application, account)
    elif action == "reject":
        decisions.reject(application, account, "Passt nicht")
    else:
        decisions.ask_question(application, account, "Eine Frage")


def run_concurrently(app, application_id: int, deciders: list[tuple[str, int]]) -> list[str]:
    """Each decider loads the same version, waits for the others, then decides and commits."""
    barrier = threading.Barrier(len(deciders))
    outcomes: list[str] = [""] * len(deciders)

    def worker(index: int, action: str, account_id: int) -> None:
        with app.app_context():
            try:
                application = db.session.get(Application, application_id)
                account = db.session.get(Account, account_id)
                assert application.version == 1
                barrier.wait(timeout=10)
                try:
                    decide(action, application, account)
                    db.session.commit()
                    outcomes[index] = "won"
                except ConcurrentUpdate:
                    db.session.rollback()
                    outcomes[index] = "lost"
            except Exception as error:  # noqa: BLE001 - reported by the assert below
                db.session.rollback()
                outcomes[index] = f"error: {error!r}"
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=worker, args=(i, action, account)) for i, (action, account) in enumerate(deciders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize(
    "first, second",
    [
        ("approve", "reject"),
        ("approve", "approve"),
        ("reject", "reject"),
        ("reject", "question"),
    ],
)
def test_exactly_one_decision_and_one_mail(app, make_network, make_account, first, second):
    network = make_network(slug="allianz")
    one = make_account(coordinates=[network])
    two = make_account(coordinates=[network])
    application, _ = make_application(network, S.IN_REVIEW, email="zoe@example.org")
    assert application.version == 1

    outcomes = run_concurrently(app, application.id, [(first, one.id), (second, two.id)])

    assert sorted(outcomes) == ["lost", "won"], outcomes
    winner = first if outcomes[0] == "won" else second
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    expected_state = {"approve": S.ACCEPTED, "reject": S.REJECTED, "question": S.QUERY}[winner]
    assert application.state is expected_state
    assert application.version >= 2
    mails = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.application_id == application.id)).all()
    assert len(mails) == 1
    decisions = db.session.scalars(
        sa.select(HistoryEntry).where(
            HistoryEntry.application_id == application.id, HistoryEntry.from_state == S.IN_REVIEW
        )
    ).all()
    assert len(decisions) == 1
    memberships = db.session.scalar(sa.select(sa.func.count()).select_from(Membership))
    assert memberships == (1 if winner == "approve" else 0)


def test_two_browsers_clicking_at_once_get_one_decision_and_a_clear_message(app, smtp, make_network, make_account):
    network = make_network(slug="allianz")
    accounts = [make_account(coordinates=[network]) for _ in range(2)]
    application, _ = make_application(network, S.IN_REVIEW, email="zoe@example.org")
    app.test_client_class = IsolatedClient
    clients = [app.test_client() for _ in accounts]
    for client, account in zip(clients, accounts, strict=True):
        login(client, account.email, follow_redirects=False)
    barrier = threading.Barrier(2)
    responses = [None, None]
    url = f"/koordination/allianz/antraege/{application.id}"

    def click(index: int, action: str, data: dict) -> None:
        barrier.wait(timeout=10)
        responses[index] = clients[index].post(f"{url}/{action}", data=data)

    threads = [
        threading.Thread(target=click, args=(0, "annehmen", {"approve-version": "1"})),
        threading.Thread(target=click, args=(1, "ablehnen", {"reject-version": "1", "reject-reason": "Nein"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert all(response is not None and response.status_code == 302 for response in responses)
    messages = [client.get(url).get_data(as_text=True) for client in clients]
    lost = [page for page in messages if "inzwischen von einer anderen Person bearbeitet" in page]
    assert len(lost) == 1
    db.session.expire_all()
    state = db.session.get(Application, application.id).state
    assert state in (S.ACCEPTED, S.REJECTED)
    assert len(smtp.to("zoe@example.org")) == 1
    kinds = db.session.scalars(sa.select(HistoryEntry.kind).where(HistoryEntry.application_id == application.id))
    assert list(kinds).count(HistoryKind.STATE_CHANGE) == 1
