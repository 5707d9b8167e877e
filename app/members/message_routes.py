"""Coordinator pages: write a message to members (count and preview first) and the archive."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.actions import submit
from app.core.permissions import coordinator_network
from app.core.web import render_markdown
from app.members import bp, messages
from forms.members import MessageForm, int_or_none

PREFIX = "/koordination/<slug>/nachrichten"


@bp.get(PREFIX)
def archive(slug: str):
    network = coordinator_network(slug)
    return render_template("members/messages.html", network=network, items=messages.archive(network))


@bp.get(PREFIX + "/<int(max=2147483647):message_id>")
def message(slug: str, message_id: int):
    network = coordinator_network(slug)
    items = messages.archive(network, message_id)
    if not items:
        abort(404)
    item = items[0]
    return render_template(
        "members/message.html", network=network, item=item, body_html=render_markdown(item.message.body)
    )


@bp.route(PREFIX + "/neu", methods=["GET", "POST"])
def compose(slug: str):
    """Step 1 "Vorschau": count and preview; step 2 "Senden" with the count the coordinator saw."""
    network = coordinator_network(slug)
    actor = current_user._get_current_object()
    form = MessageForm()
    choices = messages.segments(network)
    form.segment.choices = [(messages.segment_key(s), s.label) for s in choices]
    form.reply_to.choices = messages.reply_to_choices(network, actor)
    preview = None
    if form.validate_on_submit():
        segment = messages.segment_from_key(network, form.segment.data)
        if segment is None:
            form.segment.errors = [str(_l("Bitte wählen Sie, wer die Nachricht bekommt."))]
        else:
            count = messages.count_recipients(network, segment)
            reply_to = messages.reply_to_address(network, actor, form.reply_to.data)
            if request.form.get("action") == "send":
                done = submit(
                    form,
                    lambda: messages.queue_message(
                        network,
                        actor,
                        subject=form.subject.data,
                        body=form.body.data,
                        segment=segment,
                        reply_to=reply_to,
                        expected=int_or_none(form.expected.data) or 0,
                    ),
                    validate=False,
                    success=lambda item: _l(
                        "Die Nachricht ist für %(count)s Empfänger*innen eingereiht und wird im Hintergrund "
                        "verschickt.",
                        count=item.recipient_count,
                    ),
                    next_url=lambda item: url_for("members.message", slug=slug, message_id=item.id),
                )
                if done:
                    return done
            form.expected.data = str(count)
            preview = {
                "count": count,
                "segment": segment,
                "reply_to": reply_to,
                "html": render_markdown(form.body.data),
            }
    return render_template("members/compose.html", network=network, form=form, preview=preview)
