"""Consent texts are versioned by their SHA-256; each application records the version it saw."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from app.core import consent
from app.extensions import db
from app.models import ConsentKind, ConsentRecord, ConsentText
from tests.apply_support import ACTIVITY, INSTITUTION, PERSON, application_of, fill_steps, page, send

CONDITIONS = "Ich unterstütze die Leitgedanken des Netzwerks."


@pytest.fixture
def network(make_network):
    return make_network(
        slug="netz",
        themenkreise=(),
        privacy_notice="Wir speichern **nur** das Nötigste.",
        conditions="Aktive Mitarbeit.",
        conditions_confirmation=CONDITIONS,
    )


def versions(kind: ConsentKind) -> list[ConsentText]:
    db.session.expire_all()
    query = sa.select(ConsentText).where(ConsentText.kind == kind).order_by(ConsentText.version)
    return list(db.session.scalars(query))


def test_same_text_same_version_changed_text_new_version(network):
    first = consent.current_version(network, ConsentKind.PRIVACY, "Text A")
    same = consent.current_version(network, ConsentKind.PRIVACY, "Text A")
    changed = consent.current_version(network, ConsentKind.PRIVACY, "Text B")
    back = consent.current_version(network, ConsentKind.PRIVACY, "Text A")
    other_kind = consent.current_version(network, ConsentKind.CONDITIONS, "Text A")
    db.session.commit()

    assert first.id == same.id == back.id
    assert (first.version, changed.version, other_kind.version) == (1, 2, 1)
    assert first.sha256 == hashlib.sha256(b"Text A").hexdigest()
    assert changed.sha256 == hashlib.sha256(b"Text B").hexdigest()


def test_versions_are_per_network(network, make_network):
    other = make_network(slug="anderes")
    assert consent.current_version(network, ConsentKind.PRIVACY, "Text").version == 1
    assert consent.current_version(other, ConsentKind.PRIVACY, "Text").version == 1
    db.session.commit()


def test_each_application_records_the_texts_it_agreed_to(client, network, smtp):
    send(client, "netz", fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY))

    application = application_of(PERSON["email"])
    records = {record.consent_text.kind: record for record in application.consent_records}
    privacy = records[ConsentKind.PRIVACY].consent_text
    assert str(consent.PRIVACY_CONSENT_LABEL) in privacy.text
    assert "Wir speichern **nur** das Nötigste." in privacy.text
    assert privacy.sha256 == hashlib.sha256(privacy.text.encode()).hexdigest()
    assert CONDITIONS in records[ConsentKind.CONDITIONS].consent_text.text
    assert records[ConsentKind.PRIVACY].given_at is not None


def test_no_conditions_record_where_the_network_has_none(client, make_network, smtp):
    make_network(slug="frei", themenkreise=())
    step4 = fill_steps(client, "frei", PERSON, INSTITUTION, ACTIVITY)
    assert 'name="consent_conditions"' not in step4
    send(client, "frei", step4)
    kinds = [record.consent_text.kind for record in application_of(PERSON["email"]).consent_records]
    assert kinds == [ConsentKind.PRIVACY]


def test_a_changed_text_must_be_confirmed_again(client, network, smtp):
    step4 = fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY)
    network.privacy_notice = "Neue Fassung: Wir speichern Ihre Angaben zwei Jahre."
    db.session.commit()

    response = send(client, "netz", step4)

    assert response.status_code == 200
    assert "Der Text wurde inzwischen geändert" in page(response)
    assert application_of(PERSON["email"]) is None

    response = send(client, "netz", page(client.get("/netzwerke/netz/mitglied-werden/schritt/4")))
    assert response.status_code == 302
    [privacy] = versions(ConsentKind.PRIVACY)
    assert "Neue Fassung" in privacy.text


def test_applicants_of_different_versions_point_at_different_rows(client, network, smtp):
    send(client, "netz", fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY))
    network.privacy_notice = "Zweite Fassung."
    db.session.commit()
    send(client, "netz", fill_steps(client, "netz", {**PERSON, "email": "zweite@example.org"}, INSTITUTION, ACTIVITY))

    first, second = versions(ConsentKind.PRIVACY)
    assert (first.version, second.version) == (1, 2)
    by_version = {
        record.application.email: record.consent_text.version
        for record in db.session.scalars(
            sa.select(ConsentRecord).join(ConsentText).where(ConsentText.kind == ConsentKind.PRIVACY)
        )
    }
    assert by_version == {PERSON["email"]: 1, "zweite@example.org": 2}


def test_network_privacy_page(client, network, make_network):
    text = page(client.get("/netzwerke/netz/datenschutz"))
    assert "Wir speichern <strong>nur</strong> das Nötigste." in text
    assert 'href="/datenschutz"' in text

    make_network(slug="standard", privacy_notice="")
    default = page(client.get("/netzwerke/standard/datenschutz"))
    assert "Unbestätigte Anträge werden nach 7 Tagen gelöscht." in default
    assert client.get("/netzwerke/unbekannt/datenschutz").status_code == 404
