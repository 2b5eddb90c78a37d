"""Tests for portal.dialog.stats: hand-computed fixtures plus hypothesis properties."""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:
    from portal.dialog import stats
except ModuleNotFoundError:  # the repo root is not always on sys.path under bare `pytest`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from portal.dialog import stats

Z = 1.959964
Z2 = Z * Z  # 3.841459


# --------------------------------------------------------------------------------------------
# Wilson
# --------------------------------------------------------------------------------------------


def test_wilson_10_of_100() -> None:
    # p = .1, n = 100: denom = 1 + 3.841459/100 = 1.0384146
    # centre = (.1 + .0192073) / 1.0384146 = .1146768
    # half = 1.959964 * sqrt(.0009 + .0000960365) / 1.0384146 = .0572439
    low, high = stats.wilson_interval(10, 100)
    assert low == pytest.approx(0.0552, abs=1e-4)
    assert high == pytest.approx(0.1744, abs=1e-4)


def test_wilson_4_of_10() -> None:
    # denom = 1.3841459; centre = (.4 + .1920730) / 1.3841459 = .4277596
    # half = 1.959964 * sqrt(.024 + .0096036) / 1.3841459 = .2595783
    assert stats.wilson_interval(4, 10) == pytest.approx((0.1682, 0.6873), abs=1e-4)


def test_wilson_extremes_are_exact() -> None:
    # 0/20: low is exactly 0; high = z²/n / (1 + z²/n) = .1920730 / 1.1920730 = .1611251
    low, high = stats.wilson_interval(0, 20)
    assert low == 0.0
    assert high == pytest.approx(0.16113, abs=1e-5)
    low, high = stats.wilson_interval(20, 20)
    assert high == 1.0
    assert low == pytest.approx(1 - 0.16113, abs=1e-5)


def test_wilson_n_zero_is_whole_range() -> None:
    assert stats.wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("successes", "n"), [(-1, 5), (3, -1), (6, 5)])
def test_wilson_rejects_bad_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError):
        stats.wilson_interval(successes, n)


def test_wilson_rejects_bad_z() -> None:
    with pytest.raises(ValueError):
        stats.wilson_interval(1, 5, z=0)


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_point_estimate(case: tuple[int, int]) -> None:
    successes, n = case
    low, high = stats.wilson_interval(successes, n)
    assert 0.0 <= low <= high <= 1.0
    if n:
        assert low <= successes / n <= high
        assert high - low < 1.0


def test_share_helper() -> None:
    s = stats.share(10, 100)
    assert (s.count, s.n, s.share) == (10, 100, 0.1)
    assert (s.low, s.high) == pytest.approx((0.0552, 0.1744), abs=1e-4)
    empty = stats.share(0, 0)
    assert (empty.share, empty.low, empty.high) == (0.0, 0.0, 1.0)


# --------------------------------------------------------------------------------------------
# NTU otrygghet indicator
# --------------------------------------------------------------------------------------------


def test_otrygghet_indicator_splits_gar_aldrig_ut_by_reason() -> None:
    answers = [
        *["mycket_trygg"] * 3,
        *["ganska_trygg"] * 2,
        *["ganska_otrygg"] * 2,
        "mycket_otrygg",
        ("gar_aldrig_ut", "otrygghet"),  # numerator and denominator
        ("gar_aldrig_ut", "annat"),  # denominator only
        "ingen_uppfattning",  # excluded
        None,  # excluded
        "",  # excluded (blank form field)
    ]
    # valid = 3 + 2 + 2 + 1 + 1 + 1 = 10; otrygga = 2 + 1 + 1 = 4
    result = stats.otrygghet_indicator(answers)
    assert (result.count, result.n) == (4, 10)
    assert result.share == pytest.approx(0.4)
    assert (result.low, result.high) == pytest.approx((0.1682, 0.6873), abs=1e-4)


def test_otrygghet_gar_aldrig_ut_without_reason_is_valid_but_not_otrygg() -> None:
    result = stats.otrygghet_indicator(["gar_aldrig_ut", ("gar_aldrig_ut", None), "ganska_otrygg"])
    assert (result.count, result.n) == (1, 3)


