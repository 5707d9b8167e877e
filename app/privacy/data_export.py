"""GDPR (DSGVO) data export ("Meine Daten herunterladen"): every stored row about a person.

What belongs to a person (PERSONAL_TABLES) is every table that refers to an account or an
application, plus the organisations of their memberships; tests/privacy/test_privacy_export.py
derives that list from the model metadata, so a new table or column cannot be forgotten.
The search tables are derived copies (DERIVED_TABLES) and are not exported.
Erasure (app/privacy/erasure.py) and retention (retention.py) work on the same PersonScope.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Account, Application, ConsentText, Membership, utcnow
from app.programmes.privacy import programme_rows, redact_programme_rows
from app.verification.privacy import export_conditions

# Tables with personal data, in the order of the export.
PERSONAL_TABLES = (
    "accounts", "login_sessions", "coordinator_assignments", "memberships", "membership_themenkreise",
    "organisations", "applications", "application_themenkreise", "consent_records", "history_entries",
    "tokens", "outbox_messages", "outbox_attachments", "event_registrations", "event_registration_history",
    "calendar_feeds", "atlas_entries", "atlas_entry_methods", "atlas_updates", "atlas_history",
    "member_invitations", "member_invitation_themenkreise", "member_imports", "cohort_interest_notices",
    "member_messages", "cohort_participations", "milestone_ticks", "seal_cases", "seal_reviews",
    "membership_contacts", "verifications", "verification_events", "verified_domains",
)  # fmt: skip
# Derived data, rebuilt from the tables above and deleted with them.
DERIVED_TABLES = (
    "directory_fts_entries", "directory_fts_text", "directory_fts_themen", "atlas_fts_entries", "review_fts_entries",
)  # fmt: skip
# Secrets are stored but never handed out, not even to their owner.
SECRET_COLUMNS = {
    ("accounts", "password_hash"),
    ("login_sessions", "token_hash"),
    ("tokens", "token_hash"),
    ("applications", "status_token_hash"),
    ("member_invitations", "token_hash"),
    # The rows of a list a coordinator uploaded are other people's data.
    ("member_imports", "data"),
    ("applications", "submission_token"),
    ("event_registrations", "link_nonce"),
    ("calendar_feeds", "nonce"),
    ("membership_contacts", "token_hash"),
}
SECTION_TITLES = {
    "accounts": _l("Konto und Profil"),
    "login_sessions": _l("Angemeldete Geräte"),
    "coordinator_assignments": _l("Koordinationsrollen"),
    "memberships": _l("Mitgliedschaften"),
    "membership_themenkreise": _l("Themenkreise Ihrer Mitgliedschaften"),
    "organisations": _l("Organisationen Ihrer Mitgliedschaften und Anträge"),
    "applications": _l("Mitgliedsanträge"),
    "application_themenkreise": _l("Themenkreise Ihrer Anträge"),
    "consent_records": _l("Einwilligungen"),
    "history_entries": _l("Verlauf"),
    "tokens": _l("Bestätigungs- und Einladungslinks"),
    "outbox_messages": _l("E-Mails an Sie"),
    "atlas_entries": _l("Beteiligungsatlas: Ihre Meldungen"),
    "atlas_entry_methods": _l("Beteiligungsatlas: Methoden Ihrer Meldungen"),
    "atlas_updates": _l("Beteiligungsatlas: Aktualisierungen"),
    "atlas_history": _l("Beteiligungsatlas: Verlauf"),
    "outbox_attachments": _l("Anhänge der E-Mails an Sie"),
    "event_registrations": _l("Anmeldungen zu Veranstaltungen"),
    "event_registration_history": _l("Verlauf Ihrer Anmeldungen"),
    "calendar_feeds": _l("Persönlicher Kalender"),
    "cohort_participations": _l("Teilnahme an Programmdurchgängen"),
    "milestone_ticks": _l("Meilensteine im Programm"),
    "seal_cases": _l("Siegel"),
    "seal_reviews": _l("Bewertungsbögen zum Siegel"),
    "cohort_interest_notices": _l("Hinweise auf freie Plätze im Programm"),
    "membership_contacts": _l("Ansprechperson für Organisationen"),
    "verifications": _l("Verifizierungen"),
    "verification_events": _l("Verlauf der Verifizierungen"),
    "verified_domains": _l("Verifizierte E-Mail-Domains, die Sie eingetragen haben"),
}
# Readable names for the HTML export; any other column shows its technical name.
COLUMN_LABELS = {
    "id": _l("Nummer"), "email": _l("E-Mail-Adresse"), "first_name": _l("Vorname"), "last_name": _l("Nachname"),
    "institution": _l("Institution"), "function": _l("Funktion"), "street": _l("Straße"), "postcode": _l("PLZ"),
    "city": _l("Ort"), "country": _l("Land"), "bundesland": _l("Bundesland"), "phone": _l("Telefon"),
    "description": _l("Kurzdarstellung"), "website": _l("Website"), "name": _l("Name"), "state": _l("Status"),
    "created_at": _l("Angelegt am"), "updated_at": _l("Geändert am"), "network_id": _l("Netzwerk (Nummer)"),
    "account_id": _l("Konto (Nummer)"), "application_id": _l("Antrag (Nummer)"),
    "membership_id": _l("Mitgliedschaft (Nummer)"), "started_at": _l("Beginn"), "ended_at": _l("Ende"),
    "listed_in_directory": _l("Im Verzeichnis"), "message": _l("Nachricht"), "recipient": _l("Empfänger*in"),
    "subject": _l("Betreff"), "body_text": _l("Text"), "given_at": _l("Erteilt am"), "kind": _l("Art"),
    "password_hash": _l("Passwort"), "token_hash": _l("Schlüssel"), "user_agent": _l("Browser"),
    "last_seen_at": _l("Zuletzt aktiv"), "email_visibility": _l("Sichtbarkeit E-Mail"),
    "phone_visibility": _l("Sichtbarkeit Telefon"), "address_visibility": _l("Sichtbarkeit Adresse"),
    "description_visibility": _l("Sichtbarkeit Kurzdarstellung"), "themenkreis_id": _l("Themenkreis (Nummer)"),
    "actor_label": _l("Wer"), "decided_at": _l("Entschieden am"), "confirmed_at": _l("Bestätigt am"),
    "is_admin": _l("Administrator*in"), "disabled": _l("Gesperrt"), "locale": _l("Sprache"),
    "last_login_at": _l("Letzte Anmeldung"), "password_changed_at": _l("Passwort geändert am"),
    "notify": _l("E-Mail bei neuen Anträgen"), "internal": _l("Nur für die Koordination"),
    "from_state": _l("Status vorher"), "to_state": _l("Status nachher"), "actor_id": _l("Konto der Person (Nummer)"),
    "organisation_id": _l("Organisation (Nummer)"), "laendergruppe_id": _l("Ländergruppe (Nummer)"),
    "wants_directory_listing": _l("Im Verzeichnis gewünscht"), "consent_text_id": _l("Einwilligungstext (Nummer)"),
    "purpose": _l("Zweck"), "payload": _l("Inhalt"), "expires_at": _l("Gültig bis"), "used_at": _l("Benutzt am"),
    "status": _l("Versandstatus"), "template": _l("Vorlage"), "sent_at": _l("Gesendet am"),
    "attempts": _l("Versuche"), "body_html": _l("Text (HTML)"), "last_error": _l("Letzter Fehler"),
    "next_attempt_at": _l("Nächster Versuch"), "anonymised_at": _l("Anonymisiert am"),
    "applicant_kind": _l("Art des Antrags"), "organisation_type": _l("Art der Organisation"),
    "assigned_to_id": _l("Zuständig (Konto-Nummer)"), "version": _l("Bearbeitungsstand"),
    "normalized_name": _l("Name (vereinheitlicht)"), "type": _l("Typ"),
    "institution_normalized": _l("Institution (vereinheitlicht)"),
}  # fmt: skip
REDACTED = "(gespeichert, wird aus Sicherheitsgründen nicht ausgegeben)"
# Who acted on the person's application or membership, when it was someone else: the role only.
# Art. 15 DSGVO gives the person their own data, internal notes about them included; the names and
# e-mail addresses of coordinators are data of other people (Art. 15(4)) and are not handed out.
COORDINATION_LABEL = "Koordination"
OTHER_PERSON = "(betrifft eine andere Person, wird nicht ausgegeben)"


def scalar_ids(query: sa.Select) -> list[int]:
    """The non-null values of a one-column select of ids."""
    return [value for value in db.session.scalars(query) if value is not None]


@dataclass
class PersonScope:
    """The rows that belong to one person."""

    account_id: int
    email: str
    application_ids: list[int]
    membership_ids: list[int]
    organisation_ids: list[int]
    atlas_entry_ids: list[int] = field(default_factory=list)  # atlas entries the person reported


def person_scope(account: Account) -> PersonScope:
    """The ids of the applications, memberships and organisations that belong to this account."""
    mine = sa.or_(Application.account_id == account.id, Application.email == account.email)
    application_ids = scalar_ids(sa.select(Application.id).where(mine))
    membership_ids = scalar_ids(sa.select(Membership.id).where(Membership.account_id == account.id))
    organisation_ids = sorted(
        set(scalar_ids(sa.select(Membership.organisation_id).where(Membership.id.in_(membership_ids))))
        | set(scalar_ids(sa.select(Application.organisation_id).where(Application.id.in_(application_ids))))
    )
    atlas = db.metadata.tables["atlas_entries"]
    atlas_entry_ids = scalar_ids(sa.select(atlas.c.id).where(atlas.c.author_id == account.id))
    return PersonScope(account.id, account.email, application_ids, membership_ids, organisation_ids, atlas_entry_ids)


def _where(scope: PersonScope) -> dict[str, Any]:
    """For each personal table: the condition that selects this person's rows."""
    t = db.metadata.tables
    apps, members = scope.application_ids, scope.membership_ids
    mails = sa.or_(
        t["outbox_messages"].c.account_id == scope.account_id,
        t["outbox_messages"].c.application_id.in_(apps),
        t["outbox_messages"].c.recipient == scope.email,
    )
    registrations = sa.or_(
        t["event_registrations"].c.account_id == scope.account_id, t["event_registrations"].c.email == scope.email
    )
    return {
        "accounts": t["accounts"].c.id == scope.account_id,
        "login_sessions": t["login_sessions"].c.account_id == scope.account_id,
        "coordinator_assignments": t["coordinator_assignments"].c.account_id == scope.account_id,
        "memberships": t["memberships"].c.account_id == scope.account_id,
        "membership_themenkreise": t["membership_themenkreise"].c.membership_id.in_(members),
        "organisations": t["organisations"].c.id.in_(scope.organisation_ids),
        "applications": t["applications"].c.id.in_(apps),
        "application_themenkreise": t["application_themenkreise"].c.application_id.in_(apps),
        "consent_records": t["consent_records"].c.application_id.in_(apps),
        "history_entries": sa.or_(
            t["history_entries"].c.application_id.in_(apps),
            t["history_entries"].c.membership_id.in_(members),
            t["history_entries"].c.actor_id == scope.account_id,
        ),
        "tokens": sa.or_(t["tokens"].c.account_id == scope.account_id, t["tokens"].c.application_id.in_(apps)),
        "outbox_messages": mails,
        "outbox_attachments": t["outbox_attachments"].c.message_id.in_(
            sa.select(t["outbox_messages"].c.id).where(mails)
        ),
        "atlas_entries": sa.or_(
            t["atlas_entries"].c.id.in_(scope.atlas_entry_ids), t["atlas_entries"].c.assigned_to_id == scope.account_id
        ),
        "atlas_entry_methods": t["atlas_entry_methods"].c.entry_id.in_(scope.atlas_entry_ids),
        "atlas_updates": sa.or_(
            t["atlas_updates"].c.entry_id.in_(scope.atlas_entry_ids), t["atlas_updates"].c.author_id == scope.account_id
        ),
        "atlas_history": sa.or_(
            t["atlas_history"].c.entry_id.in_(scope.atlas_entry_ids), t["atlas_history"].c.actor_id == scope.account_id
        ),
        "event_registrations": registrations,
        "event_registration_history": t["event_registration_history"].c.registration_id.in_(
            sa.select(t["event_registrations"].c.id).where(registrations)
        ),
        "calendar_feeds": t["calendar_feeds"].c.account_id == scope.account_id,
        # Invitations to me (open, or the accepted record with my consent); lists and messages I handled.
        "member_invitations": _my_invitations(t, scope),
        "member_invitation_themenkreise": t["member_invitation_themenkreise"].c.invitation_id.in_(
            sa.select(t["member_invitations"].c.id).where(_my_invitations(t, scope))
        ),
        "member_imports": t["member_imports"].c.actor_id == scope.account_id,
        "member_messages": t["member_messages"].c.author_id == scope.account_id,
        **programme_rows(t, scope.membership_ids, scope.account_id),
        **export_conditions(t, scope.account_id, scope.email, scope.membership_ids),
    }


