"""Mails of the review: the welcome to a new member (with an invitation link when the member
has no password yet). Mails to the applicant go through app.apply.notifications.mail_applicant."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.auth.accounts import issue_invitation
from app.core.outbox import external_url, queue_mail
from app.models import Account, Application


def welcome_member(application: Application, member: Account, personal_message: str) -> None:
    """Welcome the new member; someone without a password gets the link to set one."""
    network = application.network
    context: dict[str, Any] = {"application": application, "network": network, "personal_message": personal_message}
    if member.password_hash is None:
        token = issue_invitation(member)
        queue_mail(
            "membership_invitation",
            member.email,
            _l("Willkommen im Netzwerk %(network)s", network=network.name),
            locale=application.locale,
            application_id=application.id,
            account_id=member.id,
            link=external_url("auth.accept_invitation", token=token),
            days=current_app.config["INVITATION_TOKEN_DAYS"],
            **context,
        )
    else:
        queue_mail(
            "membership_accepted",
            member.email,
            _l("Willkommen im Netzwerk %(network)s", network=network.name),
            locale=application.locale,
            application_id=application.id,
            account_id=member.id,
            link=external_url("auth.login"),
            **context,
        )
