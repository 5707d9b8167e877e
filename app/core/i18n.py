"""Language and time-zone handling: German first, English second, Europe/Berlin."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app, request, session
from flask_babel import format_date, format_datetime, get_locale

from app.extensions import babel


def select_locale() -> str:
    """The language chosen with the switch, else German (the default)."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") if request else None
    if chosen is not None and chosen in languages:
        return chosen
    if request and session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def current_language() -> str:
    return str(get_locale() or "de")


def date_filter(value: date | datetime | None) -> str:
    """14.02.2026 (German) or 14 Feb 2026 (English), in Europe/Berlin."""
    if value is None:
        return ""
    pattern = "dd.MM.yyyy" if current_language() == "de" else "d MMM yyyy"
    if isinstance(value, datetime):
        return format_datetime(value, pattern)
    return format_date(value, pattern)


def time_filter(value: datetime | None) -> str:
    """13:00 Uhr (German) or 13:00 (English), in Europe/Berlin."""
    if value is None:
        return ""
    pattern = "HH:mm 'Uhr'" if current_language() == "de" else "HH:mm"
    return format_datetime(value, pattern)


def datetime_filter(value: datetime | None) -> str:
    """14.02.2026, 13:00 Uhr."""
    if value is None:
        return ""
    return f"{date_filter(value)}, {time_filter(value)}"


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.filters["time"] = time_filter
    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.add_extension("jinja2.ext.i18n")
