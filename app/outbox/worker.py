"""The background mail worker: claim due outbox rows, send them over one SMTP connection.

Several workers may run at once. A claim is one UPDATE over the ids picked with
`FOR UPDATE SKIP LOCKED` (PostgreSQL: concurrent workers skip each other's rows instead of
waiting); the UPDATE repeats the "is due" condition, so on SQLite, which serialises writers and
has no row locks, a row already claimed by another worker is not claimed again. Each message is
marked sent in its own short transaction right after the server acknowledged it, so a worker
killed in the middle of a batch leaves only unacknowledged rows behind; they are claimed again
once the claim is older than OUTBOX_STALE_SECONDS (a worker busy with a long batch renews
its claim every third of that time).
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import OutboxAttachment, OutboxMessage, OutboxStatus, utcnow
from app.outbox.delivery import ConnectionProblem, Outgoing, PermanentRefusal, describe, transport_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Backoff after the n-th failed attempt: 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360, 720)]


@dataclass
class BatchResult:
    sent: int = 0
    failed: int = 0
    connection_problem: bool = False


def _due(now):
    stale = now - timedelta(seconds=current_app.config["OUTBOX_STALE_SECONDS"])
    return sa.or_(
        sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        # A claim this old belongs to a worker that died: take the row over.
        sa.and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.next_attempt_at <= stale),
    )


def claim_batch(limit: int, ids: Iterable[int] | None = None) -> list[Outgoing]:
    """Claim up to `limit` due messages (optionally only `ids`) for this worker and commit."""
    now = utcnow()
    due = _due(now)
    candidates = sa.select(OutboxMessage.id).where(due)
    if ids is not None:
        candidates = candidates.where(OutboxMessage.id.in_(list(ids)))
    candidates = candidates.order_by(OutboxMessage.id).limit(limit).with_for_update(skip_locked=True)
    claimed = db.session.scalars(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), due)
        .values(status=OutboxStatus.SENDING, next_attempt_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    outgoing: list[Outgoing] = []
    if claimed:
        rows = db.session.execute(
            sa.select(
                OutboxMessage.id,
                OutboxMessage.recipient,
                OutboxMessage.subject,
                OutboxMessage.body_text,
                OutboxMessage.body_html,
                OutboxMessage.reply_to,
                OutboxMessage.list_unsubscribe,
            )
            .where(OutboxMessage.id.in_(claimed))
            .order_by(OutboxMessage.id)
        ).all()
        attached: dict[int, list[tuple[str, str, bytes]]] = {}
        for message_id, filename, content_type, content in db.session.execute(
            sa.select(
                OutboxAttachment.message_id,
                OutboxAttachment.filename,
                OutboxAttachment.content_type,
                OutboxAttachment.content,
            ).where(OutboxAttachment.message_id.in_(claimed))
        ):
            attached.setdefault(message_id, []).append((filename, content_type, content.encode("utf-8")))
        outgoing = [
            Outgoing(
                id=row.id,
                recipient=row.recipient,
                subject=row.subject,
                body_text=row.body_text,
                body_html=row.body_html,
                reply_to=row.reply_to,
                attachments=tuple(attached.get(row.id, ())),
                headers=_list_headers(row.list_unsubscribe),
            )
            for row in rows
        ]
    db.session.commit()
    return outgoing


def _mark_sent(message_id: int) -> None:
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.SENT, sent_at=utcnow(), last_error="")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _record_failure(message_ids: list[int], error: str, *, permanent: bool = False) -> None:
    """Back off (or give up after MAX_ATTEMPTS, or at once for a permanent refusal)."""
    now = utcnow()
    for message in db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id.in_(message_ids))):
        if message.status is not OutboxStatus.SENDING:
            continue
        message.last_error = error
        if permanent or message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
        else:
            message.status = OutboxStatus.PENDING
            message.next_attempt_at = now + BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
    db.session.commit()
    log.warning("Outbox: %d mail(s) not sent: %s", len(message_ids), error)


def _release(message_ids: list[int]) -> None:
    """Give claimed but untried messages back at once (graceful stop), without counting an attempt."""
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.PENDING, next_attempt_at=utcnow(), attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _refresh_claim(message_ids: list[int]) -> None:
    """Heartbeat: the rest of a long batch stays claimed (is not taken for a dead worker's)."""
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == OutboxStatus.SENDING)
        .values(next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def send_batch(batch: list[Outgoing], stop: threading.Event | None = None) -> BatchResult:
    """Send claimed messages over one connection; every outcome is committed per message."""
    result = BatchResult()
    if not batch:
        return result
    heartbeat = current_app.config["OUTBOX_STALE_SECONDS"] / 3
    claimed_at = time.monotonic()
    try:
        transport = transport_for(current_app)
    except ConnectionProblem as error:
        _record_failure([m.id for m in batch], str(error))
        return BatchResult(failed=len(batch), connection_problem=True)
    try:
        for index, outgoing in enumerate(batch):
            if stop is not None and stop.is_set():
                _release([m.id for m in batch[index:]])
                break
            try:
                transport.send(outgoing)
            except ConnectionProblem as error:
                rest = [m.id for m in batch[index:]]
                _record_failure(rest, str(error))
                result.failed += len(rest)
                result.connection_problem = True
                break
            except PermanentRefusal as error:
                _record_failure([outgoing.id], str(error), permanent=True)
                result.failed += 1
            except smtplib.SMTPException as error:
                _record_failure([outgoing.id], describe(error))
                result.failed += 1
            except Exception as error:  # a row that cannot become a mail must not stop the worker
                log.exception("Outbox: mail %s cannot be built or sent", outgoing.id)
                _record_failure([outgoing.id], describe(error), permanent=True)
                result.failed += 1
            else:
                _mark_sent(outgoing.id)
                result.sent += 1
            if time.monotonic() - claimed_at > heartbeat and index + 1 < len(batch):
                _refresh_claim([m.id for m in batch[index + 1 :]])
                claimed_at = time.monotonic()
    finally:
        transport.close()
    return result


def send_now(ids: Iterable[int]) -> BatchResult:
    """The worker's send step for just these messages (eager mode in tests, `flush_committed`)."""
    ids = sorted(set(ids))
    return send_batch(claim_batch(len(ids), ids=ids)) if ids else BatchResult()


def send_due(limit: int = 500) -> BatchResult:
    """Send what is due now, batch by batch, up to `limit` messages (`flask outbox send`)."""
    total = BatchResult()
    batch_size = current_app.config["OUTBOX_BATCH_SIZE"]
    while total.sent + total.failed < limit:
        batch = claim_batch(min(batch_size, limit - total.sent - total.failed))
        if not batch:
            break
        result = send_batch(batch)
        total.sent += result.sent
        total.failed += result.failed
        if result.connection_problem:
            break
    return total


class Worker:
    """`flask outbox work`: poll, claim, send; stop cleanly on SIGTERM/SIGINT."""

    def __init__(self, poll_seconds: float, batch_size: int) -> None:
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.stop = threading.Event()
        self.sent = 0
        self.failed = 0

    def request_stop(self, *_signal_args) -> None:
        self.stop.set()

    def run(self) -> None:
        log.info("Outbox worker started (poll every %ss, batches of %s)", self.poll_seconds, self.batch_size)
        config = current_app.config
        if config["OUTBOX_STALE_SECONDS"] < 6 * config["MAIL_TIMEOUT"]:
            # One mail can take a few SMTP round trips of up to MAIL_TIMEOUT each; a shorter
            # stale limit could hand a live worker's mail to another worker.
            log.warning("OUTBOX_STALE_SECONDS should be at least 6 x MAIL_TIMEOUT")
        while not self.stop.is_set():
            try:
                batch = claim_batch(self.batch_size)
                result = send_batch(batch, stop=self.stop)
            except Exception:
                # Database unreachable or restarting (or any other surprise): keep the worker
                # alive and try again; claimed rows come back as stale claims at the latest.
                log.exception("Outbox worker: error, retrying in %ss", self.poll_seconds)
                db.session.rollback()
                self.stop.wait(self.poll_seconds)
                continue
            finally:
                db.session.remove()
            self.sent += result.sent
            self.failed += result.failed
            if batch:
                log.info("Outbox: %d sent, %d not sent", result.sent, result.failed)
            # A full batch means more is probably due: go on at once; otherwise wait.
            if len(batch) < self.batch_size or result.connection_problem:
                self.stop.wait(self.poll_seconds)
        log.info("Outbox worker stopped (%d sent, %d not sent)", self.sent, self.failed)


def _list_headers(unsubscribe_url: str) -> tuple[tuple[str, str], ...]:
    """Messages to members carry a one-click unsubscribe link (RFC 2369, RFC 8058)."""
    if not unsubscribe_url:
        return ()
    return (("List-Unsubscribe", f"<{unsubscribe_url}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
