"""Administration: Themenkreise and Ländergruppen of a network."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, Laendergruppe, Themenkreis
from tests.admin.test_admin_networks import admin, make_application  # noqa: F401 - admin is a fixture

pytestmark = pytest.mark.usefixtures("admin")


def names_in_order(network) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(Themenkreis.name).where(Themenkreis.network_id == network.id).order_by(Themenkreis.position)
        )
    )


# --------------------------------------------------------------------------- Themenkreise


def test_add_rename_describe_and_list_themenkreise(client, make_network):
    network = make_network(slug="allianz", themenkreise=("Transparenz",))

    response = client.post(
        "/verwaltung/netzwerke/allianz/themenkreise",
        data={"name": "Qualität", "description": "Standards guter Beteiligung."},
        follow_redirects=True,
    )
    assert "Der Themenkreis „Qualität“ wurde angelegt." in response.get_data(as_text=True)
    assert names_in_order(network) == ["Transparenz", "Qualität"]

    quality = db.session.scalar(sa.select(Themenkreis).where(Themenkreis.name == "Qualität"))
    edit_page = client.get(f"/verwaltung/netzwerke/allianz/themenkreise/{quality.id}").get_data(as_text=True)
    assert 'value="Qualität"' in edit_page and "Standards guter Beteiligung." in edit_page

    client.post(
        f"/verwaltung/netzwerke/allianz/themenkreise/{quality.id}",
        data={"name": "Qualität und Standards", "description": "Neu beschrieben."},
    )
    db.session.refresh(quality)
    assert (quality.name, quality.description) == ("Qualität und Standards", "Neu beschrieben.")

    public = client.get("/netzwerke/allianz/").get_data(as_text=True)
    assert "Qualität und Standards" in public and "Neu beschrieben." in public


def test_duplicate_or_empty_themenkreis_name_is_refused_at_the_field(client, make_network):
    network = make_network(slug="allianz", themenkreise=("Transparenz", "Qualität"))

    duplicate = client.post("/verwaltung/netzwerke/allianz/themenkreise", data={"name": "transparenz"})
    empty = client.post("/verwaltung/netzwerke/allianz/themenkreise", data={"name": "  "})
    quality = network.themenkreise[1]
    rename = client.post(f"/verwaltung/netzwerke/allianz/themenkreise/{quality.id}", data={"name": "Transparenz"})

    assert "gibt es in diesem Netzwerk schon" in duplicate.get_data(as_text=True).split('id="name-error"')[1][:300]
    assert "Bitte geben Sie den Namen an." in empty.get_data(as_text=True)
    assert "gibt es in diesem Netzwerk schon" in rename.get_data(as_text=True)
    assert names_in_order(network) == ["Transparenz", "Qualität"]


def test_the_same_name_in_another_network_is_fine(client, make_network):
    make_network(slug="andere", themenkreise=("Transparenz",))
    network = make_network(slug="allianz", themenkreise=())

    client.post("/verwaltung/netzwerke/allianz/themenkreise", data={"name": "Transparenz"})

    assert names_in_order(network) == ["Transparenz"]


def test_reorder_themenkreise_up_and_down(client, make_network):
    network = make_network(slug="allianz", themenkreise=("Eins", "Zwei", "Drei"))
    ids = {tk.name: tk.id for tk in network.themenkreise}

    client.post(f"/verwaltung/netzwerke/allianz/themenkreise/{ids['Drei']}/verschieben", data={"direction": "up"})
    assert names_in_order(network) == ["Eins", "Drei", "Zwei"]

    client.post(f"/verwaltung/netzwerke/allianz/themenkreise/{ids['Eins']}/verschieben", data={"direction": "down"})
    assert names_in_order(network) == ["Drei", "Eins", "Zwei"]

    # At the top already: nothing changes, a message says so, no error.
    response = client.post(
        f"/verwaltung/netzwerke/allianz/themenkreise/{ids['Drei']}/verschieben",
        data={"direction": "up"},
        follow_redirects=True,
    )
    assert "nicht weiter in diese Richtung" in response.get_data(as_text=True)
    bad = client.post(f"/verwaltung/netzwerke/allianz/themenkreise/{ids['Drei']}/verschieben", data={"direction": "x"})
    assert bad.status_code == 302
    assert names_in_order(network) == ["Drei", "Eins", "Zwei"]

    page = client.get("/netzwerke/allianz/").get_data(as_text=True)
    assert page.index("Drei") < page.index("Eins") < page.index("Zwei")


def test_unused_themenkreis_can_be_deleted(client, make_network):
    network = make_network(slug="allianz", themenkreise=("Eins", "Zwei", "Drei"))

    response = client.post(
        f"/verwaltung/netzwerke/allianz/themenkreise/{network.themenkreise[0].id}/loeschen", follow_redirects=True
    )

    assert "wurde gelöscht" in response.get_data(as_text=True)
    assert names_in_order(network) == ["Zwei", "Drei"]
    positions = db.session.scalars(sa.select(Themenkreis.position).order_by(Themenkreis.position)).all()
    assert positions == [1, 2]


@pytest.mark.parametrize("used_by", ["member", "application", "event"])
def test_themenkreis_in_use_is_not_deleted_and_the_admin_is_told_why(client, make_network, make_member, used_by):
    network = make_network(slug="allianz", themenkreise=("Transparenz",))
    themenkreis = network.themenkreise[0]
    if used_by == "member":
        make_member(network, themenkreise=[themenkreis])
        expected = "1 Mitgliedschaft"
    elif used_by == "application":
        make_application(network, themenkreise=[themenkreis])
        expected = "1 Antrag"
    else:
        moment = datetime(2030, 1, 1, 9, tzinfo=UTC)
        db.session.add(Event(network=network, title="T", starts_at=moment, ends_at=moment, themenkreis=themenkreis))
        db.session.commit()
        expected = "1 Veranstaltung"

    listing = client.get("/verwaltung/netzwerke/allianz/themenkreise").get_data(as_text=True)
    assert expected in listing
    response = client.post(
        f"/verwaltung/netzwerke/allianz/themenkreise/{themenkreis.id}/loeschen", follow_redirects=True
    )

    page = response.get_data(as_text=True)
    assert "wird noch verwendet" in page and expected in page
    assert "umbenennen" in page
    assert db.session.get(Themenkreis, themenkreis.id) is not None


# --------------------------------------------------------------------------- Ländergruppen


def test_laendergruppen_add_edit_and_delete(client, make_network):
    network = make_network(slug="allianz")

    client.post(
        "/verwaltung/netzwerke/allianz/laendergruppen",
        data={"name": "Ländergruppe Berlin-Brandenburg", "bundeslaender": ["BB", "BE"], "description": "Treffen"},
    )
    group = db.session.scalar(sa.select(Laendergruppe).where(Laendergruppe.network_id == network.id))
    assert group.bundeslaender == "BE,BB"
    listing = client.get("/verwaltung/netzwerke/allianz/laendergruppen").get_data(as_text=True)
    assert "Berlin, Brandenburg" in listing

    client.post(
        f"/verwaltung/netzwerke/allianz/laendergruppen/{group.id}",
        data={"name": "Ländergruppe Ost", "bundeslaender": ["SN", "ST", "TH"]},
    )
    db.session.refresh(group)
    assert (group.name, group.bundeslaender, group.description) == ("Ländergruppe Ost", "SN,ST,TH", "")
    assert "Ländergruppe Ost" in client.get("/netzwerke/allianz/").get_data(as_text=True)

    group_id = group.id
    client.post(f"/verwaltung/netzwerke/allianz/laendergruppen/{group_id}/loeschen")
    assert db.session.get(Laendergruppe, group_id) is None


def test_laendergruppe_validation_and_refused_delete_when_used(client, make_network, make_member):
    network = make_network(slug="allianz")
    group = Laendergruppe(network=network, name="Ländergruppe Nord", bundeslaender="HH,SH")
    db.session.add(group)
    db.session.commit()
    membership = make_member(network)
    membership.laendergruppe = group
    db.session.commit()

    unknown_land = client.post(
        "/verwaltung/netzwerke/allianz/laendergruppen", data={"name": "Süd", "bundeslaender": ["XX"]}
    )
    duplicate = client.post("/verwaltung/netzwerke/allianz/laendergruppen", data={"name": "Ländergruppe Nord"})
    refused = client.post(f"/verwaltung/netzwerke/allianz/laendergruppen/{group.id}/loeschen", follow_redirects=True)

    assert "nur Bundesländer aus der Liste" in unknown_land.get_data(as_text=True)
    assert "gibt es in diesem Netzwerk schon" in duplicate.get_data(as_text=True)
    assert "wird noch verwendet (1 Mitgliedschaft)" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Laendergruppe.id))) == 1
