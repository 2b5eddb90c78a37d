"""The places domain's fixed vocabulary: statuses and their workflow, times, sources, icons.

Keys are stored in the database; labels are lazy translations shown to people.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# --- status workflow ----------------------------------------------------------------------

NY, BEDOMD, PLANERAD, ATGARDAD, INGEN_ATGARD, AVVISAD = (
    "ny",
    "bedomd",
    "planerad",
    "atgardad",
    "ingen_atgard",
    "avvisad",
)
STATUSES = (NY, BEDOMD, PLANERAD, ATGARDAD, INGEN_ATGARD, AVVISAD)
STATUS_LABELS = {
    NY: _l("Ny"),
    BEDOMD: _l("Bedömd"),
    PLANERAD: _l("Åtgärd planerad"),
    ATGARDAD: _l("Åtgärdad"),
    INGEN_ATGARD: _l("Ingen åtgärd"),
    AVVISAD: _l("Avvisad"),
}
#: Where a place may go from each status. Closed statuses can be reopened (to "bedömd").
TRANSITIONS: dict[str, tuple[str, ...]] = {
    NY: (BEDOMD, PLANERAD, ATGARDAD, INGEN_ATGARD, AVVISAD),
    BEDOMD: (PLANERAD, ATGARDAD, INGEN_ATGARD, AVVISAD),
    PLANERAD: (BEDOMD, ATGARDAD, INGEN_ATGARD),
    ATGARDAD: (BEDOMD, PLANERAD),
    INGEN_ATGARD: (BEDOMD, PLANERAD),
    AVVISAD: (NY, BEDOMD),
}
#: Statuses that need a public reason.
NEEDS_REASON = frozenset({INGEN_ATGARD})
#: Statuses a published place may have (a rejected place is never public).
PUBLIC_STATUSES = (NY, BEDOMD, PLANERAD, ATGARDAD, INGEN_ATGARD)

# --- when it feels unsafe ------------------------------------------------------------------

DAG, KVALL, NATT = "dag", "kvall", "natt"
TIMES_OF_DAY = (DAG, KVALL, NATT)
TIME_LABELS = {DAG: _l("Dag"), KVALL: _l("Kväll"), NATT: _l("Natt")}
TIME_BITS = {DAG: 1, KVALL: 2, NATT: 4}

VARDAG, HELG, BADA = "vardag", "helg", "bada"
DAY_KINDS = (VARDAG, HELG, BADA)
DAY_KIND_LABELS = {VARDAG: _l("Vardag"), HELG: _l("Helg"), BADA: _l("Både vardag och helg")}

# --- who reported -------------------------------------------------------------------------

RESIDENT, WALK, STAFF = "resident", "walk", "staff"
SOURCES = (RESIDENT, WALK, STAFF)
SOURCE_LABELS = {RESIDENT: _l("Invånare"), WALK: _l("Trygghetsvandring"), STAFF: _l("Personal")}

# --- moderation of one report -------------------------------------------------------------

REVIEW_NEW, REVIEW_DONE = "ny", "granskad"
PHOTO_NONE, PHOTO_PENDING, PHOTO_APPROVED, PHOTO_REJECTED = (
    "none",
    "pending",
    "approved",
    "rejected",
)
PHOTO_LABELS = {
    PHOTO_NONE: _l("Ingen bild"),
    PHOTO_PENDING: _l("Väntar på granskning"),
    PHOTO_APPROVED: _l("Godkänd"),
    PHOTO_REJECTED: _l("Inte godkänd"),
}

# --- category icons (a symbol drawn in the map marker; screen readers get the category name) --

ICONS: dict[str, tuple[str, object]] = {
    # Symbols from the Unicode blocks every common system font covers (no emoji font needed).
    "lampa": ("☀", _l("Lampa")),
    "buske": ("♣", _l("Buske")),
    "tunnel": ("∩", _l("Tunnel")),
    "tom": ("○", _l("Ödslig plats")),
    "skylt": ("⚐", _l("Skylt")),
    "vag": ("⇄", _l("Väg")),
    "spray": ("✎", _l("Klotter")),
    "skrap": ("♻", _l("Skräp")),
    "trasig": ("⚒", _l("Skadegörelse")),
    "forfall": ("⌂", _l("Förfall")),
    "bil": ("⇶", _l("Trafik")),
    "sno": ("❄", _l("Snö och halka")),
    "grupp": ("⚇", _l("Grupp")),
    "varning": ("⚠", _l("Varning")),
    "rullstol": ("♿", _l("Tillgänglighet")),
    "hjarta": ("♥", _l("Tryggt")),
    "punkt": ("●", _l("Punkt")),
}

# (slug, Swedish name, English name, colour, icon, positive) — from DOMAIN.md.
DEFAULT_CATEGORIES = (
    ("belysning", "Belysning saknas/trasig", "Lighting missing/broken", "#b45309", "lampa", False),
    (
        "skymd-sikt",
        "Skymd sikt/buskage/gömställen",
        "Blocked view/bushes/hiding places",
        "#166534",
        "buske",
        False,
    ),
    (
        "gangtunnel",
        "Gångtunnel/undergång",
        "Pedestrian tunnel/underpass",
        "#4b5563",
        "tunnel",
        False,
    ),
    ("odslig-plats", "Ödslig plats", "Deserted place", "#6b21a8", "tom", False),
    (
        "orientering",
        "Svårt att orientera sig/skyltning",
        "Hard to find your way/signage",
        "#0e7490",
        "skylt",
        False,
    ),
    ("alternativ-vag", "Saknar alternativ väg", "No alternative route", "#9a3412", "vag", False),
    ("klotter", "Klotter", "Graffiti", "#be185d", "spray", False),
    ("nedskrapning", "Nedskräpning", "Litter", "#78350f", "skrap", False),
    ("skadegorelse", "Skadegörelse", "Vandalism", "#b91c1c", "trasig", False),
    ("forfall", "Förfall/dåligt underhåll", "Decay/poor maintenance", "#57534e", "forfall", False),
    (
        "trafik",
        "Trafik (hastighet, övergångsställe, moped på GC-väg)",
        "Traffic (speed, crossings, mopeds on cycle paths)",
        "#1d4ed8",
        "bil",
        False,
    ),
    ("snorojning", "Snöröjning/halka", "Snow clearing/ice", "#0369a1", "sno", False),
    (
        "ordningsstorning",
        "Ordningsstörning/samlingsplats",
        "Disturbance/gathering place",
        "#c2410c",
        "grupp",
        False,
    ),
    ("narkotikahandel", "Narkotikahandel", "Drug dealing", "#7f1d1d", "varning", False),
    ("tillganglighet", "Tillgänglighet", "Accessibility", "#4338ca", "rullstol", False),
    ("tryggt", "Tryggt och trivsamt", "Safe and pleasant", "#15803d", "hjarta", True),
)

#: Suggestions for the responsible organisation (free text; staff may type another).
RESPONSIBLE_SUGGESTIONS = (
    "Kommunens tekniska förvaltning",
    "Kommunens fastighetsförvaltning",
    "Bostadsbolaget",
    "Polisen",
    "Trafikverket",
    "Fastighetsägaren",
)