def _my_invitations(t, scope: PersonScope):
    invitations = t["member_invitations"]
    return sa.or_(invitations.c.email == scope.email, invitations.c.membership_id.in_(scope.membership_ids))


def collect_personal_data(account: Account) -> dict[str, list[dict[str, Any]]]:
    """Every stored row about the person, all columns (secrets redacted), keyed by table name."""
    scope = person_scope(account)
    conditions = _where(scope)
    data: dict[str, list[dict[str, Any]]] = {}
    for name in PERSONAL_TABLES:
        table = db.metadata.tables[name]
        order = list(table.primary_key.columns)
        rows = db.session.execute(sa.select(table).where(conditions[name]).order_by(*order)).mappings()
        data[name] = [
            {
                column.name: REDACTED if (name, column.name) in SECRET_COLUMNS else row[column.name]
                for column in table.columns
            }
            for row in rows
        ]
    # Things I did on other people's applications (as a coordinator): the fact, not their content.
    for row in data["history_entries"]:
        if row["application_id"] not in scope.application_ids and row["membership_id"] not in scope.membership_ids:
            row["message"] = OTHER_PERSON
        elif row["actor_id"] is not None and row["actor_id"] != scope.account_id:
            # A coordinator's entry about me (internal notes included): what, not who.
            row["actor_id"] = None
            row["actor_label"] = COORDINATION_LABEL
    for row in data["outbox_messages"]:
        if row["reply_to"] and row["reply_to"] != scope.email:  # a coordinator's address
            row["reply_to"] = OTHER_PERSON
    for row in data["applications"]:
        if row["assigned_to_id"] is not None and row["assigned_to_id"] != scope.account_id:
            row["assigned_to_id"] = OTHER_PERSON
    redact_programme_rows(data, scope.account_id, OTHER_PERSON)
    for row in data["atlas_history"]:  # the same for reviews of other people's atlas entries
        if row["entry_id"] not in scope.atlas_entry_ids:
            row["message"] = OTHER_PERSON
    return data


