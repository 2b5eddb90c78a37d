"""Demo surveys: an open trygghetsmätning with a few hundred synthetic responses, last year's
closed round (results published) so before/after shows something, and a medborgardialog.

Deterministic (fixed random seed). Every answer is synthetic; the free texts are made up and
contain personal data on purpose, to show the masking and the moderation queue.
"""

from __future__ import annotations

import random
from datetime import timedelta

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.dialog import answering, services, submission, tally, vocab
from portal.dialog.models import Question, Survey
from portal.extensions import db
from portal.timeutil import utcnow

SEED = 20240917
KOMMUN = "demokommunen"
HOMES = ("centrum", "brynas", "satra", "stromsbro", "andersberg-norra", "andersberg-sodra")
#: How unsafe each area feels (0–1); the earlier round was a little worse everywhere.
UNEASE = {
    "centrum": 0.30,
    "brynas": 0.22,
    "satra": 0.38,
    "stromsbro": 0.12,
    "andersberg-norra": 0.45,
    "andersberg-sodra": 0.33,
}
TEXTS = [
    "Gångtunneln vid stationen är mörk och känns otrygg på kvällen.",
    "Det behövs bättre belysning på cykelvägen mot skolan.",
    "Mopeder kör fort på gångvägen, bilen ABC 123 brukar stå parkerad där.",
    "Ring mig gärna på 070-123 45 67 om ni vill veta mer.",
    "Min granne på Storgatan 12 har också märkt det.",
    "Bra att polisen syns mer i centrum nu!",
    "Skräp vid återvinningsstationen varje helg.",
    "Unga samlas vid torget på kvällarna, det känns stökigt.",
]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _answers(
    rng: random.Random, survey: Survey, homes: dict[str, Area], unease_shift: float
) -> dict[int, object]:
    """One synthetic respondent's validated answers, by question id."""
    slug = rng.choices(list(homes), weights=[homes[s].population_total or 1 for s in homes])[0]
    unease = min(0.95, UNEASE[slug] + unease_shift)
    clean: dict[int, object] = {}
    for q in survey.questions:
        if q.role == vocab.TRYGGHET:
            clean[q.id] = _pick(
                rng,
                {
                    "mycket_trygg": (1 - unease) * 0.45,
                    "ganska_trygg": (1 - unease) * 0.5,
                    "ganska_otrygg": unease * 0.55,
                    "mycket_otrygg": unease * 0.25,
                    "gar_aldrig_ut": unease * 0.15 + 0.02,
                    "ingen_uppfattning": 0.03,
                },
            )
        elif q.role == vocab.TRYGGHET_ORSAK:
            parent = next(p for p in survey.questions if p.key == q.show_if_key)
            if clean.get(parent.id) == "gar_aldrig_ut":
                clean[q.id] = "otrygghet" if rng.random() < 0.6 else "annat"
        elif q.role == vocab.BOSTADSOMRADE:
            clean[q.id] = str(homes[slug].id) if rng.random() < 0.92 else vocab.NOT_SAID
        elif q.role == vocab.PROBLEM:
            severity = unease * (1.4 if "narkotika" in q.key or "belysning" in q.key else 0.9)
            clean[q.id] = _pick(
                rng,
                {
                    "mycket_stort": severity * 0.3,
                    "ganska_stort": severity * 0.5,
                    "ganska_litet": 0.45,
                    "inget_problem": (1 - severity) * 0.6,
                    "ingen_uppfattning": 0.08,
                },
            )
        elif q.role == vocab.ORO:
            weights = [unease * 0.3, unease * 0.8, 1 - unease * 0.5, 1 - unease]
            clean[q.id] = rng.choices(q.codes, weights=weights)[0]
        elif q.kind == vocab.SCALE:  # statements about the police: more positive where calmer
            weights = [(1 - unease) * 0.4, 1 - unease * 0.5, unease, unease * 0.5, 0.15]
            clean[q.id] = rng.choices(q.codes, weights=weights[: len(q.codes)])[0]
        elif q.role == vocab.ALDER:
            if rng.random() < 0.9:
                clean[q.id] = _pick(
                    rng, {"16-24": 0.07, "25-44": 0.28, "45-64": 0.35, "65-84": 0.27, "85+": 0.03}
                )
        elif q.role == vocab.KON:
            if rng.random() < 0.93:
                clean[q.id] = _pick(rng, {"kvinna": 0.58, "man": 0.40, "annat": 0.02})
        elif q.kind == vocab.SINGLE:
            clean[q.id] = rng.choice(q.codes)
        elif q.kind == vocab.MULTIPLE:
            clean[q.id] = rng.sample(q.codes, rng.randint(1, q.max_choices or 3))
        elif q.kind == vocab.POINT and rng.random() < 0.5:
            area = homes[slug]
            west, south, east, north = area.bbox
            lon = west + (east - west) * rng.uniform(0.2, 0.8)
            lat = south + (north - south) * rng.uniform(0.2, 0.8)
            clean[q.id] = answering.PointValue(round(lon, 5), round(lat, 5), area.id, "")
        elif q.kind == vocab.TEXT and not q.show_if_key and rng.random() < 0.08:
            clean[q.id] = rng.choice(TEXTS)
    return clean


