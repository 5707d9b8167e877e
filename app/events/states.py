"""The allowed state changes of a registration, in one table, each written to the history."""

from __future__ import annotations

from flask_babel import gettext as _

from app.core.errors import IllegalTransition
from app.extensions import db
from app.models import Account, EventRegistration, RegistrationHistory, RegistrationState

S = RegistrationState

# from state -> states it may move to. None = a new registration.
TRANSITIONS: dict[RegistrationState | None, frozenset[RegistrationState]] = {
    None: frozenset({S.UNCONFIRMED, S.REGISTERED, S.WAITLIST, S.PENDING_APPROVAL}),
    S.UNCONFIRMED: frozenset({S.REGISTERED, S.WAITLIST, S.PENDING_APPROVAL, S.CANCELLED}),
    S.PENDING_APPROVAL: frozenset({S.REGISTERED, S.WAITLIST, S.DECLINED, S.CANCELLED}),
    S.WAITLIST: frozenset({S.REGISTERED, S.CANCELLED, S.DECLINED}),
    S.REGISTERED: frozenset({S.CANCELLED}),
    # Registering again after cancelling (or being declined) reuses the row.
    S.CANCELLED: frozenset({S.UNCONFIRMED, S.REGISTERED, S.WAITLIST, S.PENDING_APPROVAL}),
    S.DECLINED: frozenset({S.UNCONFIRMED, S.REGISTERED, S.WAITLIST, S.PENDING_APPROVAL}),
}


def move(
    registration: EventRegistration,
    to_state: RegistrationState,
    *,
    actor: Account | None = None,
    actor_label: str = "",
    message: str = "",
    new: bool = False,
) -> None:
    """Change the state if the table allows it and write a history row; else IllegalTransition."""
    from_state = None if new else registration.state
    if to_state not in TRANSITIONS[from_state]:
        raise IllegalTransition(_("Diese Änderung ist im jetzigen Stand der Anmeldung nicht möglich."))
    registration.state = to_state
    if to_state is not S.WAITLIST:
        registration.offer_expires_at = None
    db.session.add(
        RegistrationHistory(
            registration=registration,
            from_state=from_state,
            to_state=to_state,
            actor_id=actor.id if actor is not None else None,
            actor_label=actor_label or (actor.display_name if actor is not None else "System"),
            message=message,
        )
    )
