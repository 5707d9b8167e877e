"""Helpers shared by the review tests: stored applications in any state, with consent."""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime

import sqlalchemy as sa

from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import (
    ApplicantKind,
    Application,
    ApplicationState,
    ConsentKind,
    ConsentRecord,
    ConsentText,
    HistoryEntry,
    Network,
    OutboxMessage,
    utcnow,
)

_numbers = itertools.count(1)
CONSENT_TEXT = "Ich bin mit der Verarbeitung meiner Angaben einverstanden."


def make_application(
    network: Network,
    state: ApplicationState = ApplicationState.RECEIVED,
    *,
    email: str | None = None,
    first_name: str = "Zoë",
    last_name: str | None = None,
    institution: str = "",
    themenkreise=(),
    created_at: datetime | None = None,
    kind: ApplicantKind = ApplicantKind.PERSON,
    consent: bool = True,
    **values,
) -> tuple[Application, str]:
    """Store an application; returns it with its clear status token."""
    number = next(_numbers)
    status_token = new_token()
    created_at = created_at or utcnow()
    application = Application(
        network_id=network.id,
        state=state,
        applicant_kind=kind,
        first_name=first_name,
        last_name=last_name or f"Müller{number}",
        email=(email or f"antrag{number}@example.org").lower(),
        institution=institution,
        institution_normalized=normalise_organisation_name(institution),
        submission_token=new_token(),
        status_token_hash=hash_token(status_token),
        created_at=created_at,
        confirmed_at=None if state is ApplicationState.UNCONFIRMED else created_at,
        themenkreise=list(themenkreise),
        **values,
    )
    db.session.add(application)
    db.session.flush()
    if consent:
        text = db.session.scalar(
            sa.select(ConsentText).where(ConsentText.network_id == network.id, ConsentText.kind == ConsentKind.PRIVACY)
        )
        if text is None:
            text = ConsentText(
                network_id=network.id,
                kind=ConsentKind.PRIVACY,
                version=1,
                text=CONSENT_TEXT,
                sha256=hashlib.sha256(CONSENT_TEXT.encode()).hexdigest(),
            )
            db.session.add(text)
            db.session.flush()
        db.session.add(ConsentRecord(application_id=application.id, consent_text_id=text.id, given_at=created_at))
    db.session.commit()
    return application, status_token


def mails_for(application: Application, template: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.application_id == application.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def history_of(application: Application) -> list[HistoryEntry]:
    return list(
        db.session.scalars(
            sa.select(HistoryEntry).where(HistoryEntry.application_id == application.id).order_by(HistoryEntry.id)
        )
    )


def refreshed(application: Application) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application.id)
