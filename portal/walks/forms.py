"""Participant forms: the join code, joining (consent and optional name), pinning a place."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.map.forms import parse_coordinate


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CodeForm(FlaskForm):
    """Type the walk's join code (GET, no CSRF)."""

    class Meta:
        csrf = False

    kod = StringField(
        _l("Vandringens kod"),
        validators=[DataRequired(_l("Skriv koden.")), Length(max=24)],
        filters=[_strip],
        description=_l(
            "Sex tecken, till exempel VAN-479. Du får koden av den som leder vandringen."
        ),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class JoinForm(FlaskForm):
    """Join a walk: an optional display name and consent to what is stored."""

    display_name = StringField(
        _l("Visningsnamn (frivilligt)"),
        validators=[Optional(), Length(max=40, message=_l("Skriv högst 40 tecken."))],
        filters=[_strip],
        description=_l(
            "Syns bara för den som leder vandringen. Lämna tomt så heter du ”deltagare” och ett nummer."
        ),
        render_kw={"autocomplete": "nickname"},
    )
    consent = BooleanField(
        _l("Jag har läst vad som sparas och vill vara med"),
        validators=[DataRequired(_l("Kryssa i rutan för att vara med."))],
    )
    website = StringField(
        _l("Lämna det här fältet tomt"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )


class PinForm(FlaskForm):
    """One pin: a point from the map, or an area and words (the non-map path)."""

    lon = HiddenField(filters=[_strip])
    lat = HiddenField(filters=[_strip])
    area = SelectField(
        _l("Del av området"),
        choices=[],
        validate_choice=False,  # checked in validate_area and against the walk's areas
        description=_l("Välj om du inte har markerat platsen på kartan."),
    )
    location_text = StringField(
        _l("Var är platsen?"),
        validators=[Optional(), Length(max=300, message=_l("Skriv högst 300 tecken."))],
        filters=[_strip],
        description=_l("Till exempel ”gångtunneln vid skolan” eller ”parkeringen bakom Konsum”."),
        render_kw={"autocomplete": "off"},
    )
    category = RadioField(
        _l("Vad gäller det?"), choices=[], validators=[DataRequired(_l("Välj vad det gäller."))]
    )
    description = TextAreaField(
        _l("Kort beskrivning (frivillig)"),
        validators=[Optional()],
        filters=[_strip],
        description=_l("Skriv om platsen, inte om personer."),
        render_kw={"rows": 3},
    )
    photo = FileField(
        _l("Bild (frivilligt)"),
        description=_l(
            "Bilden visas inte förrän den har granskats, och platsuppgifter i bildfilen tas bort."
        ),
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif"},
    )
    website = StringField(
        _l("Lämna det här fältet tomt"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )
    client_key = HiddenField()
    pinned_at = HiddenField()  # set by the offline queue: when the pin was made

    def position(self) -> tuple[float, float] | None:
        """(lon, lat) from the map, or None. Call after validation."""
        lon = parse_coordinate(self.lon.data, -180, 180)
        lat = parse_coordinate(self.lat.data, -90, 90)
        return (lon, lat) if lon is not None and lat is not None else None

    def pinned_moment(self) -> datetime | None:
        """When the phone says the pin was made (ISO 8601), or None."""
        raw = (self.pinned_at.data or "").strip()
        if not raw or len(raw) > 40:
            return None
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

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
        if not (self.lon.data and self.lat.data) and not field.data:
            raise ValidationError(_("Markera platsen på kartan eller välj del av området."))

    def validate_description(self, field) -> None:
        limit = current_app.config["PLACE_DESCRIPTION_MAX"]
        if field.data and len(field.data) > limit:
            raise ValidationError(
                _("Skriv högst %(n)s tecken (nu %(count)s).", n=limit, count=len(field.data))
            )

    def validate_client_key(self, field) -> None:
        if field.data and (len(field.data) > 64 or not field.data.isalnum()):
            field.data = ""
