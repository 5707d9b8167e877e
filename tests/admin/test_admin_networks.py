"""Administration: access rules, overview, creating, editing and deleting networks."""

from __future__ import annotations

import re
import secrets

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Application, ApplicationState, Event, Network, Themenkreis
from tests.conftest import login


@pytest.fixture
def admin(make_account, login_as):
    account = make_account("admin@example.org", admin=True)
    login_as(account)
    return account


def make_application(network, state=ApplicationState.RECEIVED, **values) -> Application:
    """A minimal application row in the given state (no workflow, for counting)."""
    values.setdefault("first_name", "Alex")
    values.setdefault("last_name", "Beispiel")
    values.setdefault("email", f"{secrets.token_hex(4)}@example.org")
    application = Application(
        network=network,
        state=state,
        submission_token=secrets.token_hex(16),
        status_token_hash=secrets.token_hex(32),
        **values,
    )
    db.session.add(application)
    db.session.commit()
    return application


NETWORK_FORM = {
    "name": "Netzwerk Beteiligung Sachsen",
    "slug": "beteiligung-sachsen",
    "short_description": "Austausch für kommunale Akteur*innen in Sachsen.",
    "description": "Wir **vernetzen** Kommunen.",
    "conditions": "Kommunen und Initiativen aus Sachsen.",
    "conditions_confirmation": "Wir arbeiten in Sachsen.",
    "privacy_notice": "Wir speichern Ihre Angaben für die Mitgliedschaft.",
    "operator": "Erfahrungsnetzwerk e.V.",
    "website": "www.beteiligung-sachsen.example",
    "contact_email": "Kontakt@Beteiligung-Sachsen.example",
    "applicant_kinds": ["organisation", "municipality"],
    "one_membership_per_organisation": "y",
    "applications_open": "y",
    "programme_period": "Programm 2026/27",
    "capacity": "20",
    "directory_enabled": "y",
    "themenkreis_required": "y",
    "multiple_themenkreise": "y",
    "rejection_template": "Leider können wir Sie nicht aufnehmen.",
}


def is_checked(page: str, field_id: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page)
    assert tag, field_id
    return " checked" in tag.group(0)


# --------------------------------------------------------------------------- access


# Events are coordinated in app/events (/koordination/<slug>/veranstaltungen, admins included).
ADMIN_PAGES = [
    "/verwaltung/",
    "/verwaltung/statistik",
    "/verwaltung/netzwerke/neu",
    "/verwaltung/netzwerke/{slug}/",
    "/verwaltung/netzwerke/{slug}/bearbeiten",
    "/verwaltung/netzwerke/{slug}/loeschen",
    "/verwaltung/netzwerke/{slug}/themenkreise",
    "/verwaltung/netzwerke/{slug}/themenkreise/{tk}",
    "/verwaltung/netzwerke/{slug}/laendergruppen",
    "/verwaltung/netzwerke/{slug}/koordination",
    "/verwaltung/netzwerke/{slug}/statistik",
]


@pytest.fixture
def setting(make_network, make_account, make_member):
    network = make_network(slug="allianz")
    member = make_member(network, email="mitglied@example.org")
    coordinator = make_account("koordination@example.org", coordinates=[network])
    return network, member.account, coordinator


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, setting, page):
    network = setting[0]
    url = page.format(slug=network.slug, tk=network.themenkreise[0].id)

    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/anmelden")


@pytest.mark.parametrize("role", ["member", "coordinator"])
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_members_and_coordinators_get_404(client, setting, page, role):
    network, member, coordinator = setting
    login(client, (member if role == "member" else coordinator).email)
    url = page.format(slug=network.slug, tk=network.themenkreise[0].id)

    assert client.get(url).status_code == 404


def test_coordinator_cannot_change_a_network_by_post(client, setting):
    network, _, coordinator = setting
    login(client, coordinator.email)

    response = client.post(f"/verwaltung/netzwerke/{network.slug}/bearbeiten", data={**NETWORK_FORM, "slug": "x"})
    delete = client.post(f"/verwaltung/netzwerke/{network.slug}/loeschen")

    assert response.status_code == 404 and delete.status_code == 404
    assert db.session.scalar(sa.select(Network.slug)) == "allianz"


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_sees_every_page(client, setting, admin, page):
    network = setting[0]
    url = page.format(slug=network.slug, tk=network.themenkreise[0].id)

    response = client.get(url)

    assert response.status_code == 200
    assert "Verwaltung" in response.get_data(as_text=True)


