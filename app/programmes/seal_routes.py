"""The coordination's side of the seal: scoring sheet, nominations, reviews, decision, renewal."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.core.actions import submit
from app.core.permissions import coordinator_network
from app.extensions import db
from app.models import HistoryEntry, HistoryKind, Membership, Network, SealCase, SealReview, SealState, today_in_germany
from app.programmes import bp
from app.programmes.member_routes import MAX_ID
from app.programmes.seal_questions import ask
from app.programmes.seals import (
    average,
    criteria_of,
    decide,
    default_valid_until,
    municipality_name,
    network_cases,
    nominate,
    renew,
    save_criteria,
    save_review,
)
from forms import BaseForm
from forms.programmes import CriteriaForm, DecisionForm, NominationForm, SealQuestionForm, german, review_form

PREFIX = "/koordination/<slug>/siegel"


def _actor():
    return current_user._get_current_object()


def _members(network: Network) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.network_id == network.id, Membership.ended_at.is_(None))
            .order_by(Membership.id)
        )
    )


def _nomination_form(network: Network) -> NominationForm:
    form = NominationForm() if request.method == "POST" else NominationForm(formdata=None, year=today_in_germany().year)
    form.membership_id.choices = [SelectChoice(m.id, municipality_name(m)) for m in _members(network)]
    return form


def _cases_page(network: Network, nomination=None, criteria_form=None):
    if criteria_form is None:
        criteria_form = CriteriaForm(formdata=None)
        criteria_form.fill_from(criteria_of(network.id))
    return render_template(
        "programmes/seal_cases.html",
        network=network,
        cases=network_cases(network),
        nomination=nomination or _nomination_form(network),
        criteria_form=criteria_form,
        name_of=municipality_name,
    )


@bp.get(PREFIX)
def seal_cases(slug: str):
    return _cases_page(coordinator_network(slug))


@bp.post(f"{PREFIX}/nominieren")
def nominate_page(slug: str):
    network = coordinator_network(slug)
    form = _nomination_form(network)

    def action():
        membership = db.session.get(Membership, form.membership_id.data)
        return nominate(network, membership, form.year.data, _actor())

    done = submit(
        form,
        action,
        success=_("Die Kommune wurde für das Siegel nominiert."),
        next_url=lambda case: url_for("programmes.seal_case", slug=network.slug, case_id=case.id),
    )
    return done or _cases_page(network, nomination=form)


@bp.post(f"{PREFIX}/kriterien")
def criteria(slug: str):
    network = coordinator_network(slug)
    form = CriteriaForm()
    done = submit(
        form,
        lambda: save_criteria(network, form.parsed()),
        success=_("Der Bewertungsbogen wurde gespeichert."),
        next_url=url_for("programmes.seal_cases", slug=network.slug),
    )
    return done or _cases_page(network, criteria_form=form)


def _case_or_404(network: Network, case_id: int) -> SealCase:
    case = db.session.get(SealCase, case_id) if 0 < case_id <= MAX_ID else None
    if case is None or case.network_id != network.id:
        abort(404)
    return case


def _case_page(network: Network, case: SealCase, review=None, decision=None, question=None):
    criteria_list = criteria_of(network.id)
    mine = db.session.scalar(
        sa.select(SealReview).where(SealReview.case_id == case.id, SealReview.reviewer_id == current_user.id)
    )
    if review is None:
        values = {}
        if mine is not None:
            values = {f"criterion_{key}": points for key, points in mine.scores.items()}
            values |= {"conflict_of_interest": mine.conflict_of_interest, "conflict_note": mine.conflict_note}
            values["comment"] = mine.comment
        review = review_form(criteria_list, formdata=None, **values)
    if decision is None:
        decision = DecisionForm(formdata=None, valid_until=german(default_valid_until(case.year)))
    history = db.session.scalars(
        sa.select(HistoryEntry)
        .where(HistoryEntry.membership_id == case.membership_id, HistoryEntry.kind == HistoryKind.SEAL)
        .order_by(HistoryEntry.created_at, HistoryEntry.id)
    ).all()
    return render_template(
        "programmes/seal_case.html",
        network=network,
        case=case,
        name=municipality_name(case.membership),
        criteria=criteria_list,
        review=review,
        decision=decision,
        question=question or SealQuestionForm(formdata=None),
        average=average(case),
        history=history,
    )


@bp.get(f"{PREFIX}/<int:case_id>")
def seal_case(slug: str, case_id: int):
    network = coordinator_network(slug)
    return _case_page(network, _case_or_404(network, case_id))


@bp.post(f"{PREFIX}/<int:case_id>/bewerten")
def review(slug: str, case_id: int):
    network = coordinator_network(slug)
    case = _case_or_404(network, case_id)
    form = review_form(criteria_of(network.id))
    url = url_for("programmes.seal_case", slug=network.slug, case_id=case.id)
    done = submit(
        form,
        lambda: save_review(
            case,
            _actor(),
            conflict_of_interest=bool(form.conflict_of_interest.data),
            conflict_note=form.conflict_note.data or "",
            scores=form.scores(),
            comment=form.comment.data or "",
        ),
        success=_("Ihr Bewertungsbogen wurde gespeichert."),
        next_url=url,
        stale_url=url,
    )
    return done or _case_page(network, case, review=form)


@bp.post(f"{PREFIX}/<int:case_id>/entscheiden")
def decide_page(slug: str, case_id: int):
    network = coordinator_network(slug)
    case = _case_or_404(network, case_id)
    form = DecisionForm()
    url = url_for("programmes.seal_case", slug=network.slug, case_id=case.id)
    done = submit(
        form,
        lambda: decide(
            case,
            _actor(),
            award=form.decision.data == "award",
            valid_until=form.valid_until.day,
            note=form.note.data or "",
        ),
        success=lambda decided: (
            _("Das Siegel wurde vergeben.")
            if decided.state is SealState.AWARDED
            else _("Das Siegel wurde nicht vergeben.")
        ),
        next_url=url,
        stale_url=url,
    )
    return done or _case_page(network, case, decision=form)


@bp.post(f"{PREFIX}/<int:case_id>/erneuern")
def renew_page(slug: str, case_id: int):
    network = coordinator_network(slug)
    case = _case_or_404(network, case_id)
    url = url_for("programmes.seal_case", slug=network.slug, case_id=case.id)
    done = submit(
        BaseForm(),
        lambda: renew(case, _actor()),
        success=_("Die Erneuerung wurde begonnen: Die Kommune ist für das nächste Jahr nominiert."),
        next_url=lambda new: url_for("programmes.seal_case", slug=network.slug, case_id=new.id),
        refused_url=url,
        stale_url=url,
    )
    return done or redirect(url)


@bp.post(f"{PREFIX}/<int:case_id>/rueckfrage")
def ask_page(slug: str, case_id: int):
    network = coordinator_network(slug)
    case = _case_or_404(network, case_id)
    form = SealQuestionForm()
    url = url_for("programmes.seal_case", slug=network.slug, case_id=case.id)
    done = submit(
        form,
        lambda: ask(case, _actor(), form.question.data),
        success=_("Die Rückfrage wurde an die Kommune geschickt. Bis zur Antwort ruht die Entscheidung."),
        next_url=url,
        stale_url=url,
    )
    return done or _case_page(network, case, question=form)
