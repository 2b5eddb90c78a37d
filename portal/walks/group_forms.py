"""Staff forms for night-walk groups: the group, its schedule, and the report after a walk."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.walks import vocab
from portal.walks.staff_forms import CheckboxesField


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def weekday_choices() -> list[SelectChoice]:
    names = get_day_names("wide", locale=get_locale() or "sv")
    return [SelectChoice(str(day), str(names[day])) for day in range(7)]


class GroupForm(FlaskForm):
    """A night-walk group: who, where, and when it walks."""

    name = StringField(
        _l("Gruppens namn"),
        validators=[DataRequired(_l("Skriv gruppens namn.")), Length(max=200)],
        filters=[_strip],
    )
    area = SelectField(_l("Område"), choices=[], validate_choice=False)
    kind = RadioField(
        _l("Slags grupp"),
        choices=[SelectChoice(k, vocab.GROUP_KIND_LABELS[k]) for k in vocab.GROUP_KINDS],
        default=vocab.NATTVANDRARE,
        validate_choice=False,
        validators=[InputRequired(_l("Välj vad det är för grupp."))],
    )
    description = TextAreaField(
        _l("Om gruppen (syns för alla)"),
        validators=[Optional(), Length(max=2000)],
        filters=[_strip],
        description=_l("Skriv inga namn på enskilda personer. Telefonnummer döljs automatiskt."),
    )
    members = IntegerField(
        _l("Ungefär hur många medlemmar"),
        default=0,
        validators=[
            InputRequired(_l("Skriv ett antal (0 om du inte vet).")),
            NumberRange(min=0, max=10000, message=_l("Skriv ett tal mellan 0 och 10 000.")),
        ],
    )
    weekdays = CheckboxesField(
        _l("Veckodagar gruppen går"), choices=[], coerce=str, validate_choice=False
    )
    start_time = TimeField(
        _l("Börjar kl."), validators=[InputRequired(_l("Skriv en tid, till exempel 21:00."))]
    )
    end_time = TimeField(
        _l("Slutar kl."),
        validators=[InputRequired(_l("Skriv en tid, till exempel 01:00."))],
        description=_l("En sluttid före starttiden betyder nästa natt, till exempel 21–01."),
    )
    meeting_point = StringField(
        _l("Samlingsplats"),
        validators=[DataRequired(_l("Skriv var gruppen samlas.")), Length(max=300)],
        filters=[_strip],
    )

    def chosen_days(self) -> list[int]:
        days = {str(d) for d in range(7)}
        return sorted({int(d) for d in self.weekdays.data or [] if d in days})


class ScheduleForm(FlaskForm):
    """Put the group's next walks in the calendar."""

    count = IntegerField(
        _l("Antal vandringar"),
        default=8,
        validators=[
            InputRequired(_l("Skriv ett antal.")),
            NumberRange(min=1, max=20, message=_l("Skriv ett tal mellan 1 och 20.")),
        ],
    )


class ReportForm(FlaskForm):
    """The short report after a group's walk."""

    people_out = IntegerField(
        _l("Hur många var ute i gruppen?"),
        validators=[
            InputRequired(_l("Skriv hur många som var ute.")),
            NumberRange(min=0, max=10000, message=_l("Skriv ett tal mellan 0 och 10 000.")),
        ],
    )
    mood = RadioField(
        _l("Stämningen"),
        choices=[SelectChoice(k, vocab.MOOD_LABELS[k]) for k in vocab.MOODS],
        validate_choice=False,
        validators=[InputRequired(_l("Välj hur stämningen var."))],
    )
    notes = TextAreaField(
        _l("Platser och händelser värda att notera"),
        validators=[Optional(), Length(max=3000)],
        filters=[_strip],
        description=_l(
            "Beskriv platser och situationer, aldrig enskilda personer. "
            "Telefonnummer och registreringsnummer döljs automatiskt."
        ),
    )
