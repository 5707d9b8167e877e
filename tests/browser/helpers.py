"""Helpers for browser tests: axe-core, screenshots, labels, mail links."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}

_axe_source: str | None = None


def axe_source() -> str:
    global _axe_source
    if _axe_source is None:
        if not AXE_PATH.is_file():
            raise AssertionError(
                f"{AXE_PATH.relative_to(ROOT)} is missing: run `make setup` (npm ci installs axe-core)."
            )
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    return _axe_source


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A/AA rules (BITV 2.0) and WCAG 2.2 AA on the current page.

    The app's Content-Security-Policy forbids inline scripts, so page.add_script_tag() is
    refused. page.evaluate() runs through the DevTools protocol, which CSP does not govern:
    the page keeps its real CSP (we want to see what it blocks) and axe still gets in.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;true")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def axe_violations_without_javascript(page: Page, analyser: BrowserContext) -> list[dict]:
    """axe needs JavaScript, which the page's own context has switched off: analyse a copy of
    the page's DOM, minus its scripts, in a JavaScript-enabled context of the same size."""
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    copy = analyser.new_page()
    try:
        copy.set_viewport_size(page.viewport_size)
        copy.route(
            page.url,
            lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
        )
        copy.goto(page.url)
        return axe_violations(copy)
    finally:
        copy.close()


def format_violations(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} axe violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            lines.append(f"    at {node['target']}: {node['html'][:160]}")
            summary = " ".join((node["summary"] or "").split())
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(violations, where or page.url)


def watch_console(context: BrowserContext) -> list[str]:
    """Collect console errors (CSP violations, script errors) of every page in the context."""
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type != "error":
            return
        page_url = message.page.url if message.page else "?"
        resource = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and resource in (page_url, ""):
            return  # the document's own status (a 404 page on purpose) is checked by the test
        problems.append(f"console error on {page_url}: {message.text} {resource}".rstrip())

    def on_page_error(error) -> None:
        problems.append(f"uncaught script error: {error}")

    context.on("console", on_console)
    context.on("weberror", lambda web_error: on_page_error(web_error.error))
    return problems


def label(text: str) -> re.Pattern[str]:
    """Match a field's accessible name exactly, allowing the "(optional)" mark and a "*"."""
    return re.compile(rf"^\s*{re.escape(text)}\s*(\(optional\))?\s*\*?\s*$")


def by_label(scope: Page | Locator, text: str) -> Locator:
    return scope.get_by_label(label(text))


def button(page: Page, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def fill_visible(page: Page, values: dict[str, str], done: set[str]) -> None:
    """Fill every field of `values` that this page (form step) shows; remember which were filled."""
    for text, value in values.items():
        locator = by_label(page, text)
        if locator.count() == 1 and locator.is_visible():
            tag = locator.evaluate("el => el.tagName.toLowerCase()")
            if tag == "select":
                locator.select_option(label=value)
            else:
                locator.fill(value)
            done.add(text)


def wait_for_mail(smtp, address: str, contains: str = "", timeout: float = 10.0) -> str:
    """The newest link containing `contains` in a mail to `address` (mail is sent before the
    response, so this normally returns at once; the wait only guards against slow machines)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return smtp.last_link(address, contains=contains)
        except AssertionError:
            if time.monotonic() > deadline:
                subjects = [str(m["Subject"]) for m in smtp.to(address)]
                raise AssertionError(
                    f"no mail to {address} with a link containing {contains!r}; mails received: {subjects}"
                ) from None
            time.sleep(0.1)


def mail_texts(smtp, address: str) -> Iterable[str]:
    return [smtp.text(message) for message in smtp.to(address)]
