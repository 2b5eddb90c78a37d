"""Demo data: half a year of EST reports and a fastställd lägesbild for the demo kommun.

Deterministic (a fixed random seed); dates count back from this week, so the reports are always
recent. The demo rapportör (Sätra) has reported every week except this one, so "who has not
reported" has something to show. The other reporters' weeks come in through the CSV importer,
as an existing spreadsheet would. The lägesbild for the last complete quarter is fastställd by
the demo samordnare, with an analysis and two fokusområden.
"""

from __future__ import annotations

import random
from datetime import timedelta

from flask import current_app

from portal.areas.services import get_by_slug
from portal.auth.services import get_by_email
from portal.lagesbild import analysis, est_import, est_services, periods, snapshots, vocab
from portal.lagesbild.models import EstCategory

WEEKS = 26
SEED = 20250601

#: (organisation, area slug, base rates per category slug; others get a small rate)
REPORTERS = (
    (
        "Demobostäder AB",
        "brynas",
        {"klotter": 0.8, "skadegorelse": 0.5, "nedskrapning": 0.6, "brander": 0.15},
    ),
    (
        "Fritidsgården Brynäs",
        "brynas",
        {"samlingsplatser": 0.5, "ordningsstorningar": 0.4, "rykten": 0.3},
    ),
    (
        "Bevakning Demo AB",
        "centrum",
        {"ordningsstorningar": 0.6, "hot-vald": 0.25, "narkotika": 0.3, "inbrott-stolder": 0.3},
    ),
    (
        "Kommunens fastighetsförvaltning",
        "andersberg-norra",
        {"skadegorelse": 0.5, "stenkastning": 0.2, "otrygga-platser": 0.4},
    ),
    (
        "Skolan i Strömsbro",
        "stromsbro",
        {"nedskrapning": 0.4, "samlingsplatser": 0.3, "arrangemang": 0.2},
    ),
)
#: The demo rapportör's own reports (through the form) for Sätra.
SATRA_RATES = {
    "samlingsplatser": 0.6,
    "ordningsstorningar": 0.5,
    "otrygga-platser": 0.4,
    "klotter": 0.3,
}
NOTES = {
    "klotter": "Klotter på gångtunneln under järnvägen.",
    "skadegorelse": "Krossad belysning vid cykelbanan bakom skolan.",
    "samlingsplatser": "Grupper samlas vid centrumhusets baksida efter kl. 21 på fredagar.",
    "ordningsstorningar": "Oro vid busshållplatsen på kvällstid.",
    "otrygga-platser": "Mörkt parkstråk där belysningen är trasig.",
    "narkotika": "Misstänkt langning vid parkeringen, kvällstid.",
    "brander": "Brand i återvinningscontainer natten mot lördag.",
    "nedskrapning": "Mycket skräp vid lekplatsen efter helgen.",
}
ASSESSMENT_BY_LEVEL = {1: vocab.ENSTAKA, 2: vocab.ATERKOMMANDE, 3: vocab.OMFATTANDE}


def _level(rnd: random.Random, rate: float, growth: float) -> int:
    """0–3: occurrence with probability ``rate × growth``, severity rising with it."""
    p = min(0.95, rate * growth)
    if rnd.random() >= p:
        return 0
    roll = rnd.random() * p
    return 3 if roll > 0.6 else 2 if roll > 0.3 else 1


def _growth(week_index: int, slug: str) -> float:
    """Some categories get worse in the recent weeks, so the trend and changes show something."""
    recent = week_index >= WEEKS - 13
    if slug in {"samlingsplatser", "klotter"} and recent:
        return 1.6
    if slug == "nedskrapning" and recent:
        return 0.6
    return 1.0


def _csv_rows(categories: list[EstCategory], mondays, rnd: random.Random) -> str:
    lines = ["område;vecka;rapportör;kategori;bedömning;anteckning"]
    for index, monday in enumerate(mondays):
        year, week, _day = monday.isocalendar()
        for organisation, area_slug, rates in REPORTERS:
            for category in categories:
                level = _level(rnd, rates.get(category.slug, 0.05), _growth(index, category.slug))
                assessment = ASSESSMENT_BY_LEVEL.get(level, vocab.INGEN)
                note = NOTES.get(category.slug, "") if level >= 2 else ""
                lines.append(
                    f"{area_slug};{year}-v{week:02d};{organisation};{category.slug};{assessment};{note}"
                )
    return "\n".join(lines) + "\n"


