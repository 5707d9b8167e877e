"""GDPR (DSGVO) erasure and retention: account deletion, anonymisation, `flask privacy purge`.

Which rows belong to a person is defined once, for the export and for deletion alike, in
services/privacy_export.py (person_scope). The directory search tables are derived copies
(see services/search.py); the database removes their rows with the memberships and accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from app.auth.accounts import end_idle_login_sessions
from app.core.errors import DomainError
from app.core.history import APPLICANT_LABEL, DELETED_ACCOUNT_LABEL, history_rewrite_allowed
from app.extensions import db
from app.members.privacy import before_account_deleted, forget_member_admin
from app.models import (
    Account,
    Application,
    ApplicationDraft,
    ApplicationState,
    ConsentRecord,
    CoordinatorAssignment,
    HistoryEntry,
    LoginSession,
    Membership,
    Network,
    Organisation,
    OutboxMessage,
    OutboxStatus,
    Token,
    utcnow,
)
from app.models.application import application_themenkreise
from app.models.membership import membership_themenkreise
from app.privacy.data_export import person_scope, scalar_ids

ANONYMISED = "(anonymisiert)"


def _run(statement) -> int:
    """Execute a bulk UPDATE/DELETE; callers expire the session afterwards."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return result.rowcount or 0


# --------------------------------------------------------------------------- anonymisation and deletion


def _mentions(text: str, needles: list[str]) -> bool:
    folded = (text or "").casefold()
    return any(needle and needle.casefold() in folded for needle in needles)


def anonymise_applications(application_ids: list[int], now: datetime | None = None) -> int:
    """Remove the personal data of these applications, their mails, tokens and history texts.

    Kept for the network's statistics: network, state, member type, organisation type,
    country, dates, Themenkreise and the consent records (which text version was accepted).
    """
    if not application_ids:
        return 0
    now = now or utcnow()
    people = {
        row.id: [row.first_name, row.last_name, row.email, f"{row.first_name} {row.last_name}".strip()]
        for row in db.session.execute(
            sa.select(Application.id, Application.first_name, Application.last_name, Application.email).where(
                Application.id.in_(application_ids)
            )
        )
    }
    with history_rewrite_allowed():
        for entry in db.session.execute(
            sa.select(HistoryEntry.id, HistoryEntry.application_id, HistoryEntry.actor_id, HistoryEntry.actor_label)
            .where(HistoryEntry.application_id.in_(application_ids))
        ).all():
            values: dict[str, Any] = {"message": ""}
            if entry.actor_id is None and _mentions(entry.actor_label, people.get(entry.application_id, [])):
                values["actor_label"] = APPLICANT_LABEL
            _run(sa.update(HistoryEntry).where(HistoryEntry.id == entry.id).values(**values))
        _run(
            sa.update(OutboxMessage)
            .where(OutboxMessage.application_id.in_(application_ids))
            .values(recipient="", subject=ANONYMISED, body_text="", body_html="", last_error="")
        )
        _run(sa.delete(Token).where(Token.application_id.in_(application_ids)))
        _run(
            sa.update(Application)
            .where(Application.id.in_(application_ids))
            .values(
                first_name="", last_name=ANONYMISED, email="", phone="", function="", institution="",
                institution_normalized="", website="", street="", postcode="", city="", description="",
                status_token_hash=sa.literal("anonymised-") + sa.cast(Application.id, sa.String),
                account_id=None, anonymised_at=now, version=Application.version + 1,
            )
        )
    return len(application_ids)


