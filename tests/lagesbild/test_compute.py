"""The lägesbild computed from hand-made surveys, places and EST reports."""

from datetime import date

import pytest

from portal.extensions import db
from portal.lagesbild import compute, periods, present
from tests.lagesbild.conftest import NORR, SODER, add_answers, add_place, add_survey, est_report

Q2 = periods.parse("2025-k2")  # 1 April – 30 June 2025; previous: Q1


@pytest.fixture
def world(area, norr, soder, checklist, place_cats, in_request):
    klotter, brander = checklist["klotter"], checklist["brander"]
    est_report(norr, "Fritidsgården", date(2025, 4, 7), {klotter: "omfattande", brander: "ingen"})
    est_report(
        norr, "Fritidsgården", date(2025, 4, 14), {klotter: "enstaka", brander: "aterkommande"}
    )
    est_report(
        soder,
        "Bostadsbolaget",
        date(2025, 5, 5),
        {klotter: "enstaka"},
        notes={"klotter": "Hemlig anteckning"},
    )
    est_report(norr, "Fritidsgården", date(2025, 2, 3), {klotter: "enstaka"})  # Q1
    est_report(norr, "Fritidsgården", date(2025, 7, 7), {klotter: "omfattande"})  # Q3: not counted
    light, tryggt = place_cats["belysning"], place_cats["tryggt"]
    add_place(norr, light, NORR, date(2025, 4, 20), time_of_day="natt", observations=3)
    add_place(norr, light, NORR, date(2025, 5, 2), time_of_day="kvall", published=False)
    add_place(soder, tryggt, SODER, date(2025, 6, 1), time_of_day="dag", status="atgardad")
    add_place(soder, light, SODER, date(2025, 6, 2), status="avvisad")  # rejected: never counted
    add_place(norr, light, NORR, date(2025, 2, 1), time_of_day="natt")  # Q1
    add_place(norr, light, NORR, date(2025, 4, 3), source="walk", time_of_day="kvall")
    answers = [
        {
            "area": norr,
            "on": date(2025, 5, 1),
            "trygghet": "ganska_otrygg",
            "problem_klotter": "mycket_stort",
        }
    ] * 3
    answers += [
        {
            "area": norr,
            "on": date(2025, 5, 2),
            "trygghet": "mycket_trygg",
            "problem_klotter": "inget_problem",
        }
    ] * 5
    answers += [
        {"area": norr, "on": date(2025, 5, 3), "trygghet": "gar_aldrig_ut", "orsak": "otrygghet"}
    ]
    answers += [
        {
            "area": soder,
            "on": date(2025, 5, 3),
            "trygghet": "ganska_trygg",
            "problem_belysning": "ganska_stort",
        }
    ] * 2
    add_survey(area, answers)
    add_survey(
        area,
        [{"area": norr, "on": date(2025, 3, 1), "trygghet": "mycket_otrygg"}] * 4
        + [{"area": norr, "on": date(2025, 5, 20), "trygghet": "mycket_otrygg"}],
    )
    db.session.commit()
    return {
        "norr": str(norr.id),
        "soder": str(soder.id),
        "klotter": str(klotter.id),
        "brander": str(brander.id),
        "light": str(light.id),
        "tryggt": str(tryggt.id),
    }


def test_est_counts_signals_per_row_and_category(area, world):
    raw = compute.build(area, Q2)
    table = raw["now"]["est"]["table"]
    assert table[world["norr"]][world["klotter"]] == {"n": 2, "severe": 1, "entries": 2}
    assert table[world["norr"]][world["brander"]] == {"n": 1, "severe": 1, "entries": 2}
    assert table[world["soder"]][world["klotter"]]["n"] == 1
    assert raw["before"]["est"]["table"][world["norr"]][world["klotter"]]["n"] == 1
    assert (raw["now"]["est"]["reports"], raw["now"]["est"]["organisations"]) == (3, 2)
    view = present.internal(raw)
    assert (
        view["est"]["table"]["cells"][world["norr"]][world["klotter"]]["trend"]["difference"] == 1
    )


def test_places_by_category_time_and_audience(area, world):
    raw = compute.build(area, Q2)
    places = raw["now"]["places"]
    assert places["by_time"]["all"][world["light"]] == {"natt": 3, "kvall": 2}
    assert places["by_time"]["public"][world["light"]] == {"natt": 3, "kvall": 1}
    assert places["observations"] == {"all": 6, "public": 5}
    assert places["walk_observations"] == {world["light"]: 1}
    new = places["new"]["all"]
    assert new[world["norr"]][world["light"]] == 3 and new[world["soder"]][world["tryggt"]] == 1
    assert places["resolved"]["all"] == {world["soder"]: {world["tryggt"]: 1}}
    assert raw["before"]["places"]["by_time"]["all"][world["light"]] == {"natt": 1}


