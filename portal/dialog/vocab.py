"""The survey vocabulary: states, question kinds, roles and multilingual text.

Survey content (titles, questions, options) is data in several languages, stored as
``{"sv": "…", "en": "…"}``; the portal's own interface text goes through gettext as usual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l

# --- survey states ---------------------------------------------------------------------------

UTKAST, OPPEN, STANGD, ARKIVERAD = "utkast", "oppen", "stangd", "arkiverad"
STATES = (UTKAST, OPPEN, STANGD, ARKIVERAD)
STATE_LABELS = {
    UTKAST: _l("Utkast"),
    OPPEN: _l("Öppen"),
    STANGD: _l("Stängd"),
    ARKIVERAD: _l("Arkiverad"),
}

#: action → (from states, to state)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "oppna": (frozenset({UTKAST}), OPPEN),
    "stang": (frozenset({OPPEN}), STANGD),
    "oppna-igen": (frozenset({STANGD}), OPPEN),
    "arkivera": (frozenset({STANGD}), ARKIVERAD),
}
TRANSITION_LABELS = {
    "oppna": _l("Publicera och öppna för svar"),
    "stang": _l("Stäng enkäten"),
    "oppna-igen": _l("Öppna igen"),
    "arkivera": _l("Arkivera"),
}

# --- question kinds --------------------------------------------------------------------------

SCALE, SINGLE, MULTIPLE, TEXT, POINT, AREA = "scale", "single", "multiple", "text", "point", "area"
KINDS = (SCALE, SINGLE, MULTIPLE, TEXT, POINT, AREA)
KIND_LABELS = {
    SCALE: _l("Skala med steg"),
    SINGLE: _l("Ett val"),
    MULTIPLE: _l("Flera val"),
    TEXT: _l("Fritext"),
    POINT: _l("Plats (karta, område eller beskrivning)"),
    AREA: _l("Områdesval (Var bor du?)"),
}
CHOICE_KINDS = frozenset({SCALE, SINGLE, MULTIPLE})
CODED_KINDS = frozenset({SCALE, SINGLE, MULTIPLE, AREA, POINT})
"""Kinds whose answers are counted (a point is counted by the area it falls in)."""

TEXT_MAX_DEFAULT = 1000
TEXT_MAX_LIMIT = 4000
POINT_TEXT_MAX = 500

# --- roles: what the indicators read ----------------------------------------------------------

TRYGGHET = "trygghet"
TRYGGHET_ORSAK = "trygghet_orsak"
PROBLEM = "problem"
ORO = "oro"
ALDER = "alder"
KON = "kon"
BOSTADSOMRADE = "bostadsomrade"
ROLES = (TRYGGHET, TRYGGHET_ORSAK, PROBLEM, ORO, ALDER, KON, BOSTADSOMRADE)
BACKGROUND_ROLES = frozenset({ALDER, KON})
ROLE_LABELS = {
    TRYGGHET: _l("trygghetsindikator"),
    TRYGGHET_ORSAK: _l("följdfråga till trygghetsindikatorn"),
    PROBLEM: _l("problemindex"),
    ORO: _l("oro"),
    ALDER: _l("bakgrund: ålder"),
    KON: _l("bakgrund: kön"),
    BOSTADSOMRADE: _l("bostadsområde"),
}

#: Roles whose option codes are read by the statistics; staff may reword, not add or remove.
FIXED_OPTION_ROLES = frozenset({TRYGGHET, TRYGGHET_ORSAK, PROBLEM, ORO, ALDER, KON})

#: "Vill inte ange": an answer that says nothing (background questions, area choice).
NOT_SAID = "vill_inte_ange"
#: Area-choice codes that are not an area id.
AREA_ELSEWHERE = "annat"
AREA_NOT_SAID = NOT_SAID
#: A map-point answer with a description only.
NO_PLACE = "ingen_plats"

#: Population strata in ``Area.population["by_age_gender"]``.
AGE_BANDS = ("16-24", "25-44", "45-64", "65-84")
GENDERS = ("kvinna", "man")


def option(code: str, sv: str, en: str, scored: bool = True) -> dict:
    """An answer option as stored in ``Question.options``."""
    return {"code": code, "label": {"sv": sv, "en": en}, "scored": scored}


# --- multilingual content ----------------------------------------------------------------------


def content_language(locale: str, languages: Sequence[str]) -> str:
    """The language to show a survey in: the visitor's, else Swedish, else the survey's first."""
    base = (locale or "").split("_")[0]
    if base in languages:
        return base
    if "sv" in languages:
        return "sv"
    return languages[0] if languages else "sv"


def pick(text: Mapping[str, str] | None, lang: str) -> str:
    """``text`` in ``lang``, else in any language it has (Swedish first), else ""."""
    if not text:
        return ""
    if text.get(lang):
        return text[lang]
    for fallback in ("sv", *sorted(text)):
        if text.get(fallback):
            return text[fallback]
    return ""
