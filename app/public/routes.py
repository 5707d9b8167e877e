"""Public pages."""

from flask import abort, current_app, redirect, render_template, request, session, url_for

from app.apply.capacity import capacity_reached
from app.core.loaders import load_network
from app.core.pagecache import cached_for_visitors
from app.core.web import is_safe_next
from app.networks.queries import list_networks, upcoming_events
from app.public import bp


@bp.get("/")
@cached_for_visitors
def index():
    return render_template("public/index.html", networks=list_networks())


@bp.get("/netzwerke/<slug>/")
@cached_for_visitors
def network(slug: str):
    network = load_network(slug)
    events = upcoming_events([network.id])
    # A full network says so here, not only after "Mitglied werden" was pressed.
    full = network.applications_open and capacity_reached(network)
    return render_template("public/network.html", network=network, events=events, full=full)


@bp.get("/impressum")
def impressum():
    return render_template("public/impressum.html")


@bp.get("/datenschutz")
def privacy():
    return render_template("public/datenschutz.html")


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("public/barrierefreiheit.html")


@bp.get("/sprache/<lang>")
def switch_language(lang: str):
    """Language switch: a plain link, works without JavaScript."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = lang
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("public.index"))
