"""Login, logout, sessions, rate limit, password reset, invitations, password change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app import create_app
from app.auth.accounts import issue_invitation
from app.extensions import db, limiter
from app.models import Account, LoginSession, Token, TokenPurpose, utcnow
from config import TestConfig
from tests.conftest import TEST_PASSWORD, IsolatedClient, login

NEW_PASSWORD = "Ein-langer-Satz-2026"


def session_count(account: Account) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(LoginSession).where(LoginSession.account_id == account.id)
    )


def logs_in(client, email: str, password: str = TEST_PASSWORD) -> bool:
    """Post the login form; True when it logged in (redirect away from the login page)."""
    response = login(client, email, password, follow_redirects=False)
    return response.status_code == 302 and not response.headers["Location"].startswith("/anmelden")


def second_client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


# --------------------------------------------------------------------------- login and logout


def test_login_page_has_labelled_fields_and_button(client):
    page = client.get("/anmelden").get_data(as_text=True)
    assert '<label class="kern-label" for="email">E-Mail' in page
    assert '<label class="kern-label" for="password">Passwort' in page
    assert 'name="email"' in page and 'name="password"' in page
    assert re.search(
        r'<button class="kern-btn kern-btn--primary" type="submit">\s*'
        r'<span class="kern-label">Anmelden</span>',
        page,
    )
    assert 'autocomplete="current-password"' in page


def test_header_shows_login_link_then_logout(client, make_account):
    account = make_account()
    assert 'href="/anmelden"' in client.get("/").get_data(as_text=True)

    assert logs_in(client, account.email)

    page = client.get("/").get_data(as_text=True)
    assert "Sie sind angemeldet." in page
    assert "Abmelden" in page and 'href="/anmelden"' not in page
    assert session_count(account) == 1
    assert db.session.get(Account, account.id).last_login_at is not None


@pytest.mark.parametrize(
    "email, password",
    [
        ("kim@example.org", "falsches-passwort"),
        ("niemand@example.org", TEST_PASSWORD),
    ],
)
def test_wrong_password_and_unknown_account_get_the_same_answer(client, make_account, email, password):
    make_account(email="kim@example.org")

    response = client.post("/anmelden", data={"email": email, "password": password})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort sind nicht richtig." in page
    assert f'value="{email}"' in page  # typed input is kept
    assert password not in page  # but never the password
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0


def test_login_is_case_insensitive_for_the_email(client, make_account):
    account = make_account(email="kim.muster@example.org")
    assert logs_in(client, "  Kim.Muster@Example.ORG ")
    assert session_count(account) == 1


def test_empty_login_form_shows_errors_at_the_fields(client):
    page = client.post("/anmelden", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Bitte geben Sie Ihre E-Mail-Adresse an." in page
    assert "Bitte geben Sie Ihr Passwort an." in page
    assert 'aria-invalid="true"' in page


def test_disabled_account_cannot_log_in(client, make_account):
    account = make_account(disabled=True)
    page = login(client, account.email, follow_redirects=False).get_data(as_text=True)
    assert "E-Mail-Adresse oder Passwort sind nicht richtig." in page


def test_login_starts_a_fresh_session_but_keeps_the_language(client, make_account):
    account = make_account()
    with client.session_transaction() as flask_session:
        flask_session["planted"] = "by-attacker"
        flask_session["lang"] = "de"

    assert logs_in(client, account.email)

    with client.session_transaction() as flask_session:
        assert "planted" not in flask_session
        assert flask_session["lang"] == "de"


def test_each_login_creates_its_own_server_side_session(app, client, make_account):
    account = make_account()
    other = second_client(app)
    assert logs_in(client, account.email)
    assert logs_in(other, account.email)
    assert session_count(account) == 2


def test_logout_ends_the_session_and_a_copied_cookie_is_refused(app, client, make_account):
    account = make_account()
    assert logs_in(client, account.email)
    stolen = client.get_cookie("session").value
    thief = second_client(app)
    thief.set_cookie("session", stolen)
    assert thief.get("/passwort-aendern").status_code == 200  # the copy works while logged in

    page = client.post("/abmelden", follow_redirects=True).get_data(as_text=True)

    assert "Sie sind abgemeldet." in page
    assert session_count(account) == 0
    response = thief.get("/passwort-aendern")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/anmelden")


def test_logout_needs_post(client, make_account):
    assert logs_in(client, make_account().email)
    assert client.get("/abmelden").status_code == 405


def test_protected_page_redirects_to_login_with_next_and_back(client, make_account):
    account = make_account()
    response = client.get("/passwort-aendern")
    assert response.status_code == 302
    assert response.headers["Location"] == "/anmelden?next=%2Fpasswort-aendern"

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="/passwort-aendern"' in page
    response = client.post(
        "/anmelden", data={"email": account.email, "password": TEST_PASSWORD, "next": "/passwort-aendern"}
    )
    assert response.headers["Location"] == "/passwort-aendern"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "evil"])
def test_only_relative_next_urls_are_followed(client, make_account, target):
    account = make_account()
    response = client.post("/anmelden", data={"email": account.email, "password": TEST_PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/mein-bereich/"


def test_coordinator_lands_on_the_review_overview(client, make_account, make_network):
    account = make_account(coordinates=[make_network()])
    response = client.post("/anmelden", data={"email": account.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/koordination/"


def test_login_is_rate_limited_per_address(smtp_server, tmp_path):
    app = create_app(
        TestConfig,
        RATELIMIT_ENABLED=True,
        RATE_LIMITS={**TestConfig.RATE_LIMITS, "login_ip": "10 per 5 minutes"},
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'ratelimit.sqlite3'}",
    )
    with app.app_context():
        db.create_all()
        limiter.reset()
        client = app.test_client()
        statuses = [
            client.post("/anmelden", data={"email": f"x{n}@example.org", "password": "falsch-falsch"}).status_code
            for n in range(11)
        ]
        assert statuses[:10] == [200] * 10
        assert statuses[10] == 429
        assert "Zu viele Anfragen" in client.post("/anmelden", data={}).get_data(as_text=True)
        assert client.get("/anmelden").status_code == 200  # reading the page is not limited
        db.session.remove()
        db.engine.dispose()


# --------------------------------------------------------------------------- password reset


def test_password_reset_by_mail(app, client, smtp, make_account):
    account = make_account(email="kim@example.org")
    other_browser = second_client(app)
    assert logs_in(other_browser, account.email)

    page = client.post("/passwort-vergessen", data={"email": "Kim@Example.org"}, follow_redirects=True)

    assert "Wenn es ein Konto mit dieser E-Mail-Adresse gibt" in page.get_data(as_text=True)
    [mail] = smtp.to("kim@example.org")
    assert mail["Subject"] == "Passwort zurücksetzen"
    link = smtp.last_link("kim@example.org", contains="/passwort-zuruecksetzen/")
    assert "2 Stunden gültig" in smtp.text(mail)

    assert "Neues Passwort festlegen" in client.get(link).get_data(as_text=True)
    client.post(link, data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})

    assert "Ihr neues Passwort ist gespeichert" in client.get("/").get_data(as_text=True)
    # All other sessions ended; the new one is the only one.
    assert session_count(account) == 1
    assert other_browser.get("/passwort-aendern").status_code == 302
    # Old password refused, new one works; the link is single-use.
    fresh = second_client(app)
    assert not logs_in(fresh, account.email, TEST_PASSWORD)
    assert logs_in(fresh, account.email, NEW_PASSWORD)
    response = client.get(link)
    assert response.status_code == 404
    assert "Link nicht mehr gültig" in response.get_data(as_text=True)


def test_reset_for_unknown_address_answers_the_same_and_sends_nothing(client, smtp, make_account):
    make_account(email="kim@example.org")
    known = client.post("/passwort-vergessen", data={"email": "kim@example.org"}, follow_redirects=True)
    unknown = client.post("/passwort-vergessen", data={"email": "wer@example.org"}, follow_redirects=True)

    def message(response):
        return response.get_data(as_text=True).split('role="status"')[1].split("</div>")[0]

    assert message(known) == message(unknown)
    assert smtp.to("wer@example.org") == []
    assert len(smtp.to("kim@example.org")) == 1


def test_reset_request_validates_the_address(client, smtp):
    page = client.post("/passwort-vergessen", data={"email": "kein-at"}).get_data(as_text=True)
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in page
    assert smtp.messages == []


def test_expired_reset_link_is_refused(client, smtp, make_account):
    make_account(email="kim@example.org")
    client.post("/passwort-vergessen", data={"email": "kim@example.org"}).close()  # sent after the response
    link = smtp.last_link("kim@example.org", contains="/passwort-zuruecksetzen/")
    db.session.execute(sa.update(Token).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()

    response = client.post(link, data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})

    assert response.status_code == 404
    assert "Link nicht mehr gültig" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "password, repeat, message",
    [
        ("kurz", "kurz", "mindestens 8 Zeichen"),
        ("x" * 30 + "y" * 35, "x" * 30 + "y" * 35, "höchstens 64 Zeichen"),
        ("Passwort123", "Passwort123", "zu verbreitet"),
        ("kim@example.org", "kim@example.org", "nicht Ihre E-Mail-Adresse"),
        ("aaaaaaaaaaab", "aaaaaaaaaaab", "zu wenigen verschiedenen Zeichen"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "stimmen nicht überein"),
    ],
)
def test_password_rules_are_shown_at_the_field(client, make_account, password, repeat, message):
    account = make_account(email="kim@example.org", password=None)
    token = issue_invitation(account)
    db.session.commit()

    response = client.post(f"/einladung/{token}", data={"password": password, "password_repeat": repeat})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'id="password-error"' in page or 'id="password_repeat-error"' in page
    assert db.session.get(Account, account.id).password_hash is None
    # The link is still usable after a refused password.
    assert client.get(f"/einladung/{token}").status_code == 200


# --------------------------------------------------------------------------- invitation


def test_invitation_link_sets_password_logs_in_and_is_single_use(client, make_account):
    account = make_account(email="neu@example.org", password=None)
    token = issue_invitation(account)
    db.session.commit()
    page = client.get(f"/einladung/{token}").get_data(as_text=True)
    assert "neu@example.org" in page and 'autocomplete="new-password"' in page

    client.post(f"/einladung/{token}", data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})

    assert "Ihr Passwort ist gespeichert und Sie sind angemeldet" in client.get("/").get_data(as_text=True)
    assert session_count(account) == 1
    assert db.session.get(Account, account.id).password_changed_at is not None
    assert client.get(f"/einladung/{token}").status_code == 404
    client.post("/abmelden")
    assert logs_in(client, "neu@example.org", NEW_PASSWORD)


def test_invitation_link_expires_after_configured_days(app, client, make_account):
    account = make_account(password=None)
    token = issue_invitation(account)
    db.session.commit()
    row = db.session.scalar(sa.select(Token).where(Token.purpose == TokenPurpose.INVITATION))
    lifetime = row.expires_at - row.created_at
    assert timedelta(days=app.config["INVITATION_TOKEN_DAYS"]) - lifetime < timedelta(seconds=5)

    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    assert client.get(f"/einladung/{token}").status_code == 404


@pytest.mark.parametrize("token", ["unsinn", "x" * 300])
def test_unknown_links_are_404(client, token):
    assert client.get(f"/einladung/{token}").status_code == 404
    assert client.get(f"/passwort-zuruecksetzen/{token}").status_code == 404


# --------------------------------------------------------------------------- change password


def test_change_password_ends_other_sessions_but_keeps_this_one(app, client, make_account):
    account = make_account()
    other = second_client(app)
    assert logs_in(client, account.email)
    assert logs_in(other, account.email)

    client.post(
        "/passwort-aendern",
        data={
            "current_password": TEST_PASSWORD,
            "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD,
        },
    )

    assert "Ihr Passwort wurde geändert" in client.get("/").get_data(as_text=True)
    assert session_count(account) == 1
    assert client.get("/passwort-aendern").status_code == 200
    assert other.get("/passwort-aendern").status_code == 302


def test_change_password_needs_the_current_password(client, make_account):
    account = make_account()
    assert logs_in(client, account.email)

    page = client.post(
        "/passwort-aendern",
        data={
            "current_password": "falsch",
            "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD,
        },
    ).get_data(as_text=True)

    assert "Das aktuelle Passwort ist nicht richtig." in page
    client.post("/abmelden")
    assert logs_in(client, account.email, TEST_PASSWORD)


def test_a_login_unused_for_the_idle_period_ends(app, client, make_account, runner):
    account = make_account()
    assert logs_in(client, account.email)
    assert client.get("/passwort-aendern").status_code == 200
    idle = timedelta(days=app.config["LOGIN_SESSION_IDLE_DAYS"], minutes=1)
    db.session.execute(sa.update(LoginSession).values(last_seen_at=utcnow() - idle))
    db.session.commit()

    response = client.get("/passwort-aendern")

    assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden")
    assert session_count(account) == 0


def test_privacy_purge_removes_idle_login_sessions_but_keeps_active_ones(app, client, make_account, runner):
    idle_account, active_account = make_account(), make_account()
    assert logs_in(client, idle_account.email)
    assert logs_in(second_client(app), active_account.email)
    idle = timedelta(days=app.config["LOGIN_SESSION_IDLE_DAYS"], minutes=1)
    db.session.execute(
        sa.update(LoginSession).where(LoginSession.account_id == idle_account.id).values(last_seen_at=utcnow() - idle)
    )
    db.session.commit()

    result = runner.invoke(args=["privacy", "purge"])

    assert "Abgelaufene Anmeldungen beendet: 1." in result.output
    assert session_count(idle_account) == 0
    assert session_count(active_account) == 1
