"""Verification (issue #16): request → question → answer → accept, reject, direct attestation,
the badge line (how and until when) in the directory, on member pages and in the atlas, expiry
with a frozen clock, verified domains, reminders and the data export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from freezegun import freeze_time

from app.extensions import db
from app.models import AtlasEntry, AtlasSettings, AtlasState, Verification, VerificationEvent, VerificationState, utcnow
from tests.conftest import TEST_PASSWORD, html, login
from tests.members.conftest import deliver

BERLIN = ZoneInfo("Europe/Berlin")
REAL_CLOCK = ["asyncio", "aiosmtpd"]


def _day(days: int) -> str:
    return (datetime.now(BERLIN) + timedelta(days=days)).date().isoformat()


def _german(days: int) -> str:
    return (datetime.now(BERLIN) + timedelta(days=days)).strftime("%d.%m.%Y")


def coordinator_client(app, coordinator):
    client = app.test_client()
    login(client, coordinator.email, TEST_PASSWORD)
    return client


def badge_text(page) -> str:
    assert page.status_code == 200, page.status_code
    badge = html(page).select_one(".verification-badge")
    return badge.get_text(" ", strip=True) if badge else ""


def test_request_question_answer_accept_and_the_badge_expires(app, client, smtp, kommunen, jena, coordinator, login_as):
    login_as(jena.account)
    request_page = f"/mein-bereich/verifizierung/{jena.id}"
    assert "nicht verifiziert" in client.get(request_page).get_data(as_text=True)
    sent = client.post(request_page, data={"label": "Kommune", "text": "Ich bin die Beteiligungsbeauftragte."})
    assert sent.status_code == 302
    verification = db.session.scalar(sa.select(Verification))
    assert verification.state is VerificationState.REQUESTED
    deliver()
    assert smtp.to(coordinator.email), "the coordination is told about the request"

    coord = coordinator_client(app, coordinator)
    queue = coord.get(f"/koordination/{kommunen.slug}/verifizierung").get_data(as_text=True)
    assert "Stadt Jena" in queue and "beantragt" in queue
    detail = f"/koordination/{kommunen.slug}/verifizierung/{verification.id}"
    assert coord.post(detail + "/rueckfrage", data={"message": "Bitte nennen Sie Ihr Amt."}).status_code == 302
    deliver()
    assert "Bitte nennen Sie Ihr Amt." in smtp.text(smtp.to("haupt@jena.example")[-1])
    # The member answers on their page.
    assert client.post(request_page + "/antwort", data={"message": "Bürgerbüro, Zimmer 3"}).status_code == 302
    db.session.refresh(verification)
    assert verification.state is VerificationState.REQUESTED

    # Accepting needs a reason and a date in the future; errors show at the fields.
    refused = coord.post(detail + "/bestaetigen", data={"label": "Kommune", "reason": "", "valid_until": _day(5)})
    assert refused.status_code == 422 and html(refused).select_one("#reason-error") is not None
    past = coord.post(detail + "/bestaetigen", data={"label": "Kommune", "reason": "Geprüft", "valid_until": _day(-1)})
    assert past.status_code == 422 and "in der Zukunft" in html(past).select_one("#valid_until-error").get_text()
    accepted = coord.post(
        detail + "/bestaetigen", data={"label": "Kommune", "reason": "Im Rathaus geprüft.", "valid_until": _day(30)}
    )
    assert accepted.status_code == 302
    db.session.refresh(verification)
    assert verification.state is VerificationState.ACCEPTED and verification.decided_by_id == coordinator.id
    states = [event.state for event in db.session.scalars(sa.select(VerificationEvent).order_by(VerificationEvent.id))]
    assert states == [VerificationState.REQUESTED, VerificationState.QUESTION, VerificationState.REQUESTED,
                      VerificationState.ACCEPTED]  # fmt: skip

    line = f"Bestätigt durch die Koordination: Kommune, gültig bis {_german(30)}"
    directory = f"/netzwerke/{kommunen.slug}/verzeichnis"
    assert line in badge_text(client.get(directory))
    assert line in badge_text(client.get(f"{directory}/{jena.id}"))
    assert line in badge_text(coord.get(f"/koordination/{kommunen.slug}/mitglieder/{jena.id}"))

    # The badge is there on its last day and gone the day after – no job needed.
    with freeze_time(datetime.now(UTC) + timedelta(days=30), ignore=REAL_CLOCK):
        member = coordinator_client(app, jena.account)
        assert line in badge_text(member.get(f"{directory}/{jena.id}"))
    with freeze_time(datetime.now(UTC) + timedelta(days=31, hours=1), ignore=REAL_CLOCK):
        member, coord = coordinator_client(app, jena.account), coordinator_client(app, coordinator)
        assert badge_text(member.get(f"{directory}/{jena.id}")) == ""
        assert badge_text(member.get(directory)) == ""
        assert badge_text(coord.get(f"/koordination/{kommunen.slug}/mitglieder/{jena.id}")) == ""


def test_reject_with_reason_and_no_badge(app, client, kommunen, jena, coordinator, login_as):
    login_as(jena.account)
    client.post(f"/mein-bereich/verifizierung/{jena.id}", data={"label": "", "text": "Bitte bestätigen."})
    verification = db.session.scalar(sa.select(Verification))
    assert verification.label == "Kommune"  # the default for a municipality
    coord = coordinator_client(app, coordinator)
    detail = f"/koordination/{kommunen.slug}/verifizierung/{verification.id}"
    assert coord.post(detail + "/ablehnen", data={"reject-reason": ""}).status_code == 422
    assert coord.post(detail + "/ablehnen", data={"reject-reason": "Nicht nachvollziehbar."}).status_code == 302
    db.session.refresh(verification)
    assert verification.state is VerificationState.REJECTED
    # A decided request cannot be decided again.
    again = coord.post(detail + "/bestaetigen", data={"label": "K", "reason": "x", "valid_until": _day(10)})
    assert (
        again.status_code == 302 and db.session.get(Verification, verification.id).state is VerificationState.REJECTED
    )
    assert badge_text(client.get(f"/mein-bereich/verifizierung/{jena.id}")) == ""


def test_direct_attestation_of_an_official_role_shows_in_the_atlas(app, client, kommunen, jena, coordinator, login_as):
    coord = coordinator_client(app, coordinator)
    attest = f"/koordination/{kommunen.slug}/verifizierung/mitglied/{jena.id}"
    assert coord.get(attest).status_code == 200
    too_long = coord.post(attest, data={"label": "X", "reason": "Y", "valid_until": _day(365 * 4)})
    assert too_long.status_code == 422 and "höchstens 3 Jahre" in too_long.get_data(as_text=True)
    label = "Beteiligungsbeauftragte der Stadt Jena"
    response = coord.post(attest, data={"label": label, "reason": "Per Dienstausweis", "valid_until": _day(200)})
    assert response.status_code == 302
    db.session.add(AtlasSettings(network_id=kommunen.id, enabled=True))
    entry = AtlasEntry(
        network_id=kommunen.id, author=jena.account, title="Bürgerrat Jena", summary="Ein Bürgerrat",
        state=AtlasState.PUBLISHED, published_at=utcnow(), organiser="Stadt Jena", source_name="Stadt Jena",
    )  # fmt: skip
    db.session.add(entry)
    db.session.commit()
    page = client.get(f"/atlas/verfahren/{entry.id}")
    assert page.status_code == 200
    assert f"Bestätigt durch die Koordination: {label}, gültig bis {_german(200)}" in badge_text(page)


def test_verified_domain_verifies_contacts_automatically(app, client, kommunen, jena, coordinator):
    coord = coordinator_client(app, coordinator)
    domains = f"/koordination/{kommunen.slug}/verifizierung/domains"
    bad = coord.post(domains, data={"organisation": str(jena.organisation_id), "domain": "kein domain"})
    assert bad.status_code == 422 and html(bad).select_one("#domain-error") is not None
    assert (
        coord.post(domains, data={"organisation": str(jena.organisation_id), "domain": "@Jena.Example"}).status_code
        == 302
    )
    verification = db.session.scalar(sa.select(Verification))
    assert verification.domain == "jena.example" and verification.state is VerificationState.ACCEPTED
    today = datetime.now(BERLIN).strftime("%d.%m.%Y")
    page = coord.get(f"/koordination/{kommunen.slug}/mitglieder/{jena.id}")
    assert f"Verifiziert als Kommune – über die E-Mail-Domain jena.example, seit {today}" in badge_text(page)


def test_remind_renews_domains_and_reminds_once_before_an_attestation_expires(
    app, runner, smtp, kommunen, jena, coordinator
):
    coord = coordinator_client(app, coordinator)
    coord.post(
        f"/koordination/{kommunen.slug}/verifizierung/mitglied/{jena.id}",
        data={"label": "Kommune", "reason": "Geprüft", "valid_until": _day(20)},
    )
    result = runner.invoke(args=["verification", "remind"])
    assert "Erinnerungen verschickt: 1" in result.output
    assert "Erinnerungen verschickt: 0" in runner.invoke(args=["verification", "remind"]).output
    deliver()
    assert any("gilt noch bis" in smtp.text(m) for m in smtp.to("haupt@jena.example"))
    assert any("gilt noch bis" in smtp.text(m) for m in smtp.to(coordinator.email))


def test_verification_is_in_the_export_and_goes_with_the_account(app, client, kommunen, jena, coordinator, login_as):
    login_as(jena.account)
    client.post(f"/mein-bereich/verifizierung/{jena.id}", data={"label": "Kommune", "text": "Mein Nachweis"})
    document = client.get("/mein-bereich/daten/meine-daten.json").get_json()
    assert document["tables"]["verifications"][0]["request_text"] == "Mein Nachweis"
    assert document["tables"]["verification_events"][0]["message"] == "Mein Nachweis"
    response = client.post("/mein-bereich/konto-loeschen", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert response.status_code in (200, 302)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Verification)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VerificationEvent)) == 0


def test_domain_verification_is_rechecked_yearly(app, runner, kommunen, jena, coordinator):
    coord = coordinator_client(app, coordinator)
    domains = f"/koordination/{kommunen.slug}/verifizierung/domains"
    coord.post(domains, data={"organisation": str(jena.organisation_id), "domain": "jena.example"})
    first = db.session.scalar(sa.select(Verification))
    with freeze_time(datetime.now(UTC) + timedelta(days=345), ignore=REAL_CLOCK):
        result = runner.invoke(args=["verification", "remind"])
        assert "Domain-Verifizierungen verlängert: 1" in result.output
    renewed = db.session.scalars(sa.select(Verification).order_by(Verification.id.desc())).first()
    assert renewed.id != first.id and renewed.valid_from == first.valid_from  # "seit" stays the first date
    assert renewed.valid_until > first.valid_until + timedelta(days=300)
    # Without an address on the domain any more, nothing is renewed: the badge runs out.
    jena.account.email = "haupt@privat.example"
    db.session.commit()
    with freeze_time(datetime.now(UTC) + timedelta(days=345 + 365), ignore=REAL_CLOCK):
        result = runner.invoke(args=["verification", "remind"])
        assert "Domain-Verifizierungen verlängert: 0" in result.output
