"""Statistics for trygghetsmätningar and medborgardialog surveys.

Pure Python (``math``, ``statistics``, ``dataclasses``); no Flask, no database. All shares are
proportions in ``[0, 1]``; differences are in proportion units (0.06 = 6 procentenheter).

Contents:

* Wilson score intervals for a share (:func:`wilson_interval`, :func:`share`).
* The NTU otrygghet indicator (:func:`otrygghet_indicator`).
* Polisen's "problem i området" measures: share answering *stort problem*
  (:func:`andel_stort_problem`), the 0–6 problem index (:func:`problem_index`,
  :func:`total_index`, :func:`index_label`).
* Before/after comparison of two independent shares with Newcombe's hybrid score interval
  (:func:`compare_shares`, :func:`describe_comparison`).
* Post-stratification weights and weighted shares using Kish's effective sample size
  (:func:`poststratify`, :func:`weighted_share`, :func:`representativeness`).
* Disclosure control for published breakdowns (:func:`suppress`, :func:`suppress_table`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist, fmean, stdev
from typing import TypeVar

Z95 = 1.959964
"""Two-sided 95 % standard normal quantile."""

PORTAL_MINIMUM_CELL = 5
"""The portal's disclosure rule: a published count must be 0 or at least this large."""

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


# --------------------------------------------------------------------------------------------
# Shares and Wilson intervals
# --------------------------------------------------------------------------------------------


def _check_z(z: float) -> None:
    if not (z > 0 and math.isfinite(z)):
        raise ValueError(f"z must be a positive finite number, got {z!r}")


def _wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """Wilson interval for proportion ``p`` observed on (possibly effective, non-integer) ``n``."""
    if n <= 0:
        return (0.0, 1.0)
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = z * math.sqrt(max(p * (1.0 - p), 0.0) / n + z2 / (4.0 * n * n)) / denom
    low = 0.0 if p <= 0.0 else max(0.0, centre - half)
    high = 1.0 if p >= 1.0 else min(1.0, centre + half)
    return (low, high)


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``successes`` out of ``n`` (95 % by default).

    ``n == 0`` carries no information and gives the whole range ``(0.0, 1.0)``; callers should
    show "för få svar" rather than an interval when ``n`` is 0 or small.

    Raises:
        ValueError: if a count is negative, ``successes > n`` or ``z`` is not positive.
    """
    _check_z(z)
    if successes < 0 or n < 0:
        raise ValueError(f"counts must be non-negative, got {successes}/{n}")
    if successes > n:
        raise ValueError(f"successes ({successes}) cannot exceed n ({n})")
    if n == 0:
        return (0.0, 1.0)
    return _wilson(successes / n, n, z)


@dataclass(frozen=True)
class Share:
    """``count`` of ``n`` valid answers, the share and its Wilson interval ``[low, high]``.

    With ``n == 0`` the share is 0.0 and the interval is ``(0.0, 1.0)``.
    """

    count: int
    n: int
    share: float
    low: float
    high: float


def share(count: int, n: int, z: float = Z95) -> Share:
    """Build a :class:`Share` with a Wilson interval (see :func:`wilson_interval`)."""
    low, high = wilson_interval(count, n, z)
    return Share(count=count, n=n, share=count / n if n else 0.0, low=low, high=high)


# --------------------------------------------------------------------------------------------
# NTU: otrygghet när man går ut ensam sent en kväll
# --------------------------------------------------------------------------------------------

TRYGGHET_ANSWERS = frozenset(
    {
        "mycket_trygg",
        "ganska_trygg",
        "ganska_otrygg",
        "mycket_otrygg",
        "gar_aldrig_ut",
        "ingen_uppfattning",
    }
)
OTRYGG_ANSWERS = frozenset({"ganska_otrygg", "mycket_otrygg"})
GAR_ALDRIG_UT_REASONS = frozenset({"otrygghet", "annat"})

TrygghetAnswer = str | None | tuple[str | None, str | None]
"""An answer code, or ``(answer, follow_up)`` where ``follow_up`` only matters for
``"gar_aldrig_ut"``."""


def _split_trygghet(item: TrygghetAnswer) -> tuple[str | None, str | None]:
    if isinstance(item, tuple):
        answer, reason = item
    else:
        answer, reason = item, None
    answer = answer or None
    if answer is not None and answer not in TRYGGHET_ANSWERS:
        raise ValueError(f"unknown trygghet answer {answer!r}")
    if reason is not None and reason not in GAR_ALDRIG_UT_REASONS:
        raise ValueError(f"unknown gar_aldrig_ut reason {reason!r}")
    return answer, reason


def otrygghet_indicator(answers: Iterable[TrygghetAnswer], z: float = Z95) -> Share:
    """NTU-style otrygghet indicator for "går ut ensam sent en kväll i ditt bostadsområde".

    Each item is an answer code or a tuple ``(answer, follow_up)``; ``follow_up`` is
    ``"otrygghet"``, ``"annat"`` or ``None`` and is read only for ``"gar_aldrig_ut"``.

    * numerator: ``"ganska_otrygg"`` + ``"mycket_otrygg"`` + ``"gar_aldrig_ut"`` because of
      ``"otrygghet"``;
    * denominator: every valid answer, i.e. all of the above plus ``"mycket_trygg"``,
      ``"ganska_trygg"`` and ``"gar_aldrig_ut"`` for another (``"annat"``) or unstated reason;
    * excluded entirely: ``"ingen_uppfattning"`` and missing answers (``None`` or ``""``).

    Never going out with no stated reason counts as valid but is not counted as otrygg.

    Raises:
        ValueError: on an unknown answer or follow-up code.
    """
    count = n = 0
    for item in answers:
        answer, reason = _split_trygghet(item)
        if answer is None or answer == "ingen_uppfattning":
            continue
        n += 1
        if answer in OTRYGG_ANSWERS or (answer == "gar_aldrig_ut" and reason == "otrygghet"):
            count += 1
    return share(count, n, z)


# --------------------------------------------------------------------------------------------
# Problem i området: andel stort problem, problemindex 0–6
# --------------------------------------------------------------------------------------------

PROBLEM_SCORES: Mapping[str, int] = {
    "mycket_stort": 6,
    "ganska_stort": 4,
    "ganska_litet": 2,
    "inget_problem": 0,
}
"""Polisen's scores on the 0–6 problem index; ``"ingen_uppfattning"`` has no score."""

