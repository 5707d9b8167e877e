"""Browser journeys of the members feature (issue #10): a coordinator imports a list, the invited
person confirms, the coordinator manages members and writes to a Themenkreis (count first).
Every page: zero axe violations, no console or server error, fits 375 px."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.outbox.worker import send_due
from tests.browser.flows import log_in, log_out
from tests.browser.helpers import button, by_label, wait_for_mail
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

ALLIANZ = "allianz-vielfaeltige-demokratie"
LIST = (
    "Vorname;Nachname;E-Mail;Institution;PLZ;Ort;Themenkreis\r\n"
    "Jürgen;Müller;juergen.import@example.org;Stadt Görlitz;02826;Görlitz;Transparenz\r\n"
    "Ole;Ohnemail;;Verein;;;\r\n"
).encode("cp1252")
NEW_PASSWORD = "Netzwerk-Beteiligung-77"


@pytest.fixture
def coordinator(app, make_account):
    from app.extensions import db
    from app.models import Network

    network = db.session.scalars(sa.select(Network).filter_by(slug=ALLIANZ)).one()
    return make_account(email="koordination.browser@example.org", coordinates=[network])


def deliver() -> None:
    """What the outbox worker does in production."""
    while send_due(limit=500).sent:
        pass


def test_import_invite_confirm_manage_and_message(page: Page, contexts, checkpoint, coordinator, smtp):
    log_in(page, coordinator.email)
    page.goto(f"/koordination/{ALLIANZ}/mitglieder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitglieder")
    checkpoint(page, "mitglieder")

    page.get_by_role("link", name="Mitglieder importieren").click()
    checkpoint(page, "import-hochladen")
    by_label(page, "Datei mit der Mitgliederliste").set_input_files(
        {"name": "liste.csv", "mimeType": "text/csv", "buffer": LIST}
    )
    button(page, "Datei prüfen").click()
    expect(page.get_by_text("2 Zeilen: 1 werden eingeladen", exact=False)).to_be_visible()
    expect(page.get_by_text("Die E-Mail-Adresse fehlt.")).to_be_visible()
    checkpoint(page, "import-probelauf")
    button(page, "Gültige Zeilen importieren und einladen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import abgeschlossen")
    checkpoint(page, "import-fertig")

    page.get_by_role("link", name="Eingeladene ansehen").click()
    page.get_by_role("link", name="Jürgen Müller", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jürgen Müller")
    checkpoint(page, "einladung")
    page.goto(f"/koordination/{ALLIANZ}/mitglieder/neu")
    checkpoint(page, "mitglied-hinzufuegen")
    log_out(page)

    # The invited person confirms, consents, sets a password and joins the directory.
    deliver()
    link = wait_for_mail(smtp, "juergen.import@example.org", contains="/mitgliedschaft/einladung/")
    invited = contexts.new().new_page()
    invited.goto(link)
    expect(invited.get_by_role("heading", level=1)).to_have_text("Mitgliedschaft bestätigen")
    checkpoint(invited, "einladung-annehmen")
    invited.get_by_label("Ja, ich möchte Mitglied in diesem Netzwerk sein.").check()
    invited.get_by_label("Ich habe die Datenschutzerklärung gelesen", exact=False).check()
    invited.get_by_label("Im Mitgliederverzeichnis erscheinen", exact=False).check()
    by_label(invited, "Passwort").fill(NEW_PASSWORD)
    by_label(invited, "Passwort wiederholen").fill(NEW_PASSWORD)
    button(invited, "Mitgliedschaft bestätigen").click()
    expect(invited.get_by_role("status")).to_contain_text("Willkommen im Netzwerk")
    log_in(invited, "juergen.import@example.org", NEW_PASSWORD)
    invited.goto(f"/netzwerke/{ALLIANZ}/verzeichnis?q=Müller")
    expect(invited.get_by_text("Jürgen Müller").first).to_be_visible()
    invited.goto("/mein-bereich/rundschreiben")
    checkpoint(invited, "rundschreiben-einstellung")

    # The coordinator writes to the Themenkreis Transparenz: the count comes first (no JavaScript needed).
    coordination = contexts.new(java_script_enabled=False).new_page()
    log_in(coordination, coordinator.email)
    coordination.goto(f"/koordination/{ALLIANZ}/nachrichten/neu")
    checkpoint(coordination, "nachricht-schreiben")
    by_label(coordination, "Empfänger*innen").select_option(label="Themenkreis: Integrierte Partizipation")
    by_label(coordination, "Betreff").fill("Treffen des Themenkreises")
    by_label(coordination, "Text").fill("Liebe Mitglieder,\n\nwir treffen uns **am Montag**.")
    button(coordination, "Vorschau und Zahl der Empfänger*innen zeigen").click()
    count = coordination.locator("#recipient-count")
    expect(count).to_contain_text("Empfänger*in")
    checkpoint(coordination, "nachricht-vorschau")
    coordination.get_by_role("button", name="senden").click()
    expect(coordination.get_by_role("status").first).to_contain_text("eingereiht")
    checkpoint(coordination, "nachricht-archiviert")
    coordination.get_by_role("link", name="Nachrichten an Mitglieder").first.click()
    checkpoint(coordination, "nachrichten-archiv")

    # Member page: end a membership with a reason.
    coordination.goto(f"/koordination/{ALLIANZ}/mitglieder?q=Müller&state=active")
    coordination.get_by_role("link", name="Jürgen Müller", exact=True).click()
    checkpoint(coordination, "mitglied")
    by_label(coordination, "Grund").fill("Auf eigenen Wunsch")
    button(coordination, "Mitgliedschaft beenden").click()
    expect(coordination.get_by_text("Grund: Auf eigenen Wunsch").first).to_be_visible()
    checkpoint(coordination, "mitglied-beendet")


def test_unsubscribe_page_works_without_login(page: Page, checkpoint, app, make_member):
    from app.extensions import db
    from app.members.messages import unsubscribe_token
    from app.models import Network

    network = db.session.scalars(sa.select(Network).filter_by(slug=ALLIANZ)).one()
    membership = make_member(network, email="leser@example.org")
    page.goto(f"/rundschreiben/abbestellen/{unsubscribe_token(membership.id)}")
    checkpoint(page, "abbestellen")
    button(page, "Keine Rundschreiben mehr von diesem Netzwerk").click()
    expect(page.get_by_text("Erledigt:", exact=False)).to_be_visible()
    checkpoint(page, "abbestellt")
    assert TEST_PASSWORD
