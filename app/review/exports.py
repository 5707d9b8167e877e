"""CSV exports for coordinators, made for German Excel: UTF-8 with BOM, ';' as separator.

Every export is recorded in the history of the network (who exported what, when).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.core import history
from app.core.regions import bundesland_name
from app.core.values import format_phone
from app.extensions import db
from app.models import BERLIN, Account, Application, HistoryKind, Membership, Network

BOM = "\ufeff"
# A cell starting with one of these is a formula in spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text for one cell; values that a spreadsheet would run as a formula get a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_l("ja") if value else _l("nein"))
    if isinstance(value, datetime):
        return value.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Iterable[str], rows: Iterable[Iterable]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(str(title)) for title in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _record(network: Network, actor: Account, what: str, count: int) -> None:
    history.record(
        HistoryKind.EXPORT,
        network_id=network.id,
        actor=actor,
        message=_l("CSV-Export %(what)s: %(count)s Zeilen", what=what, count=count),
        internal=True,
    )


APPLICATION_HEADER = (
    _l("Nr."),
    _l("Status"),
    _l("Eingegangen am"),
    _l("Art"),
    _l("Vorname"),
    _l("Nachname"),
    _l("E-Mail"),
    _l("Telefon"),
    _l("Institution"),
    _l("Funktion"),
    _l("Art der Organisation"),
    _l("Website"),
    _l("Straße"),
    _l("PLZ"),
    _l("Ort"),
    _l("Land"),
    _l("Themenkreise"),
    _l("Verzeichnis gewünscht"),
    _l("Beschreibung"),
    _l("Zuständig"),
    _l("Entschieden am"),
)


def export_applications(network: Network, applications: list[Application], actor: Account) -> bytes:
    """The given applications (the queue's current filter) as CSV; recorded in the history."""
    rows = (
        (
            application.id,
            application.state.label,
            application.confirmed_at or application.created_at,
            application.applicant_kind.label,
            application.first_name,
            application.last_name,
            application.email,
            format_phone(application.phone),
            application.institution,
            application.function,
            application.organisation_type.label if application.organisation_type else "",
            application.website,
            application.street,
            application.postcode,
            application.city,
            application.country,
            ", ".join(tk.name for tk in application.themenkreise),
            application.wants_directory_listing,
            application.description,
            application.assigned_to.display_name if application.assigned_to else "",
            application.decided_at,
        )
        for application in applications
    )
    data = to_csv(APPLICATION_HEADER, rows)
    _record(network, actor, _l("Anträge"), len(applications))
    return data


MEMBER_HEADER = (
    _l("Mitglied seit"),
    _l("Art"),
    _l("Vorname"),
    _l("Nachname"),
    _l("E-Mail"),
    _l("Telefon"),
    _l("Organisation / Institution"),
    _l("Funktion"),
    _l("PLZ"),
    _l("Ort"),
    _l("Bundesland"),
    _l("Themenkreise"),
    _l("Ländergruppe"),
    _l("Im Verzeichnis"),
)


def active_members(network: Network) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Account, Account.id == Membership.account_id)
            .where(Membership.network_id == network.id, Membership.ended_at.is_(None))
            .options(
                selectinload(Membership.account),
                selectinload(Membership.organisation),
                selectinload(Membership.themenkreise),
                selectinload(Membership.laendergruppe),
            )
            .order_by(Account.last_name, Account.first_name, Membership.id)
        )
    )


def export_members(network: Network, actor: Account) -> bytes:
    """The active members of the network as CSV; recorded in the history."""
    members = active_members(network)
    rows = (
        (
            membership.started_at,
            membership.kind.label,
            membership.account.first_name,
            membership.account.last_name,
            membership.account.email,
            format_phone(membership.account.phone),
            membership.organisation.name if membership.organisation else membership.account.institution,
            membership.account.function,
            membership.account.postcode,
            membership.account.city,
            bundesland_name(membership.account.bundesland) if membership.account.bundesland else "",
            ", ".join(tk.name for tk in membership.themenkreise),
            membership.laendergruppe.name if membership.laendergruppe else "",
            membership.listed_in_directory,
        )
        for membership in members
    )
    data = to_csv(MEMBER_HEADER, rows)
    _record(network, actor, _l("Mitglieder"), len(members))
    return data


def export_filename(kind: str, network: Network) -> str:
    return f"{kind}-{network.slug}-{datetime.now(BERLIN):%Y-%m-%d}.csv"
