"""Importing an existing member list over HTTP: encodings, separators, XLSX, mapping, dry run,
errors and warnings, confirm, rejected rows, idempotence, history."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time
from openpyxl import Workbook

from app.extensions import db
from app.models import HistoryEntry, HistoryKind, MemberImport, MemberInvitation, OutboxMessage

HEADER = "Vorname;Nachname;E-Mail;Institution;Funktion;Straße;PLZ;Ort;Telefon;Themenkreis;Bemerkung"
ROWS = [
    "Jürgen;Müller-Lüdenscheidt;juergen@example.org;Stadt Görlitz;Bürgermeister;Untermarkt 6;02826;Görlitz;"
    "03581 671200;Transparenz;alt",
    "Zoë;Weiß;zoe@example.org;Bürgerstiftung Dresden;Referentin;Königstraße 1;01097;Dresden;;Qualität, Kompetenz;",
    "Ole;Ohnemail;;Verein X;;;;;;;",
    "Anna;Falsch;anna@example.org;Institut Y;;;1234x;Berlin;;Transparenz;",
    "Jürgen;Müller;JUERGEN@example.org;Stadt Görlitz;;;;;;;doppelt",
    "Bea;Unbekannt;bea@example.org;Z;;;;;;Gibt es nicht;",
]


def csv_bytes(encoding: str = "utf-8", separator: str = ";", bom: bool = False) -> bytes:
    text = "\r\n".join([HEADER, *ROWS]).replace(";", separator) if separator != ";" else "\r\n".join([HEADER, *ROWS])
    if separator == ",":
        # Values with commas must be quoted as Excel does.
        lines = [line.split(";") for line in [HEADER, *ROWS]]
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=",", lineterminator="\r\n").writerows(lines)
        text = buffer.getvalue()
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(client, data: bytes, filename: str = "mitglieder.csv"):
    return client.post(
        "/koordination/allianz/mitglieder/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def latest_import() -> MemberImport:
    return db.session.scalars(sa.select(MemberImport).order_by(MemberImport.id.desc())).first()


@pytest.mark.parametrize(
    ("encoding", "separator", "bom"),
    [
        ("utf-8", ";", False),
        ("utf-8", ";", True),
        ("cp1252", ";", False),
        ("utf-8", ",", False),
        ("cp1252", ",", False),
    ],
)
def test_dry_run_shows_every_problem_and_stores_nothing(client, login_as, coordinator, encoding, separator, bom):
    login_as(coordinator)
    response = upload(client, csv_bytes(encoding, separator, bom))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    everything = client.get(response.headers["Location"] + "?zeilen=alle").get_data(as_text=True)
    # Umlauts survive every encoding.
    assert "Jürgen Müller-Lüdenscheidt" in everything and "Zoë Weiß" in everything
    assert "6 Zeilen: 2 werden eingeladen, 1 übersprungen, 3 mit Fehlern" in page
    assert "Die E-Mail-Adresse fehlt." in page
    assert "Ungültige PLZ: „1234x“" in page
    assert "Unbekannter Themenkreis: „Gibt es nicht“" in page
    assert "Dieselbe E-Mail-Adresse steht schon in Zeile 2" in page
    assert "Nicht zugeordnet und ignoriert: Bemerkung" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberInvitation)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_confirm_invites_only_valid_rows_and_twice_creates_nothing(client, login_as, coordinator, network):
    login_as(coordinator)
    upload(client, csv_bytes())
    first = latest_import()
    response = client.post(f"/koordination/allianz/mitglieder/import/{first.id}/importieren")
    assert response.status_code == 302
    invitations = db.session.scalars(sa.select(MemberInvitation).order_by(MemberInvitation.email)).all()
    assert [i.email for i in invitations] == ["juergen@example.org", "zoe@example.org"]
    juergen = invitations[0]
    assert juergen.postcode == "02826" and juergen.phone == "+493581671200" and juergen.bundesland == "SN"
    assert [tk.name for tk in juergen.themenkreise] == ["Transparenz"]
    assert juergen.laendergruppe.name == "Sachsen"  # derived from the postcode
    assert [tk.name for tk in invitations[1].themenkreise] == ["Qualität", "Kompetenz"]
    # One invitation mail each, queued and not sent in the request.
    mails = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "member_invitation")).all()
    assert sorted(m.recipient for m in mails) == ["juergen@example.org", "zoe@example.org"]
    assert all(m.sent_at is None for m in mails)
    done = client.get(f"/koordination/allianz/mitglieder/import/{first.id}").get_data(as_text=True)
    assert "Import abgeschlossen" in done
    entry = db.session.scalars(sa.select(HistoryEntry).where(HistoryEntry.kind == HistoryKind.IMPORT)).one()
    assert "mitglieder.csv" in entry.message and "2 eingeladen" in entry.message
    assert entry.network_id == network.id and entry.actor_id == coordinator.id

    # The same file again: everything is skipped.
    upload(client, csv_bytes())
    second = latest_import()
    page = client.get(f"/koordination/allianz/mitglieder/import/{second.id}").get_data(as_text=True)
    assert "0 werden eingeladen" in page and "Bereits eingeladen – wird übersprungen." in page
    client.post(f"/koordination/allianz/mitglieder/import/{second.id}/importieren")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberInvitation)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2


def test_rejected_rows_download_as_csv_for_excel(client, login_as, coordinator):
    login_as(coordinator)
    upload(client, csv_bytes("cp1252"))
    member_import = latest_import()
    response = client.get(f"/koordination/allianz/mitglieder/import/{member_import.id}/fehlerhafte-zeilen.csv")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Fehler" and rows[0][0] == "Vorname"
    assert [row[1] for row in rows[1:]] == ["Ohnemail", "Falsch", "Unbekannt"]
    assert "Ungültige PLZ" in rows[2][-1]


def test_xlsx_with_numeric_postcode_keeps_the_leading_zero(client, login_as, coordinator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["First name", "Last name", "Email", "Organisation", "Zip", "City", "Member since"])
    sheet.append(["Karl", "Köhler", "karl@example.org", "Verein Leipzig", 4109, "Leipzig", "01.03.2019"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login_as(coordinator)
    upload(client, buffer.getvalue(), "liste.xlsx")
    member_import = latest_import()
    page = client.get(f"/koordination/allianz/mitglieder/import/{member_import.id}").get_data(as_text=True)
    assert "als „04109“ gelesen" in page
    client.post(f"/koordination/allianz/mitglieder/import/{member_import.id}/importieren")
    invitation = db.session.scalars(sa.select(MemberInvitation)).one()
    assert invitation.postcode == "04109" and invitation.last_name == "Köhler"
    assert invitation.member_since.isoformat() == "2019-03-01"


def test_mapping_can_be_corrected(client, login_as, coordinator):
    data = b"Wer;Adresse;Mail\r\nMaria Schmidt;x;maria@example.org\r\n"
    login_as(coordinator)
    upload(client, data)
    member_import = latest_import()
    page = client.get(f"/koordination/allianz/mitglieder/import/{member_import.id}").get_data(as_text=True)
    assert "Keine Spalte ist als „Nachname“, „Name“ oder „Institution“ zugeordnet." in page
    client.post(
        f"/koordination/allianz/mitglieder/import/{member_import.id}/zuordnung",
        data={"column-0": "name", "column-1": "", "column-2": "email"},
    )
    page = client.get(f"/koordination/allianz/mitglieder/import/{member_import.id}?zeilen=alle").get_data(as_text=True)
    assert "1 Zeilen: 1 werden eingeladen" in page and "Maria Schmidt" in page
    assert "Nicht zugeordnet und ignoriert: Adresse" in page


def test_existing_member_and_similar_organisation_are_warned(client, login_as, coordinator, network, make_member):
    make_member(network, email="juergen@example.org", organisation="Stadt Görlitz")
    make_member(network, email="someone@example.org", organisation="Bürgerstiftung Dresden e.V.")
    login_as(coordinator)
    upload(client, csv_bytes())
    member_import = latest_import()
    page = client.get(f"/koordination/allianz/mitglieder/import/{member_import.id}").get_data(as_text=True)
    assert "Bereits Mitglied dieses Netzwerks – wird übersprungen." in page
    assert "hat möglicherweise schon ein Mitglied" in page


def test_bad_files_get_a_message_at_the_field(client, login_as, coordinator):
    login_as(coordinator)
    assert "Die Datei ist leer." in upload(client, b"").get_data(as_text=True)
    response = upload(client, b"nur eine Kopfzeile\r\n")
    assert response.status_code == 200
    assert "Kopfzeile und mindestens eine Zeile" in response.get_data(as_text=True)
    response = upload(client, b"PK\x03\x04kaputt", "liste.xlsx")
    assert "Die Excel-Datei konnte nicht gelesen werden." in response.get_data(as_text=True)
    assert client.post("/koordination/allianz/mitglieder/import").status_code == 200


def test_other_networks_imports_are_404(client, login_as, coordinator, make_network, make_account):
    other = make_network(slug="andere")
    login_as(make_account(coordinates=[other]))
    assert client.get("/koordination/allianz/mitglieder/import").status_code == 404
    login_as(coordinator)
    upload(client, csv_bytes())
    member_import = latest_import()
    assert client.get(f"/koordination/andere/mitglieder/import/{member_import.id}").status_code == 404
    assert client.get("/koordination/allianz/mitglieder/import/99999999999").status_code == 404


def test_cli_dry_run_and_import(runner, network, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes("cp1252"))
    result = runner.invoke(args=["members", "import", str(path), "--network", "allianz", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Zeile 4: FEHLER: Die E-Mail-Adresse fehlt." in result.output
    assert "Probelauf: 6 Zeilen: 2 neu, 1 übersprungen, 3 mit Fehlern. Nichts gespeichert." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberImport)) == 0
    result = runner.invoke(args=["members", "import", str(path), "--network", "allianz"])
    assert result.exit_code == 0, result.output
    assert "Einladungen eingereiht: 2." in result.output
    result = runner.invoke(args=["members", "import", str(path), "--network", "allianz"])
    assert "Einladungen eingereiht: 0." in result.output
    assert runner.invoke(args=["members", "import", str(path), "--network", "gibtsnicht"]).exit_code != 0


def test_member_since_today_counts_in_german_time(client, login_as, coordinator):
    """At 23:30 UTC it is already the next day in Germany: that date is today, not the future."""
    instant = datetime.now(UTC).replace(hour=23, minute=30, second=0, microsecond=0)
    german_today = (instant + timedelta(days=1)).date()
    login_as(coordinator)
    data = (
        "Vorname;Nachname;E-Mail;Institution;Mitglied seit\r\n"
        f"Heute;Deutsch;heute@example.org;Verein A;{german_today:%d.%m.%Y}\r\n"
        f"Morgen;Deutsch;morgen@example.org;Verein B;{german_today + timedelta(days=1):%d.%m.%Y}\r\n"
    ).encode()
    with freeze_time(instant):
        upload(client, data)
        member_import = latest_import()
        page = client.get(f"/koordination/allianz/mitglieder/import/{member_import.id}").get_data(as_text=True)
    assert f"„Mitglied seit“: „{german_today + timedelta(days=1):%d.%m.%Y}“" in page
    assert f"„Mitglied seit“: „{german_today:%d.%m.%Y}“" not in page
