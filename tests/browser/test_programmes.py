"""Programme years and the seal in Chromium (issue 17): a municipality takes the last place of the
open programme year while the next one joins the waiting list, ticks a milestone, is nominated,
scored, asked a question it answers by keyboard, and awarded the seal, which shows with its year
and verification link. Every page passes the checkpoint (axe 0 violations, 375 px); the waiting
municipality works without JavaScript."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import ApplicantKind, Cohort, Network, SealCase
from tests.browser.flows import log_in
from tests.browser.helpers import MOBILE, button, by_label

pytestmark = pytest.mark.browser

SLUG = "kommunen-der-offenen-gesellschaft"


@pytest.fixture
def kommunen(app):
    return db.session.scalar(sa.select(Network).where(Network.slug == SLUG))


def test_last_place_waiting_list_milestone_and_seal(contexts, checkpoint, kommunen, make_member, make_account):
    open_year = db.session.scalars(sa.select(Cohort).order_by(Cohort.starts_on.desc())).first()
    eisenach = make_member(kommunen, email="beteiligung@eisenach.example", organisation="Stadt Eisenach",
                           kind=ApplicantKind.MUNICIPALITY)  # fmt: skip
    weimar = make_member(kommunen, email="beteiligung@weimar.example", organisation="Stadt Weimar",
                         kind=ApplicantKind.MUNICIPALITY)  # fmt: skip
    coordinator = make_account("koordination@kommunen.example", coordinates=[kommunen])

    # Eisenach takes the last place of the open year.
    member = contexts.new().new_page()
    log_in(member, eisenach.account.email)
    member.goto(f"/netzwerke/{SLUG}/")
    member.get_by_role("link", name="Methodenprogramm und Siegel für Mitglieder").click()
    expect(member.locator(".cohort", has_text=open_year.name)).to_contain_text("Noch 1 von 6 Plätzen frei.")
    checkpoint(member, "programm-mitglied")
    member.locator(".cohort", has_text=open_year.name).get_by_role(
        "button", name=re.compile("^Für diesen Durchgang bewerben")
    ).click()
    expect(member.get_by_role("status")).to_contain_text("Ihre Kommune hat einen Platz")
    by_label(member, "Erreicht am: Herausforderungen ermittelt").fill("02.03.2027")
    member.get_by_role("button", name=re.compile(r"^Abhaken\s*: Herausforderungen ermittelt")).click()
    expect(member.locator(".milestones")).to_contain_text("erreicht am 02.03.2027, abgehakt von: Kommune")
    checkpoint(member, "programm-platz-und-meilenstein")

    # Weimar comes too late, on a phone without JavaScript: the waiting list.
    late = contexts.new(java_script_enabled=False, viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    log_in(late, weimar.account.email)
    late.goto(f"/netzwerke/{SLUG}/programm")
    late.locator(".cohort", has_text=open_year.name).get_by_role(
        "button", name=re.compile("^Auf die Warteliste setzen")
    ).click()
    expect(late.get_by_role("status")).to_contain_text("Ihre Kommune steht auf der Warteliste")
    checkpoint(late, "programm-warteliste")

    # The coordination sees progress and the waiting list, nominates Eisenach, scores and awards.
    staff = contexts.new().new_page()
    log_in(staff, coordinator.email)
    staff.goto(f"/koordination/{SLUG}/programm")
    checkpoint(staff, "koordination-durchgaenge")
    staff.get_by_role("link", name=open_year.name, exact=True).click()
    expect(staff.locator("#warteliste").locator("xpath=..")).to_contain_text("Stadt Weimar")
    checkpoint(staff, "koordination-durchgang")
    staff.get_by_role("link", name="Stadt Eisenach").click()
    checkpoint(staff, "koordination-teilnahme")
    staff.goto(f"/koordination/{SLUG}/programm/neu")
    button(staff, "Speichern").click()
    expect(staff.locator("#fehlerliste")).to_be_visible()
    checkpoint(staff, "koordination-durchgang-fehler")

    staff.goto(f"/koordination/{SLUG}/siegel")
    checkpoint(staff, "koordination-siegel")
    by_label(staff, "Kommune").select_option(label="Stadt Eisenach")
    by_label(staff, "Siegel für das Jahr").fill("2027")
    button(staff, "Nominieren").click()
    expect(staff.get_by_role("status")).to_contain_text("Die Kommune wurde für das Siegel nominiert.")
    for field in staff.locator("input[name^=criterion_]").all():
        field.fill("4")
    button(staff, "Bewertung speichern").click()
    expect(staff.get_by_role("status")).to_contain_text("Ihr Bewertungsbogen wurde gespeichert.")

    # A question back (Rückfrage): the decision waits until Eisenach has answered on its page.
    by_label(staff, "Ihre Rückfrage an die Kommune").fill("Wie viele Menschen haben am Bürgerrat teilgenommen?")
    button(staff, "Rückfrage senden").click()
    expect(staff.get_by_role("status")).to_contain_text("Die Rückfrage wurde an die Kommune geschickt.")
    expect(staff.get_by_role("main")).to_contain_text("ist noch offen")
    checkpoint(staff, "koordination-siegel-rueckfrage")
    member.goto(f"/netzwerke/{SLUG}/programm")
    expect(member.locator(".seal-question")).to_contain_text("Wie viele Menschen haben am Bürgerrat teilgenommen?")
    button(member, "Antwort senden").click()
    expect(member.locator("#fehlerliste")).to_be_visible()
    checkpoint(member, "programm-rueckfrage-fehler")
    answer = by_label(member, "Ihre Antwort")
    answer.fill("Rund 120 Menschen aus allen Ortsteilen.")
    answer.press("Tab")  # keyboard only: from the answer to the button
    expect(button(member, "Antwort senden")).to_be_focused()
    member.keyboard.press("Enter")
    expect(member.get_by_role("status")).to_contain_text("Ihre Antwort ist bei der Koordination eingegangen.")
    checkpoint(member, "programm-rueckfrage-beantwortet")
    staff.reload()
    expect(staff.get_by_role("main")).to_contain_text("Rund 120 Menschen aus allen Ortsteilen.")
    staff.get_by_label("Siegel vergeben", exact=True).check()
    by_label(staff, "Gültig bis").fill("31.12.2028")
    button(staff, "Entscheidung speichern").click()
    expect(staff.get_by_role("status")).to_contain_text("Das Siegel wurde vergeben.")
    checkpoint(staff, "koordination-siegel-vergeben")

    # Anyone: the network page links the seal holders; the verification page and the graphic.
    visitor = contexts.new().new_page()
    visitor.goto(f"/netzwerke/{SLUG}/")
    visitor.get_by_role("link", name=re.compile("Siegel")).first.click()
    card = visitor.locator(".seal-holder", has_text="Stadt Eisenach")
    expect(card).to_contain_text("Siegel 2027, gültig bis 31.12.2028")
    checkpoint(visitor, "siegel-kommunen")
    card.get_by_role("link", name=re.compile("^Siegel prüfen")).click()
    expect(visitor.get_by_role("main")).to_contain_text("Dieses Siegel ist gültig.")
    checkpoint(visitor, "siegel-pruefen")
    code = db.session.scalar(sa.select(SealCase.code).where(SealCase.year == 2027))
    graphic = visitor.request.get(f"/siegel/{code}.svg")
    assert graphic.headers["content-type"].startswith("image/svg+xml") and ">2027</text>" in graphic.text()

    member.goto("/mein-bereich/")
    checkpoint(member, "mein-bereich")
    member.goto(f"/netzwerke/{SLUG}/programm")
    expect(member.get_by_role("main")).to_contain_text("Siegel 2027")
    checkpoint(member, "programm-mit-siegel")
