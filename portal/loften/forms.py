"""Staff forms for a promise: create, edit, underlag, fokusområden, signatories, life cycle."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.loften import vocab

TEXT_MAX = 10_000


def strip(value):
    return value.strip() if isinstance(value, str) else value


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _review_choices() -> list[tuple[int, str]]:
    return [(months, str(_l("Var %(n)s:e månad", n=months))) for months in vocab.REVIEW_CYCLES]


class NewPromiseForm(FlaskForm):
    """A blank draft."""

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Skriv en titel.")), Length(max=200)],
        filters=[strip],
        description=_l("Till exempel ”Medborgarlöfte för Brynäs 2026”."),
    )
    area = SelectField(_l("Område"), choices=[], validators=[DataRequired(_l("Välj område."))])
    period_start = DateField(
        _l("Perioden börjar"), validators=[InputRequired(_l("Skriv ett datum."))]
    )
    period_end = DateField(
        _l("Perioden slutar"), validators=[InputRequired(_l("Skriv ett datum."))]
    )

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("Perioden kan inte sluta innan den börjar."))


class FromSnapshotForm(FlaskForm):
    """Create a draft from a fastställd lägesbild (the snapshot is in the URL)."""

    title = StringField(
        _l("Titel på löftet"),
        validators=[DataRequired(_l("Skriv en titel.")), Length(max=200)],
        filters=[strip],
    )


class PromiseForm(FlaskForm):
    """The promise's own texts and dates."""

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Skriv en titel.")), Length(max=200)],
        filters=[strip],
    )
    summary = TextAreaField(
        _l("Inledning"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        filters=[strip],
        description=_l("Kort om vad löftet gäller. Markdown går att använda."),
    )
    areas = CheckboxesField(
        _l("Områden som löftet gäller"),
        coerce=int,
        choices=[],
        validators=[DataRequired(_l("Välj minst ett område."))],
    )
    period_start = DateField(
        _l("Perioden börjar"), validators=[InputRequired(_l("Skriv ett datum."))]
    )
    period_end = DateField(
        _l("Perioden slutar"), validators=[InputRequired(_l("Skriv ett datum."))]
    )
    dialog_summary = TextAreaField(
        _l("Det här har vi hört (sammanfattning av dialogen)"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        filters=[strip],
        description=_l(
            "Vad invånare, verksamheter och medarbetare har sagt. Markdown går att använda."
        ),
    )
    followup_method = TextAreaField(
        _l("Så följer vi upp"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        filters=[strip],
        description=_l(
            "Resurs, prestation och effekt: vad räknas och vilken mätning visar effekten."
        ),
    )
    follow_text = TextAreaField(
        _l("Så kan du följa arbetet"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        filters=[strip],
        description=_l("Till exempel möten, nyhetsbrev eller kontaktpersoner."),
    )
    followup_result = TextAreaField(
        _l("Uppföljningens resultat"),
        validators=[Optional(), Length(max=TEXT_MAX)],
        filters=[strip],
        description=_l("Skrivs när perioden är slut; krävs för att markera löftet som uppföljt."),
    )
    signed_on = DateField(_l("Undertecknat den"), validators=[Optional()])
    review_months = SelectField(
        _l("Genomgång av löftet"), coerce=int, choices=[], validators=[InputRequired()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_months.choices = _review_choices()

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("Perioden kan inte sluta innan den börjar."))


class SurveysForm(FlaskForm):
    """Which surveys measure the indicator before and after, and which lägesbild is underlag."""

    snapshot = SelectField(_l("Fastställd lägesbild"), choices=[], validators=[Optional()])
    baseline = SelectField(
        _l("Mätning före (utgångsläge)"),
        choices=[],
        validators=[Optional()],
        description=_l("Visas offentligt när enkätens resultat är publicerade."),
    )
    followup = SelectField(_l("Mätning efter (uppföljning)"), choices=[], validators=[Optional()])
    indicator = SelectField(_l("Indikator som följs upp"), choices=[], validators=[Optional()])


class PlaceSourceForm(FlaskForm):
    place_id = IntegerField(
        _l("Platsens nummer"),
        validators=[InputRequired(_l("Skriv platsens nummer.")), NumberRange(min=1, max=2**31 - 1)],
        description=_l("Numret står på platsens sida, till exempel ”Plats 123”."),
    )


class SurveySourceForm(FlaskForm):
    survey = SelectField(_l("Enkät"), choices=[], validators=[DataRequired(_l("Välj en enkät."))])


class FocusForm(FlaskForm):
    title = StringField(
        _l("Fokusområde"),
        validators=[DataRequired(_l("Skriv ett fokusområde.")), Length(max=200)],
        filters=[strip],
    )
    description = TextAreaField(
        _l("Beskrivning"), validators=[Optional(), Length(max=TEXT_MAX)], filters=[strip]
    )


class SignatoryForm(FlaskForm):
    name = StringField(
        _l("Namn"),
        validators=[DataRequired(_l("Skriv ett namn.")), Length(max=200)],
        filters=[strip],
    )
    title = StringField(
        _l("Befattning"),
        validators=[DataRequired(_l("Skriv en befattning.")), Length(max=200)],
        filters=[strip],
        description=_l("Till exempel kommunstyrelsens ordförande eller lokalpolisområdeschef."),
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[DataRequired(_l("Skriv en organisation.")), Length(max=200)],
        filters=[strip],
    )


class ActionForm(FlaskForm):
    """A state change (publicera, avsluta, följ upp) or a held review."""

    action = HiddenField(validators=[DataRequired()])


class ReviewForm(FlaskForm):
    note = TextAreaField(
        _l("Anteckning från genomgången (visas bara för personal)"),
        validators=[Optional(), Length(max=500)],
        filters=[strip],
    )


class ConfirmForm(FlaskForm):
    """A POST with only the CSRF token (remove, delete)."""
