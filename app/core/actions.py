"""The one seam between a view and the domain: validate, act, commit or roll back, flash, redirect.

A route loads what it needs, checks permission and hands its form and one domain action to
`submit`. Everything after that is the same everywhere, so it lives here: a domain rule that
fails (`DomainError`) is rolled back and shown at the form's fields; a record someone else
changed first (`ConcurrentUpdate`, `IllegalTransition`) is rolled back and explained in a
flash message on the fresh page; success is committed, flashed and redirected (POST/redirect/GET).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash, redirect, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from app.core.errors import ConcurrentUpdate, DomainError, IllegalTransition, apply_errors_to_form
from app.extensions import db

T = TypeVar("T")
CONFLICT = _l("Das wurde gerade von jemand anderem geändert. Bitte prüfen Sie die Seite und versuchen Sie es erneut.")
Text = str | Callable[[T], str]
Success = str | Callable[[T], str | None]


def _text(value, result) -> str:
    return value(result) if callable(value) else str(value)


def _flash_success(value, result) -> None:
    text = value(result) if callable(value) else value
    if text:  # a callable may flash on its own (e.g. "no changes" as info) and return None
        flash(str(text), "success")


def submit(
    form,
    action: Callable[[], T],
    *,
    success: Success | None,
    next_url: Text,
    stale_url: str | None = None,
    validate: bool = True,
    refused_url: str | None = None,
) -> Response | None:
    """Run `action` for a valid submitted form; None means "render the page" (GET, invalid, refused).

    `success` and `next_url` may be callables taking the action's result (e.g. the new row).
    With `stale_url`, a conflict with someone else's change redirects there with a message
    instead of showing the form again. Buttons without fields (delete, move) pass
    `refused_url`: a refusal (or a conflict) is flashed there instead of being shown at a field.
    """
    if validate and not form.validate_on_submit():
        return None
    try:
        result = action()
    except (ConcurrentUpdate, IllegalTransition) as error:
        db.session.rollback()
        back = stale_url or refused_url  # a button without fields has no field to show it at
        if back is None:
            apply_errors_to_form(form, error)
            return None
        flash(error.message, "error")
        return redirect(back)
    except DomainError as error:
        db.session.rollback()
        if refused_url is not None:
            flash(error.message, "error")
            return redirect(refused_url)
        apply_errors_to_form(form, error)
        return None
    try:
        db.session.commit()
    except IntegrityError:
        # Someone else created the same thing at the same moment (a unique rule in the database).
        db.session.rollback()
        flash(str(CONFLICT), "info")
        return redirect(stale_url or refused_url or request.url)
    _flash_success(success, result)
    return redirect(_text(next_url, result))
