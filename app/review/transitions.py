"""The application state machine: the one table of allowed transitions (DOMAIN.md).

unbestätigt → eingegangen → in Prüfung ⇄ Rückfrage → angenommen | abgelehnt (a clear case may be
decided straight from "eingegangen": taking it into review first is offered, not forced);
zurückgezogen from any open state. An admin may reopen a decision.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from app.core import history
from app.core.errors import ConcurrentUpdate, IllegalTransition
from app.extensions import db
from app.models import Account, Application, ApplicationState, HistoryEntry, HistoryKind, utcnow

S = ApplicationState


class Actor(enum.Enum):
    """Who may perform a transition."""

    APPLICANT = "applicant"  # through the confirmation or status link
    COORDINATOR = "coordinator"  # coordinator of the network (or an admin)
    ADMIN = "admin"  # platform admins only


CONCURRENT_MESSAGE = _l(
    "Dieser Antrag wurde inzwischen von einer anderen Person bearbeitet. Bitte laden Sie die Seite neu."
)

ANONYMISED_MESSAGE = _l("Dieser Antrag wurde anonymisiert; an ihm ist keine Bearbeitung mehr möglich.")
# Applications a person can still withdraw (and a coordinator still act on).
OPEN_STATES = (S.UNCONFIRMED, S.RECEIVED, S.IN_REVIEW, S.QUERY)

TRANSITIONS: dict[tuple[ApplicationState, ApplicationState], frozenset[Actor]] = {
    (S.UNCONFIRMED, S.RECEIVED): frozenset({Actor.APPLICANT}),
    (S.RECEIVED, S.IN_REVIEW): frozenset({Actor.COORDINATOR}),
    (S.IN_REVIEW, S.QUERY): frozenset({Actor.COORDINATOR}),
    (S.QUERY, S.IN_REVIEW): frozenset({Actor.APPLICANT, Actor.COORDINATOR}),
    (S.RECEIVED, S.ACCEPTED): frozenset({Actor.COORDINATOR}),
    (S.RECEIVED, S.REJECTED): frozenset({Actor.COORDINATOR}),
    (S.IN_REVIEW, S.ACCEPTED): frozenset({Actor.COORDINATOR}),
    (S.IN_REVIEW, S.REJECTED): frozenset({Actor.COORDINATOR}),
    (S.QUERY, S.ACCEPTED): frozenset({Actor.COORDINATOR}),
    (S.QUERY, S.REJECTED): frozenset({Actor.COORDINATOR}),
    (S.UNCONFIRMED, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.RECEIVED, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.IN_REVIEW, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    (S.QUERY, S.WITHDRAWN): frozenset({Actor.APPLICANT}),
    # Reopening a decision: admins only, with a reason.
    (S.ACCEPTED, S.IN_REVIEW): frozenset({Actor.ADMIN}),
    (S.REJECTED, S.IN_REVIEW): frozenset({Actor.ADMIN}),
}


def check_not_anonymised(application: Application) -> None:
    """No action of anyone on an anonymised application (deleted account, retention purge)."""
    if application.anonymised_at is not None:
        raise IllegalTransition(str(ANONYMISED_MESSAGE))


def can_transition(application: Application, to_state: ApplicationState, actor: Actor) -> bool:
    if application.anonymised_at is not None:
        return False
    allowed = TRANSITIONS.get((application.state, to_state), frozenset())
    # Admins may do everything coordinators may.
    return actor in allowed or (actor is Actor.ADMIN and Actor.COORDINATOR in allowed)


def allowed_targets(application: Application, actor: Actor) -> list[ApplicationState]:
    return [to for (frm, to) in TRANSITIONS if frm is application.state and can_transition(application, to, actor)]


def change_state(
    application: Application,
    to_state: ApplicationState,
    *,
    actor: Actor,
    account: Account | None = None,
    actor_label: str = "",
    message: str = "",
    internal: bool = False,
    kind: HistoryKind = HistoryKind.STATE_CHANGE,
) -> HistoryEntry:
    """Move the application to `to_state`, recording who and when; flushes.

    Raises IllegalTransition when the table forbids it, ConcurrentUpdate when another
    transaction changed the application first (optimistic lock on `version`).
    """
    from_state = application.state
    check_not_anonymised(application)
    if not can_transition(application, to_state, actor):
        raise IllegalTransition(
            str(
                _l(
                    "Dieser Schritt ist im Status „%(state)s“ nicht möglich.",
                    state=from_state.label,
                )
            )
        )
    application.state = to_state
    now = utcnow()
    if to_state is S.RECEIVED and application.confirmed_at is None:
        application.confirmed_at = now
    if to_state in (S.ACCEPTED, S.REJECTED, S.WITHDRAWN):
        application.decided_at = now
    elif from_state in (S.ACCEPTED, S.REJECTED):
        application.decided_at = None
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConcurrentUpdate(str(CONCURRENT_MESSAGE)) from error
    return history.record(
        kind,
        application=application,
        actor=account,
        actor_label=actor_label,
        message=message,
        internal=internal,
        from_state=from_state,
        to_state=to_state,
    )


def can_take(application: Application, account: Account) -> bool:
    """A coordinator may take an application into review unless it is already theirs in review."""
    state = application.state
    return state in (ApplicationState.RECEIVED, ApplicationState.QUERY) or (
        state is ApplicationState.IN_REVIEW and application.assigned_to_id != account.id
    )


def can_reopen(application: Application, account: Account) -> bool:
    """Only admins reopen a decision, and only a decided one."""
    return account.is_admin and application.state in (ApplicationState.ACCEPTED, ApplicationState.REJECTED)
