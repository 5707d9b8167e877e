"""Transactional outbox: queue mail with the change, send after commit, retry later."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr

import sqlalchemy as sa
from flask import Flask, current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_mail import Message
from jinja2 import TemplateNotFound
from sqlalchemy.orm import Session

from app.extensions import db, mail
from app.models import OutboxMessage, OutboxStatus, utcnow

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
    """An absolute URL for mails: from the request, or from BASE_URL outside requests (CLI)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def queue_mail(
    template: str,
    recipient: str,
    subject: str,
    *,
    locale: str = "de",
    application_id: int | None = None,
    account_id: int | None = None,
    **context,
) -> OutboxMessage:
    """Render templates/email/<template>.txt (+ .html) and add it to the outbox.

    The row joins the caller's transaction: it is sent only if that commits.
    """
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
    return result.rowcount == 1


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
    msg = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html or None,
        sender=sender if isinstance(sender, str) else formataddr(sender),
    )
    msg.extra_headers = {"Auto-Submitted": "auto-generated"}
    if message.reply_to:
        msg.reply_to = message.reply_to
    if message.list_unsubscribe:  # messages to members: one-click unsubscribe (RFC 8058)
        msg.extra_headers["List-Unsubscribe"] = f"<{message.list_unsubscribe}>"
        msg.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.send(msg)


def send_message(message_id: int) -> bool:
    """Send one queued message if it is due; True when it was delivered now."""
    if not _claim(message_id):
        return False
    message = db.session.get(OutboxMessage, message_id)
    try:
        _deliver(message)
    except (OSError, smtplib.SMTPException, RuntimeError) as error:
        db.session.rollback()
        message = db.session.get(OutboxMessage, message_id)
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
