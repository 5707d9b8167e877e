"""Managing members: the list with state, search, filters and constant SQL per page; the member
page (network data, ending a membership); exports for German Excel; the leave notification."""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.members.invitations import invite_many
from app.models import ApplicantKind, CoordinatorAssignment, HistoryEntry, HistoryKind, Membership
from tests.conftest import TEST_PASSWORD, login
from tests.members.conftest import deliver


@contextmanager
def counted_statements():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def people(network, make_member, coordinator):
    """Active, ended and invited people in different Themenkreise, Ländergruppen and Länder."""
    tk = {t.name: t for t in network.themenkreise}
    berlin = network.laendergruppen[0]
    anna = make_member(
        network,
        email="anna@example.org",
        first_name="Anna",
        last_name="Abendroth",
        postcode="10117",
        city="Berlin",
        bundesland="BE",
        themenkreise=[tk["Transparenz"]],
        street="Unter den Linden 1",
        phone="+493012345678",
    )
    anna.laendergruppe_id = berlin.id
    bernd = make_member(
        network,
        email="bernd@example.org",
        first_name="Bernd",
        last_name="Böhm",
        postcode="01067",
        city="Dresden",
        bundesland="SN",
        themenkreise=[tk["Qualität"]],
        kind=ApplicantKind.ORGANISATION,
        organisation="Bürgerstiftung Dresden",
    )
    ended = make_member(network, email="ende@example.org", first_name="Erika", last_name="Ende")
    ended.ended_at = ended.started_at
    invite_many(
        network,
        [
            {
                "email": "ina@example.org",
                "first_name": "Ina",
                "last_name": "Eingeladen",
                "postcode": "04109",
                "bundesland": "SN",
                "themenkreis_ids": [tk["Transparenz"].id],
            }
        ],
        coordinator,
    )
    db.session.commit()
    return {"anna": anna, "bernd": bernd, "ended": ended}


def names(page: str) -> list[str]:
    return [name for name in ("Anna Abendroth", "Bernd Böhm", "Erika Ende", "Ina Eingeladen") if name in page]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Anna Abendroth", "Bernd Böhm", "Erika Ende", "Ina Eingeladen"]),
        ("state=active", ["Anna Abendroth", "Bernd Böhm"]),
        ("state=invited", ["Ina Eingeladen"]),
        ("state=ended", ["Erika Ende"]),
        ("themenkreis=1", ["Anna Abendroth", "Ina Eingeladen"]),
        ("bundesland=SN", ["Bernd Böhm", "Ina Eingeladen"]),
        ("laendergruppe=1", ["Anna Abendroth"]),
        ("kind=organisation", ["Bernd Böhm"]),
        ("q=stiftung", ["Bernd Böhm"]),
        ("q=ina%40example", ["Ina Eingeladen"]),
        (
            "themenkreis=999&state=nonsense&bundesland=XX",
            ["Anna Abendroth", "Bernd Böhm", "Erika Ende", "Ina Eingeladen"],
        ),
    ],
)
def test_list_filters(client, login_as, coordinator, people, query, expected):
    login_as(coordinator)
    response = client.get(f"/koordination/allianz/mitglieder?{query}")
    assert response.status_code == 200
    assert names(response.get_data(as_text=True)) == expected


def test_list_shows_states_and_counts(client, login_as, coordinator, people):
    login_as(coordinator)
    page = client.get("/koordination/allianz/mitglieder").get_data(as_text=True)
    assert "Aktiv: 2 · Eingeladen: 1 · Beendet: 1" in page
    for label in ("aktiv", "eingeladen", "beendet"):
        assert f'<span class="kern-label">{label}</span>' in page


def test_pagination_uses_a_constant_number_of_statements(client, login_as, coordinator, network, make_member):
    login_as(coordinator)
    tk = network.themenkreise

    def grow(count: int, start: int) -> None:
        for number in range(start, start + count):
            make_member(network, email=f"m{number}@example.org", organisation=f"Verein {number}", themenkreise=tk[:2])
        invite_many(
            network,
            [
                {"email": f"i{n}@example.org", "last_name": f"Inv{n}", "themenkreis_ids": [tk[0].id]}
                for n in range(start, start + count)
            ],
            coordinator,
        )
        db.session.commit()

    def statements(path: str) -> int:
        with counted_statements() as seen:
            assert client.get(path).status_code == 200
        return len(seen)

    grow(3, 0)
    statements("/koordination/allianz/mitglieder")  # the first request after login also touches the session
    few = [statements("/koordination/allianz/mitglieder"), statements("/koordination/allianz/mitglieder?q=verein")]
    grow(60, 100)
    many = [
        statements("/koordination/allianz/mitglieder"),
        statements("/koordination/allianz/mitglieder?q=verein"),
        statements("/koordination/allianz/mitglieder?page=2"),
    ]
    assert many == [*few, few[0]], f"{few} statements for 6 people, {many} for 126"
    assert few[0] <= 14


