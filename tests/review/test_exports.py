"""CSV exports for German Excel: UTF-8 with BOM, ';', formula injection defused, recorded in history."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ApplicationState, HistoryEntry, HistoryKind
from app.review.exports import safe_cell
from tests.review_support import make_application

S = ApplicationState


@pytest.fixture
def network(make_network):
    return make_network(slug="allianz", name="Allianz", themenkreise=("Transparenz", "Qualität"))


@pytest.fixture
def coordinator(make_account, network):
    return make_account(email="koord@example.org", first_name="Kai", last_name="Koordinator", coordinates=[network])


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = response.data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def export_entries() -> list[HistoryEntry]:
    return list(db.session.scalars(sa.select(HistoryEntry).where(HistoryEntry.kind == HistoryKind.EXPORT)))


def test_applications_export_is_excel_friendly_and_recorded(client, login_as, coordinator, network):
    make_application(
        network,
        S.RECEIVED,
        first_name="Zoë",
        last_name="Müller; Söhne",
        institution="Straße & Co",
        email="zoe@example.org",
        phone="+493012345678",
        themenkreise=network.themenkreise,
        description='Zeile 1\nZeile "2"',
    )
    make_application(network, S.UNCONFIRMED, first_name="Unbestätigt")
    login_as(coordinator)

    response = client.post("/koordination/allianz/export/antraege", data={"status": "all"})

    rows = read_csv(response)
    assert 'filename="antraege-allianz-' in response.headers["Content-Disposition"]
    assert rows[0][:7] == ["Nr.", "Status", "Eingegangen am", "Art", "Vorname", "Nachname", "E-Mail"]
    assert len(rows) == 2  # header + the confirmed application only
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Nachname"] == "Müller; Söhne" and row["Institution"] == "Straße & Co"
    assert row["Telefon"] == "030 12345678"
    assert row["Themenkreise"] == "Transparenz, Qualität"
    assert row["Beschreibung"] == 'Zeile 1\nZeile "2"'
    assert row["Status"] == "eingegangen"
    [entry] = export_entries()
    assert entry.network_id == network.id and entry.actor_id == coordinator.id and entry.internal
    assert "1 Zeilen" in entry.message


def test_applications_export_follows_the_queue_filters(client, login_as, coordinator, network):
    make_application(network, S.RECEIVED, first_name="Offen")
    make_application(network, S.ACCEPTED, first_name="Angenommen")
    make_application(network, S.RECEIVED, first_name="Gesucht", institution="Stadt Saalfeld")
    login_as(coordinator)

    def first_names(**data):
        rows = read_csv(client.post("/koordination/allianz/export/antraege", data=data))
        return sorted(row[4] for row in rows[1:])

    assert first_names() == ["Gesucht", "Offen"]
    assert first_names(status="accepted") == ["Angenommen"]
    assert first_names(status="all", q="Saalfeld") == ["Gesucht"]
    assert len(export_entries()) == 3


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 30 1", "'+49 30 1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Normal", "Normal"),
        ("E-Mail", "E-Mail"),
    ],
)
def test_cells_that_look_like_formulas_are_defused(value, expected):
    assert safe_cell(value) == expected


def test_formula_injection_through_an_application(client, login_as, coordinator, network):
    make_application(network, S.RECEIVED, first_name="=cmd|' /C calc'!A0", institution="@evil")
    login_as(coordinator)

    rows = read_csv(client.post("/koordination/allianz/export/antraege"))

    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Vorname"] == "'=cmd|' /C calc'!A0"
    assert row["Institution"] == "'@evil"


def test_members_export(client, login_as, coordinator, network, make_member, make_network):
    make_member(
        network,
        first_name="Alma",
        last_name="Zimmer",
        email="alma@example.org",
        organisation="Verein Beteiligung e.V.",
        themenkreise=[network.themenkreise[1]],
        listed=False,
    )
    ended = make_member(network, first_name="Ehemalig", email="alt@example.org")
    ended.ended_at = ended.started_at
    make_member(make_network(slug="andere"), first_name="Fremd")
    db.session.commit()
    login_as(coordinator)

    response = client.post("/koordination/allianz/export/mitglieder")

    rows = read_csv(response)
    assert 'filename="mitglieder-allianz-' in response.headers["Content-Disposition"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Vorname"], row["Nachname"], row["E-Mail"]) == ("Alma", "Zimmer", "alma@example.org")
    assert row["Organisation / Institution"] == "Verein Beteiligung e.V."
    assert row["Themenkreise"] == "Qualität" and row["Im Verzeichnis"] == "nein"
    [entry] = export_entries()
    assert entry.network_id == network.id and "Mitglieder" in entry.message


def test_exports_are_post_only_and_scoped(client, login_as, make_account, make_network, network):
    login_as(make_account(coordinates=[make_network(slug="andere")]))
    assert client.get("/koordination/allianz/export/antraege").status_code == 405
    assert client.post("/koordination/allianz/export/antraege").status_code == 404
    assert client.post("/koordination/allianz/export/mitglieder").status_code == 404
    assert export_entries() == []
