"""Mails of the members feature. All of them are queued in the outbox without being sent in the
request (a list of 2,000 must not keep a request open): the worker or `flask outbox send`
delivers them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from app.core.outbox import _clean_header, external_url, queue_mail
from app.extensions import db
from app.models import (
    Account,
    CoordinatorAssignment,
    MemberInvitation,
    Membership,
    MembershipContact,
    Network,
    OutboxMessage,
)

# Mails to people who have no account language yet are German (the record language).
LOCALE = "de"


def outbox_row(template: str, recipient: str, subject, *, account_id: int | None = None, **context) -> dict:
    """One outbox row (as a dict for a bulk insert) rendered from templates/email/<template>.txt/.html."""
    with force_locale(LOCALE):
        body_text = render_template(f"email/{template}.txt", **context)
        body_html = render_template(f"email/{template}.html", **context)
        subject = str(subject)
    return {
        "recipient": _clean_header(recipient),
        "subject": _clean_header(subject),
        "body_text": body_text,
        "body_html": body_html,
        "template": template,
        "account_id": account_id,
    }


def queue_rows(rows: list[dict]) -> int:
    """Insert outbox rows in one bulk statement; they join the caller's transaction."""
    if rows:
        db.session.execute(sa.insert(OutboxMessage), rows)
    return len(rows)


NAME, LINK = "@@NAME@@", "@@LINK@@"


def invitation_rows(
    invitations: list[MemberInvitation], network: Network, tokens: list[str], *, reminder: bool = False
) -> list[dict]:
    """The invitation mails of many people: rendered once per expiry date, then personalised
    (a list of 20,000 must not render 40,000 templates)."""
    subject = (
        _l("Erinnerung: Ihre Mitgliedschaft bei %(network)s bestätigen", network=network.name)
        if reminder
        else _l("Einladung: Ihre Mitgliedschaft bei %(network)s bestätigen", network=network.name)
    )
    link = external_url("members.accept_invitation", token=LINK)
    rendered: dict = {}
    rows = []
    for invitation, token in zip(invitations, tokens, strict=True):
        day = invitation.expires_at.date()
        if day not in rendered:
            stand_in = MemberInvitation(first_name=NAME, email=NAME, expires_at=invitation.expires_at)
            rendered[day] = outbox_row(
                "member_invitation", NAME, subject, invitation=stand_in, network=network, link=link, reminder=reminder
            )
        template = rendered[day]
        url = link.replace(LINK, token)
        name = invitation.display_name
        rows.append(
            {
                **template,
                "recipient": _clean_header(invitation.email),
                "body_text": template["body_text"].replace(link, url).replace(NAME, name),
                "body_html": template["body_html"].replace(link, url).replace(NAME, str(escape(name))),
            }
        )
    return rows


def mail_membership_ended(membership: Membership, reason: str) -> None:
    account = membership.account
    queue_rows(
        [
            outbox_row(
                "member_ended",
                account.email,
                _l("Ihre Mitgliedschaft bei %(network)s wurde beendet", network=membership.network.name),
                account_id=account.id,
                account=account,
                network=membership.network,
                reason=reason,
            )
        ]
    )


def tell_coordinators_member_left(membership: Membership, how: str) -> None:
    """Mail every coordinator of the network who asked to be told when a member leaves."""
    network = membership.network
    coordinators = db.session.scalars(
        sa.select(Account)
        .join(CoordinatorAssignment, CoordinatorAssignment.account_id == Account.id)
        .where(
            CoordinatorAssignment.network_id == network.id,
            CoordinatorAssignment.notify_member_left.is_(True),
            Account.disabled.is_(False),
            Account.id != membership.account_id,
        )
    ).all()
    name = membership.account.display_name if how == "left" else str(_l("Ein Mitglied"))
    queue_rows(
        [
            outbox_row(
                "member_left_coordinator",
                coordinator.email,
                _l("Mitglied ausgetreten: %(network)s", network=network.name),
                account_id=coordinator.id,
                network=network,
                name=name,
                how=how,
                link=external_url("members.index", slug=network.slug),
            )
            for coordinator in coordinators
        ]
    )


def mail_contact_invitation(row: MembershipContact, token: str, actor: Account) -> None:
    """The invitation to become a further contact person of an organisation or municipality."""
    membership = row.membership
    queue_mail(
        "contact_invitation",
        row.email,
        _l("Einladung: Ansprechperson für %(name)s bei %(network)s", name=_member_name(membership),
           network=membership.network.name),
        row=row,
        inviter=actor,
        member_name=_member_name(membership),
        network=membership.network,
        link=external_url("members.accept_contact", token=token),
    )  # fmt: skip


def mail_main_contact_changed(membership: Membership, previous: Account, successor: Account) -> None:
    """Both people learn that the main role moved."""
    for person in (previous, successor):
        queue_mail(
            "main_contact_changed",
            person.email,
            _l("Neue Hauptansprechperson für %(name)s", name=_member_name(membership)),
            locale=person.locale or LOCALE,
            account_id=person.id,
            person=person,
            successor=successor,
            member_name=_member_name(membership),
            network=membership.network,
            link=external_url("members.contacts_page", membership_id=membership.id),
        )


def _member_name(membership: Membership) -> str:
    return membership.organisation.name if membership.organisation else membership.account.display_name
