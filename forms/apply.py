"""Forms of the applicant's journey: the four steps, resend link, answer, withdraw.

The fields of a step depend on the network and on who applies (person, organisation,
municipality); app.apply.fields decides which, this module how they validate.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, StopValidation

from app.apply.fields import KIND_CHOICES, label, step_fields
from app.core.consent import PRIVACY_CONSENT_LABEL
from app.models import ApplicantKind, Network, OrganisationType
from forms import BaseForm, MultiCheckboxField
from forms.validators import Email, PersonName, Phone, Postcode, Website

DESCRIPTION_MAX = 1500
ANSWER_MAX = 5000
REASON_MAX = 1000


def single_line(value):
    """Collapse runs of whitespace (also line breaks and tabs) to one space."""
    return " ".join(value.split()) if isinstance(value, str) else value


def unix_newlines(value):
    """Browsers send CRLF; count a line break as one character, as the counter does."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def int_or_none(value):
    """Coerce a choice to int without raising: garbage becomes None and fails as an invalid choice."""
    if value is None or isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def too_long(maximum: int):
    return Length(
        max=maximum, message=_l("Bitte kürzen Sie Ihre Angabe auf höchstens %(max)d Zeichen (derzeit %(length)d).")
    )


class ValidChoice:
    """The chosen value(s) must be among the offered choices (unknown ids are refused)."""

    def __init__(self, message=None):
        self.message = message or _l("Bitte wählen Sie eine der angebotenen Möglichkeiten.")

    def __call__(self, form, field):
        allowed = {choice.value for choice in field.choices if choice.value not in ("", None)}
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in allowed for value in chosen if value not in ("", None)) or None in chosen:
            raise StopValidation(self.message)


def _required(message):
    return DataRequired(message=message)


def _text(network, kind, name, maximum, *validators, required=None, **kwargs):
    checks = [_required(required)] if required else [Optional()]
    return StringField(
        label(name, kind, network),
        filters=[single_line],
        validators=[*checks, too_long(maximum), *validators],
        **kwargs,
    )


def _field(name: str, network: Network, kind: ApplicantKind):
    """A fresh unbound field for `name`, configured for this network and kind."""
    person = kind is ApplicantKind.PERSON
    if name == "applicant_kind":
        choices = [SelectChoice(k.value, KIND_CHOICES[k]) for k in network.applicant_kinds]
        return RadioField(
            label(name, kind),
            choices=choices,
            validate_choice=False,
            validators=[
                _required(_l("Bitte wählen Sie, ob Sie als Person oder für eine Institution beantragen.")),
                ValidChoice(),
            ],
        )
    if name == "first_name":
        return _text(network, kind, name, 100, PersonName(), required=_l("Bitte geben Sie Ihren Vornamen an."))
    if name == "last_name":
        return _text(network, kind, name, 100, PersonName(), required=_l("Bitte geben Sie Ihren Nachnamen an."))
    if name == "email":
        return _text(network, kind, name, 254, Email(), required=_l("Bitte geben Sie Ihre E-Mail-Adresse an."))
    if name == "phone":
        return _text(network, kind, name, 40, Phone())
    if name == "institution":
        message = {
            ApplicantKind.PERSON: _l("Bitte geben Sie die Institution an, in der Sie tätig sind."),
            ApplicantKind.ORGANISATION: _l("Bitte geben Sie den Namen der Organisation an."),
            ApplicantKind.MUNICIPALITY: _l("Bitte geben Sie den Namen der Kommune an."),
        }[kind]
        # Persons need an institution where the network admits one member per organisation.
        required = not person or network.one_membership_per_organisation
        return _text(network, kind, name, 200, required=message if required else None)
    if name == "function":
        required = person and network.one_membership_per_organisation
        return _text(network, kind, name, 200, required=_l("Bitte geben Sie Ihre Funktion an.") if required else None)
    if name == "organisation_type":
        choices = [SelectChoice("", _l("Bitte wählen"))] + [SelectChoice(t.value, t.label) for t in OrganisationType]
        return SelectField(
            label(name, kind),
            choices=choices,
            validate_choice=False,
            validators=[_required(_l("Bitte wählen Sie die Art der Organisation.")), ValidChoice()],
        )
    if name == "website":
        return _text(network, kind, name, 300, Website())
    if name == "street":
        return _text(network, kind, name, 200)
    if name == "postcode":
        return _text(network, kind, name, 10, Postcode(), required=_l("Bitte geben Sie die Postleitzahl an."))
    if name == "city":
        return _text(network, kind, name, 100, required=_l("Bitte geben Sie den Ort an."))
    if name == "country":
        return _text(network, kind, name, 100, required=_l("Bitte geben Sie das Land an."), default="Deutschland")
    if name == "description":
        return TextAreaField(
            label(name, kind),
            filters=[unix_newlines],
            validators=[
                _required(_l("Bitte beschreiben Sie kurz Ihre Tätigkeiten, Erfahrungen und Interessen.")),
                too_long(DESCRIPTION_MAX),
            ],
        )
    if name == "themenkreise":
        choices = [SelectChoice(tk.id, tk.name) for tk in network.themenkreise]
        checks = (
            [_required(_l("Bitte wählen Sie einen Themenkreis."))] if network.themenkreis_required else [Optional()]
        )
        field_class = MultiCheckboxField if network.multiple_themenkreise else RadioField
        return field_class(
            label(name, kind, network),
            choices=choices,
            coerce=int_or_none,
            validate_choice=False,
            validators=[*checks, ValidChoice()],
        )
    if name == "wants_directory_listing":
        return BooleanField(label(name, kind), default=False)
    if name == "consent_privacy":
        return BooleanField(
            PRIVACY_CONSENT_LABEL,
            validators=[
                _required(
                    _l("Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben und einverstanden sind.")
                )
            ],
        )
    if name == "consent_conditions":
        return BooleanField(
            network.conditions_confirmation,
            validators=[_required(_l("Bitte bestätigen Sie die Bedingungen der Mitgliedschaft."))],
        )
    raise KeyError(name)