def test_otrygghet_reason_ignored_for_other_answers() -> None:
    result = stats.otrygghet_indicator([("mycket_trygg", "otrygghet"), ("ingen_uppfattning", None)])
    assert (result.count, result.n) == (0, 1)


@pytest.mark.parametrize("bad", ["trygg", ("gar_aldrig_ut", "rädsla")])
def test_otrygghet_rejects_unknown_codes(bad: object) -> None:
    with pytest.raises(ValueError):
        stats.otrygghet_indicator([bad])  # type: ignore[list-item]


def test_otrygghet_empty() -> None:
    result = stats.otrygghet_indicator(["ingen_uppfattning", None])
    assert (result.count, result.n, result.low, result.high) == (0, 0, 0.0, 1.0)


# --------------------------------------------------------------------------------------------
# Problem i området
# --------------------------------------------------------------------------------------------

PROBLEM_FIXTURE = [
    "mycket_stort",
    "ganska_stort",
    "ganska_litet",
    "inget_problem",
    "ingen_uppfattning",
    None,
]


def test_score_mapping_constant() -> None:
    assert dict(stats.PROBLEM_SCORES) == {
        "mycket_stort": 6,
        "ganska_stort": 4,
        "ganska_litet": 2,
        "inget_problem": 0,
    }


def test_andel_stort_problem() -> None:
    result = stats.andel_stort_problem(PROBLEM_FIXTURE)
    # valid: 4 (ingen uppfattning and missing excluded); stort: mycket + ganska = 2
    assert (result.count, result.n, result.share) == (2, 4, 0.5)


def test_problem_index_small_list() -> None:
    # scores 6, 4, 2, 0 -> mean 3; s² = (9 + 1 + 1 + 9) / 3 = 6.6667, s = 2.581989
    # half = 1.959964 * 2.581989 / sqrt(4) = 2.530303
    result = stats.problem_index(PROBLEM_FIXTURE)
    assert result.n == 4
    assert result.value == pytest.approx(3.0)
    assert result.sd == pytest.approx(2.581989, abs=1e-6)
    assert result.low == pytest.approx(0.469697, abs=1e-6)
    assert result.high == pytest.approx(5.530303, abs=1e-6)


def test_problem_index_interval_clipped_to_scale() -> None:
    # scores 6, 6, 6, 4 -> mean 5.5; s² = (3 * .25 + 2.25) / 3 = 1; half = 1.959964 / 2 = .979982
    result = stats.problem_index(["mycket_stort"] * 3 + ["ganska_stort"])
    assert result.value == pytest.approx(5.5)
    assert result.low == pytest.approx(4.520018, abs=1e-6)
    assert result.high == 6.0


def test_problem_index_small_n() -> None:
    one = stats.problem_index(["ganska_litet", "ingen_uppfattning"])
    assert (one.value, one.n, one.sd, one.low, one.high) == (2.0, 1, None, None, None)
    none = stats.problem_index(["ingen_uppfattning"])
    assert (none.value, none.n, none.low) == (None, 0, None)


def test_problem_rejects_unknown_code() -> None:
    with pytest.raises(ValueError):
        stats.problem_index(["stort"])
    with pytest.raises(ValueError):
        stats.andel_stort_problem(["mycket_litet"])


def test_total_index_is_mean_of_item_indices() -> None:
    items = [
        stats.problem_index(PROBLEM_FIXTURE),  # 3.0
        stats.problem_index(["mycket_stort"] * 3 + ["ganska_stort"]),  # 5.5
        stats.problem_index([]),  # no value: skipped
        None,
        1.0,
    ]
    # (3 + 5.5 + 1) / 3 = 3.1667
    assert stats.total_index(items) == pytest.approx(9.5 / 3)
    assert stats.total_index([None, stats.problem_index([])]) is None


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "Närmast obefintligt problem"),
        (0.994, "Närmast obefintligt problem"),
        (0.996, "Litet problem"),  # shown as 1,00
        (1.5, "Litet problem"),
        (2.0, "Visst problem"),
        (3.99, "Ganska påtagligt problem"),
        (4.0, "Påtagligt problem"),
        (5.0, "Alarmerande påtagligt problem"),
        (6.0, "Alarmerande påtagligt problem"),
    ],
)
def test_index_label_bands(value: float, label: str) -> None:
    assert stats.index_label(value) == label


