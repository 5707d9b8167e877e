"""What deleting an account means for the members feature (called by services.privacy)."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.members import notifications
from app.models import (
    Account,
    ApplicantKind,
    MemberImport,
    MemberInvitation,
    MemberMessage,
    Membership,
    MembershipContact,
    invitation_themenkreise,
)


def before_account_deleted(account: Account) -> None:
    """An organisation the person spoke for keeps its membership (the longest-serving further contact
    takes over); coordinators who asked to be told learn that a member left (without who)."""
    from app.members.contacts import active_contacts, hand_over
    from app.verification.privacy import forget_account

    for membership in db.session.scalars(
        sa.select(Membership).where(
            Membership.account_id == account.id,
            Membership.ended_at.is_(None),
            Membership.kind != ApplicantKind.PERSON,
        )
    ).all():
        successors = active_contacts(membership)
        if successors:
            hand_over(membership, successors[0], account)
    db.session.execute(
        sa.delete(MembershipContact).where(
            sa.or_(MembershipContact.account_id == account.id, MembershipContact.email == account.email)
        )
    )
    forget_account(account.id)
    for membership in db.session.scalars(
        sa.select(Membership).where(Membership.account_id == account.id, Membership.ended_at.is_(None))
    ):
        notifications.tell_coordinators_member_left(membership, "deleted")


def forget_member_admin(account_id: int, email: str, membership_ids: list[int]) -> None:
    """Invitations to the person go; lists, invitations and messages they handled lose their author."""
    mine = sa.or_(MemberInvitation.email == email, MemberInvitation.membership_id.in_(membership_ids))
    ids = list(db.session.scalars(sa.select(MemberInvitation.id).where(mine)))
    if ids:
        db.session.execute(sa.delete(invitation_themenkreise).where(invitation_themenkreise.c.invitation_id.in_(ids)))
        db.session.execute(sa.delete(MemberInvitation).where(MemberInvitation.id.in_(ids)))
    # Messages stay the network's record, without the person's address.
    db.session.execute(
        sa.update(MemberMessage)
        .where(sa.or_(MemberMessage.body.contains(email, autoescape=True), MemberMessage.reply_to == email))
        .values(
            body=sa.func.replace(MemberMessage.body, email, "[entfernt]"),
            reply_to=sa.case((MemberMessage.reply_to == email, ""), else_=MemberMessage.reply_to),
        )
        .execution_options(synchronize_session=False)
    )
    for model, column in (
        (MemberInvitation, MemberInvitation.invited_by_id),
        (MemberImport, MemberImport.actor_id),
        (MemberMessage, MemberMessage.author_id),
    ):
        db.session.execute(
            sa.update(model)
            .where(column == account_id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
