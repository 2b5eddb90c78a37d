"""Survey templates shipped with the portal, in Swedish and English.

* ``trygghetsmatning``: the NTU trygghet question (with its follow-up), worry, Polisen's
  "problem i området" items on the five-step scale, "polisen bryr sig om de lokala problemen",
  förtroende, and optional background questions.
* ``medborgardialog``: medborgardialog inför medborgarlöfte: the biggest problem where you
  live, what police and kommun should prioritise, where you feel unsafe.

Question keys are stable: surveys made from the same template can be compared before/after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.dialog import vocab
from portal.dialog.survey_scales import (
    ALDER_OPTIONS,
    BACKGROUND_HELP,
    FORTROENDE_OPTIONS,
    FREE_TEXT_HELP,
    JA_NEJ,
    KON_OPTIONS,
    ORO_OPTIONS,
    PROBLEM_OPTIONS,
    STAMMER_OPTIONS,
    TRYGGHET_OPTIONS,
    TRYGGHET_ORSAK_OPTIONS,
)
from portal.dialog.vocab import option

# --- question presets the builder offers ---------------------------------------------------------


def q(key: str, kind: str, sv: str, en: str, **extra: Any) -> dict[str, Any]:
    """A question definition for a template."""
    return {"key": key, "kind": kind, "text": {"sv": sv, "en": en}, **extra}


def background_questions(page: int) -> list[dict[str, Any]]:
    return [
        q(
            "alder",
            vocab.SINGLE,
            "Hur gammal är du?",
            "How old are you?",
            role=vocab.ALDER,
            options=ALDER_OPTIONS,
            help=BACKGROUND_HELP,
            page=page,
        ),
        q(
            "kon",
            vocab.SINGLE,
            "Vilket kön har du?",
            "What is your gender?",
            role=vocab.KON,
            options=KON_OPTIONS,
            help=BACKGROUND_HELP,
            page=page,
        ),
    ]


def home_area_question(page: int) -> dict[str, Any]:
    return q(
        "bostadsomrade",
        vocab.AREA,
        "Var bor du?",
        "Where do you live?",
        role=vocab.BOSTADSOMRADE,
        help={
            "sv": "Välj det område där du bor, eller det som ligger närmast.",
            "en": "Choose the area where you live, or the nearest one.",
        },
        page=page,
    )


PROBLEM_ITEMS = [
    ("klotter", "klotter", "graffiti"),
    ("nedskrapning", "nedskräpning", "litter"),
    ("skadegorelse", "skadegörelse", "vandalism"),
    ("belysning", "mörka områden och dålig belysning", "dark places and poor lighting"),
    (
        "moped",
        "mopeder eller motorfordon på gång- och cykelvägar",
        "mopeds or motor vehicles on footpaths and cycle paths",
    ),
    ("fortkorning", "bilar som kör för fort", "cars driving too fast"),
    ("buskorning", "buskörning", "reckless driving"),
    (
        "ungdomar",
        "ungdomar eller grupper som stör ordningen",
        "young people or groups disturbing the peace",
    ),
    ("berusade", "berusade personer som stör", "drunk people causing disturbance"),
    (
        "narkotikamissbruk",
        "narkotikamissbrukare på offentliga platser",
        "drug users in public places",
    ),
    ("narkotikaforsaljning", "narkotikaförsäljning", "drug dealing"),
    ("tiggeri", "påträngande tiggeri", "aggressive begging"),
]
ORO_ITEMS = [
    ("inbrott", "bostadsinbrott", "a burglary in your home"),
    ("overfall", "överfall eller misshandel", "an assault"),
    ("bilbrott", "att din bil skadas eller stjäls", "your car being damaged or stolen"),
    (
        "narstaende",
        "att någon närstående drabbas av brott",
        "someone close to you becoming a victim of crime",
    ),
]


def problem_question(key: str, sv: str, en: str, page: int) -> dict[str, Any]:
    return q(
        f"problem_{key}",
        vocab.SCALE,
        f"Hur stort problem är {sv} i ditt bostadsområde?",
        f"How big a problem is {en} in your neighbourhood?",
        role=vocab.PROBLEM,
        options=PROBLEM_OPTIONS,
        page=page,
    )


def _trygghetsmatning() -> list[dict[str, Any]]:
    questions = [
        q(
            "trygghet",
            vocab.SCALE,
            "Om du går ut ensam sent en kväll i ditt eget bostadsområde, "
            "hur trygg eller otrygg känner du dig då?",
            "If you go out alone late one evening in your own neighbourhood, "
            "how safe or unsafe do you feel?",
            role=vocab.TRYGGHET,
            options=TRYGGHET_OPTIONS,
            required=True,
            page=1,
        ),
        q(
            "trygghet_orsak",
            vocab.SINGLE,
            "Beror det på att det känns otryggt?",
            "Is that because it feels unsafe?",
            role=vocab.TRYGGHET_ORSAK,
            options=TRYGGHET_ORSAK_OPTIONS,
            show_if_key="trygghet",
            show_if_value="gar_aldrig_ut",
            page=1,
        ),
        home_area_question(page=1),
    ]
    for key, sv, en in ORO_ITEMS:
        questions.append(
            q(
                f"oro_{key}",
                vocab.SCALE,
                f"Hur ofta har du under de senaste 12 månaderna känt dig orolig för {sv}?",
                f"In the last 12 months, how often have you worried about {en}?",
                role=vocab.ORO,
                options=ORO_OPTIONS,
                page=2,
            )
        )
    questions.append(
        q(
            "annan_vag",
            vocab.SINGLE,
            "Har du under de senaste 12 månaderna valt en annan väg eller ett annat färdsätt "
            "för att du känt dig otrygg?",
            "In the last 12 months, have you chosen another route or way of travelling "
            "because you felt unsafe?",
            options=JA_NEJ,
            page=2,
        )
    )
    questions.append(
        q(
            "avstatt",
            vocab.SINGLE,
            "Har du under de senaste 12 månaderna avstått från en aktivitet för att du känt dig otrygg?",
            "In the last 12 months, have you stayed away from an activity because you felt unsafe?",
            options=JA_NEJ,
            page=2,
        )
    )
    for index, (key, sv, en) in enumerate(PROBLEM_ITEMS):
        questions.append(problem_question(key, sv, en, page=3 if index < 6 else 4))
    questions += [
        q(
            "polisen_bryr_sig",
            vocab.SCALE,
            "Hur väl stämmer påståendet ”Polisen bryr sig om de lokala problemen” in på ditt bostadsområde?",
            "How true is the statement “The police care about local problems” for your neighbourhood?",
            options=STAMMER_OPTIONS,
            page=5,
        ),
        q(
            "fortroende",
            vocab.SCALE,
            "Hur stort förtroende har du för polisens arbete i ditt bostadsområde?",
            "How much confidence do you have in the work of the police in your neighbourhood?",
            options=FORTROENDE_OPTIONS,
            page=5,
        ),
        q(
            "mer_att_beratta",
            vocab.TEXT,
            "Vill du berätta något mer om tryggheten där du bor?",
            "Is there anything else you would like to tell us about safety where you live?",
            help=FREE_TEXT_HELP,
            max_length=vocab.TEXT_MAX_DEFAULT,
            page=5,
        ),
        *background_questions(page=6),
    ]
    return questions


PRIORITY_OPTIONS = [
    option("synlig_polis", "Mer synlig polis", "More visible police"),
    option("belysning", "Bättre belysning", "Better lighting"),
    option("unga", "Fler aktiviteter för unga", "More activities for young people"),
    option("trafik", "Trafiksäkerhet och fartkontroller", "Road safety and speed checks"),
    option("narkotika", "Insatser mot narkotika", "Action against drugs"),
    option(
        "skadegorelse",
        "Snabbare åtgärder mot klotter och skadegörelse",
        "Faster action on graffiti and vandalism",
    ),
    option("grannsamverkan", "Stöd till grannsamverkan", "Support for neighbourhood watch"),
    option("annat", "Annat", "Something else"),
]
BIGGEST_PROBLEM_OPTIONS = [
    option("narkotika", "Narkotika och langning", "Drugs and dealing"),
    option("ordning", "Grupper som stör ordningen", "Groups disturbing the peace"),
    option("trafik", "Trafik och buskörning", "Traffic and reckless driving"),
    option("nedskrapning", "Nedskräpning och skadegörelse", "Litter and vandalism"),
    option("belysning", "Mörka platser och dålig belysning", "Dark places and poor lighting"),
    option("inbrott", "Inbrott och stölder", "Burglary and theft"),
    option("annat", "Annat", "Something else"),
]


def _medborgardialog() -> list[dict[str, Any]]:
    return [
        q(
            "storsta_problem",
            vocab.SINGLE,
            "Vad är det största problemet där du bor?",
            "What is the biggest problem where you live?",
            options=BIGGEST_PROBLEM_OPTIONS,
            required=True,
            page=1,
        ),
        q(
            "storsta_problem_annat",
            vocab.TEXT,
            "Vilket annat problem?",
            "Which other problem?",
            show_if_key="storsta_problem",
            show_if_value="annat",
            max_length=300,
            help=FREE_TEXT_HELP,
            page=1,
        ),
        home_area_question(page=1),
        q(
            "prioritera",
            vocab.MULTIPLE,
            "Vad ska polisen och kommunen prioritera? Välj högst tre.",
            "What should the police and the municipality prioritise? Choose up to three.",
            options=PRIORITY_OPTIONS,
            max_choices=3,
            page=2,
        ),
        q(
            "otrygg_plats",
            vocab.POINT,
            "Markera var du känner dig otrygg",
            "Mark where you feel unsafe",
            help={
                "sv": "Tryck på kartan, välj ett område i listan eller beskriv platsen med ord. "
                "Ange inte din egen eller någon annans bostad.",
                "en": "Tap the map, choose an area from the list or describe the place in words. "
                "Do not mark your own or anyone else's home.",
            },
            page=3,
        ),
        q(
            "varfor_otryggt",
            vocab.TEXT,
            "Varför känns det otryggt där?",
            "Why does it feel unsafe there?",
            help=FREE_TEXT_HELP,
            max_length=vocab.TEXT_MAX_DEFAULT,
            page=3,
        ),
        *background_questions(page=4),
    ]


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    label: Any  # lazy string
    description: Any
    title: dict[str, str]
    intro: dict[str, str]
    questions: list[dict[str, Any]] = field(default_factory=list)


TEMPLATES: dict[str, SurveyTemplate] = {
    t.key: t
    for t in (
        SurveyTemplate(
            "trygghetsmatning",
            _l("Trygghetsmätning"),
            _l("Trygghetsfrågan från NTU, oro, problem i området, polisen och bakgrundsfrågor."),
            {"sv": "Trygghetsmätning", "en": "Community safety survey"},
            {
                "sv": "Hur trygg känner du dig där du bor? Dina svar hjälper kommunen och polisen "
                "att se var och hur de ska arbeta. Det tar ungefär tio minuter. Du är anonym.",
                "en": "How safe do you feel where you live? Your answers help the municipality and "
                "the police decide where and how to work. It takes about ten minutes. "
                "You are anonymous.",
            },
            _trygghetsmatning(),
        ),
        SurveyTemplate(
            "medborgardialog",
            _l("Medborgardialog inför medborgarlöfte"),
            _l("Största problemet där du bor, vad som ska prioriteras och var det känns otryggt."),
            {
                "sv": "Medborgardialog inför medborgarlöfte",
                "en": "Have your say: our next citizen promise",
            },
            {
                "sv": "Kommunen och polisen ska lova invånarna att göra något konkret för tryggheten. "
                "Vad tycker du att de ska prioritera? Det tar ungefär fem minuter. Du är anonym.",
                "en": "The municipality and the police will promise residents to do something "
                "concrete for safety. What do you think they should prioritise? "
                "It takes about five minutes. You are anonymous.",
            },
            _medborgardialog(),
        ),
        SurveyTemplate(
            "tom",
            _l("Tom enkät"),
            _l("Börja från början och lägg till egna frågor."),
            {"sv": "Ny enkät", "en": "New survey"},
            {"sv": "", "en": ""},
            [],
        ),
    )
}

#: Questions staff can add in one go: preset → (label, question definitions).
PRESETS: dict[str, tuple[Any, list[dict[str, Any]]]] = {
    "trygghet": (_l("Trygghetsfrågan (NTU) med följdfråga"), _trygghetsmatning()[:2]),
    "problem": (
        _l("Problem i området (femgradig skala)"),
        [
            q(
                "problem",
                vocab.SCALE,
                "Hur stort problem är … i ditt bostadsområde?",
                "How big a problem is … in your neighbourhood?",
                role=vocab.PROBLEM,
                options=PROBLEM_OPTIONS,
            )
        ],
    ),
    "bostadsomrade": (_l("Var bor du? (områdesval)"), [home_area_question(page=1)]),
    "alder": (_l("Bakgrund: ålder"), background_questions(page=1)[:1]),
    "kon": (_l("Bakgrund: kön"), background_questions(page=1)[1:]),
}
