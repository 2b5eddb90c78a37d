"""The lägesbild's fixed vocabulary: EST assessments and levels, default checklist, evidence kinds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# --- EST assessments ---------------------------------------------------------------------------

INGEN, ENSTAKA, ATERKOMMANDE, OMFATTANDE = "ingen", "enstaka", "aterkommande", "omfattande"
ASSESSMENTS = (INGEN, ENSTAKA, ATERKOMMANDE, OMFATTANDE)
ASSESSMENT_LABELS = {
    INGEN: _l("Ingen"),
    ENSTAKA: _l("Enstaka"),
    ATERKOMMANDE: _l("Återkommande"),
    OMFATTANDE: _l("Omfattande"),
}
LEVELS = {INGEN: 0, ENSTAKA: 1, ATERKOMMANDE: 2, OMFATTANDE: 3}
#: How an assessment may be written in a spreadsheet (lower case, without diacritics too).
ASSESSMENT_ALIASES = {
    "ingen": INGEN,
    "inga": INGEN,
    "0": INGEN,
    "enstaka": ENSTAKA,
    "enstaka händelser": ENSTAKA,
    "återkommande": ATERKOMMANDE,
    "aterkommande": ATERKOMMANDE,
    "omfattande": OMFATTANDE,
}

SOURCE_FORM, SOURCE_IMPORT = "formular", "import"


def level_for(assessment: str | None, count: int | None, thresholds: tuple[int, int, int]) -> int:
    """0–3 from an assessment, else from a count (``thresholds``: lowest count for 1, 2 and 3)."""
    if assessment:
        return LEVELS[assessment]
    if count is None or count <= 0:
        return 0
    one, two, three = thresholds
    if count >= three:
        return 3
    if count >= two:
        return 2
    return 1 if count >= one else 0


# (slug, Swedish name, English name) — the EST checklist from DOMAIN.md.
DEFAULT_CATEGORIES = (
    ("skadegorelse", "Skadegörelse", "Vandalism"),
    ("klotter", "Klotter", "Graffiti"),
    ("nedskrapning", "Nedskräpning", "Litter"),
    ("brander", "Bränder (anlagda, bil, container)", "Fires (arson, car, container)"),
    ("stenkastning", "Stenkastning", "Stone throwing"),
    ("hot-vald", "Hot/våld (även mot personal)", "Threats/violence (also against staff)"),
    ("inbrott-stolder", "Inbrott/stölder", "Burglary/theft"),
    ("ordningsstorningar", "Ordningsstörningar", "Public disorder"),
    ("samlingsplatser", "Samlingsplatser/tillhåll", "Gathering places/hangouts"),
    ("narkotika", "Misstänkt narkotikahantering", "Suspected drug activity"),
    ("otrygga-platser", "Otrygga platser", "Unsafe places"),
    ("rykten", "Rykten på sociala medier", "Rumours on social media"),
    ("arrangemang", "Kommande arrangemang", "Upcoming events"),
)

# --- evidence a problem can rest on ---------------------------------------------------------------

EV_EST_CATEGORY, EV_PLACE_CATEGORY, EV_SURVEY_ITEM, EV_PLACE, EV_EST_ENTRY = (
    "est_category",
    "place_category",
    "survey_item",
    "place",
    "est_entry",
)
EVIDENCE_KINDS = (EV_EST_CATEGORY, EV_PLACE_CATEGORY, EV_SURVEY_ITEM, EV_PLACE, EV_EST_ENTRY)
EVIDENCE_LABELS = {
    EV_EST_CATEGORY: _l("EST-kategori"),
    EV_PLACE_CATEGORY: _l("Platskategori"),
    EV_SURVEY_ITEM: _l("Enkätfråga"),
    EV_PLACE: _l("Plats"),
    EV_EST_ENTRY: _l("EST-rad"),
}

# --- sources, for provenance -------------------------------------------------------------------

SRC_SURVEYS, SRC_PLACES, SRC_WALKS, SRC_EST = "enkater", "platser", "vandringar", "est"
SOURCE_LABELS = {
    SRC_SURVEYS: _l("Trygghetsmätningar och medborgardialoger"),
    SRC_PLACES: _l("Platser som invånare och personal rapporterat"),
    SRC_WALKS: _l("Trygghetsvandringar och nattvandringar"),
    SRC_EST: _l("EST-rapporter"),
}
