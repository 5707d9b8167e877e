"""Forms: BaseForm strips whitespace on every string field (Indico style)."""

from __future__ import annotations

import wtforms.widgets.core
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.widgets.core import clean_key

WTFORMS_HTML_PARAMS = wtforms.widgets.core.html_params


def html_params(**kwargs) -> Markup:
    """WTForms' html_params with the same output, built with plain strings.

    WTForms formats every attribute through Markup.format (Python's string.Formatter): a
    tenth of the CPU of a form page. Every widget of WTForms calls this module-level
    function (inputs through their class attribute), so it is replaced in both places;
    tests/core/test_form_rendering.py compares the two on every kind of value.
    """
    params = []
    for key, value in sorted(kwargs.items()):
        if value is False:
            continue
        name = escape(clean_key(key))
        if value is True:
            params.append(str(name))
        else:
            params.append(f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))  # noqa: S704 - every part escaped above


wtforms.widgets.core.html_params = html_params
wtforms.widgets.core.Input.html_params = staticmethod(html_params)


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Base for all forms: trims whitespace and lists its errors for the summary."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            if strip_whitespace not in filters:
                filters.insert(0, strip_whitespace)
            return unbound_field.bind(form=form, filters=filters, **options)

    def all_errors(self) -> list[tuple[str | None, str]]:
        """(field id, first message) for each invalid field, in form order, then form errors."""
        errors: list[tuple[str | None, str]] = []
        for field in self:
            if field.errors and field.type != "CSRFTokenField":
                first = field.errors[0] if isinstance(field.errors, list | tuple) else str(field.errors)
                errors.append((field.id, str(first)))
        errors.extend((None, str(message)) for message in self.form_errors)
        csrf = getattr(self, "csrf_token", None)
        if csrf is not None and csrf.errors:
            errors.append((None, str(_l("Das Formular ist abgelaufen. Bitte senden Sie es erneut."))))
        return errors


class SearchForm(BaseForm):
    """Base for GET search/filter forms: bound to request.args, no CSRF."""

    class Meta:
        csrf = False
        # Every field of a search form is optional: the macros leave out the "(optional)" mark.
        search_form = True


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes in a fieldset."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
