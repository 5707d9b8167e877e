"""How an event's time reads: "14.02.2026, 13:00–17:00 Uhr" (Europe/Berlin)."""

from __future__ import annotations

from app.core.i18n import date_filter, time_filter
from app.events import bp
from app.models import Event


@bp.app_template_filter("event_when")
def event_when(event: Event) -> str:
    """One day: date, start–end; several days: both moments in full."""
    start_day, end_day = date_filter(event.starts_at), date_filter(event.ends_at)
    if start_day == end_day:
        start = time_filter(event.starts_at).removesuffix(" Uhr")
        return f"{start_day}, {start}–{time_filter(event.ends_at)}"
    return f"{start_day}, {time_filter(event.starts_at)} – {end_day}, {time_filter(event.ends_at)}"