PROBLEM_NO_OPINION = "ingen_uppfattning"
STORT_PROBLEM_ANSWERS = frozenset({"mycket_stort", "ganska_stort"})

INDEX_BANDS: tuple[tuple[float, str], ...] = (
    (1.0, "Närmast obefintligt problem"),
    (2.0, "Litet problem"),
    (3.0, "Visst problem"),
    (4.0, "Ganska påtagligt problem"),
    (5.0, "Påtagligt problem"),
    (math.inf, "Alarmerande påtagligt problem"),
)
"""Portal convention for verbal bands: ``(upper bound, exclusive; label)``.

0–<1, 1–<2, 2–<3, 3–<4, 4–<5 and 5–6 (inclusive)."""


def _problem_scores(answers: Iterable[str | None]) -> list[int]:
    scores: list[int] = []
    for answer in answers:
        if not answer or answer == PROBLEM_NO_OPINION:
            continue
        try:
            scores.append(PROBLEM_SCORES[answer])
        except KeyError:
            raise ValueError(f"unknown problem answer {answer!r}") from None
    return scores


def andel_stort_problem(answers: Iterable[str | None], z: float = Z95) -> Share:
    """Share answering ``"mycket_stort"`` or ``"ganska_stort"`` among valid answers.

    ``"ingen_uppfattning"`` and missing answers are excluded from the denominator.

    Raises:
        ValueError: on an unknown answer code.
    """
    scores = _problem_scores(answers)
    stort = {PROBLEM_SCORES[a] for a in STORT_PROBLEM_ANSWERS}
    return share(sum(1 for s in scores if s in stort), len(scores), z)


@dataclass(frozen=True)
class IndexResult:
    """Problem index (mean score 0–6) over ``n`` valid answers.

    ``value`` is ``None`` when ``n == 0``. ``low``/``high`` is a normal-approximation
    confidence interval (mean ± z·s/√n, clipped to 0–6), ``None`` when ``n < 2``. ``sd`` is the
    sample standard deviation (``None`` when ``n < 2``).
    """

    value: float | None
    n: int
    sd: float | None
    low: float | None
    high: float | None