def step_form(step: int, network: Network, kind: ApplicantKind | None, **kwargs) -> BaseForm:
    """The form of one step; only the fields this network and kind need exist (and validate)."""
    names = step_fields(network, kind)[step]
    effective_kind = kind or ApplicantKind.PERSON
    attrs = {name: _field(name, network, effective_kind) for name in names}
    # Honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill it in.
    attrs["homepage"] = StringField(_l("Bitte lassen Sie dieses Feld leer"))
    if step == 4:
        attrs["privacy_version"] = HiddenField()
        attrs["conditions_version"] = HiddenField()
    form_class = type(f"ApplyStep{step}Form", (BaseForm,), attrs)
    return form_class(**kwargs)


def stored_values(form: BaseForm) -> dict:
    """The JSON-ready values of a step form (honeypot and versions excluded)."""
    values = {}
    for field in form:
        if field.name in ("csrf_token", "homepage", "privacy_version", "conditions_version"):
            continue
        data = field.data
        if field.name == "themenkreise":
            data = [item for item in (data if isinstance(data, list) else [data]) if isinstance(item, int)]
        values[field.name] = data
    return values


def form_data(values: dict, network: Network) -> dict:
    """Stored values as form data (a single Themenkreis for radio buttons)."""
    data = dict(values)
    chosen = data.get("themenkreise") or []
    if not network.multiple_themenkreise:
        data["themenkreise"] = chosen[0] if chosen else None
    return data


class ResendForm(BaseForm):
    email = StringField(
        _l("E-Mail"),
        filters=[single_line],
        validators=[_required(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")), too_long(254), Email()],
    )


class AnswerForm(BaseForm):
    answer = TextAreaField(
        _l("Ihre Antwort"),
        filters=[unix_newlines],
        validators=[_required(_l("Bitte schreiben Sie Ihre Antwort.")), too_long(ANSWER_MAX)],
    )


class WithdrawForm(BaseForm):
    reason = TextAreaField(_l("Grund"), filters=[unix_newlines], validators=[Optional(), too_long(REASON_MAX)])
