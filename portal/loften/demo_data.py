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
