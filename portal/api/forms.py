"""Staff forms for API keys."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class NewKeyForm(FlaskForm):
    """A new key: who it is for."""

    name = StringField(
        _l("Vem nyckeln är till"),
        validators=[
            DataRequired(_l("Skriv vem nyckeln är till.")),
            Length(max=120, message=_l("Skriv högst 120 tecken.")),
        ],
        filters=[_strip],
        description=_l("Till exempel kommunens felanmälningsapp eller FixaMinGata."),
    )


class RevokeForm(FlaskForm):
    """Revoke a key: only the CSRF token."""
