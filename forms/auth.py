"""Forms for login, password reset, invitations and password change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from forms import BaseForm
from forms.validators import Email

PASSWORD_HINT = _l(
    "Mindestens 8 und höchstens 64 Zeichen. Am sichersten ist ein Satz aus mehreren Wörtern, "
    "den Sie sonst nirgends verwenden."
)


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-Mail"),
        validators=[DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort an.")), Length(max=1024)],
    )
    next = HiddenField()


class PasswordResetRequestForm(BaseForm):
    email = EmailField(
        _l("E-Mail"),
        validators=[DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")), Length(max=254), Email()],
    )


def _new_password_field() -> PasswordField:
    return PasswordField(
        _l("Neues Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie ein neues Passwort ein.")), Length(max=1024)],
    )


def _repeat_field() -> PasswordField:
    return PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[
            DataRequired(_l("Bitte wiederholen Sie das neue Passwort.")),
            EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein.")),
        ],
    )


class NewPasswordForm(BaseForm):
    """Set a password (invitation or reset link); the rules are checked in the service."""

    password = _new_password_field()
    password_repeat = _repeat_field()


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr aktuelles Passwort ein.")), Length(max=1024)],
    )
    password = _new_password_field()
    password_repeat = _repeat_field()
