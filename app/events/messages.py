"""A coordinator's message to all participants of an event: one mail each, Reply-To the sender."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core import history
from app.core.errors import DomainError
from app.events import notifications
from app.events.queries import active_participants
from app.models import Account, Event, EventRegistration, HistoryKind, RegistrationState

log = logging.getLogger(__name__)


def recipients(event: Event, *, include_waiting: bool) -> list[EventRegistration]:
    states: tuple[RegistrationState, ...] = (RegistrationState.REGISTERED,)
    if include_waiting:
        states += (RegistrationState.WAITLIST,)
    return active_participants(event, states)


def send_message(
    event: Event, subject: str, body: str, *, include_waiting: bool, confirmed_count: int | None, actor: Account
) -> int:
    """Queue the message; refused when the number of recipients is not the one the sender saw."""
    people = recipients(event, include_waiting=include_waiting)
    if not people:
        raise DomainError(_("Es gibt keine Empfänger*innen für diese Nachricht."))
    if confirmed_count != len(people):
        raise DomainError(
            _("Die Zahl der Empfänger*innen hat sich geändert: jetzt %(count)s. Bitte prüfen und erneut senden.",
              count=len(people)),
            field="confirmed_count",
        )  # fmt: skip
    for registration in people:
        notifications.mail_message(registration, subject, body, reply_to=actor.email)
    history.record(
        HistoryKind.MAIL,
        network_id=event.network_id,
        actor=actor,
        message=_l("Nachricht an %(count)s Teilnehmende von „%(title)s“: %(subject)s",
                   count=len(people), title=event.title, subject=subject),
        internal=True,
    )  # fmt: skip
    log.info("Account %s messaged %s participants of event %s", actor.id, len(people), event.id)
    return len(people)