def problem_index(answers: Iterable[str | None], z: float = Z95) -> IndexResult:
    """Polisen's problem index for one item: the mean of :data:`PROBLEM_SCORES`.

    ``"ingen_uppfattning"`` and missing answers are excluded. With all answers identical the
    interval collapses to a point, as the normal approximation implies.

    Raises:
        ValueError: on an unknown answer code.
    """
    _check_z(z)
    scores = _problem_scores(answers)
    n = len(scores)
    if n == 0:
        return IndexResult(value=None, n=0, sd=None, low=None, high=None)
    mean = fmean(scores)
    if n < 2:
        return IndexResult(value=mean, n=n, sd=None, low=None, high=None)
    sd = stdev(scores)
    half = z * sd / math.sqrt(n)
    low, high = max(0.0, mean - half), min(6.0, mean + half)
    return IndexResult(value=mean, n=n, sd=sd, low=low, high=high)


def total_index(item_indices: Iterable[IndexResult | float | None]) -> float | None:
    """Polisen's totalindex: the unweighted mean of the per-item indices.

    Items without a value (``None`` or an :class:`IndexResult` with ``n == 0``) are skipped;
    ``None`` is returned when no item has a value.
    """
    values = []
    for item in item_indices:
        value = item.value if isinstance(item, IndexResult) else item
        if value is not None:
            values.append(float(value))
    return fmean(values) if values else None


def index_label(value: float) -> str:
    """Verbal band for a 0–6 index value (see :data:`INDEX_BANDS`).

    The value is rounded to two decimals first, as it is displayed, so the label always
    matches the printed number.

    Raises:
        ValueError: if the value is outside 0–6 or not finite.
    """
    rounded = round(value, 2)
    if not (0.0 <= rounded <= 6.0):
        raise ValueError(f"index value must be within 0–6, got {value!r}")
    for upper, label in INDEX_BANDS:
        if rounded < upper:
            return label
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------------------------
# Before/after comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightedShare:
    """A weighted share with a Wilson interval computed on Kish's effective sample size.

    ``weighted_count``/``weighted_n`` are sums of weights, ``n`` the number of valid
    respondents and ``n_eff = (Σw)² / Σw²``.
    """

    weighted_count: float
    weighted_n: float
    n: int
    n_eff: float
    share: float
    low: float
    high: float


AnyShare = Share | WeightedShare


@dataclass(frozen=True)
class Comparison:
    """``after − before`` in proportion units, with its interval at confidence ``level``."""

    before: AnyShare
    after: AnyShare
    difference: float
    low: float
    high: float
    significant: bool
    level: float


def compare_shares(before: AnyShare, after: AnyShare, z: float = Z95) -> Comparison:
    """Compare two independent shares with Newcombe's (1998) hybrid score interval.

    The interval for ``d = p_after − p_before`` combines the two Wilson intervals::

        low  = d − √((p_after − l_after)² + (u_before − p_before)²)
        high = d + √((u_after − p_after)² + (p_before − l_before)²)

    The Wilson intervals are recomputed with ``z`` (for a :class:`WeightedShare` on its
    ``n_eff``). ``significant`` is true when the interval excludes 0.
    """
    _check_z(z)
    p0, l0, u0 = _recompute(before, z)
    p1, l1, u1 = _recompute(after, z)
    d = p1 - p0
    low = d - math.hypot(p1 - l1, u0 - p0)
    high = d + math.hypot(u1 - p1, p0 - l0)
    level = 2.0 * NormalDist().cdf(z) - 1.0
    return Comparison(
        before=before,
        after=after,
        difference=d,
        low=max(-1.0, low),
        high=min(1.0, high),
        significant=low > 0.0 or high < 0.0,
        level=level,
    )


def _recompute(s: AnyShare, z: float) -> tuple[float, float, float]:
    n = s.n_eff if isinstance(s, WeightedShare) else s.n
    low, high = _wilson(s.share, n, z)
    return s.share, low, high


def _pp(x: float, decimals: int) -> str:
    """Format ``x`` (proportion) as procentenheter, half away from zero, Swedish notation."""
    scale = 10**decimals
    magnitude = math.floor(round(abs(x) * 100 * scale, 9) + 0.5) / scale
    if magnitude == 0:
        return f"{0:.{decimals}f}".replace(".", ",")
    text = f"{magnitude:.{decimals}f}".replace(".", ",")
    return ("−" if x < 0 else "") + text


