"""Administration: who coordinates a network (assign, invite, remove, notifications)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.common import acting_admin
from app.admin.roles import assign_coordinator, coordinator_assignments, find_assignment, remove_coordinator
from app.admin.roles import set_notification as set_assignment_notification
from app.core.actions import submit
from app.core.loaders import load_network
from app.extensions import db
from app.models import CoordinatorAssignment, Network
from forms import BaseForm
from forms.admin import CoordinatorForm, NotifyForm


def _assignment_or_404(network: Network, account_id: int) -> CoordinatorAssignment:
    assignment = find_assignment(network, account_id)
    if assignment is None:
        abort(404)
    return assignment


@bp.route("/netzwerke/<slug>/koordination", methods=["GET", "POST"])
def coordinators(slug: str):
    """The network's coordinators; the form assigns an account or invites a new person."""
    network = load_network(slug)
    form = CoordinatorForm()
    back = url_for("admin.coordinators", slug=network.slug)

    def assigned(result) -> str:
        account, invited = result
        if invited:
            return _(
                "%(email)s koordiniert jetzt „%(network)s“ und hat eine Einladung per E-Mail erhalten, "
                "um ein Passwort festzulegen.",
                email=account.email,
                network=network.name,
            )
        return _(
            "%(name)s koordiniert jetzt „%(network)s“ und wurde per E-Mail informiert.",
            name=account.display_name,
            network=network.name,
        )

    done = submit(
        form,
        lambda: assign_coordinator(
            network,
            email=form.email.data,
            first_name=form.first_name.data or "",
            last_name=form.last_name.data or "",
            actor=acting_admin(),
        ),
        success=assigned,
        next_url=back,
        stale_url=back,
    )
    if done:
        return done
    return render_template(
        "admin/coordinators.html",
        network=network,
        assignments=coordinator_assignments(network),
        form=form,
        active="coordinators",
    )


@bp.post("/netzwerke/<slug>/koordination/<int:account_id>/entfernen")
def coordinator_remove(slug: str, account_id: int):
    network = load_network(slug)
    assignment = _assignment_or_404(network, account_id)
    back = url_for("admin.coordinators", slug=network.slug)
    name = assignment.account.display_name
    done = submit(
        BaseForm(),
        lambda: remove_coordinator(assignment, actor=acting_admin()),
        success=_("%(name)s koordiniert „%(network)s“ nicht mehr.", name=name, network=network.name),
        next_url=back,
        refused_url=back,
    )
    return done or redirect(back)


@bp.post("/netzwerke/<slug>/koordination/<int:account_id>/benachrichtigung")
def coordinator_notify(slug: str, account_id: int):
    """Switch the mail per new application on ("1") or off ("0") for one coordinator."""
    network = load_network(slug)
    assignment = _assignment_or_404(network, account_id)
    form = NotifyForm()
    if form.validate_on_submit() and form.notify.data in ("0", "1"):
        set_assignment_notification(assignment, form.notify.data == "1")
        db.session.commit()
        name = assignment.account.display_name
        if assignment.notify:
            flash(_("%(name)s erhält wieder eine E-Mail zu jedem neuen Antrag.", name=name), "success")
        else:
            flash(_("%(name)s erhält keine E-Mails zu neuen Anträgen mehr.", name=name), "success")
    else:
        flash(_("Die Einstellung konnte nicht geändert werden."), "error")
    return redirect(url_for("admin.coordinators", slug=network.slug))
