"""Private links: a registration's view/cancel link and a member's calendar feed address.

The token is the record id plus a random nonce, signed with SECRET_KEY: links can be
built again for every mail, and renewing the nonce makes old links worthless.
"""

from __future__ import annotations

import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.extensions import db
from app.models import CalendarFeed, EventRegistration

MAX_TOKEN_LENGTH = 200


def new_nonce() -> str:
    return secrets.token_hex(16)


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"teilhabe-events-{purpose}")


def registration_token(registration: EventRegistration) -> str:
    return _serializer("registration").dumps([registration.id, registration.link_nonce])


def find_registration(token: str) -> EventRegistration | None:
    """The registration a private link belongs to, or None for a wrong or renewed link."""
    found = _load("registration", token)
    if found is None:
        return None
    registration = db.session.get(EventRegistration, found[0])
    if registration is None or not secrets.compare_digest(registration.link_nonce, found[1]):
        return None
    return registration


def feed_token(feed: CalendarFeed) -> str:
    return _serializer("feed").dumps([feed.account_id, feed.nonce])


def find_feed(token: str) -> CalendarFeed | None:
    found = _load("feed", token)
    if found is None:
        return None
    feed = db.session.get(CalendarFeed, found[0])
    if feed is None or not secrets.compare_digest(feed.nonce, found[1]):
        return None
    return feed


def _load(purpose: str, token: str) -> tuple[int, str] | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = _serializer(purpose).loads(token)
    except BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
        or not 0 < value[0] < 2**31
    ):
        return None
    return value[0], value[1]
