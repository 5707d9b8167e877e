"""Coordinator pages: the verification queue, one request (question, accept, reject), direct
attestation of a member, the network's verified e-mail domains; the badge template globals."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.actions import submit
from app.core.permissions import coordinator_network
from app.extensions import db
from app.models import VerifiedDomain, today_in_germany
from app.verification import badges, bp, decisions, domains, queue
from app.verification.decisions import OPEN_STATES
from forms import BaseForm
from forms.verification import AttestForm, DomainForm, MessageForm, RejectForm

PREFIX = "/koordination/<slug>/verifizierung"
ID = "int(max=2147483647)"


@bp.app_template_global()
def verification_badges(membership_ids):
    """{membership id: current verification} for a list of memberships (one query)."""
    return badges.badges_for(list(membership_ids))


@bp.app_template_global()
def author_verification(network_id, account_id):
    """The current verification of the member an atlas author speaks for, or None."""
    return badges.badge_for_account(network_id, account_id)


def _acting():
    return current_user._get_current_object()


def _default_until():
    return today_in_germany() + timedelta(days=365)


@bp.get(PREFIX)
def queue_page(slug: str):
    network = coordinator_network(slug)
    return render_template(
        "verification/queue.html", network=network, requests=queue.open_requests(network),
        current=queue.current_verifications(network),
    )  # fmt: skip


def _detail(slug: str, verification_id: int):
    network = coordinator_network(slug)
    verification = queue.find_verification(network, verification_id)
    if verification is None:
        abort(404)
    return network, verification


def _detail_page(network, verification, status=200, **forms):
    accept_form = forms.get("accept_form") or AttestForm(
        formdata=None, label=verification.label, valid_until=_default_until()
    )
    return render_template(
        "verification/detail.html", network=network, verification=verification,
        events=queue.events_of(verification), is_open=verification.state in OPEN_STATES,
        ask_form=forms.get("ask_form") or MessageForm(formdata=None), accept_form=accept_form,
        reject_form=forms.get("reject_form") or RejectForm(formdata=None, prefix="reject"),
    ), status  # fmt: skip


@bp.get(PREFIX + f"/<{ID}:verification_id>")
def detail(slug: str, verification_id: int):
    network, verification = _detail(slug, verification_id)
    return _detail_page(network, verification)


@bp.post(PREFIX + f"/<{ID}:verification_id>/rueckfrage")
def ask(slug: str, verification_id: int):
    network, verification = _detail(slug, verification_id)
    form = MessageForm()
    back = url_for("verification.detail", slug=slug, verification_id=verification.id)
    done = submit(
        form, lambda: decisions.ask(verification, _acting(), form.message.data),
        success=_l("Die Rückfrage ist verschickt."), next_url=back, stale_url=back,
    )  # fmt: skip
    return done or _detail_page(network, verification, 422, ask_form=form)


@bp.post(PREFIX + f"/<{ID}:verification_id>/bestaetigen")
def accept(slug: str, verification_id: int):
    network, verification = _detail(slug, verification_id)
    form = AttestForm()
    back = url_for("verification.detail", slug=slug, verification_id=verification.id)
    done = submit(
        form,
        lambda: decisions.accept(
            verification, _acting(), label=form.label.data, reason=form.reason.data, valid_until=form.valid_until.data
        ),
        success=_l("Die Verifizierung ist bestätigt."), next_url=back, stale_url=back,
    )  # fmt: skip
    return done or _detail_page(network, verification, 422, accept_form=form)


@bp.post(PREFIX + f"/<{ID}:verification_id>/ablehnen")
def reject(slug: str, verification_id: int):
    network, verification = _detail(slug, verification_id)
    form = RejectForm(prefix="reject")
    back = url_for("verification.detail", slug=slug, verification_id=verification.id)
    done = submit(
        form, lambda: decisions.reject(verification, _acting(), reason=form.reason.data),
        success=_l("Der Antrag ist abgelehnt."), next_url=back, stale_url=back,
    )  # fmt: skip
    return done or _detail_page(network, verification, 422, reject_form=form)


@bp.route(PREFIX + f"/mitglied/<{ID}:membership_id>", methods=["GET", "POST"])
def attest(slug: str, membership_id: int):
    network = coordinator_network(slug)
    membership = queue.find_membership(network, membership_id)
    if membership is None:
        abort(404)
    form = AttestForm()
    if not form.is_submitted():
        form.label.data, form.valid_until.data = decisions.default_label(membership), _default_until()
    back = url_for("verification.attest", slug=slug, membership_id=membership.id)
    done = submit(
        form,
        lambda: decisions.attest(
            membership, _acting(), label=form.label.data, reason=form.reason.data, valid_until=form.valid_until.data
        ),
        success=_l("Die Verifizierung ist bestätigt."), next_url=back,
    )  # fmt: skip
    if done:
        return done
    return render_template(
        "verification/attest.html", network=network, membership=membership, form=form,
        verifications=queue.verifications_of(membership),
    ), (422 if form.errors else 200)  # fmt: skip


@bp.route(PREFIX + "/domains", methods=["GET", "POST"])
def domain_list(slug: str):
    network = coordinator_network(slug)
    form = DomainForm()
    form.set_choices(domains.organisations_of(network))
    back = url_for("verification.domain_list", slug=slug)
    done = submit(
        form, lambda: domains.add_domain(network, form.organisation_id, form.domain.data, _acting()),
        success=_l("Die Domain ist eingetragen; passende Ansprechpersonen sind jetzt verifiziert."), next_url=back,
    )  # fmt: skip
    if done:
        return done
    return render_template(
        "verification/domains.html", network=network, form=form, domains=domains.domains_of(network),
        remove_form=BaseForm(formdata=None),
    ), (422 if form.errors else 200)  # fmt: skip


@bp.post(PREFIX + f"/domains/<{ID}:domain_id>/entfernen")
def domain_remove(slug: str, domain_id: int):
    network = coordinator_network(slug)
    row = db.session.get(VerifiedDomain, domain_id)
    if row is None or row.network_id != network.id:
        abort(404)
    back = url_for("verification.domain_list", slug=slug)
    return submit(
        BaseForm(), lambda: domains.remove_domain(row),
        success=_l("Die Domain ist entfernt."), next_url=back, refused_url=back,
    ) or redirect(back)  # fmt: skip
