"""Drafts of the multi-step application form, kept on the server.

The draft token sits in the Flask session; the values typed so far sit here, so that
"Zurück", "Ändern" and validation errors never lose input.
"""

from __future__ import annotations

import time

import sqlalchemy as sa

from app.extensions import db
from app.models import ApplicantKind, ApplicationDraft, Network


def find_draft(network: Network, token: str | None, *, for_update: bool = False) -> ApplicationDraft | None:
    """The draft of this form token; `for_update` locks its row until the transaction ends."""
    if not token:
        return None
    query = sa.select(ApplicationDraft).where(
        ApplicationDraft.token == token, ApplicationDraft.network_id == network.id
    )
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def save_draft(
    network: Network, token: str, values: dict, *, step: int, complete: bool, started: float, flagged: bool = False
) -> ApplicationDraft:
    """Merge one step's values into the draft (created on first use); flushes."""
    draft = find_draft(network, token)
    if draft is None:
        draft = ApplicationDraft(token=token, network_id=network.id, data={"values": {}, "complete": []})
        db.session.add(draft)
    data = dict(draft.data or {})
    merged = {**data.get("values", {}), **values}
    done = set(data.get("complete", []))
    if complete:
        done.add(step)
    else:
        done.discard(step)
    if step == 1 and data.get("values", {}).get("applicant_kind") != merged.get("applicant_kind"):
        done -= {2, 3}  # another kind of applicant has other fields to check
    # A new dict, so that SQLAlchemy sees the change of the JSON column.
    draft.data = {
        "values": merged,
        "complete": sorted(done),
        "started": data.get("started", started),
        "flagged": bool(data.get("flagged")) or flagged,
    }
    db.session.flush()
    return draft


def draft_kind(network: Network, draft: ApplicationDraft | None) -> ApplicantKind | None:
    kinds = network.applicant_kinds
    if len(kinds) == 1:
        return kinds[0]
    value = (draft.data or {}).get("values", {}).get("applicant_kind") if draft else None
    return ApplicantKind(value) if value in {k.value for k in kinds} else None


def looks_automated(draft: ApplicationDraft, min_fill_seconds: int, now: float | None = None) -> bool:
    """A bot, not a person: the hidden honeypot field was filled, or the form was sent too fast.

    Such a submission gets the same answer as a person's, but nothing is stored or mailed.
    """
    data = draft.data or {}
    if data.get("flagged"):
        return True
    started = data.get("started") or 0
    return (now if now is not None else time.time()) - started < min_fill_seconds