@pytest.mark.parametrize("value", [-0.01, 6.01, math.nan, math.inf])
def test_index_label_out_of_range(value: float) -> None:
    with pytest.raises(ValueError):
        stats.index_label(value)


# --------------------------------------------------------------------------------------------
# Before/after comparison (Newcombe)
# --------------------------------------------------------------------------------------------


def test_newcombe_1998_example() -> None:
    # Newcombe (1998), example (a): 56/70 vs 48/80, difference .2000, 95 % CI .0524 to .3339.
    c = stats.compare_shares(before=stats.share(48, 80), after=stats.share(56, 70))
    assert c.difference == pytest.approx(0.2)
    assert c.low == pytest.approx(0.0524, abs=1e-4)
    assert c.high == pytest.approx(0.3339, abs=1e-4)
    assert c.significant is True
    assert c.level == pytest.approx(0.95)


def test_newcombe_is_antisymmetric() -> None:
    c = stats.compare_shares(before=stats.share(56, 70), after=stats.share(48, 80))
    assert c.difference == pytest.approx(-0.2)
    assert (c.low, c.high) == pytest.approx((-0.3339, -0.0524), abs=1e-4)


@pytest.mark.parametrize(
    ("after", "before", "expected", "significant"),
    [
        # Newcombe (1998) Table II, method 10, examples (b)-(e)
        ((9, 10), (3, 10), (0.1705, 0.8090), True),
        ((6, 7), (2, 7), (0.0582, 0.8062), True),
        ((5, 56), (0, 29), (-0.0381, 0.1926), False),
        ((0, 10), (0, 20), (-0.1611, 0.2775), False),
    ],
)
def test_newcombe_more_textbook_examples(
    after: tuple[int, int],
    before: tuple[int, int],
    expected: tuple[float, float],
    significant: bool,
) -> None:
    c = stats.compare_shares(before=stats.share(*before), after=stats.share(*after))
    assert (c.low, c.high) == pytest.approx(expected, abs=1e-4)
    assert c.significant is significant


@given(
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)
def test_newcombe_interval_contains_difference(a: tuple[int, int], b: tuple[int, int]) -> None:
    c = stats.compare_shares(stats.share(*a), stats.share(*b))
    assert -1.0 <= c.low <= c.difference <= c.high <= 1.0
    assert c.significant == (c.low > 0 or c.high < 0)


def test_describe_decrease_significant() -> None:
    # 300/1000 -> 240/1000: d = -.06; Wilson .2724-.3291 and .2146-.2675
    # low = -.06 - sqrt(.0254² + .0291²) = -.0986, high = -.06 + sqrt(.0275² + .0276²) = -.0210
    c = stats.compare_shares(stats.share(300, 1000), stats.share(240, 1000))
    assert (c.low, c.high) == pytest.approx((-0.0986, -0.0210), abs=1e-3)
    assert stats.describe_comparison(c) == (
        "Andelen har minskat med 6 procentenheter (95 % KI 2–10). "
        "Skillnaden är statistiskt säkerställd."
    )


def test_describe_increase_and_chance() -> None:
    c = stats.compare_shares(stats.share(48, 80), stats.share(56, 70))
    assert stats.describe_comparison(c) == (
        "Andelen har ökat med 20 procentenheter (95 % KI 5–33). "
        "Skillnaden är statistiskt säkerställd."
    )
    c = stats.compare_shares(stats.share(30, 100), stats.share(24, 100))
    text = stats.describe_comparison(c, subject="Andelen otrygga")
    assert text.startswith("Andelen otrygga har minskat med 6 procentenheter (95 % KI −")
    assert " till " in text
    assert text.endswith("Skillnaden kan bero på slumpen.")


