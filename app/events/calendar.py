"""iCalendar (RFC 5545) files: one event, and feeds of many, built with `icalendar`."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app.core.outbox import external_url
from app.models import Event, utcnow

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "teilhabe.invalid"


def _location(event: Event, *, with_link: bool) -> str:
    parts = [event.place] if event.place else []
    if event.online:
        parts.append(event.online_link if with_link and event.online_link else "online")
    return ", ".join(parts)


def calendar_event(event: Event, *, with_link: bool = False) -> CalendarEvent:
    """A VEVENT; the online link only when the reader holds a confirmed place."""
    item = CalendarEvent()
    item.add("uid", f"event-{event.id}@{_host()}")
    item.add("dtstamp", utcnow())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    item.add("sequence", event.sequence)
    url = external_url("events.show", slug=event.network.slug, event_id=event.id)
    item.add("url", url)
    description = event.description or ""
    if with_link and event.online_link:
        description = f"{description}\n\nOnline: {event.online_link}".strip()
    item.add("description", f"{description}\n\n{url}".strip())
    location = _location(event, with_link=with_link)
    if location:
        item.add("location", location)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item


def build_calendar(name: str, events: Iterable[Event], *, with_link: bool = False, method: str = "") -> bytes:
    """A VCALENDAR with the given events (times in UTC, so no VTIMEZONE is needed)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Teilhabe//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    for event in events:
        calendar.add_component(calendar_event(event, with_link=with_link))
    return calendar.to_ical()


def event_file(event: Event, *, with_link: bool = False) -> bytes:
    """The .ics of one event (download and mail attachment)."""
    return build_calendar(event.title, [event], with_link=with_link, method="PUBLISH")


def file_name(event: Event) -> str:
    return f"veranstaltung-{event.id}.ics"
