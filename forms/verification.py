"""Forms of the verification feature: request, question and answer, decision, attestation, domains."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forms import BaseForm

TEXT_MAX = 4000


class RequestForm(BaseForm):
    label = StringField(
        _l("Was soll bestätigt werden?"),
        validators=[Optional(), Length(max=200)],
        description=_l("Zum Beispiel „Kommune“ oder eine Funktion wie „Beteiligungsbeauftragte der Stadt Jena“."),
    )
    text = TextAreaField(
        _l("Begründung"),
        validators=[DataRequired(_l("Bitte begründen Sie Ihren Antrag.")), Length(max=TEXT_MAX)],
        description=_l("Woran kann die Koordination erkennen, dass die Angabe stimmt?"),
    )


class MessageForm(BaseForm):
    message = TextAreaField(
        _l("Nachricht"), validators=[DataRequired(_l("Bitte schreiben Sie eine Nachricht.")), Length(max=TEXT_MAX)]
    )


class RejectForm(BaseForm):
    reason = TextAreaField(
        _l("Grund"), validators=[DataRequired(_l("Bitte geben Sie einen Grund an.")), Length(max=TEXT_MAX)]
    )


class AttestForm(BaseForm):
    label = StringField(
        _l("Bestätigt als"),
        validators=[DataRequired(_l("Bitte geben Sie an, was bestätigt wird.")), Length(max=200)],
        description=_l("Zum Beispiel „Kommune“ oder „Beteiligungsbeauftragte der Stadt Jena“."),
    )
    reason = TextAreaField(
        _l("Grund"),
        validators=[DataRequired(_l("Bitte geben Sie einen Grund an.")), Length(max=TEXT_MAX)],
        description=_l("Wie wurde geprüft? Wird im Verlauf festgehalten."),
    )
    valid_until = DateField(
        _l("Gültig bis"),
        validators=[DataRequired(_l("Bitte geben Sie ein gültiges Datum an."))],
        description=_l("Höchstens drei Jahre; vorher erinnern wir an die Verlängerung."),
    )


class DomainForm(BaseForm):
    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    domain = StringField(
        _l("E-Mail-Domain"),
        validators=[DataRequired(_l("Bitte geben Sie eine Domain an.")), Length(max=253)],
        description=_l("Zum Beispiel stadt-leipzig.de – ohne „@“."),
    )

    def set_choices(self, organisations) -> None:
        self.organisation.choices = [("", str(_l("Bitte wählen")))] + [(str(o.id), o.name) for o in organisations]

    @property
    def organisation_id(self) -> int | None:
        value = self.organisation.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else None
