"""Fixtures of the programme tests: the Kommunen network, member municipalities, cohorts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import ApplicantKind, Cohort, CohortMilestone, Membership, Network, today_in_germany

MILESTONES = ("Herausforderungen ermittelt", "Zielgruppen definiert", "Methodenset gewählt")


@pytest.fixture
def kommunen(make_network) -> Network:
    return make_network(
        slug="kommunen", name="Kommunen der Offenen Gesellschaft", themenkreise=(), accepts_municipalities=True
    )


@pytest.fixture
def make_kommune(make_member, kommunen) -> Callable[..., Membership]:
    def make(name: str = "Stadt Saalfeld/Saale", **values) -> Membership:
        return make_member(kommunen, organisation=name, kind=ApplicantKind.MUNICIPALITY, **values)

    return make


@pytest.fixture
def make_cohort(kommunen) -> Callable[..., Cohort]:
    def make(places: int = 5, *, name: str = "Methodenprogramm 2027/28", network: Network | None = None, **values):
        today = today_in_germany()
        values.setdefault("applications_open_on", today - timedelta(days=10))
        values.setdefault("applications_close_on", today + timedelta(days=20))
        values.setdefault("starts_on", today + timedelta(days=30))
        values.setdefault("ends_on", today + timedelta(days=395))
        cohort = Cohort(
            network_id=(network or kommunen).id,
            name=name,
            places=places,
            milestones=[CohortMilestone(position=i, title=t) for i, t in enumerate(MILESTONES)],
            **values,
        )
        db.session.add(cohort)
        db.session.commit()
        return cohort

    return make


@pytest.fixture
def coordinator(make_account, kommunen):
    return make_account(email="koordination@kommunen.example", coordinates=[kommunen])
