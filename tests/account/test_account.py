"""Member area: my networks, my profile with visibility and preview, leaving a network."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Account, Event, HistoryEntry, HistoryKind, Membership, Visibility, utcnow


@pytest.fixture
def network(make_network):
    return make_network(
        slug="allianz", name="Allianz Vielfältige Demokratie", themenkreise=("Transparenz", "Qualität", "Kompetenz")
    )


@pytest.fixture
def member(network, make_member):
    return make_member(
        network, first_name="Jana", last_name="Müller", email="jana@example.org", themenkreise=[network.themenkreise[0]]
    )


def profile_data(**changes) -> dict[str, str]:
    data = {
        "first_name": "Jana",
        "last_name": "Müller",
        "institution": "Stadt Leipzig",
        "function": "Referentin",
        "street": "Markt 1",
        "postcode": "04109",
        "city": "Leipzig",
        "country": "Deutschland",
        "phone": "0341 1234567",
        "description": "Ich begleite Bürgerräte.",
        "email_visibility": "members",
        "phone_visibility": "nobody",
        "address_visibility": "nobody",
        "description_visibility": "members",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_member_area_needs_login(client):
    for url in ("/mein-bereich/", "/mein-bereich/profil", "/mein-bereich/daten", "/mein-bereich/profil/vorschau"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden?next=")


def test_my_networks_lists_memberships_themenkreise_and_upcoming_events(
    client, login_as, network, member, make_network
):
    other = make_network(slug="fremd", name="Fremdes Netzwerk")
    now = utcnow()
    db.session.add_all(
        [
            Event(
                network=network,
                title="Jahrestagung",
                starts_at=now + timedelta(days=10),
                ends_at=now + timedelta(days=11),
                place="Berlin",
            ),
            Event(
                network=network,
                title="Vergangenes Treffen",
                starts_at=now - timedelta(days=10),
                ends_at=now - timedelta(days=10, hours=-2),
            ),
            Event(
                network=other,
                title="Fremde Tagung",
                starts_at=now + timedelta(days=5),
                ends_at=now + timedelta(days=5, hours=2),
            ),
        ]
    )
    db.session.commit()
    login_as(member.account)
    page = client.get("/mein-bereich/").get_data(as_text=True)
    assert "Meine Netzwerke" in page and "Allianz Vielfältige Demokratie" in page
    assert "Transparenz" in page
    assert "Jahrestagung" in page
    assert "Vergangenes Treffen" not in page and "Fremde Tagung" not in page
    assert "/netzwerke/allianz/verzeichnis" in page
    assert f"/mein-bereich/mitgliedschaften/{member.id}/beenden" in page


def test_profile_form_shows_current_values_and_links(client, login_as, member):
    login_as(member.account)
    page = client.get("/mein-bereich/profil").get_data(as_text=True)
    assert 'value="Jana"' in page and 'value="Müller"' in page
    assert 'href="/passwort-aendern"' in page
    assert 'href="/mein-bereich/email"' in page
    assert "So sehen andere Mitglieder Ihr Profil" in page
    # Privacy-friendly defaults: phone and address hidden.
    for name, value in (
        ("phone_visibility", "nobody"),
        ("address_visibility", "nobody"),
        ("email_visibility", "members"),
    ):
        assert re.search(rf'<input checked[^>]*name="{name}"[^>]*value="{value}"', page), name


def test_saving_the_profile(client, login_as, network, member):
    login_as(member.account)
    _, qualitaet, _ = network.themenkreise
    response = client.post(
        "/mein-bereich/profil",
        data=profile_data(
            **{
                f"listed_{member.id}": "y",
                f"themenkreise_{member.id}": str(qualitaet.id),
            }
        ),
        follow_redirects=True,
    )
    assert "Ihr Profil wurde gespeichert." in response.get_data(as_text=True)
    account = db.session.get(Account, member.account_id)
    assert (account.institution, account.city, account.bundesland, account.phone) == (
        "Stadt Leipzig",
        "Leipzig",
        "SN",
        "+493411234567",
    )
    membership = db.session.get(Membership, member.id)
    assert [tk.name for tk in membership.themenkreise] == ["Qualität"]
    assert membership.listed_in_directory


def test_bad_input_is_explained_and_kept(client, login_as, member):
    login_as(member.account)
    response = client.post("/mein-bereich/profil", data=profile_data(postcode="1234", phone="abc", first_name=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bitte geben Sie eine Postleitzahl mit fünf Ziffern an" in page
    assert "Bitte geben Sie eine gültige Telefonnummer an" in page
    assert "Bitte geben Sie Ihren Vornamen an." in page
    assert 'value="1234"' in page and 'value="Stadt Leipzig"' in page  # typed input kept
    assert db.session.get(Account, member.account_id).institution == ""


def test_a_required_themenkreis_is_enforced_at_the_field(client, login_as, network, member):
    network.themenkreis_required = True
    db.session.commit()
    login_as(member.account)
    page = client.post("/mein-bereich/profil", data=profile_data(**{f"listed_{member.id}": "y"})).get_data(as_text=True)
    assert "Bitte wählen Sie mindestens einen Themenkreis." in page
    assert [tk.name for tk in db.session.get(Membership, member.id).themenkreise] == ["Transparenz"]


def test_several_themenkreise_where_the_network_allows_it(client, login_as, network, member):
    network.multiple_themenkreise = True
    db.session.commit()
    login_as(member.account)
    ids = [str(tk.id) for tk in network.themenkreise[1:]]
    client.post("/mein-bereich/profil", data={**profile_data(), f"themenkreise_{member.id}": ids})
    assert [tk.name for tk in db.session.get(Membership, member.id).themenkreise] == ["Qualität", "Kompetenz"]


def test_unticking_the_listing_removes_me_from_the_directory(client, login_as, network, member, make_member):
    peer = make_member(network).account
    login_as(member.account)
    client.post("/mein-bereich/profil", data=profile_data())  # listed_<id> not sent: unticked
    assert not db.session.get(Membership, member.id).listed_in_directory
    client.post("/abmelden")
    login_as(peer)
    page = client.get("/netzwerke/allianz/verzeichnis").get_data(as_text=True)
    assert "Müller" not in page


def test_visibility_choices_change_what_peers_see(client, login_as, network, member, make_member):
    peer = make_member(network).account
    login_as(member.account)
    client.post(
        "/mein-bereich/profil",
        data=profile_data(
            **{
                f"listed_{member.id}": "y",
                "email_visibility": "nobody",
                "phone_visibility": "members",
                "address_visibility": "members",
                "description_visibility": "nobody",
            }
        ),
    )
    account = db.session.get(Account, member.account_id)
    assert account.email_visibility is Visibility.NOBODY and account.phone_visibility is Visibility.MEMBERS
    client.post("/abmelden")
    login_as(peer)
    page = client.get(f"/netzwerke/allianz/verzeichnis/{member.id}").get_data(as_text=True)
    assert "jana@example.org" not in page and "Ich begleite Bürgerräte." not in page
    assert "0341 1234567" in page and "Markt 1" in page
    assert "Nachricht senden" in page  # e-mail hidden: contact form instead


def test_preview_shows_exactly_what_peers_see(client, login_as, network, member, make_network, make_member):
    account = member.account
    account.phone = "+493411234567"
    account.street = "Geheimgasse 5"
    account.description = "Sichtbare Beschreibung"
    account.email_visibility = Visibility.NOBODY
    db.session.commit()
    hidden_network = make_network(slug="zweites", name="Zweites Netzwerk")
    make_member(hidden_network, account=account, listed=False)
    login_as(account)
    page = client.get("/mein-bereich/profil/vorschau").get_data(as_text=True)
    assert "So sehen andere Mitglieder Ihr Profil" in page
    assert "Sichtbare Beschreibung" in page and "Jana Müller" in page
    assert "Geheimgasse" not in page and "1234567" not in page and "jana@example.org" not in page
    assert "Sie erscheinen nicht im Verzeichnis dieses Netzwerks" in page


# --------------------------------------------------------------------------- leaving


def test_leaving_a_network(client, login_as, network, member, make_member):
    peer = make_member(network).account
    login_as(member.account)
    page = client.get(f"/mein-bereich/mitgliedschaften/{member.id}/beenden").get_data(as_text=True)
    assert "Beginn und Ende der Mitgliedschaft" in page  # what the network keeps is explained
    response = client.post(f"/mein-bereich/mitgliedschaften/{member.id}/beenden", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "ist beendet" in page and "Beendete Mitgliedschaften" in page
    membership = db.session.get(Membership, member.id)
    assert membership.ended_at is not None and not membership.listed_in_directory and membership.themenkreise == []
    entry = db.session.scalar(sa.select(HistoryEntry).where(HistoryEntry.membership_id == member.id))
    assert entry.kind is HistoryKind.MEMBERSHIP and entry.network_id == network.id
    # Out of the directory, and the former member no longer sees it either.
    assert client.get("/netzwerke/allianz/verzeichnis").status_code == 404
    client.post("/abmelden")
    login_as(peer)
    assert "Müller" not in client.get("/netzwerke/allianz/verzeichnis").get_data(as_text=True)
    # Leaving twice is not possible.
    client.post("/abmelden")
    login_as(member.account)
    assert client.post(f"/mein-bereich/mitgliedschaften/{member.id}/beenden").status_code == 404


def test_nobody_can_end_someone_elses_membership(client, login_as, network, member, make_member):
    login_as(make_member(network).account)
    assert client.get(f"/mein-bereich/mitgliedschaften/{member.id}/beenden").status_code == 404
    assert client.post(f"/mein-bereich/mitgliedschaften/{member.id}/beenden").status_code == 404
    assert db.session.get(Membership, member.id).ended_at is None


def test_profile_shows_the_stored_phone_number_in_national_format(client, login_as, make_network, make_member):
    membership = make_member(make_network(), phone="+493012345678")
    login_as(membership.account)

    page = client.get("/mein-bereich/profil").get_data(as_text=True)

    assert 'value="030 12345678"' in page
