"""Login throttling per account: failures from several IP addresses lock the e-mail address."""

from __future__ import annotations

import html
import re

import pytest

from app.extensions import limiter
from tests.apply_support import sibling_app
from tests.conftest import TEST_PASSWORD, limits

LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche mit dieser E-Mail-Adresse."
IPS = ("198.51.100.1", "198.51.100.2", "198.51.100.3")


@pytest.fixture
def limited(app):
    """The app with rate limits on (as in production): 5 failures per address and window."""
    limited = sibling_app(
        app, RATELIMIT_ENABLED=True, RATE_LIMITS=limits(login_account="5 per 15 minutes", login_ip="60 per 5 minutes")
    )
    with limited.app_context():
        limiter.reset()
    yield limited.test_client()
    with limited.app_context():
        limiter.reset()


def attempt(client, email: str, password: str, ip: str):
    return client.post("/anmelden", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip})


def error_text(response) -> str:
    """The page's visible text with single spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def failures_from_three_addresses(client, email: str, count: int) -> list[int]:
    return [attempt(client, email, "falsch-falsch-1", IPS[n % 3]).status_code for n in range(count)]


def test_failures_from_several_addresses_lock_the_account_and_tell_the_owner_once(limited, smtp, make_account):
    owner = make_account("admin@example.org", admin=True)

    statuses = failures_from_three_addresses(limited, " Admin@Example.org ", 12)

    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 7
    # Locked: even the right password from a fresh address is refused, with a clear message.
    response = attempt(limited, "admin@example.org", TEST_PASSWORD, "203.0.113.9")
    assert response.status_code == 429
    assert LOCKED in error_text(response)
    [notice] = smtp.to(owner.email)
    assert notice["Subject"] == "Mehrere fehlgeschlagene Anmeldeversuche bei Ihrem Konto"
    text = smtp.text(notice)
    assert "15 Minuten" in text and "http://localhost/passwort-vergessen" in text


def test_unknown_addresses_are_locked_the_same_way(limited, smtp, make_account):
    make_account("admin@example.org", admin=True)
    known = failures_from_three_addresses(limited, "admin@example.org", 7)
    unknown = failures_from_three_addresses(limited, "niemand@example.org", 7)

    assert known == unknown == [200] * 5 + [429] * 2
    assert error_text(attempt(limited, "niemand@example.org", "x" * 10, IPS[0])).count(LOCKED) == 1
    assert not smtp.to("niemand@example.org")


def test_other_people_behind_the_same_address_can_still_log_in(limited, make_account):
    make_account("admin@example.org", admin=True)
    colleague = make_account("kollegin@example.org")
    failures_from_three_addresses(limited, "admin@example.org", 8)

    response = attempt(limited, colleague.email, TEST_PASSWORD, IPS[0])
    assert response.status_code == 302 and "/anmelden" not in response.headers["Location"]
