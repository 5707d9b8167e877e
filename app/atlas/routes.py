"""Public atlas pages: search with filters and counts, entry pages, open data, feed and the embeddable view."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.atlas import bp, entries, opendata, queries
from app.atlas import settings as atlas_settings
from app.atlas.search import AtlasQuery, query_words
from app.atlas.tiles import TILES
from app.core.outbox import external_url
from app.core.pagination import page_number
from app.core.permissions import may_coordinate
from app.core.regions import BUNDESLAENDER
from app.extensions import db
from app.models import AtlasSettings, Network
from forms.atlas import AtlasSearchForm

ID = "int(max=2147483647)"
FILTER_ARGS = ("q", "bundesland", "level", "method", "topic", "year", "initiator", "network")


def _network_or_404(slug: str) -> Network:
    network = queries.public_network(slug)
    if network is None:
        abort(404)
    return network


def _search(network: Network | None, enabled: list[AtlasSettings]):
    """Bind the filters to the query string; invalid values are ignored (never an error page)."""
    form = AtlasSearchForm(request.args)
    form.set_choices(atlas_settings.methods(active_only=False), [s.network for s in enabled])
    form.validate()
    network_id = network.id if network else None
    if network is None and form.clean(form.network):
        network_id = next((s.network_id for s in enabled if s.network.slug == form.network.data), None)
    query = AtlasQuery(
        network_id=network_id,
        words=query_words(form.q.data if not form.q.errors else ""),
        bundesland=form.clean(form.bundesland),
        level=form.clean(form.level),
        method_id=int(form.clean(form.method) or 0) or None,
        topic=form.clean(form.topic),
        year=int(form.clean(form.year) or 0) or None,
        initiator=form.clean(form.initiator),
    )
    return form, query


def _enabled() -> list[AtlasSettings]:
    return list(
        db.session.scalars(
            sa.select(AtlasSettings).join(Network).where(AtlasSettings.enabled.is_(True))
            .options(joinedload(AtlasSettings.network)).order_by(Network.name)
        )
    )  # fmt: skip


def _render_index(network: Network | None, template: str = "atlas/index.html", **extra):
    enabled = _enabled()
    form, query = _search(network, enabled)
    page = queries.search_page(query, page_number(request.args.get("page")))
    counts = queries.counts_by_land(network)
    licences = [s for s in enabled if network is None or s.network_id == network.id]
    # Only the atlas's own filters travel into links (an arbitrary "slug=" must not clash with url_for).
    filter_args = {name: request.args[name] for name in FILTER_ARGS if request.args.get(name)}
    return render_template(
        template, network=network, form=form, query=query, page=page, counts=counts, tiles=TILES,
        licences=licences, filtered=bool(query.tags or query.words), filter_args=filter_args, **extra,
    )  # fmt: skip


@bp.get("/atlas")
def index():
    return _render_index(None)


@bp.get("/netzwerke/<slug>/atlas")
def network_index(slug: str):
    network = _network_or_404(slug)
    can_report = current_user.is_authenticated and (entries.is_member(current_user, network) or may_coordinate(network))
    return _render_index(network, can_report=can_report)


@bp.get(f"/atlas/verfahren/<{ID}:entry_id>")
def entry(entry_id: int):
    item = queries.published_entry(entry_id)
    if item is None:
        abort(404)
    licence = atlas_settings.settings_for(item.network)
    return render_template("atlas/entry.html", entry=item, network=item.network, licences=[licence])


def _record(item, licence: AtlasSettings | None) -> dict:
    return opendata.record(item, licence, external_url("atlas.entry", entry_id=item.id))


def _download(data: bytes | str, mimetype: str, filename: str, *, attachment: bool = True) -> Response:
    """Open data: public and readable from any site (unlike app.core.downloads' private files)."""
    response = Response(data, mimetype=mimetype)
    if attachment:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: readable from any site
    return response


@bp.get(f"/atlas/verfahren/<{ID}:entry_id>.json")
def entry_json(entry_id: int):
    item = queries.published_entry(entry_id)
    if item is None:
        abort(404)
    body = json.dumps(_record(item, atlas_settings.settings_for(item.network)), ensure_ascii=False, indent=2)
    return _download(body, "application/json", f"verfahren-{item.id}.json", attachment=False)


@bp.get(f"/atlas/verfahren/<{ID}:entry_id>.csv")
def entry_csv(entry_id: int):
    item = queries.published_entry(entry_id)
    if item is None:
        abort(404)
    data = opendata.csv_bytes([_record(item, atlas_settings.settings_for(item.network))])
    return _download(data, "text/csv; charset=utf-8", f"verfahren-{item.id}.csv")


def _all_records(network: Network | None) -> list[dict]:
    licences = {s.network_id: s for s in _enabled()}
    return [_record(item, licences.get(item.network_id)) for item in queries.published_entries(network)]


@bp.get("/atlas/daten.<any(json, csv):fmt>")
@bp.get("/netzwerke/<slug>/atlas/daten.<any(json, csv):fmt>")
def download(fmt: str, slug: str | None = None):
    network = _network_or_404(slug) if slug else None
    records = _all_records(network)
    name = f"beteiligungsatlas-{network.slug if network else 'alle'}"
    if fmt == "json":
        body = json.dumps({"licence_note": str(_l("Lizenz je Eintrag im Feld „licence“.")), "entries": records},
                          ensure_ascii=False, indent=2)  # fmt: skip
        return _download(body, "application/json", f"{name}.json")
    return _download(opendata.csv_bytes(records), "text/csv; charset=utf-8", f"{name}.csv")


@bp.get("/atlas/feed.atom")
@bp.get("/netzwerke/<slug>/atlas/feed.atom")
def feed(slug: str | None = None):
    network = _network_or_404(slug) if slug else None
    items = [(e, external_url("atlas.entry", entry_id=e.id)) for e in queries.published_entries(network, 50)]
    title = str(_l("Beteiligungsatlas")) + (f" – {network.name}" if network else "")
    site = external_url("atlas.network_index", slug=slug) if slug else external_url("atlas.index")
    own = external_url("atlas.feed", slug=slug) if slug else external_url("atlas.feed")
    body = opendata.atom(title, own, site, items)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/netzwerke/<slug>/atlas/einbetten")
def embed(slug: str):
    """An iframe-friendly view with the filters of its query string preset; framing allowed only for listed sites."""
    network = _network_or_404(slug)
    settings = atlas_settings.settings_for(network)
    response = Response(_render_index(network, "atlas/embed.html", embed_settings=settings))
    ancestors = " ".join(["'self'", *settings.embed_origins.split()])
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; font-src 'self'; "
        f"form-action 'self'; frame-ancestors {ancestors}; base-uri 'self'"
    )
    response.allow_framing = True  # type: ignore[attr-defined]
    return response


@bp.context_processor
def atlas_labels():
    return {"laender": BUNDESLAENDER}
