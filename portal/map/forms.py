"""Resident forms: reporting a place and looking up a follow code."""

from __future__ import annotations

import math

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.map import vocab


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def parse_coordinate(raw: str | None, low: float, high: float) -> float | None:
    """A finite number within [low, high], or None for a blank value; ValueError otherwise."""
    if raw is None or not str(raw).strip():
        return None
    value = float(str(raw).strip().replace(",", "."))
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(raw)
    return value


class ReportForm(FlaskForm):
    """A place report. Either a point (from the map) or an area (the non-map path)."""

    lon = HiddenField(filters=[_strip])
    lat = HiddenField(filters=[_strip])
    area = SelectField(
        _l("Område"),
        choices=[],
        default="",
        description=_l("Välj området om du inte har markerat platsen på kartan."),
    )
    location_text = StringField(
        _l("Gata, adress eller landmärke (frivilligt)"),
        validators=[Optional(), Length(max=300, message=_l("Skriv högst 300 tecken."))],
        filters=[_strip],
        description=_l(
            "Till exempel ”gångtunneln under Södra vägen” eller ”vid busshållplatsen Torget”."
        ),
        render_kw={"autocomplete": "off"},
    )
    # "Is it this one?": a place id or "ny"; rendered by map/_nearby.html, checked in the view.
    attach_to = StringField(
        _l("Är det någon av de här platserna?"), validators=[Optional(), Length(max=20)]
    )
    category = RadioField(
        _l("Vad gäller det?"),
        choices=[],
        validators=[DataRequired(_l("Välj vad det gäller."))],
    )
    description = TextAreaField(
        _l("Beskriv platsen och vad du upplever där"),
        validators=[DataRequired(_l("Skriv en kort beskrivning."))],
        filters=[_strip],
        description=_l(
            "Skriv om platsen, inte om personer. Telefonnummer, adresser och liknande tas bort "
            "innan något visas offentligt."
        ),
    )
    time_of_day = RadioField(
        _l("När känns det så?"),
        choices=[SelectChoice(k, v) for k, v in vocab.TIME_LABELS.items()],
        validators=[DataRequired(_l("Välj när på dygnet."))],
    )
    day_kind = RadioField(
        _l("Vilka dagar?"),
        choices=[SelectChoice(k, v) for k, v in vocab.DAY_KIND_LABELS.items()],
        validators=[DataRequired(_l("Välj vilka dagar."))],
    )
    photo = FileField(
        _l("Bild (frivilligt)"),
        description=_l(
            "JPEG, PNG, WebP eller HEIC. Bilden visas inte förrän den har granskats, och "
            "platsuppgifter i bildfilen tas bort."
        ),
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif"},
    )
    # Honeypot: hidden from people, tempting for bots.
    website = StringField(
        _l("Lämna det här fältet tomt"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )
    client_key = HiddenField()

    def position(self) -> tuple[float, float] | None:
        """(lon, lat) from the map, or None. Call after validation."""
        lon = parse_coordinate(self.lon.data, -180, 180)
        lat = parse_coordinate(self.lat.data, -90, 90)
        return (lon, lat) if lon is not None and lat is not None else None

    def validate_lat(self, field) -> None:
        try:
            lon = parse_coordinate(self.lon.data, -180, 180)
            lat = parse_coordinate(field.data, -90, 90)
        except ValueError:
            raise ValidationError(
                _("Platsen på kartan kunde inte läsas. Markera den igen.")
            ) from None
        if (lon is None) != (lat is None):
            raise ValidationError(_("Platsen på kartan kunde inte läsas. Markera den igen."))

    def validate_area(self, field) -> None:
        has_point = bool(self.lon.data and self.lat.data)
        if not has_point and not field.data:
            raise ValidationError(_("Markera platsen på kartan eller välj ett område."))

    def validate_description(self, field) -> None:
        limit = current_app.config["PLACE_DESCRIPTION_MAX"]
        if field.data and len(field.data) > limit:
            raise ValidationError(
                _("Skriv högst %(n)s tecken (nu %(count)s).", n=limit, count=len(field.data))
            )

    def validate_client_key(self, field) -> None:
        if field.data and (len(field.data) > 64 or not field.data.isalnum()):
            field.data = ""


class FollowForm(FlaskForm):
    """Look up a report by its follow code (GET, no CSRF)."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Uppföljningskod"),
        validators=[DataRequired(_l("Skriv din kod.")), Length(max=40)],
        filters=[_strip],
        description=_l("Koden fick du när du skickade rapporten, till exempel K7M-4QX-9PZ."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class AgreeForm(FlaskForm):
    """ "Jag håller med": one button. It carries no session-bound CSRF token, so the place page
    stays the same for every anonymous visitor and can be cached; the view checks instead that the
    POST comes from this site (``Origin``/``Referer``, see ``portal.map.views.agree``)."""

    class Meta:
        csrf = False
