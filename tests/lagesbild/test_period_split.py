"""Each source reads the period and the previous one in one scan and counts each period in a
column of its own: records on either side of the edges land in the right period, and a period
without records of a kind has no entry for it (no zeros)."""

from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.lagesbild import compute, periods
from portal.lagesbild.sources import subtree_rows, window_for
from portal.map.models import Observation, Place
from tests.lagesbild.conftest import NORR, SODER, add_survey

Q2 = periods.parse("2025-k2")  # 1 April – 30 June 2025; previous: Q1
SECOND = timedelta(seconds=1)


def _place(area, category, point, created, *, reports=(), **fields) -> Place:
    """A place created at ``created`` with a report ``(moment, time of day, source)`` each."""
    place = Place(
        area=area,
        category=category,
        lon=point[0],
        lat=point[1],
        created_at=created,
        status_changed_at=fields.pop("changed", created),
        **fields,
    )
    db.session.add(place)
    for number, (moment, time_of_day, source) in enumerate(reports):
        db.session.add(
            Observation(
                place=place,
                follow_code=f"E{id(place) % 10**6:06d}{number:03d}",
                source=source,
                lon=point[0],
                lat=point[1],
                description="kant",
                time_of_day=time_of_day,
                day_kind="vardag",
                created_at=moment,
            )
        )
    db.session.flush()
    return place


@pytest.fixture
def edges(area):
    area_ids, row_of, _rows = subtree_rows(area)
    window = window_for(area, Q2, area_ids, row_of)
    return window.before.start_utc, window.now.start_utc, window.now.end_utc


def test_places_on_either_side_of_the_edges(area, norr, soder, place_cats, in_request, edges):
    start, edge, end = edges
    light, tryggt = place_cats["belysning"], place_cats["tryggt"]
    first = _place(
        norr,
        light,
        NORR,
        edge - SECOND,
        status="atgardad",
        changed=edge,
        published=True,
        reports=[
            (start - SECOND, "dag", "resident"),  # before the previous period: not counted
            (start, "dag", "resident"),  # first moment of the previous period
            (edge - SECOND, "natt", "resident"),  # last moment of the previous period
            (edge, "natt", "resident"),  # first moment of the period
            (edge, "dag", "walk"),
            (end - SECOND, "kvall", "resident"),  # last moment of the period
            (end, "kvall", "resident"),  # after the period: not counted
        ],
    )
    _place(soder, light, SODER, edge, published=False, reports=[(edge, "kvall", "walk")])
    _place(
        soder,
        tryggt,
        SODER,
        start - SECOND,
        status="atgardad",
        changed=edge - SECOND,
        published=True,
    )
    _place(norr, light, NORR, edge, merged_into=first, reports=[(edge, "natt", "resident")])
    db.session.commit()
    n, s, lt, tr = str(norr.id), str(soder.id), str(light.id), str(tryggt.id)

    raw = compute.build(area, Q2, with_map=False)
    now, before = raw["now"]["places"], raw["before"]["places"]
    assert now["by_time"] == {
        "all": {lt: {"natt": 1, "dag": 1, "kvall": 2}},
        "public": {lt: {"natt": 1, "dag": 1, "kvall": 1}},
    }
    assert before["by_time"] == {
        "all": {lt: {"natt": 1, "dag": 1}},
        "public": {lt: {"natt": 1, "dag": 1}},
    }
    assert now["by_row"] == {"all": {n: {lt: 3}, s: {lt: 1}}, "public": {n: {lt: 3}}}
    assert (now["observations"], before["observations"]) == (
        {"all": 4, "public": 3},
        {"all": 2, "public": 2},
    )
    assert (now["walk_observations"], before["walk_observations"]) == ({lt: 2}, {})
    assert now["new"] == {"all": {s: {lt: 1}}, "public": {}}
    assert before["new"] == {"all": {n: {lt: 1}}, "public": {n: {lt: 1}}}
    assert now["resolved"] == {"all": {n: {lt: 1}}, "public": {n: {lt: 1}}}
    assert before["resolved"] == {"all": {s: {tr: 1}}, "public": {s: {tr: 1}}}


def test_respondents_on_either_side_of_the_edges(area, norr, soder, in_request):
    def answers(where, on, count):
        return [{"area": where, "on": on, "trygghet": "ganska_otrygg"}] * count

    # straddles the period's start, lies wholly inside it, straddles its end
    add_survey(area, answers(norr, date(2025, 3, 31), 2) + answers(norr, date(2025, 4, 1), 3))
    add_survey(area, answers(soder, date(2025, 5, 5), 4))
    add_survey(area, answers(soder, date(2025, 6, 30), 1) + answers(soder, date(2025, 7, 1), 6))
    db.session.commit()

    raw = compute.build(area, Q2, with_map=False)
    now, before = raw["now"]["surveys"], raw["before"]["surveys"]
    assert now["respondents"] == {str(norr.id): 3, str(soder.id): 5}
    assert before["respondents"] == {str(norr.id): 2}
    assert [s["n"] for s in now["surveys"]] == [3, 4, 1]
    assert (now["otrygghet"]["total"]["count"], now["otrygghet"]["total"]["n"]) == (8, 8)
    assert (before["otrygghet"]["total"]["count"], before["otrygghet"]["total"]["n"]) == (2, 2)
