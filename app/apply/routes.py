"""Routes of the application journey (placeholder until the apply feature lands)."""

from flask import abort, render_template

from app.apply import bp
from app.services.networks import find_network


@bp.get("/netzwerke/<slug>/mitglied-werden")
def start(slug: str):
    network = find_network(slug)
    if network is None:
        abort(404)
    return render_template("public/network.html", network=network, events=[])