def describe_comparison(c: Comparison, decimals: int = 0, subject: str = "Andelen") -> str:
    """Plain-Swedish sentence for a :class:`Comparison`.

    Example: "Andelen har minskat med 6 procentenheter (95 % KI 2–10). Skillnaden är
    statistiskt säkerställd." The interval is given in the direction of the change, so a
    decrease of 2 to 10 procentenheter reads "2–10"; an interval spanning zero reads
    "−3 till 8".
    """
    level = f"{round(c.level * 100):d} %"
    if _pp(c.difference, decimals) == _pp(0.0, decimals):
        head = f"{subject} är i stort sett oförändrad"
        lo, hi = c.low, c.high
        interval = f"skillnad {_pp(c.difference, decimals)} procentenheter, {level} KI"
    else:
        verb = "ökat" if c.difference > 0 else "minskat"
        sign = 1.0 if c.difference > 0 else -1.0
        lo, hi = sorted((sign * c.low, sign * c.high))
        head = f"{subject} har {verb} med {_pp(abs(c.difference), decimals)} procentenheter"
        interval = f"{level} KI"
    a, b = _pp(lo, decimals), _pp(hi, decimals)
    span = f"{a} till {b}" if "−" in a + b else f"{a}–{b}"
    verdict = (
        "Skillnaden är statistiskt säkerställd."
        if c.significant
        else "Skillnaden kan bero på slumpen."
    )
    return f"{head} ({interval} {span}). {verdict}"


# --------------------------------------------------------------------------------------------
# Post-stratification weighting
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weighting:
    """Per-respondent post-stratification weights and what could not be weighted.

    ``unknown_strata``: strata among respondents with no (or zero) population count; their
    respondents get weight 1. ``uncovered_strata``: strata with population but no respondents;
    the population shares of the covered strata are renormalised to sum to 1 without them.
    ``uncovered_population_share`` is the share of the population in uncovered strata.
    """

    weights: tuple[float, ...]
    unknown_strata: frozenset[Hashable]
    uncovered_strata: frozenset[Hashable]
    uncovered_population_share: float


