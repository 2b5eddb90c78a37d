"""Trends against the previous equal period, and the developments going the wrong way. Pure.

A count's change is scored as ``(current − previous) / √(current + previous)``: roughly how many
standard deviations the change is when both counts are Poisson, so 0 → 4 and 40 → 55 weigh
about the same and a jump from 0 to 1 does not top the list. A share's change is scored with
Newcombe's interval from :mod:`portal.dialog.stats` (difference divided by its standard error).
A score of 1.96 or more is unlikely to be chance alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from portal.dialog.stats import Z95, compare_shares, share

UP, DOWN, SAME = "upp", "ned", "oforandrad"
ARROWS = {UP: "↑", DOWN: "↓", SAME: "→"}
SIGNIFICANT = Z95


@dataclass(frozen=True)
class Trend:
    """``current`` against ``previous``; ``percent`` is None when ``previous`` is 0."""

    current: float
    previous: float
    difference: float
    direction: str
    percent: float | None

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]

    def as_dict(self) -> dict[str, Any]:
        # by hand, not dataclasses.asdict: a lägesbild has thousands of trends, asdict deep-copies
        return {
            "current": self.current,
            "previous": self.previous,
            "difference": self.difference,
            "direction": self.direction,
            "percent": self.percent,
            "arrow": self.arrow,
        }


def trend(current: float | None, previous: float | None, *, tolerance: float = 0.0) -> Trend | None:
    """The change from ``previous`` to ``current``; None when either is unknown (suppressed).

    A difference within ``tolerance`` counts as unchanged (use e.g. 0.005 for an index).
    """
    if current is None or previous is None:
        return None
    difference = current - previous
    direction = SAME if abs(difference) <= tolerance else UP if difference > 0 else DOWN
    percent = (difference / previous * 100.0) if previous else None
    return Trend(current, previous, difference, direction, percent)


def count_score(current: int, previous: int) -> float:
    """How unusual the change between two counts is (0 when both are 0)."""
    total = current + previous
    return 0.0 if total == 0 else (current - previous) / math.sqrt(total)


def share_score(count: int, n: int, previous_count: int, previous_n: int) -> float:
    """Difference of two shares over its standard error (from Newcombe's 95 % interval)."""
    if n == 0 or previous_n == 0:
        return 0.0
    comparison = compare_shares(share(previous_count, previous_n), share(count, n))
    width = comparison.high - comparison.low
    if width <= 0:
        return 0.0
    return comparison.difference / (width / (2 * Z95))


def index_score(
    value: float | None,
    sd: float | None,
    n: int,
    previous: float | None,
    previous_sd: float | None,
    previous_n: int,
) -> float:
    """Difference of two mean indices over its standard error (Welch)."""
    if value is None or previous is None or n < 2 or previous_n < 2:
        return 0.0
    variance = (sd or 0.0) ** 2 / n + (previous_sd or 0.0) ** 2 / previous_n
    if variance <= 0:
        return 0.0
    return (value - previous) / math.sqrt(variance)


@dataclass(frozen=True)
class Change:
    """One development: ``score`` > 0 means it went the wrong way (already signed)."""

    source: str
    label: str
    current: float
    previous: float
    unit: str  # "antal", "andel" or "index"
    score: float
    link: dict[str, Any] | None = None

    @property
    def likely_real(self) -> bool:
        return self.score >= SIGNIFICANT

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "likely_real": self.likely_real}


def wrong_way(changes: Iterable[Change], limit: int) -> list[Change]:
    """The ``limit`` changes that went most clearly the wrong way (largest score first)."""
    worse = [c for c in changes if c.score > 0]
    return sorted(worse, key=lambda c: (-c.score, c.source, c.label))[:limit]


def signed(score: float, increase_is_bad: bool = True) -> float:
    """Turn a score into "positive = wrong way"."""
    return score if increase_is_bad else -score
