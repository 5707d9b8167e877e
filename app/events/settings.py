"""Creating, changing, cancelling and deleting events (admins and the network's coordinators)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.events import notifications
from app.events.places import lock_event
from app.events.waitlist import offer_free_places
from app.extensions import db
from app.models import (
    ACTIVE_STATES,
    BERLIN,
    MAX_QUESTIONS,
    Account,
    Event,
    EventQuestion,
    EventRegistration,
    Network,
    QuestionKind,
    RegistrationState,
    utcnow,
)

log = logging.getLogger(__name__)

# Fields copied as they are from the form data.
PLAIN_FIELDS = (
    "title", "place", "online", "registration_required", "themenkreis_id", "laendergruppe_id", "description",
    "capacity", "audience", "needs_approval", "waiting_list", "offer_hours", "cancellation_hours",
    "reminder_hours", "online_link",
)  # fmt: skip
# A change of these is mailed to everyone registered.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "place", "online", "online_link")


def berlin_to_utc(local: datetime | None) -> datetime | None:
    """A naive wall-clock time in Europe/Berlin as an aware UTC datetime."""
    return local.replace(tzinfo=BERLIN).astimezone(UTC) if local is not None else None


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=BERLIN).astimezone(UTC)


def _check(network: Network, data: dict, starts_at: datetime, ends_at: datetime) -> None:
    errors: list[tuple[str | None, str]] = []
    if ends_at <= starts_at:
        errors.append(("end_time", _("Das Ende muss nach dem Beginn liegen.")))
    if data["themenkreis_id"] not in {tk.id for tk in network.themenkreise} | {None}:
        errors.append(("themenkreis_id", _("Bitte wählen Sie einen Eintrag aus der Liste.")))
    if data["laendergruppe_id"] not in {group.id for group in network.laendergruppen} | {None}:
        errors.append(("laendergruppe_id", _("Bitte wählen Sie einen Eintrag aus der Liste.")))
    opens, closes = berlin_to_utc(data.get("local_opens")), berlin_to_utc(data.get("local_closes"))
    if opens and closes and closes <= opens:
        errors.append(("closes_day", _("Das Ende der Anmeldefrist muss nach ihrem Beginn liegen.")))
    if closes and closes > starts_at:
        errors.append(("closes_day", _("Die Anmeldefrist muss vor dem Beginn der Veranstaltung enden.")))
    if errors:
        raise DomainError(errors[0][1], errors=errors)


def save_event(network: Network, event: Event | None, data: dict, *, actor: Account) -> Event:
    """Create (event=None) or update an event with its registration settings and questions.

    Times come as Berlin wall-clock times (local_start, local_end, local_opens, local_closes).
    A change of time or place is mailed to everyone registered; more places go to the waiting list.
    """
    starts_at, ends_at = _utc(data["local_start"]), _utc(data["local_end"])
    _check(network, data, starts_at, ends_at)
    if event is None:
        event = Event(network=network)
        db.session.add(event)
        before: dict = {}
    else:
        event = lock_event(event.id)
        before = {name: getattr(event, name) for name in NOTIFIED_FIELDS}
    for key in PLAIN_FIELDS:
        setattr(event, key, data[key])
    event.starts_at, event.ends_at = starts_at, ends_at
    event.registration_opens_at = berlin_to_utc(data.get("local_opens"))
    event.registration_closes_at = berlin_to_utc(data.get("local_closes"))
    _save_questions(event, data.get("questions", []))
    db.session.flush()
    changed = [name for name in NOTIFIED_FIELDS if before and before[name] != getattr(event, name)]
    if changed and not event.is_past and not event.is_cancelled:
        event.sequence += 1
        for registration in _active_registrations(event):
            notifications.mail_event_changed(registration)
    if before:
        offer_free_places(event)
    db.session.flush()
    log.info("Account %s saved event %s of network %s (changed: %s)", actor.id, event.id, network.slug, changed)
    return event


def _save_questions(event: Event, questions: list[dict]) -> None:
    """Replace the questions in order; answers stay with registrations under the question id."""
    if len(questions) > MAX_QUESTIONS:
        raise DomainError(_("Höchstens fünf Zusatzfragen sind möglich."))
    existing = list(event.questions)
    for position, spec in enumerate(questions):
        question = existing[position] if position < len(existing) else EventQuestion(event=event)
        question.position, question.label = position, spec["label"]
        question.kind = QuestionKind(spec["kind"])
        question.options = spec.get("options", "") if question.kind is QuestionKind.CHOICE else ""
        question.required = spec.get("required", False)
        if question not in event.questions:
            event.questions.append(question)
    for question in existing[len(questions) :]:
        event.questions.remove(question)


def _active_registrations(event: Event) -> list[EventRegistration]:
    return [registration for registration in event.registrations if registration.state in ACTIVE_STATES]


def cancel_event(event: Event, *, actor: Account) -> Event:
    """Call the event off: everyone registered, waiting or queued is told; feeds show it as cancelled."""
    event = lock_event(event.id)
    if event.is_cancelled:
        raise DomainError(_("Die Veranstaltung ist bereits abgesagt."))
    event.cancelled_at = utcnow()
    event.sequence += 1
    for registration in _active_registrations(event):
        if registration.state is not RegistrationState.UNCONFIRMED:
            notifications.mail_event_cancelled(registration)
    db.session.flush()
    log.info("Account %s cancelled event %s", actor.id, event.id)
    return event


def delete_event(event: Event, *, actor: Account) -> None:
    """Delete an event with its registrations (past or upcoming)."""
    log.info("Account %s deleted event %s (%r) of network %s", actor.id, event.id, event.title, event.network_id)
    db.session.delete(event)
    db.session.flush()
