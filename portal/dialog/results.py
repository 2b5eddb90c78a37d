"""Results for staff: counts, shares with Wilson intervals, breakdowns, indicators, weighting.

Everything is counted in the database: the running tally (:mod:`portal.dialog.tally`, kept in
step with every response and equal to one GROUP BY over the answers) gives the count per
question × answer × area × age band × gender, so reading the results costs a few thousand rows
whatever the number of responses. The functions below only add up those counts (cached per
question and breakdown) and hand them to :mod:`portal.dialog.stats`.

Breakdowns by area use the survey area's children: a respondent in a delområde counts in the
område above it; one who named no area (or "somewhere else") is "Område ej angivet".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from flask_babel import gettext as _

from portal.areas.models import Area
from portal.dialog import stats, vocab
from portal.dialog import tally as tallies
from portal.dialog.models import Question, Survey
from portal.extensions import db

DIMENSIONS = ("omrade", "alder", "kon")
UNKNOWN = None  # group key for "not stated"

Row = tuple[str, int | None, str | None, str | None, int]  # value, area, age, gender, count
Strata = tuple[int | None, str | None, str | None]  # area, age, gender


@dataclass
class Tally:
    """A survey's answers counted in SQL, by question."""

    survey: Survey
    rows: dict[int, list[Row]]  # by area: age and gender are None
    respondents: dict[int, list[tuple[int | None, str | None, str | None, int]]]
    responses: list[tuple[int | None, str | None, str | None, int]]
    background_rows: dict[int, list[Row]]  # by age band × gender: area is None
    background_respondents: dict[int, list[tuple[int | None, str | None, str | None, int]]]
    background_responses: list[tuple[int | None, str | None, str | None, int]]
    area_group: dict[int, int | None]  # respondent area id → child of the survey area
    area_names: dict[int, str]
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def total(self) -> int:
        return sum(row[3] for row in self.responses)


def tally(survey: Survey) -> Tally:
    """The survey's counts, read from its running tally (a few thousand rows, no answer scan)."""
    by_breakdown = {
        breakdown: (defaultdict(list), defaultdict(list), [])
        for breakdown in (tallies.BY_AREA, tallies.BY_BACKGROUND)
    }
    for (breakdown, question_id, value, area_id, age, gender), n in tallies.counts(survey).items():
        rows, respondents, responses = by_breakdown[breakdown]
        area_id, age, gender = area_id or None, age or None, gender or None
        if question_id == tallies.RESPONSES:
            responses.append((area_id, age, gender, n))
        elif value == tallies.RESPONDENTS:
            respondents[question_id].append((area_id, age, gender, n))
        else:
            rows[question_id].append((value, area_id, age, gender, n))
    subtree = db.session.execute(
        db.select(Area.id, Area.path, Area.name).where(
            Area.path.startswith(survey.area.path, autoescape=True)
        )
    ).all()
    area_group: dict[int, int | None] = {}
    base = len(survey.area.path.strip("/").split("/"))
    for area_id, path, _name in subtree:
        parts = path.strip("/").split("/")
        area_group[area_id] = int(parts[base]) if len(parts) > base else UNKNOWN
    names = {area_id: name for area_id, _path, name in subtree}
    rows, respondents, responses = by_breakdown[tallies.BY_AREA]
    background = by_breakdown[tallies.BY_BACKGROUND]
    return Tally(
        survey,
        dict(rows),
        dict(respondents),
        responses,
        dict(background[0]),
        dict(background[1]),
        background[2],
        area_group,
        names,
    )


# --- groups -----------------------------------------------------------------------------------


def group_of(
    t: Tally, dimension: str | None, area: int | None, age: str | None, gender: str | None
):
    if dimension == "omrade":
        return t.area_group.get(area, UNKNOWN) if area is not None else UNKNOWN
    if dimension == "alder":
        return age
    if dimension == "kon":
        return gender
    if dimension == "strata":
        return (age, gender)
    return "alla"


