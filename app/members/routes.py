"""Coordinator pages: the member list, a member's page, adding and ending members, exports."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.actions import submit
from app.core.pagination import page_number
from app.core.permissions import coordinator_network
from app.core.regions import bundesland_for_postcode
from app.core.values import format_phone
from app.extensions import db
from app.members import bp, invitations, lookup, management, roster
from app.members.roster import RosterFilters
from app.members.states import MemberState
from app.models import ApplicantKind, MemberInvitation
from app.review.loaders import load_membership_for_review
from forms.members import (
    AddMemberForm,
    CsrfOnlyForm,
    EndMembershipForm,
    NetworkDataForm,
    NotifySettingForm,
    RosterFilterForm,
    int_or_none,
)

PREFIX = "/koordination/<slug>/mitglieder"
FILTER_ARGS = ("q", "state", "themenkreis", "laendergruppe", "bundesland", "kind")


def acting_account():
    return current_user._get_current_object()


def _filters(network, args) -> tuple[RosterFilterForm, RosterFilters]:
    """The filter form bound to `args`; values that are not the network's are ignored."""
    form = RosterFilterForm(formdata=args)
    form.set_choices(network)
    form.validate()
    states = {s.value: s for s in MemberState}
    themenkreis = int_or_none(form.themenkreis.data)
    group = int_or_none(form.laendergruppe.data)
    filters = RosterFilters(
        text="" if form.q.errors else (form.q.data or ""),
        state=states.get(form.state.data or ""),
        themenkreis_id=themenkreis if themenkreis in {tk.id for tk in network.themenkreise} else None,
        laendergruppe_id=group if group in {g.id for g in network.laendergruppen} else None,
        bundesland=form.bundesland.data if form.bundesland.data in {c for c, _ in form.bundesland.choices} else "",
        kind=next((k for k in ApplicantKind if k.value == form.kind.data), None),
    )
    return form, filters


def _assignment(network):
    return management.assignment_of(current_user.id, network)


@bp.get(PREFIX)
def index(slug: str):
    network = coordinator_network(slug)
    form, filters = _filters(network, request.args)
    page = roster.roster_page(network, filters, page_number(request.args.get("page")))
    assignment = _assignment(network)
    notify_form = NotifySettingForm(
        formdata=None, notify_member_left=bool(assignment and assignment.notify_member_left)
    )
    return render_template(
        "members/index.html",
        network=network,
        form=form,
        page=page,
        counts=roster.state_counts(network),
        kept_args={name: request.args[name] for name in FILTER_ARGS if request.args.get(name)},
        notify_form=notify_form if assignment else None,
        states=MemberState,
    )


