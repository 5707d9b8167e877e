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


REFLOW_PAGES = {
    None: ["/", f"/netzwerke/{ALLIANZ_SLUG}/", "/anmelden", f"/netzwerke/{ALLIANZ_SLUG}/mitglied-werden/schritt/1"],
    "member": ["/mein-bereich/", "/mein-bereich/profil", f"/netzwerke/{ALLIANZ_SLUG}/verzeichnis"],
    "coordinator": [
        "/koordination/",
        f"/koordination/{ALLIANZ_SLUG}/antraege",
        f"/koordination/{ALLIANZ_SLUG}/mitglieder",
    ],
    "admin": [
        "/verwaltung/",
        f"/verwaltung/netzwerke/{ALLIANZ_SLUG}/",
        "/verwaltung/statistik",
        f"/verwaltung/netzwerke/{ALLIANZ_SLUG}/themenkreise",
        f"/verwaltung/netzwerke/{ALLIANZ_SLUG}/koordination",
    ],
}
WIDTHS = """() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth,
    wide: [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && el.getClientRects().length)
        .filter(el => !el.closest('.kern-table-responsive'))
        .slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0]
            + ' "' + (el.innerText || '').slice(0, 30) + '"')})"""


def test_no_sideways_scrolling_at_320_px(contexts, allianz, coordinator, admin, make_member):
    """WCAG 1.4.10: 320 CSS px (= 1280 px at 400 %, and 640 px at 200 %) need no horizontal scrolling."""
    member = make_member(allianz, email="mitglied@bipar.example")
    accounts = {"member": member.account.email, "coordinator": coordinator.email, "admin": admin.email}
    too_wide = []
    for role, paths in REFLOW_PAGES.items():
        page = contexts.new(viewport=NARROW).new_page()
        if role:
            log_in(page, accounts[role])
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            widths = page.evaluate(WIDTHS)
            if widths["scroll"] > widths["viewport"]:
                too_wide.append(f"{path}: {widths['scroll']} px wide – {widths['wide']}")
    assert not too_wide, "sideways scrolling at 320 px:\n" + "\n".join(too_wide)


FOCUS_RING = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none' ? style.boxShadow : null;
    const canvas = document.createElement('canvas').getContext('2d');  // any CSS colour -> sRGB
    canvas.fillStyle = style.outlineColor;
    canvas.fillRect(0, 0, 1, 1);
    const outlineColor = 'rgb(' + [...canvas.getImageData(0, 0, 1, 1).data].slice(0, 3).join(', ') + ')';
    return {tag: el.tagName.toLowerCase(), cls: String(el.className), ring, outlineColor, shadow,
            inFooter: !!el.closest('.site-footer')};
}"""


def tab_to(page: Page, condition: str, limit: int = 200) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({condition}); }}"):
            return page.evaluate(FOCUS_RING)
    raise AssertionError(f"no focusable element matches {condition}")


def rgb(color: str) -> tuple[int, int, int]:
    numbers = color[color.index("(") + 1 : color.index(")")].replace(",", " ").split()
    return int(float(numbers[0])), int(float(numbers[1])), int(float(numbers[2]))


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    def luminance(color):
        channels = [c / 255 for c in color]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_table_scroll_region_shows_a_focus_ring(page: Page, admin):
    log_in(page, admin.email)
    page.goto("/verwaltung/")
    focused = tab_to(page, "el.classList.contains('kern-table-responsive')")
    assert focused["ring"], f"no focus ring on the table scroll region: {focused}"


def test_the_focus_ring_in_the_dark_footer_has_3_to_1_contrast(page: Page):
    page.goto("/")
    focused = tab_to(page, "el.closest('.site-footer')")
    footer = rgb(page.evaluate("() => getComputedStyle(document.querySelector('.site-footer')).backgroundColor"))
    assert focused["ring"], f"no focus ring in the footer: {focused}"
    ratio = contrast(rgb(focused["outlineColor"]), footer)
    assert ratio >= 3, f"focus ring {focused['outlineColor']} on the footer has {ratio:.2f}:1"


MEASURE = """(selector) => [...document.querySelectorAll(selector)].filter(el => el.getClientRects().length).map(el => {
    const style = getComputedStyle(el);
    const zero = document.createElement('span');
    zero.textContent = '0';
    zero.style.font = style.font;
    el.appendChild(zero);
    const ch = zero.getBoundingClientRect().width;
    zero.remove();
    return {width: el.getBoundingClientRect().width / ch,
            lineHeight: parseFloat(style.lineHeight) / parseFloat(style.fontSize),
            weight: parseInt(style.fontWeight, 10), text: el.innerText.slice(0, 40)};
})"""


def test_markdown_texts_have_a_readable_measure_and_line_height(page: Page):
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"/netzwerke/{ALLIANZ_SLUG}/")
    paragraphs = page.evaluate(MEASURE, ".prose p")
    assert paragraphs, "the network description renders paragraphs"
    for paragraph in paragraphs:
        assert paragraph["width"] <= 75, f"{paragraph['text']!r}: {paragraph['width']:.0f} characters a line"
        assert paragraph["lineHeight"] >= 1.5, f"{paragraph['text']!r}: line height {paragraph['lineHeight']:.2f}"


def test_card_titles_and_review_sub_headings_have_visible_weight(page: Page, allianz, coordinator):
    page.goto("/")
    titles = page.evaluate(MEASURE, ".network-card h2, .network-card h2 a")
    assert titles and all(title["weight"] >= 600 for title in titles), titles

    application, _ = make_application(allianz, ApplicationState.IN_REVIEW)
    log_in(page, coordinator.email)
    page.goto(f"/koordination/{ALLIANZ_SLUG}/antraege/{application.id}")
    headings = page.evaluate(MEASURE, "main h3")
    assert headings and all(heading["weight"] >= 600 for heading in headings), headings
