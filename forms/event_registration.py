"""Forms of event registration (members, guests, the event's questions) and of its coordination."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from app.models import Event, QuestionKind
from forms import BaseForm
from forms.admin import WholeNumberField, max_length, required
from forms.validators import Email

# --------------------------------------------------------------------------- registration

YES_NO_CHOICES = [SelectChoice("ja", _l("Ja")), SelectChoice("nein", _l("Nein"))]


def _question_field(question):
    validators = [max_length(2000)]
    if question.kind is QuestionKind.CHOICE:
        return RadioField(
            question.label, choices=[SelectChoice(o, o) for o in question.option_list], validate_choice=False
        )
    if question.kind is QuestionKind.YES_NO:
        return RadioField(question.label, choices=YES_NO_CHOICES, validate_choice=False)
    return TextAreaField(question.label, validators=validators, render_kw={"rows": 3})


class MemberRegistrationForm(BaseForm):
    """A member registers in one click; only the event's questions are asked."""

    def answers(self, event: Event) -> dict[str, str]:
        return {str(q.id): getattr(self, f"q{q.id}").data or "" for q in event.questions}

    def question_fields(self, event: Event) -> list:
        return [getattr(self, f"q{q.id}") for q in event.questions]


class GuestRegistrationForm(MemberRegistrationForm):
    name = StringField(_l("Name"), validators=[required(_l("Bitte geben Sie Ihren Namen an.")), max_length(200)])
    email = StringField(
        _l("E-Mail"), validators=[required(_l("Bitte geben Sie Ihre E-Mail-Adresse an.")), max_length(254), Email()]
    )
    institution = StringField(_l("Institution"), validators=[max_length(200)])
    consent = BooleanField(
        _l("Ich bin einverstanden, dass meine Angaben zur Organisation dieser Veranstaltung gespeichert und "
           "an die Koordination des Netzwerks weitergegeben werden."),
        validators=[required(_l("Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu."))],
    )  # fmt: skip
    # Spam protection: people leave this empty, bots fill it.
    website = StringField(_l("Bitte leer lassen"))


def registration_form(event: Event, *, guest: bool, **kwargs) -> MemberRegistrationForm:
    """The registration form of one event, with a field `q<id>` per question."""
    base = GuestRegistrationForm if guest else MemberRegistrationForm
    form_class = type("EventRegistrationForm", (base,), {})
    for question in event.questions:
        field = _question_field(question)
        if question.required:
            field.kwargs["validators"] = [
                *field.kwargs.get("validators", []),
                required(_l("Bitte beantworten Sie diese Frage.")),
            ]
        setattr(form_class, f"q{question.id}", field)
    return form_class(**kwargs)


# --------------------------------------------------------------------------- coordination


class DeclineForm(BaseForm):
    message = TextAreaField(
        _l("Nachricht an die Person"),
        validators=[required(_l("Bitte schreiben Sie eine kurze Begründung.")), max_length(5000)],
        render_kw={"rows": 5},
    )


class ParticipantMessageForm(BaseForm):
    subject = StringField(
        _l("Betreff"), validators=[required(_l("Bitte geben Sie einen Betreff an.")), max_length(200)]
    )
    body = TextAreaField(
        _l("Nachricht"),
        validators=[required(_l("Bitte schreiben Sie eine Nachricht.")), max_length(10000)],
        render_kw={"rows": 10},
    )
    include_waiting = BooleanField(_l("Auch an Personen auf der Warteliste senden"))
    # The count the sender confirmed; if it changed meanwhile, the count is shown again.
    confirmed_count = WholeNumberField()


class CheckInForm(BaseForm):
    present = BooleanField()
