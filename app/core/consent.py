"""Versioned consent texts: every change of a text makes a new version, identified by SHA-256.

A consent record points at the exact version the applicant saw, so what someone agreed to
can be shown years later, even after the network changed its privacy notice.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Application, ConsentKind, ConsentRecord, ConsentText, Network

# The wording of the consent checkbox; it is part of the recorded text.
PRIVACY_CONSENT_LABEL = _l(
    "Ich habe die Datenschutzerklärung gelesen und bin einverstanden, dass meine Angaben zur "
    "Bearbeitung meines Mitgliedsantrags gespeichert und verarbeitet werden."
)

# Used when neither the network nor the operator (PRIVACY_TEXT) provides a privacy notice.
DEFAULT_PRIVACY_NOTICE = _l(
    "**Wer verarbeitet Ihre Angaben?** Die Koordination des Netzwerks und die betreibende Stelle "
    "dieser Plattform.\n\n"
    "**Wozu?** Um Ihren Mitgliedsantrag zu prüfen, mit Ihnen dazu Kontakt aufzunehmen und – wenn "
    "der Antrag angenommen wird – Ihre Mitgliedschaft zu verwalten.\n\n"
    "**Welche Angaben?** Die Angaben aus dem Antragsformular, Ihre Einwilligung mit Datum und der "
    "Fassung dieses Textes sowie der Verlauf Ihres Antrags.\n\n"
    "**Wie lange?** Unbestätigte Anträge werden nach 7 Tagen gelöscht. Abgelehnte und "
    "zurückgezogene Anträge werden nach Ablauf der Aufbewahrungsfrist anonymisiert.\n\n"
    "**Im Mitgliederverzeichnis** erscheinen Sie nur, wenn Sie das ausdrücklich wünschen.\n\n"
    "**Ihre Rechte:** Sie können Ihre Einwilligung jederzeit widerrufen, indem Sie Ihren Antrag "
    "zurückziehen. Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der "
    "Verarbeitung sowie auf Beschwerde bei einer Datenschutzaufsichtsbehörde."
)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def privacy_notice(network: Network) -> str:
    """The privacy notice (Markdown) shown for this network's application form."""
    return network.privacy_notice or current_app.config.get("PRIVACY_TEXT") or str(DEFAULT_PRIVACY_NOTICE)


def consent_texts(network: Network) -> dict[ConsentKind, str]:
    """The texts an applicant agrees to right now, in the current language."""
    texts = {ConsentKind.PRIVACY: f"{PRIVACY_CONSENT_LABEL}\n\n{privacy_notice(network)}"}
    if network.conditions_confirmation:
        texts[ConsentKind.CONDITIONS] = f"{network.conditions_confirmation}\n\n{network.conditions}".strip()
    return texts


def current_version(network: Network, kind: ConsentKind, text: str, locale: str = "de") -> ConsentText:
    """The stored version of exactly this text; a new version is added when the text changed (flushes)."""
    digest = text_hash(text)
    for _attempt in range(3):
        existing = db.session.scalar(
            sa.select(ConsentText)
            .where(ConsentText.network_id == network.id, ConsentText.kind == kind, ConsentText.sha256 == digest)
            .order_by(ConsentText.version.desc())
            .limit(1)
        )
        if existing is not None:
            return existing
        latest = db.session.scalar(
            sa.select(sa.func.max(ConsentText.version)).where(
                ConsentText.network_id == network.id, ConsentText.kind == kind
            )
        )
        version = ConsentText(
            network_id=network.id, kind=kind, version=(latest or 0) + 1, locale=locale, text=text, sha256=digest
        )
        try:
            # A savepoint: a concurrent request may have taken this version number first.
            with db.session.begin_nested():
                db.session.add(version)
        except IntegrityError:
            continue
        return version
    raise RuntimeError("could not store a new consent text version")


def record_consents(application: Application, texts: dict[ConsentKind, str], locale: str = "de") -> list[ConsentRecord]:
    """Record that the applicant agreed to these texts now (flushes)."""
    network = application.network
    records = [
        ConsentRecord(application_id=application.id, consent_text=current_version(network, kind, text, locale))
        for kind, text in texts.items()
    ]
    db.session.add_all(records)
    db.session.flush()
    return records


def changed_since_shown(texts: dict[ConsentKind, str], shown: dict[ConsentKind, str]) -> list[ConsentKind]:
    """The consents whose text changed after the applicant saw it (by hash): they confirm again."""
    return [kind for kind, seen in shown.items() if seen and kind in texts and seen != text_hash(texts[kind])]
