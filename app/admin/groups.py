"""Administration: Themenkreise and Ländergruppen of a network."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.common import acting_admin
from app.core.actions import submit
from app.core.loaders import load_network
from app.core.regions import BUNDESLAENDER
from app.extensions import db
from app.models import Laendergruppe, Network, Themenkreis
from app.networks.settings import (
    add_laendergruppe,
    add_themenkreis,
    delete_laendergruppe,
    delete_themenkreis,
    laendergruppe_usage,
    move_themenkreis,
    themenkreis_usage,
    update_laendergruppe,
    update_themenkreis,
)
from forms import BaseForm
from forms.admin import LaendergruppeForm, MoveForm, ThemenkreisForm


def _themenkreis_or_404(network: Network, themenkreis_id: int) -> Themenkreis:
    themenkreis = db.session.scalar(
        sa.select(Themenkreis).where(Themenkreis.id == themenkreis_id, Themenkreis.network_id == network.id)
    )
    if themenkreis is None:
        abort(404)
    return themenkreis


def _laendergruppe_or_404(network: Network, group_id: int) -> Laendergruppe:
    group = db.session.scalar(
        sa.select(Laendergruppe).where(Laendergruppe.id == group_id, Laendergruppe.network_id == network.id)
    )
    if group is None:
        abort(404)
    return group


# --------------------------------------------------------------------------- Themenkreise


@bp.route("/netzwerke/<slug>/themenkreise", methods=["GET", "POST"])
def themenkreise(slug: str):
    """List the Themenkreise with their use; the form at the bottom adds one."""
    network = load_network(slug)
    form = ThemenkreisForm()
    done = submit(
        form,
        lambda: add_themenkreis(
            network, name=form.name.data, description=form.description.data or "", actor=acting_admin()
        ),
        success=lambda themenkreis: _("Der Themenkreis „%(name)s“ wurde angelegt.", name=themenkreis.name),
        next_url=url_for("admin.themenkreise", slug=network.slug),
    )
    if done:
        return done
    rows = [(tk, themenkreis_usage(tk)) for tk in network.themenkreise]
    return render_template("admin/themenkreise.html", network=network, rows=rows, form=form, active="themenkreise")


@bp.route("/netzwerke/<slug>/themenkreise/<int:themenkreis_id>", methods=["GET", "POST"])
def themenkreis_edit(slug: str, themenkreis_id: int):
    network = load_network(slug)
    themenkreis = _themenkreis_or_404(network, themenkreis_id)
    form = ThemenkreisForm(obj=themenkreis) if request.method == "GET" else ThemenkreisForm()
    done = submit(
        form,
        lambda: update_themenkreis(
            themenkreis, name=form.name.data, description=form.description.data or "", actor=acting_admin()
        ),
        success=lambda _result: _("Der Themenkreis „%(name)s“ wurde gespeichert.", name=form.name.data),
        next_url=url_for("admin.themenkreise", slug=network.slug),
    )
    if done:
        return done
    return render_template(
        "admin/group_form.html",
        network=network,
        form=form,
        item=themenkreis,
        usage=themenkreis_usage(themenkreis),
        kind="themenkreis",
        active="themenkreise",
    )


@bp.post("/netzwerke/<slug>/themenkreise/<int:themenkreis_id>/verschieben")
def themenkreis_move(slug: str, themenkreis_id: int):
    network = load_network(slug)
    themenkreis = _themenkreis_or_404(network, themenkreis_id)
    form = MoveForm()
    if form.validate_on_submit() and move_themenkreis(themenkreis, form.direction.data, actor=acting_admin()):
        db.session.commit()
        flash(_("Die Reihenfolge wurde geändert."), "success")
    else:
        flash(_("Der Themenkreis kann nicht weiter in diese Richtung verschoben werden."), "info")
    return redirect(url_for("admin.themenkreise", slug=network.slug))


@bp.post("/netzwerke/<slug>/themenkreise/<int:themenkreis_id>/loeschen")
def themenkreis_delete(slug: str, themenkreis_id: int):
    network = load_network(slug)
    themenkreis = _themenkreis_or_404(network, themenkreis_id)
    back = url_for("admin.themenkreise", slug=network.slug)
    name = themenkreis.name
    done = submit(
        BaseForm(),
        lambda: delete_themenkreis(themenkreis, actor=acting_admin()),
        success=_("Der Themenkreis „%(name)s“ wurde gelöscht.", name=name),
        next_url=back,
        refused_url=back,
    )
    return done or redirect(back)


# --------------------------------------------------------------------------- Ländergruppen


def _group_values(form: LaendergruppeForm) -> dict:
    return {
        "name": form.name.data,
        "description": form.description.data or "",
        "bundeslaender": form.bundeslaender.data or [],
    }


@bp.route("/netzwerke/<slug>/laendergruppen", methods=["GET", "POST"])
def laendergruppen(slug: str):
    network = load_network(slug)
    form = LaendergruppeForm()
    done = submit(
        form,
        lambda: add_laendergruppe(network, **_group_values(form), actor=acting_admin()),
        success=lambda group: _("Die Ländergruppe „%(name)s“ wurde angelegt.", name=group.name),
        next_url=url_for("admin.laendergruppen", slug=network.slug),
    )
    if done:
        return done
    rows = [(group, laendergruppe_usage(group)) for group in network.laendergruppen]
    return render_template(
        "admin/laendergruppen.html",
        network=network,
        rows=rows,
        form=form,
        bundeslaender=BUNDESLAENDER,
        active="laendergruppen",
    )


@bp.route("/netzwerke/<slug>/laendergruppen/<int:group_id>", methods=["GET", "POST"])
def laendergruppe_edit(slug: str, group_id: int):
    network = load_network(slug)
    group = _laendergruppe_or_404(network, group_id)
    form = LaendergruppeForm()
    if request.method == "GET":
        form.name.data, form.description.data = group.name, group.description
        form.bundeslaender.data = group.bundesland_codes
    else:
        done = submit(
            form,
            lambda: update_laendergruppe(group, **_group_values(form), actor=acting_admin()),
            success=lambda _result: _("Die Ländergruppe „%(name)s“ wurde gespeichert.", name=form.name.data),
            next_url=url_for("admin.laendergruppen", slug=network.slug),
        )
        if done:
            return done
    return render_template(
        "admin/group_form.html",
        network=network,
        form=form,
        item=group,
        usage=laendergruppe_usage(group),
        kind="laendergruppe",
        active="laendergruppen",
    )


@bp.post("/netzwerke/<slug>/laendergruppen/<int:group_id>/loeschen")
def laendergruppe_delete(slug: str, group_id: int):
    network = load_network(slug)
    group = _laendergruppe_or_404(network, group_id)
    back = url_for("admin.laendergruppen", slug=network.slug)
    name = group.name
    done = submit(
        BaseForm(),
        lambda: delete_laendergruppe(group, actor=acting_admin()),
        success=_("Die Ländergruppe „%(name)s“ wurde gelöscht.", name=name),
        next_url=back,
        refused_url=back,
    )
    return done or redirect(back)
