"""Staff forms: moderation, handling, position, merge and categories."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    ColorField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from portal.map import vocab


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ReviewForm(FlaskForm):
    """Mark one report as reviewed, with the text that may be shown publicly."""

    public_text = TextAreaField(
        _l("Offentlig text för rapporten"),
        validators=[Optional(), Length(max=4000)],
        filters=[_strip],
        description=_l(
            "Personuppgifter maskeras automatiskt. Lämna tomt för att inte visa rapportens text."
        ),
    )


class PhotoForm(FlaskForm):
    decision = SelectField(
        _l("Beslut om bilden"),
        choices=[
            SelectChoice("approve", _l("Godkänn bilden")),
            SelectChoice("reject", _l("Godkänn inte (bilden tas bort)")),
        ],
        validators=[DataRequired()],
    )


class EditPlaceForm(FlaskForm):
    public_description = TextAreaField(
        _l("Offentlig beskrivning"),
        validators=[Optional(), Length(max=4000)],
        filters=[_strip],
        description=_l("Visas på kartan och platsens sida när platsen är publicerad."),
    )
    category = SelectField(_l("Kategori"), choices=[], validators=[DataRequired()])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[], validators=[DataRequired()])
    reason = TextAreaField(
        _l("Offentligt skäl (krävs för ”Ingen åtgärd”)"),
        validators=[Optional(), Length(max=2000)],
        filters=[_strip],
    )
    note = TextAreaField(
        _l("Offentlig kommentar (frivillig)"),
        validators=[Optional(), Length(max=2000)],
        filters=[_strip],
        description=_l("Visas på uppföljningssidan för alla som rapporterat platsen."),
    )


class HandlingForm(FlaskForm):
    responsible = StringField(
        _l("Ansvarig organisation"),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        render_kw={"list": "responsible-suggestions", "autocomplete": "off"},
    )
    deadline = DateField(
        _l("Klart senast"),
        validators=[Optional()],
        description=_l("Datum, till exempel 2026-05-31."),
    )


class PublishForm(FlaskForm):
    """Publish or unpublish (the button's value)."""


class PositionForm(FlaskForm):
    lat = StringField(
        _l("Latitud"),
        validators=[InputRequired(_l("Fyll i latitud."))],
        filters=[_strip],
        description=_l("Decimalgrader, till exempel 60.6749. Klicka på kartan för att fylla i."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    lon = StringField(
        _l("Longitud"),
        validators=[InputRequired(_l("Fyll i longitud."))],
        filters=[_strip],
        description=_l("Decimalgrader, till exempel 17.1413."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )


class MergeForm(FlaskForm):
    target = IntegerField(
        _l("Slå ihop med plats nummer"),
        validators=[InputRequired(_l("Fyll i platsens nummer.")), NumberRange(min=1)],
        description=_l("Den här platsens rapporter flyttas dit."),
    )


class SplitForm(FlaskForm):
    """Split one report off to a new place (the report is in the URL)."""


def icon_choices() -> list[tuple[str, str]]:
    """The icon select's choices, translated for the current request."""
    return [SelectChoice(key, f"{glyph} {label}") for key, (glyph, label) in vocab.ICONS.items()]


class CategoryForm(FlaskForm):
    name_sv = StringField(
        _l("Namn på svenska"),
        validators=[DataRequired(_l("Fyll i ett namn.")), Length(max=120)],
        filters=[_strip],
    )
    name_en = StringField(
        _l("Namn på engelska"),
        validators=[DataRequired(_l("Fyll i ett namn.")), Length(max=120)],
        filters=[_strip],
    )
    colour = ColorField(
        _l("Färg"),
        default="#1f5fa8",
        validators=[
            DataRequired(),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Ange färgen som #rrggbb.")),
        ],
    )
    icon = SelectField(_l("Symbol"), choices=[])  # filled per request: icon_choices()
    sort_order = IntegerField(
        _l("Ordning"), default=0, validators=[Optional(), NumberRange(min=0, max=10_000)]
    )
    positive = BooleanField(_l("Positiv kategori (tryggt och trivsamt)"))
    active = BooleanField(_l("Kan väljas i nya rapporter"), default=True)
