"""Helpers for the application-journey tests: fill in the four steps like a browser does."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import Application, Network, Themenkreis
from config import TestConfig

ALLIANZ = "allianz-vielfaeltige-demokratie"
BW = "beteiligungsnetzwerk-bw"
KOMMUNEN = "kommunen-der-offenen-gesellschaft"
BUERGERHAUSHALT = "netzwerk-buergerhaushalt"

PERSON = {"first_name": "Zoë", "last_name": "Müller-Lüdenscheidt", "email": "zoe@example.org", "phone": "030 1234567"}
INSTITUTION = {
    "institution": "Stadtverwaltung Köln",
    "function": "Referentin für Bürgerbeteiligung",
    "street": "Rathausplatz 1",
    "postcode": "50667",
    "city": "Köln",
    "country": "Deutschland",
}
ACTIVITY = {"description": "Ich begleite Bürgerräte und leite die Leitlinienarbeit unserer Stadt."}


def step_url(slug: str, step: int) -> str:
    return f"/netzwerke/{slug}/mitglied-werden/schritt/{step}"


def submit_url(slug: str) -> str:
    return f"/netzwerke/{slug}/mitglied-werden/absenden"


def page(response) -> str:
    return response.get_data(as_text=True)


def hidden_fields(text: str) -> dict[str, str]:
    """The hidden inputs of a page (what a browser sends back without the user seeing it)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", text):
        if 'type="hidden"' not in tag:
            continue
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) not in ("csrf_token", "summary"):
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields


def field_value(text: str, name: str) -> str | None:
    """The value attribute of the input named `name` (None when there is none)."""
    for tag in re.findall(r"<input[^>]*>", text):
        if f'name="{name}"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            return html.unescape(value.group(1)) if value else ""
    return None


def network(slug: str) -> Network:
    return db.session.scalar(sa.select(Network).where(Network.slug == slug))


def themenkreis_id(slug: str, name: str) -> int:
    return db.session.scalar(
        sa.select(Themenkreis.id).join(Network).where(Network.slug == slug, Themenkreis.name == name)
    )


def post_step(client, slug: str, step: int, data: dict, action: str = "next", **kwargs):
    return client.post(step_url(slug, step), data={**data, "action": action}, **kwargs)


def fill_steps(client, slug: str, step1: dict, step2: dict, step3: dict) -> str:
    """Open the form, fill steps 1–3 (each must pass) and return the page of step 4."""
    response = client.get(f"/netzwerke/{slug}/mitglied-werden", follow_redirects=True)
    assert response.status_code == 200, page(response)
    for number, data in ((1, step1), (2, step2), (3, step3)):
        response = post_step(client, slug, number, data)
        assert response.status_code == 302, f"step {number} was refused:\n{page(response)}"
        assert response.location.endswith(step_url(slug, number + 1))
    response = client.get(step_url(slug, 4))
    assert response.status_code == 200
    return page(response)


def send(client, slug: str, step4_page: str, consents: dict | None = None, **kwargs):
    """Press "Antrag absenden" on step 4 (with the page's hidden fields, as a browser would)."""
    data = {**hidden_fields(step4_page), "consent_privacy": "y", "action": "submit"}
    if 'name="consent_conditions"' in step4_page:
        data["consent_conditions"] = "y"
    data.update(consents or {})
    return client.post(submit_url(slug), data={k: v for k, v in data.items() if v is not None}, **kwargs)


def apply_as_person(client, slug: str = ALLIANZ, themenkreis: str | None = "Transparenz", **overrides):
    """The whole form for a person; returns the response of the submission."""
    step1 = {**PERSON, **{k: v for k, v in overrides.items() if k in PERSON}}
    step2 = {**INSTITUTION, **{k: v for k, v in overrides.items() if k in INSTITUTION}}
    step3 = dict(ACTIVITY)
    if themenkreis:
        step3["themenkreise"] = str(themenkreis_id(slug, themenkreis))
    step4 = fill_steps(client, slug, step1, step2, step3)
    return send(client, slug, step4, {k: v for k, v in overrides.items() if k == "wants_directory_listing"})


def application_of(email: str) -> Application | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Application).where(Application.email == email).order_by(Application.id.desc()))


def sibling_app(app, **overrides):
    """A second app on the same database with other settings (rate limits, fill time)."""
    config = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": app.config["MAIL_SERVER"],
        "MAIL_PORT": app.config["MAIL_PORT"],
    }
    config.update(overrides)
    return create_app(TestConfig, **config)
