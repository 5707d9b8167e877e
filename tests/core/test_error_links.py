"""Error-summary links (issue #12, item 21): every link leads to an element on the page that takes focus."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.models import ApplicationState
from tests.apply_support import ALLIANZ, network, page, post_step
from tests.review_support import make_application

FOCUSABLE = {"input", "select", "textarea", "button"}


def summary_links(html: str) -> tuple[BeautifulSoup, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select_one("[data-error-summary]")
    assert summary is not None, "no error summary on the page"
    return soup, [link["href"] for link in summary.select("a[href]")]


def assert_links_focus_fields(soup: BeautifulSoup, hrefs: list[str]) -> None:
    for href in hrefs:
        assert href.startswith("#"), href
        target = soup.find(id=href[1:])
        assert target is not None, f"the error summary links to {href}, which is not on the page"
        assert target.name in FOCUSABLE, f"{href} is a <{target.name}>: focus would fall to <body>"


@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0


def test_a_radio_group_error_links_to_its_first_radio(client, make_network):
    make_network(slug="netz", accepts_persons=True, accepts_organisations=True)
    response = post_step(client, "netz", 1, {})
    soup, hrefs = summary_links(page(response))

    assert "#applicant_kind-0" in hrefs
    assert soup.find(id="applicant_kind-0")["type"] == "radio"
    assert_links_focus_fields(soup, hrefs)


def test_the_bulk_result_links_to_nothing_that_is_not_there(client, demo, make_account, login_as):
    allianz = network(ALLIANZ)
    make_application(allianz, ApplicationState.IN_REVIEW)
    login_as(make_account(coordinates=[allianz]))

    response = client.post(f"/koordination/{ALLIANZ}/antraege/sammelaktion", data={"action": "in_review"})
    soup, hrefs = summary_links(page(response))

    assert "Bitte wählen Sie mindestens einen Antrag aus." in soup.select_one("[data-error-summary]").get_text()
    assert_links_focus_fields(soup, hrefs)


def test_the_queue_forms_default_button_sends_no_action(client, demo, make_account, login_as):
    """Without JavaScript, Enter in a ticked row checkbox submits with the form's first submit button."""
    allianz = network(ALLIANZ)
    make_application(allianz, ApplicationState.IN_REVIEW)
    login_as(make_account(coordinates=[allianz]))

    soup = BeautifulSoup(page(client.get(f"/koordination/{ALLIANZ}/antraege")), "html.parser")
    form = soup.find("form", action=f"/koordination/{ALLIANZ}/antraege/sammelaktion")
    first = form.find(lambda tag: tag.get("type") == "submit")
    assert first.has_attr("hidden") and first["name"] == "action" and first["value"] == ""

    ticked = make_application(allianz, ApplicationState.IN_REVIEW)[0]
    response = client.post(
        f"/koordination/{ALLIANZ}/antraege/sammelaktion",
        data={"csrf_token": "", "application_ids": str(ticked.id), "action": ""},
    )
    assert response.status_code in (200, 400)
    assert "Bitte wählen Sie eine Aktion." in page(response)
    db.session.refresh(ticked)
    assert ticked.state is ApplicationState.IN_REVIEW