def consent_texts_for(data: dict[str, list[dict[str, Any]]]) -> list[ConsentText]:
    """The consent texts the exported consent records refer to (shown in full in the export)."""
    ids = {row["consent_text_id"] for row in data["consent_records"]}
    if not ids:
        return []
    return list(db.session.scalars(sa.select(ConsentText).where(ConsentText.id.in_(ids)).order_by(ConsentText.id)))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def export_document(account: Account) -> dict[str, Any]:
    """The JSON export ("Meine Daten herunterladen")."""
    data = collect_personal_data(account)
    return {
        "format": "teilhabe-datenauskunft/1",
        "exported_at": utcnow().isoformat(),
        "account_email": account.email,
        "note": (
            "Alle bei Teilhabe über Sie gespeicherten Daten (Art. 15 und 20 DSGVO). Passwörter und "
            "Sicherheits-Token werden nur als gespeichert vermerkt. Das Suchverzeichnis ist eine Kopie "
            "dieser Daten und wird nicht gesondert ausgegeben."
        ),
        "tables": _plain(data),
        "consent_texts": [
            {
                "id": text.id,
                "network_id": text.network_id,
                "kind": text.kind.value,
                "version": text.version,
                "locale": text.locale,
                "text": text.text,
                "sha256": text.sha256,
            }
            for text in consent_texts_for(data)
        ],
    }
