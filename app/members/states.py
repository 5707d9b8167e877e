"""The states of a member of a network as coordinators see them, and the allowed moves.

`eingeladen` is an open MemberInvitation (not yet a membership); `aktiv` and `beendet` are
memberships with and without an end date.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class MemberState(enum.Enum):
    INVITED = "invited"
    ACTIVE = "active"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            MemberState.INVITED: _l("eingeladen"),
            MemberState.ACTIVE: _l("aktiv"),
            MemberState.ENDED: _l("beendet"),
        }[self]

    @property
    def badge(self) -> str:
        return {MemberState.INVITED: "warning", MemberState.ACTIVE: "success", MemberState.ENDED: "danger"}[self]


# (from, to) -> who moves it. Anything else is refused by the domain functions.
TRANSITIONS = {
    (MemberState.INVITED, MemberState.ACTIVE): "the invited person accepts (invitations.accept)",
    (MemberState.INVITED, MemberState.ENDED): "the coordination withdraws it or it expires (invitations.cancel/purge)",
    (MemberState.ACTIVE, MemberState.ENDED): "the member leaves, the coordination ends it, or the account is deleted",
}


def allowed(source: MemberState, target: MemberState) -> bool:
    return (source, target) in TRANSITIONS
