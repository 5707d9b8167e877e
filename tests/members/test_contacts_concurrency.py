"""Two contacts of one organisation leave at the same moment, or a handover races a leave: the
membership is never left without a main contact, and the one that loses is refused clearly.

Real concurrent transactions, so PostgreSQL only (SQLite allows one writer per file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from app.account import profile
from app.core.errors import DomainError
from app.extensions import db
from app.members import contacts
from app.models import Account, ApplicantKind, Membership, MembershipContact, utcnow

pytestmark = pytest.mark.postgresql_only

ROUNDS = 4


@pytest.fixture
def racing_app(make_racing_app):
    return make_racing_app(pool_size=4)


Action = Callable[[Membership, dict[str, Account]], object]


def at_the_same_moment(app, membership_id: int, account_ids: dict[str, int], actions: list[Action]) -> list[str]:
    """Each action runs in its own thread and transaction, all released by one barrier."""
    barrier = threading.Barrier(len(actions))
    outcomes = [""] * len(actions)

    def worker(index: int, action: Action) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                membership = db.session.get(Membership, membership_id)
                people = {name: db.session.get(Account, account_id) for name, account_id in account_ids.items()}
                try:
                    action(membership, people)
                    db.session.commit()
                    outcomes[index] = "ok"
                except DomainError as error:
                    db.session.rollback()
                    outcomes[index] = f"refused: {error.message}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def organisation_with_two_contacts(network, make_member, make_account, round_: int) -> tuple[int, dict[str, int]]:
    membership = make_member(
        network, kind=ApplicantKind.MUNICIPALITY, organisation=f"Stadt {round_}", email=f"haupt{round_}@stadt.example"
    )
    second = make_account(email=f"zweite{round_}@stadt.example")
    db.session.add(MembershipContact(membership_id=membership.id, account_id=second.id, since=utcnow()))
    db.session.commit()
    ids = {"main": membership.account_id, "second": second.id}
    db.session.remove()
    return membership.id, ids


def assert_someone_is_in_charge(membership_id: int) -> Account:
    """The membership is active and its main contact has not left it."""
    db.session.expire_all()
    membership = db.session.get(Membership, membership_id)
    assert membership.ended_at is None
    left_as_main = db.session.scalar(
        sa.select(MembershipContact.id).where(
            MembershipContact.membership_id == membership_id,
            MembershipContact.account_id == membership.account_id,
            MembershipContact.ended_at.is_(None),
        )
    )
    assert left_as_main is None  # the main contact is not also listed as a further contact
    return membership.account


def _successor_row(membership: Membership, people: dict[str, Account]) -> MembershipContact:
    row = contacts.contact_row(membership, people["second"].id)
    if row is None:
        raise DomainError("no longer a contact")  # the page would not offer them any more
    return row


def main_leaves_naming_second(membership, people):
    return profile.leave(
        people["main"], membership, end_membership=False,
        successor_id=_successor_row(membership, people).id, for_everyone=False,
    )  # fmt: skip


def second_leaves(membership, people):
    return profile.leave(people["second"], membership, end_membership=False, successor_id=None, for_everyone=False)


def main_hands_over_to_second(membership, people):
    return contacts.hand_over(membership, _successor_row(membership, people), people["main"])


def main_ends_for_everyone(membership, people):
    return profile.leave(people["main"], membership, end_membership=True, successor_id=None, for_everyone=True)


@pytest.mark.parametrize(
    "first, second_action",
    [
        (main_leaves_naming_second, second_leaves),
        (main_hands_over_to_second, second_leaves),
    ],
    ids=["both-leave", "handover-races-leave"],
)
def test_the_membership_always_keeps_a_main_contact(
    app, racing_app, make_network, make_member, make_account, first, second_action
):
    network = make_network(slug="kommunen", accepts_persons=False, accepts_municipalities=True, themenkreise=())
    for round_ in range(ROUNDS):
        membership_id, ids = organisation_with_two_contacts(network, make_member, make_account, round_)

        outcomes = at_the_same_moment(racing_app, membership_id, ids, [first, second_action])

        assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["ok", "refused"], outcomes
        refusal = next(outcome for outcome in outcomes if outcome.startswith("refused"))
        assert any(
            text in refusal
            for text in (
                "Sie sind die einzige Ansprechperson",
                "Bitte wählen Sie, wer Hauptansprechperson wird",
                "Bitte wählen Sie eine Ansprechperson dieses Mitglieds",
                "no longer a contact",
            )
        ), refusal
        in_charge = assert_someone_is_in_charge(membership_id)
        assert in_charge.id in ids.values()


def test_a_contact_leaving_while_the_main_contact_ends_the_membership(
    app, racing_app, make_network, make_member, make_account
):
    """Ending for everyone and a contact's leaving are decided one after the other, never half of each."""
    network = make_network(slug="kommunen", accepts_persons=False, accepts_municipalities=True, themenkreise=())
    membership_id, ids = organisation_with_two_contacts(network, make_member, make_account, 0)

    outcomes = at_the_same_moment(racing_app, membership_id, ids, [main_ends_for_everyone, second_leaves])

    assert outcomes[0] == "ok"
    assert outcomes[1] in ("ok", "refused: Diese Mitgliedschaft ist beendet.")
    db.session.expire_all()
    assert db.session.get(Membership, membership_id).ended_at is not None
