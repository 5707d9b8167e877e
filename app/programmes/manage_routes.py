"""The coordination's side of the programme years: cohorts, waiting list, progress overview."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.actions import submit
from app.core.permissions import coordinator_network
from app.extensions import db
from app.models import Cohort, CohortParticipation, Network, ParticipationState
from app.programmes import bp
from app.programmes.cohorts import (
    interested_earlier,
    move_up,
    network_cohorts,
    participations,
    places_left,
    save_cohort,
)
from app.programmes.member_routes import MAX_ID, cohort_or_404, milestone_or_404, tick_action
from app.programmes.progress import ROLE_COORDINATION, overview, ticks_of
from app.programmes.seals import municipality_name
from forms import BaseForm
from forms.programmes import CohortForm, TickForm

PREFIX = "/koordination/<slug>/programm"
P = ParticipationState


def _cohort_url(network: Network, cohort: Cohort) -> str:
    return url_for("programmes.cohort", slug=network.slug, cohort_id=cohort.id)


def _participation_or_404(cohort: Cohort, participation_id: int) -> CohortParticipation:
    participation = db.session.get(CohortParticipation, participation_id) if 0 < participation_id <= MAX_ID else None
    if participation is None or participation.cohort_id != cohort.id:
        abort(404)
    return participation


@bp.get(PREFIX)
def manage(slug: str):
    network = coordinator_network(slug)
    cohorts = [(cohort, places_left(cohort)) for cohort in network_cohorts(network)]
    return render_template("programmes/manage.html", network=network, cohorts=cohorts)


def _save(network: Network, cohort: Cohort | None):
    form = CohortForm()
    if request.method == "GET" and cohort is not None:
        form.fill_from(cohort)
    done = submit(
        form,
        lambda: save_cohort(network, cohort, form.cohort_data(), actor=current_user._get_current_object()),
        success=lambda saved: _("Der Durchgang „%(name)s“ wurde gespeichert.", name=saved.name),
        next_url=lambda saved: _cohort_url(network, saved),
    )
    return done or render_template("programmes/cohort_form.html", network=network, form=form, cohort=cohort)


@bp.route(f"{PREFIX}/neu", methods=["GET", "POST"])
def new_cohort(slug: str):
    return _save(coordinator_network(slug), None)


@bp.route(f"{PREFIX}/<int:cohort_id>/bearbeiten", methods=["GET", "POST"])
def edit_cohort(slug: str, cohort_id: int):
    network = coordinator_network(slug)
    return _save(network, cohort_or_404(network, cohort_id))


@bp.get(f"{PREFIX}/<int:cohort_id>")
def cohort(slug: str, cohort_id: int):
    network = coordinator_network(slug)
    cohort = cohort_or_404(network, cohort_id)
    return render_template(
        "programmes/cohort.html",
        network=network,
        cohort=cohort,
        free=places_left(cohort),
        progress=overview(cohort),
        waiting=participations(cohort, P.WAITING),
        interested=participations(cohort, P.INTERESTED_NEXT),
        earlier=interested_earlier(cohort),
        name_of=municipality_name,
    )


@bp.post(f"{PREFIX}/<int:cohort_id>/nachruecken/<int:participation_id>")
def move_up_page(slug: str, cohort_id: int, participation_id: int):
    network = coordinator_network(slug)
    cohort = cohort_or_404(network, cohort_id)
    participation = _participation_or_404(cohort, participation_id)
    url = _cohort_url(network, cohort)
    done = submit(
        BaseForm(),
        lambda: move_up(participation),
        success=lambda moved: _("%(name)s hat jetzt einen Platz.", name=municipality_name(moved.membership)),
        next_url=url,
        refused_url=url,
        stale_url=url,
    )
    return done or redirect(url)


@bp.route(f"{PREFIX}/<int:cohort_id>/teilnahme/<int:participation_id>", methods=["GET"])
def participation(slug: str, cohort_id: int, participation_id: int):
    network = coordinator_network(slug)
    cohort = cohort_or_404(network, cohort_id)
    participation = _participation_or_404(cohort, participation_id)
    return render_template(
        "programmes/participation.html",
        network=network,
        cohort=cohort,
        participation=participation,
        ticks=ticks_of(participation),
        name=municipality_name(participation.membership),
        tick_form=TickForm(formdata=None),
    )


@bp.post(f"{PREFIX}/<int:cohort_id>/teilnahme/<int:participation_id>/meilensteine/<int:milestone_id>")
def coordinator_tick(slug: str, cohort_id: int, participation_id: int, milestone_id: int):
    network = coordinator_network(slug)
    cohort = cohort_or_404(network, cohort_id)
    participation = _participation_or_404(cohort, participation_id)
    milestone = milestone_or_404(cohort, milestone_id)
    url = url_for("programmes.participation", slug=network.slug, cohort_id=cohort.id, participation_id=participation.id)
    form = TickForm()
    if not form.validate_on_submit():
        flash(form.all_errors()[0][1] if form.all_errors() else _("Bitte versuchen Sie es erneut."), "error")
        return redirect(url)
    done = submit(
        form,
        tick_action(form, participation, milestone, ROLE_COORDINATION),
        success=_("Der Fortschritt wurde gespeichert."),
        next_url=url,
        refused_url=url,
        validate=False,
    )
    return done or redirect(url)