def test_describe_unchanged_and_decimals() -> None:
    c = stats.compare_shares(stats.share(50, 100), stats.share(50, 100))
    text = stats.describe_comparison(c)
    assert text.startswith("Andelen är i stort sett oförändrad (skillnad 0 procentenheter")
    assert text.endswith("Skillnaden kan bero på slumpen.")
    c = stats.compare_shares(stats.share(48, 80), stats.share(56, 70))
    assert "ökat med 20,0 procentenheter (95 % KI 5,2–33,4)" in stats.describe_comparison(
        c, decimals=1
    )


# --------------------------------------------------------------------------------------------
# Post-stratification
# --------------------------------------------------------------------------------------------

POPULATION = {"ung": 600, "äldre": 400}
STRATA = ["ung"] * 2 + ["äldre"] * 8


def test_poststratify_two_strata() -> None:
    # sample shares .2 / .8, population shares .6 / .4 -> w_ung = .6/.2 = 3, w_äldre = .4/.8 = .5
    w = stats.poststratify(STRATA, POPULATION)
    assert w.weights == pytest.approx((3, 3, *([0.5] * 8)))
    assert sum(w.weights) == pytest.approx(10)
    assert w.unknown_strata == frozenset()
    assert w.uncovered_strata == frozenset()
    assert w.uncovered_population_share == 0.0


def test_weighted_share_two_strata() -> None:
    weights = stats.poststratify(STRATA, POPULATION).weights
    flags = [True, True, True, True] + [False] * 6
    # weighted yes = 3 + 3 + .5 + .5 = 7 of 10 -> .7
    # n_eff = 10² / (2 * 9 + 8 * .25) = 100 / 20 = 5
    # Wilson(.7, 5): denom = 1.7682918; centre = (.7 + .3841459) / 1.7682918 = .6131033
    # half = 1.959964 * sqrt(.042 + .0384146) / 1.7682918 = .3143190
    ws = stats.weighted_share(flags, weights)
    assert ws.share == pytest.approx(0.7)
    assert ws.weighted_count == pytest.approx(7)
    assert ws.weighted_n == pytest.approx(10)
    assert ws.n == 10
    assert ws.n_eff == pytest.approx(5)
    assert (ws.low, ws.high) == pytest.approx((0.2988, 0.9274), abs=1e-4)


def test_weighted_share_skips_missing_and_validates() -> None:
    ws = stats.weighted_share([True, None, False], [2.0, 100.0, 2.0])
    assert (ws.share, ws.n, ws.n_eff) == pytest.approx((0.5, 2, 2.0))
    with pytest.raises(ValueError):
        stats.weighted_share([True], [1.0, 1.0])
    with pytest.raises(ValueError):
        stats.weighted_share([True], [-1.0])
    empty = stats.weighted_share([None], [1.0])
    assert (empty.share, empty.low, empty.high, empty.n_eff) == (0.0, 0.0, 1.0, 0.0)


def test_poststratify_unknown_and_uncovered_strata() -> None:
    population = {**POPULATION, "saknas": 1000, "tom": 0}
    strata = [*STRATA, "okänd", "tom"]
    w = stats.poststratify(strata, population)
    # covered population 1000 (ung + äldre) renormalised to .6 / .4 over the 10 known respondents
    assert w.weights == pytest.approx((3, 3, *([0.5] * 8), 1, 1))
    assert w.unknown_strata == frozenset({"okänd", "tom"})
    assert w.uncovered_strata == frozenset({"saknas"})
    assert w.uncovered_population_share == pytest.approx(0.5)
    with pytest.raises(ValueError):
        stats.poststratify(strata, {"ung": -1})


def test_representativeness_table() -> None:
    rows = stats.representativeness([*STRATA, "okänd"], {**POPULATION, "saknas": 0})
    assert [(r.stratum, r.respondents, r.population) for r in rows] == [
        ("ung", 2, 600),
        ("äldre", 8, 400),
        ("saknas", 0, 0),
        ("okänd", 1, 0),
    ]
    assert [r.sample_share for r in rows] == pytest.approx([2 / 11, 8 / 11, 0, 1 / 11])
    assert [r.population_share for r in rows] == pytest.approx([0.6, 0.4, 0, 0])


