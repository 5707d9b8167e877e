"""The personal calendar feed of a member: created on demand, renewable."""

from __future__ import annotations

from app.core.outbox import external_url
from app.events.links import feed_token, new_nonce
from app.extensions import db
from app.models import Account, CalendarFeed, utcnow


def renew_feed(account: Account) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = db.session.get(CalendarFeed, account.id)
    if feed is None:
        feed = CalendarFeed(account_id=account.id, nonce=new_nonce())
        db.session.add(feed)
    else:
        feed.nonce, feed.created_at = new_nonce(), utcnow()
    db.session.flush()
    return feed


def feed_url(account: Account, *, create: bool) -> str | None:
    feed = db.session.get(CalendarFeed, account.id)
    if feed is None:
        if not create:
            return None
        feed = renew_feed(account)
    return external_url("events.personal_feed", token=feed_token(feed))
