"""The demo promise's texts, commitments and updates (used by :mod:`portal.loften.demo`)."""

from __future__ import annotations

from portal.loften import vocab

HOUSING = "Demobostäder AB"

#: (key, party, organisation, title, description, target, unit, due in days, focus index, activities)
COMMITMENTS = (
    (
        "patrull",
        vocab.POLISEN,
        None,
        "Patrullera vid centrumhuset i Sätra på fredags- och lördagskvällar vid minst 150 tillfällen",
        "Synlig polis i de stråk där invånarna säger att de känner sig otrygga på kvällen.",
        150,
        "patrulleringar",
        365,
        0,
        ("Kvällspatrullering fredag och lördag kl. 19–01", "Polisen på torget en gång i månaden"),
    ),
    (
        "moped",
        vocab.POLISEN,
        None,
        "Insatser mot trimmade mopeder på gång- och cykelvägarna",
        "",
        12,
        "insatser",
        300,
        None,
        (),
    ),
    (
        "belysning",
        vocab.KOMMUNEN,
        None,
        "Byta ut gamla armaturer längs gång- och cykelvägarna i Sätra och Brynäs",
        "Trasig belysning lagas inom fem arbetsdagar efter en anmälan; de äldsta armaturerna byts ut.",
        120,
        "armaturer",
        330,
        None,
        ("Inventera belysningen längs stråken", "Byta armaturer etapp 1 (Sätra)"),
    ),
    (
        "fritidsgard",
        vocab.KOMMUNEN,
        None,
        "Ha fritidsgården i Sätra öppen till kl. 22 på fredagar",
        "Fler vuxna ute på kvällen kring centrumhuset.",
        None,
        None,
        60,
        0,
        (),
    ),
    (
        "klotter",
        vocab.PARTNER,
        HOUSING,
        "Ta bort anmält klotter på våra fastigheter i Brynäs inom 24 timmar",
        "",
        None,
        None,
        365,
        1,
        (),
    ),
    (
        "buskage",
        vocab.PARTNER,
        HOUSING,
        "Röja buskage som skymmer sikten vid gångtunnlarna i Brynäs",
        "",
        6,
        "platser",
        200,
        1,
        (),
    ),
    (
        "vandring",
        vocab.GEMENSAMT,
        None,
        "Genomföra två trygghetsvandringar i Brynäs och Sätra",
        "Med boende, bostadsbolag, fritidsgård, kommun och polis. Protokollen publiceras här.",
        2,
        "vandringar",
        240,
        None,
        (),
    ),
)

#: (days after the period started, commitment key, who (demo login), status, progress, text, reason)
UPDATES = (
    (
        6,
        "fritidsgard",
        "samordnare",
        vocab.PAGAR,
        None,
        "Personal är rekryterad för fredagskvällarna.",
        None,
    ),
    (
        12,
        "patrull",
        "polis",
        vocab.PAGAR,
        18,
        "Kvällspatrullering har startat. **18 patrulleringar** de första veckorna.",
        None,
    ),
    (
        15,
        "klotter",
        "partner",
        vocab.PAGAR,
        None,
        "Klotterjouren är igång. Anmäl klotter till vår felanmälan, dygnet runt.",
        None,
    ),
    (
        20,
        "belysning",
        "samordnare",
        vocab.PAGAR,
        14,
        "Inventeringen är klar. De första 14 armaturerna är utbytta längs Sätrastråket.",
        None,
    ),
    (
        27,
        "fritidsgard",
        "samordnare",
        vocab.GENOMFORD,
        None,
        "Fritidsgården har nu öppet till kl. 22 varje fredag.",
        None,
    ),
    (
        31,
        "moped",
        "polis",
        vocab.PAGAR,
        3,
        "Tre insatser mot trimmade mopeder på gång- och cykelvägar:\n\n- Sätra centrum\n- Brynäs gångtunnel\n- Skolvägen",
        None,
    ),
    (38, "buskage", "partner", vocab.PAGAR, 2, "Buskaget vid två av gångtunnlarna är röjt.", None),
    (
        44,
        "patrull",
        "polis",
        vocab.PAGAR,
        57,
        "57 patrulleringar hittills. Polisen fanns på torget i Sätra den första lördagen i månaden.",
        None,
    ),
    (
        52,
        "vandring",
        "samordnare",
        vocab.FORSENAD,
        0,
        "Den första trygghetsvandringen är flyttad.",
        "Vandringen flyttas till efter höstlovet så att fler boende kan vara med.",
    ),
    (
        60,
        "belysning",
        "samordnare",
        vocab.PAGAR,
        46,
        "46 armaturer är utbytta. Etapp 1 i Sätra är klar.",
        None,
    ),
    (
        67,
        "buskage",
        "partner",
        vocab.PAGAR,
        4,
        "Fyra av sex platser är röjda. Resten görs när löven har fallit.",
        None,
    ),
    (
        74,
        "patrull",
        "polis",
        vocab.PAGAR,
        96,
        "96 patrulleringar. Se [polisens lokala sida](https://polisen.se) för fler nyheter.",
        None,
    ),
)

