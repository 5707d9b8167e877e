"""The one transition table of atlas entries and status updates, and the history it writes.

Entwurf → eingereicht → in Prüfung ⇄ Rückfrage → veröffentlicht / abgelehnt (DOMAIN.md).
A coordinator may decide straight from "eingereicht"; a status update starts as "eingereicht".
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from app.core.errors import ConcurrentUpdate, IllegalTransition
from app.extensions import db
from app.models import Account, AtlasEntry, AtlasHistory, AtlasHistoryKind, AtlasState, AtlasUpdate
from app.models.base import utcnow

S = AtlasState


class Role(enum.Enum):
    AUTHOR = "author"
    COORDINATOR = "coordinator"


TRANSITIONS: dict[tuple[AtlasState, AtlasState], Role] = {
    (S.DRAFT, S.SUBMITTED): Role.AUTHOR,
    (S.SUBMITTED, S.IN_REVIEW): Role.COORDINATOR,
    (S.SUBMITTED, S.QUERY): Role.COORDINATOR,
    (S.SUBMITTED, S.PUBLISHED): Role.COORDINATOR,
    (S.SUBMITTED, S.REJECTED): Role.COORDINATOR,
    (S.IN_REVIEW, S.QUERY): Role.COORDINATOR,
    (S.IN_REVIEW, S.PUBLISHED): Role.COORDINATOR,
    (S.IN_REVIEW, S.REJECTED): Role.COORDINATOR,
    (S.QUERY, S.IN_REVIEW): Role.AUTHOR,  # the author answers (and may have edited the entry)
}

OPEN_STATES = frozenset({S.SUBMITTED, S.IN_REVIEW, S.QUERY})


def allowed_targets(state: AtlasState, role: Role) -> set[AtlasState]:
    return {target for (source, target), who in TRANSITIONS.items() if source is state and who is role}


def record(
    entry: AtlasEntry,
    actor: Account | None,
    kind: AtlasHistoryKind,
    *,
    update: AtlasUpdate | None = None,
    from_state: AtlasState | None = None,
    to_state: AtlasState | None = None,
    message: str = "",
    internal: bool = False,
    actor_label: str = "",
) -> AtlasHistory:
    """Append one history row (never updated afterwards)."""
    row = AtlasHistory(
        entry=entry,
        update=update,
        actor_id=actor.id if actor else None,
        actor_label=actor_label or (actor.display_name if actor else "System"),
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        message=message,
        internal=internal,
    )
    db.session.add(row)
    return row


def transition(
    subject: AtlasEntry | AtlasUpdate,
    target: AtlasState,
    actor: Account | None,
    role: Role,
    *,
    message: str = "",
    kind: AtlasHistoryKind = AtlasHistoryKind.STATE_CHANGE,
    actor_label: str = "",
) -> None:
    """Move an entry or an update to `target` if the table allows it for `role`; write history."""
    source = subject.state
    if TRANSITIONS.get((source, target)) is not role:
        raise IllegalTransition(str(_l("Dieser Schritt ist im Status „%(state)s“ nicht möglich.", state=source.label)))
    subject.state = target
    now = utcnow()
    entry = subject if isinstance(subject, AtlasEntry) else subject.entry
    update = subject if isinstance(subject, AtlasUpdate) else None
    if target is S.SUBMITTED and update is None:
        entry.submitted_at = now
    if target is S.PUBLISHED:
        subject.published_at = now
    # Touch the entry even for an update's transition: its version column then makes a
    # concurrent decision on the same entry (or on one of its updates) fail instead of doubling.
    entry.updated_at = now
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConcurrentUpdate(
            str(_l("Der Eintrag wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand."))
        ) from error
    record(
        entry, actor, kind, update=update, from_state=source, to_state=target, message=message,
        actor_label=actor_label,
    )  # fmt: skip
    db.session.flush()
