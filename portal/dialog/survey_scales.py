"""Answer scales and help texts shared by the survey templates, in Swedish and English.

The option codes are what :mod:`portal.dialog.stats` reads (e.g. ``"ganska_otrygg"``,
``"mycket_stort"``); the labels may be reworded per survey.
"""

from __future__ import annotations

from portal.dialog.vocab import option

# --- answer scales ----------------------------------------------------------------------

TRYGGHET_OPTIONS = [
    option("mycket_trygg", "Mycket trygg", "Very safe"),
    option("ganska_trygg", "Ganska trygg", "Fairly safe"),
    option("ganska_otrygg", "Ganska otrygg", "Fairly unsafe"),
    option("mycket_otrygg", "Mycket otrygg", "Very unsafe"),
    option(
        "gar_aldrig_ut",
        "Går aldrig ut ensam sent på kvällen",
        "I never go out alone late in the evening",
        scored=False,
    ),
    option("ingen_uppfattning", "Ingen uppfattning", "No opinion", scored=False),
]
TRYGGHET_ORSAK_OPTIONS = [
    option("otrygghet", "Ja, för att det känns otryggt", "Yes, because it feels unsafe"),
    option("annat", "Nej, av andra skäl", "No, for other reasons"),
]
PROBLEM_OPTIONS = [
    option("mycket_stort", "Mycket stort problem", "A very big problem"),
    option("ganska_stort", "Ganska stort problem", "A fairly big problem"),
    option("ganska_litet", "Ganska litet problem", "A fairly small problem"),
    option("inget_problem", "Inget problem alls", "No problem at all"),
    option("ingen_uppfattning", "Ingen uppfattning", "No opinion", scored=False),
]
ORO_OPTIONS = [
    option("mycket_ofta", "Mycket ofta", "Very often"),
    option("ganska_ofta", "Ganska ofta", "Fairly often"),
    option("ganska_sallan", "Ganska sällan", "Fairly seldom"),
    option("aldrig", "Aldrig", "Never"),
]
JA_NEJ = [option("ja", "Ja", "Yes"), option("nej", "Nej", "No")]
STAMMER_OPTIONS = [
    option("stammer_helt", "Stämmer helt", "Completely true"),
    option("stammer_ganska_bra", "Stämmer ganska bra", "Fairly true"),
    option("stammer_ganska_daligt", "Stämmer ganska dåligt", "Not very true"),
    option("stammer_inte_alls", "Stämmer inte alls", "Not true at all"),
    option("ingen_uppfattning", "Ingen uppfattning", "No opinion", scored=False),
]
FORTROENDE_OPTIONS = [
    option("mycket_stort", "Mycket stort förtroende", "Very high confidence"),
    option("ganska_stort", "Ganska stort förtroende", "Fairly high confidence"),
    option("ganska_litet", "Ganska litet förtroende", "Fairly low confidence"),
    option("mycket_litet", "Mycket litet förtroende", "Very low confidence"),
    option("ingen_uppfattning", "Ingen uppfattning", "No opinion", scored=False),
]
ALDER_OPTIONS = [
    option("16-24", "16–24 år", "16–24 years"),
    option("25-44", "25–44 år", "25–44 years"),
    option("45-64", "45–64 år", "45–64 years"),
    option("65-84", "65–84 år", "65–84 years"),
    option("85+", "85 år eller äldre", "85 years or older"),
    option("vill_inte_ange", "Vill inte ange", "Prefer not to say", scored=False),
]
KON_OPTIONS = [
    option("kvinna", "Kvinna", "Woman"),
    option("man", "Man", "Man"),
    option("annat", "Annat", "Other"),
    option("vill_inte_ange", "Vill inte ange", "Prefer not to say", scored=False),
]

BACKGROUND_HELP = {
    "sv": "Frivilligt. Används bara för att jämföra grupper och väga resultaten.",
    "en": "Optional. Used only to compare groups and to weight the results.",
}
FREE_TEXT_HELP = {
    "sv": "Skriv inte namn, telefonnummer eller annat som kan peka ut någon. "
    "Ring 112 vid nödläge, 114 14 för att tipsa polisen.",
    "en": "Do not write names, phone numbers or anything else that could identify someone. "
    "Call 112 in an emergency, 114 14 to give the police a tip.",
}
