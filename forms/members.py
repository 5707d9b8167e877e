"""Forms of the members feature: import, member list filters, member data, messages, invitation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.core.regions import bundesland_choices
from app.members.states import MemberState
from app.models import ApplicantKind, Network
from forms import BaseForm, MultiCheckboxField, SearchForm
from forms.validators import Email, PersonName, Phone, Postcode

NOTE_MAX = 2000


def int_or_none(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


class UploadForm(BaseForm):
    file = FileField(
        _l("Datei mit der Mitgliederliste"),
        validators=[FileRequired(_l("Bitte wählen Sie eine Datei aus (CSV oder XLSX)."))],
    )


class CsrfOnlyForm(BaseForm):
    """A POST without fields (confirm import, cancel invitation): CSRF only."""


class RosterFilterForm(SearchForm):
    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100)])
    state = SelectField(_l("Status"), validators=[Optional()], validate_choice=False)
    themenkreis = SelectField(_l("Themenkreis"), validators=[Optional()], validate_choice=False)
    laendergruppe = SelectField(_l("Ländergruppe"), validators=[Optional()], validate_choice=False)
    bundesland = SelectField(_l("Bundesland"), validators=[Optional()], validate_choice=False)
    kind = SelectField(_l("Art"), validators=[Optional()], validate_choice=False)

    def set_choices(self, network: Network) -> None:
        self.state.choices = [("", _l("Alle"))] + [(s.value, s.label) for s in MemberState]
        self.themenkreis.choices = [("", _l("Alle Themenkreise"))] + [(str(t.id), t.name) for t in network.themenkreise]
        self.laendergruppe.choices = [("", _l("Alle Ländergruppen"))] + [
            (str(g.id), g.name) for g in network.laendergruppen
        ]
        self.bundesland.choices = [("", _l("Alle Bundesländer")), *bundesland_choices()]
        self.kind.choices = [("", _l("Alle Arten"))] + [(k.value, k.label) for k in ApplicantKind]


class NetworkDataForm(BaseForm):
    themenkreise = MultiCheckboxField(_l("Themenkreise"), coerce=int, validate_choice=False)
    laendergruppe = SelectField(_l("Ländergruppe"), validators=[Optional()], validate_choice=False)
    note = TextAreaField(
        _l("Notiz der Koordination"),
        validators=[Optional(), Length(max=NOTE_MAX)],
        description=_l("Nur für die Koordination sichtbar."),
    )

    def set_choices(self, network: Network) -> None:
        self.themenkreise.choices = [(t.id, t.name) for t in network.themenkreise]
        self.laendergruppe.choices = [("", _l("keine"))] + [(str(g.id), g.name) for g in network.laendergruppen]


class EndMembershipForm(BaseForm):
    reason = TextAreaField(
        _l("Grund"),
        validators=[DataRequired(_l("Bitte geben Sie einen Grund an.")), Length(max=1000)],
    )
    notify = BooleanField(_l("Das Mitglied per E-Mail informieren (mit dem Grund)"))


class NotifySettingForm(BaseForm):
    notify_member_left = BooleanField(
        _l("Mich per E-Mail benachrichtigen, wenn ein Mitglied austritt oder sein Konto löscht")
    )


class AddMemberForm(NetworkDataForm):
    first_name = StringField(_l("Vorname"), validators=[Optional(), Length(max=100), PersonName()])
    last_name = StringField(
        _l("Nachname"),
        validators=[DataRequired(_l("Bitte geben Sie den Nachnamen an.")), Length(max=100), PersonName()],
    )
    email = EmailField(
        _l("E-Mail"), validators=[DataRequired(_l("Bitte geben Sie die E-Mail-Adresse an.")), Length(max=254), Email()]
    )
    institution = StringField(_l("Institution / Organisation"), validators=[Optional(), Length(max=200)])
    function = StringField(_l("Funktion"), validators=[Optional(), Length(max=200)])
    street = StringField(_l("Straße und Hausnummer"), validators=[Optional(), Length(max=200)])
    postcode = StringField(_l("PLZ"), validators=[Optional(), Postcode()])
    city = StringField(_l("Ort"), validators=[Optional(), Length(max=100)])
    country = StringField(_l("Land"), default="Deutschland", validators=[Optional(), Length(max=100)])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=40), Phone()])
    kind = SelectField(_l("Art des Mitglieds"), validate_choice=False)

    def set_choices(self, network: Network) -> None:
        super().set_choices(network)
        kinds = network.applicant_kinds or [ApplicantKind.PERSON]
        self.kind.choices = [(k.value, k.label) for k in kinds]


class AcceptInvitationForm(BaseForm):
    confirm = BooleanField(
        _l("Ja, ich möchte Mitglied in diesem Netzwerk sein."),
        validators=[DataRequired(_l("Bitte bestätigen Sie die Mitgliedschaft."))],
    )
    consent = BooleanField(validators=[DataRequired(_l("Bitte stimmen Sie der Datenschutzerklärung zu."))])
    listed = BooleanField(_l("Im Mitgliederverzeichnis erscheinen (für andere Mitglieder sichtbar)"))
    password = PasswordField(_l("Passwort"), validators=[Optional(), Length(max=1024)])
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[Optional(), EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein."))],
    )


class MessageForm(BaseForm):
    segment = SelectField(_l("Empfänger*innen"), validate_choice=False)
    reply_to = RadioField(_l("Antworten gehen an"), validate_choice=False, default="me")
    subject = StringField(
        _l("Betreff"), validators=[DataRequired(_l("Bitte geben Sie einen Betreff an.")), Length(max=200)]
    )
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(_l("Bitte schreiben Sie einen Text.")), Length(max=20000)],
        description=_l("Markdown ist möglich: **fett**, *kursiv*, Listen mit „-“, Links als [Text](https://…)."),
    )
    expected = HiddenField()
