"""Fixtures of the event tests: events with registration, and reading mails."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from app.extensions import db
from app.models import Audience, Event, EventQuestion, Network, QuestionKind, utcnow


@pytest.fixture
def make_event(app) -> Callable[..., Event]:
    def make(network: Network, *, days: float = 14, hours: float = 4, questions=(), **values) -> Event:
        starts = values.pop("starts_at", None) or (utcnow() + timedelta(days=days)).replace(second=0, microsecond=0)
        values.setdefault("title", "Online-Werkstatt Beteiligung")
        values.setdefault("registration_required", True)
        values.setdefault("audience", Audience.MEMBERS_AND_GUESTS)
        event = Event(network=network, starts_at=starts, ends_at=starts + timedelta(hours=hours), **values)
        for position, (label, kind, options, required) in enumerate(questions):
            event.questions.append(
                EventQuestion(
                    position=position, label=label, kind=QuestionKind(kind), options=options, required=required
                )
            )
        db.session.add(event)
        db.session.commit()
        return event

    return make


def attachments(message) -> list:
    return list(message.iter_attachments())


def ics_of(message) -> Calendar:
    """The .ics attached to a mail, parsed back."""
    (part,) = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    content = part.get_content()
    return Calendar.from_ical(content if isinstance(content, bytes | str) else bytes(content))


def berlin(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time as UTC (for winter dates: UTC+1)."""
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
