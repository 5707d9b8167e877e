"""Helpers for the atlas tests: a small HTML reader (stdlib parser) and fixtures' building blocks."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.atlas.settings import configure, ensure_default_methods
from app.extensions import db
from app.models.atlas import AtlasLicence


class _Reader(HTMLParser):
    """Collects (tag, attrs, text) for every element, text including its descendants."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, list[str]]] = []
        self.open: list[int] = []

    VOID = {"input", "br", "img", "meta", "link", "hr", "rect"}

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), []))
        if tag not in self.VOID:
            self.open.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        for position in range(len(self.open) - 1, -1, -1):
            if self.elements[self.open[position]][0] == tag:
                del self.open[position:]
                break

    def handle_data(self, data):
        for index in self.open:
            self.elements[index][2].append(data)


class Page:
    def __init__(self, html: str):
        self.html = html
        reader = _Reader()
        reader.feed(html)
        self.elements = reader.elements

    def find(self, tag: str, cls: str | None = None, **attrs) -> list[tuple[dict, str]]:
        """(attributes, normalised text) of elements with this tag, class and attributes."""
        result = []
        for name, element_attrs, text in self.elements:
            if name != tag:
                continue
            if cls and cls not in (element_attrs.get("class") or "").split():
                continue
            if any(element_attrs.get(key) != value for key, value in attrs.items()):
                continue
            result.append((element_attrs, " ".join("".join(text).split())))
        return result

    def texts(self, tag: str, cls: str | None = None) -> list[str]:
        return [text for _, text in self.find(tag, cls)]

    def links(self) -> dict[str, str]:
        """Link text → href."""
        return {text: attrs.get("href", "") for attrs, text in self.find("a")}


def page(response) -> Page:
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:2000])
    return Page(response.get_data(as_text=True))


@pytest.fixture
def atlas_network(make_network):
    """A network with the atlas switched on and the default method list."""
    network = make_network(slug="sachsen", name="Netzwerk Sachsen")
    ensure_default_methods()
    configure(network, enabled=True, licence=AtlasLicence.CC_BY, embed_origins="https://www.netzwerk-sachsen.example")
    db.session.commit()
    return network
