"""The further contacts an organisation member shows in the directory: only those who chose to be
listed, each with their own visibility choices (e-mail, phone)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Account, MembershipContact, Visibility


@dataclass(frozen=True)
class ContactProfile:
    name: str
    function: str
    email: str | None
    phone: str | None


def _shown(visibility: Visibility, value: str) -> str | None:
    return value if visibility is Visibility.MEMBERS and value else None


def listed_contacts(membership_id: int) -> list[ContactProfile]:
    rows = db.session.scalars(
        sa.select(Account)
        .join(MembershipContact, MembershipContact.account_id == Account.id)
        .where(
            MembershipContact.membership_id == membership_id,
            MembershipContact.ended_at.is_(None),
            MembershipContact.listed.is_(True),
            Account.disabled.is_(False),
        )
        .order_by(MembershipContact.since, MembershipContact.id)
    )
    return [
        ContactProfile(
            name=account.display_name,
            function=account.function,
            email=_shown(account.email_visibility, account.email),
            phone=_shown(account.phone_visibility, account.phone),
        )
        for account in rows
    ]
