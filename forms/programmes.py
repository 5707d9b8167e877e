"""Forms of the programme years (Durchgänge), milestones and the seal."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from app.models import Cohort, SealCriterion
from forms import BaseForm
from forms.admin import ListChoiceField, WholeNumberField, max_length, required
from forms.events import parse_date

DATE_HINT = _l("Bitte geben Sie ein gültiges Datum an, z. B. 14.02.2026.")


class GermanDateField(StringField):
    """A date entered as 14.02.2026 (or 2026-02-14); `.day` is the parsed date or None."""

    def pre_validate(self, form):
        if self.data and parse_date(self.data) is None:
            raise ValidationError(DATE_HINT)

    @property
    def day(self) -> date | None:
        return parse_date(self.data) if self.data else None


class NumberField(WholeNumberField):
    """A whole number in a text box (inputmode numeric), so a mistyped value stays valid HTML."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(*args, **kwargs)


def german(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


class CohortForm(BaseForm):
    """A programme year: name, application window, places, start and end, milestones."""

    name = StringField(
        _l("Name des Durchgangs"), validators=[required(_l("Bitte geben Sie einen Namen an.")), max_length(120)]
    )
    applications_open_on = GermanDateField(
        _l("Bewerbung ab"), validators=[required(_l("Bitte geben Sie an, ab wann man sich bewerben kann."))]
    )
    applications_close_on = GermanDateField(
        _l("Bewerbung bis"), validators=[required(_l("Bitte geben Sie an, bis wann man sich bewerben kann."))]
    )
    places = NumberField(
        _l("Plätze"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie die Zahl der Plätze an.")),
            NumberRange(min=1, max=1000, message=_l("Bitte geben Sie eine Zahl von 1 bis 1000 an.")),
        ],
    )
    starts_on = GermanDateField(_l("Beginn"), validators=[required(_l("Bitte geben Sie den Beginn an."))])
    ends_on = GermanDateField(_l("Ende"), validators=[required(_l("Bitte geben Sie das Ende an."))])
    milestones = TextAreaField(_l("Meilensteine (einer pro Zeile)"), validators=[Optional(), max_length(4000)])

    def validate_applications_close_on(self, field):
        opens = self.applications_open_on.day
        if opens and field.day and field.day < opens:
            raise ValidationError(_l("Das Ende der Bewerbungsfrist liegt vor ihrem Beginn."))

    def validate_ends_on(self, field):
        if self.starts_on.day and field.day and field.day < self.starts_on.day:
            raise ValidationError(_l("Das Ende liegt vor dem Beginn."))

    def validate_milestones(self, field):
        lines = self.milestone_titles()
        if any(len(line) > 200 for line in lines):
            raise ValidationError(_l("Ein Meilenstein darf höchstens 200 Zeichen lang sein."))
        if len(lines) > 30:
            raise ValidationError(_l("Bitte geben Sie höchstens 30 Meilensteine an."))

    def milestone_titles(self) -> list[str]:
        return [line.strip() for line in (self.milestones.data or "").splitlines() if line.strip()]

    def fill_from(self, cohort: Cohort) -> None:
        self.name.data = cohort.name
        self.applications_open_on.data = german(cohort.applications_open_on)
        self.applications_close_on.data = german(cohort.applications_close_on)
        self.places.data = cohort.places
        self.starts_on.data = german(cohort.starts_on)
        self.ends_on.data = german(cohort.ends_on)
        self.milestones.data = "\n".join(m.title for m in cohort.milestones)

    def cohort_data(self) -> dict:
        return {
            "name": self.name.data,
            "applications_open_on": self.applications_open_on.day,
            "applications_close_on": self.applications_close_on.day,
            "places": self.places.data,
            "starts_on": self.starts_on.day,
            "ends_on": self.ends_on.day,
            "milestones": self.milestone_titles(),
        }


class TickForm(BaseForm):
    """Tick a milestone with the date it was reached (or take the tick back)."""

    reached_on = GermanDateField(_l("Erreicht am"), validators=[Optional()])


def year_field(label):
    return NumberField(
        label,
        validators=[
            InputRequired(message=_l("Bitte geben Sie das Jahr an.")),
            NumberRange(min=2000, max=2100, message=_l("Bitte geben Sie ein Jahr wie 2027 an.")),
        ],
    )


class SealApplicationForm(BaseForm):
    """A municipality applies for the seal of one year."""

    year = year_field(_l("Siegel für das Jahr"))
    statement = TextAreaField(
        _l("Was hat Ihre Kommune für gute Beteiligung getan?"),
        validators=[required(_l("Bitte beschreiben Sie kurz, was Ihre Kommune getan hat.")), max_length(4000)],
    )


class NominationForm(BaseForm):
    """The coordination nominates a member municipality for the seal."""

    membership_id = ListChoiceField(_l("Kommune"), coerce=int, choices=[])
    year = year_field(_l("Siegel für das Jahr"))


class CriteriaForm(BaseForm):
    """The scoring sheet: one criterion per line, "Titel | höchste Punktzahl"."""

    criteria = TextAreaField(
        _l("Kriterien (eines pro Zeile: Titel | höchste Punktzahl)"),
        validators=[required(_l("Bitte geben Sie mindestens ein Kriterium an.")), max_length(4000)],
    )

    def parsed(self) -> list[tuple[str, int]]:
        rows = []
        for line in (self.criteria.data or "").splitlines():
            if not line.strip():
                continue
            title, _, points = line.rpartition("|")
            if not title:
                title, points = points, "5"
            rows.append((title.strip(), int(points.strip()) if points.strip().isdigit() else -1))
        return rows

    def validate_criteria(self, field):
        for title, points in self.parsed():
            if not title or len(title) > 200:
                raise ValidationError(_l("Jedes Kriterium braucht einen Titel mit höchstens 200 Zeichen."))
            if not 1 <= points <= 100:
                raise ValidationError(
                    _l("„%(title)s“: Die höchste Punktzahl muss eine ganze Zahl von 1 bis 100 sein.", title=title)
                )

    def fill_from(self, criteria: list[SealCriterion]) -> None:
        self.criteria.data = "\n".join(f"{c.title} | {c.max_points}" for c in criteria)


class ReviewFormBase(BaseForm):
    conflict_of_interest = BooleanField(_l("Ich habe einen Interessenkonflikt bei dieser Kommune"))
    conflict_note = TextAreaField(_l("Worin besteht der Interessenkonflikt?"), validators=[max_length(1000)])
    comment = TextAreaField(_l("Begründung"), validators=[max_length(4000)])

    def score_fields(self):
        return [field for field in self if field.name.startswith("criterion_")]

    def validate_conflict_note(self, field):
        if self.conflict_of_interest.data and not field.data:
            raise ValidationError(_l("Bitte beschreiben Sie den Interessenkonflikt kurz."))

    def scores(self) -> dict[str, int | None]:
        return {field.name.removeprefix("criterion_"): field.data for field in self.score_fields()}


def review_form(criteria: list[SealCriterion], **kwargs) -> ReviewFormBase:
    """The scoring sheet of a network as a form: one points field per criterion."""

    class ReviewForm(ReviewFormBase):
        pass

    for criterion in criteria:
        setattr(
            ReviewForm,
            f"criterion_{criterion.id}",
            NumberField(
                _l("%(title)s (0 bis %(max)s Punkte)", title=criterion.title, max=criterion.max_points),
                validators=[
                    Optional(),
                    NumberRange(
                        min=0,
                        max=criterion.max_points,
                        message=_l("Bitte geben Sie 0 bis %(max)s Punkte an.", max=criterion.max_points),
                    ),
                ],
            ),
        )
    return ReviewForm(**kwargs)


class DecisionForm(BaseForm):
    """Award the seal (with its validity) or not."""

    decision = RadioField(
        _l("Entscheidung"),
        choices=[SelectChoice("award", _l("Siegel vergeben")), SelectChoice("reject", _l("Siegel nicht vergeben"))],
        validators=[required(_l("Bitte wählen Sie eine Entscheidung."))],
    )
    valid_until = GermanDateField(_l("Gültig bis"), validators=[Optional()])
    note = TextAreaField(_l("Begründung"), validators=[max_length(4000)])

    def validate_valid_until(self, field):
        if self.decision.data == "award" and not field.day:
            raise ValidationError(_l("Bitte geben Sie an, bis wann das Siegel gilt."))


class SealQuestionForm(BaseForm):
    """The coordination's question back (Rückfrage) to the municipality."""

    question = TextAreaField(
        _l("Ihre Rückfrage an die Kommune"),
        validators=[required(_l("Bitte formulieren Sie Ihre Rückfrage.")), max_length(4000)],
    )


class SealAnswerForm(BaseForm):
    """The municipality's answer; prefixed with the case, as a member may have several cases."""

    answer = TextAreaField(
        _l("Ihre Antwort"), validators=[required(_l("Bitte beantworten Sie die Rückfrage.")), max_length(4000)]
    )


def answer_form(case_id: int, **kwargs) -> SealAnswerForm:
    return SealAnswerForm(prefix=f"antwort-{case_id}", **kwargs)
