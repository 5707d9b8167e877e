"""Built assets: hashed URLs that resolve, cached for a year, pre-compressed; HTML compressed;
the purged stylesheet still has a rule for every KERN/app class the pages use."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest

from app.assets import BUILD_DIR, AssetsNotBuilt, Manifest
from app.assets.build import content_name, restore_token_rules, top_level_rules
from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent.parent
KERN_CSS = ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "kern.min.css"
APP_CSS = ROOT / "app" / "static" / "css" / "app.css"
HASHED = re.compile(r"^/static/build/[\w/-]+\.[0-9a-f]{10}\.\w+$")
CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.classes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.classes.update((attributes.get("class") or "").split())
        if tag == "link" and attributes.get("rel") in {"stylesheet", "preload", "icon"}:
            self.assets.append(attributes["href"])
        if tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])


def parse(response) -> Links:
    assert response.status_code == 200
    links = Links()
    links.feed(response.get_data(as_text=True))
    return links


def built_css(client, links: Links) -> str:
    (href,) = [url for url in links.assets if url.endswith(".css")]
    return client.get(href).get_data(as_text=True)


@pytest.fixture
def network(make_network):
    return make_network(slug="netz", accepts_organisations=True)


def test_pages_load_one_stylesheet_one_script_and_two_fonts_by_hashed_urls(client, network):
    links = parse(client.get("/"))
    assert len(links.assets) == 5  # icon, two font preloads, stylesheet, script
    assert all(HASHED.match(url) for url in links.assets), links.assets
    assert [url for url in links.assets if url.endswith(".woff2")] == [
        url for url in links.assets if "/fonts/fira-sans-" in url
    ]
    for url in links.assets:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get_data()


def test_assets_are_cached_for_a_year_without_cookies(client, network):
    for url in parse(client.get("/")).assets:
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Cookie" not in response.headers.get("Vary", "")
        assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_assets_are_sent_precompressed_as_the_browser_accepts(client, network, encoding, decompress):
    css = next(url for url in parse(client.get("/")).assets if url.endswith(".css"))
    plain = client.get(css)
    assert "Content-Encoding" not in plain.headers
    packed = client.get(css, headers={"Accept-Encoding": f"{encoding}"})
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.get_data()) < len(plain.get_data()) / 5
    assert decompress(packed.get_data()) == plain.get_data()


def test_html_pages_are_compressed_when_the_browser_accepts_it(client, network):
    plain = client.get("/netzwerke/netz/")
    packed = client.get("/netzwerke/netz/", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.get_data()) == plain.get_data()
    gzipped = client.get("/netzwerke/netz/", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(gzipped.get_data()) == plain.get_data()
    assert "Content-Encoding" not in plain.headers


def test_fonts_are_two_small_subsets_shown_with_swap(client, network):
    links = parse(client.get("/"))
    css = built_css(client, links)
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert len(faces) == 2
    assert all("font-display:swap" in face and "format('woff2')" in face for face in faces)
    for url in links.assets:
        if url.endswith(".woff2"):
            assert len(client.get(url).get_data()) < 30_000


def _source_classes() -> set[str]:
    return set(CLASS_SELECTOR.findall(KERN_CSS.read_text() + APP_CSS.read_text()))


def test_every_styled_class_a_page_uses_is_in_the_built_css(app, client, network, make_member, make_account):
    """Classes that KERN or app.css style must survive the purge, on every kind of page."""
    admin = make_account(admin=True)
    coordinator = make_account(coordinates=[network])
    member = make_member(network, make_account())
    pages = {
        "/": None,
        "/netzwerke/netz/": None,
        "/netzwerke/netz/mitglied-werden/schritt/1": None,
        "/anmelden": None,
        "/antrag/link-erneut-senden": None,
        "/netzwerke/netz/verzeichnis": member.account,
        "/mein-bereich/": member.account,
        "/mein-bereich/profil": member.account,
        "/koordination/": coordinator,
        "/koordination/netz/antraege": coordinator,
        "/verwaltung/": admin,
    }
    styled = _source_classes()
    css_classes = None
    checked = 0
    for path, account in pages.items():
        visitor = app.test_client()  # a fresh browser per page (the IsolatedClient of the fixture)
        if account is not None:
            login(visitor, account.email)
        links = parse(visitor.get(path))
        if css_classes is None:
            css_classes = set(CLASS_SELECTOR.findall(built_css(client, links)))
        missing = (links.classes & styled) - css_classes
        assert not missing, f"{path}: {sorted(missing)}"
        checked += len(links.classes & styled)
    assert checked > 100


def test_manifest_missing_gives_a_clear_error(tmp_path):
    manifest = Manifest(tmp_path / "manifest.json", watch=False)
    with pytest.raises(AssetsNotBuilt, match="make assets"):
        manifest.url_path("app.css")
    (tmp_path / "manifest.json").write_text(json.dumps({"app.css": "app.0123456789.css"}))
    assert manifest.url_path("app.css") == "app.0123456789.css"
    with pytest.raises(AssetsNotBuilt, match=r"missing\.css"):
        manifest.url_path("missing.css")


def test_the_build_manifest_names_every_file_after_its_content():
    names = json.loads((BUILD_DIR / "manifest.json").read_text())
    assert set(names) >= {"app.css", "app.js", "favicon.svg", "fonts/fira-sans-400.woff2", "fonts/fira-sans-600.woff2"}
    for logical, hashed in names.items():
        assert hashed == content_name(logical, (BUILD_DIR / hashed).read_bytes())
        if not hashed.endswith(".woff2"):
            assert (BUILD_DIR / (hashed + ".br")).is_file() and (BUILD_DIR / (hashed + ".gz")).is_file()


def test_token_rules_dropped_by_purgecss_are_put_back():
    original = ":root{--a: 1}:is(body,.unused){--b: 2;--c: 3}.used{color:red}.gone{color:blue}@media print{.x{--d: 4}}"
    purged = ":root{--a: 1}.used{color:red}"
    restored = restore_token_rules(original, purged)
    assert ":is(body,.unused){--b: 2;--c: 3}" in restored
    assert ".gone" not in restored and "@media" not in restored
    assert restored.count(":root{--a: 1}") == 1
    assert [prelude for prelude, _ in top_level_rules(original)][-1] == "@media print"
