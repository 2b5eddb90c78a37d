"""Fixtures for the lägesbild tests: the EST checklist, place categories, and small builders for
EST reports, places and survey answers placed exactly where and when a test needs them."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from portal.areas.services import get_by_slug
from portal.dialog.models import Answer, Question, Response, Survey
from portal.extensions import db
from portal.lagesbild import est_services, vocab
from portal.lagesbild.models import EstEntry, EstReport
from portal.map import categories as place_categories
from portal.map.models import Observation, Place

_codes = itertools.count(1)

# Points (lon, lat) inside the ``area`` fixture's sub-areas.
NORR = (17.15, 60.70)
SODER = (17.15, 60.65)


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def checklist(app):
    """The default EST categories, by slug."""
    est_services.ensure_defaults()
    db.session.commit()
    return {c.slug: c for c in est_services.all_categories()}


@pytest.fixture
def place_cats(app):
    place_categories.ensure_defaults()
    db.session.commit()
    return {c.slug: c for c in place_categories.all_categories()}


@pytest.fixture
def norr(area):
    return get_by_slug("norr")


@pytest.fixture
def soder(area):
    return get_by_slug("soder")


def est_report(
    area, organisation: str, monday: date, levels: dict, *, notes: dict | None = None
) -> EstReport:
    """An imported-style report: ``levels`` maps a category to an assessment code."""
    report = EstReport(
        area=area,
        organisation=organisation,
        period_kind="vecka",
        period_start=monday,
        period_end=monday + timedelta(days=6),
        source=vocab.SOURCE_IMPORT,
    )
    db.session.add(report)
    for category, assessment in levels.items():
        note = (notes or {}).get(category.slug)
        report.entries.append(
            EstEntry(
                category_id=category.id,
                area_id=area.id,
                period_start=monday,
                assessment=assessment,
                level=vocab.LEVELS[assessment],
                note=note,
                note_masked=note,
                masked_kinds=[],
            )
        )
    db.session.flush()
    return report


def add_place(
    area,
    category,
    point,
    when: date,
    *,
    time_of_day="kvall",
    published=True,
    status="ny",
    source="resident",
    observations=1,
) -> Place:
    """A place created on ``when`` with ``observations`` reports made that day at ``point``."""
    moment = datetime.combine(when, time(12, 0), tzinfo=UTC)
    place = Place(
        area=area,
        category=category,
        lon=point[0],
        lat=point[1],
        status=status,
        published=published,
        created_at=moment,
        status_changed_at=moment,
    )
    db.session.add(place)
    for _i in range(observations):
        db.session.add(
            Observation(
                place=place,
                follow_code=f"T{next(_codes):09d}",
                source=source,
                lon=point[0],
                lat=point[1],
                description="test",
                time_of_day=time_of_day,
                day_kind="vardag",
                created_at=moment,
            )
        )
    db.session.flush()
    return place


TRYGGHET_OPTIONS = [
    {"code": c, "label": {"sv": c}, "scored": True}
    for c in (
        "mycket_trygg",
        "ganska_trygg",
        "ganska_otrygg",
        "mycket_otrygg",
        "gar_aldrig_ut",
        "ingen_uppfattning",
    )
]


def add_survey(area, answers: list[dict]) -> Survey:
    """A survey with the trygghet question, its follow-up and two problem items.

    Each answer is ``{"area": Area, "on": date, "trygghet": code, "orsak": code,
    "problem_klotter": code, "problem_belysning": code}`` (keys may be left out).
    """
    survey = Survey(area=area, title={"sv": "Testmätning"}, languages=["sv"], state="oppen")
    keys = [
        ("trygghet", "trygghet"),
        ("trygghet_orsak", "trygghet_orsak"),
        ("problem_klotter", "problem"),
        ("problem_belysning", "problem"),
    ]
    survey.questions = [
        Question(
            key=key, kind="scale", role=role, text={"sv": key}, options=TRYGGHET_OPTIONS, position=i
        )
        for i, (key, role) in enumerate(keys)
    ]
    db.session.add(survey)
    db.session.flush()
    return add_answers(survey, answers)


def add_answers(survey: Survey, answers: list[dict]) -> Survey:
    """Responses to a survey made by :func:`add_survey` (see there for the keys)."""
    by_key = {q.key: q for q in survey.questions}
    for given in answers:
        response = Response(
            survey_id=survey.id, area_id=given["area"].id, language="sv", submitted_on=given["on"]
        )
        db.session.add(response)
        db.session.flush()
        for key, name in (
            ("trygghet", "trygghet"),
            ("trygghet_orsak", "orsak"),
            ("problem_klotter", "problem_klotter"),
            ("problem_belysning", "problem_belysning"),
        ):
            if given.get(name):
                db.session.add(
                    Answer(
                        response_id=response.id,
                        survey_id=survey.id,
                        question_id=by_key[key].id,
                        value=given[name],
                        area_id=given["area"].id,
                    )
                )
    db.session.flush()
    return survey
