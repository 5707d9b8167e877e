"""What coordinators do with a submitted entry or status update: take, ask back, publish, reject, note."""

from __future__ import annotations

from flask_babel import gettext as _

from app.atlas import notifications, search
from app.atlas.transitions import Role, record, transition
from app.core.errors import ConcurrentUpdate, DomainError
from app.models import Account, AtlasEntry, AtlasHistoryKind, AtlasState, AtlasUpdate

S = AtlasState


def _check_version(entry: AtlasEntry, seen_version: int | None) -> None:
    """The page the coordinator acted on must show the current entry (someone else may have decided)."""
    if seen_version is not None and seen_version != entry.version:
        raise ConcurrentUpdate(str(_("Der Eintrag wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand.")))


def take(entry: AtlasEntry, coordinator: Account, seen_version: int | None = None) -> None:
    _check_version(entry, seen_version)
    transition(entry, S.IN_REVIEW, coordinator, Role.COORDINATOR)
    entry.assigned_to_id = coordinator.id


def ask(
    subject: AtlasEntry | AtlasUpdate, coordinator: Account, question: str, seen_version: int | None = None
) -> None:
    """Send a question back to the author (entry or update goes to Rückfrage)."""
    entry = subject if isinstance(subject, AtlasEntry) else subject.entry
    _check_version(entry, seen_version)
    if not question.strip():
        raise DomainError(_("Bitte schreiben Sie Ihre Rückfrage."), field="message")
    transition(subject, S.QUERY, coordinator, Role.COORDINATOR, message=question, kind=AtlasHistoryKind.QUESTION)
    notifications.notify_author(entry, "question", question)


def publish(subject: AtlasEntry | AtlasUpdate, coordinator: Account, seen_version: int | None = None) -> None:
    """Publish an entry (it enters the public index) or an update (it shows on the entry page)."""
    entry = subject if isinstance(subject, AtlasEntry) else subject.entry
    _check_version(entry, seen_version)
    transition(subject, S.PUBLISHED, coordinator, Role.COORDINATOR)
    search.reindex(entry)
    notifications.notify_author(entry, "published", "")


def reject(
    subject: AtlasEntry | AtlasUpdate, coordinator: Account, reason: str, seen_version: int | None = None
) -> None:
    """Reject with a reason the author sees."""
    entry = subject if isinstance(subject, AtlasEntry) else subject.entry
    _check_version(entry, seen_version)
    if not reason.strip():
        raise DomainError(_("Bitte nennen Sie einen Grund."), field="reason")
    transition(subject, S.REJECTED, coordinator, Role.COORDINATOR, message=reason)
    notifications.notify_author(entry, "rejected", reason)


def add_note(entry: AtlasEntry, coordinator: Account, text: str) -> None:
    if not text.strip():
        raise DomainError(_("Bitte schreiben Sie eine Notiz."), field="message")
    record(entry, coordinator, AtlasHistoryKind.NOTE, message=text, internal=True)
