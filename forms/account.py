"""Forms of the member area: profile and visibility, e-mail change, leaving, account deletion."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.models import Membership, Visibility
from forms import BaseForm, MultiCheckboxField
from forms.validators import Email, PersonName, Phone, Postcode

DESCRIPTION_MAX = 2000
VISIBILITY_CHOICES = [SelectChoice(choice.value, choice.label) for choice in (Visibility.MEMBERS, Visibility.NOBODY)]


def _visibility(label) -> RadioField:
    return RadioField(label, choices=VISIBILITY_CHOICES, validators=[InputRequired(_l("Bitte wählen Sie aus."))])


class ProfileForm(BaseForm):
    """The profile; per-membership fields are added by profile_form_class()."""

    first_name = StringField(
        _l("Vorname"),
        validators=[DataRequired(_l("Bitte geben Sie Ihren Vornamen an.")), Length(max=100), PersonName()],
    )
    last_name = StringField(
        _l("Nachname"),
        validators=[DataRequired(_l("Bitte geben Sie Ihren Nachnamen an.")), Length(max=100), PersonName()],
    )
    institution = StringField(_l("Institution"), validators=[Optional(), Length(max=200)])
    function = StringField(_l("Funktion"), validators=[Optional(), Length(max=200)])
    street = StringField(_l("Straße und Hausnummer"), validators=[Optional(), Length(max=200)])
    postcode = StringField(_l("PLZ"), validators=[Optional(), Postcode()])
    city = StringField(_l("Ort"), validators=[Optional(), Length(max=100)])
    country = StringField(_l("Land"), default="Deutschland", validators=[Optional(), Length(max=100)])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=40), Phone()])
    description = TextAreaField(
        _l("Kurze Darstellung meiner Tätigkeiten, Erfahrungen und Interessen im Bereich der Partizipation"),
        validators=[
            Optional(),
            Length(max=DESCRIPTION_MAX, message=_l("Bitte fassen Sie sich kürzer (höchstens %(max)d Zeichen).")),
        ],
    )
    email_visibility = _visibility(_l("Wer darf Ihre E-Mail-Adresse sehen?"))
    phone_visibility = _visibility(_l("Wer darf Ihre Telefonnummer sehen?"))
    address_visibility = _visibility(_l("Wer darf Ihre Adresse (Straße und PLZ) sehen?"))
    description_visibility = _visibility(_l("Wer darf Ihre Kurzdarstellung sehen?"))

    def membership_fields(self, membership: Membership):
        """(listed checkbox, Themenkreis field or None) of one membership."""
        return (
            self[f"listed_{membership.id}"],
            self._fields.get(f"themenkreise_{membership.id}"),
        )


def profile_form_class(memberships: list[Membership]) -> type[ProfileForm]:
    """A ProfileForm with a listing checkbox and the Themenkreise of each active membership."""

    class MemberProfileForm(ProfileForm):
        pass

    for membership in memberships:
        network = membership.network
        setattr(
            MemberProfileForm,
            f"listed_{membership.id}",
            BooleanField(_l("Im Mitgliederverzeichnis von „%(network)s“ anzeigen", network=network.name)),
        )
        if network.themenkreise:
            choices = [SelectChoice(tk.id, tk.name) for tk in network.themenkreise]
            label = _l("Themenkreise in „%(network)s“", network=network.name)
            rule = (
                [DataRequired(_l("Bitte wählen Sie mindestens einen Themenkreis."))]
                if network.themenkreis_required
                else [Optional()]
            )
            if network.multiple_themenkreise:
                field = MultiCheckboxField(label, choices=choices, coerce=int, validators=rule)
            else:
                field = RadioField(label, choices=choices, coerce=int, validators=rule)
            setattr(MemberProfileForm, f"themenkreise_{membership.id}", field)
    return MemberProfileForm


class EmailChangeForm(BaseForm):
    email = EmailField(
        _l("Neue E-Mail-Adresse"),
        validators=[DataRequired(_l("Bitte geben Sie die neue E-Mail-Adresse an.")), Length(max=254), Email()],
    )
    password = PasswordField(
        _l("Ihr Passwort"),
        validators=[DataRequired(_l("Bitte bestätigen Sie die Änderung mit Ihrem Passwort.")), Length(max=1024)],
    )


class ConfirmForm(BaseForm):
    """A button that only needs the CSRF token (confirm e-mail change, leave a network)."""


class LeaveForm(BaseForm):
    """Leaving a network; for an organisation: hand over and leave, or end the membership for everyone."""

    choice = HiddenField()  # set by the button pressed: "handover", "contact" or "end"
    successor = SelectField(_l("Wer wird Hauptansprechperson?"), choices=[], validate_choice=False)
    for_everyone = BooleanField(
        _l("Ich beende die Mitgliedschaft für die Organisation und alle ihre Ansprechpersonen.")
    )

    def set_choices(self, contacts) -> None:
        self.successor.choices = [("", str(_l("Bitte wählen")))] + [
            (str(row.id), row.account.display_name) for row in contacts
        ]

    @property
    def successor_id(self) -> int | None:
        value = self.successor.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else None


class DeleteAccountForm(BaseForm):
    password = PasswordField(
        _l("Ihr Passwort"),
        validators=[DataRequired(_l("Bitte bestätigen Sie die Löschung mit Ihrem Passwort.")), Length(max=1024)],
    )
    confirm = BooleanField(
        _l("Ich möchte mein Konto und alle meine Daten endgültig löschen."),
        validators=[DataRequired(_l("Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten."))],
    )
