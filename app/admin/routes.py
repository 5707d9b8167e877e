"""Administration: overview, network settings, deleting networks, statistics."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _

from app.admin import bp
from app.admin.common import acting_admin
from app.admin.roles import coordinator_assignments
from app.admin.statistics import OPEN_STATE_ORDER, compute_statistics, network_overview
from app.core.actions import submit
from app.core.loaders import load_network
from app.networks.settings import create_network, delete_network, network_counts, update_network
from forms import BaseForm
from forms.admin import NetworkForm

NEW_NETWORK_DEFAULTS = {"applications_open": True, "directory_enabled": True, "applicant_kinds": ["person"]}


@bp.get("/")
def index():
    """All networks with their open applications and members."""
    return render_template("admin/index.html", rows=network_overview(), open_states=OPEN_STATE_ORDER)


def _warn_missing_themenkreise(network) -> None:
    if network.themenkreis_required and not network.themenkreise:
        flash(
            _(
                "Antragsteller*innen müssen einen Themenkreis wählen, aber das Netzwerk hat noch keine "
                "Themenkreise. Legen Sie bitte Themenkreise an, bevor Anträge eingehen."
            ),
            "warning",
        )


@bp.route("/netzwerke/neu", methods=["GET", "POST"])
def network_new():
    form = NetworkForm(data=NEW_NETWORK_DEFAULTS) if request.method == "GET" else NetworkForm()

    def created(network) -> str:
        _warn_missing_themenkreise(network)
        return _("Das Netzwerk „%(name)s“ wurde angelegt.", name=network.name)

    done = submit(
        form,
        lambda: create_network(form.network_data(), actor=acting_admin()),
        success=created,
        next_url=lambda network: url_for("admin.network", slug=network.slug),
    )
    if done:
        return done
    return render_template("admin/network_form.html", form=form, network=None)


@bp.get("/netzwerke/<slug>/")
def network(slug: str):
    """One network: its settings at a glance and links to everything that belongs to it."""
    network = load_network(slug)
    return render_template(
        "admin/network.html",
        network=network,
        counts=network_counts(network),
        coordinators=coordinator_assignments(network),
        active="overview",
    )


@bp.route("/netzwerke/<slug>/bearbeiten", methods=["GET", "POST"])
def network_edit(slug: str):
    network = load_network(slug)
    form = NetworkForm()
    if request.method == "GET":
        form.fill_from(network)
    else:

        def saved(changed: bool) -> str | None:
            _warn_missing_themenkreise(network)
            if changed:
                return _("Die Einstellungen von „%(name)s“ wurden gespeichert.", name=network.name)
            flash(_("Es gab keine Änderungen."), "info")
            return None

        done = submit(
            form,
            lambda: update_network(network, form.network_data(), actor=acting_admin()),
            success=saved,
            next_url=url_for("admin.network", slug=network.slug),
        )
        if done:
            return done
    return render_template("admin/network_form.html", form=form, network=network, active="settings")


@bp.route("/netzwerke/<slug>/loeschen", methods=["GET", "POST"])
def network_delete(slug: str):
    """Ask first (GET), then delete (POST) – refused while the network has members or applications."""
    network = load_network(slug)
    form = BaseForm()
    name = network.name
    done = submit(
        form,
        lambda: delete_network(network, actor=acting_admin()),
        success=_("Das Netzwerk „%(name)s“ wurde gelöscht.", name=name),
        next_url=url_for("admin.index"),
        refused_url=url_for("admin.network", slug=network.slug),
    )
    if done:
        return done
    return render_template("admin/network_delete.html", network=network, form=form, active="overview")


def _render_statistics(network):
    return render_template(
        "admin/statistics.html",
        network=network,
        stats=compute_statistics(network),
        format_percent=format_percent,
        format_decimal=format_decimal,
        format_month=lambda month: format_date(month, "MMMM yyyy"),
        active="statistics",
    )


@bp.get("/statistik")
def statistics():
    """Statistics of all networks together."""
    return _render_statistics(None)


@bp.get("/netzwerke/<slug>/statistik")
def network_statistics(slug: str):
    return _render_statistics(load_network(slug))