def test_admin_gets_404_for_unknown_network_and_foreign_ids(client, admin, make_network):
    make_network(slug="eins")
    other = make_network(slug="zwei")
    foreign_tk = other.themenkreise[0].id

    assert client.get("/verwaltung/netzwerke/gibt-es-nicht/").status_code == 404
    assert client.get(f"/verwaltung/netzwerke/eins/themenkreise/{foreign_tk}").status_code == 404
    assert client.post(f"/verwaltung/netzwerke/eins/themenkreise/{foreign_tk}/loeschen").status_code == 404
    assert db.session.get(Themenkreis, foreign_tk) is not None


def test_header_shows_verwaltung_link_only_to_admins(client, setting, make_account):
    member = setting[1]
    login(client, member.email)
    assert 'href="/verwaltung/"' not in client.get("/").get_data(as_text=True)
    client.post("/abmelden")
    admin = make_account("chefin@example.org", admin=True)
    login(client, admin.email)
    assert 'href="/verwaltung/"' in client.get("/").get_data(as_text=True)


# --------------------------------------------------------------------------- overview


def test_overview_lists_networks_with_open_applications_and_members(client, admin, make_network, make_member):
    allianz = make_network(slug="allianz", name="Allianz Vielfältige Demokratie")
    make_network(slug="leer", name="Leeres Netzwerk")
    for state in (
        ApplicationState.RECEIVED,
        ApplicationState.RECEIVED,
        ApplicationState.QUERY,
        ApplicationState.ACCEPTED,
    ):
        make_application(allianz, state)
    make_member(allianz)
    make_member(allianz)
    ended = make_member(allianz)
    ended.ended_at = ended.started_at
    db.session.commit()

    page = client.get("/verwaltung/").get_data(as_text=True)

    row = page.split("Allianz Vielfältige Demokratie")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0].strip() for cell in row.split('kern-table__cell--numeric">')[1:]]
    # unbestätigt, eingegangen, in Prüfung, Rückfrage, Mitglieder
    assert cells == ["0", "2", "0", "1", "2"]
    assert "Leeres Netzwerk" in page
    assert 'href="/verwaltung/netzwerke/allianz/"' in page
    assert 'href="/verwaltung/netzwerke/neu"' in page


# --------------------------------------------------------------------------- create and edit


def test_admin_creates_a_network_with_every_setting(client, admin):
    response = client.post("/verwaltung/netzwerke/neu", data=NETWORK_FORM, follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "wurde angelegt" in page
    # Themenkreis required but none yet: the admin is warned.
    assert "noch keine Themenkreise" in page
    network = db.session.scalar(sa.select(Network).where(Network.slug == "beteiligung-sachsen"))
    assert network.name == "Netzwerk Beteiligung Sachsen"
    assert network.website == "https://www.beteiligung-sachsen.example"
    assert network.contact_email == "kontakt@beteiligung-sachsen.example"
    assert (network.accepts_persons, network.accepts_organisations, network.accepts_municipalities) == (
        False,
        True,
        True,
    )
    assert network.one_membership_per_organisation and network.applications_open and network.directory_enabled
    assert network.themenkreis_required and network.multiple_themenkreise
    assert network.capacity == 20 and network.programme_period == "Programm 2026/27"
    assert network.conditions_confirmation == "Wir arbeiten in Sachsen."
    assert network.privacy_notice.startswith("Wir speichern")
    assert network.rejection_template == "Leider können wir Sie nicht aufnehmen."

    public = client.get("/netzwerke/beteiligung-sachsen/").get_data(as_text=True)
    assert "<strong>vernetzen</strong>" in public
    assert "Organisationen und Initiativen, Kommunen" in public


def test_new_network_form_starts_with_sensible_defaults(client, admin):
    page = client.get("/verwaltung/netzwerke/neu").get_data(as_text=True)

    assert is_checked(page, "applications_open") and is_checked(page, "directory_enabled")
    assert is_checked(page, "applicant_kinds-0")  # Einzelpersonen
    assert not is_checked(page, "applicant_kinds-1") and not is_checked(page, "themenkreis_required")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "Großes Netz"}, "slug", "Kleinbuchstaben a–z"),
        ({"slug": "-netz"}, "slug", "Kleinbuchstaben a–z"),
        ({"slug": "netz--x"}, "slug", "Kleinbuchstaben a–z"),
        ({"slug": ""}, "slug", "Bitte geben Sie einen Kurznamen"),
        ({"applicant_kinds": []}, "applicant_kinds", "mindestens eine Art"),
        ({"applicant_kinds": ["robots"]}, "applicant_kinds", "mindestens eine Art"),
        ({"capacity": "viele"}, "capacity", "ganze Zahl"),
        ({"capacity": "0"}, "capacity", "Zahl von 1 bis 100.000"),
        ({"capacity": "9" * 30}, "capacity", "Zahl von 1 bis 100.000"),
        ({"website": "kein link"}, "website", "gültige Adresse"),
        ({"contact_email": "kontakt@"}, "contact_email", "gültige E-Mail-Adresse"),
        ({"name": ""}, "name", "Bitte geben Sie den Namen an."),
        ({"short_description": "x" * 501}, "short_description", "höchstens 500 Zeichen"),
    ],
)
def test_invalid_network_input_shows_german_message_at_the_field(client, admin, changes, field, message):
    response = client.post("/verwaltung/netzwerke/neu", data={**NETWORK_FORM, **changes})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page.split(f'id="{field}-error"')[1][:400]
    assert "Bitte korrigieren Sie die folgenden Angaben" in page
    # Typed input is kept.
    assert 'value="Erfahrungsnetzwerk e.V."' in page
    assert db.session.scalar(sa.select(sa.func.count(Network.id))) == 0


