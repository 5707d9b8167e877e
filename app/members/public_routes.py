"""Pages for members and invited people: accept an invitation, unsubscribe from messages."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.actions import submit
from app.core.consent import privacy_notice
from app.core.limits import rate_limit
from app.core.permissions import require_login
from app.core.web import render_markdown
from app.extensions import csrf, db, limiter
from app.members import bp, invitations, lookup, messages
from forms.members import AcceptInvitationForm, CsrfOnlyForm, int_or_none


@bp.route("/mitgliedschaft/einladung/<token>", methods=["GET", "POST"])
@limiter.limit(rate_limit("accept_invitation"), methods=["POST"])
def accept_invitation(token: str):
    invitation = lookup.find_by_token(token)
    if invitation is None:
        return render_template("members/invitation_invalid.html"), 404
    network = invitation.network
    needs_password = invitations.needs_password(invitation)
    text = invitations.consent_text(network)
    form = AcceptInvitationForm()
    if form.validate_on_submit() and needs_password and not form.password.data:
        form.password.errors = [str(_l("Bitte wählen Sie ein Passwort."))]
    else:
        done = submit(
            form,
            lambda: invitations.accept(
                invitation,
                password=form.password.data if needs_password else None,
                listed=bool(form.listed.data),
                texts_seen=text,
            ),
            success=_l("Willkommen im Netzwerk %(network)s! Sie können sich jetzt anmelden.", network=network.name),
            next_url=url_for("auth.login"),
        )
        if done:
            return done
    form.password.data = form.password_repeat.data = ""
    return render_template(
        "members/accept.html",
        invitation=invitation,
        network=network,
        form=form,
        needs_password=needs_password,
        consent_label=invitations.CONSENT_LABEL,
        notice=render_markdown(privacy_notice(network)),
    )


@bp.route("/rundschreiben/abbestellen/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail programs POST here without a form; the signed token is the proof
@limiter.limit(rate_limit("unsubscribe"), methods=["POST"])
def unsubscribe(token: str):
    membership = messages.membership_for_token(token)
    if membership is None:
        abort(404)
    done = False
    if request.method == "POST":
        messages.set_opt_out(membership, True)
        db.session.commit()
        done = True
    return render_template("members/unsubscribe.html", network=membership.network, done=done, token=token)


@bp.route("/mein-bereich/rundschreiben", methods=["GET", "POST"])
def my_messages():
    require_login()
    memberships = messages.active_memberships_of(current_user.id)
    form = CsrfOnlyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        membership = next((m for m in memberships if m.id == int_or_none(request.form.get("membership"))), None)
        if membership is None:
            abort(404)
        wanted = request.form.get("receive") == "1"
        messages.set_opt_out(membership, not wanted)
        db.session.commit()
        flash(
            _l(
                "Rundschreiben von %(network)s: %(state)s.",
                network=membership.network.name,
                state=_l("erhalten") if wanted else _l("abbestellt"),
            ),
            "success",
        )
        return redirect(url_for("members.my_messages"))
    return render_template("members/my_messages.html", memberships=memberships, form=form)
