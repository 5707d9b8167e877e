"""Forms of the administration area: networks, Themenkreise, Ländergruppen, coordinators (events: forms/events.py)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.core.regions import BUNDESLAENDER
from app.models import ApplicantKind, Network
from app.networks.settings import SLUG_PATTERN
from forms import BaseForm, MultiCheckboxField
from forms.validators import Email, PersonName, Website

MARKDOWN_ROWS = {"rows": 8}


def required(message):
    """DataRequired with our German message."""
    return DataRequired(message=message)


def max_length(length: int):
    """A maximum length with a German message."""
    return Length(max=length, message=_l("Bitte kürzen Sie auf höchstens %(max)d Zeichen.", max=length))


class WholeNumberField(IntegerField):
    """An integer field with a German message for input that is not a whole number."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Bitte geben Sie eine ganze Zahl an, z. B. 20.")) from error


class ListChoiceField(SelectField):
    """A select with a German message; a tampered or unknown value is a field error, never a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "SelectField"  # rendered by the select branch of _macros/forms.html

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = self.coerce(valuelist[0])
            except (ValueError, TypeError) as error:
                self.data = None
                raise ValueError(_l("Bitte wählen Sie einen Eintrag aus der Liste.")) from error

    def pre_validate(self, form):
        if self.data not in [next(iter(choice)) for choice in self.choices or []]:
            raise ValidationError(_l("Bitte wählen Sie einen Eintrag aus der Liste."))


# --------------------------------------------------------------------------- networks

APPLICANT_KIND_FIELDS = {
    ApplicantKind.PERSON.value: "accepts_persons",
    ApplicantKind.ORGANISATION.value: "accepts_organisations",
    ApplicantKind.MUNICIPALITY.value: "accepts_municipalities",
}
# Fields copied 1:1 between form and model.
NETWORK_PLAIN_FIELDS = (
    "slug",
    "name",
    "short_description",
    "description",
    "conditions",
    "conditions_confirmation",
    "privacy_notice",
    "operator",
    "website",
    "contact_email",
    "one_membership_per_organisation",
    "applications_open",
    "programme_period",
    "capacity",
    "directory_enabled",
    "themenkreis_required",
    "multiple_themenkreise",
    "rejection_template",
)


class NetworkForm(BaseForm):
    """Every setting of a network."""

    name = StringField(_l("Name"), validators=[required(_l("Bitte geben Sie den Namen an.")), max_length(200)])
    slug = StringField(
        _l("Kurzname in der Adresse"),
        validators=[required(_l("Bitte geben Sie einen Kurznamen für die Adresse an.")), max_length(80)],
    )
    short_description = TextAreaField(
        _l("Kurzbeschreibung"),
        validators=[required(_l("Bitte geben Sie eine Kurzbeschreibung an.")), max_length(500)],
        render_kw={"rows": 3},
    )
    description = TextAreaField(_l("Beschreibung"), validators=[max_length(20000)], render_kw=MARKDOWN_ROWS)
    conditions = TextAreaField(
        _l("Bedingungen der Mitgliedschaft"), validators=[max_length(20000)], render_kw=MARKDOWN_ROWS
    )
    conditions_confirmation = StringField(
        _l("Bestätigung der Bedingungen (Text der Checkbox)"), validators=[max_length(500)]
    )
    privacy_notice = TextAreaField(_l("Datenschutzhinweis"), validators=[max_length(20000)], render_kw=MARKDOWN_ROWS)
    operator = StringField(_l("Träger"), validators=[max_length(200)])
    website = StringField(_l("Website"), validators=[max_length(300)])
    contact_email = StringField(_l("Kontakt-E-Mail"), validators=[max_length(254), Email()])

    applicant_kinds = MultiCheckboxField(
        _l("Wer kann Mitglied werden?"),
        choices=[SelectChoice(kind.value, kind.plural_label) for kind in ApplicantKind],
        validate_choice=False,
    )
    one_membership_per_organisation = BooleanField(_l("Nur eine Mitgliedschaft pro Organisation"))
    applications_open = BooleanField(_l("Anträge sind möglich"))
    programme_period = StringField(_l("Programmzeitraum"), validators=[max_length(120)])
    capacity = WholeNumberField(
        _l("Plätze im Programmzeitraum"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100000, message=_l("Bitte geben Sie eine Zahl von 1 bis 100.000 an.")),
        ],
    )
    directory_enabled = BooleanField(_l("Mitgliederverzeichnis eingeschaltet"))
    themenkreis_required = BooleanField(_l("Antragsteller*innen müssen einen Themenkreis wählen"))
    multiple_themenkreise = BooleanField(_l("Mehrere Themenkreise wählbar"))
    rejection_template = TextAreaField(
        _l("Text für Ablehnungen"), validators=[max_length(10000)], render_kw=MARKDOWN_ROWS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required (no "optional" mark), checked in validate_applicant_kinds; the single
        # checkboxes must not carry the HTML required attribute.
        self.applicant_kinds.flags.required = True

    def validate_slug(self, field):
        if field.data and not re.fullmatch(SLUG_PATTERN, field.data):
            raise ValidationError(
                _l("Bitte verwenden Sie nur Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. netzwerk-sachsen.")
            )

    def validate_applicant_kinds(self, field):
        valid = set(APPLICANT_KIND_FIELDS)
        if not field.data or not set(field.data) <= valid:
            raise ValidationError(_l("Bitte wählen Sie mindestens eine Art von Mitgliedern."))

    def validate_website(self, field):
        Website(_l("Bitte geben Sie eine gültige Adresse an, z. B. https://www.beispiel.de."))(self, field)

    def fill_from(self, network: Network) -> None:
        """Prefill the form with the network's current settings (GET only)."""
        for name in NETWORK_PLAIN_FIELDS:
            getattr(self, name).data = getattr(network, name)
        self.applicant_kinds.data = [kind.value for kind in network.applicant_kinds]

    def network_data(self) -> dict:
        """The submitted settings as model attributes."""
        data = {name: getattr(self, name).data for name in NETWORK_PLAIN_FIELDS}
        for key in ("description", "conditions", "privacy_notice", "rejection_template"):
            data[key] = (data[key] or "").replace("\r\n", "\n")
        for value, attribute in APPLICANT_KIND_FIELDS.items():
            data[attribute] = value in (self.applicant_kinds.data or [])
        return data


