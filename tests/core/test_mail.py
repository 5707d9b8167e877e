"""Mail headers on the wire: long German subjects stay whole RFC 2047 encoded words."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest

from app.core.mail import build_message
from app.core.outbox import flush_committed, queue_mail
from app.extensions import db
from app.models import ApplicationState

SUBJECTS = [
    "Allianz Teilhabe Vielfältige beim Zusammenhalt Zusammenhalt Baden-Württemberg Rückfrage Rückfrage Ländergruppe",
    "Ländergruppe Vielfältige Baden-Württemberg zu Bürgerbeteiligung Jugendbeteiligung zu Zusammenhalt "
    "Kommunen Zusammenhalt zu Teilhabe Jugendbeteiligung Baden-Württemberg",
    "Ihr Antrag beim Netzwerk Jugendbeteiligung Thüringen wurde angenommen – willkommen im Netzwerk!",
    "Neuer Mitgliedsantrag: Allianz Vielfältige Demokratie – Bündnis für Teilhabe und Zusammenhalt in Sachsen-Anhalt",
    "Rückfrage zu Ihrem Mitgliedsantrag beim Netzwerk Bürgerhaushalt Öffentlichkeit Größe Straße Übergänge",
]

ENCODED_WORD = re.compile(rb"=\?utf-8\?[qb]\?[^?\s]*\?=", re.IGNORECASE)


def header_block(raw: bytes, name: bytes) -> bytes:
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    match = re.search(rb"^" + name + rb": (.*?)(?=\r?\n\S)", head + b"\nX", re.MULTILINE | re.DOTALL)
    assert match, head
    return match.group(1)


def assert_rfc2047_clean(raw: bytes, subject: str) -> None:
    folded = header_block(raw, b"Subject")
    for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        assert len(line) <= 78, line
    # An encoded word is a whole word: whitespace (or the header start) before and after it.
    for match in ENCODED_WORD.finditer(folded):
        before = folded[match.start() - 1 : match.start()]
        after = folded[match.end() : match.end() + 1]
        assert before in (b"", b" ", b"\t", b"\n"), folded
        assert after in (b"", b" ", b"\t", b"\r"), folded
    # No bare 8-bit bytes, and decoding gives back every character and space.
    assert folded.isascii()
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject


@pytest.mark.parametrize("subject", SUBJECTS)
def test_build_message_encodes_long_german_subjects_as_whole_words(subject):
    message = build_message(
        sender="Teilhabe <noreply@teilhabe.example>",
        recipient="Jörg Müller <joerg@example.org>",
        subject=subject,
        text="Grüße",
        html="<p>Grüße</p>",
        reply_to="koordination@example.org",
    )
    raw = message.as_bytes()
    assert b"\r\n" in raw  # SMTP line endings
    assert_rfc2047_clean(raw, subject)
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Reply-To"] == "koordination@example.org"
    assert parsed.get_body(("plain",)).get_content().strip() == "Grüße"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Grüße</p>"


def test_build_message_strips_header_injection():
    message = build_message(
        sender="Teilhabe <noreply@teilhabe.example>",
        recipient="a@example.org",
        subject="Hallo\r\nBcc: opfer@example.org",
        text="x",
    )
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Hallo Bcc: opfer@example.org"


def test_outbox_sends_the_raw_subject_bytes_intact(app, smtp):
    for subject in SUBJECTS:
        queue_mail("email_changed_notice", "empfaenger@example.org", subject, account=_Someone())
    db.session.commit()
    flush_committed()
    assert len(smtp.raw) == len(SUBJECTS)
    sent = sorted(smtp.raw, key=lambda raw: message_from_bytes(raw, policy=policy.default)["Subject"])
    for raw, subject in zip(sent, sorted(SUBJECTS), strict=True):
        assert_rfc2047_clean(raw, subject)
        assert message_from_bytes(raw, policy=policy.default)["Auto-Submitted"] == "auto-generated"


class _Someone:
    display_name = "Jörg Müller"


def test_a_question_can_be_answered_by_mail_reply_to_the_coordination(
    client, login_as, make_network, make_account, smtp
):
    from tests.review_support import make_application

    network = make_network(slug="netz", contact_email="koordination@netz.example")
    coordinator = make_account(email="kai@example.org", coordinates=[network])
    application, _ = make_application(network, ApplicationState.IN_REVIEW, email="zoe@example.org")
    login_as(coordinator)
    client.post(
        f"/koordination/netz/antraege/{application.id}/rueckfrage",
        data={"question-version": str(application.version), "question-message": "Welche Stadt?"},
    )
    [mail] = smtp.to("zoe@example.org")
    assert mail["Reply-To"] == "koordination@netz.example"


def test_a_directory_message_can_be_answered_by_mail_reply_to_the_sender(
    client, login_as, make_network, make_member, smtp
):
    from app.models import Visibility

    network = make_network(slug="netz", directory_enabled=True)
    sender = make_member(network, email="absender@example.org", first_name="Anna")
    recipient = make_member(network, email="versteckt@example.org", email_visibility=Visibility.NOBODY)
    login_as(sender.account)
    response = client.post(
        f"/netzwerke/netz/verzeichnis/{recipient.id}/nachricht", data={"message": "Hallo, wollen wir uns austauschen?"}
    )
    assert response.status_code in (200, 302)
    [mail] = smtp.to("versteckt@example.org")
    assert mail["Reply-To"] == "absender@example.org"
