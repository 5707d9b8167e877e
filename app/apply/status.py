"""After sending: confirmation link, private status page, answer, withdraw, "Link erneut senden"."""

from __future__ import annotations

import hashlib

from flask import after_this_request, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.apply import bp, submission
from app.apply.fields import summary_sections, values_from_application
from app.apply.submission import ConfirmOutcome
from app.core import history
from app.core.actions import submit
from app.core.limits import rate_limit
from app.core.outbox import send_after_commit
from app.extensions import db, limiter
from app.models import ApplicationState
from forms.account import ConfirmForm
from forms.apply import AnswerForm, ResendForm, WithdrawForm


def _resend_address_key() -> str:
    """Also limit per e-mail address, so that changing IP addresses cannot flood one inbox.
    The same limit applies whether or not the address has an application (no enumeration)."""
    address = (request.form.get("email") or "").strip().lower()
    return "resend:" + hashlib.sha256(address.encode("utf-8")).hexdigest()


def _private(response):
    """Pages behind a secret link: never cached, never indexed, never sent as referrer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _application_or_invalid_page(token: str):
    application = submission.find_by_status_token(token)
    if application is None:
        return None, _private(
            current_app.make_response((render_template("apply/link_problem.html", problem="status_invalid"), 404))
        )
    return application, None


@bp.route("/antrag/bestaetigen/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Opening the link shows a button; only pressing it (POST) confirms.

    Mail scanners that pre-fetch links would otherwise defeat the double opt-in.
    """
    form = ConfirmForm()
    if form.validate_on_submit():
        result = submission.confirm_application(token)
    else:
        result = submission.check_confirmation_link(token)
    if result.outcome is ConfirmOutcome.READY and result.application is not None:
        db.session.rollback()
        network = result.application.network
        page = render_template("apply/confirm.html", form=form, application=result.application, network=network)
        return _private(current_app.make_response(page))
    if result.outcome is ConfirmOutcome.CONFIRMED:
        db.session.commit()
        flash(_("Vielen Dank! Ihre E-Mail-Adresse ist bestätigt und Ihr Antrag ist eingegangen."), "success")
        return _private(redirect(url_for(".status", token=result.status_token)))
    db.session.rollback()
    status = 404 if result.outcome is ConfirmOutcome.INVALID else 410
    if result.outcome is ConfirmOutcome.ALREADY_CONFIRMED:
        status = 200
    page = render_template("apply/link_problem.html", problem=result.outcome.value, application=result.application)
    return _private(current_app.make_response((page, status)))


def _render_status(application, answer_form=None, status_code=200):
    network = application.network
    page = render_template(
        "apply/status.html",
        application=application,
        network=network,
        entries=history.entries_for(application, include_internal=False),
        question=submission.open_question(application) if application.state is ApplicationState.QUERY else "",
        answer_form=answer_form or AnswerForm(formdata=None),
        summary=summary_sections(
            network, application.applicant_kind, values_from_application(application), with_listing=True
        ),
    )
    return _private(current_app.make_response((page, status_code)))


@bp.get("/antrag/status/<token>")
def status(token: str):
    application, problem = _application_or_invalid_page(token)
    if problem is not None:
        return problem
    return _render_status(application)


@bp.post("/antrag/status/<token>/antwort")
def answer(token: str):
    application, problem = _application_or_invalid_page(token)
    if problem is not None:
        return problem
    form = AnswerForm()
    back = url_for(".status", token=token)
    done = submit(
        form,
        lambda: submission.answer_query(application, form.answer.data),
        success=_("Vielen Dank, Ihre Antwort wurde an die Koordination übermittelt."),
        next_url=back,
        refused_url=back,
    )
    return _private(done) if done else _render_status(application, form)


@bp.route("/antrag/status/<token>/zurueckziehen", methods=["GET", "POST"])
def withdraw(token: str):
    application, problem = _application_or_invalid_page(token)
    if problem is not None:
        return problem
    if not application.state.is_open:
        flash(_("Dieser Antrag ist bereits abgeschlossen und kann nicht mehr zurückgezogen werden."), "warning")
        return _private(redirect(url_for(".status", token=token)))
    form = WithdrawForm()
    done = submit(
        form,
        lambda: submission.withdraw_application(application, form.reason.data or ""),
        success=_("Ihr Antrag wurde zurückgezogen."),
        next_url=url_for(".status", token=token),
    )
    if done:
        return _private(done)
    page = render_template("apply/withdraw.html", application=application, network=application.network, form=form)
    return _private(current_app.make_response(page))


@bp.route("/antrag/link-erneut-senden", methods=["GET", "POST"])
@limiter.limit(rate_limit("apply_resend"), methods=["POST"])
@limiter.limit(rate_limit("apply_resend_address"), methods=["POST"], key_func=_resend_address_key)
def resend():
    form = ResendForm()
    if form.validate_on_submit():
        submission.resend_links(form.email.data)
        db.session.commit()
        _send_after_response()
        return redirect(url_for(".resend_done"))
    return render_template("apply/resend.html", form=form)


def _send_after_response() -> None:
    """Send the resent links once the response is out: its timing must not reveal whether
    the address has an application (the outbox retries anything that fails)."""
    ids = db.session.info.pop("outbox_committed", None)
    if not ids:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send() -> None:
        with app.app_context():
            send_after_commit(ids)

    @after_this_request
    def _later(response):
        response.call_on_close(send)
        return response


@bp.get("/antrag/link-erneut-senden/gesendet")
def resend_done():
    return render_template("apply/resend_done.html", days=current_app.config["CONFIRMATION_TOKEN_DAYS"])


@bp.errorhandler(429)
def too_many_requests(error):
    """Rate limits on the form: a friendly page that says when to try again."""
    return render_template("apply/rate_limited.html", description=getattr(error, "description", "")), 429
