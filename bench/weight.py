"""Page weight: bytes a browser transfers for a first and a repeat visit of four pages.

    .venv/bin/python bench/weight.py

Builds a fresh SQLite database (real migrations, the seven demo networks, 60 members and a
logged-in member for the directory), then requests each page through the whole WSGI stack
(WhiteNoise and Flask-Compress included) the way Chromium does: `Accept-Encoding: gzip,
deflate, br, zstd`. A first visit loads the HTML plus every stylesheet, script, preloaded
font and icon the page links (and every url() inside the CSS); a repeat visit loads only
what is not cached for good, i.e. only the HTML when every asset is sent `immutable`.
Counted: response body bytes as sent (compressed) plus the status line and headers.

Targets (issue #13): first load ≤ 150 KB, HTML ≤ 20 KB, repeat visit = the HTML only.
Needs the built assets (`make assets`).
"""

from __future__ import annotations

import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.accounts import hash_password  # noqa: E402
from app.demo.seed import seed_members, seed_networks  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Account, Membership, Network  # noqa: E402
from config import TestConfig  # noqa: E402

NETWORK = "allianz-vielfaeltige-demokratie"
EMAIL = "gewicht@beispiel.example"
PASSWORD = "Gewicht-Messung-2026"  # noqa: S105 - throw-away benchmark account
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
PAGES = {
    "/": "/",
    "network page": f"/netzwerke/{NETWORK}/",
    "application form": f"/netzwerke/{NETWORK}/mitglied-werden/schritt/1",
    "directory (logged in)": f"/netzwerke/{NETWORK}/verzeichnis",
}
FIRST_LOAD_TARGET = 150_000
HTML_TARGET = 20_000


class BenchConfig(TestConfig):
    TESTING = False
    SECRET_KEY = "benchmark-only-secret-key"  # noqa: S105 - never used outside this script


class AssetLinks(HTMLParser):
    """Collect what a browser fetches right away: stylesheets, preloads, scripts, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in {"stylesheet", "preload", "icon", "modulepreload"}:
            self.urls.append(attributes["href"])
        elif tag in {"script", "img"} and attributes.get("src"):
            self.urls.append(attributes["src"])


def transferred(response) -> int:
    head = len(f"HTTP/1.1 {response.status}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items())
    return head + 2 + len(response.get_data())


def cached_for_good(response) -> bool:
    cache = response.headers.get("Cache-Control", "")
    return "immutable" in cache and "max-age=31536000" in cache


def measure(client, path: str) -> dict[str, int]:
    headers = {"Accept-Encoding": BROWSER_ENCODINGS}
    page = client.get(path, headers=headers)
    if page.status_code != 200:
        raise SystemExit(f"{path}: HTTP {page.status_code}")
    plain = client.get(path).get_data(as_text=True)  # the same page uncompressed, to read its links
    parser = AssetLinks()
    parser.feed(plain)
    queue = [urljoin(path, url) for url in parser.urls]
    seen: set[str] = set()
    assets = repeat = 0
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        assets += transferred(response)
        if not cached_for_good(response):
            repeat += transferred(response)
        if response.mimetype == "text/css":
            css = client.get(url).get_data(as_text=True)
            queue += [
                urljoin(url, ref)
                for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css)
                if not ref.startswith("data:")
            ]
    html_bytes = transferred(page)
    return {
        "html": html_bytes,
        "html_raw": len(plain.encode("utf-8")),
        "assets": assets,
        "requests": 1 + len(seen),
        "first": html_bytes + assets,
        "repeat": html_bytes + repeat,
        "compressed": bool(page.headers.get("Content-Encoding")),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/weight.sqlite3")
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            seed_networks()
            seed_members(60, seed=1)
            network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
            account = Account(
                email=EMAIL, password_hash=hash_password(PASSWORD), first_name="Gerd", last_name="Gewicht"
            )
            db.session.add(Membership(network=network, account=account, listed_in_directory=False))
            db.session.commit()
        client = app.test_client()
        print(f"{'page':24} {'HTML':>15} {'assets':>9} {'requests':>8} {'first load':>11} {'repeat':>8}")
        worst = 0
        for label, path in PAGES.items():
            if label.startswith("directory"):
                response = client.post("/anmelden", data={"email": EMAIL, "password": PASSWORD})
                if response.status_code != 302:
                    raise SystemExit(f"login failed ({response.status_code})")
            row = measure(client, path)
            worst = max(worst, row["first"])
            print(
                f"{label:24} {row['html']:>6,} ({row['html_raw']:>6,}) {row['assets']:>9,} {row['requests']:>8} "
                f"{row['first']:>11,} {row['repeat']:>8,}" + ("" if row["compressed"] else "  HTML NOT COMPRESSED")
            )
            if row["html"] > HTML_TARGET:
                print(f"  HTML above the {HTML_TARGET:,} byte target")
        print(
            f"bytes transferred (compressed, headers included; HTML in brackets: uncompressed). "
            f"Largest first load {worst:,} B = {worst / 1000:.1f} KB (target ≤ {FIRST_LOAD_TARGET // 1000} KB); "
            "a repeat visit transfers only what is not cached as immutable."
        )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
