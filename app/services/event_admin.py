"""Administration of a network's events (Veranstaltungen; platform admins): times entered in Europe/Berlin."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.extensions import db
from app.models import Account, Event, Network

log = logging.getLogger(__name__)

BERLIN = ZoneInfo("Europe/Berlin")


def berlin_to_utc(local: datetime) -> datetime:
    """A naive wall-clock time in Europe/Berlin as an aware UTC datetime."""
    return local.replace(tzinfo=BERLIN).astimezone(UTC)


def save_event(network: Network, event: Event | None, data: dict, *, actor: Account) -> Event:
    """Create (event=None) or update an event; local_start/local_end are Berlin wall-clock times."""
    starts_at, ends_at = berlin_to_utc(data["local_start"]), berlin_to_utc(data["local_end"])
    if ends_at <= starts_at:
        raise DomainError(_("Das Ende muss nach dem Beginn liegen."), field="end_time")
    valid_tk = {tk.id for tk in network.themenkreise}
    valid_groups = {group.id for group in network.laendergruppen}
    if data["themenkreis_id"] not in valid_tk | {None}:
        raise DomainError(_("Bitte wählen Sie einen Eintrag aus der Liste."), field="themenkreis_id")
    if data["laendergruppe_id"] not in valid_groups | {None}:
        raise DomainError(_("Bitte wählen Sie einen Eintrag aus der Liste."), field="laendergruppe_id")
    if event is None:
        event = Event(network=network)
        db.session.add(event)
    for key in ("title", "place", "online", "registration_required", "themenkreis_id", "laendergruppe_id",
                "description"):
        setattr(event, key, data[key])
    event.starts_at, event.ends_at = starts_at, ends_at
    db.session.flush()
    log.info("Admin %s saved event %s of network %s", actor.id, event.id, network.slug)
    return event


def delete_event(event: Event, *, actor: Account) -> None:
    """Delete an event (past or upcoming)."""
    log.info("Admin %s deleted event %s (%r) of network %s", actor.id, event.id, event.title, event.network_id)
    db.session.delete(event)
    db.session.flush()
