"""The member directory: who may look, what they find, and what they never find."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.directory import search
from app.extensions import db
from app.models import ApplicantKind, Laendergruppe, Membership, Visibility, utcnow


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def found(page: str) -> int:
    match = re.search(r"(\d+) Mitglied(?:er)? gefunden", page)
    assert match, "no result count on the page"
    return int(match.group(1))


def titles(page: str) -> list[str]:
    """The card headings in page order."""
    return re.findall(r'<h3 class="kern-heading-small">\s*<a class="kern-link" href="[^"]+">([^<]+)</a>', page)


@pytest.fixture
def network(make_network):
    network = make_network(slug="allianz", name="Allianz", themenkreise=("Transparenz", "Qualität", "Kompetenz"))
    network.accepts_organisations = True
    network.laendergruppen.append(Laendergruppe(name="Berlin-Brandenburg", bundeslaender="BE,BB"))
    db.session.commit()
    return network


@pytest.fixture
def viewer(network, make_member):
    """A logged-in member of the network (unlisted, so they do not show up in counts)."""
    return make_member(network, listed=False, first_name="Vera", last_name="Betrachterin").account


@pytest.fixture
def logged_in(client, viewer, login_as):
    login_as(viewer)
    return client


# --------------------------------------------------------------------------- who may look


def test_anonymous_visitors_are_sent_to_the_login_page(client, network, make_member):
    make_member(network, first_name="Gül", last_name="Geheim")
    response = client.get("/netzwerke/allianz/verzeichnis")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/anmelden?next=")
    response = client.get("/netzwerke/allianz/verzeichnis", follow_redirects=True)
    assert "Gül" not in response.get_data(as_text=True) and "Geheim" not in response.get_data(as_text=True)


def test_members_of_other_networks_and_non_members_get_404(client, network, make_network, make_member, login_as):
    member = make_member(network, first_name="Gül", last_name="Geheim")
    other = make_network(slug="anderes")
    outsider = make_member(other).account
    login_as(outsider)
    for url in (
        "/netzwerke/allianz/verzeichnis",
        f"/netzwerke/allianz/verzeichnis/{member.id}",
        "/netzwerke/allianz/verzeichnis?q=Geheim",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Gül" not in response.get_data(as_text=True)
    assert client.get("/netzwerke/gibt-es-nicht/verzeichnis").status_code == 404


def test_a_member_of_another_network_is_not_shown_through_this_networks_url(
    logged_in, network, make_network, make_member
):
    other = make_network(slug="anderes")
    elsewhere = make_member(other, first_name="Otto", last_name="Anderswo")
    assert logged_in.get(f"/netzwerke/allianz/verzeichnis/{elsewhere.id}").status_code == 404
    assert "Otto" not in page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=Anderswo")


def test_coordinators_and_admins_may_look(client, network, make_account, make_member, login_as):
    make_member(network, first_name="Lena", last_name="Listig")
    login_as(make_account(coordinates=[network]))
    assert "Listig" in page_of(client, "/netzwerke/allianz/verzeichnis")
    client.post("/abmelden")
    login_as(make_account(admin=True))
    assert "Listig" in page_of(client, "/netzwerke/allianz/verzeichnis")


def test_former_members_lose_access(client, network, make_member, login_as):
    membership = make_member(network)
    login_as(membership.account)
    assert client.get("/netzwerke/allianz/verzeichnis").status_code == 200
    membership.ended_at = utcnow()
    db.session.commit()
    assert client.get("/netzwerke/allianz/verzeichnis").status_code == 404


def test_a_switched_off_directory_is_404_for_everyone(client, network, make_account, login_as):
    network.directory_enabled = False
    db.session.commit()
    login_as(make_account(admin=True))
    assert client.get("/netzwerke/allianz/verzeichnis").status_code == 404


# --------------------------------------------------------------------------- never shown


def test_unlisted_members_appear_nowhere(logged_in, network, make_member):
    make_member(network, first_name="Lena", last_name="Listig")
    hidden = make_member(network, listed=False, first_name="Ulla", last_name="Unsichtbar", city="Ulm")
    page = page_of(logged_in, "/netzwerke/allianz/verzeichnis")
    assert found(page) == 1 and "Unsichtbar" not in page
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=Unsichtbar")) == 0
    assert "Ulla" not in page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=Unsichtbar")
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=Ulm")) == 0
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?kind=person&bundesland=BW")) == 0
    assert logged_in.get(f"/netzwerke/allianz/verzeichnis/{hidden.id}").status_code == 404


def test_hidden_fields_are_never_shown_or_searchable(logged_in, network, make_member):
    member = make_member(
        network,
        first_name="Hanna",
        last_name="Hidden",
        email="hanna@example.org",
        phone="+4930123456",
        street="Geheimweg 1",
        postcode="10117",
        city="Berlin",
        description="Expertin für Zebrastreifen",
        email_visibility=Visibility.NOBODY,
        description_visibility=Visibility.NOBODY,
    )
    for url in ("/netzwerke/allianz/verzeichnis", f"/netzwerke/allianz/verzeichnis/{member.id}"):
        page = page_of(logged_in, url)
        assert "Hidden" in page
        for secret in ("hanna@example.org", "123456", "Geheimweg", "10117", "Zebrastreifen"):
            assert secret not in page
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=Zebrastreifen")) == 0
    # The city and the Bundesland derived from the postcode are always shown.
    assert "Berlin" in page_of(logged_in, f"/netzwerke/allianz/verzeichnis/{member.id}")


def test_visible_fields_are_shown_on_the_profile_page(logged_in, network, make_member):
    member = make_member(
        network,
        first_name="Vicky",
        last_name="Visible",
        email="vicky@example.org",
        phone="+493012345678",
        street="Offene Straße 2",
        postcode="80331",
        city="München",
        description="Bürgerräte",
        phone_visibility=Visibility.MEMBERS,
        address_visibility=Visibility.MEMBERS,
        institution="Stadt München",
        function="Referentin",
    )
    page = page_of(logged_in, f"/netzwerke/allianz/verzeichnis/{member.id}")
    for shown in (
        "vicky@example.org",
        "mailto:vicky@example.org",
        "030 12345678",
        "Offene Straße 2",
        "80331",
        "Bürgerräte",
        "Stadt München",
        "Referentin",
        "Bayern",
    ):
        assert shown in page
    assert "Nachricht senden" not in page  # the address is shown, no contact form


# --------------------------------------------------------------------------- finding peers


@pytest.mark.parametrize("query", ["Müller", "muller", "MÜL", "Referent", "Bürgerstiftung", "Köln", "partizipation"])
def test_search_covers_name_institution_function_city_and_description(logged_in, network, make_member, query):
    make_member(
        network,
        first_name="Jana",
        last_name="Müller",
        institution="Bürgerstiftung Köln",
        function="Referentin",
        city="Köln",
        description="Ich forsche zu Partizipation.",
    )
    make_member(network, first_name="Bernd", last_name="Anders", city="Hamburg")
    page = page_of(logged_in, f"/netzwerke/allianz/verzeichnis?q={query}")
    assert found(page) == 1
    assert titles(page) == ["Jana Müller"]


def test_several_words_must_all_match(logged_in, network, make_member):
    make_member(network, first_name="Jana", last_name="Müller", city="Köln")
    make_member(network, first_name="Jan", last_name="Müller", city="Bonn")
    assert titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=müller+bonn")) == ["Jan Müller"]


def test_sorted_by_last_name_with_german_collation(logged_in, network, make_member):
    for last in ("Bauer", "Ärger", "Adler", "Özdemir", "Ostermann", "Zander", "Weiß", "Weiss-Lang"):
        make_member(network, first_name="Kim", last_name=last)
    names = [title.split(" ", 1)[1] for title in titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis"))]
    assert names == ["Adler", "Ärger", "Bauer", "Ostermann", "Özdemir", "Weiß", "Weiss-Lang", "Zander"]
    # The same order when the hits come from the full-text search.
    names = [title.split(" ", 1)[1] for title in titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=kim"))]
    assert names[:3] == ["Adler", "Ärger", "Bauer"]


def test_filters_themenkreis_laendergruppe_bundesland_and_kind(logged_in, network, make_member):
    transparenz, qualitaet, _ = network.themenkreise
    group = network.laendergruppen[0]
    make_member(network, first_name="Anna", last_name="Berlin", postcode="10117", themenkreise=[transparenz])
    potsdam = make_member(
        network, first_name="Paul", last_name="Potsdam", postcode="14467", themenkreise=[transparenz, qualitaet]
    )
    potsdam.laendergruppe = group
    make_member(network, first_name="Sara", last_name="Sachsen", postcode="01067", themenkreise=[qualitaet])
    make_member(
        network,
        organisation="Verein Demokratie leben",
        kind=ApplicantKind.ORGANISATION,
        first_name="Olga",
        last_name="Orga",
        postcode="04109",
    )
    db.session.commit()

    def names(query: str) -> list[str]:
        return titles(page_of(logged_in, f"/netzwerke/allianz/verzeichnis?{query}"))

    assert names(f"themenkreis={transparenz.id}") == ["Anna Berlin", "Paul Potsdam"]
    assert names(f"themenkreis={qualitaet.id}") == ["Paul Potsdam", "Sara Sachsen"]
    assert names(f"laendergruppe={group.id}") == ["Paul Potsdam"]
    assert names("bundesland=SN") == ["Sara Sachsen", "Verein Demokratie leben"]
    assert names("bundesland=BB") == ["Paul Potsdam"]
    assert names("kind=organisation") == ["Verein Demokratie leben"]
    assert names("kind=person&bundesland=SN") == ["Sara Sachsen"]
    assert names(f"themenkreis={qualitaet.id}&bundesland=SN") == ["Sara Sachsen"]
    assert names(f"q=paul&themenkreis={qualitaet.id}") == ["Paul Potsdam"]
    assert names(f"q=paul&themenkreis={qualitaet.id}&bundesland=BE") == []


def label_id(label: str) -> str:
    return {
        "Themenkreis": "themenkreis",
        "Ländergruppe": "laendergruppe",
        "Bundesland": "bundesland",
        "Art des Mitglieds": "kind",
    }[label]


def test_filter_choices_are_offered_as_labelled_selects(logged_in, network):
    page = page_of(logged_in, "/netzwerke/allianz/verzeichnis")
    assert '<label class="kern-label" for="q">Suche' in page
    for label in ("Themenkreis", "Ländergruppe", "Bundesland", "Art des Mitglieds"):
        assert f'for="{label_id(label)}">{label}</label>' in page
    assert "(optional)" not in page  # every search field is optional: no mark needed
    assert "Sachsen-Anhalt" in page and "Berlin-Brandenburg" in page


def test_twenty_per_page_with_page_links_and_count(logged_in, network, make_member):
    for number in range(45):
        make_member(network, first_name="Kim", last_name=f"Mitglied{number:02d}")
    first = page_of(logged_in, "/netzwerke/allianz/verzeichnis")
    assert found(first) == 45 and len(titles(first)) == 20
    assert titles(first)[0] == "Kim Mitglied00"
    assert 'href="/netzwerke/allianz/verzeichnis?page=2"' in first and 'rel="next"' in first
    third = page_of(logged_in, "/netzwerke/allianz/verzeichnis?page=3")
    assert titles(third) == [f"Kim Mitglied{n}" for n in range(40, 45)]
    # Out of range and invalid page numbers never fail.
    assert titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis?page=999")) == titles(third)
    assert titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis?page=abc")) == titles(first)
    # The same through the full-text search.
    assert titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=kim&page=999")) == titles(third)
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=kim&page=999")) == 45
    # Filters are kept in the page links.
    searched = page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=kim")
    assert "page=2" in searched and "q=kim" in searched


def test_searches_with_many_hits_show_the_same_pages(logged_in, network, make_member, monkeypatch):
    """SQLite walks the sort index instead of sorting the hits from WALK_FROM_HITS on: same pages."""
    from app.directory import search

    surnames = ["Özdemir", "Müller", "Mueller", "Abel", "Zander", "Äbi", "Schmidt", "Strauß"]
    for number in range(47):
        make_member(network, first_name="Kim", last_name=f"{surnames[number % 8]}{number % 5}", city="Köln")
    make_member(network, first_name="Lou", last_name="Anders", city="Köln")
    urls = [f"/netzwerke/allianz/verzeichnis?q={q}&page={n}" for q in ("kim", "koln", "k") for n in (1, 2, 3, 99)]
    urls.append("/netzwerke/allianz/verzeichnis?q=kim&kind=person&page=2")

    def listings() -> list[tuple[int, list[str]]]:
        pages = [page_of(logged_in, url) for url in urls]
        return [(found(page), titles(page)) for page in pages]

    monkeypatch.setattr(search, "WALK_FROM_HITS", 10**9)
    sorted_pages = listings()
    monkeypatch.setattr(search, "WALK_FROM_HITS", 2)
    walked_pages = listings()
    assert walked_pages == sorted_pages
    assert sorted_pages[0][0] == 47 and len(sorted_pages[0][1]) == 20 and sorted_pages[4][0] == 48
    assert sorted_pages[3][1] == sorted_pages[2][1]  # past the last page: the last page


@pytest.mark.parametrize(
    "query",
    [
        'q="*)%20AND%20OR%20NEAR(:',
        "q=%27%3B--",
        "q=" + "x" * 300,
        "themenkreis=999999",
        "themenkreis=abc",
        "bundesland=XX",
        "bundesland=%22",
        "kind=alien",
        "laendergruppe=-1",
        "q=%E2%80%8B",
        "q=_%25_",
    ],
)
def test_odd_input_never_fails(logged_in, network, make_member, query):
    make_member(network, first_name="Kim", last_name="Normal")
    response = logged_in.get(f"/netzwerke/allianz/verzeichnis?{query}")
    assert response.status_code == 200


def test_too_long_search_is_explained_at_the_field(logged_in, network):
    page = page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=" + "x" * 150)
    assert "Bitte höchstens 100 Zeichen." in page
    assert 'aria-invalid="true"' in page


def test_organisations_show_their_name_and_contact_person(logged_in, network, make_member):
    member = make_member(
        network,
        organisation="Stadt Saalfeld",
        kind=ApplicantKind.MUNICIPALITY,
        first_name="Sabine",
        last_name="Kontakt",
    )
    page = page_of(logged_in, "/netzwerke/allianz/verzeichnis")
    assert titles(page) == ["Stadt Saalfeld"]
    assert "Ansprechperson: Sabine Kontakt" in page
    assert "Stadt Saalfeld" in page_of(logged_in, f"/netzwerke/allianz/verzeichnis/{member.id}")


# --------------------------------------------------------------------------- the index follows every change


def test_the_index_follows_profile_and_membership_changes(logged_in, network, make_member):
    membership = make_member(network, first_name="Kim", last_name="Vorher")
    account = membership.account
    account.last_name = "Nachher"
    db.session.commit()
    assert titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=nachher")) == ["Kim Nachher"]
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=vorher")) == 0

    membership.listed_in_directory = False
    db.session.commit()
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis")) == 0
    membership.listed_in_directory = True
    membership.themenkreise = [network.themenkreise[2]]
    db.session.commit()
    assert titles(page_of(logged_in, f"/netzwerke/allianz/verzeichnis?themenkreis={network.themenkreise[2].id}"))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE memberships SET listed_in_directory = false WHERE id = :membership",
        "UPDATE memberships SET ended_at = CURRENT_TIMESTAMP WHERE id = :membership",
        "UPDATE accounts SET disabled = true WHERE id = :account",
        "UPDATE accounts SET description_visibility = 'nobody' WHERE id = :account",
        "DELETE FROM membership_themenkreise WHERE membership_id = :membership; "
        "DELETE FROM memberships WHERE id = :membership",
    ],
)
def test_raw_sql_changes_remove_members_at_once(logged_in, network, make_member, statement):
    """Database triggers hide members even when code bypasses the ORM."""
    membership = make_member(
        network, first_name="Kim", last_name="Roh", description="Roggenbrot", themenkreise=[network.themenkreise[0]]
    )
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=roggenbrot")) == 1
    for part in statement.split("; "):
        db.session.execute(sa.text(part), {"membership": membership.id, "account": membership.account_id})
    db.session.commit()
    assert found(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=roggenbrot")) == 0
    for table in (search.directory_entries, search.directory_text, search.directory_themen):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(table)) == 0, table.name


def test_rebuild_index_matches_what_the_orm_maintains(app, network, make_member):
    for number in range(5):
        make_member(
            network,
            first_name="Kim",
            last_name=f"Nummer{number}",
            listed=number != 3,
            themenkreise=[network.themenkreise[number % 3]],
        )
    tables = (search.directory_entries, search.directory_text, search.directory_themen)

    def snapshot():
        return [[tuple(row) for row in db.session.execute(sa.select(*t.c).order_by(*t.c))] for t in tables]

    before = snapshot()
    written = search.rebuild_index(db.session.connection())
    db.session.commit()
    assert written == 4 and snapshot() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 5


def test_sort_key_folds_umlauts_and_sharp_s():
    assert search.sort_key("Adler") < search.sort_key("Ärger") < search.sort_key("Bauer")
    assert search.fold("Weiß Çelik Ğül") == "weiss celik gul"
    assert search.query_words('Mül*ler "Köln"') == ("mul", "ler", "koln")


def test_an_approved_application_appears_in_the_directory_without_extra_calls(logged_in, network, make_account):
    """The review helper's approve step only creates the membership; the index follows by itself."""
    from app.core.tokens import hash_token, new_token
    from app.models import Application, ApplicationState
    from app.review import decisions

    coordinator = make_account(coordinates=[network])
    application = Application(
        network_id=network.id,
        state=ApplicationState.IN_REVIEW,
        first_name="Neu",
        last_name="Zugang",
        email="neu.zugang@example.org",
        postcode="01067",
        city="Dresden",
        wants_directory_listing=True,
        submission_token=new_token(),
        status_token_hash=hash_token(new_token()),
        themenkreise=[network.themenkreise[1]],
    )
    db.session.add(application)
    db.session.flush()
    decisions.approve(application, coordinator)
    db.session.commit()
    assert titles(page_of(logged_in, "/netzwerke/allianz/verzeichnis?q=zugang&bundesland=SN")) == ["Neu Zugang"]
    page = page_of(logged_in, f"/netzwerke/allianz/verzeichnis?themenkreis={network.themenkreise[1].id}")
    assert "Neu Zugang" in page
