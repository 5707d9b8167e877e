"""Turning outbox rows into e-mails and handing them to an SMTP server (or the console)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, getaddresses

from flask import Flask

from app.core import mail


@dataclass(frozen=True)
class Outgoing:
    """What the worker needs of one outbox row (plain values, no ORM object)."""

    id: int
    recipient: str
    subject: str
    body_text: str
    body_html: str
    reply_to: str = ""
    # (filename, content type, content) of each attachment, e.g. an event's .ics
    attachments: tuple[tuple[str, str, bytes], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()


class ConnectionProblem(Exception):
    """The SMTP connection is unusable (refused, timed out, dropped): stop the batch."""


class PermanentRefusal(Exception):
    """The server refused this one message for good (5xx): no retry helps."""


def sender_address(app: Flask) -> str:
    sender = app.config["MAIL_DEFAULT_SENDER"]
    return sender if isinstance(sender, str) else formataddr(sender)


def build_message(outgoing: Outgoing, sender: str) -> EmailMessage:
    """An RFC 5322 message built by app.core.mail (German subjects encoded correctly).

    The Message-ID is derived from the outbox row, so a receiver sees a retry of the same row
    as the same mail.
    """
    return mail.build_message(
        sender=sender,
        recipient=outgoing.recipient,
        subject=outgoing.subject,
        text=outgoing.body_text,
        html=outgoing.body_html,
        reply_to=outgoing.reply_to,
        headers={"Auto-Submitted": "auto-generated", **dict(outgoing.headers)},
        attachments=list(outgoing.attachments),
        message_id=f"<outbox-{outgoing.id}@{_domain_of(sender)}>",
    )


def _domain_of(sender: str) -> str:
    addresses = getaddresses([sender])
    address = addresses[0][1] if addresses else ""
    try:
        return Address(addr_spec=address).domain or "localhost"
    except (ValueError, IndexError):
        return "localhost"


class SMTPTransport:
    """One SMTP connection, opened on first use and reused for the whole batch.

    Every socket operation (connect, greeting, each command) is bounded by MAIL_TIMEOUT, so a
    server that accepts and never answers costs one timeout, never a hang.
    """

    def __init__(self, app: Flask) -> None:
        self.config = app.config
        self.sender = sender_address(app)
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        timeout = float(config["MAIL_TIMEOUT"])
        host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
        try:
            if config.get("MAIL_USE_SSL"):
                connection: smtplib.SMTP = smtplib.SMTP_SSL(
                    host, port, timeout=timeout, context=ssl.create_default_context()
                )
            else:
                connection = smtplib.SMTP(host, port, timeout=timeout)
                if config.get("MAIL_USE_TLS"):
                    connection.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        except (OSError, smtplib.SMTPException) as error:
            raise ConnectionProblem(describe(error)) from error
        return connection

    def send(self, outgoing: Outgoing) -> None:
        """Deliver one message; raises ConnectionProblem, PermanentRefusal or SMTPException."""
        if self.connection is None:
            self.connection = self._connect()
        message = build_message(outgoing, self.sender)
        try:
            self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if codes and min(codes) >= 500:
                raise PermanentRefusal(describe(error)) from error
            raise
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
            if error.smtp_code >= 500:
                raise PermanentRefusal(describe(error)) from error
            raise
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self.connection = None
            raise ConnectionProblem(describe(error)) from error

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None


class ConsoleTransport:
    """Development without MAIL_SERVER: print each mail so its links can be followed."""

    def send(self, outgoing: Outgoing) -> None:
        print(
            f"\n----- E-Mail an {outgoing.recipient} -----\nBetreff: {outgoing.subject}\n\n"
            f"{outgoing.body_text}\n----- Ende -----\n",
            flush=True,
        )

    def close(self) -> None:
        pass


def transport_for(app: Flask) -> SMTPTransport | ConsoleTransport:
    """SMTP when MAIL_SERVER is set; the console in development; otherwise a clear error."""
    if app.config.get("MAIL_SERVER"):
        return SMTPTransport(app)
    if app.config.get("MAIL_CONSOLE"):
        return ConsoleTransport()
    raise ConnectionProblem("RuntimeError: MAIL_SERVER is not configured")


def describe(error: BaseException) -> str:
    """A short error text for `last_error` (type and message, no traceback)."""
    text = str(error) or ("timed out" if isinstance(error, TimeoutError) else "")
    return f"{type(error).__name__}: {text}"[:2000]
