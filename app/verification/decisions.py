"""The verification workflow: request, question back, answer, accept, reject; direct attestation.

Allowed moves are the table TRANSITIONS; every move writes a VerificationEvent (who, when, what).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError, IllegalTransition
from app.core.history import MEMBER_LABEL, canonical_text
from app.extensions import db
from app.models import (
    BERLIN,
    Account,
    ApplicantKind,
    Membership,
    Verification,
    VerificationEvent,
    VerificationMethod,
    VerificationState,
    today_in_germany,
    utcnow,
)
from app.verification import notifications

S = VerificationState
OPEN_STATES = (S.REQUESTED, S.QUESTION)
TRANSITIONS = {
    (S.REQUESTED, S.QUESTION): "coordination asks back",
    (S.QUESTION, S.REQUESTED): "member answers",
    (S.REQUESTED, S.ACCEPTED): "coordination accepts",
    (S.QUESTION, S.ACCEPTED): "coordination accepts",
    (S.REQUESTED, S.REJECTED): "coordination rejects",
    (S.QUESTION, S.REJECTED): "coordination rejects",
}
MAX_YEARS = 3


def default_label(membership: Membership) -> str:
    """What a verification confirms unless someone says otherwise: Kommune or Organisation."""
    if membership.kind is ApplicantKind.MUNICIPALITY:
        return canonical_text(_l("Kommune"))
    if membership.kind is ApplicantKind.ORGANISATION:
        return canonical_text(_l("Organisation"))
    return membership.account.function or ""


def _event(verification: Verification, actor: Account | None, message, state: S | None = None, label: str = "") -> None:
    db.session.add(
        VerificationEvent(
            verification_id=verification.id,
            actor_id=actor.id if actor else None,
            actor_label=label or (actor.display_name if actor else "System"),
            state=state,
            message=canonical_text(message) if message else "",
        )
    )
    db.session.flush()


def _move(verification: Verification, target: S) -> None:
    if (verification.state, target) not in TRANSITIONS:
        raise IllegalTransition(str(_l("Diese Verifizierung ist nicht mehr offen.")))
    verification.state = target


def open_request(membership: Membership) -> Verification | None:
    return db.session.scalar(
        sa.select(Verification)
        .where(Verification.membership_id == membership.id, Verification.state.in_(OPEN_STATES))
        .order_by(Verification.id.desc())
        .limit(1)
    )


def request_verification(membership: Membership, actor: Account, *, label: str, text: str) -> Verification:
    """A contact asks the coordination to confirm the member (flushes; the coordination is told)."""
    if membership.ended_at is not None:
        raise DomainError(str(_l("Diese Mitgliedschaft ist beendet.")))
    if open_request(membership) is not None:
        raise DomainError(str(_l("Es gibt schon einen offenen Antrag auf Verifizierung.")))
    if not text.strip():
        raise DomainError(str(_l("Bitte begründen Sie Ihren Antrag.")), field="text")
    verification = Verification(
        network_id=membership.network_id, membership_id=membership.id, method=VerificationMethod.ATTESTATION,
        label=label or default_label(membership), request_text=text, requested_by_id=actor.id,
    )  # fmt: skip
    db.session.add(verification)
    db.session.flush()
    _event(verification, actor, text, S.REQUESTED, label=MEMBER_LABEL)
    notifications.tell_coordinators(verification)
    return verification


def ask(verification: Verification, actor: Account, message: str) -> None:
    if not message.strip():
        raise DomainError(str(_l("Bitte schreiben Sie Ihre Rückfrage.")), field="message")
    _move(verification, S.QUESTION)
    _event(verification, actor, message, S.QUESTION)
    notifications.mail_question(verification, message)


def answer(verification: Verification, actor: Account, message: str) -> None:
    if not message.strip():
        raise DomainError(str(_l("Bitte schreiben Sie Ihre Antwort.")), field="message")
    _move(verification, S.REQUESTED)
    _event(verification, actor, message, S.REQUESTED, label=MEMBER_LABEL)
    notifications.tell_coordinators(verification, answered=True)


def end_of_day(day: date) -> datetime:
    """The last moment of a day in Berlin, in UTC: "gültig bis 31.12.2027" includes that day."""
    return datetime.combine(day + timedelta(days=1), time(), BERLIN).astimezone(UTC) - timedelta(seconds=1)


def _check_expiry(valid_until: date | None) -> datetime:
    today = today_in_germany()
    if valid_until is None:
        raise DomainError(str(_l("Bitte geben Sie an, bis wann die Verifizierung gilt.")), field="valid_until")
    if valid_until <= today:
        raise DomainError(str(_l("Das Datum muss in der Zukunft liegen.")), field="valid_until")
    if valid_until > today.replace(year=today.year + MAX_YEARS) - timedelta(days=1):
        raise DomainError(
            str(_l("Eine Verifizierung gilt höchstens %(years)s Jahre.", years=MAX_YEARS)), field="valid_until"
        )
    return end_of_day(valid_until)


def accept(verification: Verification, actor: Account, *, label: str, reason: str, valid_until: date | None) -> None:
    """Confirm: the badge shows from now until `valid_until` (inclusive)."""
    until = _check_expiry(valid_until)
    if not reason.strip():
        raise DomainError(str(_l("Bitte geben Sie einen Grund an.")), field="reason")
    _move(verification, S.ACCEPTED)
    now = utcnow()
    verification.label = label or verification.label
    verification.reason, verification.decided_by_id, verification.decided_at = reason, actor.id, now
    verification.valid_from, verification.valid_until = now, until
    db.session.flush()
    _event(verification, actor, reason, S.ACCEPTED)
    notifications.mail_decision(verification)


def reject(verification: Verification, actor: Account, *, reason: str) -> None:
    if not reason.strip():
        raise DomainError(str(_l("Bitte geben Sie einen Grund an.")), field="reason")
    _move(verification, S.REJECTED)
    verification.reason, verification.decided_by_id, verification.decided_at = reason, actor.id, utcnow()
    db.session.flush()
    _event(verification, actor, reason, S.REJECTED)
    notifications.mail_decision(verification)


def attest(
    membership: Membership, actor: Account, *, label: str, reason: str, valid_until: date | None
) -> Verification:
    """The coordination confirms a member directly (no request needed), e.g. when renewing."""
    if membership.ended_at is not None:
        raise DomainError(str(_l("Diese Mitgliedschaft ist beendet.")))
    until = _check_expiry(valid_until)
    if not label.strip():
        raise DomainError(str(_l("Bitte geben Sie an, was bestätigt wird.")), field="label")
    if not reason.strip():
        raise DomainError(str(_l("Bitte geben Sie einen Grund an.")), field="reason")
    now = utcnow()
    verification = Verification(
        network_id=membership.network_id, membership_id=membership.id, method=VerificationMethod.ATTESTATION,
        state=S.ACCEPTED, label=label, reason=reason, decided_by_id=actor.id, decided_at=now, valid_from=now,
        valid_until=until,
    )  # fmt: skip
    db.session.add(verification)
    db.session.flush()
    _event(verification, actor, reason, S.ACCEPTED)
    return verification
