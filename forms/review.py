"""Forms of the coordinator views: queue filters, decisions, notes, bulk actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.core.converters import MAX_ID
from app.review.decisions import BulkAction
from app.review.queue import DEFAULT_TAB, TAB_STATES
from forms import BaseForm, MultiCheckboxField, SearchForm

MESSAGE_MAX = 5000


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class QueueFilterForm(SearchForm):
    """GET filters of the queue; invalid values are ignored, never an error page."""

    status = HiddenField(default=DEFAULT_TAB)
    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100)])
    themenkreis = SelectField(_l("Themenkreis"), validators=[Optional()], validate_choice=False)
    date_from = DateField(_l("Eingegangen ab"), validators=[Optional()])
    date_to = DateField(_l("Eingegangen bis"), validators=[Optional()])
    mine = BooleanField(_l("Nur mir zugewiesene"))

    def set_themenkreise(self, themenkreise) -> None:
        self.themenkreis.choices = [SelectChoice("", _l("Alle Themenkreise"))] + [
            SelectChoice(str(tk.id), tk.name) for tk in themenkreise
        ]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Das Ende des Zeitraums liegt vor dem Anfang."))

    @property
    def tab(self) -> str:
        return self.status.data if self.status.data in TAB_STATES else DEFAULT_TAB

    @property
    def themenkreis_id(self) -> int | None:
        return _int_or_none(self.themenkreis.data)


class DecisionForm(BaseForm):
    """Base of the action forms on the detail page: carries the version the coordinator saw."""

    version = HiddenField()

    @property
    def seen_version(self) -> int | None:
        return _int_or_none(self.version.data)


class TakeForm(DecisionForm):
    pass


class QuestionForm(DecisionForm):
    message = TextAreaField(
        _l("Ihre Rückfrage an die Antragsteller*in"),
        validators=[DataRequired(_l("Bitte schreiben Sie Ihre Rückfrage.")), Length(max=MESSAGE_MAX)],
    )


class ApproveForm(DecisionForm):
    themenkreise = MultiCheckboxField(_l("Themenkreise der Mitgliedschaft"), coerce=int, validate_choice=False)
    listed = BooleanField(_l("Im Mitgliederverzeichnis zeigen"))
    message = TextAreaField(
        _l("Persönliche Nachricht an die Antragsteller*in"),
        validators=[Optional(), Length(max=MESSAGE_MAX)],
    )

    def set_themenkreise(self, themenkreise) -> None:
        self.themenkreise.choices = [SelectChoice(tk.id, tk.name) for tk in themenkreise]


class RejectForm(DecisionForm):
    reason = TextAreaField(
        _l("Interner Grund der Ablehnung"),
        validators=[
            DataRequired(_l("Bitte geben Sie einen internen Grund für die Ablehnung an.")),
            Length(max=MESSAGE_MAX),
        ],
    )
    message = TextAreaField(
        _l("Persönliche Nachricht an die Antragsteller*in (optional)"),
        validators=[Optional(), Length(max=MESSAGE_MAX)],
    )


class NoteForm(DecisionForm):
    message = TextAreaField(
        _l("Interne Notiz"),
        validators=[DataRequired(_l("Bitte schreiben Sie eine Notiz.")), Length(max=MESSAGE_MAX)],
    )


class ReopenForm(DecisionForm):
    reason = TextAreaField(
        _l("Grund für das Wiederöffnen"),
        validators=[DataRequired(_l("Bitte geben Sie einen Grund an.")), Length(max=MESSAGE_MAX)],
    )


class BulkForm(BaseForm):
    application_ids = SelectMultipleField(_l("Ausgewählte Anträge"), coerce=int, validate_choice=False)
    action = RadioField(
        _l("Aktion für die ausgewählten Anträge"),
        choices=[SelectChoice(action.value, action.label) for action in BulkAction],
        validators=[DataRequired(_l("Bitte wählen Sie eine Aktion."))],
        validate_choice=False,
    )
    reason = TextAreaField(_l("Interner Grund für Ablehnungen"), validators=[Optional(), Length(max=MESSAGE_MAX)])

    def validate_application_ids(self, field):
        if not field.data:
            raise ValidationError(_l("Bitte wählen Sie mindestens einen Antrag aus."))
        if len(field.data) > 200:
            raise ValidationError(_l("Bitte wählen Sie höchstens 200 Anträge auf einmal."))
        if any(not 1 <= number <= MAX_ID for number in field.data):  # never a database overflow
            raise ValidationError(_l("Die Auswahl enthält einen ungültigen Antrag."))

    def validate_action(self, field):
        if field.data not in {action.value for action in BulkAction}:
            raise ValidationError(_l("Bitte wählen Sie eine Aktion."))

    def validate_reason(self, field):
        if self.action.data == BulkAction.REJECT.value and not field.data:
            raise ValidationError(_l("Bitte geben Sie einen internen Grund für die Ablehnung an."))
