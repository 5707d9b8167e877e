"""Accounts: passwords (argon2id), login sessions, roles, reset and invitation links."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth import notifications
from app.auth.passwords import check_new_password
from app.auth.sessions import end_all_login_sessions, end_other_login_sessions
from app.core.errors import DomainError
from app.core.tokens import (
    consume_token,
    find_token,
    issue_token,
    token_is_usable,
)
from app.extensions import db
from app.models import Account, CoordinatorAssignment, Network, Token, TokenPurpose, utcnow

LINK_INVALID_MESSAGE = _l("Dieser Link ist nicht mehr gültig: Er wurde bereits verwendet oder ist abgelaufen.")

# A hash to verify against when the account does not exist, so that timing
# does not reveal which e-mail addresses have accounts.
_DUMMY_HASH: dict[tuple[int, int], str] = {}


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _hasher() -> PasswordHasher:
    memory_cost = current_app.config["ARGON2_MEMORY_COST"]
    return PasswordHasher(
        time_cost=current_app.config["ARGON2_TIME_COST"],
        memory_cost=memory_cost,
        # argon2 needs at least 8 KiB per lane: the tiny test settings use one lane.
        parallelism=max(1, min(4, memory_cost // 8)),
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher().hash(password)


def check_password(account: Account | None, password: str) -> bool:
    """True if the password matches; spends the same time when there is no account."""
    hasher = _hasher()
    if account is None or not account.password_hash:
        key = (hasher.time_cost, hasher.memory_cost)
        if key not in _DUMMY_HASH:
            _DUMMY_HASH[key] = hasher.hash("dummy-password-for-timing")
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASH[key], password)
        return False
    try:
        hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)
    return True


def find_account_by_email(email: str) -> Account | None:
    return db.session.scalar(sa.select(Account).where(Account.email == normalise_email(email)))


# --------------------------------------------------------------------------- accounts and roles


def create_account(
    email: str,
    password: str | None = None,
    *,
    admin: bool = False,
    networks: list[Network] | tuple[Network, ...] = (),
    **profile,
) -> Account:
    """Create an account (optionally admin / coordinator of networks); flushes.

    Raises DomainError when the address is taken or the password breaks a rule.
    """
    try:
        email = validate_email(normalise_email(email), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError(str(_l("Bitte geben Sie eine gültige E-Mail-Adresse an.")), field="email") from error
    if find_account_by_email(email) is not None:
        raise DomainError(str(_l("Es gibt bereits ein Konto mit dieser E-Mail-Adresse.")), field="email")
    account = Account(email=email, is_admin=admin, **profile)
    if password is not None:
        check_new_password(password, email)
        account.password_hash = hash_password(password)
        account.password_changed_at = utcnow()
    db.session.add(account)
    db.session.flush()
    for network in networks:
        assign_coordinator(account, network)
    return account


def assign_coordinator(account: Account, network: Network) -> bool:
    """Make the account a coordinator of the network; False if it already was."""
    if db.session.get(CoordinatorAssignment, (account.id, network.id)) is not None:
        return False
    db.session.add(CoordinatorAssignment(account_id=account.id, network_id=network.id))
    db.session.flush()
    return True


def list_accounts() -> list[Account]:
    """All accounts with their coordinated networks, admins first, then by e-mail."""
    return list(
        db.session.scalars(
            sa.select(Account)
            .options(selectinload(Account.coordinated_networks))
            .order_by(Account.is_admin.desc(), Account.email)
        )
    )


def authenticate(email: str, password: str) -> Account | None:
    """The account for these credentials, or None (same answer and time for unknown addresses)."""
    account = find_account_by_email(email)
    if account is None or not check_password(account, password or "") or account.disabled:
        return None
    return account


def set_password(account: Account, password: str, field: str = "password") -> None:
    """Check the rules and store a new argon2id hash; flushes."""
    check_new_password(password, account.email, field=field)
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    revoke_password_links(account)
    db.session.flush()


def revoke_password_links(account: Account) -> None:
    """Invalidate every outstanding invitation and reset link of the account.

    Once a password is set, an older link must not overwrite it (and log the owner out).
    """
    db.session.execute(
        sa.update(Token)
        .where(
            Token.account_id == account.id,
            Token.purpose.in_((TokenPurpose.INVITATION, TokenPurpose.PASSWORD_RESET)),
            Token.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def change_password(account: Account, current_password: str, new_password: str, keep_token: str | None) -> None:
    """Change the password of a logged-in account and end its other sessions."""
    if not check_password(account, current_password or ""):
        raise DomainError(str(_l("Das aktuelle Passwort ist nicht richtig.")), field="current_password")
    if current_password == new_password:
        raise DomainError(str(_l("Das neue Passwort muss sich vom bisherigen unterscheiden.")), field="password")
    set_password(account, new_password)
    end_other_login_sessions(account, keep_token)


# --------------------------------------------------------------------------- reset and invitation links


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account has this address; silently nothing otherwise."""
    account = find_account_by_email(email)
    if account is None or account.disabled:
        return
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    token = issue_token(TokenPurpose.PASSWORD_RESET, timedelta(hours=hours), account_id=account.id)
    notifications.mail_password_reset(account, token, hours)


def issue_invitation(account: Account) -> str:
    """A single-use link token to set a password, valid INVITATION_TOKEN_DAYS."""
    days = current_app.config["INVITATION_TOKEN_DAYS"]
    return issue_token(TokenPurpose.INVITATION, timedelta(days=days), account_id=account.id)


def account_for_link(purpose: TokenPurpose, token: str) -> Account | None:
    """The account of a usable (unused, unexpired) reset or invitation link."""
    row = find_token(purpose, token)
    if not token_is_usable(row) or row.account_id is None:
        return None
    account = db.session.get(Account, row.account_id)
    return account if account is not None and not account.disabled else None


def set_password_from_link(purpose: TokenPurpose, token: str, password: str) -> Account:
    """Use a reset or invitation link once: set the password and end all sessions of the account."""
    row = find_token(purpose, token)
    account = account_for_link(purpose, token)
    if account is None:
        raise DomainError(str(LINK_INVALID_MESSAGE))
    check_new_password(password, account.email)
    if row is None or not consume_token(row):  # used in another tab a moment ago
        raise DomainError(str(LINK_INVALID_MESSAGE))
    set_password(account, password)
    end_all_login_sessions(account)
    return account


def grant_roles(
    account: Account, *, admin: bool = False, networks: list[Network] | tuple[Network, ...] = ()
) -> list[str]:
    """Give an existing account the admin role and/or coordinator roles; returns what changed."""
    changes = []
    if admin and not account.is_admin:
        account.is_admin = True
        changes.append("admin")
    for network in networks:
        if assign_coordinator(account, network):
            changes.append(network.slug)
    db.session.flush()
    return changes
