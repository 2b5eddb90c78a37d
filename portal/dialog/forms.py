"""Forms: the survey builder (staff), moderation, and the fixed part of an answer form.

The questions of an answer form are read by :mod:`portal.dialog.answering` (they differ per
survey); :class:`AnswerForm` carries what every answer form has: the submission token and a
honeypot. Per-language fields (title, question text, options) are added for the configured
languages by the ``*_form_class`` functions.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.dialog import vocab
from portal.dialog.survey_templates import TEMPLATES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlainDateField(StringField):
    """A date typed as YYYY-MM-DD (``<input type="date">``), with a Swedish error message."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist) -> None:
        self.data = None
        self.raw = (valuelist or [""])[0].strip()[:20]
        if self.raw:
            try:
                self.data = date.fromisoformat(self.raw)
            except ValueError:
                raise ValueError(_l("Skriv datumet som ÅÅÅÅ-MM-DD.")) from None

    def _value(self) -> str:
        if self.data:
            return self.data.isoformat()
        return getattr(self, "raw", "") or ""


class SmallIntField(StringField):
    """A whole number in ``[low, high]``, with a Swedish error message."""

    def __init__(self, label=None, validators=None, low: int = 1, high: int = 100, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "pattern": "[0-9]*"})
        super().__init__(label, validators, **kwargs)
        self.low, self.high = low, high

    def process_formdata(self, valuelist) -> None:
        text = (valuelist or [""])[0].strip()[:12]
        self.raw = text
        self.data = None
        if text:
            if not text.isdigit() or not self.low <= int(text) <= self.high:
                raise ValueError(
                    _l("Skriv ett heltal från %(low)s till %(high)s.", low=self.low, high=self.high)
                )
            self.data = int(text)

    def _value(self) -> str:
        return str(self.data) if self.data is not None else getattr(self, "raw", "") or ""


def _known_choice(message):
    def check(form, field: Field) -> None:
        values = field.data if isinstance(field.data, list) else [field.data]
        allowed = {str(choice.value) for choice in field.choices}
        if any(str(v) not in allowed for v in values if v not in (None, "")):
            raise ValidationError(message)

    return check


# --- survey builder -----------------------------------------------------------------------------


class NewSurveyForm(FlaskForm):
    """One step: a template, an area and languages."""

    template = RadioField(
        _l("Utgå från"),
        choices=[SelectChoice(key, t.label) for key, t in TEMPLATES.items()],
        default="trygghetsmatning",
        validate_choice=False,
        validators=[
            InputRequired(_l("Välj en mall.")),
            _known_choice(_l("Välj en av mallarna.")),
        ],
    )
    area = SelectField(
        _l("Område"),
        validate_choice=False,
        validators=[
            InputRequired(_l("Välj ett område.")),
            _known_choice(_l("Välj ett område i listan.")),
        ],
    )
    languages = MultiCheckboxField(
        _l("Språk"),
        validate_choice=False,
        validators=[
            InputRequired(_l("Välj minst ett språk.")),
            _known_choice(_l("Välj bland språken i listan.")),
        ],
    )
    title = StringField(
        _l("Titel (valfri)"),
        description=_l("Lämna tomt för mallens titel. Allt går att ändra efteråt."),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
    )


class SettingsFormBase(FlaskForm):
    area = SelectField(
        _l("Område"),
        validate_choice=False,
        validators=[
            InputRequired(_l("Välj ett område.")),
            _known_choice(_l("Välj ett område i listan.")),
        ],
    )
    languages = MultiCheckboxField(
        _l("Språk"),
        validate_choice=False,
        validators=[
            InputRequired(_l("Välj minst ett språk.")),
            _known_choice(_l("Välj bland språken i listan.")),
        ],
    )
    opens_on = PlainDateField(_l("Öppnar (datum, valfritt)"), validators=[Optional()])
    closes_on = PlainDateField(
        _l("Stänger (datum, valfritt)"),
        description=_l("Enkäten tar emot svar till och med den dagen."),
        validators=[Optional()],
    )


