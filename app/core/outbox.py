"""Transactional outbox: queue mail with the change it reports; the worker (app.outbox) sends it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import OutboxAttachment, OutboxMessage


def _clean_header(value: str) -> str:
    """Header injection is impossible: CR/LF never reach a header."""
    return " ".join(str(value).replace("\r", " ").replace("\n", " ").split())


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for mails, always from BASE_URL, never from the request.

    The request's Host and X-Forwarded-Host are chosen by the client; a link built from
    them would send a genuine token to an attacker's host (host-header poisoning).
    """
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def queue_mail(
    template: str,
    recipient: str,
    subject: str,
    *,
    locale: str = "de",
    application_id: int | None = None,
    account_id: int | None = None,
    reply_to: str = "",
    **context,
) -> OutboxMessage:
    """Render templates/email/<template>.txt (+ .html) and add it to the outbox.

    The row joins the caller's transaction: it is sent only if that commits.
    `reply_to` is an address for answers; `attachments` ((filename, content type, text) triples)
    is taken out of the context, so callers that pass a context dict stay type-correct.
    """
    # The one place a mail's language is set: the texts, the subject and <html lang>.
    context["mail_language"] = locale
    attachments: tuple[tuple[str, str, str], ...] = tuple(context.pop("attachments", ()))
    with force_locale(locale):
        body_text = render_template(f"email/{template}.txt", **context)
        try:
            body_html = render_template(f"email/{template}.html", **context)
        except TemplateNotFound:  # the HTML part is optional
            body_html = ""
        subject = str(subject)
    message = OutboxMessage(
        recipient=_clean_header(recipient),
        subject=_clean_header(subject),
        body_text=body_text,
        body_html=body_html,
        template=template,
        application_id=application_id,
        account_id=account_id,
        reply_to=_clean_header(reply_to),
        attachments=[
            OutboxAttachment(filename=_clean_header(name), content_type=kind, content=content)
            for name, kind, content in attachments
        ],
    )
    db.session.add(message)
    db.session.flush()
    pending = db.session.info.setdefault("outbox_pending", set())
    pending.add(message.id)
    return message


@dataclass(frozen=True)
class BulkRecipient:
    """One recipient of a mail queued with queue_mails: address, account and own template values."""

    email: str
    account_id: int | None = None
    context: dict = field(default_factory=dict)


def queue_mails(
    template: str, subject: str, recipients: Iterable[BulkRecipient], *, locale: str = "de", **context
) -> list[int]:
    """Queue one mail per recipient (e.g. a message to 2,000 members) in one multi-row INSERT.

    Each mail is rendered with the shared `context` plus the recipient's own values; the rows
    join the caller's transaction like queue_mail's. Returns the new outbox ids.
    """
    rows = []
    with force_locale(locale):
        clean_subject = _clean_header(str(subject))
        for recipient in recipients:
            values = {**context, **recipient.context}
            body_text = render_template(f"email/{template}.txt", **values)
            try:
                body_html = render_template(f"email/{template}.html", **values)
            except TemplateNotFound:
                body_html = ""
            rows.append(
                {
                    "recipient": _clean_header(recipient.email),
                    "subject": clean_subject,
                    "body_text": body_text,
                    "body_html": body_html,
                    "template": template,
                    "account_id": recipient.account_id,
                }
            )
    if not rows:
        return []
    ids = list(db.session.scalars(sa.insert(OutboxMessage).returning(OutboxMessage.id), rows))
    db.session.info.setdefault("outbox_pending", set()).update(ids)
    return ids


def send_after_commit(ids: set[int]) -> None:
    """Eager mode only (tests): hand mails a request just committed to the worker's send step."""
    if current_app.config.get("OUTBOX_EAGER"):
        flush(ids)


def flush(ids: set[int]) -> None:
    """Send these committed messages now through the worker's send step (app.outbox)."""
    sender = current_app.extensions.get("outbox_sender")
    if sender is not None and ids:
        sender(ids)


@sa.event.listens_for(Session, "after_commit")
def _remember_committed(session: Session) -> None:
    pending = session.info.pop("outbox_pending", None)
    if pending:
        session.info.setdefault("outbox_committed", set()).update(pending)


@sa.event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop("outbox_pending", None)


def flush_committed() -> None:
    """Send what this session committed, at once (CLI commands and tests; never in a request)."""
    committed = db.session.info.pop("outbox_committed", None)
    if committed:
        flush(committed)
