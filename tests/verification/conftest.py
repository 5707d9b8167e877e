"""Fixtures of the verification feature: the Kommunen network, Stadt Jena with its main contact, a coordinator."""

from __future__ import annotations

import pytest

from tests.members import conftest as members

# Shared with tests/members: the Kommunen network and Stadt Jena with its main contact.
kommunen = members.kommunen
jena = members.jena


@pytest.fixture
def coordinator(make_account, kommunen):
    return make_account(email="koordination@kommunen.example", first_name="Kai", coordinates=[kommunen])
