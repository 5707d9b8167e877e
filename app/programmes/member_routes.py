"""The member's side: apply to a programme year, tick milestones, apply for the seal."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.actions import submit
from app.core.loaders import load_network
from app.core.permissions import require_login
from app.extensions import db
from app.models import (
    Cohort,
    CohortMilestone,
    Membership,
    Network,
    ParticipationState,
    SealCase,
    SealState,
    today_in_germany,
)
from app.programmes import bp
from app.programmes.cohorts import (
    alumni_cohorts,
    apply_to_cohort,
    network_cohorts,
    note_interest,
    participation_of,
    places_left,
    withdraw,
)
from app.programmes.progress import ROLE_MUNICIPALITY, tick, ticks_of, untick
from app.programmes.seal_questions import answer
from app.programmes.seals import apply_for_seal
from forms import BaseForm
from forms.programmes import SealAnswerForm, SealApplicationForm, TickForm, answer_form

MAX_ID = 2**31 - 1
PREFIX = "/netzwerke/<slug>/programm"


def my_membership(slug: str) -> tuple[Network, Membership]:
    """The network and the current user's active membership in it; 404 for everyone else."""
    require_login()
    network = load_network(slug)
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.network_id == network.id,
            Membership.account_id == current_user.id,
            Membership.ended_at.is_(None),
        )
    )
    if membership is None:
        abort(404)
    return network, membership


def cohort_or_404(network: Network, cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id) if 0 < cohort_id <= MAX_ID else None
    if cohort is None or cohort.network_id != network.id:
        abort(404)
    return cohort


def _page_url(network: Network) -> str:
    return url_for("programmes.member", slug=network.slug)


def _render(
    network: Network,
    membership: Membership,
    seal_form: SealApplicationForm | None = None,
    answered: tuple[int, SealAnswerForm] | None = None,
):
    today = today_in_germany()
    rows = []
    for cohort in network_cohorts(network):
        participation = participation_of(cohort, membership)
        ticks = ticks_of(participation) if participation else {}
        rows.append((cohort, participation, places_left(cohort), ticks))
    if seal_form is None:
        seal_form = SealApplicationForm(formdata=None, year=today.year)
    cases = db.session.scalars(
        sa.select(SealCase).where(SealCase.membership_id == membership.id).order_by(SealCase.year.desc())
    ).all()
    answers = {case.id: answer_form(case.id, formdata=None) for case in cases if case.state is SealState.QUESTION}
    if answered is not None:
        answers[answered[0]] = answered[1]
    return render_template(
        "programmes/member.html",
        network=network,
        membership=membership,
        rows=rows,
        today=today,
        states=ParticipationState,
        alumni=alumni_cohorts(membership, today),
        seal_form=seal_form,
        cases=cases,
        answers=answers,
        tick_form=TickForm(formdata=None),
    )


@bp.get(PREFIX, endpoint="member")
def member_page(slug: str):
    network, membership = my_membership(slug)
    return _render(network, membership)


@bp.post(f"{PREFIX}/<int:cohort_id>/bewerben")
def apply(slug: str, cohort_id: int):
    network, membership = my_membership(slug)
    cohort = cohort_or_404(network, cohort_id)

    def success(participation) -> str:
        if participation.state is ParticipationState.PARTICIPANT:
            return _("Ihre Kommune hat einen Platz im %(cohort)s.", cohort=cohort.name)
        return _(
            "Alle Plätze sind vergeben. Ihre Kommune steht auf der Warteliste für den %(cohort)s.", cohort=cohort.name
        )

    done = submit(
        BaseForm(),
        lambda: apply_to_cohort(cohort, membership, today_in_germany()),
        success=success,
        next_url=_page_url(network),
        refused_url=_page_url(network),
        stale_url=_page_url(network),
    )
    return done or _render(network, membership)