def group_labels(t: Tally, dimension: str, lang: str) -> list[tuple[Any, str]]:
    """The groups of a breakdown, in display order, with labels; "not stated" last."""
    if dimension == "omrade":
        children = sorted(
            {g for g in t.area_group.values() if g is not None}, key=lambda i: t.area_names[i]
        )
        groups = [(i, t.area_names[i]) for i in children]
        return [*groups, (UNKNOWN, _("Område ej angivet"))]
    role = vocab.ALDER if dimension == "alder" else vocab.KON
    question = next((q for q in t.survey.questions if q.role == role), None)
    options = [o for o in question.options if o["code"] != vocab.NOT_SAID] if question else []
    groups = [(o["code"], vocab.pick(o["label"], lang)) for o in options]
    return [*groups, (UNKNOWN, _("Ej angivet"))]


def _by_background(dimension: str | None) -> bool:
    return dimension in ("alder", "kon", "strata")


def counts_by(t: Tally, question: Question, dimension: str | None = None) -> dict[Any, Counter]:
    """Answer counts per group of ``dimension`` (one group ``"alla"`` without)."""
    key = (question.id, dimension)
    if key not in t.cache:
        found: dict[Any, Counter] = defaultdict(Counter)
        source = t.background_rows if _by_background(dimension) else t.rows
        for value, area, age, gender, count in source.get(question.id, []):
            found[group_of(t, dimension, area, age, gender)][value] += count
        t.cache[key] = found
    return t.cache[key]


def answered_by(t: Tally, question: Question, dimension: str | None = None) -> Counter:
    """How many respondents answered the question, per group."""
    found: Counter = Counter()
    if question.kind == vocab.MULTIPLE:
        source = t.background_respondents if _by_background(dimension) else t.respondents
        for area, age, gender, count in source.get(question.id, []):
            found[group_of(t, dimension, area, age, gender)] += count
    else:
        for group, counter in counts_by(t, question, dimension).items():
            found[group] = sum(counter.values())
    return found


# --- per question -----------------------------------------------------------------------------


def answer_options(t: Tally, question: Question, lang: str) -> list[tuple[str, str]]:
    """``(code, label)`` for every possible answer, then any other code found in the answers."""
    if question.kind in vocab.CHOICE_KINDS:
        options = [(o["code"], vocab.pick(o["label"], lang)) for o in question.options]
    else:
        areas = sorted(
            (i for i in t.area_names if i != t.survey.area_id or len(t.area_names) == 1),
            key=lambda i: t.area_names[i],
        )
        options = [(str(i), t.area_names[i]) for i in areas]
        if question.kind == vocab.AREA:
            options += [
                (vocab.AREA_ELSEWHERE, _("Någon annanstans")),
                (vocab.NOT_SAID, _("Vill inte ange")),
            ]
        else:
            options += [(vocab.NO_PLACE, _("Beskriven med ord, utan område"))]
    known = {code for code, _label in options}
    extra = sorted({row[0] for row in t.rows.get(question.id, [])} - known)
    return options + [
        (code, t.area_names.get(int(code), code) if code.isdigit() else code) for code in extra
    ]


@dataclass
class GroupResult:
    key: Any
    label: str
    n: int
    shares: dict[str, stats.Share]


@dataclass
class QuestionResult:
    question: Question
    n: int
    options: list[tuple[str, str]]
    shares: dict[str, stats.Share]
    groups: list[GroupResult] = field(default_factory=list)


