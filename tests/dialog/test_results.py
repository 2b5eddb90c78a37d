"""Staff results: counted in SQL, equal to the statistics on the raw answers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.dialog import compare, results, stats, tally, vocab
from portal.extensions import db
from tests.dialog.helpers import make_survey, question, store

POPULATION = {
    "total": 1000,
    "by_age_gender": {
        "16-24": {"kvinna": 100, "man": 100},
        "25-44": {"kvinna": 200, "man": 200},
        "65-84": {"kvinna": 200, "man": 200},
    },
}

respondent = st.fixed_dictionaries(
    {
        "trygghet": st.sampled_from([*sorted(stats.TRYGGHET_ANSWERS), None]),
        "reason": st.sampled_from(["otrygghet", "annat", None]),
        "home": st.sampled_from([0, 1, None]),
        "alder": st.sampled_from(["16-24", "25-44", "65-84", None]),
        "kon": st.sampled_from(["kvinna", "man", None]),
        "klotter": st.sampled_from([*stats.PROBLEM_SCORES, "ingen_uppfattning", None]),
    }
)


def _store_all(survey, people):
    children = survey.area.children
    raw = []
    for p in people:
        answers = {}
        reason = p["reason"] if p["trygghet"] == "gar_aldrig_ut" else None
        if p["trygghet"]:
            answers["trygghet"] = p["trygghet"]
        if reason:
            answers["trygghet_orsak"] = reason
        if p["home"] is not None:
            answers["bostadsomrade"] = str(children[p["home"]].id)
        for key in ("alder", "kon"):
            if p[key]:
                answers[key] = p[key]
        if p["klotter"]:
            answers["problem_klotter"] = p["klotter"]
        store(survey, answers)
        raw.append((p, reason))
    return raw


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(respondent, max_size=25))
def test_indicators_from_sql_equal_the_statistics_on_raw_answers(area, in_request, people):
    area.population = POPULATION
    survey = make_survey(area)
    raw = _store_all(survey, people)
    t = results.tally(survey)
    indicator = results.otrygghet(t, "sv")
    expected = stats.otrygghet_indicator([(p["trygghet"], r) for p, r in raw])
    assert indicator.overall == expected
    # per area: respondents with no home area are "Område ej angivet"
    for index, child in enumerate(area.children):
        in_area = [(p["trygghet"], r) for p, r in raw if p["home"] == index]
        got = dict(indicator.groups["omrade"]).get(child.name)
        assert got == stats.otrygghet_indicator(in_area)
    # weighted, by age band × gender of the area's population
    if indicator.weighted is not None:
        strata = [(p["alder"], p["kon"]) for p, _r in raw]
        population = {
            (age, gender): float(n)
            for age, genders in POPULATION["by_age_gender"].items()
            for gender, n in genders.items()
        }
        weights = stats.poststratify(strata, population).weights
        flags = [
            None
            if p["trygghet"] in (None, "ingen_uppfattning")
            else (p["trygghet"] in stats.OTRYGG_ANSWERS or r == "otrygghet")
            for p, r in raw
        ]
        want = stats.weighted_share(flags, list(weights))
        assert abs(indicator.weighted.share - want.share) < 1e-12
        assert abs(indicator.weighted.n_eff - want.n_eff) < 1e-9
    # problem item: andel stort problem and problem index
    table = results.problems(t, "sv")
    klotter = next(i for i in table.items if i.question.key == "problem_klotter")
    answers = [p["klotter"] for p, _r in raw]
    assert klotter.andel == stats.andel_stort_problem(answers)
    assert klotter.index.n == stats.problem_index(answers).n
    db.session.rollback()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(respondent, max_size=20),
    st.lists(st.sets(st.sampled_from(["belysning", "unga", "trafik"])), max_size=6),
)
def test_running_tally_equals_a_recount_of_the_answers(area, people, choices):
    survey = make_survey(area)
    _store_all(survey, people)
    dialog = make_survey(area, "medborgardialog")
    for chosen in choices:
        store(dialog, {"storsta_problem": "trafik", "prioritera": sorted(chosen)})
    for s in (survey, dialog):
        assert tally.counts(s) == tally.recount(s)
        kept = tally.counts(s)
        tally.rebuild(s)
        assert tally.counts(s) == kept
    db.session.rollback()


def test_question_result_counts_shares_and_groups(area, in_request):
    survey = make_survey(area)
    norr, soder = area.children
    for home, answer, age in [
        (norr, "mycket_trygg", "16-24"),
        (norr, "ganska_otrygg", "16-24"),
        (soder, "ganska_otrygg", "65-84"),
        (None, "mycket_otrygg", None),
    ]:
        answers = {"trygghet": answer}
        if home:
            answers["bostadsomrade"] = str(home.id)
        if age:
            answers["alder"] = age
        store(survey, answers)
    t = results.tally(survey)
    result = results.question_result(t, question(survey, "trygghet"), "sv", "omrade")
    assert result.n == 4
    assert result.shares["ganska_otrygg"].count == 2
    assert result.shares["ganska_otrygg"].share == 0.5
    low, high = stats.wilson_interval(2, 4)
    assert (result.shares["ganska_otrygg"].low, result.shares["ganska_otrygg"].high) == (low, high)
    groups = {g.label: g for g in result.groups}
    assert groups["Norr"].n == 2 and groups["Norr"].shares["mycket_trygg"].share == 0.5
    assert groups["Söder"].n == 1
    assert groups["Område ej angivet"].n == 1
    by_age = {
        g.label: g.n
        for g in results.question_result(t, question(survey, "trygghet"), "sv", "alder").groups
    }
    assert by_age["16–24 år"] == 2 and by_age["Ej angivet"] == 1


def test_multiple_choice_share_is_of_respondents(area, in_request):
    survey = make_survey(area, "medborgardialog")
    store(survey, {"storsta_problem": "trafik", "prioritera": ["belysning", "unga"]})
    store(survey, {"storsta_problem": "trafik", "prioritera": ["belysning"]})
    store(survey, {"storsta_problem": "trafik"})
    t = results.tally(survey)
    result = results.question_result(t, question(survey, "prioritera"), "sv")
    assert result.n == 2
    assert result.shares["belysning"].share == 1.0 and result.shares["unga"].share == 0.5


def test_representativeness_against_population(area, in_request):
    area.population = POPULATION
    survey = make_survey(area)
    for age, gender in [("16-24", "kvinna")] * 3 + [("65-84", "man")]:
        store(survey, {"trygghet": "ganska_trygg", "alder": age, "kon": gender})
    rows = dict(results.representativeness(results.tally(survey), "sv"))
    row = rows["16–24 år, Kvinna"]
    assert (row.respondents, row.sample_share, row.population_share) == (3, 0.75, 0.1)


def test_before_after_says_in_plain_words_what_changed(app, area):
    before, after = make_survey(area, state=vocab.STANGD), make_survey(area)
    for survey, otrygga in ((before, 60), (after, 30)):
        for number in range(100):
            store(survey, {"trygghet": "ganska_otrygg" if number < otrygga else "ganska_trygg"})
    comparison = compare.compare_indicator(before, after)
    assert comparison.difference == -0.3 or abs(comparison.difference + 0.3) < 1e-12
    assert comparison.significant
    with app.test_request_context():
        rows = compare.compare(before, after, "sv")
        sentence = rows[0].sentence
    assert rows[0].label == "Andel otrygga"
    assert sentence.startswith("Andelen otrygga har minskat med 30 procentenheter")
    assert "statistiskt säkerställd" in sentence


def test_small_before_after_difference_may_be_chance(app, area):
    before, after = make_survey(area, state=vocab.STANGD), make_survey(area)
    for survey, otrygga in ((before, 5), (after, 4)):
        for number in range(12):
            store(survey, {"trygghet": "ganska_otrygg" if number < otrygga else "ganska_trygg"})
    with app.test_request_context():
        row = compare.compare(before, after, "sv")[0]
    assert not row.comparison.significant
    assert "kan bero på slumpen" in row.sentence


def test_results_page_for_staff(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area)
    for answer in ("ganska_otrygg", "mycket_trygg", "gar_aldrig_ut"):
        store(survey, {"trygghet": answer, "problem_klotter": "mycket_stort"})
    db.session.commit()
    page = client.get(f"/hantera/enkater/{survey.id}/resultat?per=kon")
    assert page.status_code == 200
    assert "Andel otrygga" in page.text and "Totalindex" in page.text
    assert "Problem i området" in page.text
    assert client.get(f"/hantera/enkater/{survey.id}/resultat?per=x&jamfor=abc").status_code == 200