@bp.post(f"{PREFIX}/<int:cohort_id>/vormerken")
def interest(slug: str, cohort_id: int):
    network, membership = my_membership(slug)
    cohort = cohort_or_404(network, cohort_id)
    done = submit(
        BaseForm(),
        lambda: note_interest(cohort, membership),
        success=_("Ihre Kommune ist für den nächsten Durchgang vorgemerkt."),
        next_url=_page_url(network),
        refused_url=_page_url(network),
        stale_url=_page_url(network),
    )
    return done or _render(network, membership)


@bp.post(f"{PREFIX}/<int:cohort_id>/zurueckziehen")
def withdraw_page(slug: str, cohort_id: int):
    network, membership = my_membership(slug)
    participation = participation_of(cohort_or_404(network, cohort_id), membership)
    if participation is None:
        abort(404)
    done = submit(
        BaseForm(),
        lambda: withdraw(participation),
        success=_("Ihre Kommune hat sich aus dem Durchgang zurückgezogen."),
        next_url=_page_url(network),
        refused_url=_page_url(network),
        stale_url=_page_url(network),
    )
    return done or _render(network, membership)


def milestone_or_404(cohort: Cohort, milestone_id: int) -> CohortMilestone:
    milestone = db.session.get(CohortMilestone, milestone_id) if 0 < milestone_id <= MAX_ID else None
    if milestone is None or milestone.cohort_id != cohort.id:
        abort(404)
    return milestone


def tick_action(form: TickForm, participation, milestone, role: str):
    """Tick with the given date (today if empty) or, with the button "undo", take the tick back."""
    if request.form.get("undo"):
        return lambda: untick(participation, milestone)
    actor = current_user._get_current_object()
    return lambda: tick(participation, milestone, actor, role, form.reached_on.day or today_in_germany())


@bp.post(f"{PREFIX}/<int:cohort_id>/meilensteine/<int:milestone_id>")
def member_tick(slug: str, cohort_id: int, milestone_id: int):
    network, membership = my_membership(slug)
    cohort = cohort_or_404(network, cohort_id)
    milestone = milestone_or_404(cohort, milestone_id)
    participation = participation_of(cohort, membership)
    if participation is None:
        abort(404)
    form = TickForm()
    if not form.validate_on_submit():
        flash(form.all_errors()[0][1] if form.all_errors() else _("Bitte versuchen Sie es erneut."), "error")
        return redirect(_page_url(network))
    done = submit(
        form,
        tick_action(form, participation, milestone, ROLE_MUNICIPALITY),
        success=_("Der Fortschritt wurde gespeichert."),
        next_url=_page_url(network),
        refused_url=_page_url(network),
        validate=False,
    )
    return done or redirect(_page_url(network))


@bp.post("/netzwerke/<slug>/siegel/bewerben")
def seal_apply(slug: str):
    network, membership = my_membership(slug)
    form = SealApplicationForm()
    actor = current_user._get_current_object()
    done = submit(
        form,
        lambda: apply_for_seal(membership, form.year.data, form.statement.data, actor),
        success=_("Ihre Bewerbung für das Siegel ist eingegangen. Die Koordination meldet sich."),
        next_url=_page_url(network),
    )
    return done or _render(network, membership, seal_form=form)


@bp.post("/netzwerke/<slug>/siegel/<int:case_id>/antworten")
def seal_answer(slug: str, case_id: int):
    network, membership = my_membership(slug)
    case = db.session.get(SealCase, case_id) if 0 < case_id <= MAX_ID else None
    if case is None or case.membership_id != membership.id:
        abort(404)
    form = answer_form(case.id)
    done = submit(
        form,
        lambda: answer(case, current_user._get_current_object(), form.answer.data),
        success=_("Ihre Antwort ist bei der Koordination eingegangen. Das Siegel ist wieder in Prüfung."),
        next_url=_page_url(network),
        stale_url=_page_url(network),
    )
    return done or _render(network, membership, answered=(case.id, form))
