"""Member area: my networks, profile and visibility, e-mail change, leaving, data export and deletion."""

from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user

from app.account import bp, profile
from app.core.actions import submit
from app.core.downloads import download, json_download
from app.core.limits import rate_limit
from app.core.values import format_phone
from app.core.viewercache import cached_for_viewer
from app.directory import listing
from app.extensions import db, limiter
from app.members import contacts
from app.models import Membership, Visibility, utcnow
from app.networks.queries import upcoming_events
from app.privacy import data_export, erasure
from forms.account import ConfirmForm, DeleteAccountForm, EmailChangeForm, LeaveForm, profile_form_class


@bp.get("/")
@cached_for_viewer
@login_required
def overview():
    memberships = profile.active_memberships(current_user)
    events = upcoming_events([membership.network_id for membership in memberships])
    return render_template(
        "account/overview.html",
        memberships=memberships,
        ended=profile.ended_memberships(current_user),
        events=events,
    )


@bp.route("/profil", methods=["GET", "POST"], endpoint="profile")
@login_required
def edit_profile():
    memberships = profile.active_memberships(current_user)
    form_class = profile_form_class(memberships)
    form = form_class(obj=current_user) if request.method == "GET" else form_class()
    if request.method == "GET":
        form.phone.data = format_phone(current_user.phone)  # stored as E.164, shown as people write it
        for name in profile.VISIBILITY_FIELDS:
            form[name].data = getattr(current_user, name).value
        for membership in memberships:
            listed, themen = form.membership_fields(membership)
            listed.data = membership.listed_in_directory
            if themen is not None:
                ids = [tk.id for tk in membership.themenkreise]
                themen.data = ids if themen.type == "MultiCheckboxField" else (ids[0] if ids else None)
    if form.validate_on_submit():
        choices = {}
        for membership in memberships:
            listed, themen = form.membership_fields(membership)
            data = themen.data if themen is not None else []
            ids = data if isinstance(data, list) else ([data] if data else [])
            choices[membership.id] = profile.MembershipChoice(listed=bool(listed.data), themenkreis_ids=ids)
        done = submit(
            form,
            lambda: profile.update_profile(
                current_user,
                {name: form[name].data for name in profile.PROFILE_FIELDS},
                {name: Visibility(form[name].data) for name in profile.VISIBILITY_FIELDS},
                choices,
            ),
            validate=False,
            success=_l("Ihr Profil wurde gespeichert."),
            next_url=url_for("account.profile"),
        )
        if done:
            return done
    return render_template(
        "account/profile.html",
        form=form,
        memberships=memberships,
        has_password_page="auth.change_password" in current_app.view_functions,
    )


@bp.get("/profil/vorschau")
@login_required
def preview():
    """So sehen andere Mitglieder Ihr Profil – per network, exactly what the directory shows."""
    memberships = profile.active_memberships(current_user)
    views = [(membership, listing.preview_profile(membership)) for membership in memberships]
    return render_template("account/preview.html", views=views)


@bp.route("/email", methods=["GET", "POST"])
@login_required
@limiter.limit(rate_limit("change_email"), methods=["POST"])
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        done = submit(
            form,
            lambda: profile.request_email_change(current_user, form.email.data, form.password.data),
            validate=False,
            success=None,
            next_url=url_for("account.profile"),
        )
        if done:
            flash(
                _l(
                    "Wir haben einen Bestätigungslink an %(email)s geschickt. Ihre Adresse ändert sich, "
                    "sobald Sie ihn öffnen.",
                    email=form.email.data,
                ),
                "info",
            )
            return done
    form.password.data = ""
    return render_template("account/change_email.html", form=form, hours=profile.EMAIL_CHANGE_HOURS)


@bp.route("/email/bestaetigen/<token>", methods=["GET", "POST"])
@limiter.limit(rate_limit("confirm_email"), methods=["POST"])
def confirm_email(token: str):
    """Opened from the mail to the new address; a button, so mail scanners cannot use the link."""
    row = profile.email_change_for_link(token)
    if row is None:
        return render_template("account/email_link_invalid.html"), 404
    form = ConfirmForm()
    keep = current_user.login_token if current_user.is_authenticated else None
    done = submit(
        form,
        lambda: profile.confirm_email_change(token, keep_login_token=keep),
        success=_l("Ihre neue E-Mail-Adresse ist bestätigt."),
        next_url=lambda _result: url_for("account.overview" if current_user.is_authenticated else "auth.login"),
    )
    return done or render_template("account/confirm_email.html", form=form, new_email=row.payload)


@bp.route("/mitgliedschaften/<int(max=2147483647):membership_id>/beenden", methods=["GET", "POST"])
@login_required
def leave(membership_id: int):
    membership = db.session.get(Membership, membership_id)
    account = current_user._get_current_object()
    if membership is None or membership.ended_at is not None or not contacts.is_contact(membership, account):
        abort(404)
    form = LeaveForm()
    others = contacts.active_contacts(membership)
    form.set_choices(others)
    network = membership.network.name
    # The only button of a person member's (or the only contact's) page ends the membership.
    ending = form.choice.data == "end" or (not form.choice.data and membership.account_id == account.id)

    def left(ended: bool) -> str:
        if ended:
            return str(_l("Ihre Mitgliedschaft in „%(network)s“ ist beendet.", network=network))
        return str(_l("Sie sind nicht mehr Ansprechperson. Ihr Konto bleibt bestehen."))

    done = submit(
        form,
        lambda: profile.leave(
            account, membership, end_membership=ending, successor_id=form.successor_id,
            for_everyone=bool(form.for_everyone.data),
        ),
        success=left,
        next_url=url_for("account.overview"),
    )  # fmt: skip
    if done:
        return done
    others = contacts.active_contacts(membership)  # after a refusal: as it is now
    form.set_choices(others)
    return render_template(
        "account/leave.html", form=form, membership=membership, contacts=others,
        is_main=membership.account_id == account.id,
    ), (422 if form.errors else 200)  # fmt: skip


@bp.get("/daten")
@login_required
def my_data():
    return render_template("account/data.html")


@bp.get("/daten/meine-daten.json")
@login_required
def export_json():
    document = data_export.export_document(current_user)
    return json_download(document, f"teilhabe-meine-daten-{utcnow():%Y-%m-%d}.json")


@bp.get("/daten/meine-daten.html")
@login_required
def export_html():
    data = data_export.collect_personal_data(current_user)
    page = render_template(
        "account/export.html",
        data=data,
        consent_texts=data_export.consent_texts_for(data),
        exported_at=utcnow(),
        sections=data_export.PERSONAL_TABLES,
        titles=data_export.SECTION_TITLES,
        labels=data_export.COLUMN_LABELS,
    )
    filename = f"teilhabe-meine-daten-{utcnow():%Y-%m-%d}.html"
    return download(page, filename, attachment=bool(request.args.get("download")))


@bp.route("/konto-loeschen", methods=["GET", "POST"])
@login_required
@limiter.limit(rate_limit("delete_account"), methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    account = current_user._get_current_object()

    def deleted(_result) -> str:
        logout_user()
        return str(_l("Ihr Konto und Ihre Daten wurden gelöscht."))

    done = submit(
        form,
        lambda: erasure.delete_own_account(account, form.password.data),
        success=deleted,
        next_url=url_for("public.index"),
    )
    if done:
        return done
    form.password.data = ""
    return render_template("account/delete.html", form=form)
