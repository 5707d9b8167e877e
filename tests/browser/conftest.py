"""Fixtures for real-browser tests: system Chromium via Playwright, the app on a live server.

Chromium is the Debian package (/usr/bin/chromium, or CHROMIUM_PATH); Playwright never
downloads a browser here. Without Chromium the tests are left out with one summary line,
except when CI=true, where a missing browser is an error.

One browser per session, a fresh context (cookies, viewport) per test. One live server per
database backend; every test starts from empty tables plus `flask seed-demo`. The fixture
`app` is overridden so the factories of tests/conftest.py (make_account, make_member ...)
write into the live server's database.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.extensions import db
from tests.browser.helpers import (
    DESKTOP,
    MOBILE,
    SCREENSHOTS,
    axe_violations,
    axe_violations_without_javascript,
    format_violations,
    watch_console,
)
from tests.browser.live_server import (
    LiveServer,
    browser_database_url,
    drop_browser_database,
    reset_and_seed,
    start_live_server,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Success messages must be announced politely: inside a role=status (live) region.
SUCCESS_OUTSIDE_STATUS = """() => [...document.querySelectorAll('.kern-alert--success')]
    .filter(el => !el.closest('[role=status]')).map(el => el.innerText.trim().slice(0, 80))"""
# Elements that stick out to the right of the screen (sideways scrolling on a phone).
WIDER_THAN_VIEWPORT = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
        .filter(el => !el.closest('.visually-hidden, .honeypot, .skip-link, .kern-table-responsive'))
        .slice(0, 5)
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
}"""
SKIP_REASON = "Chromium not installed (apt-get install chromium): browser tests skipped"


BROWSER_TESTS = Path(__file__).resolve().parent
skipped_browser_tests = pytest.StashKey[int]()


def chromium_installed() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def pytest_collection_modifyitems(config, items) -> None:
    """Without Chromium (and outside CI) leave the browser tests out, reported in one line."""
    if chromium_installed() or in_ci():
        return
    left_out = [item for item in items if BROWSER_TESTS in item.path.parents]
    if left_out:
        ids = {id(item) for item in left_out}
        items[:] = [item for item in items if id(item) not in ids]
        config.hook.pytest_deselected(items=left_out)
        config.stash[skipped_browser_tests] = len(left_out)


def pytest_terminal_summary(terminalreporter, config) -> None:
    count = config.stash.get(skipped_browser_tests, 0)
    if count:
        terminalreporter.write_line(f"SKIPPED {count} browser tests: {SKIP_REASON}", yellow=True, bold=True)


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    """In CI (CI=true) a missing browser fails every browser test instead of skipping it."""
    if not chromium_installed():
        pytest.fail(f"{SKIP_REASON} – but CI=true requires them: install chromium", pytrace=False)


@pytest.fixture(scope="session")
def browser(_require_chromium) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_server(_require_chromium, backend: str, smtp_server, tmp_path_factory) -> Iterator[LiveServer]:
    url = browser_database_url(backend, tmp_path_factory)
    live = start_live_server(backend, url, smtp_server.host, smtp_server.port)
    yield live
    live.stop()
    with live.app.app_context():
        db.engine.dispose()
    drop_browser_database(url)


@pytest.fixture
def app(live_server: LiveServer):
    """The live server's app with fresh demo data and an app context for the test body."""
    with live_server.app.app_context():
        reset_and_seed(live_server)
        yield live_server.app
        db.session.remove()
    errors = live_server.take_errors()
    assert not errors, "server error(s) during the test:\n" + "\n".join(errors)


class Contexts:
    """Creates the browser contexts of one test and collects their console errors."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.opened: list = []
        self.console: dict[int, list[str]] = {}
        self.without_javascript: set[int] = set()
        self._analyser = None

    def new(self, **options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "de-DE")
        options.setdefault("timezone_id", "Europe/Berlin")
        options.setdefault("base_url", self.base_url)
        context = self.browser.new_context(**options)
        context.set_default_timeout(10_000)
        self.console[id(context)] = watch_console(context)
        if options.get("java_script_enabled") is False:
            self.without_javascript.add(id(context))
        self.opened.append(context)
        return context

    def analyser(self):
        """A JavaScript-enabled context in which axe checks pages of JavaScript-free contexts."""
        if self._analyser is None:
            self._analyser = self.new()
        return self._analyser

    def take_console(self, context) -> list[str]:
        problems = self.console.get(id(context), [])
        taken = list(problems)
        problems.clear()
        return taken

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[call_failed] = report.failed
    return report


call_failed = pytest.StashKey[bool]()


@pytest.fixture
def contexts(request, browser, app, live_server: LiveServer) -> Iterator[Contexts]:
    made = Contexts(browser, live_server.url)
    yield made
    if request.node.stash.get(call_failed, False):  # keep what the browser showed when it failed
        folder = SCREENSHOTS / screenshot_folder(request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        pages = [page for context in made.opened for page in context.pages]
        for number, page in enumerate(pages, start=1):
            page.screenshot(path=str(folder / f"fehler-{number}.png"), full_page=True)
    made.close()


def screenshot_folder(test_name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", test_name).strip("_")


@pytest.fixture
def page(contexts: Contexts):
    """A page in a fresh desktop context (German, Europe/Berlin)."""
    return contexts.new().new_page()


@pytest.fixture
def checkpoint(request, live_server: LiveServer, contexts: Contexts) -> Callable[..., None]:
    """Call at every page a journey reaches: no server error, no console error (CSP),
    zero axe violations, and screenshots at the current width and at 375 px."""
    folder = SCREENSHOTS / screenshot_folder(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)  # only this run's pictures of this test
    counter = iter(range(1, 1000))

    def run_axe(page, where: str) -> None:
        if id(page.context) in contexts.without_javascript:
            violations = axe_violations_without_javascript(page, contexts.analyser())
        else:
            violations = axe_violations(page)
        assert not violations, format_violations(violations, where)

    def fits_width(page, where: str) -> None:
        overflow = page.evaluate(WIDER_THAN_VIEWPORT)
        assert not overflow, f"{where}: wider than the {page.viewport_size['width']} px screen: {overflow}"

    def check(page, name: str, *, axe: bool = True, mobile: bool = True) -> None:
        page.wait_for_load_state("load")
        errors = live_server.take_errors()
        assert not errors, f"server error on {page.url}:\n" + "\n".join(errors)
        problems = contexts.take_console(page.context)
        assert not problems, f"browser console errors at {name} ({page.url}):\n" + "\n".join(problems)
        loose = page.evaluate(SUCCESS_OUTSIDE_STATUS)
        assert not loose, f"success messages outside a role=status region at {name}: {loose}"
        number = next(counter)
        folder.mkdir(parents=True, exist_ok=True)
        viewport = page.viewport_size or DESKTOP
        where = f"{name} at {viewport['width']} px ({page.url})"
        page.screenshot(path=str(folder / f"{number:02d}-{name}-{viewport['width']}.png"), full_page=True)
        if axe:
            run_axe(page, where)
        fits_width(page, where)
        if mobile and viewport["width"] != MOBILE["width"]:
            page.set_viewport_size(MOBILE)
            try:
                where = f"{name} at {MOBILE['width']} px ({page.url})"
                page.screenshot(path=str(folder / f"{number:02d}-{name}-{MOBILE['width']}.png"), full_page=True)
                if axe:
                    run_axe(page, where)
                fits_width(page, where)
            finally:
                page.set_viewport_size(viewport)

    return check