# --------------------------------------------------------------------------- groups


class ThemenkreisForm(BaseForm):
    name = StringField(_l("Name"), validators=[required(_l("Bitte geben Sie den Namen an.")), max_length(120)])
    description = TextAreaField(_l("Beschreibung"), validators=[max_length(2000)], render_kw={"rows": 3})


class LaendergruppeForm(BaseForm):
    name = StringField(_l("Name"), validators=[required(_l("Bitte geben Sie den Namen an.")), max_length(120)])
    description = TextAreaField(_l("Beschreibung"), validators=[max_length(2000)], render_kw={"rows": 3})
    bundeslaender = MultiCheckboxField(
        _l("Bundesländer"),
        choices=[SelectChoice(code, name) for code, name in BUNDESLAENDER.items()],
        validate_choice=False,
    )

    def validate_bundeslaender(self, field):
        if not set(field.data or []) <= set(BUNDESLAENDER):
            raise ValidationError(_l("Bitte wählen Sie nur Bundesländer aus der Liste."))


class MoveForm(BaseForm):
    """Move a Themenkreis one place up or down."""

    direction = ListChoiceField(choices=[SelectChoice("up", _l("nach oben")), SelectChoice("down", _l("nach unten"))])


# --------------------------------------------------------------------------- coordinators


class CoordinatorForm(BaseForm):
    """Assign an account by e-mail; unknown addresses get an invitation."""

    email = StringField(
        _l("E-Mail-Adresse"),
        validators=[required(_l("Bitte geben Sie die E-Mail-Adresse an.")), max_length(254), Email()],
    )
    first_name = StringField(_l("Vorname"), validators=[max_length(100), PersonName()])
    last_name = StringField(_l("Nachname"), validators=[max_length(100), PersonName()])


class NotifyForm(BaseForm):
    notify = HiddenField()
