"""Staff forms for commitments, activities, progress updates and "you said, we did" links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
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

from portal.loften import vocab
from portal.loften.forms import TEXT_MAX, strip

MAX_NUMBER = 10**9


class CommitmentForm(FlaskForm):
    """ "Det här lovar vi": one commitment."""

    title = StringField(
        _l("Åtagande"),
        validators=[DataRequired(_l("Skriv vad ni lovar.")), Length(max=300)],
        filters=[strip],
        description=_l(
            "Konkret och mätbart, till exempel ”Patrullera vid centrumhuset vid minst 200 tillfällen”."
        ),
    )
    description = TextAreaField(
        _l("Beskrivning"), validators=[Optional(), Length(max=TEXT_MAX)], filters=[strip]
    )
    party = RadioField(
        _l("Ansvarig"), choices=[], validators=[InputRequired(_l("Välj vem som ansvarar."))]
    )
    organisation = StringField(
        _l("Samverkanspartnerns namn"),
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        description=_l(
            "Samma namn som partnerns konton har som organisation, så kan de rapportera själva."
        ),
    )
    target_value = DecimalField(
        _l("Mål (antal)"),
        places=None,
        validators=[
            Optional(),
            NumberRange(min=0.01, max=MAX_NUMBER, message=_l("Skriv ett tal större än noll.")),
        ],
        description=_l("Lämna tomt om åtagandet inte har ett mätbart mål."),
    )
    target_unit = StringField(
        _l("Enhet"),
        validators=[Optional(), Length(max=60)],
        filters=[strip],
        description=_l("Till exempel patrulleringar, lampor eller timmar."),
    )
    due_on = DateField(_l("Klart senast"), validators=[Optional()])
    focus = SelectField(_l("Fokusområde"), choices=[], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.party.choices = [(p, str(vocab.PARTY_LABELS[p])) for p in vocab.PARTIES]

    def validate_organisation(self, field):
        if self.party.data == vocab.PARTNER and not field.data:
            raise ValidationError(_l("Skriv samverkanspartnerns namn."))

    def validate_target_unit(self, field):
        if self.target_value.data is not None and not field.data:
            raise ValidationError(_l("Skriv vad målet räknas i."))


class ActivityForm(FlaskForm):
    title = StringField(
        _l("Aktivitet"),
        validators=[DataRequired(_l("Skriv en aktivitet.")), Length(max=300)],
        filters=[strip],
    )
    description = TextAreaField(
        _l("Beskrivning"), validators=[Optional(), Length(max=TEXT_MAX)], filters=[strip]
    )
    due_on = DateField(_l("Klart senast"), validators=[Optional()])


class UpdateForm(FlaskForm):
    """A progress update: what was done, the status and how far toward the target."""

    happened_on = DateField(_l("Datum"), validators=[InputRequired(_l("Skriv ett datum."))])
    status = RadioField(_l("Status"), choices=[], validators=[InputRequired(_l("Välj status."))])
    reason = TextAreaField(
        _l("Offentligt skäl"),
        validators=[Optional(), Length(max=2000)],
        filters=[strip],
        description=_l("Krävs när åtagandet är försenat eller inställt. Visas för alla."),
    )
    progress_value = DecimalField(
        _l("Hittills genomfört (antal)"),
        places=None,
        validators=[
            Optional(),
            NumberRange(min=0, max=MAX_NUMBER, message=_l("Skriv ett tal, noll eller större.")),
        ],
    )
    activity = SelectField(_l("Gäller aktiviteten"), choices=[], validators=[Optional()])
    text = TextAreaField(
        _l("Vad har gjorts?"),
        validators=[DataRequired(_l("Skriv vad som har gjorts.")), Length(max=5000)],
        filters=[strip],
        description=_l(
            "Markdown går att använda: **fetstil**, listor med - och länkar [text](https://…)."
        ),
    )
    photo = FileField(
        _l("Bild (valfri)"),
        description=_l("JPEG, PNG, WebP eller HEIC. Platsdata i bilden tas bort."),
    )
    photo_alt = StringField(
        _l("Vad visar bilden?"),
        validators=[Optional(), Length(max=300)],
        filters=[strip],
        description=_l("Krävs om du laddar upp en bild; läses upp för den som inte ser bilden."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s, str(vocab.STATUS_LABELS[s])) for s in vocab.STATUSES]

    def validate_reason(self, field):
        if self.status.data in vocab.NEEDS_REASON and not field.data:
            raise ValidationError(_l("Skriv varför, det visas offentligt."))


class LinkForm(FlaskForm):
    """Link a place or a walk-protocol point to the commitment (or one of its activities)."""

    target = SelectField(_l("Plats eller protokollpunkt"), choices=[], validators=[Optional()])
    place_id = IntegerField(
        _l("Eller platsens nummer"),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1)],
        description=_l("Numret står på platsens sida, till exempel ”Plats 123”."),
    )
    activity = SelectField(_l("Gäller aktiviteten"), choices=[], validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.target.data and self.place_id.data is None:
            self.place_id.errors = [
                *self.place_id.errors,
                _l("Välj en plats eller protokollpunkt, eller skriv platsens nummer."),
            ]
            return False
        return valid