def seed() -> None:
    from portal.demo import KOMMUN_SLUG

    kommun = get_by_slug(KOMMUN_SLUG)
    if kommun is None:
        return
    est_services.ensure_defaults()
    categories = est_services.all_categories(active_only=True)
    rnd = random.Random(SEED)
    this_monday, _end = periods.est_period(periods.EST_VECKA, periods.today())
    mondays = [this_monday - timedelta(weeks=WEEKS - i) for i in range(WEEKS)]
    text = _csv_rows(categories, mondays, rnd)
    parsed = est_import.parse(
        text, kommun, periods.EST_VECKA, int(current_app.config["EST_NOTE_MAX"])
    )
    est_import.import_parsed(parsed, "demo", kommun)

    reporter = get_by_email("rapportor@demo.example")
    satra = get_by_slug("satra")
    if reporter is not None and satra is not None:
        for index, monday in enumerate(mondays):
            entries = []
            for category in categories:
                level = _level(
                    rnd, SATRA_RATES.get(category.slug, 0.05), _growth(index, category.slug)
                )
                entries.append(
                    est_services.EntryInput(
                        category_id=category.id,
                        assessment=ASSESSMENT_BY_LEVEL.get(level, vocab.INGEN),
                        note=NOTES.get(category.slug) if level >= 2 else None,
                    )
                )
            est_services.save_report(reporter, satra, periods.EST_VECKA, monday, entries)
    _fix_last_quarter(kommun)


def _fix_last_quarter(kommun) -> None:
    actor = get_by_email("samordnare@demo.example")
    if actor is None:
        return
    current = periods.containing(periods.KVARTAL, periods.today())
    quarter = current.previous()
    draft = analysis.get_or_create(kommun, quarter, actor)
    analysis.save_texts(
        draft,
        actor,
        draft.revision,
        analysis.Texts(
            problem_description=(
                "EST-rapporterna visar återkommande samlingsplatser och ordningsstörningar i Sätra "
                "och Brynäs på kvällstid, och mer klotter i Brynäs än föregående kvartal.\n\n"
                "Invånarnas rapporter om platser handlar mest om trasig belysning och skymd sikt "
                "längs gång- och cykelvägar."
            ),
            causes=(
                "Få vuxna ute på kvällarna kring centrumhuset i Sätra sedan fritidsgården "
                "kortade sina öppettider. Belysningen längs stråken är gammal och går ofta sönder; "
                "buskage skymmer sikten vid gångtunnlarna."
            ),
            public_summary=(
                "Kommunen och polisen har gått igenom rapporter från invånare, verksamheter och "
                "polis för kvartalet. Mest rapporteras klotter och skadegörelse i Brynäs och oro "
                "kring samlingsplatser i Sätra på kvällstid. Vi prioriterar vuxennärvaro på "
                "kvällar och bättre belysning."
            ),
        ),
    )
    by_slug = {c.slug: c for c in est_services.all_categories()}
    first = [
        (vocab.EV_EST_CATEGORY, str(by_slug[slug].id), by_slug[slug].name_sv)
        for slug in ("samlingsplatser", "ordningsstorningar")
        if slug in by_slug
    ]
    analysis.add_problem(
        draft,
        actor,
        analysis.ProblemInput(
            "Samlingsplatser och oro på kvällstid i Sätra",
            "Grupper samlas vid centrumhuset efter kl. 21, särskilt fredagar.",
            True,
            first,
        ),
    )
    second = [
        (vocab.EV_EST_CATEGORY, str(by_slug[slug].id), by_slug[slug].name_sv)
        for slug in ("klotter", "skadegorelse")
        if slug in by_slug
    ]
    analysis.add_problem(
        draft,
        actor,
        analysis.ProblemInput(
            "Klotter och skadegörelse i Brynäs",
            "Ökat under kvartalet, mest vid gångtunnlar och lekplatser.",
            True,
            second,
        ),
    )
    snapshots.fix(draft, actor)
