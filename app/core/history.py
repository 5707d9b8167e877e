"""The append-only history: every state change, question, answer, note and export."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Account, Application, ApplicationState, HistoryEntry, HistoryKind

# Stored actor labels are data in the record language (German); templates show them
# translated through the |actor_label filter.
APPLICANT_LABEL = "Antragsteller*in"
MEMBER_LABEL = "Mitglied"
DELETED_ACCOUNT_LABEL = "gelöschtes Konto"
ACTOR_LABELS = {
    APPLICANT_LABEL: _l("Antragsteller*in"),
    MEMBER_LABEL: _l("Mitglied"),
    DELETED_ACCOUNT_LABEL: _l("gelöschtes Konto"),
}


def canonical_text(value) -> str:
    """History is a record: texts are stored in the platform's default language (German),
    whatever language the person who acted was using."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(value)


def display_actor_label(label: str) -> str:
    """A stored actor label in the current UI language (names stay as they are)."""
    return str(ACTOR_LABELS.get(label, label))


class HistoryIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete a history row outside a privacy purge."""


def record(
    kind: HistoryKind,
    *,
    application: Application | None = None,
    network_id: int | None = None,
    actor: Account | None = None,
    actor_label: str = "",
    message: str = "",  # may be a lazy string: stored in German (see canonical_text)
    internal: bool = False,
    from_state: ApplicationState | None = None,
    to_state: ApplicationState | None = None,
) -> HistoryEntry:
    """Append one history row (flushes)."""
    entry = HistoryEntry(
        kind=kind,
        application_id=application.id if application is not None else None,
        network_id=network_id if network_id is not None else (application.network_id if application else None),
        actor_id=actor.id if actor is not None else None,
        actor_label=canonical_text(actor_label) if actor_label else (actor.display_name if actor is not None else ""),
        message=canonical_text(message),
        internal=internal,
        from_state=from_state,
        to_state=to_state,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_for(application: Application, *, include_internal: bool) -> list[HistoryEntry]:
    """The history of one application, oldest first; applicants never see internal rows."""
    query = sa.select(HistoryEntry).where(HistoryEntry.application_id == application.id)
    if not include_internal:
        query = query.where(HistoryEntry.internal.is_(False))
    return list(db.session.scalars(query.order_by(HistoryEntry.created_at, HistoryEntry.id)))


@contextmanager
def history_rewrite_allowed():
    """Let privacy code anonymise or delete history rows (the only exception to append-only)."""
    db.session.info["history_rewrite"] = True
    try:
        yield
    finally:
        db.session.info.pop("history_rewrite", None)


def install_session_hooks() -> None:
    """Refuse changes to history rows on every flush (called once by create_app; idempotent)."""
    if not sa.event.contains(Session, "before_flush", _guard_history):
        sa.event.listen(Session, "before_flush", _guard_history)


def _guard_history(session: Session, flush_context, instances) -> None:
    if session.info.get("history_rewrite"):
        return
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, HistoryEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise HistoryIsAppendOnly("history entries are never changed")