def _counts(items: Iterable[K]) -> dict[K, int]:
    counts: dict[K, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _check_population(population: Mapping[K, float]) -> None:
    for key, size in population.items():
        if not (size >= 0 and math.isfinite(size)):
            raise ValueError(f"population count for {key!r} must be non-negative, got {size!r}")


def poststratify(strata: Sequence[K], population: Mapping[K, float]) -> Weighting:
    """Post-stratification weights: population share / sample share per stratum.

    Respondents in strata known to the population (count > 0) are weighted so that together
    they keep their number in the sample but are distributed as the population::

        w_h = (N_h / N_covered) / (n_h / n_known)

    where ``N_covered`` sums population over strata that have respondents and ``n_known`` counts
    respondents in known strata. Respondents in unknown strata get weight 1, so the weights
    always sum to the number of respondents (mean weight 1).

    Raises:
        ValueError: on a negative or non-finite population count.
    """
    _check_population(population)
    sample = _counts(strata)
    known = {h: c for h, c in sample.items() if population.get(h, 0) > 0}
    unknown = frozenset(h for h in sample if h not in known)
    uncovered = frozenset(h for h, size in population.items() if size > 0 and h not in sample)
    pop_total = math.fsum(population.values())
    pop_covered = math.fsum(population[h] for h in known)
    n_known = sum(known.values())
    per_stratum = {h: (population[h] / pop_covered) * n_known / c for h, c in known.items()}
    return Weighting(
        weights=tuple(per_stratum.get(h, 1.0) for h in strata),
        unknown_strata=unknown,
        uncovered_strata=uncovered,
        uncovered_population_share=(pop_total - pop_covered) / pop_total if pop_total else 0.0,
    )


def weighted_share(
    flags: Sequence[bool | None], weights: Sequence[float], z: float = Z95
) -> WeightedShare:
    """Weighted share of ``True`` among respondents with a non-missing flag.

    ``None`` flags (missing answers) are left out of numerator and denominator. The interval
    is Wilson's with ``n`` replaced by Kish's effective sample size ``n_eff = (Σw)² / Σw²``
    (over valid respondents); with no valid weight the share is 0.0 and the interval (0, 1).

    Raises:
        ValueError: if lengths differ or a weight is negative or not finite.
    """
    _check_z(z)
    if len(flags) != len(weights):
        raise ValueError(f"{len(flags)} flags but {len(weights)} weights")
    if any(not (w >= 0 and math.isfinite(w)) for w in weights):
        raise ValueError("weights must be non-negative and finite")
    valid = [(bool(f), float(w)) for f, w in zip(flags, weights, strict=True) if f is not None]
    total = math.fsum(w for _, w in valid)
    hits = math.fsum(w for f, w in valid if f)
    squares = math.fsum(w * w for _, w in valid)
    n_eff = total * total / squares if squares > 0 else 0.0
    p = min(1.0, hits / total) if total > 0 else 0.0
    low, high = _wilson(p, n_eff, z)
    return WeightedShare(
        weighted_count=hits,
        weighted_n=total,
        n=len(valid),
        n_eff=n_eff,
        share=p,
        low=low,
        high=high,
    )


@dataclass(frozen=True)
class StratumComparison:
    """One row of a representativeness table: respondents vs population in a stratum."""

    stratum: Hashable
    respondents: int
    sample_share: float
    population: float
    population_share: float


def representativeness(
    strata: Iterable[K], population: Mapping[K, float]
) -> list[StratumComparison]:
    """Respondents' distribution over strata beside the population's, for a table.

    Rows follow the population's order, then strata only seen among respondents (population 0).
    Shares are of all respondents and of the whole population respectively (not renormalised).

    Raises:
        ValueError: on a negative or non-finite population count.
    """
    _check_population(population)
    sample = _counts(strata)
    n = sum(sample.values())
    pop_total = math.fsum(population.values())
    keys = list(population) + [h for h in sample if h not in population]
    return [
        StratumComparison(
            stratum=h,
            respondents=sample.get(h, 0),
            sample_share=sample.get(h, 0) / n if n else 0.0,
            population=population.get(h, 0),
            population_share=population.get(h, 0) / pop_total if pop_total else 0.0,
        )
        for h in keys
    ]


# --------------------------------------------------------------------------------------------
# Disclosure control (röjandekontroll)
# --------------------------------------------------------------------------------------------
#
# Rule: a published count is either 0 or at least ``minimum`` (portal rule: 5). Zeros are
# published: they are not primary-suppressed, and complementary suppression picks a non-zero
# cell whenever one is available. The heuristics below stop exact recovery by adding and
# subtracting published numbers (linear differencing); they do not compute protection intervals
# from non-negativity, which a full audit (e.g. tau-ARGUS) would.


def _check_minimum(minimum: int) -> None:
    if minimum < PORTAL_MINIMUM_CELL:
        raise ValueError(f"minimum must be at least {PORTAL_MINIMUM_CELL}, got {minimum}")


def _check_counts(values: Iterable[int]) -> None:
    for value in values:
        if value < 0:
            raise ValueError(f"counts must be non-negative, got {value}")


def _is_small(value: int, minimum: int) -> bool:
    return 0 < value < minimum


def suppress(
    cells: Mapping[K, int], total: int | None = None, minimum: int = PORTAL_MINIMUM_CELL
) -> dict[K, int | None]:
    """Suppress a one-way breakdown; ``None`` marks a suppressed cell.

    1. Primary: every cell with ``0 < n < minimum``. Zeros are published.
    2. If ``total`` is published (not ``None``) and ``0 < total < minimum``: every cell is
       suppressed, and the caller must withhold the total as well.
    3. Complementary: if ``total`` is published and exactly one cell is suppressed, the
       smallest other non-zero cell is suppressed too (first in key order on ties), so the
       hidden cell cannot be recovered as total minus the published cells.

    ``total`` must equal the sum of the cells: put any remainder ("uppgift saknas") in a cell
    of its own so that it is protected too. With ``total >= minimum`` a non-zero complement
    always exists, so zeros are never suppressed unless the total is small.

    Raises:
        ValueError: if ``minimum < 5``, a count is negative, or ``total`` is not the sum.
    """
    _check_minimum(minimum)
    _check_counts(cells.values())
    if total is not None:
        _check_counts([total])
        if total != sum(cells.values()):
            raise ValueError(f"total {total} is not the sum of the cells")
        if _is_small(total, minimum):
            return dict.fromkeys(cells)
    hidden = {k for k, v in cells.items() if _is_small(v, minimum)}
    if total is not None and len(hidden) == 1:
        order = {k: i for i, k in enumerate(cells)}
        candidates = [k for k in cells if k not in hidden]
        if candidates:
            hidden.add(min(candidates, key=lambda k: (cells[k] == 0, cells[k], order[k])))
    return {k: None if k in hidden else v for k, v in cells.items()}


class _Margin:
    """Sentinel for the total row/column in the extended table."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "TOTAL"


_TOTAL = _Margin()


@dataclass(frozen=True)
class SuppressedTable:
    """A two-way table after suppression; ``None`` marks a suppressed value.

    ``cells[row][col]`` has every row and every column (missing input cells are 0);
    ``row_totals``, ``col_totals`` and ``grand_total`` are the margins to publish.
    """

    cells: dict[Hashable, dict[Hashable, int | None]]
    row_totals: dict[Hashable, int | None]
    col_totals: dict[Hashable, int | None]
    grand_total: int | None


def suppress_table(
    rows: Mapping[R, Mapping[C, int]], minimum: int = PORTAL_MINIMUM_CELL
) -> SuppressedTable:
    """Suppress a two-way table published with row totals, column totals and grand total.

    The table is extended with its margins into an (R+1)×(C+1) grid in which every row and
    every column satisfies "sum of the entries = its total"; each such line is a linear
    constraint an outsider can use.

    1. Primary: every cell and margin with ``0 < n < minimum``. A row or column whose total is
       ``0 < n < minimum`` is suppressed entirely (cells and total); a grand total
       ``0 < n < minimum`` suppresses everything. Zeros are otherwise published.
    2. Complementary, repeated until stable: any line with exactly one suppressed entry gets a
       second one — the smallest non-zero cell in that line, preferring a cell whose crossing
       line also has exactly one suppressed entry; a zero cell only if no non-zero cell is
       left, and a margin only as a last resort.
    3. Linked-pattern check: a suppressed entry that lies on no cycle of suppressed entries
       (a bridge between two blocks) can still be recovered by adding and subtracting whole
       rows and columns, so a further cell is suppressed to close a cycle through it.

    After this, no suppressed value is determined by the published numbers through linear
    combinations of the row and column equations.

    Raises:
        ValueError: if ``minimum < 5`` or a count is negative.
    """
    _check_minimum(minimum)
    row_keys: list[Hashable] = list(rows)
    col_keys: list[Hashable] = []
    for row in rows.values():
        _check_counts(row.values())
        col_keys.extend(c for c in row if c not in col_keys)
    grid = _extended_grid(rows, row_keys, col_keys)
    hidden = _primary(grid, row_keys, col_keys, minimum)
    _protect(grid, [*row_keys, _TOTAL], [*col_keys, _TOTAL], hidden)
    out = {k: (None if k in hidden else v) for k, v in grid.items()}
    return SuppressedTable(
        cells={r: {c: out[(r, c)] for c in col_keys} for r in row_keys},
        row_totals={r: out[(r, _TOTAL)] for r in row_keys},
        col_totals={c: out[(_TOTAL, c)] for c in col_keys},
        grand_total=out[(_TOTAL, _TOTAL)],
    )


Entry = tuple[Hashable, Hashable]


def _extended_grid(
    rows: Mapping[R, Mapping[C, int]], row_keys: list[Hashable], col_keys: list[Hashable]
) -> dict[Entry, int]:
    grid: dict[Entry, int] = {}
    for r in row_keys:
        for c in col_keys:
            grid[(r, c)] = rows[r].get(c, 0)
        grid[(r, _TOTAL)] = sum(grid[(r, c)] for c in col_keys)
    for c in col_keys:
        grid[(_TOTAL, c)] = sum(grid[(r, c)] for r in row_keys)
    grid[(_TOTAL, _TOTAL)] = sum(grid[(r, _TOTAL)] for r in row_keys)
    return grid


def _primary(
    grid: dict[Entry, int], row_keys: list[Hashable], col_keys: list[Hashable], minimum: int
) -> set[Entry]:
    if _is_small(grid[(_TOTAL, _TOTAL)], minimum):
        return set(grid)
    hidden = {e for e, v in grid.items() if _is_small(v, minimum)}
    for r in row_keys:
        if _is_small(grid[(r, _TOTAL)], minimum):
            hidden.update((r, c) for c in [*col_keys, _TOTAL])
    for c in col_keys:
        if _is_small(grid[(_TOTAL, c)], minimum):
            hidden.update((r, c) for r in [*row_keys, _TOTAL])
    return hidden


def _protect(
    grid: dict[Entry, int], rs: list[Hashable], cs: list[Hashable], hidden: set[Entry]
) -> None:
    """Add complementary suppressions to ``hidden`` in place (steps 2 and 3)."""
    order = {e: i for i, e in enumerate(grid)}
    row_lines = {r: [(r, c) for c in cs] for r in rs}
    col_lines = {c: [(r, c) for r in rs] for c in cs}

    def n_hidden(line: list[Entry]) -> int:
        return sum(1 for e in line if e in hidden)

    def cost(e: Entry, crossing: list[Entry] | None) -> tuple[bool, bool, bool, int, int]:
        relieves = crossing is not None and n_hidden(crossing) == 1
        return (_TOTAL in e, grid[e] == 0, not relieves, grid[e], order[e])

    while True:
        pick = _complement(row_lines, col_lines, hidden, cost)
        if pick is None:
            bridge = _find_bridge(hidden, order)
            if bridge is None:
                return
            pick = _close_cycle(bridge, hidden, rs, cs, lambda e: cost(e, None))
        hidden.add(pick)


def _complement(
    row_lines: dict[Hashable, list[Entry]],
    col_lines: dict[Hashable, list[Entry]],
    hidden: set[Entry],
    cost: Callable[[Entry, list[Entry] | None], tuple[bool, bool, bool, int, int]],
) -> Entry | None:
    """Second suppression for the first line with exactly one, or ``None`` if there is none."""
    for is_row, lines in ((True, row_lines), (False, col_lines)):
        for line in lines.values():
            if sum(1 for e in line if e in hidden) != 1:
                continue
            candidates = [e for e in line if e not in hidden]
            if not candidates:  # a one-entry line; cannot occur with published margins
                continue
            return min(
                candidates,
                key=lambda e: cost(e, col_lines[e[1]] if is_row else row_lines[e[0]]),
            )
    return None


Vertex = tuple[bool, Hashable]
"""``(True, row)`` or ``(False, col)``: a line of the extended grid as a graph vertex."""


def _component(start: Vertex, edges: Iterable[Entry]) -> set[Vertex]:
    """Vertices reachable from ``start`` when suppressed entries are edges row–column."""
    adjacency: dict[Vertex, list[Vertex]] = {}
    for r, c in edges:
        adjacency.setdefault((True, r), []).append((False, c))
        adjacency.setdefault((False, c), []).append((True, r))
    seen = {start}
    stack = [start]
    while stack:
        for nxt in adjacency.get(stack.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _find_bridge(hidden: set[Entry], order: Mapping[Entry, int]) -> Entry | None:
    """A suppressed entry on no cycle of suppressed entries (so it is recoverable), if any."""
    for e in sorted(hidden, key=order.__getitem__):
        if (False, e[1]) not in _component((True, e[0]), hidden - {e}):
            return e
    return None


def _close_cycle(
    bridge: Entry,
    hidden: set[Entry],
    rs: list[Hashable],
    cs: list[Hashable],
    cost: Callable[[Entry], tuple[bool, bool, bool, int, int]],
) -> Entry:
    """Cheapest published entry linking the bridge's column side back to its row side."""
    rest = hidden - {bridge}
    row_side = _component((True, bridge[0]), rest)
    col_side = _component((False, bridge[1]), rest)
    candidates = [
        (r, c)
        for r in rs
        for c in cs
        if (True, r) in col_side and (False, c) in row_side and (r, c) not in hidden
    ]
    return min(candidates, key=cost)


# --------------------------------------------------------------------------------------------
# From counts: the same measures computed from SQL aggregates (answer → count)
# --------------------------------------------------------------------------------------------
#
# The portal counts answers in the database (GROUP BY) instead of loading every response; these
# functions give exactly what their per-answer twins above give for the expanded answers.


def _check_count_map(counts: Mapping[K, int]) -> None:
    _check_counts(counts.values())


def otrygghet_from_counts(
    answers: Mapping[str, int], reasons: Mapping[str, int] | None = None, z: float = Z95
) -> Share:
    """:func:`otrygghet_indicator` from answer counts.

    ``answers`` counts the trygghet answers by code; ``reasons`` counts the follow-up answers
    (``"otrygghet"``/``"annat"``) given by respondents who answered ``"gar_aldrig_ut"``.

    Raises:
        ValueError: on an unknown code, a negative count, or more reasons than
            ``"gar_aldrig_ut"`` answers.
    """
    reasons = reasons or {}
    _check_count_map(answers)
    _check_count_map(reasons)
    for code in answers:
        if code not in TRYGGHET_ANSWERS:
            raise ValueError(f"unknown trygghet answer {code!r}")
    for code in reasons:
        if code not in GAR_ALDRIG_UT_REASONS:
            raise ValueError(f"unknown gar_aldrig_ut reason {code!r}")
    if sum(reasons.values()) > answers.get("gar_aldrig_ut", 0):
        raise ValueError("more follow-up answers than 'gar_aldrig_ut' answers")
    n = sum(c for code, c in answers.items() if code != "ingen_uppfattning")
    count = sum(answers.get(code, 0) for code in OTRYGG_ANSWERS) + reasons.get("otrygghet", 0)
    return share(count, n, z)


def _problem_counts(counts: Mapping[str, int]) -> dict[str, int]:
    _check_count_map(counts)
    scored = {}
    for code, c in counts.items():
        if code == PROBLEM_NO_OPINION:
            continue
        if code not in PROBLEM_SCORES:
            raise ValueError(f"unknown problem answer {code!r}")
        scored[code] = c
    return scored


def andel_stort_problem_from_counts(counts: Mapping[str, int], z: float = Z95) -> Share:
    """:func:`andel_stort_problem` from answer counts by code."""
    scored = _problem_counts(counts)
    return share(
        sum(scored.get(code, 0) for code in STORT_PROBLEM_ANSWERS), sum(scored.values()), z
    )


def problem_index_from_counts(counts: Mapping[str, int], z: float = Z95) -> IndexResult:
    """:func:`problem_index` from answer counts by code (mean and sample sd from the counts)."""
    _check_z(z)
    scored = _problem_counts(counts)
    n = sum(scored.values())
    if n == 0:
        return IndexResult(value=None, n=0, sd=None, low=None, high=None)
    mean = math.fsum(PROBLEM_SCORES[code] * c for code, c in scored.items()) / n
    if n < 2:
        return IndexResult(value=mean, n=n, sd=None, low=None, high=None)
    squares = math.fsum(c * (PROBLEM_SCORES[code] - mean) ** 2 for code, c in scored.items())
    sd = math.sqrt(squares / (n - 1))
    half = z * sd / math.sqrt(n)
    return IndexResult(
        value=mean, n=n, sd=sd, low=max(0.0, mean - half), high=min(6.0, mean + half)
    )


def poststratify_counts(sample: Mapping[K, int], population: Mapping[K, float]) -> dict[K, float]:
    """The per-stratum weights :func:`poststratify` gives, from respondent counts per stratum.

    Strata with no (or zero) population get weight 1, as in :func:`poststratify`.

    Raises:
        ValueError: on a negative count or a negative or non-finite population count.
    """
    _check_population(population)
    _check_count_map(sample)
    known = {h: c for h, c in sample.items() if c > 0 and population.get(h, 0) > 0}
    pop_covered = math.fsum(population[h] for h in known)
    n_known = sum(known.values())
    return {
        h: (population[h] / pop_covered) * n_known / known[h] if h in known else 1.0 for h in sample
    }


def weighted_share_from_counts(
    hits: Mapping[K, int],
    valid: Mapping[K, int],
    weights: Mapping[K, float],
    z: float = Z95,
) -> WeightedShare:
    """:func:`weighted_share` from counts per stratum.

    ``valid[h]`` respondents in stratum ``h`` answered, ``hits[h]`` of them with the flag set;
    every respondent in ``h`` has weight ``weights[h]`` (1 when missing).

    Raises:
        ValueError: on a negative count, ``hits > valid``, or a negative or non-finite weight.
    """
    _check_z(z)
    _check_count_map(hits)
    _check_count_map(valid)
    for h, c in hits.items():
        if c > valid.get(h, 0):
            raise ValueError(f"more hits than valid answers in stratum {h!r}")
    pairs = [(valid[h], float(weights.get(h, 1.0)), hits.get(h, 0)) for h in valid]
    if any(not (w >= 0 and math.isfinite(w)) for _n, w, _c in pairs):
        raise ValueError("weights must be non-negative and finite")
    total = math.fsum(n * w for n, w, _c in pairs)
    hit = math.fsum(c * w for _n, w, c in pairs)
    squares = math.fsum(n * w * w for n, w, _c in pairs)
    n_eff = total * total / squares if squares > 0 else 0.0
    p = min(1.0, hit / total) if total > 0 else 0.0
    low, high = _wilson(p, n_eff, z)
    return WeightedShare(
        weighted_count=hit,
        weighted_n=total,
        n=sum(n for n, _w, _c in pairs),
        n_eff=n_eff,
        share=p,
        low=low,
        high=high,
    )
