"""What authors do: start a draft, fill it in step by step, submit, answer questions, add status updates."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.atlas import search
from app.atlas.notifications import notify_coordinators_of_submission
from app.atlas.transitions import Role, record, transition
from app.atlas.values import check_ags, missing_required
from app.core.errors import DomainError
from app.extensions import db
from app.models import Account, AtlasEntry, AtlasHistoryKind, AtlasMethod, AtlasState, AtlasUpdate, Membership, Network
from app.models.atlas import AtlasSource

S = AtlasState
EDITABLE_STATES = frozenset({S.DRAFT, S.QUERY})
# Fields a step may write (the form's field names; methods are handled apart).
ENTRY_FIELDS = (
    "title", "summary", "body", "topic", "organiser", "bundesland", "ags", "level", "initiator",
    "recruitment", "participants", "start_month", "start_year", "end_month", "end_year", "ongoing",
    "result", "impact", "link_portal", "link_decision", "contact",
)  # fmt: skip


def is_member(account: Account, network: Network) -> bool:
    """An active member of the network (the people who may report procedures)."""
    return (
        db.session.scalar(
            sa.select(Membership.id).where(
                Membership.network_id == network.id,
                Membership.account_id == account.id,
                Membership.ended_at.is_(None),
            )
        )
        is not None
    )


def start_entry(network: Network, author: Account, *, source: AtlasSource = AtlasSource.MEMBER) -> AtlasEntry:
    """A new empty draft owned by `author`."""
    entry = AtlasEntry(network=network, author=author, source=source, source_name=author.display_name)
    db.session.add(entry)
    db.session.flush()
    return entry


def save_step(entry: AtlasEntry, values: dict, methods: list[AtlasMethod] | None = None) -> None:
    """Store one step's values on a draft (or on an entry sent back with a question)."""
    if entry.state not in EDITABLE_STATES:
        raise DomainError(str(_("Dieser Eintrag kann nicht mehr bearbeitet werden.")))
    if "ags" in values or "bundesland" in values:
        problem = check_ags(values.get("ags", entry.ags), values.get("bundesland", entry.bundesland))
        if problem:
            raise DomainError(problem, field="ags")
    for name, value in values.items():
        if name in ENTRY_FIELDS:
            setattr(entry, name, value)
    if entry.ongoing:
        entry.end_year = entry.end_month = None
    if methods is not None:
        entry.methods = list(methods)
    db.session.flush()


def submit(entry: AtlasEntry, author: Account) -> None:
    """Draft → eingereicht, once every required field is there."""
    missing = missing_required(entry)
    if missing:
        raise DomainError(
            str(_("Bitte ergänzen Sie zuerst die fehlenden Angaben.")), errors=[(None, m) for m in missing]
        )
    transition(entry, S.SUBMITTED, author, Role.AUTHOR)
    notify_coordinators_of_submission(entry)


def answer(entry: AtlasEntry, author: Account, message: str, update: AtlasUpdate | None = None) -> None:
    """Rückfrage → in Prüfung: the author's answer goes into the history."""
    missing = [] if update is not None else missing_required(entry)
    if missing:
        raise DomainError(
            str(_("Bitte ergänzen Sie zuerst die fehlenden Angaben.")), errors=[(None, m) for m in missing]
        )
    if not message.strip():
        raise DomainError(str(_("Bitte schreiben Sie eine Antwort.")), field="message")
    transition(update or entry, S.IN_REVIEW, author, Role.AUTHOR, message=message, kind=AtlasHistoryKind.ANSWER)


def add_update(entry: AtlasEntry, author: Account, year: int, month: int, text: str) -> AtlasUpdate:
    """A dated status update to a published entry; it is reviewed before it shows."""
    if entry.state is not S.PUBLISHED:
        raise DomainError(str(_("Aktualisierungen sind nur bei veröffentlichten Einträgen möglich.")))
    update = AtlasUpdate(entry=entry, year=year, month=month, text=text, author_id=author.id, state=S.SUBMITTED)
    db.session.add(update)
    db.session.flush()
    record(entry, author, AtlasHistoryKind.STATE_CHANGE, update=update, to_state=S.SUBMITTED, message=text)
    notify_coordinators_of_submission(entry, update)
    return update


def delete_draft(entry: AtlasEntry) -> None:
    if entry.state is not S.DRAFT:
        raise DomainError(str(_("Nur Entwürfe können gelöscht werden.")))
    search.remove(entry.id)
    db.session.delete(entry)
    db.session.flush()
