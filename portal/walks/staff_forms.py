"""Staff forms: planning a walk, editing a protocol point, the protocol's summary."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateTimeLocalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.map.forms import parse_coordinate
from portal.walks import vocab
from portal.walks.routes import RouteError

TIME_FORMAT = "%Y-%m-%dT%H:%M"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LocalDateTimeField(DateTimeLocalField):
    """A date and time as typed (``2026-05-12T19:00``), with a message residents understand."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=[TIME_FORMAT, "%Y-%m-%d %H:%M"], **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].strip()[:40]
        for fmt in self.format:
            try:
                self.data = datetime.strptime(raw, fmt)
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(
            _("Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM, till exempel 2026-05-12 19:00.")
        )


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WalkForm(FlaskForm):
    """Plan a walk (and change it later)."""

    title = StringField(
        _l("Namn på vandringen"),
        validators=[DataRequired(_l("Skriv ett namn.")), Length(max=200)],
        filters=[_strip],
        description=_l("Till exempel ”Kvällsvandring i Andersberg”."),
    )
    area = SelectField(_l("Område"), choices=[], validators=[DataRequired(_l("Välj område."))])
    starts_at = LocalDateTimeField(
        _l("Start"), validators=[InputRequired(_l("Fyll i när vandringen börjar."))]
    )
    ends_at = LocalDateTimeField(
        _l("Slut"), validators=[InputRequired(_l("Fyll i när vandringen slutar."))]
    )
    light = RadioField(
        _l("Dagsljus eller mörker?"),
        choices=[SelectChoice(k, v) for k, v in vocab.LIGHT_LABELS.items()],
        validators=[DataRequired(_l("Välj dagsljus eller efter solnedgången."))],
    )
    meeting_point = StringField(
        _l("Samlingsplats"),
        validators=[DataRequired(_l("Skriv var gruppen samlas.")), Length(max=300)],
        filters=[_strip],
        description=_l("Till exempel ”Utanför biblioteket, Andersbergs centrum”."),
    )
    meeting_lat = StringField(
        _l("Samlingsplatsens latitud (frivilligt)"),
        validators=[Optional()],
        filters=[_strip],
        description=_l("Decimalgrader, till exempel 60.6543. Klicka på kartan för att fylla i."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    meeting_lon = StringField(
        _l("Samlingsplatsens longitud (frivilligt)"),
        validators=[Optional()],
        filters=[_strip],
        description=_l("Decimalgrader, till exempel 17.1234."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    route = TextAreaField(
        _l("Planerad rutt som GeoJSON (frivilligt)"),
        validators=[Optional()],
        filters=[_strip],
        description=_l(
            "En LineString eller MultiLineString i WGS84 (longitud, latitud). Rita rutten på "
            "kartan, klistra in GeoJSON eller ladda upp en fil."
        ),
        render_kw={"rows": 4, "spellcheck": "false"},
    )
    route_file = FileField(
        _l("Rutt från fil (frivilligt)"),
        description=_l("En .geojson- eller .json-fil. Ersätter rutten ovan."),
        render_kw={"accept": ".geojson,.json,application/geo+json,application/json"},
    )
    route_text = TextAreaField(
        _l("Rutten i ord (frivilligt)"),
        validators=[Optional(), Length(max=2000)],
        filters=[_strip],
        description=_l("För den som inte ser kartan: gator och platser i den ordning gruppen går."),
        render_kw={"rows": 3},
    )
    description = TextAreaField(
        _l("Om vandringen (visas offentligt)"),
        validators=[Optional(), Length(max=4000)],
        filters=[_strip],
        description=_l("Vilka som bjuds in, tillgänglighet, vad man bör ha med sig."),
        render_kw={"rows": 4},
    )
    organisers = StringField(
        _l("Arrangörer"),
        validators=[Optional(), Length(max=300)],
        filters=[_strip],
        description=_l("Till exempel ”Kommunen, Demobostäder AB och Polisen”."),
    )
    categories = CheckboxesField(
        _l("Kategorier som gruppen använder"),
        choices=[],
        coerce=str,
        description=_l("Inga valda: alla kategorier. Positiva kategorier finns alltid med."),
    )
    max_participants = IntegerField(
        _l("Högsta antal deltagare"),
        validators=[
            InputRequired(_l("Fyll i ett antal.")),
            NumberRange(min=2, max=500, message=_l("Välj ett antal mellan 2 och 500.")),
        ],
        description=_l("Omkring 20 per grupp; dela upp större grupper i flera vandringar."),
    )
    pin_opens_at = LocalDateTimeField(
        _l("Deltagarna kan markera platser från (frivilligt)"),
        validators=[Optional()],
        description=_l("Tomt: en kvart före start."),
    )
    pin_closes_at = LocalDateTimeField(
        _l("… till (frivilligt)"),
        validators=[Optional()],
        description=_l("Tomt: en timme efter slut."),
    )
    previous_walk = SelectField(
        _l("Uppföljning av en tidigare vandring (frivilligt)"),
        choices=[],
        validators=[Optional()],
        description=_l("Då visas vad som hänt med den vandringens punkter."),
    )

    def meeting_position(self) -> tuple[float | None, float | None]:
        """(lon, lat) of the meeting point, or (None, None). Call after validation."""
        lon = parse_coordinate(self.meeting_lon.data, -180, 180)
        lat = parse_coordinate(self.meeting_lat.data, -90, 90)
        return (lon, lat) if lon is not None and lat is not None else (None, None)

    def validate_meeting_lat(self, field) -> None:
        try:
            lat = parse_coordinate(field.data, -90, 90)
            lon = parse_coordinate(self.meeting_lon.data, -180, 180)
        except ValueError:
            raise ValidationError(
                _("Skriv latitud och longitud som decimaltal, till exempel 60.6543 och 17.1234.")
            ) from None
        if (lat is None) != (lon is None):
            raise ValidationError(_("Fyll i både latitud och longitud, eller ingen av dem."))

    def validate_ends_at(self, field) -> None:
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_("Slutet måste vara efter starten."))

    def validate_pin_closes_at(self, field) -> None:
        opens = self.pin_opens_at.data or self.starts_at.data
        if field.data and opens and field.data <= opens:
            raise ValidationError(_("Tiden för att markera måste sluta efter att den börjar."))
        if field.data and self.ends_at.data and field.data < self.ends_at.data:
            raise ValidationError(_("Tiden för att markera får inte sluta före vandringen."))

    def validate_pin_opens_at(self, field) -> None:
        if field.data and self.starts_at.data and field.data > self.starts_at.data:
            raise ValidationError(
                _("Tiden för att markera måste börja senast när vandringen börjar.")
            )


class PointForm(FlaskForm):
    """One protocol point: the place's public fields and the protocol's priority."""

    category = SelectField(_l("Kategori"), choices=[], validators=[DataRequired()])
    public_description = TextAreaField(
        _l("Beskrivning i protokollet"),
        validators=[Optional(), Length(max=4000)],
        filters=[_strip],
        description=_l("Visas offentligt när protokollet publiceras. Personuppgifter maskeras."),
        render_kw={"rows": 3},
    )
    priority = SelectField(
        _l("Prioritet"),
        choices=[SelectChoice("", _l("Ingen prioritet"))]
        + [SelectChoice(k, v) for k, v in vocab.PRIORITY_LABELS.items()],
        validators=[Optional()],
    )
    responsible = StringField(
        _l("Ansvarig"),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
        render_kw={"list": "responsible-suggestions", "autocomplete": "off"},
    )
    deadline = DateField(
        _l("Klart senast"),
        validators=[Optional()],
        description=_l("Datum, till exempel 2026-05-31."),
    )
    status = SelectField(_l("Status"), choices=[], validators=[DataRequired()])
    reason = TextAreaField(
        _l("Varför ingen åtgärd (krävs för ”Ingen åtgärd”)"),
        validators=[Optional(), Length(max=2000)],
        filters=[_strip],
        render_kw={"rows": 2},
    )
    note = TextAreaField(
        _l("Offentlig kommentar (frivillig)"),
        validators=[Optional(), Length(max=2000)],
        filters=[_strip],
        description=_l("Visas på platsens uppföljningssida."),
        render_kw={"rows": 2},
    )
    included = BooleanField(_l("Med i protokollet"), default=True)


class SummaryForm(FlaskForm):
    summary = TextAreaField(
        _l("Sammanfattning (visas överst i protokollet)"),
        validators=[Optional(), Length(max=6000)],
        filters=[_strip],
        description=_l("Vilka som deltog (organisationer, inte namn), vädret, det viktigaste."),
        render_kw={"rows": 5},
    )


class ActionForm(FlaskForm):
    """A button with only the CSRF token (build, publish, new code, cancel)."""


ROUTE_ERRORS = {
    "too_large": lambda d: _("Rutten är för stor (högst %(kb)s kB).", kb=d.get("limit")),
    "json": lambda d: _(
        "Rutten är inte giltig JSON (fel på rad %(line)s, tecken %(column)s).",
        line=d.get("line"),
        column=d.get("column"),
    ),
    "type": lambda d: _(
        "Rutten måste vara en LineString eller MultiLineString (hittade %(found)s).",
        found=d.get("found"),
    ),
    "empty": lambda d: _("Rutten innehåller ingen linje."),
    "too_short": lambda d: _("Varje linje i rutten behöver minst två punkter."),
    "bad_position": lambda d: _(
        "Punkt %(n)s i rutten är inte ett par tal [longitud, latitud].", n=d.get("number")
    ),
    "too_many": lambda d: _("Rutten har för många punkter (högst %(n)s).", n=d.get("limit")),
    "crs": lambda d: _("Rutten måste vara i WGS84 (longitud, latitud), som GeoJSON kräver."),
    "projected": lambda d: _(
        "Koordinaterna ser ut att vara i meter (till exempel SWEREF 99 TM). Exportera rutten i WGS84 (longitud, latitud)."
    ),
    "swapped": lambda d: _(
        "Koordinaterna verkar stå i ordningen latitud, longitud. GeoJSON ska ha longitud först: [17.14, 60.67]."
    ),
    "outside": lambda d: _("Rutten ligger utanför det område portalen gäller."),
    "far_from_area": lambda d: _("Rutten ligger inte i eller nära det valda området."),
}


def route_error_message(error: RouteError) -> str:
    """What to tell the walk leader about a route that cannot be used."""
    return ROUTE_ERRORS[error.code](error.detail)
