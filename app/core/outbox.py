"""Transactional outbox: queue mail with the change, send after commit, retry later."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr
from typing import Any, cast
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from app.core import mail
from app.extensions import db
from app.models import OutboxAttachment, OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Backoff after the n-th failed attempt: 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 720)]
# A claim older than this is considered abandoned (crashed sender) and retried.
STALE_CLAIM = timedelta(minutes=15)


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


def _claim(message_id: int) -> bool:
    """Atomically move one message to SENDING; only one sender can win."""
    now = utcnow()
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            sa.or_(
                sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
                sa.and_(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.next_attempt_at <= now - STALE_CLAIM,
                ),
            ),
        )
        .values(status=OutboxStatus.SENDING, next_attempt_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return cast("CursorResult[Any]", result).rowcount == 1


def _deliver(message: OutboxMessage) -> None:
    app = current_app
    if not app.config.get("MAIL_SERVER"):
        if app.config.get("MAIL_CONSOLE"):
            print(
                f"\n----- E-Mail an {message.recipient} -----\nBetreff: {message.subject}\n\n"
                f"{message.body_text}\n----- Ende -----\n",
                flush=True,
            )
            return
        raise RuntimeError("MAIL_SERVER is not configured")
    sender = app.config["MAIL_DEFAULT_SENDER"]
    mail.send(
        mail.build_message(
            sender=sender if isinstance(sender, str) else formataddr(sender),
            recipient=message.recipient,
            subject=message.subject,
            text=message.body_text,
            html=message.body_html,
            reply_to=message.reply_to or "",
            headers={"Auto-Submitted": "auto-generated"},
            attachments=[(a.filename, a.content_type, a.content.encode("utf-8")) for a in message.attachments],
        )
    )


def send_message(message_id: int) -> bool:
    """Send one queued message if it is due; True when it was delivered now."""
    if not _claim(message_id):
        return False
    message = db.session.get_one(OutboxMessage, message_id)
    try:
        _deliver(message)
    except (OSError, smtplib.SMTPException, RuntimeError) as error:
        db.session.rollback()
        message = db.session.get_one(OutboxMessage, message_id)
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
        else:
            message.status = OutboxStatus.PENDING
            message.next_attempt_at = utcnow() + BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
        db.session.commit()
        log.warning("Mail %s not sent (attempt %s): %s", message_id, message.attempts, error)
        return False
    message.status = OutboxStatus.SENT
    message.sent_at = utcnow()
    message.last_error = ""
    db.session.commit()
    return True


def send_due(limit: int = 100) -> tuple[int, int]:
    """Send every due message (used by `flask outbox send`); returns (sent, failed)."""
    now = utcnow()
    ids = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(
            sa.or_(
                sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
                sa.and_(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.next_attempt_at <= now - STALE_CLAIM,
                ),
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.commit()
    sent = failed = 0
    for message_id in ids:
        if send_message(message_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


def send_after_commit(ids: set[int]) -> None:
    """Send the messages a request just committed; failures stay queued for the CLI."""
    for message_id in sorted(ids):
        try:
            send_message(message_id)
        except Exception:
            log.exception("Unexpected error while sending mail %s", message_id)
            db.session.rollback()


@sa.event.listens_for(Session, "after_commit")
def _remember_committed(session: Session) -> None:
    pending = session.info.pop("outbox_pending", None)
    if pending:
        session.info.setdefault("outbox_committed", set()).update(pending)


@sa.event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop("outbox_pending", None)


def init_app(app: Flask) -> None:
    """Send what a request committed right after the commit (before the response)."""

    @app.after_request
    def _flush_outbox(response):
        committed = db.session.info.pop("outbox_committed", None)
        if committed:
            send_after_commit(committed)
        return response


def flush_committed() -> None:
    """Send what was committed outside a request (CLI commands, tests)."""
    committed = db.session.info.pop("outbox_committed", None)
    if committed:
        send_after_commit(committed)
