"""Field validators shared by the application and profile forms (German messages)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError

from app.core.values import is_germany

# Letters of any script, combining marks, spaces, hyphen, apostrophes and dots:
# "Zoë Müller-Lüdenscheidt", "Ğül Çelik", "O'Brien", "Dr. h.c. Anna".
_NAME_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[\s\-'’.\u0300-\u036f])*$", re.UNICODE)
_POSTCODE_DE = re.compile(r"^\d{5}$")


class PersonName:
    """A person's name: letters of any script plus space, hyphen, apostrophe and dot."""

    def __init__(self, message=None):
        self.message = message or _l("Bitte verwenden Sie nur Buchstaben, Leerzeichen, Bindestrich oder Apostroph.")

    def __call__(self, form, field):
        if field.data and not _NAME_RE.match(field.data):
            raise ValidationError(self.message)


class Email:
    """A syntactically valid e-mail address (email-validator); normalises to lower case."""

    def __init__(self, message=None):
        self.message = message or _l("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.")

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            result = validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as error:
            raise StopValidation(self.message) from error
        field.data = result.normalized.lower()


class Phone:
    """A phone number (default region DE); stores E.164, e.g. +493012345678."""

    def __init__(self, region: str = "DE", message=None):
        self.region = region
        self.message = message or _l("Bitte geben Sie eine gültige Telefonnummer an, z. B. 030 1234567.")

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            number = phonenumbers.parse(field.data, self.region)
        except phonenumbers.NumberParseException as error:
            raise StopValidation(self.message) from error
        if not phonenumbers.is_valid_number(number):
            raise StopValidation(self.message)
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Postcode:
    """Five digits when the country (field `country_field`) is Germany; else up to 10 characters."""

    def __init__(self, country_field: str = "country", message=None):
        self.country_field = country_field
        self.message = message or _l("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an, z. B. 10117.")

    def __call__(self, form, field):
        if not field.data:
            return
        country = getattr(form, self.country_field, None)
        if (country is None or is_germany(country.data)) and not _POSTCODE_DE.match(field.data):
            raise StopValidation(self.message)
        if len(field.data) > 10:
            raise StopValidation(_l("Die Postleitzahl ist zu lang."))


def normalise_website(value: str) -> str | None:
    """An http(s) address with a dotted host, "www.beispiel.de" completed to https://; None if not.

    Never raises: urlsplit and its `hostname`/`port` raise ValueError on input such as
    `http://[` or `http://x:99999`, which must be a message at the field, not a 500.
    """
    value = (value or "").strip()
    if not value or any(c.isspace() or ord(c) < 32 for c in value):
        return None
    if not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port out of range
        normalised = urlunsplit(parts)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or "." not in host.strip("."):
        return None
    return normalised


class Website:
    """An http(s) address; "www.beispiel.de" becomes "https://www.beispiel.de"."""

    def __init__(self, message=None):
        self.message = message or _l("Bitte geben Sie eine Web-Adresse an, z. B. https://www.beispiel.de.")

    def __call__(self, form, field):
        if not field.data:
            return
        normalised = normalise_website(field.data)
        if normalised is None:
            raise ValidationError(self.message)
        field.data = normalised