@given(
    st.lists(st.sampled_from("abcd"), min_size=1, max_size=60),
    st.dictionaries(st.sampled_from("abcde"), st.integers(0, 1000), min_size=1),
)
def test_poststratify_properties(strata: list[str], population: dict[str, int]) -> None:
    w = stats.poststratify(strata, population)
    assert len(w.weights) == len(strata)
    assert math.fsum(w.weights) == pytest.approx(len(strata))
    known = [h for h in set(strata) if population.get(h, 0) > 0]
    covered = sum(population[h] for h in known)
    weight_known = math.fsum(wt for h, wt in zip(strata, w.weights, strict=True) if h in known)
    for h in known:  # weighted sample reproduces the population distribution
        weight_h = math.fsum(wt for g, wt in zip(strata, w.weights, strict=True) if g == h)
        assert weight_h / weight_known == pytest.approx(population[h] / covered)
    assert w.unknown_strata == {h for h in strata if h not in known}


@given(st.lists(st.booleans(), min_size=1, max_size=80))
def test_unit_weights_give_plain_wilson(flags: list[bool]) -> None:
    ws = stats.weighted_share(flags, [1.0] * len(flags))
    plain = stats.share(sum(flags), len(flags))
    assert ws.n_eff == pytest.approx(len(flags))
    assert (ws.share, ws.low, ws.high) == pytest.approx((plain.share, plain.low, plain.high))


# --------------------------------------------------------------------------------------------
# Disclosure control
# --------------------------------------------------------------------------------------------


def test_suppress_primary_and_complementary() -> None:
    # a = 3 is primary; with total 20 published, c (7, the smallest other non-zero) goes too
    assert stats.suppress({"a": 3, "b": 10, "c": 7}, total=20) == {"a": None, "b": 10, "c": None}


def test_suppress_without_total_only_primary() -> None:
    assert stats.suppress({"a": 3, "b": 10, "c": 7}) == {"a": None, "b": 10, "c": 7}


def test_suppress_publishes_zeros_and_prefers_non_zero_complement() -> None:
    assert stats.suppress({"a": 0, "b": 12, "c": 8}, total=20) == {"a": 0, "b": 12, "c": 8}
    assert stats.suppress({"a": 2, "b": 0, "c": 9}, total=11) == {"a": None, "b": 0, "c": None}


def test_suppress_small_total_hides_everything() -> None:
    assert stats.suppress({"a": 3, "b": 0}, total=3) == {"a": None, "b": None}
    assert stats.suppress({"a": 0, "b": 0}, total=0) == {"a": 0, "b": 0}


def test_suppress_tie_break_and_custom_minimum() -> None:
    assert stats.suppress({"a": 3, "b": 6, "c": 6}, total=15) == {"a": None, "b": None, "c": 6}
    assert stats.suppress({"a": 7, "b": 20}, total=27, minimum=10) == {"a": None, "b": None}
    assert stats.suppress({"a": 3, "b": 10}, total=13) == {"a": None, "b": None}


def test_suppress_validation() -> None:
    with pytest.raises(ValueError):
        stats.suppress({"a": 10}, total=10, minimum=4)
    with pytest.raises(ValueError):
        stats.suppress({"a": -1, "b": 10})
    with pytest.raises(ValueError):  # a remainder must be passed as a cell of its own
        stats.suppress({"a": 6, "b": 10}, total=20)
    with pytest.raises(ValueError):
        stats.suppress({"a": 6, "b": 10}, total=15)
    with pytest.raises(ValueError):
        stats.suppress_table({"r": {"a": 10}}, minimum=3)