def test_change_network_data_and_history(client, login_as, coordinator, network, people):
    login_as(coordinator)
    anna = people["anna"]
    response = client.post(
        f"/koordination/allianz/mitglieder/{anna.id}",
        data={"form": "data", "themenkreise": ["2", "3"], "laendergruppe": "2", "note": "Spricht auf der Jahrestagung"},
    )
    assert response.status_code == 302
    db.session.refresh(anna)
    assert [tk.name for tk in anna.themenkreise] == ["Qualität", "Kompetenz"]
    assert anna.laendergruppe.name == "Sachsen" and anna.coordinator_note == "Spricht auf der Jahrestagung"
    page = client.get(f"/koordination/allianz/mitglieder/{anna.id}").get_data(as_text=True)
    assert "Themenkreise: Qualität, Kompetenz; Ländergruppe: Sachsen." in page
    # Another network's Themenkreis is refused at the field.
    refused = client.post(f"/koordination/allianz/mitglieder/{anna.id}", data={"form": "data", "themenkreise": ["99"]})
    assert "Bitte wählen Sie nur Themenkreise dieses Netzwerks." in refused.get_data(as_text=True)


def test_end_membership_with_reason_and_mail(client, login_as, coordinator, people, smtp):
    login_as(coordinator)
    anna = people["anna"]
    missing = client.post(f"/koordination/allianz/mitglieder/{anna.id}", data={"form": "end", "reason": ""})
    assert "Bitte geben Sie einen Grund an." in missing.get_data(as_text=True)
    response = client.post(
        f"/koordination/allianz/mitglieder/{anna.id}", data={"form": "end", "reason": "Ruhestand", "notify": "y"}
    )
    assert response.status_code == 302
    db.session.refresh(anna)
    assert anna.ended_at is not None and anna.end_reason == "Ruhestand" and not anna.listed_in_directory
    entry = db.session.scalars(sa.select(HistoryEntry).where(HistoryEntry.membership_id == anna.id)).one()
    assert "Grund: Ruhestand" in entry.message and entry.actor_id == coordinator.id
    deliver()
    (mail,) = smtp.to("anna@example.org")
    assert "Ruhestand" in smtp.text(mail)
    page = client.get(f"/koordination/allianz/mitglieder/{anna.id}").get_data(as_text=True)
    assert "Diese Mitgliedschaft wurde am" in page and "Grund: Ruhestand" in page


def test_exports_for_german_excel(client, login_as, coordinator, people):
    login_as(coordinator)
    response = client.post("/koordination/allianz/mitglieder/export.csv", data={"state": "active"})
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert {"Straße", "PLZ", "Ort", "Themenkreise", "Ländergruppe", "Status", "Mitglied seit"} <= set(header)
    by_name = {row[header.index("Nachname")]: row for row in rows[1:]}
    assert sorted(by_name) == ["Abendroth", "Böhm"]
    assert by_name["Böhm"][header.index("PLZ")] == '="01067"'  # Excel keeps the leading zero
    assert by_name["Abendroth"][header.index("Telefon")] == '="030 12345678"'
    assert by_name["Abendroth"][header.index("Straße")] == "Unter den Linden 1"
    assert by_name["Abendroth"][header.index("Ländergruppe")] == "Berlin-Brandenburg"

    response = client.post("/koordination/allianz/mitglieder/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    bernd = next(row for row in values if row[header.index("Nachname")] == "Böhm")
    assert bernd[header.index("PLZ")] == "01067"  # a text cell
    assert {row[header.index("Status")] for row in values[1:]} == {"aktiv", "beendet", "eingeladen"}
    exports = db.session.scalars(sa.select(HistoryEntry).where(HistoryEntry.kind == HistoryKind.EXPORT)).all()
    assert sorted(e.message for e in exports) == [
        "CSV-Export Mitgliederliste: 2 Zeilen",
        "XLSX-Export Mitgliederliste: 4 Zeilen",
    ]


def test_coordinator_is_told_when_a_member_leaves(client, login_as, coordinator, network, people, smtp):
    login_as(coordinator)
    client.post("/koordination/allianz/mitglieder/benachrichtigungen", data={"notify_member_left": "y"})
    assert db.session.get(CoordinatorAssignment, (coordinator.id, network.id)).notify_member_left
    client.post("/abmelden")
    bernd = people["bernd"]
    login(client, "bernd@example.org", TEST_PASSWORD)
    response = client.post(f"/mein-bereich/mitgliedschaften/{bernd.id}/beenden", data={"confirm": "y"})
    assert response.status_code in (200, 302)
    db.session.refresh(bernd)
    assert bernd.ended_at is not None
    deliver()
    (mail,) = smtp.to(coordinator.email)
    assert "Bernd Böhm hat die Mitgliedschaft" in smtp.text(mail)


def test_pages_of_other_networks_are_404(client, login_as, people, make_network, make_account):
    other = make_network(slug="andere")
    login_as(make_account(coordinates=[other]))
    anna = people["anna"]
    for path in (
        "/koordination/allianz/mitglieder",
        f"/koordination/allianz/mitglieder/{anna.id}",
        "/koordination/allianz/mitglieder/neu",
        f"/koordination/andere/mitglieder/{anna.id}",
        "/koordination/allianz/mitglieder/99999999999",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/koordination/allianz/mitglieder/export.csv").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 3
