"""The seal as an SVG graphic with its year, validity and the address of its verification page."""

from __future__ import annotations

from markupsafe import escape

from app.models import SealCase
from app.programmes.seals import municipality_name

SIZE = 400


def _fit(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def seal_svg(case: SealCase, verify_url: str) -> str:
    """A round badge; the whole graphic links to the verification page, whose address it also shows."""
    name = escape(_fit(municipality_name(case.membership)))
    valid = case.valid_until.strftime("%d.%m.%Y") if case.valid_until else ""
    url = escape(verify_url)
    title = escape(f"Siegel „Kommune der Offenen Gesellschaft“ {case.year}: {municipality_name(case.membership)}")
    lines = [
        _text(110, 20, "Kommune der"),
        _text(136, 20, "Offenen Gesellschaft"),
        _text(210, 64, str(case.year), fill="#ffd54a", bold=True),
        _text(250, 16, name),
        _text(276, 14, f"gültig bis {valid}"),
        _text(388, 11, f"Prüfen: {url}", fill="#0b3d68"),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-labelledby="seal-title">\n'
        f'  <title id="seal-title">{title}</title>\n'
        f'  <a href="{url}" xlink:href="{url}">\n'
        '    <circle cx="200" cy="190" r="170" fill="#0b3d68"/>\n'
        '    <circle cx="200" cy="190" r="155" fill="none" stroke="#ffffff" stroke-width="4"/>\n'
        '    <g font-family="sans-serif" text-anchor="middle">\n' + "".join(lines) + "    </g>\n  </a>\n</svg>\n"
    )


def _text(y: int, size: int, content: str, *, fill: str = "#ffffff", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'      <text x="200" y="{y}" fill="{fill}" font-size="{size}"{weight}>{content}</text>\n'
