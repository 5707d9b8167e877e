"""Domain errors that carry (field, message) pairs for the form (FlaskBB style)."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was violated; `errors` maps form fields to messages.

    A field of None means the message belongs to the whole form (error summary).
    """

    def __init__(self, message: str, field: str | None = None, errors: list[tuple[str | None, str]] | None = None):
        super().__init__(message)
        self.errors = errors if errors is not None else [(field, message)]

    @property
    def message(self) -> str:
        return str(self.args[0])


class IllegalTransition(DomainError):
    """The application is not in a state that allows this action."""


class ConcurrentUpdate(DomainError):
    """Someone else changed the record first."""


def apply_errors_to_form(form, error: DomainError) -> None:
    """Copy a DomainError's messages onto the matching form fields (or form.form_errors)."""
    for field_name, message in error.errors:
        field = getattr(form, field_name, None) if field_name else None
        if field is not None:
            field.errors = [*list(field.errors or []), message]
        else:
            form.form_errors.append(message)
