"""The member side: see the verification of an organisation one speaks for, request it, answer."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.actions import submit
from app.core.permissions import require_login
from app.extensions import db
from app.members.contacts import is_contact
from app.models import Membership
from app.verification import bp, decisions, queue
from forms.verification import MessageForm, RequestForm

PAGE = "/mein-bereich/verifizierung/<int(max=2147483647):membership_id>"


def _membership(membership_id: int) -> Membership:
    require_login()
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.ended_at is not None or not is_contact(membership, current_user):
        abort(404)
    return membership


def _page(membership: Membership, status: int = 200, **forms):
    open_request = decisions.open_request(membership)
    request_form = forms.get("request_form") or RequestForm(formdata=None, label=decisions.default_label(membership))
    return render_template(
        "verification/request.html", membership=membership, network=membership.network,
        open_request=open_request, events=queue.events_of(open_request) if open_request else [],
        request_form=request_form, answer_form=forms.get("answer_form") or MessageForm(formdata=None),
    ), status  # fmt: skip


@bp.route(PAGE, methods=["GET", "POST"])
def request_page(membership_id: int):
    membership = _membership(membership_id)
    form = RequestForm()
    done = submit(
        form,
        lambda: decisions.request_verification(
            membership, current_user._get_current_object(), label=form.label.data or "", text=form.text.data
        ),
        success=_l("Ihr Antrag ist bei der Koordination."),
        next_url=url_for("verification.request_page", membership_id=membership.id),
    )
    return done or _page(membership, 422 if form.errors else 200, request_form=form)


@bp.post(PAGE + "/antwort")
def answer(membership_id: int):
    membership = _membership(membership_id)
    open_request = decisions.open_request(membership)
    if open_request is None:
        abort(404)
    form = MessageForm()
    back = url_for("verification.request_page", membership_id=membership.id)
    done = submit(
        form, lambda: decisions.answer(open_request, current_user._get_current_object(), form.message.data),
        success=_l("Ihre Antwort ist bei der Koordination."), next_url=back, stale_url=back,
    )  # fmt: skip
    return done or _page(membership, 422, answer_form=form)
