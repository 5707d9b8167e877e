"""Setting a password revokes every other invitation and reset link of the account."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD, login

FIRST = "Ein-langer-Satz-2026"
SECOND = "Noch-ein-anderer-Satz-77"


def reset_link(client, smtp, email: str) -> str:
    client.post("/passwort-vergessen", data={"email": email}).close()  # the mail goes out after the response
    return smtp.last_link(email, contains="/passwort-zuruecksetzen/").replace("http://localhost", "")


def invitation_link(client, smtp, email: str) -> str:
    client.post(
        "/verwaltung/netzwerke/allianz/koordination", data={"email": email, "first_name": "Zoë", "last_name": "Kern"}
    )
    return smtp.last_link(email, contains="/einladung/").replace("http://localhost", "")


def set_via(client, link: str, password: str):
    return client.post(link, data={"password": password, "password_repeat": password})


def logs_in(client, email: str, password: str) -> bool:
    response = login(client, email, password, follow_redirects=False)
    client.post("/abmelden")
    return response.status_code == 302 and "/anmelden" not in response.headers["Location"]


@pytest.mark.parametrize("used", ["newer reset", "older reset"])
def test_using_one_reset_link_revokes_the_others(client, smtp, make_account, used):
    account = make_account("person@example.org")
    older, newer = reset_link(client, smtp, account.email), reset_link(client, smtp, account.email)
    first, other = (newer, older) if used == "newer reset" else (older, newer)

    assert set_via(client, first, FIRST).status_code == 302
    client.post("/abmelden")

    assert client.get(other).status_code == 404
    set_via(client, other, SECOND)
    assert logs_in(client, account.email, FIRST) and not logs_in(client, account.email, SECOND)


def test_accepting_an_invitation_revokes_an_older_invitation_and_resets(client, smtp, make_account, make_network):
    make_network(slug="allianz")
    admin = make_account("admin@example.org", admin=True)
    login(client, admin.email)
    first = invitation_link(client, smtp, "neu@example.org")
    # The coordinator is removed and invited again: a second invitation link.
    client.post("/abmelden")
    reset = reset_link(client, smtp, "neu@example.org")
    login(client, admin.email)
    second = invitation_link(client, smtp, "neu@example.org")
    client.post("/abmelden")

    assert set_via(client, second, FIRST).status_code == 302
    client.post("/abmelden")

    assert client.get(first).status_code == 404
    assert client.get(reset).status_code == 404
    set_via(client, first, SECOND)
    assert logs_in(client, "neu@example.org", FIRST)


def test_changing_the_password_revokes_outstanding_links(client, smtp, make_account):
    account = make_account("person@example.org")
    link = reset_link(client, smtp, account.email)
    login(client, account.email)
    response = client.post(
        "/passwort-aendern", data={"current_password": TEST_PASSWORD, "password": FIRST, "password_repeat": FIRST}
    )
    assert response.status_code == 302
    client.post("/abmelden")

    assert client.get(link).status_code == 404
    assert logs_in(client, account.email, FIRST)
