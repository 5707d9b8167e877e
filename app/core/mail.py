"""Build every outgoing mail in one place: the standard library's EmailMessage, SMTP policy.

Flask-Mail's own MIME building folds long subjects with umlauts into broken RFC 2047
encoded words (`B=?utf-8?q?=C3=BCrger?=`, lost spaces). `email.policy.SMTP` does better but
Python 3.11 still drops the space between two encoded words when it folds them onto two lines
("Rückfrage Ländergruppe" arrives as "RückfrageLändergruppe"). So non-ASCII unstructured
headers (the subject) are encoded here: the whole value as UTF-8 Q encoded words, split only
between characters, every space inside an encoded word (RFC 2047 ignores the whitespace
between two encoded words), every line at most 78 characters.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP, EmailPolicy
from email.utils import formatdate, make_msgid

from app.extensions import mail

# Characters RFC 2047 allows unencoded in a Q encoded word of a header (section 5, rule 3).
_Q_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!*+-/")
_PREFIX, _SUFFIX = "=?utf-8?q?", "?="
_MAX_LINE = 78


def _q(text: str) -> str:
    return "".join(
        chr(byte) if byte in _Q_SAFE else "_" if byte == 0x20 else f"={byte:02X}" for byte in text.encode("utf-8")
    )


def encode_words(name: str, value: str) -> str:
    """`Name: =?utf-8?q?...?=` folded with CRLF; chunks never split a character or lose a space."""
    lines: list[str] = []
    room = _MAX_LINE - len(name) - 2  # "Name: " on the first line
    chunk = ""
    for char in value:
        if chunk and len(_PREFIX) + len(_q(chunk + char)) + len(_SUFFIX) > room:
            lines.append(f"{_PREFIX}{_q(chunk)}{_SUFFIX}")
            room, chunk = _MAX_LINE - 1, ""  # continuation lines start with one space
        chunk += char
    lines.append(f"{_PREFIX}{_q(chunk)}{_SUFFIX}")
    return f"{name}: " + "\r\n ".join(lines) + "\r\n"


class _Policy(EmailPolicy):
    """policy.SMTP, with non-ASCII unstructured headers encoded by `encode_words`."""

    def _encoded(self, name: str, value: object) -> str | None:
        text = str(value)
        if name.lower() == "subject" and not text.isascii():
            return encode_words(name, text)
        return None

    def fold(self, name, value):
        encoded = self._encoded(name, value)
        return encoded.replace("\r\n", self.linesep) if encoded is not None else super().fold(name, value)

    def fold_binary(self, name, value):
        encoded = self._encoded(name, value)
        return encoded.replace("\r\n", self.linesep).encode("ascii") if encoded else super().fold_binary(name, value)


POLICY = _Policy() + SMTP


def _header(value: str) -> str:
    """CR/LF never reach a header (no header injection), runs of whitespace become one space."""
    return " ".join(str(value).replace("\r", " ").replace("\n", " ").split())


def build_message(
    *,
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    html: str = "",
    reply_to: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """One text (+ optional HTML alternative) mail, ready for `smtplib.SMTP.send_message`."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = _header(subject)
    message["From"] = _header(sender)
    message["To"] = _header(recipient)
    if reply_to:
        message["Reply-To"] = _header(reply_to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id or make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    for name, value in (headers or {}).items():
        message[name] = _header(value)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, content_type, content in attachments or []:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype.split(";")[0], filename=filename)
    return message


def send(message: EmailMessage) -> None:
    """Send through the SMTP server configured for Flask-Mail (MAIL_SERVER, TLS, login)."""
    with mail.connect() as connection:
        if connection.host is not None:  # None when MAIL_SUPPRESS_SEND is on
            connection.host.send_message(message)
