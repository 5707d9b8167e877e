"""Participant lists for German Excel: CSV (UTF-8 with BOM, ';') and XLSX; each export is recorded."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.core import history
from app.events.queries import participants
from app.models import Account, Event, EventRegistration, HistoryKind
from app.review.exports import safe_cell, to_csv


def _header(event: Event) -> list[str]:
    return [
        _("Name"), _("E-Mail"), _("Institution"), _("Art"), _("Status"), _("Angemeldet am"),
        _("Eingecheckt"), *[question.label for question in event.questions],
    ]  # fmt: skip


def _row(event: Event, registration: EventRegistration) -> list:
    kind = _("Gast") if registration.is_guest else _("Mitglied")
    answers = registration.answers or {}
    return [
        registration.name, registration.email, registration.institution, kind, str(registration.state.label),
        registration.created_at, registration.checked_in_at is not None,
        *[_answer(answers.get(str(question.id), "")) for question in event.questions],
    ]  # fmt: skip


def _answer(value: str) -> str:
    return {"ja": _("Ja"), "nein": _("Nein")}.get(value, value)


def _record(event: Event, actor: Account, kind: str, count: int) -> None:
    history.record(
        HistoryKind.EXPORT,
        network_id=event.network_id,
        actor=actor,
        message=_l(
            "Export Teilnehmende %(kind)s „%(title)s“: %(count)s Zeilen", kind=kind, title=event.title, count=count
        ),
        internal=True,
    )


def participants_csv(event: Event, *, actor: Account) -> bytes:
    rows = participants(event)
    _record(event, actor, "CSV", len(rows))
    return to_csv(_header(event), (_row(event, registration) for registration in rows))


def participants_xlsx(event: Event, *, actor: Account) -> bytes:
    """An Excel workbook: text cells (formula-safe like the CSV), a frozen header row."""
    rows = participants(event)
    _record(event, actor, "XLSX", len(rows))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Teilnehmende")[:31]
    sheet.append([safe_cell(title) for title in _header(event)])
    for registration in rows:
        sheet.append([safe_cell(value) for value in _row(event, registration)])
    sheet.freeze_panes = "A2"
    for index, title in enumerate(_header(event), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(title) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
