"""Which language survey content is shown in, and marking it when it differs from the page's."""

from __future__ import annotations

from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.dialog import stats, vocab


def current_language() -> str:
    return str(get_locale() or "sv").split("_")[0]


def content_language(survey) -> str:
    """The visitor's language if the survey has it, else the survey's first language."""
    return vocab.content_language(current_language(), survey.languages)


def lang_attr(lang: str) -> Markup:
    """`` lang="xx"`` when survey content is in another language than the page (WCAG 3.1.2)."""
    return Markup(' lang="%s"') % lang if lang != current_language() else Markup("")


def staff_context() -> dict:
    """Labels the staff templates use."""
    from portal.dialog.services import FROZEN_MESSAGE
    from portal.dialog.survey_templates import PRESETS, TEMPLATES

    return {
        **number_context(),
        "state_labels": vocab.STATE_LABELS,
        "transitions": vocab.TRANSITIONS,
        "transition_labels": vocab.TRANSITION_LABELS,
        "kind_labels": vocab.KIND_LABELS,
        "role_labels": vocab.ROLE_LABELS,
        "fixed_roles": vocab.FIXED_OPTION_ROLES,
        "presets": PRESETS,
        "templates": TEMPLATES,
        "frozen_message": FROZEN_MESSAGE,
    }


# --- numbers ------------------------------------------------------------------------------------

INDEX_LABELS = {
    "Närmast obefintligt problem": _l("Närmast obefintligt problem"),
    "Litet problem": _l("Litet problem"),
    "Visst problem": _l("Visst problem"),
    "Ganska påtagligt problem": _l("Ganska påtagligt problem"),
    "Påtagligt problem": _l("Påtagligt problem"),
    "Alarmerande påtagligt problem": _l("Alarmerande påtagligt problem"),
}


def pct(value: float | None) -> str:
    """A proportion as a whole percentage in the visitor's notation ("34 %")."""
    return "–" if value is None else format_percent(value, format="#,##0 %")


def interval(low: float | None, high: float | None) -> str:
    """A 95 % interval as "29–39 %"."""
    if low is None or high is None:
        return "–"
    return f"{format_decimal(round(low * 100), format='#,##0')}–{pct(high)}"


def index_value(value: float | None) -> str:
    return "–" if value is None else format_decimal(value, format="0.0")


def index_label(value: float | None) -> str:
    if value is None:
        return ""
    return str(INDEX_LABELS[stats.index_label(value)])


def number_context() -> dict:
    return {
        "pct": pct,
        "interval": interval,
        "index_value": index_value,
        "index_label": index_label,
    }
