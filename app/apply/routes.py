"""The application form: four steps kept on the server, a summary, and the submission.

The draft token lives in the Flask session; the typed values live in ApplicationDraft, so
"Zurück", "Ändern" and validation errors never lose input, with or without JavaScript.
"""

from __future__ import annotations

import time

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.apply import bp, drafts, submission
from app.apply.capacity import capacity_reached
from app.apply.fields import LAST_STEP, step_titles, summary_sections
from app.core import consent
from app.core.i18n import current_language
from app.core.limits import rate_limit
from app.core.loaders import load_network
from app.core.tokens import new_token
from app.core.values import format_phone
from app.extensions import db, limiter
from app.models import ApplicantKind, ConsentKind, Network
from forms.apply import form_data, step_form, stored_values

STEPS = range(1, LAST_STEP + 1)


def _network(slug: str) -> Network:
    return load_network(slug)


def _unavailable(network: Network):
    """A clear page instead of the form when the network takes no (more) applications."""
    if not network.applications_open:
        return render_template("apply/unavailable.html", network=network, reason="closed")
    if capacity_reached(network):
        return render_template("apply/unavailable.html", network=network, reason="full")
    return None


def _entry(network: Network, *, fresh: bool = False) -> dict:
    """This browser's form token for the network (also the one-time submission token)."""
    drafts = dict(session.get("apply") or {})
    entry = drafts.get(network.slug)
    if not isinstance(entry, dict) or fresh:
        entry = {"token": new_token(), "started": time.time()}
        drafts[network.slug] = entry
        session["apply"] = drafts
    return entry


def _values(draft) -> dict:
    return dict((draft.data or {}).get("values", {})) if draft else {}


def _complete(draft) -> set[int]:
    return set((draft.data or {}).get("complete", [])) if draft else set()


def _first_incomplete(draft, before: int) -> int | None:
    done = _complete(draft)
    return next((number for number in range(1, before) if number not in done), None)


def _form_for_display(step: int, network: Network, kind, values: dict, **kwargs):
    data = form_data(values, network)
    if data.get("phone"):
        data["phone"] = format_phone(data["phone"])
    return step_form(step, network, kind, formdata=None, data=data, **kwargs)


def _render_step(network: Network, step: int, form, draft, kind):
    context = {
        "network": network,
        "step": step,
        "steps": step_titles(network),
        "last_step": LAST_STEP,
        "form": form,
        "kind": kind or ApplicantKind.PERSON,
        "chooses_kind": len(network.applicant_kinds) > 1,
        "completed": _complete(draft),
        "from_summary": bool(request.values.get("summary")),
    }
    if step == LAST_STEP:
        texts = consent.consent_texts(network)
        form.privacy_version.data = consent.text_hash(texts[ConsentKind.PRIVACY])
        if ConsentKind.CONDITIONS in texts:
            form.conditions_version.data = consent.text_hash(texts[ConsentKind.CONDITIONS])
        context["summary"] = summary_sections(network, kind or ApplicantKind.PERSON, _values(draft))
    return render_template(f"apply/step{step}.html", **context)


@bp.get("/netzwerke/<slug>/mitglied-werden")
def start(slug: str):
    network = _network(slug)
    page = _unavailable(network)
    if page is not None:
        return page
    entry = _entry(network)
    if submission.application_for_submission(entry["token"]):
        _entry(network, fresh=True)  # the last application was sent: this is a new one
    return redirect(url_for(".step", slug=slug, step=1))


@bp.route("/netzwerke/<slug>/mitglied-werden/schritt/<int:step>", methods=["GET", "POST"])
def step(slug: str, step: int):
    network = _network(slug)
    if step not in STEPS:
        abort(404)
    page = _unavailable(network)
    if page is not None:
        return page
    entry = _entry(network)
    if submission.application_for_submission(entry["token"]):
        return redirect(url_for(".sent", slug=slug))
    draft = drafts.find_draft(network, entry["token"])
    kind = drafts.draft_kind(network, draft)

    if request.method == "GET":
        missing = _first_incomplete(draft, step)
        if missing is not None:
            return redirect(url_for(".step", slug=slug, step=missing))
        form = _form_for_display(step, network, kind, _values(draft), meta={"csrf": False})
        if request.args.get("pruefen"):
            form.validate()
        return _render_step(network, step, form, draft, kind)

    form = step_form(step, network, kind)
    valid = form.validate()
    draft = drafts.save_draft(
        network,
        entry["token"],
        stored_values(form),
        step=step,
        complete=valid,
        started=entry["started"],
        flagged=bool(form.homepage.data),
    )
    db.session.commit()
    kind = drafts.draft_kind(network, draft)
    if request.form.get("action") == "back":
        if step == 1:
            return redirect(url_for("public.network", slug=slug))
        return redirect(url_for(".step", slug=slug, step=step - 1))
    if not valid:
        return _render_step(network, step, form, draft, kind)
    if request.form.get("summary") and _first_incomplete(draft, LAST_STEP) is None:
        return redirect(url_for(".step", slug=slug, step=LAST_STEP))
    return redirect(url_for(".step", slug=slug, step=min(step + 1, LAST_STEP)))


