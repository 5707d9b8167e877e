"""Mails of the member area: confirming a new e-mail address and telling the old one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.models import Account


def confirm_new_email(account: Account, new_email: str, token: str, hours: int) -> None:
    """The confirmation link, to the new address."""
    # No account_id on this mail: it goes to an address that is not (yet) the account's.
    queue_mail(
        "email_change_confirm",
        new_email,
        _l("Bitte bestätigen Sie Ihre neue E-Mail-Adresse"),
        locale=account.locale,
        account=account,
        new_email=new_email,
        link=external_url("account.confirm_email", token=token),
        hours=hours,
    )


def email_changed_notice(account: Account, old_email: str, new_email: str) -> None:
    """The old address learns that the account's address changed (in case it was not its owner)."""
    queue_mail(
        "email_changed_notice",
        old_email,
        _l("Ihre E-Mail-Adresse bei Teilhabe wurde geändert"),
        locale=account.locale,
        account_id=account.id,
        account=account,
        new_email=new_email,
    )