def question_result(
    t: Tally, question: Question, lang: str, dimension: str | None = None
) -> QuestionResult:
    """Counts and shares (Wilson 95 %) of every answer, overall and per group of ``dimension``."""
    options = answer_options(t, question, lang)
    overall = counts_by(t, question)["alla"]
    n = answered_by(t, question)["alla"]
    result = QuestionResult(
        question, n, options, {code: stats.share(overall[code], n) for code, _l in options}
    )
    if dimension in DIMENSIONS:
        per_group = counts_by(t, question, dimension)
        answered = answered_by(t, question, dimension)
        for key, label in group_labels(t, dimension, lang):
            group_n = answered.get(key, 0)
            if group_n == 0 and key is UNKNOWN:
                continue
            counter = per_group.get(key, Counter())
            shares = {code: stats.share(counter[code], group_n) for code, _l in options}
            result.groups.append(GroupResult(key, label, group_n, shares))
    return result


# --- labels -----------------------------------------------------------------------------------

_PROBLEM_WORDING = (
    re.compile(r"^Hur stort problem är (?P<item>.+?) i ditt bostadsområde\?$"),
    re.compile(r"^How big a problem is (?P<item>.+?) in your neighbourhood\?$"),
)


def short_label(question: Question, lang: str) -> str:
    """ "Klotter" for "Hur stort problem är klotter i ditt bostadsområde?" (tables need room)."""
    text = question.text_in(lang)
    for pattern in _PROBLEM_WORDING:
        match = pattern.match(text)
        if match:
            item = match["item"]
            return item[:1].upper() + item[1:]
    return text


# --- indicators -------------------------------------------------------------------------------


def role_question(survey: Survey, role: str) -> Question | None:
    return next((q for q in survey.questions if q.role == role), None)


def population_strata(area: Area) -> dict[tuple[str, str], float]:
    """``(age band, gender) → population`` from ``Area.population["by_age_gender"]``."""
    by_age_gender = (area.population or {}).get("by_age_gender") or {}
    strata = {}
    for age, genders in by_age_gender.items():
        for gender, size in (genders or {}).items():
            if isinstance(size, int | float) and size >= 0:
                strata[(age, gender)] = float(size)
    return strata


def _weights(t: Tally) -> dict[tuple, float] | None:
    population = population_strata(t.survey.area)
    if not population:
        return None
    sample: Counter = Counter()
    for _area, age, gender, count in t.background_responses:
        sample[(age, gender)] += count
    return stats.poststratify_counts(dict(sample), population)


@dataclass
class Indicator:
    label: str
    overall: stats.Share
    weighted: stats.WeightedShare | None
    groups: dict[str, list[tuple[str, stats.Share]]]


def trygghet_counts(t: Tally, dimension: str | None = None) -> tuple[dict, dict]:
    """Trygghet answers and follow-up reasons per group of ``dimension`` (``"alla"`` without;
    ``"strata"`` gives ``(age band, gender)``)."""
    main = role_question(t.survey, vocab.TRYGGHET)
    reason = role_question(t.survey, vocab.TRYGGHET_ORSAK)
    answers = {
        group: Counter({k: v for k, v in counter.items() if k in stats.TRYGGHET_ANSWERS})
        for group, counter in counts_by(t, main, dimension).items()
    }
    reasons: dict[Any, Counter] = {}
    if reason is not None:
        reasons = {
            group: Counter({k: v for k, v in counter.items() if k in stats.GAR_ALDRIG_UT_REASONS})
            for group, counter in counts_by(t, reason, dimension).items()
        }
    return defaultdict(Counter, answers), defaultdict(Counter, reasons)


def otrygghet_from(answers: Counter, reasons: Counter) -> stats.Share:
    reasons = Counter(reasons)
    overflow = sum(reasons.values()) - answers.get("gar_aldrig_ut", 0)
    if overflow > 0:  # cannot happen for stored answers; guards data edited by hand
        reasons["annat"] = max(0, reasons["annat"] - overflow)
    return stats.otrygghet_from_counts(answers, reasons)


