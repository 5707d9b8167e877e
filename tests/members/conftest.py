"""Fixtures of the members feature: a network with Themenkreise and Ländergruppen, its coordinator."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import ApplicantKind, Laendergruppe
from app.outbox.worker import send_due


@pytest.fixture
def network(make_network):
    network = make_network(
        slug="allianz",
        name="Allianz Vielfältige Demokratie",
        themenkreise=("Transparenz", "Qualität", "Kompetenz"),
        contact_email="kontakt@allianz.example",
        one_membership_per_organisation=True,
    )
    network.laendergruppen.append(Laendergruppe(name="Berlin-Brandenburg", bundeslaender="BE,BB"))
    network.laendergruppen.append(Laendergruppe(name="Sachsen", bundeslaender="SN"))
    db.session.commit()
    return network


@pytest.fixture
def coordinator(make_account, network):
    return make_account(
        email="koordination@allianz.example", first_name="Kai", last_name="Koordination", coordinates=[network]
    )


def deliver() -> None:
    """What the outbox worker does in production."""
    while send_due(limit=1000).sent:
        pass


# Organisation members (issue #16): the Kommunen network and Stadt Jena with its main contact,
# also used by tests/verification.
@pytest.fixture
def kommunen(make_network):
    return make_network(
        slug="kommunen", name="Kommunen der Offenen Gesellschaft", accepts_persons=False,
        accepts_municipalities=True, one_membership_per_organisation=True, directory_enabled=True, themenkreise=(),
    )  # fmt: skip


@pytest.fixture
def jena(kommunen, make_member):
    return make_member(
        kommunen, kind=ApplicantKind.MUNICIPALITY, organisation="Stadt Jena", email="haupt@jena.example",
        first_name="Hanna", last_name="Haupt",
    )  # fmt: skip
