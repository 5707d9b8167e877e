"""Form fields render exactly as WTForms renders them, with the faster attribute builder."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

import forms
from forms import WTFORMS_HTML_PARAMS, BaseForm, MultiCheckboxField, html_params

VALUES = [
    {"name": "vorname", "id": "vorname", "class_": "kern-form-input__input"},
    {"value": 'Müller & "Söhne" <b>', "data_counter": 200, "aria_describedby": "a-hint a-error"},
    {"value": Markup('<i class="x">'), "checked": True, "disabled": False, "required": True},
    {"autocomplete": "given-name", "maxlength": 80, "minlength": 2, "placeholder": "z. B. 07743"},
    {"for_": "x", "data_x_y": "1", "aria_invalid": "true", "selected": True},
    {"value": 0, "min": -1.5, "step": None},
    {},
]


@pytest.mark.parametrize("attributes", VALUES)
def test_the_attribute_builder_gives_what_wtforms_gives(attributes):
    assert html_params(**attributes) == WTFORMS_HTML_PARAMS(**attributes)
    assert type(html_params(**attributes)) is Markup


class EveryField(BaseForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[DataRequired(), Length(max=80)])
    email = EmailField("E-Mail")
    password = PasswordField("Passwort")
    text = TextAreaField("Text", validators=[Length(max=500)])
    number = IntegerField("Zahl")
    hidden = HiddenField()
    agree = BooleanField("Einverstanden")
    kind = RadioField("Art", choices=[SelectChoice("a", "A & B"), SelectChoice("b", '"B"')])
    land = SelectField(
        "Land",
        choices=[
            SelectChoice("", "– bitte wählen –"),
            SelectChoice("BY", "Bayern"),
            SelectChoice("BW", "Baden-Württemberg"),
        ],
    )
    topics = MultiCheckboxField("Themen", choices=[SelectChoice("1", "Eins"), SelectChoice("2", "<Zwei>")])


def test_every_kind_of_field_renders_the_same_with_both_builders(app, monkeypatch):
    import wtforms.widgets.core as core

    data = {"name": 'Ada "A" <L>', "email": "a@b.example", "text": "x & y", "number": "3", "hidden": "h",
            "agree": "y", "kind": "b", "land": "BY", "topics": ["2"]}  # fmt: skip
    with app.test_request_context(method="POST", data=data):
        form = EveryField()
        form.validate()
        fast = [str(field(class_="c", aria_describedby="d")) for field in form]
        monkeypatch.setattr(core, "html_params", WTFORMS_HTML_PARAMS)
        monkeypatch.setattr(core.Input, "html_params", staticmethod(WTFORMS_HTML_PARAMS))
        original = [str(field(class_="c", aria_describedby="d")) for field in form]
    assert fast == original
    assert forms.html_params is html_params
