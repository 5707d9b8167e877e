"""Screenshots and computed styles of the main pages in system Chromium, to compare the look
before and after a change to the CSS build (PurgeCSS may drop a rule a page needs).

    .venv/bin/python bench/screenshots.py http://127.0.0.1:5077 test-artifacts/look/before
    (change, rebuild, restart)
    .venv/bin/python bench/screenshots.py http://127.0.0.1:5077 test-artifacts/look/after
    .venv/bin/python bench/screenshots.py --compare test-artifacts/look/before test-artifacts/look/after

Besides a full-page PNG per page and width, every element's computed colours, borders,
spacing, display and font size go into <page>.styles.json; --compare lists every element
whose computed style differs (font glyph shapes differ after subsetting, so PNGs are for the
eye, the styles for the check).

Logs in with the development demo coordinator (`flask seed-demo --demo-accounts`) for the
pages behind the login. Prints each file and the bytes of CSS and fonts the page loaded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD  # noqa: E402

SLUG = "allianz-vielfaeltige-demokratie"
PUBLIC = {
    "index": "/",
    "network": f"/netzwerke/{SLUG}/",
    "form": f"/netzwerke/{SLUG}/mitglied-werden/schritt/1",
    "login": "/anmelden",
}
PRIVATE = {
    "directory": f"/netzwerke/{SLUG}/verzeichnis",
    "queue": f"/koordination/{SLUG}/antraege",
    "account": "/mein-bereich/",
}


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width, label in ((1280, "desktop"), (375, "mobile")):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            for name, path in PUBLIC.items():
                _shot(page, base + path, out / f"{name}-{label}.png")
            email = next(a[0] for a in DEMO_ACCOUNTS if not a[3])
            page.goto(base + "/anmelden")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("form button[type=submit] >> nth=-1")
            for name, path in PRIVATE.items():
                _shot(page, base + path, out / f"{name}-{label}.png")
        browser.close()


STYLES = """() => {
  const props = ['display', 'position', 'color', 'background-color', 'background-image',
    'border-top', 'border-right', 'border-bottom', 'border-left', 'border-radius', 'outline',
    'margin', 'padding', 'font-size', 'line-height', 'text-decoration-line', 'gap', 'width',
    'list-style-type', 'box-shadow', 'grid-template-columns', 'flex-direction', 'visibility'];
  const out = [];
  document.querySelectorAll('body *').forEach((el, index) => {
    const style = getComputedStyle(el);
    const entry = {el: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                   (el.classList.length ? '.' + [...el.classList].join('.') : ''), index};
    for (const p of props) entry[p] = style.getPropertyValue(p);
    for (const pseudo of ['::before', '::after']) {
      const ps = getComputedStyle(el, pseudo);
      entry[pseudo] = ps.content === 'none' ? '' : [ps.content, ps.backgroundImage, ps.maskImage, ps.color].join(' ');
    }
    out.push(entry);
  });
  return out;
}"""
# Width depends on the text width, which a subset font may shift by a fraction of a pixel.
FONT_DEPENDENT = {"width"}


def _shot(page, url: str, file: Path) -> None:
    page.goto(url)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(file), full_page=True)
    file.with_suffix(".styles.json").write_text(json.dumps(page.evaluate(STYLES), indent=0))
    print(file)


def compare(before: Path, after: Path) -> int:
    differences = 0
    for old_file in sorted(before.glob("*.styles.json")):
        old = json.loads(old_file.read_text())
        new = json.loads((after / old_file.name).read_text())
        if len(old) != len(new):
            print(f"{old_file.name}: {len(old)} elements before, {len(new)} after")
            differences += 1
            continue
        for a, b in zip(old, new, strict=True):
            for key in a:
                if key in FONT_DEPENDENT or a[key] == b.get(key):
                    continue
                differences += 1
                print(f"{old_file.stem}: {a['el']}: {key}: {a[key]!r} -> {b.get(key)!r}")
    print(f"{differences} differences")
    return differences


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(1 if compare(Path(sys.argv[2]), Path(sys.argv[3])) else 0)
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