def _determined(unknowns: list[object], equations: list[dict[object, int]]) -> set[object]:
    """Unknowns fixed by the linear equations (coefficients only; right-hand sides are known).

    x is determined iff its unit vector lies in the row space of the coefficient matrix, i.e.
    appending it does not raise the rank. Exact arithmetic with Fractions.
    """

    def rank(rows: list[list[Fraction]]) -> int:
        rows = [r[:] for r in rows]
        rank_, width = 0, len(unknowns)
        for col in range(width):
            pivot = next((i for i in range(rank_, len(rows)) if rows[i][col] != 0), None)
            if pivot is None:
                continue
            rows[rank_], rows[pivot] = rows[pivot], rows[rank_]
            for i in range(len(rows)):
                if i != rank_ and rows[i][col] != 0:
                    factor = rows[i][col] / rows[rank_][col]
                    rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank_], strict=True)]
            rank_ += 1
        return rank_

    matrix = [[Fraction(eq.get(u, 0)) for u in unknowns] for eq in equations]
    base = rank(matrix)
    return {
        u
        for i, u in enumerate(unknowns)
        if rank([*matrix, [Fraction(int(j == i)) for j in range(len(unknowns))]]) == base
    }


def _table_equations(result: stats.SuppressedTable) -> tuple[list[object], list[dict]]:
    """Unknowns and equations an outsider gets from a published table with all margins."""
    rows, cols = list(result.cells), list(result.col_totals)
    grid: dict[tuple[object, object], int | None] = {}
    for r in rows:
        for c in cols:
            grid[(r, c)] = result.cells[r][c]
        grid[(r, "TOTAL")] = result.row_totals[r]
    for c in cols:
        grid[("TOTAL", c)] = result.col_totals[c]
    grid[("TOTAL", "TOTAL")] = result.grand_total
    unknowns: list[object] = [k for k, v in grid.items() if v is None]
    equations: list[dict] = []
    for r in [*rows, "TOTAL"]:  # Σ cells − total = 0
        eq = {(r, c): 1 for c in cols if grid[(r, c)] is None}
        if grid[(r, "TOTAL")] is None:
            eq[(r, "TOTAL")] = -1
        equations.append(eq)
    for c in [*cols, "TOTAL"]:
        eq = {(r, c): 1 for r in rows if grid[(r, c)] is None}
        if grid[("TOTAL", c)] is None:
            eq[("TOTAL", c)] = -1
        equations.append(eq)
    return unknowns, equations


def test_determinacy_checker_catches_single_hidden_cell() -> None:
    # Sanity check of the test oracle itself: one hidden cell in a row with its total is known.
    assert _determined(["a"], [{"a": 1}]) == {"a"}
    assert _determined(["a", "b"], [{"a": 1, "b": 1}]) == set()


def test_suppress_table_worked_example() -> None:
    table = {"x": {"a": 3, "b": 10, "c": 7}, "y": {"a": 8, "b": 9, "c": 12}}
    # x.a primary; row x -> x.c (7); column a -> y.a (8); column c -> y.c (12)
    result = stats.suppress_table(table)
    assert result.cells == {
        "x": {"a": None, "b": 10, "c": None},
        "y": {"a": None, "b": 9, "c": None},
    }
    assert result.row_totals == {"x": 20, "y": 29}
    assert result.col_totals == {"a": 11, "b": 19, "c": 19}
    assert result.grand_total == 49


def test_suppress_table_small_margins() -> None:
    # column a total 3 -> whole column hidden incl. its total; row x must then get a second one
    result = stats.suppress_table({"x": {"a": 2, "b": 10}, "y": {"a": 1, "b": 20}})
    assert result.col_totals == {"a": None, "b": None}  # 33 − b would reveal a
    assert result.cells == {"x": {"a": None, "b": None}, "y": {"a": None, "b": None}}
    assert result.grand_total == 33
    everything = stats.suppress_table({"x": {"a": 2, "b": 1}})
    assert everything.cells == {"x": {"a": None, "b": None}}
    assert everything.grand_total is None


def test_suppress_table_missing_cells_are_zero() -> None:
    result = stats.suppress_table({"x": {"a": 10}, "y": {"b": 12}})
    assert result.cells == {"x": {"a": 10, "b": 0}, "y": {"a": 0, "b": 12}}


