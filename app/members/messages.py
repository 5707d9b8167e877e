"""Messages to members (Rundschreiben): a segment, the number of recipients, one outbox row
per recipient. Addresses never leave this module: coordinators see counts only."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from app.core import history
from app.core.errors import DomainError
from app.core.outbox import external_url
from app.core.regions import bundesland_choices
from app.extensions import db
from app.members import notifications
from app.models import (
    Account,
    ApplicantKind,
    HistoryKind,
    MemberMessage,
    Membership,
    Network,
    OutboxMessage,
    OutboxStatus,
)
from app.models.membership import membership_themenkreise

UNSUBSCRIBE_SALT = "member-messages-unsubscribe"
PLACEHOLDER = "@@UNSUBSCRIBE@@"


@dataclass(frozen=True)
class Segment:
    """Who receives a message: the whole network or one Themenkreis, Ländergruppe, Bundesland or kind."""

    kind: str  # "all", "tk", "lg", "bl", "kind"
    value: str = ""
    label: str = ""


def segments(network: Network) -> list[Segment]:
    """Every segment the form offers, with its label."""
    choices = [Segment("all", "", str(_l("Alle aktiven Mitglieder")))]
    choices += [
        Segment("tk", str(tk.id), str(_l("Themenkreis: %(name)s", name=tk.name))) for tk in network.themenkreise
    ]
    choices += [
        Segment("lg", str(group.id), str(_l("Ländergruppe: %(name)s", name=group.name)))
        for group in network.laendergruppen
    ]
    choices += [Segment("bl", code, str(_l("Bundesland: %(name)s", name=name))) for code, name in bundesland_choices()]
    if len(network.applicant_kinds) > 1:
        choices += [
            Segment("kind", kind.value, str(_l("Art: %(name)s", name=kind.plural_label)))
            for kind in network.applicant_kinds
        ]
    return choices


def segment_from_key(network: Network, key: str) -> Segment | None:
    kind, _, value = (key or "").partition(":")
    return next((s for s in segments(network) if s.kind == kind and s.value == value), None)


def segment_key(segment: Segment) -> str:
    return f"{segment.kind}:{segment.value}"


def _recipients(network: Network, segment: Segment) -> sa.Select:
    """Active members of the segment who still want messages; never invited, ended or applicants."""
    query = (
        sa.select(Membership.id, Account.id, Account.email)
        .join(Account, Account.id == Membership.account_id)
        .where(
            Membership.network_id == network.id,
            Membership.ended_at.is_(None),
            Membership.messages_opt_out.is_(False),
            Account.disabled.is_(False),
        )
    )
    if segment.kind == "tk":
        query = query.where(
            Membership.id.in_(
                sa.select(membership_themenkreise.c.membership_id).where(
                    membership_themenkreise.c.themenkreis_id == int(segment.value)
                )
            )
        )
    elif segment.kind == "lg":
        query = query.where(Membership.laendergruppe_id == int(segment.value))
    elif segment.kind == "bl":
        query = query.where(Account.bundesland == segment.value)
    elif segment.kind == "kind":
        query = query.where(Membership.kind == ApplicantKind(segment.value))
    return query


def count_recipients(network: Network, segment: Segment) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(_recipients(network, segment).subquery())) or 0


def reply_to_choices(network: Network, actor: Account) -> list[tuple[str, str]]:
    choices = [("me", str(_l("Meine Adresse (%(email)s)", email=actor.email)))]
    if network.contact_email:
        choices.append(("network", str(_l("Kontaktadresse des Netzwerks (%(email)s)", email=network.contact_email))))
    return choices


def reply_to_address(network: Network, actor: Account, choice: str) -> str:
    return network.contact_email if choice == "network" and network.contact_email else actor.email


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(membership_id: int) -> str:
    return _serializer().dumps(membership_id)


def membership_for_token(token: str) -> Membership | None:
    """The membership a signed unsubscribe token names; None for a forged or unknown token."""
    if not token or len(token) > 200:
        return None
    try:
        membership_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(membership_id, int) or not 0 < membership_id < 2**31:
        return None
    return db.session.get(Membership, membership_id)


def active_memberships_of(account_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership).where(Membership.account_id == account_id, Membership.ended_at.is_(None))
        )
    )


def set_opt_out(membership: Membership, opt_out: bool) -> None:
    membership.messages_opt_out = opt_out
    db.session.flush()


def render_parts(network: Network, subject: str, body: str, unsubscribe_url: str) -> tuple[str, str]:
    """(plain text, HTML) of a message; the Markdown is rendered with raw HTML escaped."""
    from flask import render_template
    from flask_babel import force_locale

    from app.core.web import render_markdown

    context = {
        "network": network,
        "subject": subject,
        "body": body,
        "body_html": render_markdown(body),
        "unsubscribe_url": unsubscribe_url,
    }
    with force_locale(notifications.LOCALE):
        return (
            render_template("email/member_message.txt", **context),
            render_template("email/member_message.html", **context),
        )


def queue_message(
    network: Network, actor: Account, *, subject: str, body: str, segment: Segment, reply_to: str, expected: int
) -> MemberMessage:
    """Queue one mail per recipient in a single bulk insert (flushes). `expected` is the count the
    coordinator saw; when the segment changed meanwhile, they must look again."""
    recipients = db.session.execute(_recipients(network, segment)).all()
    if len(recipients) != expected:
        raise DomainError(
            str(
                _l(
                    "Die Zahl der Empfänger*innen hat sich geändert (jetzt %(count)s). Bitte prüfen "
                    "Sie die Vorschau noch einmal.",
                    count=len(recipients),
                )
            )
        )
    if not recipients:
        raise DomainError(str(_l("In dieser Auswahl gibt es keine aktiven Mitglieder.")), field="segment")
    message = MemberMessage(
        network_id=network.id,
        author_id=actor.id,
        subject=subject,
        body=body,
        segment=segment.label,
        reply_to=reply_to,
        recipient_count=len(recipients),
    )
    db.session.add(message)
    db.session.flush()
    template_url = external_url("members.unsubscribe", token=PLACEHOLDER)
    text, html = render_parts(network, subject, body, template_url)
    rows = []
    for membership_id, account_id, email in recipients:
        url = template_url.replace(PLACEHOLDER, unsubscribe_token(membership_id))
        rows.append(
            {
                "recipient": email,
                "subject": subject[:300],
                "body_text": text.replace(template_url, url),
                "body_html": html.replace(template_url, url),
                "template": "member_message",
                "account_id": account_id,
                "member_message_id": message.id,
                "reply_to": reply_to,
                "list_unsubscribe": url,
            }
        )
    notifications.queue_rows(rows)
    history.record(
        HistoryKind.MESSAGE,
        network_id=network.id,
        actor=actor,
        internal=True,
        message=_l(
            "Nachricht „%(subject)s“ an %(segment)s: %(count)s Empfänger*innen.",
            subject=subject,
            segment=segment.label,
            count=len(recipients),
        ),
    )
    return message


@dataclass
class ArchivedMessage:
    message: MemberMessage
    queued: int = 0
    sent: int = 0
    failed: int = 0


def archive(network: Network, message_id: int | None = None) -> list[ArchivedMessage]:
    """The network's messages, newest first, with counts from their outbox rows (two statements)."""
    query = sa.select(MemberMessage).where(MemberMessage.network_id == network.id)
    if message_id is not None:
        query = query.where(MemberMessage.id == message_id)
    items = [ArchivedMessage(m) for m in db.session.scalars(query.order_by(MemberMessage.created_at.desc()))]
    if not items:
        return items
    by_id = {item.message.id: item for item in items}
    counts = db.session.execute(
        sa.select(OutboxMessage.member_message_id, OutboxMessage.status, sa.func.count())
        .where(OutboxMessage.member_message_id.in_(list(by_id)))
        .group_by(OutboxMessage.member_message_id, OutboxMessage.status)
    )
    for message_id_, status, count in counts:
        item = by_id[message_id_]
        if status is OutboxStatus.SENT:
            item.sent += count
        elif status is OutboxStatus.FAILED:
            item.failed += count
        else:
            item.queued += count
    return items
