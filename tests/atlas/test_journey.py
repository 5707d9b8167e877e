"""The whole atlas over HTTP: a member submits, the coordinator asks back and publishes, a visitor finds it."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import AtlasEntry, AtlasMethod, AtlasState, OutboxMessage
from tests.atlas.support import page
from tests.conftest import login

STEP1 = {"title": "Bürgerrat Elbwiesen", "summary": "Zufällig geloste Bürger*innen beraten über die Elbwiesen.",
         "body": "Vier Sitzungen im **Rathaus**.", "topic": "planning"}  # fmt: skip
STEP2 = {"organiser": "Stadt Pirna", "bundesland": "SN", "ags": "14628270", "level": "kommune",
         "initiator": "legislature"}  # fmt: skip
STEP4 = {"result": "Zwölf Empfehlungen", "impact": "Vom Stadtrat beraten", "link_portal": "https://beteiligung.example/elbwiesen",
         "link_decision": "", "contact": "buergerrat@pirna.example"}  # fmt: skip


def method_id(name: str) -> int:
    return db.session.scalar(sa.select(AtlasMethod.id).where(AtlasMethod.name == name))


def submit_entry(client, slug: str) -> int:
    response = client.post(f"/netzwerke/{slug}/atlas/meine/neu")
    assert response.status_code == 302
    base = response.headers["Location"].rsplit("/schritt/", 1)[0]
    entry_id = int(base.rsplit("/", 1)[1])
    assert client.post(f"{base}/schritt/1", data=STEP1).status_code == 302
    assert client.post(f"{base}/schritt/2", data=STEP2).status_code == 302
    step3 = {"methods": [str(method_id("Bürgerrat"))], "recruitment": "random", "participants": "40",
             "start_month": "3", "start_year": "2026", "end_month": "6", "end_year": "2026"}  # fmt: skip
    assert client.post(f"{base}/schritt/3", data=step3).status_code == 302
    response = client.post(f"{base}/schritt/4", data=STEP4)
    assert response.headers["Location"].endswith(f"/meine/{entry_id}/einreichen")
    summary = page(client.get(f"{base}/einreichen"))
    assert "Stadt Pirna" in summary.html and "Bürgerrat" in summary.html
    assert client.post(f"{base}/einreichen", data={}).status_code == 302
    return entry_id


def test_member_submits_coordinator_asks_then_publishes_visitor_finds_it(
    client, atlas_network, make_member, make_account, smtp, monkeypatch
):
    member = make_member(atlas_network, first_name="Mira", last_name="Melder")
    coordinator = make_account(coordinates=[atlas_network], first_name="Kai", last_name="Koord")
    slug = atlas_network.slug

    login(client, member.account.email)
    entry_id = submit_entry(client, slug)
    mine = page(client.get(f"/netzwerke/{slug}/atlas/meine/{entry_id}"))
    assert "eingereicht" in mine.texts("span", "kern-label")
    # Not public before review.
    client.post("/abmelden")
    assert client.get(f"/atlas/verfahren/{entry_id}").status_code == 404
    assert "Bürgerrat Elbwiesen" not in client.get("/atlas").get_data(as_text=True)

    # The coordinator sees it in the queue and asks a question back.
    login(client, coordinator.email)
    queue = page(client.get(f"/koordination/{slug}/atlas"))
    assert "Bürgerrat Elbwiesen" in queue.links()
    detail = page(client.get(f"/koordination/{slug}/atlas/{entry_id}"))
    version = detail.find("input", name="question-version")[0][0]["value"]
    response = client.post(
        f"/koordination/{slug}/atlas/{entry_id}/rueckfrage",
        data={"question-version": version, "question-message": "Wie viele Sitzungen gab es genau?"},
    )
    assert response.status_code == 302
    mails = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "atlas_question")).all()
    assert [m.recipient for m in mails] == [member.account.email]
    assert "Wie viele Sitzungen" in mails[0].body_text
    client.post("/abmelden")

    # The member sees the question, edits a field and answers.
    login(client, member.account.email)
    answer_page = page(client.get(f"/netzwerke/{slug}/atlas/meine/{entry_id}/einreichen"))
    assert "Wie viele Sitzungen gab es genau?" in answer_page.html
    edited = dict(STEP1, body="Vier Sitzungen im Rathaus, dazu eine Exkursion.")
    assert client.post(f"/netzwerke/{slug}/atlas/meine/{entry_id}/schritt/1", data=edited).status_code == 302
    assert client.post(f"/netzwerke/{slug}/atlas/meine/{entry_id}/einreichen",
                       data={"message": "Vier Sitzungen; ergänzt."}).status_code == 302  # fmt: skip
    client.post("/abmelden")

    # The coordinator publishes; the history shows every step.
    login(client, coordinator.email)
    detail = page(client.get(f"/koordination/{slug}/atlas/{entry_id}"))
    assert "Vier Sitzungen; ergänzt." in detail.html
    version = detail.find("input", name="publish-version")[0][0]["value"]
    assert client.post(f"/koordination/{slug}/atlas/{entry_id}/veroeffentlichen",
                       data={"publish-version": version}).status_code == 302  # fmt: skip
    history = page(client.get(f"/koordination/{slug}/atlas/{entry_id}")).texts("li", "history__entry")
    assert len(history) == 4  # submitted, question, answer, published
    assert "Rückfrage → in Prüfung" in history[2] and "veröffentlicht" in history[3]
    client.post("/abmelden")

    # The author adds a dated status update; the coordinator publishes it.
    login(client, member.account.email)
    update = {"month": "3", "year": "2027", "text": "Ergebnisse an den Stadtrat übergeben"}
    response = client.post(f"/netzwerke/{slug}/atlas/meine/{entry_id}/aktualisierung", data=update)
    assert response.status_code == 302
    client.post("/abmelden")
    login(client, coordinator.email)
    entry = db.session.get(AtlasEntry, entry_id)
    update_id = entry.updates[0].id
    assert client.post(f"/koordination/{slug}/atlas/{entry_id}/aktualisierungen/{update_id}/veroeffentlichen",
                       data={}).status_code == 302  # fmt: skip
    client.post("/abmelden")

    # A visitor finds it by Bundesland and method, sees the source and the update, downloads JSON and CSV.
    found = page(client.get(f"/atlas?bundesland=SN&method={method_id('Bürgerrat')}"))
    assert "1 Verfahren gefunden" in found.texts("p", "atlas-count")[0]
    assert found.links()["Bürgerrat Elbwiesen"] == f"/atlas/verfahren/{entry_id}"
    elsewhere = page(client.get(f"/atlas?bundesland=BY&method={method_id('Bürgerrat')}"))
    assert "0 Verfahren gefunden" in elsewhere.texts("p", "atlas-count")[0]
    other_method = page(client.get(f"/netzwerke/{slug}/atlas?method={method_id('Planungszelle')}"))
    assert "Bürgerrat Elbwiesen" not in other_method.links()
    by_text = page(client.get(f"/netzwerke/{slug}/atlas?q=elbwies"))
    assert "Bürgerrat Elbwiesen" in by_text.links()

    public = page(client.get(f"/atlas/verfahren/{entry_id}"))
    source = public.texts("p", "atlas-source")[0]
    assert "gemeldet von Mitglied Mira Melder" in source
    assert "Ergebnisse an den Stadtrat übergeben" in public.html and "03/2027" in public.html
    assert "CC BY 4.0" in public.texts("p", "atlas-licence")[0]

    data = json.loads(client.get(f"/atlas/verfahren/{entry_id}.json").get_data(as_text=True))
    assert data["title"] == "Bürgerrat Elbwiesen"
    assert data["ags"] == "14628270" and data["bundesland"] == "SN"
    assert data["method_types"][0]["participedia"] == "citizens_assembly"
    assert data["recruitment_method"] == "random" and data["licence"] == "CC-BY-4.0"
    assert data["source"]["name"] == "Mira Melder"
    assert data["updates"] == [{"date": "2027-03", "text": "Ergebnisse an den Stadtrat übergeben"}]

    response = client.get(f"/atlas/verfahren/{entry_id}.csv")
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # BOM: German Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["title"] == "Bürgerrat Elbwiesen" and rows[0]["bundesland"] == "SN"

    whole = client.get("/atlas/daten.csv").get_data().decode("utf-8-sig")
    assert "Bürgerrat Elbwiesen" in whole
    feed = client.get(f"/netzwerke/{slug}/atlas/feed.atom").get_data(as_text=True)
    assert "<title>Bürgerrat Elbwiesen</title>" in feed

    # Links in the feed and the open data come from BASE_URL, whatever host the request named.
    monkeypatch.setitem(current_app.config, "BASE_URL", "https://teilhabe.example")
    feed = client.get(f"/netzwerke/{slug}/atlas/feed.atom").get_data(as_text=True)
    assert f"https://teilhabe.example/atlas/verfahren/{entry_id}" in feed
    assert "http://localhost/" not in feed
    data = json.loads(client.get(f"/atlas/verfahren/{entry_id}.json").get_data(as_text=True))
    assert data["url"] == f"https://teilhabe.example/atlas/verfahren/{entry_id}"


def test_reject_with_reason_reaches_the_author(client, atlas_network, make_member, make_account):
    member = make_member(atlas_network)
    coordinator = make_account(coordinates=[atlas_network])
    login(client, member.account.email)
    entry_id = submit_entry(client, atlas_network.slug)
    client.post("/abmelden")
    login(client, coordinator.email)
    url = f"/koordination/{atlas_network.slug}/atlas/{entry_id}"
    response = client.post(f"{url}/ablehnen", data={"reject-reason": ""})
    assert response.status_code == 422
    assert "Bitte nennen Sie einen Grund." in response.get_data(as_text=True)
    assert client.post(f"{url}/ablehnen", data={"reject-reason": "Kein Bezug zu Sachsen."}).status_code == 302
    assert db.session.get(AtlasEntry, entry_id).state is AtlasState.REJECTED
    client.post("/abmelden")
    login(client, member.account.email)
    mine = page(client.get(f"/netzwerke/{atlas_network.slug}/atlas/meine/{entry_id}"))
    assert "Kein Bezug zu Sachsen." in mine.html
    assert client.get(f"/atlas/verfahren/{entry_id}").status_code == 404


def test_a_coordinator_records_a_procedure_with_the_coordination_as_source(client, atlas_network, make_account):
    coordinator = make_account(coordinates=[atlas_network])
    login(client, coordinator.email)
    entry_id = submit_entry(client, atlas_network.slug)
    version = db.session.get(AtlasEntry, entry_id).version
    url = f"/koordination/{atlas_network.slug}/atlas/{entry_id}/veroeffentlichen"
    assert client.post(url, data={"publish-version": str(version)}).status_code == 302
    public = page(client.get(f"/atlas/verfahren/{entry_id}"))
    assert "erfasst von der Koordination von Netzwerk Sachsen" in public.texts("p", "atlas-source")[0]
