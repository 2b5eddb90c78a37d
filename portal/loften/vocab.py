"""The promises' fixed vocabulary: states, commitment statuses, responsible parties, link kinds.

Keys are stored in the database; labels are lazy translations shown to people.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# --- a promise's life ----------------------------------------------------------------------

UTKAST, PUBLICERAT, AVSLUTAT, UPPFOLJT = "utkast", "publicerat", "avslutat", "uppfoljt"
STATES = (UTKAST, PUBLICERAT, AVSLUTAT, UPPFOLJT)
STATE_LABELS = {
    UTKAST: _l("Utkast"),
    PUBLICERAT: _l("Publicerat"),
    AVSLUTAT: _l("Avslutat"),
    UPPFOLJT: _l("Uppföljt"),
}
#: States the public sees (a draft is for staff only).
PUBLIC_STATES = (PUBLICERAT, AVSLUTAT, UPPFOLJT)
#: action → (from state, to state)
TRANSITIONS: dict[str, tuple[str, str]] = {
    "publicera": (UTKAST, PUBLICERAT),
    "avsluta": (PUBLICERAT, AVSLUTAT),
    "folj-upp": (AVSLUTAT, UPPFOLJT),
}
TRANSITION_LABELS = {
    "publicera": _l("Publicera löftet"),
    "avsluta": _l("Avsluta löftet (perioden är slut)"),
    "folj-upp": _l("Markera som uppföljt"),
}

#: Review cycles offered, in months.
REVIEW_CYCLES = (3, 6, 12)

# --- commitments ---------------------------------------------------------------------------

EJ_PABORJAD, PAGAR, GENOMFORD, FORSENAD, INSTALLD = (
    "ej_paborjad",
    "pagar",
    "genomford",
    "forsenad",
    "installd",
)
STATUSES = (EJ_PABORJAD, PAGAR, GENOMFORD, FORSENAD, INSTALLD)
STATUS_LABELS = {
    EJ_PABORJAD: _l("Ej påbörjad"),
    PAGAR: _l("Pågår"),
    GENOMFORD: _l("Genomförd"),
    FORSENAD: _l("Försenad"),
    INSTALLD: _l("Inställd"),
}
#: Statuses that need a public reason.
NEEDS_REASON = frozenset({FORSENAD, INSTALLD})

POLISEN, KOMMUNEN, GEMENSAMT, PARTNER = "polisen", "kommunen", "gemensamt", "partner"
PARTIES = (POLISEN, KOMMUNEN, GEMENSAMT, PARTNER)
PARTY_LABELS = {
    POLISEN: _l("Polisen"),
    KOMMUNEN: _l("Kommunen"),
    GEMENSAMT: _l("Kommunen och Polisen tillsammans"),
    PARTNER: _l("En samverkanspartner"),
}

# --- "you said, we did": what a commitment can be linked to --------------------------------

PLACE, WALK_POINT = "place", "walk_point"
LINK_TYPES = (PLACE, WALK_POINT)

# --- underlag -------------------------------------------------------------------------------

SOURCE_SURVEY, SOURCE_PLACE = "survey", "place"
SOURCE_KINDS = (SOURCE_SURVEY, SOURCE_PLACE)

#: The survey indicator followed up by default: the NTU otrygghet question.
DEFAULT_INDICATOR = "trygghet"


def party_name(party: str, organisation: str | None) -> str:
    """Who is responsible, as shown: "Polisen", "Kommunen" or the partner's name."""
    if party == PARTNER and organisation:
        return organisation
    return str(PARTY_LABELS.get(party, party))
