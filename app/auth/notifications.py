"""Mails of logging in: the reset link and the notice after repeated wrong passwords."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.models import Account


def mail_login_locked(account: Account, minutes: int) -> None:
    """Tell the owner that logins to the account were blocked after repeated wrong passwords."""
    queue_mail(
        "login_locked",
        account.email,
        _l("Mehrere fehlgeschlagene Anmeldeversuche bei Ihrem Konto"),
        locale=account.locale,
        account_id=account.id,
        account=account,
        minutes=minutes,
        reset_link=external_url("auth.forgot_password"),
    )


def mail_password_reset(account: Account, token: str, hours: int) -> None:
    """The single-use link to choose a new password."""
    queue_mail(
        "password_reset",
        account.email,
        _l("Passwort zurücksetzen"),
        locale=account.locale,
        account_id=account.id,
        account=account,
        link=external_url("auth.reset_password", token=token),
        hours=hours,
    )
