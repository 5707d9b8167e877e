"""Forms of events: settings (times in Europe/Berlin), registration, approval, messages."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, NumberRange, Optional, ValidationError

from app.models import BERLIN, MAX_QUESTIONS, Audience, Event, Network, QuestionKind
from forms import BaseForm
from forms.admin import ListChoiceField, WholeNumberField, max_length, required

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


def _hours(low: int, high: int):
    return _OptionalRange(min=low, max=high, message=_l("Bitte geben Sie eine Zahl von %(min)s bis %(max)s an."))


class _OptionalRange(NumberRange):
    """A range check that lets an empty field through (the default applies)."""

    def __call__(self, form, field):
        if field.data is not None:
            super().__call__(form, field)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _moment(day_text: str | None, time_text: str | None, *, default_time: str) -> datetime | None:
    """A Berlin wall-clock moment from an optional date and time; None without a date."""
    day = parse_date(day_text) if day_text else None
    if day is None:
        return None
    clock = parse_time(time_text or default_time)
    return datetime.combine(day, clock) if clock else None


def _check_optional_moment(day_field, time_field) -> None:
    if day_field.data and parse_date(day_field.data) is None:
        raise ValidationError(_l("Bitte geben Sie ein gültiges Datum an, z. B. 14.02.2026."))
    if time_field.data and parse_time(time_field.data) is None:
        time_field.errors = [*time_field.errors, _l("Bitte geben Sie eine Uhrzeit an, z. B. 10:00.")]
        raise ValidationError(_l("Bitte geben Sie eine Uhrzeit an, z. B. 10:00."))


class EventForm(BaseForm):
    """A Veranstaltung; date and times are entered in Europe/Berlin."""

    title = StringField(_l("Titel"), validators=[required(_l("Bitte geben Sie einen Titel an.")), max_length(200)])
    day = StringField(_l("Datum"), validators=[required(_l("Bitte geben Sie das Datum an."))])
    start_time = StringField(_l("Beginn"), validators=[required(_l("Bitte geben Sie die Anfangszeit an."))])
    end_day = StringField(_l("Enddatum (bei mehrtägigen Veranstaltungen)"))
    end_time = StringField(_l("Ende"), validators=[required(_l("Bitte geben Sie die Endzeit an."))])
    place = StringField(_l("Ort"), validators=[max_length(200)])
    online = BooleanField(_l("Online-Veranstaltung"))
    themenkreis_id = ListChoiceField(_l("Themenkreis"), coerce=int, default=0)
    laendergruppe_id = ListChoiceField(_l("Ländergruppe"), coerce=int, default=0)
    description = TextAreaField(_l("Beschreibung"), validators=[max_length(5000)], render_kw={"rows": 6})

    registration_required = BooleanField(_l("Anmeldung über Teilhabe"))
    opens_day = StringField(_l("Anmeldung ab (Datum)"))
    opens_time = StringField(_l("Anmeldung ab (Uhrzeit)"))
    closes_day = StringField(_l("Anmeldung bis (Datum)"))
    closes_time = StringField(_l("Anmeldung bis (Uhrzeit)"))
    capacity = WholeNumberField(
        _l("Plätze"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100_000, message=_l("Bitte geben Sie eine Zahl von 1 bis 100000 an.")),
        ],
    )
    audience = RadioField(
        _l("Wer kann sich anmelden?"),
        choices=[SelectChoice(audience.value, audience.label) for audience in Audience],
        default=Audience.MEMBERS_AND_GUESTS.value,
        validate_choice=False,  # checked in validate(): missing means the default
    )
    needs_approval = BooleanField(_l("Anmeldungen müssen von der Koordination freigegeben werden"))
    waiting_list = BooleanField(_l("Warteliste, wenn alle Plätze vergeben sind"), default=True)
    offer_hours = WholeNumberField(_l("Platzangebot gilt (Stunden)"), default=48, validators=[_hours(1, 720)])
    cancellation_hours = WholeNumberField(
        _l("Abmeldung möglich bis (Stunden vor Beginn)"), default=24, validators=[_hours(0, 720)]
    )
    reminder_hours = WholeNumberField(_l("Erinnerung (Stunden vor Beginn)"), default=24, validators=[_hours(1, 720)])
    online_link = StringField(
        _l("Zugangslink (nur für angemeldete Teilnehmende)"),
        validators=[
            Optional(),
            max_length(500),
            URL(message=_l("Bitte geben Sie einen Link an, der mit https:// beginnt.")),
        ],
    )

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

    def validate_opens_day(self, field):
        _check_optional_moment(field, self.opens_time)

    def validate_closes_day(self, field):
        _check_optional_moment(field, self.closes_time)

    def validate_online_link(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Bitte geben Sie einen Link an, der mit https:// beginnt."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.audience.data:
            self.audience.data = Audience.MEMBERS_AND_GUESTS.value
        if self.audience.data not in {audience.value for audience in Audience}:
            self.audience.errors = [*self.audience.errors, _l("Bitte wählen Sie einen Eintrag aus der Liste.")]
            valid = False
        for number in range(1, MAX_QUESTIONS + 1):
            label, kind = getattr(self, f"q{number}_label"), getattr(self, f"q{number}_kind")
            options = getattr(self, f"q{number}_options")
            if not kind.data:
                kind.data = QuestionKind.TEXT.value
            if kind.data not in {item.value for item in QuestionKind}:
                kind.errors = [*kind.errors, _l("Bitte wählen Sie einen Eintrag aus der Liste.")]
                valid = False
            if label.data and kind.data == QuestionKind.CHOICE.value and len(_lines(options.data)) < 2:
                options.errors = [
                    *options.errors,
                    _l("Bitte geben Sie mindestens zwei Antworten an, je eine pro Zeile."),
                ]
                valid = False
        return valid

    def local_start(self) -> datetime | None:
        """Start as a naive Europe/Berlin wall-clock time, or None while input is invalid."""
        day, clock = parse_date(self.day.data), parse_time(self.start_time.data)
        return datetime.combine(day, clock) if day and clock else None

    def local_end(self) -> datetime | None:
        day = parse_date(self.end_day.data) if self.end_day.data else parse_date(self.day.data)
        clock = parse_time(self.end_time.data)
        return datetime.combine(day, clock) if day and clock else None

    def fill_from(self, event: Event) -> None:
        """Show the stored UTC times as Berlin wall-clock times."""
        start, end = event.starts_at.astimezone(BERLIN), event.ends_at.astimezone(BERLIN)
        for name in ("title", "place", "online", "registration_required", "description", "capacity",
                     "needs_approval", "waiting_list", "offer_hours", "cancellation_hours", "reminder_hours",
                     "online_link"):  # fmt: skip
            getattr(self, name).data = getattr(event, name)
        self.day.data = start.strftime("%d.%m.%Y")
        self.start_time.data = start.strftime("%H:%M")
        self.end_day.data = end.strftime("%d.%m.%Y") if end.date() != start.date() else ""
        self.end_time.data = end.strftime("%H:%M")
        self.audience.data = event.audience.value
        self.themenkreis_id.data = event.themenkreis_id or 0
        self.laendergruppe_id.data = event.laendergruppe_id or 0
        for moment, day, clock in ((event.registration_opens_at, self.opens_day, self.opens_time),
                                   (event.registration_closes_at, self.closes_day, self.closes_time)):  # fmt: skip
            if moment is not None:
                local = moment.astimezone(BERLIN)
                day.data, clock.data = local.strftime("%d.%m.%Y"), local.strftime("%H:%M")
        for number, question in enumerate(event.questions, start=1):
            getattr(self, f"q{number}_label").data = question.label
            getattr(self, f"q{number}_kind").data = question.kind.value
            getattr(self, f"q{number}_options").data = question.options
            getattr(self, f"q{number}_required").data = question.required

    def questions(self) -> list[dict]:
        result = []
        for number in range(1, MAX_QUESTIONS + 1):
            label = getattr(self, f"q{number}_label").data
            if label:
                result.append({
                    "label": label,
                    "kind": getattr(self, f"q{number}_kind").data,
                    "options": "\n".join(_lines(getattr(self, f"q{number}_options").data)),
                    "required": bool(getattr(self, f"q{number}_required").data),
                })  # fmt: skip
        return result

    def event_data(self) -> dict:
        """Submitted values for app.events.settings.save_event (times still local)."""
        return {
            "local_opens": _moment(self.opens_day.data, self.opens_time.data, default_time="00:00"),
            "local_closes": _moment(self.closes_day.data, self.closes_time.data, default_time="23:59"),
            "capacity": self.capacity.data,
            "audience": Audience(self.audience.data),
            "needs_approval": self.needs_approval.data,
            "waiting_list": self.waiting_list.data,
            "offer_hours": self.offer_hours.data or 48,
            "cancellation_hours": self.cancellation_hours.data if self.cancellation_hours.data is not None else 24,
            "reminder_hours": self.reminder_hours.data or 24,
            "online_link": self.online_link.data or "",
            "questions": self.questions(),
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


def _add_question_slots(form_class: type) -> None:
    """Five fixed slots for extra questions: no JavaScript needed to add one."""
    kinds = [SelectChoice(kind.value, kind.label) for kind in QuestionKind]
    for number in range(1, MAX_QUESTIONS + 1):
        setattr(form_class, f"q{number}_label", StringField(_l("Frage %(n)s", n=number), validators=[max_length(300)]))
        kind = RadioField(_l("Art der Antwort"), choices=kinds, default=QuestionKind.TEXT.value, validate_choice=False)
        setattr(form_class, f"q{number}_kind", kind)
        setattr(
            form_class,
            f"q{number}_options",
            TextAreaField(
                _l("Antworten zur Auswahl (je eine pro Zeile)"), validators=[max_length(2000)], render_kw={"rows": 3}
            ),
        )
        setattr(form_class, f"q{number}_required", BooleanField(_l("Antwort erforderlich")))


_add_question_slots(EventForm)
