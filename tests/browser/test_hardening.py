"""Issue #12, items 19–21 in Chromium: error links take focus, Enter does not start a bulk action,
pages reflow at 320 px, scroll regions and footer links show a visible focus ring."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import ApplicationState, Network
from tests.browser.flows import ALLIANZ_SLUG, log_in
from tests.review_support import make_application

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def allianz(app):
    return db.session.scalar(sa.select(Network).where(Network.slug == ALLIANZ_SLUG))


@pytest.fixture
def coordinator(allianz, make_account):
    return make_account("koordination@bipar.example", coordinates=[allianz])


@pytest.fixture
def admin(make_account):
    return make_account("verwaltung@bipar.example", admin=True)


def test_a_radio_group_error_link_focuses_the_first_radio(page: Page, make_network):
    make_network(slug="zwei-arten", accepts_persons=True, accepts_organisations=True)
    page.goto("/netzwerke/zwei-arten/mitglied-werden/schritt/1")
    page.get_by_role("button", name="Weiter").click()

    link = page.locator("[data-error-summary] a[href='#applicant_kind-0']")
    link.click()
    expect(page.locator("#applicant_kind-0")).to_be_focused()


def test_enter_on_a_ticked_row_checkbox_starts_no_bulk_action(page: Page, allianz, coordinator):
    application, _ = make_application(allianz, ApplicationState.IN_REVIEW)
    log_in(page, coordinator.email)
    page.goto(f"/koordination/{ALLIANZ_SLUG}/antraege")
    checkbox = page.locator(f"#auswahl-{application.id}")
    checkbox.check()
    checkbox.press("Enter")
    page.wait_for_timeout(300)  # a submission would navigate; give it the chance to
    assert page.url.endswith(f"/koordination/{ALLIANZ_SLUG}/antraege")
    expect(checkbox).to_be_checked()
