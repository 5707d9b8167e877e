"""Forms of the Beteiligungsatlas: the entry steps, search, review actions, status updates, admin settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.core.regions import BUNDESLAENDER
from app.models import today_in_germany
from app.models.atlas import AtlasInitiator, AtlasLevel, AtlasLicence, AtlasRecruitment, AtlasTopic
from forms import BaseForm, MultiCheckboxField, SearchForm

TEXT_MAX = 20000
MESSAGE_MAX = 5000
FIRST_YEAR = 1949
MONTHS = [SelectChoice("", _l("– Monat –"))] + [SelectChoice(str(m), f"{m:02d}") for m in range(1, 13)]


def last_year() -> int:
    return today_in_germany().year + 1


def _enum_choices(enum_class, empty: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", empty)] if empty else []
    return choices + [SelectChoice(member.value, member.label) for member in enum_class]


def _land_choices(empty) -> list[SelectChoice]:
    return [SelectChoice("", empty)] + [SelectChoice(code, name) for code, name in BUNDESLAENDER.items()]


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _required_choice(message):
    return [DataRequired(message=message)]


class StepForm(BaseForm):
    """A step of the entry form; `values()` gives what the domain stores."""

    def values(self) -> dict:
        """Field data by name; a text field that was not sent is "" (the columns are NOT NULL)."""
        return {
            name: ("" if field.data is None and isinstance(field, StringField) else field.data)
            for name, field in self._fields.items()
            if name != "csrf_token"
        }


class DescriptionStep(StepForm):
    title = StringField(
        _l("Titel des Verfahrens"), validators=[DataRequired(_l("Bitte geben Sie einen Titel an.")), Length(max=200)]
    )
    summary = TextAreaField(
        _l("Kurzbeschreibung"),
        validators=[DataRequired(_l("Bitte beschreiben Sie das Verfahren kurz.")), Length(max=500)],
    )
    body = TextAreaField(_l("Ausführliche Beschreibung"), validators=[Optional(), Length(max=TEXT_MAX)])
    topic = SelectField(
        _l("Thema"), choices=_enum_choices(AtlasTopic, _l("– bitte wählen –")),
        validators=_required_choice(_l("Bitte wählen Sie ein Thema.")),
    )  # fmt: skip

    def values(self) -> dict:
        data = super().values()
        data["topic"] = AtlasTopic(data["topic"])
        return data


class PlaceStep(StepForm):
    organiser = StringField(
        _l("Durchführende Kommune oder Stelle"),
        validators=[DataRequired(_l("Bitte nennen Sie, wer das Verfahren durchgeführt hat.")), Length(max=200)],
    )
    bundesland = SelectField(
        _l("Bundesland"), choices=_land_choices(_l("– bitte wählen –")),
        validators=_required_choice(_l("Bitte wählen Sie ein Bundesland.")),
    )  # fmt: skip
    ags = StringField(
        _l("Amtlicher Gemeindeschlüssel (AGS)"),
        validators=[
            Optional(),
            Regexp(
                r"^\d{8}$",
                message=_l("Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern, z. B. 14612000 für Dresden."),
            ),
        ],
    )
    level = RadioField(
        _l("Ebene"), choices=_enum_choices(AtlasLevel), validators=_required_choice(_l("Bitte wählen Sie die Ebene."))
    )
    initiator = RadioField(
        _l("Initiiert von"), choices=_enum_choices(AtlasInitiator),
        validators=_required_choice(_l("Bitte wählen Sie, wer das Verfahren angestoßen hat.")),
    )  # fmt: skip

    def values(self) -> dict:
        data = super().values()
        data["ags"] = data["ags"] or ""
        data["level"] = AtlasLevel(data["level"])
        data["initiator"] = AtlasInitiator(data["initiator"])
        return data


class ConductStep(StepForm):
    methods = MultiCheckboxField(
        _l("Methoden"), coerce=int, validators=[DataRequired(_l("Bitte wählen Sie mindestens eine Methode."))]
    )
    recruitment = RadioField(
        _l("Wie wurden die Teilnehmenden gewonnen?"), choices=_enum_choices(AtlasRecruitment), validators=[Optional()]
    )
    participants = IntegerField(
        _l("Zahl der Teilnehmenden"),
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000_000, message=_l("Bitte eine Zahl von 0 bis 10.000.000.")),
        ],
    )
    start_month = SelectField(_l("Beginn: Monat"), choices=MONTHS, validators=[Optional()])
    start_year = IntegerField(
        _l("Beginn: Jahr"), validators=[DataRequired(_l("Bitte geben Sie das Jahr des Beginns an (z. B. 2024)."))]
    )
    ongoing = BooleanField(_l("Das Verfahren läuft noch"))
    end_month = SelectField(_l("Ende: Monat"), choices=MONTHS, validators=[Optional()])
    end_year = IntegerField(_l("Ende: Jahr"), validators=[Optional()])

    def set_methods(self, methods, selected=()) -> None:
        keep = {m.id for m in methods} | set(selected)
        self.methods.choices = [(m.id, m.name) for m in methods if m.id in keep]

    def _year(self, field):
        if field.data is not None and not FIRST_YEAR <= field.data <= last_year():
            raise ValidationError(
                _l("Bitte ein Jahr zwischen %(first)s und %(last)s.", first=FIRST_YEAR, last=last_year())
            )

    validate_start_year = _year

    def validate_end_year(self, field):
        self._year(field)
        if field.data and self.start_year.data and not self.ongoing.data:
            start = (self.start_year.data, _int_or_none(self.start_month.data) or 0)
            end = (field.data, _int_or_none(self.end_month.data) or 12)
            if end < start:
                raise ValidationError(_l("Das Ende liegt vor dem Beginn."))

    def values(self) -> dict:
        data = super().values()
        data.pop("methods")
        data["recruitment"] = AtlasRecruitment(data["recruitment"]) if data["recruitment"] else None
        data["start_month"] = _int_or_none(data["start_month"])
        data["end_month"] = _int_or_none(data["end_month"])
        return data


class ResultStep(StepForm):
    result = TextAreaField(_l("Ergebnis"), validators=[Optional(), Length(max=TEXT_MAX)])
    impact = TextAreaField(_l("Was ist aus dem Ergebnis geworden?"), validators=[Optional(), Length(max=TEXT_MAX)])
    link_portal = URLField(
        _l("Seite des Verfahrens (z. B. auf einem Beteiligungsportal)"),
        validators=[Optional(), Length(max=300), URL(message=_l("Bitte eine vollständige Adresse mit https://."))],
    )
    link_decision = URLField(
        _l("Ratsbeschluss oder Dokumentation"),
        validators=[Optional(), Length(max=300), URL(message=_l("Bitte eine vollständige Adresse mit https://."))],
    )
    contact = StringField(_l("Kontakt für Rückfragen"), validators=[Optional(), Length(max=300)])

    def values(self) -> dict:
        return {key: value or "" for key, value in super().values().items()}


STEPS = {
    1: (_l("Verfahren"), DescriptionStep),
    2: (_l("Ort und Ebene"), PlaceStep),
    3: (_l("Durchführung"), ConductStep),
    4: (_l("Ergebnis und Links"), ResultStep),
}
LAST_STEP = 5  # the summary with "Einreichen"


class SubmitForm(BaseForm):
    """The last step: submit a draft, or answer a question (then `message` is required)."""

    message = TextAreaField(_l("Ihre Antwort an die Koordination"), validators=[Optional(), Length(max=MESSAGE_MAX)])


class AtlasSearchForm(SearchForm):
    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100)])
    bundesland = SelectField(_l("Bundesland"), choices=_land_choices(_l("Alle Länder")), validators=[Optional()])
    level = SelectField(_l("Ebene"), choices=_enum_choices(AtlasLevel, _l("Alle Ebenen")), validators=[Optional()])
    method = SelectField(_l("Methode"), validators=[Optional()], validate_choice=False)
    topic = SelectField(_l("Thema"), choices=_enum_choices(AtlasTopic, _l("Alle Themen")), validators=[Optional()])
    year = SelectField(_l("Jahr"), validators=[Optional()], validate_choice=False)
    initiator = SelectField(
        _l("Initiiert von"), choices=_enum_choices(AtlasInitiator, _l("Alle")), validators=[Optional()]
    )
    network = SelectField(_l("Netzwerk"), validators=[Optional()], validate_choice=False)

    def set_choices(self, methods, networks) -> None:
        self.method.choices = [SelectChoice("", _l("Alle Methoden"))] + [
            SelectChoice(str(m.id), m.name) for m in methods
        ]
        years = range(last_year(), 1999, -1)  # the filter offers this century; older entries via search
        self.year.choices = [SelectChoice("", _l("Alle Jahre"))] + [SelectChoice(str(y), str(y)) for y in years]
        self.network.choices = [SelectChoice("", _l("Alle Netzwerke"))] + [
            SelectChoice(n.slug, n.name) for n in networks
        ]

    def clean(self, field) -> str:
        """The field's value if valid, else "" (bad filters are ignored, never an error page)."""
        if field.errors or field.data in (None, "None"):
            return ""
        valid = {str(choice[0]) for choice in field.iter_choices()} if field.choices else set()
        return str(field.data) if str(field.data) in valid else ""


