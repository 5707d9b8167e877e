"""The one transition table, written out literally: who may move an entry (or update) from where to where."""

from __future__ import annotations

import pytest

from app.atlas.transitions import TRANSITIONS, Role, allowed_targets
from app.models import AtlasState

S = AtlasState
A, C = Role.AUTHOR, Role.COORDINATOR

ALLOWED = [
    (S.DRAFT, S.SUBMITTED, A),
    (S.SUBMITTED, S.IN_REVIEW, C),
    (S.SUBMITTED, S.QUERY, C),
    (S.SUBMITTED, S.PUBLISHED, C),
    (S.SUBMITTED, S.REJECTED, C),
    (S.IN_REVIEW, S.QUERY, C),
    (S.IN_REVIEW, S.PUBLISHED, C),
    (S.IN_REVIEW, S.REJECTED, C),
    (S.QUERY, S.IN_REVIEW, A),
]


def test_the_table_is_exactly_the_domain_brief():
    assert sorted((s.value, t.value, r.value) for (s, t), r in TRANSITIONS.items()) == sorted(
        (s.value, t.value, r.value) for s, t, r in ALLOWED
    )


@pytest.mark.parametrize(
    ("state", "role", "targets"),
    [
        (S.DRAFT, A, {S.SUBMITTED}),
        (S.DRAFT, C, set()),
        (S.SUBMITTED, A, set()),
        (S.QUERY, C, set()),
        (S.QUERY, A, {S.IN_REVIEW}),
        (S.PUBLISHED, C, set()),
        (S.PUBLISHED, A, set()),
        (S.REJECTED, C, set()),
    ],
)
def test_allowed_targets(state, role, targets):
    assert allowed_targets(state, role) == targets
