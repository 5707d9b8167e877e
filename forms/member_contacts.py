"""Forms for the contact persons of organisation and municipality members."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from forms import BaseForm
from forms.validators import Email, PersonName


class InviteContactForm(BaseForm):
    first_name = StringField(_l("Vorname"), validators=[Optional(), Length(max=100), PersonName()])
    last_name = StringField(
        _l("Nachname"),
        validators=[DataRequired(_l("Bitte geben Sie den Nachnamen an.")), Length(max=100), PersonName()],
    )
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[DataRequired(_l("Bitte geben Sie eine E-Mail-Adresse an.")), Length(max=254), Email()],
    )


class SuccessorForm(BaseForm):
    """Choose a contact: for handing over the main role, or as successor when leaving."""

    successor = SelectField(_l("Neue Hauptansprechperson"), choices=[], validate_choice=False)

    def set_choices(self, contacts) -> None:
        self.successor.choices = [("", str(_l("Bitte wählen")))] + [
            (str(row.id), row.account.display_name) for row in contacts
        ]

    @property
    def successor_id(self) -> int | None:
        value = self.successor.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else None


class AcceptContactForm(BaseForm):
    confirm = BooleanField(
        _l("Ja, ich möchte Ansprechperson sein."),
        validators=[DataRequired(_l("Bitte bestätigen Sie, dass Sie Ansprechperson sein möchten."))],
    )
    listed = BooleanField(_l("Mit der Organisation im Mitgliederverzeichnis genannt werden"))
    password = PasswordField(_l("Passwort"), validators=[Optional(), Length(max=1024)])
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[Optional(), EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein."))],
    )


class ListedForm(BaseForm):
    listed = BooleanField(_l("Mit der Organisation im Mitgliederverzeichnis genannt werden"))