def settings_form_class(languages: dict[str, str]) -> type[SettingsFormBase]:
    """The settings form with a title and an introduction per configured language."""

    class SettingsForm(SettingsFormBase):
        pass

    for code, name in languages.items():
        setattr(
            SettingsForm,
            f"title_{code}",
            StringField(
                _l("Titel (%(language)s)", language=name),
                validators=[Length(max=200)],
                filters=[_strip],
            ),
        )
        setattr(
            SettingsForm,
            f"intro_{code}",
            TextAreaField(
                _l("Inledning (%(language)s)", language=name),
                validators=[Length(max=3000)],
                filters=[_strip],
            ),
        )
    return SettingsForm


class QuestionFormBase(FlaskForm):
    required = BooleanField(_l("Obligatorisk fråga"))
    page = SmallIntField(
        _l("Sida"),
        description=_l("Frågor med samma sidnummer visas på samma sida i mobilen."),
        low=1,
        high=50,
        validators=[InputRequired(_l("Skriv ett sidnummer."))],
    )
    max_length = SmallIntField(_l("Högsta antal tecken"), low=1, high=vocab.TEXT_MAX_LIMIT)
    max_choices = SmallIntField(_l("Högsta antal val (tomt: inget tak)"), low=1, high=50)
    show_if = SelectField(_l("Visa bara om"), validate_choice=False)


def question_form_class(languages: dict[str, str], kind: str) -> type[QuestionFormBase]:
    """The question form with text, help and options per survey language."""

    class QuestionForm(QuestionFormBase):
        pass

    for code, name in languages.items():
        setattr(
            QuestionForm,
            f"text_{code}",
            TextAreaField(
                _l("Frågetext (%(language)s)", language=name),
                validators=[Length(max=500)],
                filters=[_strip],
                render_kw={"rows": 2},
            ),
        )
        setattr(
            QuestionForm,
            f"help_{code}",
            StringField(
                _l("Hjälptext (%(language)s, valfri)", language=name),
                validators=[Length(max=500)],
                filters=[_strip],
            ),
        )
        if kind in vocab.CHOICE_KINDS:
            setattr(
                QuestionForm,
                f"options_{code}",
                TextAreaField(
                    _l("Svarsalternativ (%(language)s), ett per rad", language=name)
                    if kind != vocab.SCALE
                    else _l("Skalans steg (%(language)s), ett per rad i ordning", language=name),
                    validators=[Length(max=4000)],
                    render_kw={"rows": 6},
                ),
            )
        if kind == vocab.SCALE:
            setattr(
                QuestionForm,
                f"extra_{code}",
                TextAreaField(
                    _l("Alternativ utanför skalan (%(language)s), ett per rad", language=name),
                    description=_l("Till exempel ”Ingen uppfattning”. Räknas inte in i index."),
                    validators=[Length(max=1000)],
                    render_kw={"rows": 2},
                ),
            )
    return QuestionForm


class AddQuestionForm(FlaskForm):
    kind = SelectField(_l("Ny fråga"), validate_choice=False)


class ConfirmForm(FlaskForm):
    """A POST with only the CSRF token (state changes, moving, deleting, copying)."""


# --- moderation -------------------------------------------------------------------------------


class ModerationForm(FlaskForm):
    hide = TextAreaField(
        _l("Dölj mer text"),
        description=_l(
            "Skriv ord eller fraser som ska döljas, en per rad (t.ex. ett namn). "
            "De ersätts med [dolt] överallt i svaret."
        ),
        validators=[Length(max=2000)],
        render_kw={"rows": 3},
    )
    action = HiddenField()


# --- answering ---------------------------------------------------------------------------------


class AnswerForm(FlaskForm):
    """The fixed fields of every answer page: the submission token and a honeypot."""

    token = HiddenField()
    website = StringField(
        _l("Lämna det här fältet tomt"),
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )
