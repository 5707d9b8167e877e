"""Coordinator pages of the import: upload, mapping and dry run, confirm, rejected rows."""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.actions import submit
from app.core.pagination import Page, page_number
from app.core.permissions import coordinator_network
from app.extensions import db
from app.members import bp, imports
from app.members.columns import FIELDS
from app.models import ImportState, MemberImport
from forms.members import CsrfOnlyForm, UploadForm

PREFIX = "/koordination/<slug>/mitglieder/import"
ROWS_PER_PAGE = 100


def _import(network, import_id: int) -> MemberImport:
    member_import = imports.find_import(network, import_id)
    if member_import is None:
        abort(404)
    return member_import


@bp.route(PREFIX, methods=["GET", "POST"])
def upload(slug: str):
    network = coordinator_network(slug)
    # Member lists are bigger than any form: this page alone accepts MEMBER_IMPORT_MAX_BYTES.
    request.max_content_length = current_app.config["MEMBER_IMPORT_MAX_BYTES"]
    form = UploadForm()
    if form.validate_on_submit():
        upload_file = form.file.data
        done = submit(
            form,
            lambda: imports.start_import(
                network, current_user._get_current_object(), upload_file.filename or "", upload_file.read()
            ),
            validate=False,
            success=None,
            next_url=lambda member_import: url_for("members.check", slug=slug, import_id=member_import.id),
        )
        if done:
            return done
    recent = db.session.scalars(
        db.select(MemberImport)
        .where(MemberImport.network_id == network.id)
        .order_by(MemberImport.created_at.desc())
        .limit(10)
    ).all()
    return render_template("members/import_upload.html", network=network, form=form, recent=recent)


@bp.get(PREFIX + "/<int(max=2147483647):import_id>")
def check(slug: str, import_id: int):
    network = coordinator_network(slug)
    member_import = _import(network, import_id)
    if member_import.state is ImportState.IMPORTED:
        return render_template("members/import_done.html", network=network, member_import=member_import)
    result = imports.check_import(member_import)
    only_problems = request.args.get("zeilen") != "alle"
    shown = [row for row in result.rows if row.errors or row.warnings] if only_problems else result.rows
    number = page_number(request.args.get("page"))
    pages = max(1, -(-len(shown) // ROWS_PER_PAGE))
    number = min(number, pages)
    page = Page(
        items=shown[(number - 1) * ROWS_PER_PAGE : number * ROWS_PER_PAGE],
        number=number,
        per_page=ROWS_PER_PAGE,
        total=len(shown),
    )
    return render_template(
        "members/import_check.html",
        network=network,
        member_import=member_import,
        result=result,
        page=page,
        fields=FIELDS,
        only_problems=only_problems,
        form=CsrfOnlyForm(formdata=None),
        mapped={int(index): field for index, field in result.mapping.items()},
    )


@bp.post(PREFIX + "/<int(max=2147483647):import_id>/zuordnung")
def mapping(slug: str, import_id: int):
    network = coordinator_network(slug)
    member_import = _import(network, import_id)
    form = CsrfOnlyForm()
    if not form.validate_on_submit():
        abort(400)
    width = len(member_import.data.get("header", []))
    chosen = {str(index): request.form.get(f"column-{index}", "") for index in range(width)}
    back = url_for("members.check", slug=slug, import_id=import_id)
    return submit(
        form,
        lambda: imports.set_mapping(member_import, {key: value for key, value in chosen.items() if value}),
        validate=False,
        success=_l("Die Zuordnung ist gespeichert; die Prüfung wurde neu berechnet."),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.post(PREFIX + "/<int(max=2147483647):import_id>/importieren")
def confirm(slug: str, import_id: int):
    network = coordinator_network(slug)
    member_import = _import(network, import_id)
    form = CsrfOnlyForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for("members.check", slug=slug, import_id=import_id)
    return submit(
        form,
        lambda: imports.run_import(member_import, current_user._get_current_object()),
        validate=False,
        success=lambda _result: _l("%(count)s Personen sind eingeladen.", count=member_import.invited),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.get(PREFIX + "/<int(max=2147483647):import_id>/fehlerhafte-zeilen.csv")
def rejected(slug: str, import_id: int):
    network = coordinator_network(slug)
    member_import = _import(network, import_id)
    if not member_import.data.get("rows"):
        abort(404)
    data = imports.rejected_rows_csv(imports.check_import(member_import))
    response = Response(data, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="fehlerhafte-zeilen-{member_import.id}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