def otrygghet(t: Tally, lang: str) -> Indicator | None:
    """The NTU otrygghet indicator: overall, weighted, and per area, age band and gender."""
    if role_question(t.survey, vocab.TRYGGHET) is None:
        return None
    answers, reasons = trygghet_counts(t)
    overall = otrygghet_from(answers["alla"], reasons["alla"])
    groups = {}
    for dimension in DIMENSIONS:
        by_group = trygghet_counts(t, dimension)
        groups[dimension] = [
            (
                label,
                otrygghet_from(by_group[0].get(key, Counter()), by_group[1].get(key, Counter())),
            )
            for key, label in group_labels(t, dimension, lang)
            if key is not UNKNOWN or by_group[0].get(key)
        ]
    weighted = None
    weights = _weights(t)
    if weights:
        per_stratum = trygghet_counts(t, "strata")
        hits, valid = {}, {}
        for stratum, counter in per_stratum[0].items():
            share = otrygghet_from(counter, per_stratum[1].get(stratum, Counter()))
            hits[stratum], valid[stratum] = share.count, share.n
        weighted = stats.weighted_share_from_counts(hits, valid, weights)
    return Indicator(_("Andel otrygga"), overall, weighted, groups)


@dataclass
class ProblemItem:
    question: Question
    label: str
    andel: stats.Share
    index: stats.IndexResult
    weighted: stats.WeightedShare | None
    by_area: dict[Any, stats.IndexResult]


@dataclass
class ProblemTable:
    items: list[ProblemItem]
    total_index: float | None
    areas: list[tuple[Any, str]]
    area_totals: dict[Any, float | None]


def problem_counter(counter: Counter) -> dict[str, int]:
    return {
        code: c
        for code, c in counter.items()
        if code in stats.PROBLEM_SCORES or code == stats.PROBLEM_NO_OPINION
    }


def problems(t: Tally, lang: str) -> ProblemTable | None:
    """Polisen's problem items: andel stort problem, problemindex 0–6 per area, totalindex."""
    questions = [q for q in t.survey.questions if q.role == vocab.PROBLEM]
    if not questions:
        return None
    areas = [(k, label) for k, label in group_labels(t, "omrade", lang) if k is not UNKNOWN]
    weights = _weights(t)
    items = []
    for q in questions:
        overall = problem_counter(counts_by(t, q)["alla"])
        by_area = counts_by(t, q, "omrade")
        weighted = None
        if weights:
            hits, valid = Counter(), Counter()
            for value, _area, age, gender, count in t.background_rows.get(q.id, []):
                if value in stats.PROBLEM_SCORES:
                    valid[(age, gender)] += count
                    if value in stats.STORT_PROBLEM_ANSWERS:
                        hits[(age, gender)] += count
            weighted = stats.weighted_share_from_counts(hits, valid, weights)
        items.append(
            ProblemItem(
                q,
                short_label(q, lang),
                stats.andel_stort_problem_from_counts(overall),
                stats.problem_index_from_counts(overall),
                weighted,
                {
                    key: stats.problem_index_from_counts(
                        problem_counter(by_area.get(key, Counter()))
                    )
                    for key, _label in areas
                },
            )
        )
    return ProblemTable(
        items,
        stats.total_index(item.index for item in items),
        areas,
        {key: stats.total_index(item.by_area[key] for item in items) for key, _label in areas},
    )


# --- representativeness -----------------------------------------------------------------------


def representativeness(t: Tally, lang: str) -> list[tuple[str, stats.StratumComparison]]:
    """Respondents against population by age band × gender (empty without population data)."""
    population = population_strata(t.survey.area)
    if not population:
        return []
    sample: Counter = Counter()
    for _area, age, gender, count in t.background_responses:
        sample[(age, gender)] += count
    strata: Iterable = chain.from_iterable(repeat(h, c) for h, c in sample.items())
    rows = stats.representativeness(strata, population)
    ages = dict(group_labels(t, "alder", lang))
    genders = dict(group_labels(t, "kon", lang))

    def label(stratum) -> str:
        age, gender = stratum
        return f"{ages.get(age, age or _('Ej angivet'))}, {genders.get(gender, gender or _('Ej angivet'))}"

    return [(label(row.stratum), row) for row in rows]
