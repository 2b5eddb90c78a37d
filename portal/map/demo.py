"""Demo places: the default categories and ~300 places over the demo areas, in every status.

Deterministic (a fixed random seed): the same places, texts and statuses on every run; only the
dates move with today's date. Staff actions are made by the demo samordnare, so the audit log,
public notes and follow pages look as they would in use.
"""

from __future__ import annotations

import random
from datetime import timedelta

from portal.areas import services as area_services
from portal.areas.lookup import area_for_point
from portal.auth import services as auth_services
from portal.extensions import db
from portal.map import categories, handling, reports, vocab
from portal.map.models import Category, Observation, Place
from portal.timeutil import utcnow

SEED = 4
PLACE_COUNT = 300
LEAF_AREAS = ("centrum", "brynas", "satra", "stromsbro", "andersberg-norra", "andersberg-sodra")

TEXTS = {
    "belysning": [
        "Gatlyktorna längs gångvägen har varit släckta i flera veckor. Helt mörkt efter fyra.",
        "Belysningen vid busshållplatsen blinkar och slocknar ibland.",
        "Ingen belysning alls på stigen mellan skolan och parkeringen.",
    ],
    "skymd-sikt": [
        "Höga buskar längs gångvägen gör att man inte ser vem som kommer.",
        "Täta häckar vid cykelstället, man känner sig instängd.",
    ],
    "gangtunnel": [
        "Gångtunneln under vägen är mörk och lång, jag går hellre över vägen.",
        "Tunneln luktar urin och lamporna är trasiga.",
    ],
    "odslig-plats": [
        "Tomt och öde på kvällen, inga fönster mot gångvägen.",
        "Parkeringen bakom köpcentret är helt folktom efter stängning.",
    ],
    "orientering": ["Svårt att hitta rätt väg till stationen, skyltarna är borta."],
    "alternativ-vag": ["Enda vägen hem från bussen går genom skogsdungen."],
    "klotter": ["Mycket klotter på väggarna vid lekplatsen.", "Nytt klotter på bron varje vecka."],
    "nedskrapning": [
        "Mycket skräp och glassplitter vid bänkarna.",
        "Soptunnorna svämmar över varje helg.",
    ],
    "skadegorelse": ["Krossade rutor i busskuren.", "Sönderslagna lampor i trappan."],
    "forfall": ["Staketet har rasat och trappan är sned.", "Övergivet hus med trasiga fönster."],
    "trafik": [
        "Mopeder kör fort på gång- och cykelvägen.",
        "Bilar kör mycket fort förbi skolan, övergångsstället syns dåligt.",
    ],
    "snorojning": ["Gångvägen plogas sist av allt, det är halt i flera dagar."],
    "ordningsstorning": [
        "Grupper samlas vid kiosken på kvällarna och det blir stökigt.",
        "Högljudda fester i parken på helgerna.",
    ],
    "narkotikahandel": ["Det verkar förekomma narkotikahandel vid gångtunneln på kvällarna."],
    "tillganglighet": ["Trottoarkanten saknar nedfart, svårt med rullator och barnvagn."],
    "tryggt": [
        "Upplyst och bra, många människor i rörelse på kvällen.",
        "Fin ny belysning och öppna ytor, känns tryggt.",
    ],
}
# Texts that show the safety nets: masking, and an emergency/crime tip kept out of public view.
WITH_PERSONAL_DATA = "Ring mig på 070-123 45 67 om ni vill veta mer, det är vid Storgatan 12."
CRIME_TIP = "Killen som bor på Storgatan 12 säljer knark varje kväll."

NOTES = {
    vocab.BEDOMD: "Vi har tittat på platsen och håller med om att den behöver åtgärdas.",
    vocab.PLANERAD: "Åtgärden är beställd och görs enligt tidsplanen.",
    vocab.ATGARDAD: "Åtgärdat. Tack för att du rapporterade!",
    vocab.AVVISAD: "Platsen ligger utanför kommunens ansvar och har skickats vidare.",
}
NO_ACTION_REASONS = (
    "Marken ägs av Trafikverket; vi har skickat ärendet vidare till dem.",
    "Belysning här skulle störa de boende; vi har i stället röjt sly längs vägen.",
)
STATUS_WEIGHTS = (
    (vocab.NY, 12),
    (vocab.BEDOMD, 22),
    (vocab.PLANERAD, 22),
    (vocab.ATGARDAD, 28),
    (vocab.INGEN_ATGARD, 10),
    (vocab.AVVISAD, 6),
)
PATHS = {
    vocab.NY: [],
    vocab.BEDOMD: [vocab.BEDOMD],
    vocab.PLANERAD: [vocab.BEDOMD, vocab.PLANERAD],
    vocab.ATGARDAD: [vocab.BEDOMD, vocab.PLANERAD, vocab.ATGARDAD],
    vocab.INGEN_ATGARD: [vocab.BEDOMD, vocab.INGEN_ATGARD],
    vocab.AVVISAD: [vocab.AVVISAD],
}