def test_suppress_table_closes_linked_blocks() -> None:
    # Two 2×2 blocks of small cells joined by one small cell (r2, c3). Every row and column has
    # 0 or >= 2 hidden cells, yet (r2, c3) = hidden(rows r1, r2) − hidden(columns c1, c2).
    big = 20
    table = {
        "r1": {"c1": 1, "c2": 2, "c3": big, "c4": big},
        "r2": {"c1": 3, "c2": 4, "c3": 2, "c4": big},
        "r3": {"c1": big, "c2": big, "c3": 1, "c4": 2},
        "r4": {"c1": big, "c2": 6, "c3": 3, "c4": 4},
    }
    primary = {(r, c) for r, row in table.items() for c, v in row.items() if 0 < v < 5}
    unknowns = sorted(primary)
    equations = [{(r, c): 1 for (r, c) in primary if r == key} for key in table] + [
        {(r, c): 1 for (r, c) in primary if c == key} for key in table["r1"]
    ]
    assert _determined(unknowns, equations) == {("r2", "c3")}  # the naive pattern leaks

    result = stats.suppress_table(table)
    hidden = {(r, c) for r, row in result.cells.items() for c, v in row.items() if v is None}
    assert hidden == primary | {("r4", "c2")}  # cheapest cell closing a cycle through it
    assert _determined(*_table_equations(result)) == set()


def _check_1d(cells: dict[str, int], total: int | None, minimum: int) -> None:
    out = stats.suppress(cells, total, minimum)
    assert out.keys() == cells.keys()
    hidden = [k for k, v in out.items() if v is None]
    for k, v in out.items():
        if v is not None:
            assert v == cells[k]
            assert v == 0 or v >= minimum
        else:
            assert cells[k] > 0 or (total is not None and 0 < total < minimum)
    for k, v in cells.items():
        if 0 < v < minimum:
            assert out[k] is None
    if total is None:
        assert set(hidden) == {k for k, v in cells.items() if 0 < v < minimum}
    elif 0 < total < minimum:
        assert len(hidden) == len(cells)  # total withheld too
    else:
        assert len(hidden) != 1
        assert _determined(hidden, [dict.fromkeys(hidden, 1)]) == set()


small_counts = st.one_of(st.integers(0, 12), st.integers(0, 60))


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefg"), small_counts, min_size=1, max_size=7),
    st.booleans(),
    st.sampled_from([5, 10]),
)
def test_suppress_1d_property(cells: dict[str, int], with_total: bool, minimum: int) -> None:
    _check_1d(cells, sum(cells.values()) if with_total else None, minimum)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n_rows: st.integers(1, 4).flatmap(
            lambda n_cols: st.lists(
                st.lists(small_counts, min_size=n_cols, max_size=n_cols),
                min_size=n_rows,
                max_size=n_rows,
            )
        )
    ),
    st.sampled_from([5, 7]),
)
def test_suppress_2d_property(values: list[list[int]], minimum: int) -> None:
    table = {f"r{i}": {f"c{j}": v for j, v in enumerate(row)} for i, row in enumerate(values)}
    result = stats.suppress_table(table, minimum)
    grand = sum(map(sum, values))

    # published numbers are true, and 0 or >= minimum
    for r, row in table.items():
        for c, v in row.items():
            published = result.cells[r][c]
            if 0 < v < minimum:
                assert published is None
            if published is not None:
                assert published == v
                assert published == 0 or published >= minimum
    for r, row in table.items():
        total = sum(row.values())
        assert result.row_totals[r] in (None, total)
        if 0 < total < minimum:
            assert all(v is None for v in result.cells[r].values())
    for c in result.col_totals:
        total = sum(row[c] for row in table.values())
        assert result.col_totals[c] in (None, total)
    assert result.grand_total in (None, grand)
    if 0 < grand < minimum:
        assert result.grand_total is None

    # no row or column, with its margin, has exactly one hidden value
    for r in table:
        line = [*result.cells[r].values(), result.row_totals[r]]
        assert sum(v is None for v in line) != 1
    for c in result.col_totals:
        line = [*(result.cells[r][c] for r in table), result.col_totals[c]]
        assert sum(v is None for v in line) != 1

    # and no hidden value follows from any linear combination of the published margins
    assert _determined(*_table_equations(result)) == set()
