"""Forms of the administration area: events (Veranstaltungen) of a network, entered in Europe/Berlin."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.models import Network
from forms import BaseForm
from forms.admin import ListChoiceField, max_length, required

_DATE_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Plausible event years; also keeps UTC conversion away from datetime's limits (year 1 / 9999).
MIN_YEAR, MAX_YEAR = 1990, 2199
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:\s*Uhr)?$", re.IGNORECASE)


def parse_date(text: str | None) -> date | None:
    """14.02.2026, 14.2.2026 or 2026-02-14 (HTML date input); None if not a real date."""
    text = (text or "").strip()
    match = _DATE_GERMAN.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _DATE_ISO.match(text)
        if not match:
            return None
        year, month, day = (int(part) for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_time(text: str | None) -> time | None:
    """10:00, 10.00, 10 or "10:00 Uhr"; None if not a time of day."""
    match = _TIME.match((text or "").strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


class EventForm(BaseForm):
    """A Veranstaltung; date and times are entered in Europe/Berlin."""

    title = StringField(_l("Titel"), validators=[required(_l("Bitte geben Sie einen Titel an.")), max_length(200)])
    day = StringField(_l("Datum"), validators=[required(_l("Bitte geben Sie das Datum an."))])
    start_time = StringField(_l("Beginn"), validators=[required(_l("Bitte geben Sie die Anfangszeit an."))])
    end_day = StringField(_l("Enddatum (bei mehrtägigen Veranstaltungen)"))
    end_time = StringField(_l("Ende"), validators=[required(_l("Bitte geben Sie die Endzeit an."))])
    place = StringField(_l("Ort"), validators=[max_length(200)])
    online = BooleanField(_l("Online-Veranstaltung"))
    registration_required = BooleanField(_l("Anmeldung erforderlich"))
    themenkreis_id = ListChoiceField(_l("Themenkreis"), coerce=int, default=0)
    laendergruppe_id = ListChoiceField(_l("Ländergruppe"), coerce=int, default=0)
    description = TextAreaField(_l("Beschreibung"), validators=[max_length(5000)], render_kw={"rows": 4})

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.themenkreis_id.choices = [SelectChoice(0, _l("– keiner –"))] + [
            SelectChoice(tk.id, tk.name) for tk in network.themenkreise
        ]
        self.laendergruppe_id.choices = [SelectChoice(0, _l("– keine –"))] + [
            SelectChoice(group.id, group.name) for group in network.laendergruppen
        ]

    def validate_day(self, field):
        if field.data and parse_date(field.data) is None:
            raise ValidationError(_l("Bitte geben Sie ein gültiges Datum an, z. B. 14.02.2026."))

    def validate_end_day(self, field):
        if field.data and parse_date(field.data) is None:
            raise ValidationError(_l("Bitte geben Sie ein gültiges Datum an, z. B. 15.02.2026."))

    def validate_start_time(self, field):
        if field.data and parse_time(field.data) is None:
            raise ValidationError(_l("Bitte geben Sie eine Uhrzeit an, z. B. 10:00."))

    def validate_end_time(self, field):
        if not field.data:
            return
        if parse_time(field.data) is None:
            raise ValidationError(_l("Bitte geben Sie eine Uhrzeit an, z. B. 15:00."))
        start, end = self.local_start(), self.local_end()
        if start is not None and end is not None and end <= start:
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))

    def local_start(self) -> datetime | None:
        """Start as a naive Europe/Berlin wall-clock time, or None while input is invalid."""
        day, clock = parse_date(self.day.data), parse_time(self.start_time.data)
        return datetime.combine(day, clock) if day and clock else None

    def local_end(self) -> datetime | None:
        day = parse_date(self.end_day.data) if self.end_day.data else parse_date(self.day.data)
        clock = parse_time(self.end_time.data)
        return datetime.combine(day, clock) if day and clock else None

    def event_data(self) -> dict:
        """Submitted values for services.event_admin.save_event (times still local)."""
        return {
            "title": self.title.data,
            "local_start": self.local_start(),
            "local_end": self.local_end(),
            "place": self.place.data or "",
            "online": self.online.data,
            "registration_required": self.registration_required.data,
            "themenkreis_id": self.themenkreis_id.data or None,
            "laendergruppe_id": self.laendergruppe_id.data or None,
            "description": (self.description.data or "").replace("\r\n", "\n"),
        }