def _point_in(area, rng: random.Random) -> tuple[float, float]:
    """A random point whose deepest area is ``area``."""
    for _attempt in range(200):
        lon = rng.uniform(area.min_lon, area.max_lon)
        lat = rng.uniform(area.min_lat, area.max_lat)
        found = area_for_point(lon, lat)
        if found is not None and found.id == area.id:
            return lon, lat
    return area.point_lon, area.point_lat


def _backdate(place: Place, days: int) -> None:
    """Spread the place's history from ``days`` ago up to an hour ago, never into the future."""
    now = utcnow()
    start = now - timedelta(days=days)
    latest = now - timedelta(hours=1)
    place.created_at = start
    for index, observation in enumerate(place.observations):
        observation.created_at = min(start + timedelta(days=index * 9, hours=index * 5), latest)
    for index, update in enumerate(place.updates):
        update.created_at = min(start + timedelta(days=3 + index * 12), latest)


def _review_all(actor, place: Place) -> None:
    for observation in place.observations:
        handling.review_observation(actor, observation, reports.mask_for_owner(observation))


def seed() -> None:
    rng = random.Random(SEED)
    categories.ensure_defaults()
    actor = auth_services.get_by_email("samordnare@demo.example")
    by_slug = {c.slug: c for c in db.session.scalars(db.select(Category))}
    areas = [area_services.get_by_slug(slug) for slug in LEAF_AREAS]
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    slugs = list(TEXTS)
    for number in range(PLACE_COUNT):
        if number % 25 == 0:  # keep the session small: flushing stays fast
            db.session.flush()
            db.session.expunge_all()
            actor = auth_services.get_by_email("samordnare@demo.example")
            by_slug = {c.slug: c for c in db.session.scalars(db.select(Category))}
            areas = [area_services.get_by_slug(slug) for slug in LEAF_AREAS]
        area = areas[number % len(areas)]
        category = by_slug[slugs[rng.randrange(len(slugs))]]
        status = rng.choice(statuses)
        if category.positive:  # nothing to fix: assessed, or still new
            status = vocab.BEDOMD if status != vocab.NY else vocab.NY
        lon, lat = _point_in(area, rng)
        text = rng.choice(TEXTS[category.slug])
        if number == 7:
            text = WITH_PERSONAL_DATA
        observation = reports.create_report(
            category=category,
            description=text,
            time_of_day=rng.choice(vocab.TIMES_OF_DAY),
            day_kind=rng.choice(vocab.DAY_KINDS),
            lon=lon,
            lat=lat,
        )
        place = observation.place
        for _extra in range(rng.choice((0, 0, 0, 1, 2, 4, 7))):
            _add_report(place, rng)
        if status != vocab.NY or rng.random() < 0.3:
            _review_all(actor, place)
            if status != vocab.AVVISAD:
                handling.set_published(actor, place, True)
        for step in PATHS[status]:
            reason = rng.choice(NO_ACTION_REASONS) if step == vocab.INGEN_ATGARD else None
            note = NOTES.get(step) if rng.random() < 0.6 else None
            handling.change_status(actor, place, step, note=note, reason=reason)
        if status in (vocab.PLANERAD, vocab.ATGARDAD, vocab.INGEN_ATGARD, vocab.BEDOMD):
            handling.set_handling(
                actor,
                place,
                responsible=rng.choice(vocab.RESPONSIBLE_SUGGESTIONS),
                deadline=(utcnow() + timedelta(days=rng.randrange(-60, 180))).date()
                if status == vocab.PLANERAD
                else None,
            )
        _backdate(place, rng.randrange(10, 540))
    _queue_examples(by_slug, areas)
    db.session.flush()


def _add_report(place: Place, rng: random.Random) -> None:
    """Another report on the place (added directly: residents can only attach to published
    places, and these came in before the place was published)."""
    observation = Observation(
        place=place,
        follow_code=reports.new_follow_code(),
        lon=place.lon,
        lat=place.lat,
        description=rng.choice(TEXTS[place.category.slug]),
        time_of_day=rng.choice(vocab.TIMES_OF_DAY),
        day_kind=rng.choice(vocab.DAY_KINDS),
    )
    db.session.add(observation)
    db.session.flush()
    reports.refresh_stats(place)


def _queue_examples(by_slug: dict, areas: list) -> None:
    """New reports waiting in the queue: one without a map, one that reads as a crime tip."""
    reports.create_report(
        category=by_slug["belysning"],
        description="Lampan vid lekplatsen bakom skolan är trasig sedan i höstas.",
        time_of_day=vocab.KVALL,
        day_kind=vocab.BADA,
        area=areas[0],
        location_text="Lekplatsen bakom Centrumskolan",
    )
    reports.create_report(
        category=by_slug["narkotikahandel"],
        description=CRIME_TIP,
        time_of_day=vocab.NATT,
        day_kind=vocab.HELG,
        lon=areas[1].point_lon,
        lat=areas[1].point_lat,
    )