SUMMARY = (
    "Kommunen, Polisen och Demobostäder AB lovar att arbeta för att det ska kännas tryggare att "
    "röra sig ute på kvällen i Brynäs och Sätra."
)
DIALOG = (
    "I trygghetsmätningen och i rapporterna om platser berättade många att de undviker "
    "gång- och cykelvägarna efter mörkrets inbrott: belysningen är trasig och buskage skymmer "
    "sikten vid gångtunnlarna. I Sätra känns det stökigt kring centrumhuset på fredagskvällar."
)
FOLLOWUP = (
    "Vi räknar det vi gör (antal patrulleringar, utbytta armaturer, röjda platser) och "
    "jämför andelen som känner sig otrygga i trygghetsmätningen före och efter."
)
FOLLOW = (
    "Uppdateringar publiceras här och i ett flöde du kan prenumerera på. Kommunpolisen och "
    "kommunens brottsförebyggande samordnare träffar boende på torget i Sätra en gång i månaden."
)
SIGNATORIES = (
    ("Anna Andersson", "Kommunstyrelsens ordförande", "Demokommunen"),
    ("Bo Berg", "Kommundirektör", "Demokommunen"),
    ("Cecilia Carlsson", "Lokalpolisområdeschef", "Polisen"),
    ("Kim Kommunpolis", "Kommunpolis", "Polisen"),
    ("Dan Dahl", "VD", HOUSING),
)

#: The promise in English (portal.content_i18n): shown to visitors who chose English.
ENGLISH_PROMISE = {
    "title": "Citizen promise for Brynäs and Sätra",
    "summary": (
        "The municipality, the Police and Demobostäder AB promise to work to make it feel safer "
        "to be out in the evening in Brynäs and Sätra."
    ),
    "dialog_summary": (
        "In the safety survey and in the reports about places, many said that they avoid the "
        "footpaths and cycle paths after dark: the lighting is broken and bushes block the view "
        "at the underpasses. In Sätra it feels rowdy around the community centre on Friday "
        "evenings."
    ),
    "followup_method": (
        "We count what we do (patrols, replaced light fittings, cleared places) and compare the "
        "share who feel unsafe in the safety survey before and after."
    ),
    "follow_text": (
        "Updates are published here and in a feed you can subscribe to. The community police "
        "officer and the municipality's crime prevention coordinator meet residents in the "
        "square in Sätra once a month."
    ),
}
ENGLISH_FOCUS = {
    "Samlingsplatser och oro på kvällstid i Sätra": "Gathering places and disturbance in the "
    "evenings in Sätra",
    "Klotter och skadegörelse i Brynäs": "Graffiti and vandalism in Brynäs",
}
#: commitment key → (title, description, activity titles)
ENGLISH_COMMITMENTS = {
    "patrull": (
        "Patrol at the community centre in Sätra on Friday and Saturday evenings at least "
        "200 times",
        "Visible police in the places where residents say they feel unsafe in the evening.",
        ("Evening patrols Friday and Saturday 19:00–01:00", "Police in the square once a month"),
    ),
    "moped": ("Operations against tuned mopeds on the footpaths and cycle paths", "", ()),
    "belysning": (
        "Replace old light fittings along the footpaths and cycle paths in Sätra and Brynäs",
        "Broken lighting is repaired within five working days of a report; the oldest fittings "
        "are replaced.",
        ("Survey the lighting along the paths", "Replace fittings, stage 1 (Sätra)"),
    ),
    "fritidsgard": (
        "Keep the youth centre in Sätra open until 22:00 on Fridays",
        "More adults out in the evening around the community centre.",
        (),
    ),
    "klotter": (
        "Remove reported graffiti on our properties in Brynäs within 24 hours",
        "",
        (),
    ),
    "buskage": ("Clear bushes that block the view at the underpasses in Brynäs", "", ()),
    "vandring": (
        "Hold two safety walks in Brynäs and Sätra",
        "With residents, the housing company, the youth centre, the municipality and the "
        "police. The reports are published here.",
        (),
    ),
}
#: (days after the period started, commitment key) → (text, reason), as in UPDATES
ENGLISH_UPDATES = {
    (6, "fritidsgard"): ("Staff have been recruited for the Friday evenings.", None),
    (12, "patrull"): (
        "Evening patrols have started. **18 patrols** in the first weeks.",
        None,
    ),
    (15, "klotter"): (
        "The graffiti service is up and running. Report graffiti to our fault service, day and "
        "night.",
        None,
    ),
    (20, "belysning"): (
        "The survey is done. The first 14 light fittings along the Sätra path are replaced.",
        None,
    ),
    (27, "fritidsgard"): ("The youth centre is now open until 22:00 every Friday.", None),
    (31, "moped"): (
        "Three operations against tuned mopeds on footpaths and cycle paths:\n\n"
        "- Sätra centre\n- Brynäs underpass\n- Skolvägen",
        None,
    ),
    (38, "buskage"): ("The bushes at two of the underpasses are cleared.", None),
    (44, "patrull"): (
        "57 patrols so far. The police were in the square in Sätra on the first Saturday of the "
        "month.",
        None,
    ),
    (52, "vandring"): (
        "The first safety walk has been moved.",
        "The walk is moved to after the autumn half-term so that more residents can take part.",
    ),
    (60, "belysning"): ("46 light fittings are replaced. Stage 1 in Sätra is done.", None),
    (67, "buskage"): (
        "Four of six places are cleared. The rest will be done when the leaves have fallen.",
        None,
    ),
    (74, "patrull"): (
        "96 patrols. See [the police's local page](https://polisen.se) for more news.",
        None,
    ),
}
