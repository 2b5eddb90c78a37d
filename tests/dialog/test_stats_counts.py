"""The from-counts statistics give exactly what their per-answer twins give."""

from __future__ import annotations

from collections import Counter
from itertools import chain, repeat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.dialog import stats

trygghet_codes = st.sampled_from(sorted(stats.TRYGGHET_ANSWERS))
problem_codes = st.sampled_from([*stats.PROBLEM_SCORES, stats.PROBLEM_NO_OPINION])


@given(
    st.lists(st.tuples(trygghet_codes, st.sampled_from(["otrygghet", "annat", None])), max_size=80)
)
def test_otrygghet_from_counts_matches_per_answer(items):
    answers = [(a, r if a == "gar_aldrig_ut" else None) for a, r in items]
    expected = stats.otrygghet_indicator(answers)
    counts = Counter(a for a, _r in answers)
    reasons = Counter(r for a, r in answers if a == "gar_aldrig_ut" and r)
    assert stats.otrygghet_from_counts(counts, reasons) == expected


def test_otrygghet_from_counts_rejects_impossible_counts():
    with pytest.raises(ValueError):
        stats.otrygghet_from_counts({"mycket_trygg": 3}, {"otrygghet": 1})
    with pytest.raises(ValueError):
        stats.otrygghet_from_counts({"okand": 1})


@given(st.lists(problem_codes, max_size=80))
def test_problem_measures_from_counts_match_per_answer(answers):
    counts = Counter(answers)
    assert stats.andel_stort_problem_from_counts(counts) == stats.andel_stort_problem(answers)
    expected = stats.problem_index(answers)
    got = stats.problem_index_from_counts(counts)
    assert got.n == expected.n
    for name in ("value", "sd", "low", "high"):
        a, b = getattr(got, name), getattr(expected, name)
        assert (a is None and b is None) or a == pytest.approx(b, abs=1e-9)


def test_problem_index_from_counts_hand_computed():
    # scores 6, 4, 4, 0: mean 3.5; sd = sqrt((6.25 + .25 + .25 + 12.25) / 3) = 2.5166
    result = stats.problem_index_from_counts(
        {"mycket_stort": 1, "ganska_stort": 2, "inget_problem": 1, "ingen_uppfattning": 5}
    )
    assert result.n == 4 and result.value == pytest.approx(3.5)
    assert result.sd == pytest.approx(2.516611, abs=1e-6)


strata = st.sampled_from([("16-24", "kvinna"), ("16-24", "man"), ("65-84", "kvinna"), (None, None)])


@settings(max_examples=60)
@given(
    st.lists(st.tuples(strata, st.one_of(st.none(), st.booleans())), min_size=1, max_size=60),
    st.dictionaries(strata, st.integers(0, 5000), min_size=1),
)
def test_weighting_from_counts_matches_per_respondent(rows, population):
    respondents = [h for h, _flag in rows]
    weighting = stats.poststratify(respondents, population)
    weights = stats.poststratify_counts(Counter(respondents), population)
    for h, w in zip(respondents, weighting.weights, strict=True):
        assert weights[h] == pytest.approx(w)
    expected = stats.weighted_share([f for _h, f in rows], list(weighting.weights))
    hits = Counter(h for h, f in rows if f)
    valid = Counter(h for h, f in rows if f is not None)
    got = stats.weighted_share_from_counts(hits, valid, weights)
    assert got.n == expected.n
    for name in ("weighted_count", "weighted_n", "n_eff", "share", "low", "high"):
        assert getattr(got, name) == pytest.approx(getattr(expected, name), abs=1e-9)


def test_representativeness_from_expanded_counts():
    sample = {("16-24", "kvinna"): 2, ("65-84", "man"): 6}
    rows = stats.representativeness(
        chain.from_iterable(repeat(h, c) for h, c in sample.items()),
        {("16-24", "kvinna"): 100.0, ("65-84", "man"): 300.0},
    )
    assert [(r.respondents, r.sample_share, r.population_share) for r in rows] == [
        (2, 0.25, 0.25),
        (6, 0.75, 0.75),
    ]