class ActionForm(BaseForm):
    version = HiddenField()

    @property
    def seen_version(self) -> int | None:
        return _int_or_none(self.version.data)


TakeForm = PublishForm = ActionForm  # no fields of their own: the version the coordinator saw


class QuestionForm(ActionForm):
    message = TextAreaField(
        _l("Ihre Rückfrage"),
        validators=[DataRequired(_l("Bitte schreiben Sie Ihre Rückfrage.")), Length(max=MESSAGE_MAX)],
    )


class RejectForm(ActionForm):
    reason = TextAreaField(
        _l("Grund (die Autor*in sieht ihn)"),
        validators=[DataRequired(_l("Bitte nennen Sie einen Grund.")), Length(max=MESSAGE_MAX)],
    )


class NoteForm(ActionForm):
    message = TextAreaField(
        _l("Notiz"), validators=[DataRequired(_l("Bitte schreiben Sie eine Notiz.")), Length(max=MESSAGE_MAX)]
    )


class UpdateForm(BaseForm):
    month = SelectField(_l("Monat"), choices=MONTHS[1:], validators=[DataRequired(_l("Bitte wählen Sie den Monat."))])
    year = IntegerField(
        _l("Jahr"),
        validators=[
            DataRequired(_l("Bitte geben Sie das Jahr an.")),
            NumberRange(min=FIRST_YEAR, max=2100, message=_l("Bitte ein gültiges Jahr.")),
        ],
    )
    text = TextAreaField(
        _l("Was ist neu?"), validators=[DataRequired(_l("Bitte beschreiben Sie den neuen Stand.")), Length(max=2000)]
    )


class AnswerForm(BaseForm):
    message = TextAreaField(
        _l("Ihre Antwort"), validators=[DataRequired(_l("Bitte schreiben Sie eine Antwort.")), Length(max=MESSAGE_MAX)]
    )


class SettingsForm(BaseForm):
    enabled = BooleanField(_l("Beteiligungsatlas für dieses Netzwerk einschalten"))
    licence = SelectField(_l("Lizenz der Daten"), choices=[SelectChoice(lic.value, lic.label) for lic in AtlasLicence])
    embed_origins = StringField(
        _l("Websites, die die Einbettung zeigen dürfen"), validators=[Optional(), Length(max=500)]
    )


class MethodForm(BaseForm):
    name = StringField(
        _l("Neue Methode"), validators=[DataRequired(_l("Bitte geben Sie einen Namen an.")), Length(max=120)]
    )
    participedia = StringField(_l("Participedia-Schlüssel"), validators=[Optional(), Length(max=80)])