def test_duplicate_slug_is_refused_at_the_field(client, admin, make_network):
    make_network(slug="beteiligung-sachsen")

    response = client.post("/verwaltung/netzwerke/neu", data=NETWORK_FORM)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Diesen Kurznamen verwendet schon ein anderes Netzwerk." in page.split('id="slug-error"')[1][:300]
    assert db.session.scalar(sa.select(sa.func.count(Network.id))) == 1


def test_edit_form_shows_current_settings_and_saves_changes(client, admin, make_network):
    network = make_network(slug="alt", name="Altes Netz", accepts_persons=True, capacity=None)

    page = client.get("/verwaltung/netzwerke/alt/bearbeiten").get_data(as_text=True)
    assert 'value="Altes Netz"' in page and 'value="alt"' in page

    response = client.post(
        "/verwaltung/netzwerke/alt/bearbeiten",
        data={**NETWORK_FORM, "slug": "neu", "applications_open": "", "applicant_kinds": ["person"]},
        follow_redirects=True,
    )

    assert "wurden gespeichert" in response.get_data(as_text=True)
    db.session.refresh(network)
    assert network.slug == "neu" and network.name == "Netzwerk Beteiligung Sachsen"
    assert network.applications_open is False
    assert network.applicant_kinds[0].value == "person" and len(network.applicant_kinds) == 1
    assert client.get("/netzwerke/alt/").status_code == 404
    assert "keine neuen Mitglieder" in client.get("/netzwerke/neu/").get_data(as_text=True)


def test_edit_keeping_own_slug_is_fine_but_another_networks_slug_is_not(client, admin, make_network):
    make_network(slug="belegt")
    network = make_network(slug="meins")

    same = client.post("/verwaltung/netzwerke/meins/bearbeiten", data={**NETWORK_FORM, "slug": "meins"})
    taken = client.post("/verwaltung/netzwerke/meins/bearbeiten", data={**NETWORK_FORM, "slug": "belegt"})

    assert same.status_code == 302
    assert taken.status_code == 200
    assert "Diesen Kurznamen verwendet schon" in taken.get_data(as_text=True)
    db.session.refresh(network)
    assert network.slug == "meins"


# --------------------------------------------------------------------------- delete


def test_deleting_a_network_with_members_is_refused(client, admin, make_network, make_member):
    network = make_network(slug="voll", name="Volles Netz")
    make_member(network)

    response = client.post("/verwaltung/netzwerke/voll/loeschen", follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "kann deshalb nicht gelöscht werden" in page
    assert "1 Mitgliedschaft" in page
    assert "Anträge sind möglich" in page
    assert db.session.get(Network, network.id) is not None


def test_deleting_a_network_with_applications_is_refused(client, admin, make_network):
    network = make_network(slug="antraege")
    make_application(network, ApplicationState.REJECTED)

    client.post("/verwaltung/netzwerke/antraege/loeschen")

    assert db.session.get(Network, network.id) is not None


def test_deleting_an_unused_network_asks_first_then_removes_everything(client, admin, make_network, make_account):
    network = make_network(slug="irrtum", name="Aus Versehen")
    make_account("koord@example.org", coordinates=[network])
    db.session.add(Event(network=network, title="Treffen", starts_at=network.created_at, ends_at=network.created_at))
    db.session.commit()

    confirm = client.get("/verwaltung/netzwerke/irrtum/loeschen").get_data(as_text=True)
    assert "wirklich löschen" in confirm

    response = client.post("/verwaltung/netzwerke/irrtum/loeschen", follow_redirects=True)

    assert "wurde gelöscht" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Network.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Themenkreis.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0