def delete_account(account: Account) -> None:
    """Erase a person: account, sessions, roles, memberships, tokens and mails are deleted;
    applications are anonymised; history keeps what happened, without who and what was written.

    Afterwards the e-mail address is stored nowhere (tests/test_privacy_delete.py scans every column).
    The last active admin cannot delete themselves: nobody could run the platform afterwards.
    """
    if account.is_admin and not db.session.scalar(
        sa.select(Account.id).where(Account.is_admin.is_(True), Account.disabled.is_(False), Account.id != account.id)
        .limit(1)
    ):
        raise DomainError(
            str(_l("Sie haben als einzige Person Verwaltungsrechte. Bitte ernennen Sie zuerst eine weitere Person "
                   "zur Verwaltung (flask accounts add … --role admin), bevor Sie Ihr Konto löschen."))
        )
    before_account_deleted(account)
    scope = person_scope(account)
    email, account_id = scope.email, scope.account_id
    needles = [email, account.display_name, f"{account.first_name} {account.last_name}".strip()]
    anonymise_applications(scope.application_ids)
    # A network may list the person's address as its contact; it must go too.
    _run(sa.update(Network).where(sa.func.lower(Network.contact_email) == email).values(contact_email=""))
    like = f"%{email}%"
    with history_rewrite_allowed():
        # History: my memberships lose their link; my own actions lose their author.
        _run(
            sa.update(HistoryEntry)
            .where(HistoryEntry.membership_id.in_(scope.membership_ids))
            .values(membership_id=None, message="")
        )
        for entry in db.session.execute(
            sa.select(HistoryEntry.id, HistoryEntry.actor_id, HistoryEntry.actor_label, HistoryEntry.message).where(
                sa.or_(
                    HistoryEntry.actor_id == account_id,
                    HistoryEntry.actor_label.like(like),
                    HistoryEntry.message.like(like),
                )
            )
        ).all():
            values = {"message": entry.message.replace(email, "[entfernt]")}
            if entry.actor_id == account_id:
                values["actor_id"] = None
            if entry.actor_id == account_id or _mentions(entry.actor_label, needles):
                values["actor_label"] = DELETED_ACCOUNT_LABEL
            _run(sa.update(HistoryEntry).where(HistoryEntry.id == entry.id).values(**values))
    _run(
        sa.delete(OutboxMessage).where(
            sa.or_(
                OutboxMessage.account_id == account_id,
                OutboxMessage.application_id.in_(scope.application_ids),
                OutboxMessage.recipient == email,
                OutboxMessage.subject.like(like),
                OutboxMessage.body_text.like(like),
                OutboxMessage.body_html.like(like),
            )
        )
    )
    _run(
        sa.delete(Token).where(
            sa.or_(
                Token.account_id == account_id,
                Token.application_id.in_(scope.application_ids),
                Token.payload == email,
            )
        )
    )
    _run(sa.delete(ApplicationDraft).where(sa.cast(ApplicationDraft.data, sa.Text).like(like)))
    forget_member_admin(account_id, email, scope.membership_ids)
    _run(
        sa.delete(membership_themenkreise).where(membership_themenkreise.c.membership_id.in_(scope.membership_ids))
    )
    _run(sa.delete(Membership).where(Membership.account_id == account_id))
    _run(sa.update(Application).where(Application.assigned_to_id == account_id).values(assigned_to_id=None))
    # Organisations only this person stood for.
    still_used = set(scalar_ids(sa.select(Membership.organisation_id))) | set(
        scalar_ids(sa.select(Application.organisation_id))
    )
    orphaned = [oid for oid in scope.organisation_ids if oid not in still_used]
    _run(sa.delete(Organisation).where(Organisation.id.in_(orphaned)))
    _run(sa.delete(LoginSession).where(LoginSession.account_id == account_id))
    _run(sa.delete(CoordinatorAssignment).where(CoordinatorAssignment.account_id == account_id))
    _run(sa.delete(Account).where(Account.id == account_id))
    db.session.expire_all()


# --------------------------------------------------------------------------- retention


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
        _run(sa.delete(HistoryEntry).where(HistoryEntry.application_id.in_(application_ids)))
        _run(sa.delete(OutboxMessage).where(OutboxMessage.application_id.in_(application_ids)))
        _run(sa.delete(Token).where(Token.application_id.in_(application_ids)))
        _run(sa.delete(ConsentRecord).where(ConsentRecord.application_id.in_(application_ids)))
        _run(
            sa.delete(application_themenkreise).where(application_themenkreise.c.application_id.in_(application_ids))
        )
        _run(
            sa.update(Membership).where(Membership.application_id.in_(application_ids)).values(application_id=None)
        )
        _run(sa.delete(Application).where(Application.id.in_(application_ids)))


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

    result.deleted_drafts = _run(sa.delete(ApplicationDraft).where(ApplicationDraft.updated_at < confirm_cutoff))
    result.deleted_mails = _run(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),
            OutboxMessage.created_at < retention_cutoff,
        )
    )
    result.ended_sessions = end_idle_login_sessions(now)
    db.session.expire_all()
    return result
