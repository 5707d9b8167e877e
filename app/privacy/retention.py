"""Retention: `flask privacy purge` deletes what may not be kept any longer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.auth.sessions import end_idle_login_sessions
from app.core.history import history_rewrite_allowed
from app.extensions import db
from app.models import (
    Application,
    ApplicationDraft,
    ApplicationState,
    ConsentRecord,
    HistoryEntry,
    Membership,
    OutboxMessage,
    OutboxStatus,
    Token,
    utcnow,
)
from app.models.application import application_themenkreise
from app.privacy.data_export import scalar_ids
from app.privacy.erasure import anonymise_applications, run_statement


@dataclass
class PurgeResult:
    deleted_unconfirmed: int = 0
    anonymised: int = 0
    deleted_drafts: int = 0
    deleted_mails: int = 0
    ended_sessions: int = 0


def delete_applications(application_ids: list[int]) -> None:
    """Delete applications with everything that hangs on them (history included)."""
    if not application_ids:
        return
    with history_rewrite_allowed():
        run_statement(sa.delete(HistoryEntry).where(HistoryEntry.application_id.in_(application_ids)))
        run_statement(sa.delete(OutboxMessage).where(OutboxMessage.application_id.in_(application_ids)))
        run_statement(sa.delete(Token).where(Token.application_id.in_(application_ids)))
        run_statement(sa.delete(ConsentRecord).where(ConsentRecord.application_id.in_(application_ids)))
        run_statement(
            sa.delete(application_themenkreise).where(application_themenkreise.c.application_id.in_(application_ids))
        )
        run_statement(
            sa.update(Membership).where(Membership.application_id.in_(application_ids)).values(application_id=None)
        )
        run_statement(sa.delete(Application).where(Application.id.in_(application_ids)))


def purge(now: datetime | None = None) -> PurgeResult:
    """Retention (`flask privacy purge`, daily):

    - unconfirmed applications older than CONFIRMATION_TOKEN_DAYS: deleted with tokens, mails, history;
    - rejected and withdrawn applications decided more than RETENTION_DAYS ago: anonymised,
      including their mails and history texts;
    - form drafts untouched for CONFIRMATION_TOKEN_DAYS: deleted;
    - sent or failed mails older than RETENTION_DAYS: deleted (the outbox is not an archive);
    - login sessions unused for LOGIN_SESSION_IDLE_DAYS: deleted.
    """
    now = now or utcnow()
    config = current_app.config
    confirm_cutoff = now - timedelta(days=config["CONFIRMATION_TOKEN_DAYS"])
    retention_cutoff = now - timedelta(days=config["RETENTION_DAYS"])
    result = PurgeResult()

    unconfirmed = scalar_ids(
        sa.select(Application.id).where(
            Application.state == ApplicationState.UNCONFIRMED, Application.created_at < confirm_cutoff
        )
    )
    delete_applications(unconfirmed)
    result.deleted_unconfirmed = len(unconfirmed)

    decided_at = sa.func.coalesce(Application.decided_at, Application.updated_at)
    finished = scalar_ids(
        sa.select(Application.id).where(
            Application.state.in_([ApplicationState.REJECTED, ApplicationState.WITHDRAWN]),
            Application.anonymised_at.is_(None),
            decided_at < retention_cutoff,
        )
    )
    result.anonymised = anonymise_applications(finished, now)

    result.deleted_drafts = run_statement(
        sa.delete(ApplicationDraft).where(ApplicationDraft.updated_at < confirm_cutoff)
    )
    result.deleted_mails = run_statement(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
            OutboxMessage.created_at < retention_cutoff,
        )
    )
    result.ended_sessions = end_idle_login_sessions(now)
    db.session.expire_all()
    return result
