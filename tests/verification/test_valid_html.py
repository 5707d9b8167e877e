"""The pages of issue #16 (contacts, verification) pass the W3C Nu HTML Checker (the pattern of
tests/core/test_valid_html.py: one vnu run for all pages)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import MembershipContact, Verification, utcnow
from tests.conftest import TEST_PASSWORD, login
from tests.core.test_valid_html import JAVA, VNU_JAR, in_ci, validate


def test_contact_and_verification_pages_are_valid_html(
    app, client, kommunen, jena, coordinator, make_account, login_as, tmp_path
):
    if JAVA is None:
        if in_ci():
            pytest.fail("java is missing: install default-jre-headless (see .ci/run)")
        pytest.skip("java not installed: HTML validation skipped")
    assert VNU_JAR.is_file(), "node_modules/vnu-jar is missing: run `make setup`"
    pages: dict[str, str] = {}
    login_as(jena.account)
    client.post(f"/mitgliedschaften/{jena.id}/ansprechpersonen/einladen", data={"last_name": "Z", "email": "z@x.org"})
    # A second contact, so that the handover and leave forms both show.
    other = make_account(email="zweite@jena.example")
    db.session.add(MembershipContact(membership_id=jena.id, account_id=other.id, since=utcnow(), listed=True))
    db.session.commit()
    for name, url in [
        ("organisationen", "/mein-bereich/organisationen"),
        ("ansprechpersonen", f"/mitgliedschaften/{jena.id}/ansprechpersonen"),
        ("verifizierung-leer", f"/mein-bereich/verifizierung/{jena.id}"),
        ("beenden-hauptansprechperson", f"/mein-bereich/mitgliedschaften/{jena.id}/beenden"),
    ]:
        pages[name] = client.get(url).get_data(as_text=True)
    refused = client.post(f"/mein-bereich/mitgliedschaften/{jena.id}/beenden", data={"choice": "end"})
    pages["beenden-bestaetigung-fehlt"] = refused.get_data(as_text=True)
    further = app.test_client()
    login(further, "zweite@jena.example", TEST_PASSWORD)
    pages["beenden-ansprechperson"] = further.get(f"/mein-bereich/mitgliedschaften/{jena.id}/beenden").get_data(
        as_text=True
    )
    client.post(f"/mein-bereich/verifizierung/{jena.id}", data={"text": "Nachweis"})
    pages["verifizierung-offen"] = client.get(f"/mein-bereich/verifizierung/{jena.id}").get_data(as_text=True)
    verification = db.session.scalar(sa.select(Verification))
    coord = app.test_client()
    login(coord, coordinator.email, TEST_PASSWORD)
    base = f"/koordination/{kommunen.slug}/verifizierung"
    for name, url in [
        ("warteschlange", base),
        ("antrag", f"{base}/{verification.id}"),
        ("direkt", f"{base}/mitglied/{jena.id}"),
        ("domains", f"{base}/domains"),
        ("mitglied", f"/koordination/{kommunen.slug}/mitglieder/{jena.id}"),
    ]:
        response = coord.get(url)
        assert response.status_code == 200, url
        pages[name] = response.get_data(as_text=True)
    for name, text in pages.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    errors = validate(tmp_path)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