@bp.post(PREFIX + "/export.<any(csv, xlsx):extension>")
def export(slug: str, extension: str):
    network = coordinator_network(slug)
    if not CsrfOnlyForm().validate_on_submit():
        abort(400)
    _, filters = _filters(network, request.form)
    rows = roster.roster_all(network, filters)
    if extension == "csv":
        data, mimetype = management.export_csv(network, rows, acting_account()), "text/csv; charset=utf-8"
    else:
        data = management.export_xlsx(network, rows, acting_account())
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    db.session.commit()
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{management.export_filename(network, extension)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post(PREFIX + "/benachrichtigungen")
def notify_setting(slug: str):
    network = coordinator_network(slug)
    assignment = _assignment(network)
    form = NotifySettingForm()
    if assignment is None or not form.validate_on_submit():
        abort(404 if assignment is None else 400)
    assignment.notify_member_left = bool(form.notify_member_left.data)
    db.session.commit()
    flash(_l("Ihre Einstellung ist gespeichert."), "success")
    return redirect(url_for("members.index", slug=network.slug))


@bp.route(PREFIX + "/<int(max=2147483647):membership_id>", methods=["GET", "POST"])
def member(slug: str, membership_id: int):
    network, membership = load_membership_for_review(slug, membership_id)
    data_form = NetworkDataForm(
        formdata=request.form if request.form.get("form") == "data" else None,
        themenkreise=[tk.id for tk in membership.themenkreise],
        laendergruppe=str(membership.laendergruppe_id or ""),
        note=membership.coordinator_note,
    )
    data_form.set_choices(network)
    end_form = EndMembershipForm(formdata=request.form if request.form.get("form") == "end" else None)
    back = url_for("members.member", slug=slug, membership_id=membership.id)
    done = None
    if request.form.get("form") == "data":
        done = submit(
            data_form,
            lambda: management.update_network_data(
                network,
                membership,
                themenkreis_ids=data_form.themenkreise.data or [],
                laendergruppe_id=int_or_none(data_form.laendergruppe.data),
                note=data_form.note.data or "",
                actor=acting_account(),
            ),
            success=_l("Die Netzwerkdaten sind gespeichert."),
            next_url=back,
        )
    elif request.form.get("form") == "end":
        done = submit(
            end_form,
            lambda: management.end_membership(
                membership, reason=end_form.reason.data, notify=end_form.notify.data, actor=acting_account()
            ),
            success=_l("Die Mitgliedschaft ist beendet."),
            next_url=back,
        )
    if done:
        return done
    return render_template(
        "members/member.html",
        network=network,
        membership=membership,
        account=membership.account,
        phone=format_phone(membership.account.phone),
        data_form=data_form,
        end_form=end_form,
        history=management.membership_history(membership.id),
        state=MemberState.ACTIVE if membership.is_active else MemberState.ENDED,
    )


def _invitation(network, invitation_id: int) -> MemberInvitation:
    invitation = lookup.find_invitation(network, invitation_id)
    if invitation is None:
        abort(404)
    return invitation


@bp.route(PREFIX + "/einladungen/<int(max=2147483647):invitation_id>", methods=["GET", "POST"])
def invitation(slug: str, invitation_id: int):
    network = coordinator_network(slug)
    item = _invitation(network, invitation_id)
    form = NetworkDataForm(
        formdata=request.form if request.method == "POST" else None,
        themenkreise=[tk.id for tk in item.themenkreise],
        laendergruppe=str(item.laendergruppe_id or ""),
        note=item.coordinator_note,
    )
    form.set_choices(network)
    done = submit(
        form,
        lambda: management.update_network_data(
            network,
            item,
            themenkreis_ids=form.themenkreise.data or [],
            laendergruppe_id=int_or_none(form.laendergruppe.data),
            note=form.note.data or "",
            actor=acting_account(),
        ),
        success=_l("Die Netzwerkdaten sind gespeichert."),
        next_url=url_for("members.invitation", slug=slug, invitation_id=item.id),
    )
    if done:
        return done
    return render_template(
        "members/invitation.html",
        network=network,
        invitation=item,
        form=form,
        cancel_form=CsrfOnlyForm(formdata=None),
        phone=format_phone(item.phone),
    )


@bp.post(PREFIX + "/einladungen/<int(max=2147483647):invitation_id>/zuruecknehmen")
def cancel_invitation(slug: str, invitation_id: int):
    network = coordinator_network(slug)
    item = _invitation(network, invitation_id)
    form = CsrfOnlyForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for("members.index", slug=slug)
    return submit(
        form,
        lambda: invitations.cancel(item, acting_account()),
        validate=False,
        success=_l("Die Einladung ist zurückgenommen; der Link funktioniert nicht mehr."),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.route(PREFIX + "/neu", methods=["GET", "POST"])
def add(slug: str):
    network = coordinator_network(slug)
    form = AddMemberForm()
    form.set_choices(network)
    if form.validate_on_submit():
        values = {
            name: getattr(form, name).data or ""
            for name in (
                "first_name",
                "last_name",
                "email",
                "institution",
                "function",
                "street",
                "postcode",
                "city",
                "country",
                "phone",
            )
        }
        values.update(
            kind=next((k for k in ApplicantKind if k.value == form.kind.data), ApplicantKind.PERSON),
            themenkreis_ids=[tk.id for tk in lookup.themenkreise_of(network, form.themenkreise.data or [])],
            laendergruppe_id=int_or_none(form.laendergruppe.data),
            coordinator_note=form.note.data or "",
            bundesland=bundesland_for_postcode(values["postcode"], values["country"]) or "",
        )
        done = submit(
            form,
            lambda: invitations.invite_one(network, values, acting_account()),
            validate=False,
            success=lambda item: _l(
                "%(name)s ist eingeladen. Die Einladung wird per E-Mail verschickt.", name=item.display_name
            ),
            next_url=lambda item: url_for("members.invitation", slug=slug, invitation_id=item.id),
        )
        if done:
            return done
    return render_template("members/add.html", network=network, form=form)
