"""Mails of the security measures."""

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
