"""Submitting in steps: field errors at the field, AGS checks, nothing lost, nothing of others reachable."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import AtlasEntry, AtlasState
from tests.atlas.support import page
from tests.conftest import login


@pytest.fixture
def draft(client, atlas_network, make_member):
    member = make_member(atlas_network)
    login(client, member.account.email)
    location = client.post(f"/netzwerke/{atlas_network.slug}/atlas/meine/neu").headers["Location"]
    return member, location.rsplit("/schritt/", 1)[0]


PLACE = {"organiser": "Stadt Pirna", "bundesland": "SN", "level": "kommune", "initiator": "legislature"}


@pytest.mark.parametrize(
    ("ags", "message"),
    [
        ("1462827", "genau 8 Ziffern"),
        ("14a28270", "genau 8 Ziffern"),
        ("09162000", "beginnt mit 09 und gehört damit nicht zum gewählten Bundesland (erwartet: 14"),
        ("99162000", "beginnt mit 01 bis 16"),
    ],
)
def test_ags_is_checked_at_the_field(client, draft, ags, message):
    _, base = draft
    response = client.post(f"{base}/schritt/2", data=dict(PLACE, ags=ags))
    assert response.status_code == 422
    result = page(type("R", (), {"status_code": 200, "get_data": response.get_data})())
    errors = result.texts("p", "kern-error")
    assert any(message in text for text in errors), errors
    assert result.find("input", id="ags")[0][0]["value"] == ags  # the input is kept


def test_valid_ags_and_empty_ags_are_accepted(client, draft):
    _, base = draft
    assert client.post(f"{base}/schritt/2", data=dict(PLACE, ags="14628270")).status_code == 302
    assert client.post(f"{base}/schritt/2", data=dict(PLACE, ags="")).status_code == 302


def test_back_keeps_what_was_saved_and_submit_lists_missing_fields(client, draft):
    _, base = draft
    client.post(f"{base}/schritt/1", data={"title": "Werkstatt", "summary": "Kurz", "topic": "housing"})
    assert client.post(f"{base}/schritt/2", data={"action": "back"}).headers["Location"].endswith("/schritt/1")
    step1 = page(client.get(f"{base}/schritt/1"))
    assert step1.find("input", id="title")[0][0]["value"] == "Werkstatt"
    response = client.post(f"{base}/einreichen", data={})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Es fehlt: Bundesland" in text and "Es fehlt: Methoden" in text
    entry_id = int(base.rsplit("/", 1)[1])
    assert db.session.get(AtlasEntry, entry_id).state is AtlasState.DRAFT


def test_end_before_start_is_an_error(client, draft, atlas_network):
    _, base = draft
    response = client.post(
        f"{base}/schritt/3",
        data={"methods": ["1"], "start_year": "2025", "start_month": "5", "end_year": "2024", "end_month": "1"},
    )
    assert response.status_code == 422
    assert "Das Ende liegt vor dem Beginn." in response.get_data(as_text=True)


def test_no_javascript_is_needed(client, draft):
    _, base = draft
    html = client.get(f"{base}/schritt/3").get_data(as_text=True)
    assert "<script>" not in html and "onclick" not in html
    assert 'type="checkbox"' in html and 'name="methods"' in html


def test_outsiders_get_404(client, atlas_network, draft, make_account, make_member, make_network):
    _, base = draft
    client.post("/abmelden")
    # Logged in but not a member of this network.
    stranger = make_account()
    login(client, stranger.email)
    assert client.get(f"/netzwerke/{atlas_network.slug}/atlas/meine").status_code == 404
    assert client.post(f"/netzwerke/{atlas_network.slug}/atlas/meine/neu").status_code == 404
    client.post("/abmelden")
    # Another member of the same network cannot open someone else's draft.
    other = make_member(atlas_network)
    login(client, other.account.email)
    assert client.get(f"{base}/schritt/1").status_code == 404
    assert client.get(base).status_code == 404
    client.post("/abmelden")
    # A coordinator of another network sees nothing; drafts are not in any coordinator's view.
    elsewhere = make_network()
    coordinator = make_account(coordinates=[elsewhere])
    login(client, coordinator.email)
    entry_id = base.rsplit("/", 1)[1]
    assert client.get(f"/koordination/{atlas_network.slug}/atlas").status_code == 404
    assert client.get(f"/koordination/{atlas_network.slug}/atlas/{entry_id}").status_code == 404
    client.post("/abmelden")
    own_coordinator = make_account(coordinates=[atlas_network])
    login(client, own_coordinator.email)
    assert client.get(f"/koordination/{atlas_network.slug}/atlas/{entry_id}").status_code == 404  # a draft


def test_huge_ids_and_networks_without_atlas_are_404(client, make_network):
    off = make_network(slug="ohne-atlas")
    assert client.get(f"/netzwerke/{off.slug}/atlas").status_code == 404
    assert client.get("/atlas/verfahren/99999999999999").status_code == 404
    assert client.get("/atlas/verfahren/2147483647.json").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/netzwerke/sachsen/atlas?slug=andere&page=abc&year=1&method=-1&level=%27",
        "/netzwerke/sachsen/atlas/einbetten?slug=x&fmt=csv&network=nope",
        "/atlas?network=gibt-es-nicht&q=%22%20OR%20*&bundesland=XX&page=99999999999",
        "/atlas?q=" + "wort+" * 50,
        "/atlas?topic=planning&q=%27%3A*%20%7C",
    ],
)
def test_bad_query_strings_never_break_the_page(client, atlas_network, url):
    assert client.get(url).status_code == 200


def test_nul_byte_is_a_400(client, atlas_network):
    assert client.get("/atlas?q=a%00b").status_code == 400