def _versions_match(form, texts: dict) -> bool:
    """The consent texts must be the ones the applicant saw; else they confirm again."""
    fields = {
        ConsentKind.PRIVACY: ("consent_privacy", "privacy_version"),
        ConsentKind.CONDITIONS: ("consent_conditions", "conditions_version"),
    }
    shown = {
        kind: getattr(form, version_name).data
        for kind, (field_name, version_name) in fields.items()
        if getattr(form, field_name, None) is not None and getattr(form, field_name).data
    }
    changed = consent.changed_since_shown(texts, shown)
    for kind in changed:
        field = getattr(form, fields[kind][0])
        field.data = False
        field.errors = [_("Der Text wurde inzwischen geändert. Bitte lesen Sie ihn und bestätigen Sie erneut.")]
    return not changed


def _first_invalid_step(network: Network, draft, kind) -> int | None:
    """Check steps 1–3 again from the stored values (a Themenkreis may be gone meanwhile)."""
    values = _values(draft)
    for number in range(1, LAST_STEP):
        form = step_form(number, network, kind, formdata=None, data=form_data(values, network), meta={"csrf": False})
        if not form.validate():
            return number
    return None


def _stored(response) -> bool:
    """Only a submission that stored an application (or was discarded as a bot) counts for the limit;
    a form sent back with errors, or a second click, does not."""
    return bool(g.pop("application_submitted", False))


@bp.post("/netzwerke/<slug>/mitglied-werden/absenden")
@limiter.limit(rate_limit("apply_submit"), deduct_when=_stored)
def submit(slug: str):
    network = _network(slug)
    page = _unavailable(network)
    if page is not None:
        return page
    entry = _entry(network)
    token = entry["token"]
    try:
        return _submit(network, entry)
    except (IntegrityError, StaleDataError):
        # A double click: the other request stored the application (and removed the draft)
        # while this one was working. It lands on the same success page.
        db.session.rollback()
        if submission.application_for_submission(token) is None:
            raise
        return _already_sent(network, token)


def _already_sent(network: Network, token: str):
    """The success page again for a form that was sent already (second or third click)."""
    application = submission.application_for_submission(token)
    session["apply_sent"] = {"slug": network.slug, "email": application.email if application else ""}
    return redirect(url_for(".sent", slug=network.slug))


def _submit(network: Network, entry: dict):
    slug, token = network.slug, entry["token"]
    if submission.application_for_submission(token):
        return _already_sent(network, token)  # a double click: the first one counted
    # Locked (PostgreSQL): a second click at the same moment waits here until the first one
    # committed, then finds the draft gone and the application stored.
    draft = drafts.find_draft(network, token, for_update=True)
    if draft is None:
        if submission.application_for_submission(token):
            return _already_sent(network, token)
        flash(_("Ihre Angaben sind nicht mehr vorhanden. Bitte füllen Sie den Antrag erneut aus."), "warning")
        return redirect(url_for(".start", slug=slug))
    kind = drafts.draft_kind(network, draft)
    form = step_form(LAST_STEP, network, kind)
    texts = consent.consent_texts(network)
    valid = form.validate()
    valid = _versions_match(form, texts) and valid
    draft = drafts.save_draft(
        network,
        token,
        stored_values(form),
        step=LAST_STEP,
        complete=valid,
        started=entry["started"],
        flagged=bool(form.homepage.data),
    )
    if not valid:
        db.session.commit()
        return _render_step(network, LAST_STEP, form, draft, kind)
    invalid_step = _first_invalid_step(network, draft, kind)
    if invalid_step is not None:
        drafts.save_draft(network, token, {}, step=invalid_step, complete=False, started=entry["started"])
        db.session.commit()
        flash(_("Bitte prüfen Sie die Angaben in diesem Schritt."), "warning")
        return redirect(url_for(".step", slug=slug, step=invalid_step, pruefen=1))

    email = _values(draft).get("email", "")
    if drafts.looks_automated(draft, current_app.config.get("MIN_FILL_SECONDS", 0)):
        # A bot: the same answer as for people, but nothing is stored and no mail is sent.
        db.session.delete(draft)
        db.session.commit()
    else:
        submission.submit_application(network, draft, locale=current_language(), texts=texts)
        db.session.commit()
    g.application_submitted = True
    session["apply_sent"] = {"slug": slug, "email": email}
    return redirect(url_for(".sent", slug=slug))


@bp.get("/netzwerke/<slug>/mitglied-werden/gesendet")
def sent(slug: str):
    network = _network(slug)
    sent_info = session.pop("apply_sent", None) or {}
    email = sent_info.get("email") if sent_info.get("slug") == slug else None
    return render_template(
        "apply/sent.html", network=network, email=email, days=current_app.config["CONFIRMATION_TOKEN_DAYS"]
    )


@bp.get("/netzwerke/<slug>/datenschutz")
def privacy(slug: str):
    network = _network(slug)
    return render_template("apply/privacy.html", network=network, notice=consent.privacy_notice(network))
