"""The walks domain's fixed vocabulary: light, priorities, join codes, protocol outcomes.

Keys are stored in the database; labels are lazy translations shown to people.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# --- daylight or after sunset -------------------------------------------------------------

DAGSLJUS, MORKER = "dagsljus", "morker"
LIGHTS = (DAGSLJUS, MORKER)
LIGHT_LABELS = {DAGSLJUS: _l("I dagsljus"), MORKER: _l("Efter solnedgången")}

# --- protocol priorities ------------------------------------------------------------------

HOG, MEDEL, LAG = "hog", "medel", "lag"
PRIORITIES = (HOG, MEDEL, LAG)
PRIORITY_LABELS = {HOG: _l("Hög"), MEDEL: _l("Medel"), LAG: _l("Låg")}
PRIORITY_ORDER = {HOG: 0, MEDEL: 1, LAG: 2, None: 3}

# --- join codes ---------------------------------------------------------------------------

#: Characters that cannot be mistaken for one another when read aloud or off a poster
#: (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B).
JOIN_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
JOIN_CODE_LENGTH = 6

# --- how an earlier walk's point has fared (repeat walks) ---------------------------------

RESOLVED, NO_ACTION, OPEN, POSITIVE = "resolved", "no_action", "open", "positive"
OUTCOME_LABELS = {
    RESOLVED: _l("Åtgärdad"),
    NO_ACTION: _l("Ingen åtgärd"),
    OPEN: _l("Fortfarande öppen"),
    POSITIVE: _l("Positiv iakttagelse"),
}

# --- night-walk groups --------------------------------------------------------------------

NATTVANDRARE, FORENING, FORALDRAR, ANNAN = "nattvandrare", "forening", "foraldrar", "annan"
GROUP_KINDS = (NATTVANDRARE, FORENING, FORALDRAR, ANNAN)
GROUP_KIND_LABELS = {
    NATTVANDRARE: _l("Nattvandrare"),
    FORENING: _l("Förening"),
    FORALDRAR: _l("Föräldrar på en skola"),
    ANNAN: _l("Annan grupp"),
}
#: A group's join code is longer than a walk's, so the two can never be mistaken for each other.
GROUP_CODE_LENGTH = 8

LUGNT, BLANDAT, STOKIGT = "lugnt", "blandat", "stokigt"
MOODS = (LUGNT, BLANDAT, STOKIGT)
MOOD_LABELS = {LUGNT: _l("Lugnt"), BLANDAT: _l("Blandat"), STOKIGT: _l("Stökigt")}
