"""Every mail of the application journey: to the applicant (in the language they applied in)
and to the network's coordinators. Queued in the outbox within the caller's transaction."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.core.tokens import issue_token
from app.extensions import db
from app.models import Account, Application, CoordinatorAssignment, TokenPurpose, utcnow


def mail_applicant(application: Application, template: str, subject, **context) -> None:
    """Queue a mail to the applicant, in the language they applied in."""
    queue_mail(
        template,
        application.email,
        subject,
        locale=application.locale,
        application_id=application.id,
        application=application,
        network=application.network,
        **context,
    )


def send_confirmation_link(application: Application) -> None:
    # Valid until the unconfirmed application is purged, also when the link is sent again.
    deadline = application.created_at + timedelta(days=current_app.config["CONFIRMATION_TOKEN_DAYS"])
    if deadline <= utcnow():
        return  # about to be deleted: the applicant has to apply again
    token = issue_token(TokenPurpose.CONFIRM_APPLICATION, deadline - utcnow(), application_id=application.id)
    mail_applicant(
        application,
        "application_confirm",
        _l("Bitte bestätigen Sie Ihren Mitgliedsantrag: %(network)s", network=application.network.name),
        confirm_url=external_url("apply.confirm", token=token),
        valid_until=deadline,
    )


def notify_coordinators(application: Application, template: str, subject, **context) -> None:
    """Mail the coordinators of the network who want notifications (the assigned one first)."""
    recipients = list(
        db.session.scalars(
            sa.select(Account)
            .join(CoordinatorAssignment, CoordinatorAssignment.account_id == Account.id)
            .where(
                CoordinatorAssignment.network_id == application.network_id,
                CoordinatorAssignment.notify.is_(True),
                Account.disabled.is_(False),
            )
            .order_by(Account.id)
        )
    )
    assignee = application.assigned_to
    if template != "coordinator_new_application" and assignee is not None and not assignee.disabled:
        recipients = [assignee]  # a case someone owns: tell that person
    network = application.network
    review_url = external_url("review.detail", slug=network.slug, application_id=application.id)
    for account in recipients:
        queue_mail(
            template,
            account.email,
            _l("%(subject)s: %(network)s", subject=subject, network=network.name),
            locale=account.locale or "de",
            application_id=application.id,
            account_id=account.id,
            account=account,
            application=application,
            network=network,
            review_url=review_url,
            **context,
        )
