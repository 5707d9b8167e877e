"""No N+1: the public atlas pages issue the same SQL statements for 5 or 25 published entries."""

from __future__ import annotations

import pytest

from app.atlas import search
from app.atlas.settings import configure, methods
from app.extensions import db
from app.models import AtlasEntry, AtlasState
from app.models.atlas import AtlasInitiator, AtlasLevel, AtlasLicence, AtlasTopic
from app.models.base import utcnow

MAX_STATEMENTS = 10  # networks+licences, methods, count, page, entries, methods, networks, Land counts


@pytest.fixture
def two_atlases(make_network, atlas_network):
    result = {"sachsen": atlas_network}
    other = make_network(slug="gross")
    configure(other, enabled=True, licence=AtlasLicence.CC0, embed_origins="")
    result["gross"] = other
    all_methods = methods()
    for network, size in ((atlas_network, 5), (other, 25)):
        for number in range(size):
            entry = AtlasEntry(
                network=network, state=AtlasState.PUBLISHED, title=f"Bürgerrat {number:02d}", summary="Kurz",
                organiser="Stadt", bundesland="SN" if number % 2 else "BE", level=AtlasLevel.KOMMUNE,
                topic=AtlasTopic.PLANNING, initiator=AtlasInitiator.COUNCIL, start_year=2020 + number % 5,
                methods=all_methods[:2], published_at=utcnow(), source_name="Kim",
            )  # fmt: skip
            db.session.add(entry)
            db.session.flush()
            search.reindex(entry)
    db.session.commit()
    return result


@pytest.mark.parametrize("query", ["", "?q=burgerrat", "?bundesland=SN", "?topic=planning&year=2022", "?page=2"])
def test_atlas_statements_do_not_grow_with_the_page(client, two_atlases, query, count_queries):
    counts, shown = {}, {}
    for slug in two_atlases:
        url = f"/netzwerke/{slug}/atlas{query}"
        client.get(url)  # warm-up
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts[slug] = len(statements)
        shown[slug] = response.get_data(as_text=True).count('class="network-card atlas-card"')
    assert counts["sachsen"] == counts["gross"] <= MAX_STATEMENTS, counts
    if not query:
        assert shown == {"sachsen": 5, "gross": 20}


def test_entry_page_statements_do_not_grow_with_updates(client, two_atlases, count_queries):
    counts = {}
    for slug, network in two_atlases.items():
        entry = db.session.query(AtlasEntry).filter_by(network_id=network.id).first()
        url = f"/atlas/verfahren/{entry.id}"
        client.get(url)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts[slug] = len(statements)
    assert counts["sachsen"] == counts["gross"] <= 6, counts