def _fill(survey: Survey, count: int, rng: random.Random, shift: float, days: int) -> None:
    homes = {slug: area_services.get_by_slug(slug) for slug in HOMES}
    start = services.today() - timedelta(days=days)
    for number in range(count):
        clean = _answers(rng, survey, homes, shift)
        language = "en" if number % 17 == 0 else "sv"
        on = start + timedelta(days=rng.randint(0, max(days - 1, 0)))
        submission.store(survey, list(survey.questions), clean, language, on, count=False)
    tally.rebuild(survey)


def seed() -> None:
    """Seed the demo surveys (after the demo areas and staff)."""
    kommun = area_services.get_by_slug(KOMMUN)
    if kommun is None:
        return
    rng = random.Random(SEED)
    today = services.today()

    earlier = services.create_from_template("trygghetsmatning", kommun, ["sv", "en"], "demo")
    earlier.title = {"sv": "Trygghetsmätning 2024", "en": "Community safety survey 2024"}
    earlier.opens_on, earlier.closes_on = today - timedelta(days=400), today - timedelta(days=340)
    earlier.state = vocab.STANGD
    db.session.flush()
    _fill(earlier, 320, rng, shift=0.12, days=60)
    earlier.results_published_at = utcnow() - timedelta(days=300)
    earlier.created_at = utcnow() - timedelta(days=410)

    current = services.copy_as_new_version(earlier, "demo")
    current.title = {"sv": "Trygghetsmätning 2025", "en": "Community safety survey 2025"}
    current.opens_on, current.closes_on = today - timedelta(days=30), today + timedelta(days=30)
    current.state = vocab.OPPEN
    db.session.flush()
    _fill(current, 380, rng, shift=0.0, days=30)

    andersberg = area_services.get_by_slug("andersberg")
    dialog = services.create_from_template("medborgardialog", andersberg, ["sv", "en"], "demo")
    dialog.title = {
        "sv": "Medborgardialog Andersberg: vad ska vi lova?",
        "en": "Have your say in Andersberg: what should we promise?",
    }
    dialog.opens_on, dialog.closes_on = today - timedelta(days=10), today + timedelta(days=50)
    dialog.state = vocab.OPPEN
    db.session.flush()
    _fill_dialog(dialog, rng)

    draft = services.create_from_template(
        "trygghetsmatning", area_services.get_by_slug("satra"), ["sv"], "demo"
    )
    draft.title = {"sv": "Trygghetsmätning Sätra (under arbete)"}
    db.session.flush()


def _fill_dialog(survey: Survey, rng: random.Random) -> None:
    homes = {
        slug: area_services.get_by_slug(slug) for slug in ("andersberg-norra", "andersberg-sodra")
    }
    for number in range(64):
        clean = _answers(rng, survey, homes, 0.0)
        biggest = next(q for q in survey.questions if q.key == "storsta_problem")
        other: Question = next(q for q in survey.questions if q.key == "storsta_problem_annat")
        if clean.get(biggest.id) == "annat":
            clean[other.id] = "Hastigheten på Norra vägen"
        language = "en" if number % 9 == 0 else "sv"
        submission.store(
            survey, list(survey.questions), clean, language, services.today(), count=False
        )
    tally.rebuild(survey)
