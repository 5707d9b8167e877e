"""Fixtures of the members feature: a network with Themenkreise and Ländergruppen, its coordinator."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Laendergruppe
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
