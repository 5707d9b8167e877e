"""Finding invitations and the Themenkreise they name (for the coordination and the invitation link)."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.tokens import hash_token
from app.extensions import db
from app.models import MemberInvitation, Network, Themenkreis


def find_invitation(network: Network, invitation_id: int) -> MemberInvitation | None:
    """An invitation of this network that was not accepted (open, expired or withdrawn)."""
    invitation = db.session.get(MemberInvitation, invitation_id)
    if invitation is None or invitation.network_id != network.id or invitation.accepted_at is not None:
        return None
    return invitation


def find_by_token(token: str) -> MemberInvitation | None:
    """The open, unexpired invitation of a link; None for anything else."""
    if not token or len(token) > 128:
        return None
    invitation = db.session.scalar(sa.select(MemberInvitation).where(MemberInvitation.token_hash == hash_token(token)))
    return invitation if invitation is not None and invitation.is_open else None


def themenkreise_of(network: Network, ids: list[int]) -> list[Themenkreis]:
    return [tk for tk in network.themenkreise if tk.id in set(ids)]
