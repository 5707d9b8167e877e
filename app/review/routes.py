"""Coordinator views: overview, queue with filters, bulk actions, members and CSV exports."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.downloads import download
from app.core.errors import DomainError
from app.core.pagination import page_number
from app.core.permissions import coordinator_network, require_coordinator_of_any
from app.core.viewercache import cached_for_viewer
from app.extensions import db
from app.models import ApplicationState
from app.review import bp, exports
from app.review.decisions import BulkAction, perform_bulk
from app.review.overview import overview as queue_overview
from app.review.queue import (
    TABS,
    QueueFilters,
    count_cap,
    filtered_applications,
    find_reviewable_application,
    queue_page,
    tab_counts,
)
from forms.review import BulkForm, QueueFilterForm

# Query arguments of the queue that the tabs, pagination, export and bulk forms keep.
FILTER_ARGS = ("status", "q", "themenkreis", "date_from", "date_to", "mine")


def acting_account():
    """The logged-in account as a plain object for services (not the proxy)."""
    return current_user._get_current_object()


@bp.get("/")
def overview():
    networks = require_coordinator_of_any()
    summaries = queue_overview(networks, acting_account())
    return render_template("review/overview.html", summaries=summaries, states=ApplicationState)


def _filters(network, args) -> tuple[QueueFilterForm, QueueFilters]:
    """The queue's filter form bound to `args`; invalid values are shown at the field and ignored."""
    form = QueueFilterForm(formdata=args)
    form.set_themenkreise(network.themenkreise)
    form.validate()
    dates_ok = not form.date_from.errors and not form.date_to.errors
    filters = QueueFilters(
        tab=form.tab,
        themenkreis_id=form.themenkreis_id if form.themenkreis_id in {tk.id for tk in network.themenkreise} else None,
        date_from=form.date_from.data if dates_ok else None,
        date_to=form.date_to.data if dates_ok else None,
        text="" if form.q.errors else form.q.data or "",
        assigned_to_id=current_user.id if form.mine.data else None,
    )
    return form, filters


def _kept_args(source) -> dict[str, Any]:
    return {name: source.get(name) for name in FILTER_ARGS if source.get(name)}


@bp.get("/<slug>/antraege")
@cached_for_viewer
def queue(slug: str):
    network = coordinator_network(slug)
    form, filters = _filters(network, request.args)
    number = page_number(request.args.get("page"))
    counts = tab_counts(network, filters, count_cap(number))  # also the page's total: no second count
    page = queue_page(network, filters, number, total=counts[filters.tab].value)
    return render_template(
        "review/queue.html",
        network=network,
        form=form,
        filters=filters,
        page=page,
        tabs=TABS,
        tab_label=next(label for key, label, _ in TABS if key == filters.tab),
        counts=counts,
        kept_args=_kept_args(request.args),
        bulk_form=BulkForm(formdata=None),
        bulk_actions=list(BulkAction),
    )


@bp.post("/<slug>/antraege/sammelaktion")
def bulk(slug: str):
    network = coordinator_network(slug)
    form = BulkForm()
    back = url_for("review.queue", slug=network.slug, **_kept_args(request.form))
    if not form.validate_on_submit():
        return render_template("review/bulk_result.html", network=network, form=form, results=[], back=back), 200
    action = BulkAction(form.action.data)
    account = acting_account()
    results: list[tuple[int, str | None, bool, str]] = []
    for application_id in dict.fromkeys(form.application_ids.data):
        application = find_reviewable_application(network, application_id)
        if application is None:
            results.append((application_id, None, False, str(_l("Antrag nicht gefunden."))))
            continue
        name = application.full_name
        try:
            perform_bulk(application, action, account, form.reason.data or "")
        except DomainError as error:
            db.session.rollback()
            results.append((application_id, name, False, error.message))
            continue
        # Each item is its own transaction: one skipped application never undoes the others.
        db.session.commit()
        results.append((application_id, name, True, str(application.state.label)))
    return render_template(
        "review/bulk_result.html", network=network, form=form, results=results, back=back, action=action
    )


@bp.post("/<slug>/export/antraege")
def export_applications(slug: str):
    network = coordinator_network(slug)
    _, filters = _filters(network, request.form)
    applications = filtered_applications(network, filters)
    data = exports.export_applications(network, applications, acting_account())
    db.session.commit()
    return download(data, exports.export_filename("antraege", network))


@bp.post("/<slug>/export/mitglieder")
def export_members(slug: str):
    network = coordinator_network(slug)
    data = exports.export_members(network, acting_account())
    db.session.commit()
    return download(data, exports.export_filename("mitglieder", network))
