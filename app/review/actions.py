"""One application: the detail page and its actions (each a POST with CSRF protection)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, url_for
from flask_babel import lazy_gettext as _l

from app.apply.capacity import capacity_reached
from app.apply.fields import summary_sections, values_from_application
from app.core import history
from app.core.actions import submit
from app.models import Application, ApplicationState, Network
from app.review import bp, decisions
from app.review.duplicates import duplicate_hints
from app.review.loaders import load_application_for_review
from app.review.routes import acting_account
from app.review.transitions import allowed_targets, can_reopen, can_take
from forms.review import ApproveForm, NoteForm, QuestionForm, RejectForm, ReopenForm, TakeForm

S = ApplicationState
FORMS = {
    "take": TakeForm,
    "question": QuestionForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "note": NoteForm,
    "reopen": ReopenForm,
}


def _forms(network: Network, application: Application, submitted: dict) -> dict:
    """All action forms of the page: the submitted one as sent, the others fresh with defaults."""
    forms = {}
    for prefix, form_class in FORMS.items():
        if prefix in submitted:
            form = submitted[prefix]
        elif prefix == "approve":
            form = form_class(
                formdata=None,
                prefix=prefix,
                data={
                    "themenkreise": [tk.id for tk in application.themenkreise],
                    "listed": application.wants_directory_listing and network.directory_enabled,
                },
            )
        else:
            form = form_class(formdata=None, prefix=prefix)
        form.version.data = str(application.version)  # the version this page shows
        forms[prefix] = form
    forms["approve"].set_themenkreise(network.themenkreise)
    return forms


def render_detail(network: Network, application: Application, **submitted):
    account = acting_account()
    targets = allowed_targets(application, decisions.actor_for(account))
    active = application.anonymised_at is None  # an anonymised application offers no action
    return render_template(
        "review/detail.html",
        network=network,
        application=application,
        sections=summary_sections(
            network, application.applicant_kind, values_from_application(application), with_listing=True
        ),
        entries=history.entries_for(application, include_internal=True),
        hints=duplicate_hints(application),
        forms=_forms(network, application, submitted),
        can_take=active and can_take(application, account),
        can_ask=S.QUERY in targets,
        can_decide=S.ACCEPTED in targets,
        can_reopen=active and can_reopen(application, account),
        can_note=active,
        capacity_reached=capacity_reached(network),
        is_admin=account.is_admin,
    )


@bp.get("/<slug>/antraege/<int:application_id>")
def detail(slug: str, application_id: int):
    network, application = load_application_for_review(slug, application_id, full=True)
    return render_detail(network, application)


def _act(slug: str, application_id: int, prefix: str, perform: Callable, success, *, admin_only: bool = False):
    """Validate the action's form, run the service, commit; errors go back to the page."""
    network, application = load_application_for_review(slug, application_id, full=True)
    if admin_only and not acting_account().is_admin:
        abort(403)
    form = FORMS[prefix](prefix=prefix)
    if prefix == "approve":
        form.set_themenkreise(network.themenkreise)
    back = url_for("review.detail", slug=network.slug, application_id=application.id)
    # Someone else decided first (or the page was old): nothing of ours counts, no mail goes out.
    done = submit(form, lambda: perform(application, form), success=success, next_url=back, stale_url=back)
    return done or render_detail(network, application, **{prefix: form})


@bp.post("/<slug>/antraege/<int:application_id>/in-pruefung")
def take(slug: str, application_id: int):
    return _act(
        slug,
        application_id,
        "take",
        lambda application, form: decisions.take_into_review(application, acting_account(), form.seen_version),
        _l("Der Antrag ist jetzt in Prüfung und Ihnen zugewiesen."),
    )


@bp.post("/<slug>/antraege/<int:application_id>/rueckfrage")
def ask(slug: str, application_id: int):
    return _act(
        slug,
        application_id,
        "question",
        lambda application, form: decisions.ask_question(
            application, acting_account(), form.message.data, form.seen_version
        ),
        _l("Die Rückfrage wurde an die Antragsteller*in geschickt."),
    )


@bp.post("/<slug>/antraege/<int:application_id>/annehmen")
def approve(slug: str, application_id: int):
    def perform(application, form):
        chosen = set(form.themenkreise.data or [])
        decisions.approve(
            application,
            acting_account(),
            themenkreise=[tk for tk in application.network.themenkreise if tk.id in chosen],
            listed=form.listed.data,
            personal_message=form.message.data or "",
            version=form.seen_version,
        )

    return _act(
        slug,
        application_id,
        "approve",
        perform,
        _l("Der Antrag wurde angenommen. Die Mitgliedschaft ist angelegt und die E-Mail verschickt."),
    )


@bp.post("/<slug>/antraege/<int:application_id>/ablehnen")
def reject(slug: str, application_id: int):
    return _act(
        slug,
        application_id,
        "reject",
        lambda application, form: decisions.reject(
            application,
            acting_account(),
            form.reason.data,
            form.seen_version,
            personal_message=form.message.data or "",
        ),
        _l("Der Antrag wurde abgelehnt. Die Antragsteller*in wurde per E-Mail informiert."),
    )


@bp.post("/<slug>/antraege/<int:application_id>/notiz")
def note(slug: str, application_id: int):
    return _act(
        slug,
        application_id,
        "note",
        lambda application, form: decisions.add_note(application, acting_account(), form.message.data),
        _l("Die interne Notiz wurde gespeichert."),
    )


@bp.post("/<slug>/antraege/<int:application_id>/wieder-oeffnen")
def reopen(slug: str, application_id: int):
    return _act(
        slug,
        application_id,
        "reopen",
        lambda application, form: decisions.reopen(application, acting_account(), form.reason.data, form.seen_version),
        _l("Die Entscheidung wurde wieder geöffnet; der Antrag ist wieder in Prüfung."),
        admin_only=True,
    )
