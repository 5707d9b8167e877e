"""Fixtures of the verification feature: the Kommunen network, Stadt Jena with its main contact, a coordinator."""

from __future__ import annotations

import pytest

from app.models import ApplicantKind


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


@pytest.fixture
def coordinator(make_account, kommunen):
    return make_account(email="koordination@kommunen.example", first_name="Kai", coordinates=[kommunen])
