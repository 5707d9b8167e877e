"""Public pages of the seal: all holders of a network, the verification page and the graphic."""

from __future__ import annotations

from flask import abort, render_template

from app.core.downloads import download
from app.core.loaders import load_network
from app.core.outbox import external_url
from app.models import today_in_germany
from app.programmes import bp
from app.programmes.cohorts import alumni_cohorts
from app.programmes.graphic import seal_svg
from app.programmes.seals import by_code, current_seal, has_programme, holders


@bp.get("/netzwerke/<slug>/siegel")
def holders_page(slug: str):
    network = load_network(slug)
    return render_template("programmes/holders.html", network=network, cases=holders(network, today_in_germany()))


@bp.get("/siegel/<code>")
def verify(code: str):
    case = by_code(code)
    if case is None:
        abort(404)
    return render_template(
        "programmes/verify.html",
        case=case,
        valid=case.is_valid_on(today_in_germany()),
        verify_url=external_url("programmes.verify", code=case.code),
    )


@bp.get("/siegel/<code>.svg")
def graphic(code: str):
    case = by_code(code)
    if case is None or case.state.value != "awarded":
        abort(404)
    svg = seal_svg(case, external_url("programmes.verify", code=case.code))
    return download(svg, f"siegel-{case.year}.svg", attachment=False)


# Small facts other features' templates show (directory entry, network page, Mein Bereich);
# template globals, so those features need not import this one.
@bp.app_template_global("current_seal")
def current_seal_global(membership_id: int):
    """The member's valid seal, or None."""
    return current_seal(membership_id, today_in_germany())


@bp.app_template_global("has_programme")
def has_programme_global(network_id: int) -> bool:
    """Whether the network runs programme years or awards the seal."""
    return has_programme(network_id)


@bp.app_template_global("alumni_cohorts")
def alumni_cohorts_global(membership):
    return alumni_cohorts(membership, today_in_germany())
