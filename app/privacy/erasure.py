"""GDPR (DSGVO) erasure and retention: account deletion, anonymisation, `flask privacy purge`.

Which rows belong to a person is defined once, for the export and for deletion alike, in
services/privacy_export.py (person_scope). The directory search tables are derived copies
(see services/search.py); the database removes their rows with the memberships and accounts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import CursorResult

from app.auth.accounts import check_password
from app.core.errors import DomainError
from app.core.history import APPLICANT_LABEL, DELETED_ACCOUNT_LABEL, history_rewrite_allowed
from app.extensions import db
from app.members.privacy import before_account_deleted, forget_member_admin
from app.models import (
    Account,
    Application,
    ApplicationDraft,
    ApplicationState,
    AtlasEntry,
    AtlasHistory,
    AtlasState,
    CalendarFeed,
    CoordinatorAssignment,
    EventRegistration,
    HistoryEntry,
    LoginSession,
    Membership,
    Network,
    Organisation,
    OutboxMessage,
    RegistrationHistory,
    Token,
    utcnow,
)
from app.models.membership import membership_themenkreise
from app.privacy.data_export import person_scope, scalar_ids
from app.review.transitions import OPEN_STATES, Actor, change_state

ANONYMISED = "(anonymisiert)"


def run_statement(statement) -> int:
    """Execute a bulk UPDATE/DELETE; callers expire the session afterwards."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return cast("CursorResult[Any]", result).rowcount or 0


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
            sa.select(
                HistoryEntry.id, HistoryEntry.application_id, HistoryEntry.actor_id, HistoryEntry.actor_label
            ).where(HistoryEntry.application_id.in_(application_ids))
        ).all():
            values: dict[str, Any] = {"message": ""}
            if entry.actor_id is None and _mentions(entry.actor_label, people.get(entry.application_id, [])):
                values["actor_label"] = APPLICANT_LABEL
            run_statement(sa.update(HistoryEntry).where(HistoryEntry.id == entry.id).values(**values))
        run_statement(
            sa.update(OutboxMessage)
            .where(OutboxMessage.application_id.in_(application_ids))
            .values(recipient="", reply_to="", subject=ANONYMISED, body_text="", body_html="", last_error="")
        )
        run_statement(sa.delete(Token).where(Token.application_id.in_(application_ids)))
        run_statement(
            sa.update(Application)
            .where(Application.id.in_(application_ids))
            .values(
                first_name="",
                last_name=ANONYMISED,
                email="",
                phone="",
                function="",
                institution="",
                institution_normalized="",
                website="",
                street="",
                postcode="",
                city="",
                description="",
                status_token_hash=sa.literal("anonymised-") + sa.cast(Application.id, sa.String),
                account_id=None,
                anonymised_at=now,
                version=Application.version + 1,
            )
        )
    return len(application_ids)


def delete_own_account(account: Account, password: str) -> None:
    """The person deletes their own account: only with their current password."""
    if not check_password(account, password):
        raise DomainError(str(_l("Das Passwort ist nicht richtig.")), field="password")
    delete_account(account)


def withdraw_open_applications(account: Account, application_ids: list[int]) -> None:
    """A deleted person's open applications are withdrawn (with a history row), not left actionable.

    Otherwise a coordinator could still approve the anonymised application (a member without
    e-mail, listed as "(anonymisiert)") or send a question to an empty address.
    """
    for application in db.session.scalars(
        sa.select(Application)
        .where(Application.id.in_(application_ids), Application.state.in_(OPEN_STATES))
        .order_by(Application.id)
    ):
        change_state(
            application,
            ApplicationState.WITHDRAWN,
            actor=Actor.APPLICANT,
            account=account,
            message="Konto gelöscht: Antrag zurückgezogen",
        )


