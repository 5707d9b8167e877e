"""No N+1: the directory issues the same few SQL statements for 5 or 20 members on a page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ApplicantKind, Laendergruppe, Membership

MAX_STATEMENTS = 10  # session, account, network, permission, form choices, count, page, cards, Themenkreise


@pytest.fixture
def networks(make_network, make_member, make_account):
    """Two networks: one with 5 listed members, one with 20 (more than a page shows), same shapes."""
    result = {}
    for slug, size in (("klein", 5), ("gross", 25)):
        network = make_network(slug=slug, themenkreise=("Transparenz", "Qualität"))
        network.accepts_organisations = True
        group = Laendergruppe(name=f"Gruppe {slug}", bundeslaender="BE")
        network.laendergruppen.append(group)
        db.session.commit()
        for number in range(size):
            membership = make_member(
                network,
                first_name="Kim",
                last_name=f"Teil{number:02d}",
                postcode="10117",
                city="Berlin",
                description="Beteiligung vor Ort",
                themenkreise=list(network.themenkreise),
                organisation=f"Verein {number}" if number % 2 else None,
                kind=ApplicantKind.ORGANISATION if number % 2 else ApplicantKind.PERSON,
            )
            membership.laendergruppe = group
        db.session.commit()
        result[slug] = network
    viewer = make_account(admin=True)
    return result, viewer


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=kim",
        "?q=beteiligung+berlin&bundesland=BE",
        "?themenkreis={tk}",
        "?themenkreis={tk}&kind=person",
        "?laendergruppe={group}",
        "?page=2",
    ],
)
def test_directory_statements_do_not_grow_with_the_page(client, login_as, networks, query, count_queries):
    by_slug, viewer = networks
    login_as(viewer)
    counts = {}
    shown = {}
    for slug, network in by_slug.items():
        url = f"/netzwerke/{slug}/verzeichnis" + query.format(
            tk=network.themenkreise[0].id, group=network.laendergruppen[0].id
        )
        client.get(url)  # warm-up: first request loads caches (Babel, templates)
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts[slug] = len(statements)
        shown[slug] = response.get_data(as_text=True).count('class="network-card member-card"')
    assert shown["gross"] > shown["klein"] or query == "?page=2"
    assert counts["klein"] == counts["gross"], counts
    assert counts["gross"] <= MAX_STATEMENTS, counts


def test_profile_page_statements_are_constant(client, login_as, networks, count_queries):
    by_slug, viewer = networks
    login_as(viewer)
    counts = []
    for slug, network in by_slug.items():
        membership_id = _first_member(network)
        client.get(f"/netzwerke/{slug}/verzeichnis/{membership_id}")
        with count_queries() as statements:
            assert client.get(f"/netzwerke/{slug}/verzeichnis/{membership_id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def _first_member(network) -> int:
    return db.session.scalar(
        sa.select(Membership.id).where(Membership.network_id == network.id).order_by(Membership.id).limit(1)
    )
