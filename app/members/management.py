"""What the coordination changes on a member: network data, the end of a membership, exports."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core import history
from app.core.errors import DomainError
from app.core.regions import bundesland_name
from app.core.values import format_phone
from app.extensions import db
from app.members import notifications
from app.members.invitations import _record
from app.members.roster import RosterRow
from app.models import (
    BERLIN,
    Account,
    CoordinatorAssignment,
    HistoryEntry,
    HistoryKind,
    MemberInvitation,
    Membership,
    Network,
    utcnow,
)
from app.review.exports import BOM, safe_cell


def update_network_data(
    network: Network,
    target: Membership | MemberInvitation,
    *,
    themenkreis_ids: list[int],
    laendergruppe_id: int | None,
    note: str,
    actor: Account,
) -> None:
    """Themenkreise, Ländergruppe and the coordinator note of a member or invitation (flushes)."""
    if isinstance(target, Membership) and target.ended_at is not None:
        raise DomainError(str(_l("Diese Mitgliedschaft ist beendet.")))
    wanted = set(themenkreis_ids)
    themenkreise = [tk for tk in network.themenkreise if tk.id in wanted]
    if len(themenkreise) != len(wanted):
        raise DomainError(str(_l("Bitte wählen Sie nur Themenkreise dieses Netzwerks.")), field="themenkreise")
    if laendergruppe_id and laendergruppe_id not in {group.id for group in network.laendergruppen}:
        raise DomainError(str(_l("Bitte wählen Sie eine Ländergruppe dieses Netzwerks.")), field="laendergruppe")
    target.themenkreise = themenkreise
    target.laendergruppe_id = laendergruppe_id or None
    target.coordinator_note = note
    db.session.flush()
    group = next((g.name for g in network.laendergruppen if g.id == target.laendergruppe_id), "–")
    name = target.account.display_name if isinstance(target, Membership) else target.display_name
    _record(
        network,
        actor,
        _l(
            "Netzwerkdaten von %(name)s geändert: Themenkreise: %(names)s; Ländergruppe: %(group)s.",
            name=name,
            names=", ".join(tk.name for tk in themenkreise) or "–",
            group=group,
        ),
        target if isinstance(target, Membership) else None,
    )


def assignment_of(account_id: int, network: Network) -> CoordinatorAssignment | None:
    return db.session.get(CoordinatorAssignment, (account_id, network.id))


def membership_history(membership_id: int) -> list[HistoryEntry]:
    """The history rows of one membership, oldest first."""
    return list(
        db.session.scalars(
            sa.select(HistoryEntry)
            .where(HistoryEntry.membership_id == membership_id)
            .order_by(HistoryEntry.created_at, HistoryEntry.id)
        )
    )


def end_membership(membership: Membership, *, reason: str, notify: bool, actor: Account) -> None:
    """End a membership for the coordination; history entry; optional mail to the member (flushes)."""
    if membership.ended_at is not None:
        raise DomainError(str(_l("Diese Mitgliedschaft ist bereits beendet.")))
    if not reason:
        raise DomainError(str(_l("Bitte geben Sie einen Grund an.")), field="reason")
    membership.ended_at = utcnow()
    membership.end_reason = reason
    membership.listed_in_directory = False
    db.session.flush()
    _record(
        membership.network,
        actor,
        _l(
            "Mitgliedschaft von %(name)s durch die Koordination beendet. Grund: %(reason)s",
            name=membership.account.display_name,
            reason=reason,
        ),
        membership,
    )
    if notify:
        notifications.mail_membership_ended(membership, reason)


EXPORT_HEADER = (
    _l("Status"),
    _l("Art"),
    _l("Vorname"),
    _l("Nachname"),
    _l("E-Mail"),
    _l("Telefon"),
    _l("Organisation / Institution"),
    _l("Funktion"),
    _l("Straße"),
    _l("PLZ"),
    _l("Ort"),
    _l("Land"),
    _l("Bundesland"),
    _l("Themenkreise"),
    _l("Ländergruppe"),
    _l("Mitglied seit"),
    _l("Beendet am"),
)


TEXT_COLUMNS = (5, 9)  # Telefon, PLZ


def _values(row: RosterRow) -> list:
    return [
        row.state.label,
        row.kind.label,
        row.first_name,
        row.last_name,
        row.email,
        format_phone(row.phone),
        row.institution,
        row.function,
        row.street,
        row.postcode,
        row.city,
        row.country,
        bundesland_name(row.bundesland) if row.bundesland else "",
        ", ".join(row.themenkreise),
        row.laendergruppe,
        row.since.astimezone(BERLIN).strftime("%d.%m.%Y") if row.state.value != "invited" else "",
        row.until.astimezone(BERLIN).strftime("%d.%m.%Y") if row.until and row.state.value == "ended" else "",
    ]


def export_csv(network: Network, rows: list[RosterRow], actor: Account) -> bytes:
    """CSV for German Excel (BOM, ';'). Excel drops a leading zero from any cell it reads as a
    number, however it is quoted; postcodes and phone numbers are therefore written as ="01067"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(str(title)) for title in EXPORT_HEADER])
    for row in rows:
        values = [safe_cell(value) for value in _values(row)]
        for index in TEXT_COLUMNS:
            if values[index]:
                values[index] = '="' + values[index].lstrip("'").replace('"', "") + '"'
        writer.writerow(values)
    _record_export(network, actor, "CSV", len(rows))
    return (BOM + buffer.getvalue()).encode("utf-8")


def export_xlsx(network: Network, rows: list[RosterRow], actor: Account) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_l("Mitglieder"))[:31])
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header = []
    for title in EXPORT_HEADER:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        # Strings stay strings in XLSX: PLZ 01067 and phone numbers keep their leading zero.
        sheet.append([safe_cell(value) for value in _values(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _record_export(network, actor, "XLSX", len(rows))
    return buffer.getvalue()


def _record_export(network: Network, actor: Account, kind: str, count: int) -> None:
    history.record(
        HistoryKind.EXPORT,
        network_id=network.id,
        actor=actor,
        internal=True,
        message=_l("%(kind)s-Export Mitgliederliste: %(count)s Zeilen", kind=kind, count=count),
    )


def export_filename(network: Network, extension: str) -> str:
    return f"mitglieder-{network.slug}-{datetime.now(BERLIN):%Y-%m-%d}.{extension}"