def delete_account(account: Account) -> None:
    """Erase a person: account, sessions, roles, memberships, tokens and mails are deleted;
    applications are anonymised; history keeps what happened, without who and what was written.

    Afterwards the e-mail address is stored nowhere (tests/test_privacy_delete.py scans every column).
    The last active admin cannot delete themselves: nobody could run the platform afterwards.
    """
    if account.is_admin and not db.session.scalar(
        sa.select(Account.id)
        .where(Account.is_admin.is_(True), Account.disabled.is_(False), Account.id != account.id)
        .limit(1)
    ):
        raise DomainError(
            str(
                _l(
                    "Sie haben als einzige Person Verwaltungsrechte. Bitte ernennen Sie zuerst eine weitere Person "
                    "zur Verwaltung (flask accounts add … --role admin), bevor Sie Ihr Konto löschen."
                )
            )
        )
    before_account_deleted(account)
    scope = person_scope(account)
    email, account_id = scope.email, scope.account_id
    needles = [email, account.display_name, f"{account.first_name} {account.last_name}".strip()]
    withdraw_open_applications(account, scope.application_ids)
    anonymise_applications(scope.application_ids)
    # A network may list the person's address as its contact; it must go too.
    run_statement(sa.update(Network).where(sa.func.lower(Network.contact_email) == email).values(contact_email=""))
    like = f"%{email}%"
    with history_rewrite_allowed():
        # History: my memberships lose their link; my own actions lose their author.
        run_statement(
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
            run_statement(sa.update(HistoryEntry).where(HistoryEntry.id == entry.id).values(**values))
    run_statement(
        sa.delete(OutboxMessage).where(
            sa.or_(
                OutboxMessage.account_id == account_id,
                OutboxMessage.application_id.in_(scope.application_ids),
                OutboxMessage.recipient == email,
                OutboxMessage.reply_to == email,
                OutboxMessage.subject.like(like),
                OutboxMessage.body_text.like(like),
                OutboxMessage.body_html.like(like),
            )
        )
    )
    # Beteiligungsatlas: drafts go; reported entries stay public without the reporter's name.
    run_statement(sa.delete(AtlasEntry).where(AtlasEntry.author_id == account_id, AtlasEntry.state == AtlasState.DRAFT))
    run_statement(
        sa.update(AtlasEntry).where(AtlasEntry.id.in_(scope.atlas_entry_ids))
        .values(source_name=DELETED_ACCOUNT_LABEL, contact=sa.func.replace(AtlasEntry.contact, email, "[entfernt]"))
    )  # fmt: skip
    run_statement(
        sa.update(AtlasHistory).where(AtlasHistory.actor_id == account_id).values(actor_label=DELETED_ACCOUNT_LABEL)
    )
    run_statement(
        sa.delete(Token).where(
            sa.or_(
                Token.account_id == account_id,
                Token.application_id.in_(scope.application_ids),
                Token.payload == email,
            )
        )
    )
    run_statement(sa.delete(ApplicationDraft).where(sa.cast(ApplicationDraft.data, sa.Text).like(like)))
    forget_member_admin(account_id, email, scope.membership_ids)
    run_statement(
        sa.delete(membership_themenkreise).where(membership_themenkreise.c.membership_id.in_(scope.membership_ids))
    )
    run_statement(sa.delete(Membership).where(Membership.account_id == account_id))
    run_statement(sa.update(Application).where(Application.assigned_to_id == account_id).values(assigned_to_id=None))
    # Organisations only this person stood for.
    still_used = set(scalar_ids(sa.select(Membership.organisation_id))) | set(
        scalar_ids(sa.select(Application.organisation_id))
    )
    orphaned = [oid for oid in scope.organisation_ids if oid not in still_used]
    run_statement(sa.delete(Organisation).where(Organisation.id.in_(orphaned)))
    # Event registrations (with their history) and the personal calendar feed; what the person
    # did as a coordinator on other people's registrations stays, without the name.
    run_statement(
        sa.delete(EventRegistration).where(
            sa.or_(EventRegistration.account_id == account_id, EventRegistration.email == email)
        )
    )
    run_statement(
        sa.update(RegistrationHistory)
        .where(RegistrationHistory.actor_id == account_id)
        .values(actor_id=None, actor_label=DELETED_ACCOUNT_LABEL)
    )
    run_statement(sa.delete(CalendarFeed).where(CalendarFeed.account_id == account_id))
    run_statement(sa.delete(LoginSession).where(LoginSession.account_id == account_id))
    run_statement(sa.delete(CoordinatorAssignment).where(CoordinatorAssignment.account_id == account_id))
    run_statement(sa.delete(Account).where(Account.id == account_id))
    db.session.expire_all()


# --------------------------------------------------------------------------- retention