def test_survey_indicators_from_answers_in_the_period(area, world):
    raw = compute.build(area, Q2)
    surveys = raw["now"]["surveys"]
    assert surveys["n"] == 12  # 9 + 2 from the first survey, 1 from the second in May
    norr = surveys["otrygghet"]["rows"][world["norr"]]
    # 3 ganska otrygg + 1 går aldrig ut (otrygghet) + 1 mycket otrygg, of 10 valid
    assert (norr["count"], norr["n"]) == (5, 10)
    assert surveys["otrygghet"]["rows"][world["soder"]]["share"] == 0
    index = {i["key"]: i for i in surveys["items"]}
    assert index["problem_klotter"]["index"]["value"] == pytest.approx(18 / 8)
    assert index["problem_klotter"]["stort"]["count"] == 3
    assert surveys["problemindex"]["rows"][world["soder"]]["value"] == 4.0
    assert raw["before"]["surveys"]["otrygghet"]["total"]["n"] == 4


def test_walks_say_plainly_what_is_missing(area, world):
    raw = compute.build(area, Q2)
    assert raw["now"]["walks"]["walk_observations"] == 1
    assert "available" in raw["now"]["walks"]


def test_the_public_view_has_no_small_numbers_and_no_notes(area, world):
    raw = compute.build(area, Q2)
    public = present.public(raw, 5)
    text = str(public)
    assert "Hemlig anteckning" not in text and "Hemlig anteckning" not in str(raw)
    table = public["est"]["table"]
    for row in table["cells"].values():
        for cell in row.values():
            assert cell["n"] is None or cell["n"] == 0 or cell["n"] >= 5
    soder = public["surveys"]["table"]["otrygghet"][world["soder"]]["now"]
    assert soder == {"n": None, "withheld": True}
    assert public["provenance"][1]["observations"] == 5  # published places only


def test_walks_and_their_protocol_points_are_counted(area, norr, place_cats, in_request):
    from datetime import UTC, datetime, timedelta

    from portal.walks.models import Walk, WalkPoint

    def walk(code, when, cancelled=False):
        start = datetime(when.year, when.month, when.day, 19, tzinfo=UTC)
        found = Walk(
            area=norr,
            title=f"Vandring {code}",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            meeting_point="Torget",
            join_code=code,
            pin_opens_at=start,
            pin_closes_at=start + timedelta(hours=3),
            cancelled=cancelled,
        )
        db.session.add(found)
        db.session.flush()
        return found

    held = walk("AAA111", date(2025, 5, 12))
    walk("BBB222", date(2025, 5, 19), cancelled=True)
    walk("CCC333", date(2025, 2, 3))
    light = place_cats["belysning"]
    for status, priority in (("atgardad", "hog"), ("planerad", "hog"), ("ny", None)):
        place = add_place(norr, light, NORR, date(2025, 5, 12), status=status, source="walk")
        db.session.add(
            WalkPoint(walk_id=held.id, place_id=place.id, number=place.id, priority=priority)
        )
    db.session.commit()
    raw = compute.build(area, Q2)
    walks = raw["now"]["walks"]
    assert walks["available"] and not walks["after_walk_reports"]
    assert (walks["walks"], walks["by_row"]) == (1, {str(norr.id): 1})
    assert walks["points_by_status"] == {"atgardad": 1, "planerad": 1, "ny": 1}
    assert walks["points_by_priority"] == {"hog": 2, "ingen": 1}
    assert walks["walk_observations"] == 3
    assert raw["before"]["walks"]["walks"] == 1
    public = present.public(raw, 5)
    assert public["walks"]["points_by_status"] == {"atgardad": None, "planerad": None, "ny": None}


def test_the_survey_day_tally_follows_new_and_deleted_responses(area, norr, in_request):
    from portal.dialog.models import Response
    from portal.lagesbild.models import SurveyMark

    survey = add_survey(
        area, [{"area": norr, "on": date(2025, 5, 1), "trygghet": "mycket_otrygg"}] * 6
    )
    db.session.commit()

    def share():
        return compute.build(area, Q2)["now"]["surveys"]["otrygghet"]["total"]

    assert (share()["count"], share()["n"]) == (6, 6)
    # more answers to the same survey: counted incrementally
    add_answers(survey, [{"area": norr, "on": date(2025, 5, 2), "trygghet": "mycket_trygg"}] * 4)
    assert (share()["count"], share()["n"]) == (6, 10)
    mark = db.session.get(SurveyMark, survey.id)
    assert mark.responses == 10
    # gallring deletes responses: the survey is counted again from scratch
    for response in db.session.scalars(
        db.select(Response).where(Response.survey_id == survey.id).limit(3)
    ):
        db.session.delete(response)
    db.session.flush()
    assert (share()["count"], share()["n"]) == (3, 7)
    assert db.session.get(SurveyMark, survey.id).responses == 7
