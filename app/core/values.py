"""Value helpers shared by forms, exports and pages: German phone numbers and countries."""

from __future__ import annotations

import phonenumbers

GERMANY_NAMES = {"deutschland", "germany", "de", "bundesrepublik deutschland"}


def is_germany(country: str | None) -> bool:
    return (country or "").strip().casefold() in GERMANY_NAMES


def format_phone(e164: str) -> str:
    """Show a stored E.164 number in the national format for German numbers."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "DE")
    except phonenumbers.NumberParseException:
        return e164
    formats = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, formats.NATIONAL if number.country_code == 49 else formats.INTERNATIONAL)
