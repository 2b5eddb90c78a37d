"""Forms for EST reports, the checklist, imports, choosing a lägesbild and the analysis."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.lagesbild import periods, vocab
from portal.lagesbild.models import MAX_ID

NOTE_HINT = _l(
    "Beskriv plats och situation, t.ex. ”vid busshållplatsen efter kl. 21”. "
    "Skriv aldrig namn på personer."
)


class ChecklistCategoryForm(FlaskForm):
    name_sv = StringField(_l("Namn på svenska"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Namn på engelska"), validators=[DataRequired(), Length(max=120)])
    help_sv = StringField(
        _l("Förklaring till rapportörerna (valfri)"), validators=[Optional(), Length(max=300)]
    )
    sort_order = IntegerField(
        _l("Ordning i listan"), default=0, validators=[Optional(), NumberRange(0, 100_000)]
    )
    active = BooleanField(_l("Används i nya rapporter"), default=True)


def report_form_class(categories, period_choices: list[SelectChoice], note_max: int):
    """A report form with an assessment, a count and a note per checklist category."""

    class ReportForm(FlaskForm):
        period = SelectField(_l("Period"), choices=period_choices, validators=[InputRequired()])

        def category_fields(self, category):
            return (
                self[f"bedomning_{category.id}"],
                self[f"antal_{category.id}"],
                self[f"anteckning_{category.id}"],
            )

    choices = [SelectChoice(a, vocab.ASSESSMENT_LABELS[a]) for a in vocab.ASSESSMENTS]
    for category in categories:
        setattr(
            ReportForm,
            f"bedomning_{category.id}",
            RadioField(
                _l("Bedömning"), choices=choices, default=vocab.INGEN, validators=[Optional()]
            ),
        )
        setattr(
            ReportForm,
            f"antal_{category.id}",
            IntegerField(
                _l("Antal händelser (om ni räknat)"),
                validators=[Optional(), NumberRange(0, 100_000)],
            ),
        )
        setattr(
            ReportForm,
            f"anteckning_{category.id}",
            TextAreaField(
                _l("Anteckning om plats och situation"),
                description=NOTE_HINT,
                validators=[Optional(), Length(max=note_max)],
            ),
        )
    return ReportForm


class ImportForm(FlaskForm):
    area = SelectField(_l("Område"), coerce=int, validators=[InputRequired()])
    file = FileField(
        _l("CSV-fil"),
        validators=[
            FileRequired(_l("Välj en fil.")),
            FileAllowed(["csv", "txt"], _l("Filen måste vara en CSV-fil (.csv).")),
        ],
    )
    period = SelectField(
        _l("Rapportperiod när kolumnen period saknas"),
        choices=[SelectChoice(k, v) for k, v in periods.EST_KIND_LABELS.items()],
    )


class ChooseForm(FlaskForm):
    """Which lägesbild: area and period (a GET form)."""

    class Meta:
        csrf = False

    omrade = SelectField(_l("Område"), validators=[InputRequired()])
    typ = SelectField(
        _l("Typ av period"),
        choices=[SelectChoice(k, v) for k, v in periods.KIND_LABELS.items()],
        default=periods.KVARTAL,
    )
    ar = IntegerField(
        _l("År"), validators=[Optional(), NumberRange(periods.MIN_YEAR, periods.MAX_YEAR)]
    )
    nummer = IntegerField(
        _l("Nummer (vecka 1–53, månad 1–12, kvartal 1–4 eller tertial 1–3)"),
        validators=[Optional(), NumberRange(1, 53)],
    )
    fran = DateField(_l("Från och med (egen period)"), validators=[Optional()])
    till = DateField(_l("Till och med (egen period)"), validators=[Optional()])

    def period(self) -> periods.Period | None:
        """The chosen period, or None with the reason on the field that is wrong."""
        kind = self.typ.data
        try:
            if kind == periods.ANPASSAD:
                if not self.fran.data:
                    self.fran.errors = [*self.fran.errors, _l("Ange första dagen.")]
                if not self.till.data:
                    self.till.errors = [*self.till.errors, _l("Ange sista dagen.")]
                if not (self.fran.data and self.till.data):
                    return None
                return periods.custom(self.fran.data, self.till.data)
            if not self.ar.data:
                self.ar.errors = [*self.ar.errors, _l("Ange år.")]
                return None
            if kind == periods.AR:
                return periods.numbered(kind, self.ar.data)
            if not self.nummer.data:
                self.nummer.errors = [
                    *self.nummer.errors,
                    _l("Ange vilken vecka, månad, kvartal eller tertial."),
                ]
                return None
            return periods.numbered(kind, self.ar.data, self.nummer.data)
        except periods.BadPeriod:
            field = self.till if kind == periods.ANPASSAD else self.nummer
            field.errors = [*field.errors, _l("Perioden finns inte; kontrollera siffrorna.")]
            return None


class TextsForm(FlaskForm):
    revision = HiddenField()
    problem_description = TextAreaField(
        _l("Problembeskrivning"),
        description=_l("Vad visar underlaget? Vilka problem ser ni, var och när?"),
        validators=[Optional(), Length(max=20_000)],
    )
    causes = TextAreaField(
        _l("Orsaksanalys"),
        description=_l(
            "Varför uppstår problemen? Platsens utformning, tider, målgrupper, brister."
        ),
        validators=[Optional(), Length(max=20_000)],
    )
    public_summary = TextAreaField(
        _l("Sammanfattning för allmänheten"),
        description=_l(
            "Visas i den publika sammanfattningen. Personuppgifter maskeras, men skriv ändå "
            "inget som pekar ut någon."
        ),
        validators=[Optional(), Length(max=5000)],
    )

    def validate_revision(self, field) -> None:
        if not (field.data or "").isdigit():
            raise ValidationError(_l("Formuläret är ofullständigt; ladda om sidan."))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def parse_ids(text: str | None) -> list[int]:
    """Ids written as "12, 15 20" → [12, 15, 20]; ValueError for anything else."""
    parts = [p for p in (text or "").replace(",", " ").replace(";", " ").split() if p]
    ids = []
    for part in parts:
        if not part.isdigit() or len(part) > 12 or int(part) > MAX_ID:
            raise ValueError(part)
        ids.append(int(part))
    return list(dict.fromkeys(ids))


class ProblemForm(FlaskForm):
    title = StringField(_l("Problem"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Beskrivning"), validators=[Optional(), Length(max=10_000)])
    prioritised = BooleanField(_l("Prioriterat problem (fokusområde)"))
    evidence = MultiCheckboxField(_l("Underlag ur lägesbilden"), choices=[], validate_choice=True)
    places = StringField(
        _l("Enskilda platser (platsnummer, kommaseparerade)"),
        validators=[Optional(), Length(max=500)],
    )
    est_rows = StringField(
        _l("Enskilda EST-rader (radnummer, kommaseparerade)"),
        validators=[Optional(), Length(max=500)],
    )

    def validate_places(self, field) -> None:
        try:
            parse_ids(field.data)
        except ValueError as error:
            raise ValidationError(_l("Skriv bara platsnummer, t.ex. 12, 15.")) from error

    def validate_est_rows(self, field) -> None:
        try:
            parse_ids(field.data)
        except ValueError as error:
            raise ValidationError(_l("Skriv bara radnummer, t.ex. 301, 302.")) from error


def this_year() -> int:
    return date.today().year
