"""Messages to members: the count and a preview come first, addresses never; only active members
of the segment; Reply-To; one outbox row per recipient (bulk, not sent in the request); the
one-click unsubscribe (link and List-Unsubscribe header) and its undo; the archive's counts."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.members.invitations import invite_many
from app.models import MemberMessage, Membership, OutboxMessage, OutboxStatus
from tests.conftest import TEST_PASSWORD, login
from tests.members.conftest import deliver

COMPOSE = "/koordination/allianz/nachrichten/neu"


@pytest.fixture
def members(network, make_member, coordinator):
    tk = {t.name: t for t in network.themenkreise}
    made = [
        make_member(network, email=f"t{n}@example.org", last_name=f"Transparent{n}", themenkreise=[tk["Transparenz"]])
        for n in range(3)
    ]
    made.append(make_member(network, email="q@example.org", themenkreise=[tk["Qualität"]]))
    ended = make_member(network, email="ended@example.org", themenkreise=[tk["Transparenz"]])
    ended.ended_at = ended.started_at
    invite_many(
        network,
        [{"email": "invited@example.org", "last_name": "Eingeladen", "themenkreis_ids": [tk["Transparenz"].id]}],
        coordinator,
    )
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    return made


def message(**values):
    data = {
        "segment": "tk:1",
        "reply_to": "network",
        "subject": "Treffen im Themenkreis",
        "body": "Liebe Mitglieder,\n\n**Einladung** zum Treffen. <script>alert(1)</script>",
        "action": "preview",
    }
    data.update(values)
    return data


def test_count_and_preview_first_then_queued_for_the_segment(client, login_as, coordinator, members, smtp):
    login_as(coordinator)
    preview = client.post(COMPOSE, data=message())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 Empfänger*innen" in page and "Themenkreis: Transparenz" in page
    assert "<strong>Einladung</strong>" in page and "<script>alert(1)" not in page
    assert "@example.org" not in page  # never the addresses
    assert 'value="send"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberMessage)) == 0

    response = client.post(COMPOSE, data=message(action="send", expected="3"))
    assert response.status_code == 302
    rows = db.session.scalars(sa.select(OutboxMessage)).all()
    assert sorted(r.recipient for r in rows) == ["t0@example.org", "t1@example.org", "t2@example.org"]
    assert all(r.status is OutboxStatus.PENDING for r in rows) and smtp.messages == []  # not sent in the request
    archive = client.get("/koordination/allianz/nachrichten").get_data(as_text=True)
    assert "Treffen im Themenkreis" in archive

    deliver()
    assert len(smtp.messages) == 3
    mail = smtp.to("t0@example.org")[0]
    assert mail["Reply-To"] == "kontakt@allianz.example"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Keine Rundschreiben mehr von diesem Netzwerk" in smtp.text(mail)
    assert "<strong>Einladung</strong>" in smtp.html(mail) and "<script>" not in smtp.html(mail)
    item = db.session.scalars(sa.select(MemberMessage)).one()
    detail = client.get(f"/koordination/allianz/nachrichten/{item.id}").get_data(as_text=True)
    assert re.search(r"Gesendet</dt>\s*<dd[^>]*>3</dd>", detail)


def test_send_without_the_count_seen_is_refused(client, login_as, coordinator, members, make_member, network):
    login_as(coordinator)
    client.post(COMPOSE, data=message())
    make_member(network, email="late@example.org", themenkreise=[network.themenkreise[0]])
    page = client.post(COMPOSE, data=message(action="send", expected="3")).get_data(as_text=True)
    assert "Die Zahl der Empfänger*innen hat sich geändert (jetzt 4)" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_reply_to_the_coordinator_and_whole_network(client, login_as, coordinator, members, smtp):
    login_as(coordinator)
    page = client.post(COMPOSE, data=message(segment="all:", reply_to="me")).get_data(as_text=True)
    assert "4 Empfänger*innen" in page  # never invited or ended people
    client.post(COMPOSE, data=message(segment="all:", reply_to="me", action="send", expected="4"))
    deliver()
    assert {m["Reply-To"] for m in smtp.messages} == {coordinator.email}
    assert smtp.to("ended@example.org") == [] and smtp.to("invited@example.org") == []


def test_unsubscribe_without_login_and_undo_in_my_area(client, login_as, coordinator, members, smtp):
    login_as(coordinator)
    client.post(COMPOSE, data=message(action="send", expected="3"))
    deliver()
    client.post("/abmelden")
    mail = smtp.to("t0@example.org")[0]
    link = smtp.last_link("t0@example.org", "/rundschreiben/abbestellen/")
    assert mail["List-Unsubscribe"].strip() == f"<{link}>"
    path = link.removeprefix("http://localhost")
    assert "Keine Rundschreiben mehr von diesem Netzwerk" in client.get(path).get_data(as_text=True)
    assert client.post(path).status_code == 200  # what a mail program's one-click POST does
    membership = members[0]
    db.session.refresh(membership)
    assert membership.messages_opt_out
    assert client.get(path[:-3] + "xyz").status_code == 404  # a forged token

    login_as(coordinator)
    client.post(COMPOSE, data=message(action="send", expected="2"))
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.recipient == "t0@example.org")
        )
        == 1
    )
    client.post("/abmelden")

    login(client, "t0@example.org", TEST_PASSWORD)
    page = client.get("/mein-bereich/rundschreiben").get_data(as_text=True)
    assert "abbestellt" in page
    client.post("/mein-bereich/rundschreiben", data={"membership": str(membership.id), "receive": "1"})
    db.session.refresh(membership)
    assert not membership.messages_opt_out
    other = db.session.scalars(sa.select(Membership).where(Membership.id != membership.id)).first()
    assert (
        client.post("/mein-bereich/rundschreiben", data={"membership": str(other.id), "receive": "0"}).status_code
        == 404
    )


def test_two_thousand_recipients_are_one_short_request(client, login_as, coordinator, network):
    from app.models import Account

    accounts = [{"email": f"m{n}@example.org", "last_name": f"M{n}"} for n in range(2000)]
    db.session.execute(sa.insert(Account), accounts)
    ids = db.session.scalars(sa.select(Account.id).where(Account.email.like("m%@example.org"))).all()
    db.session.execute(sa.insert(Membership), [{"network_id": network.id, "account_id": i} for i in ids])
    db.session.commit()
    login_as(coordinator)
    page = client.post(COMPOSE, data=message(segment="all:")).get_data(as_text=True)
    assert "2000 Empfänger*innen" in page
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.post(COMPOSE, data=message(segment="all:", action="send", expected="2000")).status_code == 302
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2000
    assert len(statements) < 40  # one bulk insert, not one statement per recipient


def test_empty_segment_and_bad_input(client, login_as, coordinator, members):
    login_as(coordinator)
    page = client.post(COMPOSE, data=message(segment="lg:2")).get_data(as_text=True)
    assert "0 Empfänger*innen" in page and 'value="send"' not in page
    page = client.post(COMPOSE, data=message(segment="tk:999")).get_data(as_text=True)
    assert "Bitte wählen Sie, wer die Nachricht bekommt." in page
    page = client.post(COMPOSE, data=message(subject="")).get_data(as_text=True)
    assert "Bitte geben Sie einen Betreff an." in page
    assert client.get("/koordination/allianz/nachrichten/99999999999").status_code == 404
